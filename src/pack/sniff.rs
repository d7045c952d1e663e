//! What a file really is, from its first bytes, whatever its extension says.

use serde::Serialize;

/// A file type recognised from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    /// PDF (`%PDF-` within the first 1024 bytes, as readers accept it).
    Pdf,
    /// JPEG / JFIF / EXIF.
    Jpeg,
    /// PNG.
    Png,
    /// TIFF, either byte order, classic or BigTIFF.
    Tiff,
    /// HEIC/HEIF: what iPhones save by default; few portals take it.
    Heic,
    /// AVIF.
    Avif,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
    /// Windows bitmap.
    Bmp,
    /// Word (OOXML) document.
    Docx,
    /// Excel (OOXML) workbook.
    Xlsx,
    /// PowerPoint (OOXML) presentation.
    Pptx,
    /// OpenDocument file (LibreOffice).
    Odf,
    /// Another ZIP archive.
    Zip,
    /// Legacy Office (OLE2 compound file: .doc, .xls).
    Ole,
    /// Rich text.
    Rtf,
    /// Plain text (UTF-8 without control characters).
    Text,
    /// Anything else.
    Unknown,
}

impl FileType {
    /// Human name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Jpeg => "JPEG image",
            FileType::Png => "PNG image",
            FileType::Tiff => "TIFF image",
            FileType::Heic => "HEIC/HEIF image",
            FileType::Avif => "AVIF image",
            FileType::Webp => "WebP image",
            FileType::Gif => "GIF image",
            FileType::Bmp => "BMP image",
            FileType::Docx => "Word document (DOCX)",
            FileType::Xlsx => "Excel workbook (XLSX)",
            FileType::Pptx => "PowerPoint file (PPTX)",
            FileType::Odf => "OpenDocument file",
            FileType::Zip => "ZIP archive",
            FileType::Ole => "legacy Office file (DOC/XLS)",
            FileType::Rtf => "RTF document",
            FileType::Text => "plain text file",
            FileType::Unknown => "file of unknown type",
        }
    }

    /// Whether a pack may hold this type.
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            FileType::Pdf | FileType::Jpeg | FileType::Png | FileType::Tiff
        )
    }

    /// Whether `ext` (lowercase, no dot) is a correct extension for this type.
    pub fn matches_extension(self, ext: &str) -> bool {
        match self {
            FileType::Pdf => ext == "pdf",
            FileType::Jpeg => matches!(ext, "jpg" | "jpeg" | "jpe" | "jfif"),
            FileType::Png => ext == "png",
            FileType::Tiff => matches!(ext, "tif" | "tiff"),
            FileType::Heic => matches!(ext, "heic" | "heif" | "hif"),
            FileType::Avif => ext == "avif",
            FileType::Webp => ext == "webp",
            FileType::Gif => ext == "gif",
            FileType::Bmp => ext == "bmp",
            FileType::Docx => ext == "docx",
            FileType::Xlsx => ext == "xlsx",
            FileType::Pptx => ext == "pptx",
            FileType::Odf => matches!(ext, "odt" | "ods" | "odp" | "odg"),
            FileType::Zip => ext == "zip",
            FileType::Ole => matches!(ext, "doc" | "xls" | "ppt" | "msg"),
            FileType::Rtf => ext == "rtf",
            FileType::Text => matches!(ext, "txt" | "md" | "csv"),
            FileType::Unknown => false,
        }
    }
}

/// How many leading bytes `sniff` wants to see.
pub const SNIFF_LEN: usize = 4096;

/// Recognises a file from its first bytes (pass at least `SNIFF_LEN` when the file has them).
pub fn sniff(head: &[u8]) -> FileType {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return FileType::Jpeg;
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return FileType::Png;
    }
    if head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || head.starts_with(b"II+\0")
        || head.starts_with(b"MM\0+")
    {
        return FileType::Tiff;
    }
    // PDF readers accept the header anywhere in the first 1024 bytes (some producers
    // and mail gateways prepend junk), so look there, not only at offset 0.
    if find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return FileType::Pdf;
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return iso_bmff(head);
    }
    if head.starts_with(b"RIFF") && head.len() >= 12 && &head[8..12] == b"WEBP" {
        return FileType::Webp;
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return FileType::Gif;
    }
    if head.starts_with(b"BM") && head.len() >= 26 {
        return FileType::Bmp;
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip(head);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return FileType::Ole;
    }
    if head.starts_with(b"{\\rtf") {
        return FileType::Rtf;
    }
    if looks_like_text(head) {
        return FileType::Text;
    }
    FileType::Unknown
}

fn iso_bmff(head: &[u8]) -> FileType {
    // Major brand at 8..12, compatible brands after the minor version, up to the box size.
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = size.clamp(16, head.len().max(16)).min(head.len());
    let mut brands = vec![&head[8..12]];
    let mut i = 16;
    while i + 4 <= end {
        brands.push(&head[i..i + 4]);
        i += 4;
    }
    let has = |b: &[u8]| brands.contains(&b);
    if has(b"avif") || has(b"avis") {
        FileType::Avif
    } else if [
        "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1",
    ]
    .iter()
    .any(|b| has(b.as_bytes()))
    {
        FileType::Heic
    } else {
        FileType::Unknown
    }
}

fn zip(head: &[u8]) -> FileType {
    // OOXML and ODF name their first entries predictably; the first local headers
    // usually fall inside the sniffed bytes.
    if find(head, b"mimetypeapplication/vnd.oasis.opendocument").is_some() {
        FileType::Odf
    } else if find(head, b"word/").is_some() {
        FileType::Docx
    } else if find(head, b"xl/").is_some() {
        FileType::Xlsx
    } else if find(head, b"ppt/").is_some() {
        FileType::Pptx
    } else {
        FileType::Zip
    }
}

fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    // A multi-byte character may be cut at the end of the sniffed window.
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !valid.is_empty()
        && valid
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_types() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3"), FileType::Pdf);
        assert_eq!(sniff(b"\r\n\r\n%PDF-1.4"), FileType::Pdf);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), FileType::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), FileType::Png);
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), FileType::Tiff);
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), FileType::Tiff);
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), FileType::Heic);
        assert_eq!(
            sniff(b"\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf"),
            FileType::Avif
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypisom\0\0\0\0isomavc1"),
            FileType::Unknown
        );
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xmlPK\x03\x04word/document.xml"),
            FileType::Docx
        );
        assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0"), FileType::Zip);
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), FileType::Gif);
        assert_eq!(sniff(b"hello, world\n"), FileType::Text);
        assert_eq!(
            sniff(&[0x00, 0x05, 0x16, 0x07, 0x00, 0x02]),
            FileType::Unknown
        );
        assert_eq!(sniff(b""), FileType::Unknown);
    }

    #[test]
    fn text_cut_inside_a_character_is_still_text() {
        let s = "Приглашение".as_bytes();
        assert_eq!(sniff(&s[..s.len() - 1]), FileType::Text);
    }

    #[test]
    fn extensions_match_types() {
        assert!(FileType::Jpeg.matches_extension("jpeg"));
        assert!(!FileType::Png.matches_extension("jpg"));
        assert!(FileType::Pdf.is_supported());
        assert!(!FileType::Heic.is_supported());
    }
}
