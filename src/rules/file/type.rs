//! Unsupported type (HEIC, DOCX, ...), or the content is not what the extension says.
//!
//! ## What it does
//! Reads the first bytes of every document to learn what it really is, whatever its name
//! says. It reports files that are not PDF, JPEG, PNG or TIFF (HEIC photos from iPhones,
//! Word and OpenDocument files, WebP, GIF, ZIP, text), and files whose content does not
//! match their extension (a JPEG saved as `.pdf`, a PNG named `.jpg`).
//!
//! ## Why is this bad?
//! Consular portals accept PDF and JPEG (some PNG or TIFF) and nothing else; an officer
//! cannot open a HEIC or DOCX on the embassy's computers. A file whose extension lies
//! opens in the wrong program or not at all, and the portal may reject it as corrupt.
//!
//! ## How to fix
//! Export Word or LibreOffice documents as PDF; convert HEIC, WebP and other images to
//! JPEG; rename a file whose extension is wrong to the extension of what it is.
//!
//! ## Example
//! ```text
//! 04_Photo.heic   ->  04_Photo.jpg (iPhone: Settings > Camera > Formats > Most Compatible)
//! 06_Cover_Letter.docx  ->  06_Cover_Letter.pdf (File > Export as PDF)
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::name::{SUPPORTED_EXTENSIONS, split_extension};
use crate::pack::sniff::FileType;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `file/type`.
pub struct Type;

impl Check for Type {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Header]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        for entry in pack.documents() {
            let Some(found) = entry.doc().and_then(|d| d.sniffed) else {
                continue;
            };
            let name = &entry.name;
            let ext = split_extension(name).1.unwrap_or_default();
            let (message, help) = if found == FileType::Unknown
                && SUPPORTED_EXTENSIONS.contains(&ext.as_str())
            {
                (
                    format!(
                        "`{name}` is named `.{ext}` but its first bytes match no known format: it is damaged or not a document"
                    ),
                    "open it to see what it is; export or scan the document again".to_string(),
                )
            } else if !found.is_supported() {
                (
                    format!(
                        "`{name}` is a {}; packs take PDF, JPEG, PNG or TIFF",
                        found.label()
                    ),
                    convert_help(found).to_string(),
                )
            } else if !found.matches_extension(&ext) {
                let proper = proper_extension(found);
                let stem = split_extension(name).0;
                let what = if ext.is_empty() {
                    "has no extension".to_string()
                } else {
                    format!("is named `.{ext}`")
                };
                (
                    format!("`{name}` is a {} but {what}", found.label()),
                    format!("rename it to `{stem}.{proper}`"),
                )
            } else if !SUPPORTED_EXTENSIONS.contains(&ext.as_str()) {
                let proper = proper_extension(found);
                (
                    format!("`{name}` uses the extension `.{ext}`, which portals do not accept"),
                    format!("rename it to `{}.{proper}`", split_extension(name).0),
                )
            } else {
                continue;
            };
            out.push(
                finding_on(self, name, message, help)
                    .with("detected", serde_json::to_value(found).unwrap_or_default())
                    .with("extension", ext),
            );
        }
    }
}

fn proper_extension(t: FileType) -> &'static str {
    match t {
        FileType::Jpeg => "jpg",
        FileType::Png => "png",
        FileType::Tiff => "tif",
        _ => "pdf",
    }
}

fn convert_help(t: FileType) -> &'static str {
    match t {
        FileType::Heic => {
            "convert it to JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible; on a Mac: Preview > Export > JPEG)"
        }
        FileType::Avif | FileType::Webp | FileType::Gif | FileType::Bmp => {
            "convert it to JPEG or PNG with any image editor"
        }
        FileType::Docx | FileType::Odf | FileType::Rtf | FileType::Ole | FileType::Text => {
            "export it as PDF from the program that made it (File > Export as PDF)"
        }
        FileType::Xlsx | FileType::Pptx => "export it as PDF (File > Export as PDF)",
        FileType::Zip => "unpack the archive and put its documents in the pack one by one",
        _ => "replace it with a PDF or a JPEG scan of the document",
    }
}
