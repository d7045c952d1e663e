//! PDFs through lopdf: opening (encryption, repairs, truncation), the page tree with its
//! inherited attributes, and the scan on each page.

use super::content::{self, PlacedImage, deref};
use super::limits::{MAX_CONTENT_BYTES, MAX_FILE_BYTES, MAX_PAGES_MEASURED, MAX_STREAM_BYTES};
use super::{DpiSource, Failure, PageInfo, Reading, Scan, analyse, raster};
use lopdf::xref::XrefRecovery;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use rayon::prelude::*;
use std::path::Path;

/// An image must cover this share of the page to make it a scanned page rather than a
/// letter with a logo or a signature.
const SCAN_COVERAGE: f64 = 0.5;

/// Text of at most this many code bytes may be only spaces, and is worth extracting.
const NEAR_EMPTY_TEXT_BYTES: usize = content::SETTLED_TEXT_BYTES;

/// Reads a PDF file. lopdf reads the file itself so its buffer is freed once parsed:
/// a 200-page scan then costs its objects once in memory, not twice.
pub fn read(path: &Path, colour: bool) -> Reading {
    let (len, tail) = match file_tail(path) {
        Ok(t) => t,
        Err(e) => return failed(Failure::Unreadable(e)),
    };
    if len > MAX_FILE_BYTES {
        return failed(Failure::Unreadable(format!(
            "the file is over the {} MB limit",
            MAX_FILE_BYTES >> 20
        )));
    }
    // Image data is left on disk while the structure is parsed and read back one page
    // at a time, so memory follows the pages in flight, not the file. lopdf repairs
    // damaged files only when loading unfiltered, so such a file is loaded again whole.
    let deferred = LoadOptions {
        filter: Some(defer_image_data),
        ..load_options()
    };
    let loaded = match Document::load_with_options(path, deferred) {
        Ok(doc) if doc.xref_recovery.is_none() && !doc.get_pages().is_empty() => Ok(doc),
        _ => Document::load_with_options(path, load_options()),
    };
    finish(loaded, !ends_with_eof(&tail), len, Some(path), colour)
}

/// Image streams larger than this are read from the file when measured, not at load.
const DEFER_IMAGE_BYTES: usize = 64 << 10;

/// Marks a deferred stream; its value is the length of the data left in the file.
const DEFERRED_KEY: &[u8] = b"DossierDeferredLength";

fn defer_image_data(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && stream.content.len() > DEFER_IMAGE_BYTES
        && stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
    {
        let len = stream.content.len() as i64;
        stream.content = Vec::new();
        stream.dict.set(DEFERRED_KEY, len);
    }
    // lopdf keeps a top-level object as mutated in place, but takes an object-stream
    // member from the return value: give both. The copy is small once image data is gone.
    Some((id, object.clone()))
}

/// The bytes of a stream whose data was left in the file at load time.
fn deferred_content(
    path: &Path,
    doc: &Document,
    id: ObjectId,
    len: usize,
) -> Result<Vec<u8>, String> {
    use std::io::{Read, Seek, SeekFrom};
    let Some(lopdf::xref::XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id.0) else {
        return Err("the image's place in the file is unknown".into());
    };
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    f.seek(SeekFrom::Start(u64::from(*offset)))
        .map_err(|e| e.to_string())?;
    // The object header and dictionary come first; the data starts after `stream` and
    // its end-of-line.
    let mut head = vec![0u8; 8192];
    let n = f.read(&mut head).map_err(|e| e.to_string())?;
    head.truncate(n);
    let header = format!("{} {} obj", id.0, id.1);
    if !head.starts_with(header.as_bytes()) {
        return Err("the image object is not where the file says".into());
    }
    let at = head
        .windows(6)
        .position(|w| w == b"stream")
        .ok_or("no stream data after the image dictionary")?;
    let mut start = at + 6;
    if head.get(start) == Some(&b'\r') {
        start += 1;
    }
    if head.get(start) == Some(&b'\n') {
        start += 1;
    }
    f.seek(SeekFrom::Start(u64::from(*offset) + start as u64))
        .map_err(|e| e.to_string())?;
    let mut data = Vec::with_capacity(len);
    f.take(len as u64)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    if data.len() < len {
        return Err("the image data ends early: the file was cut short".into());
    }
    Ok(data)
}

/// The file's length and its last KiB.
fn file_tail(path: &Path) -> Result<(u64, Vec<u8>), String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let len = f.metadata().map_err(|e| e.to_string())?.len();
    f.seek(SeekFrom::Start(len.saturating_sub(1024)))
        .map_err(|e| e.to_string())?;
    let mut tail = Vec::with_capacity(1024);
    f.read_to_end(&mut tail).map_err(|e| e.to_string())?;
    Ok((len, tail))
}

fn load_options() -> LoadOptions {
    LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    }
}

fn failed(f: Failure) -> Reading {
    Reading {
        failure: Some(f),
        ..Reading::default()
    }
}

/// Reads a PDF held in memory.
pub fn read_bytes(bytes: &[u8]) -> Reading {
    let loaded = Document::load_mem_with_options(bytes, load_options());
    finish(
        loaded,
        !ends_with_eof(bytes),
        bytes.len() as u64,
        None,
        true,
    )
}

fn finish(
    loaded: lopdf::Result<Document>,
    truncated: bool,
    len: u64,
    path: Option<&Path>,
    colour: bool,
) -> Reading {
    let doc = match loaded {
        Ok(doc) => doc,
        Err(e) => return failed(load_failure(&e, truncated, len)),
    };
    // lopdf loads a file it cannot decrypt as Ok, with no pages and the /Encrypt
    // dictionary still in place (lopdf issue 462).
    if doc.is_encrypted() {
        return failed(Failure::Encrypted(encryption_name(&doc)));
    }
    let pages = doc.get_pages();
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if truncated {
        return Reading {
            failure: Some(Failure::Unreadable(format!(
                "the file ends before its %%EOF marker after {len} bytes: it was cut short{}",
                if count > 0 {
                    format!(" ({count} page(s) could be recovered)")
                } else {
                    String::new()
                }
            ))),
            pages: Some(count),
            ..Reading::default()
        };
    }
    if pages.is_empty() {
        return Reading {
            failure: Some(Failure::NoPages),
            pages: Some(0),
            ..Reading::default()
        };
    }
    let repaired = doc.xref_recovery.map(|r| match r {
        XrefRecovery::OffsetCorrected => {
            "a cross-reference offset pointed at the wrong place and was corrected".to_string()
        }
        XrefRecovery::Reconstructed => {
            "the cross-reference table was unreadable and was rebuilt by scanning the file"
                .to_string()
        }
        _ => "the cross-reference data was repaired".to_string(),
    });
    let ids: Vec<(u32, ObjectId)> = pages.into_iter().take(MAX_PAGES_MEASURED).collect();
    let page_info = ids
        .par_iter()
        .map(|&(number, id)| read_page(&doc, number, id, path, colour))
        .collect();
    Reading {
        failure: None,
        pages: Some(count),
        repaired,
        page_info,
    }
}

/// Whether `%%EOF` stands in the last KiB: where a complete file puts it.
fn ends_with_eof(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

fn load_failure(e: &lopdf::Error, truncated: bool, len: u64) -> Failure {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            Failure::Encrypted(format!("cannot be decrypted: {e}"))
        }
        _ if truncated => Failure::Unreadable(format!(
            "the file ends before its %%EOF marker after {len} bytes: it was cut short ({e})"
        )),
        _ => Failure::Unreadable(format!("the PDF structure is broken: {e}")),
    }
}

fn encryption_name(doc: &Document) -> String {
    let Ok(enc) = doc.get_encrypted() else {
        return "password-protected".into();
    };
    let int = |k: &[u8]| enc.get(k).ok().and_then(|o| o.as_i64().ok());
    let name = match (int(b"V"), int(b"R"), int(b"Length")) {
        (Some(5), _, _) | (_, Some(6), _) => "AES-256".to_string(),
        (Some(4), _, _) => "AES-128 or RC4-128".to_string(),
        (_, _, Some(bits)) => format!("RC4-{bits}"),
        _ => "RC4-40".to_string(),
    };
    format!("{name}, a user password is required to open it")
}

/// The value of an inheritable page attribute: on the page or its nearest ancestor.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(deref(doc, v));
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn rect(o: Option<&Object>) -> Option<[f64; 4]> {
    let a = o?.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let mut r = [0.0; 4];
    for (slot, v) in r.iter_mut().zip(a) {
        *slot = f64::from(v.as_float().ok()?);
    }
    Some(r)
}

fn read_page(
    doc: &Document,
    number: u32,
    id: ObjectId,
    path: Option<&Path>,
    colour: bool,
) -> PageInfo {
    let Ok(page) = doc.get_dictionary(id) else {
        return PageInfo {
            number,
            has_content: true,
            ..PageInfo::default()
        };
    };
    // A4 when a broken page tree gives no MediaBox: the size only decides which image
    // covers enough of the page to be its scan.
    let media = rect(inherited(doc, page, b"MediaBox")).unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let crop = rect(inherited(doc, page, b"CropBox")).unwrap_or(media);
    let size = (
        (crop[2] - crop[0]).abs().max(1.0),
        (crop[3] - crop[1]).abs().max(1.0),
    );
    let resources = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok());
    let (walked, damaged) = match doc.get_page_content_with_limit(id, MAX_CONTENT_BYTES) {
        Ok(bytes) => (content::walk_page(doc, &bytes, resources), None),
        Err(e) => (
            content::PageContent {
                has_content: true,
                damaged: true,
                ..Default::default()
            },
            Some(format!("the content of page {number} cannot be read: {e}")),
        ),
    };
    // A page break leaves a page that shows a lone space: only the font's ToUnicode map
    // tells a space from a letter, so ask the text extractor, for such near-empty pages only.
    let mut walked = walked;
    if walked.has_visible_text
        && !walked.painted
        && walked.images.is_empty()
        && walked.text_bytes <= NEAR_EMPTY_TEXT_BYTES
        && doc
            .extract_text_with_limit(&[number], MAX_CONTENT_BYTES)
            .is_ok_and(|t| t.trim().is_empty())
    {
        walked.has_visible_text = false;
        walked.has_content = false;
    }
    let page_area = size.0 * size.1;
    let scan_image = walked
        .images
        .iter()
        .filter(|p| p.drawn_area() >= SCAN_COVERAGE * page_area)
        .max_by(|a, b| a.drawn_area().total_cmp(&b.drawn_area()));
    PageInfo {
        number,
        has_content: walked.has_content,
        has_visible_text: walked.has_visible_text,
        scan: scan_image.and_then(|p| scan_of(doc, p, path, colour)),
        damaged,
    }
}

fn scan_of(
    doc: &Document,
    placed: &PlacedImage,
    path: Option<&Path>,
    colour: bool,
) -> Option<Scan> {
    let stored = doc.get_object(placed.id).ok()?.as_stream().ok()?;
    let loaded;
    let stream = match (stored.dict.get(DEFERRED_KEY).and_then(Object::as_i64), path) {
        (Ok(len), Some(path)) => {
            let mut s = stored.clone();
            s.content = match deferred_content(path, doc, placed.id, usize::try_from(len).ok()?) {
                Ok(data) => data,
                Err(why) => {
                    return Some(Scan {
                        pixels: (0, 0),
                        dpi: 0.0,
                        dpi_source: DpiSource::Placement,
                        encoding: "unknown",
                        components: 0,
                        bilevel: false,
                        jpeg_quality: None,
                        measures: None,
                        not_measured: Some(why),
                        over_limit: true,
                    });
                }
            };
            loaded = s;
            &loaded
        }
        _ => stored,
    };
    let head = raster::header(doc, stream).ok()?;
    let (w_pt, h_pt) = placed.drawn_size();
    let (px_w, px_h) = head.size;
    // Effective DPI, as OCRmyPDF computes it: pixels over the drawn size in inches.
    let dpi = (f64::from(px_w) / (w_pt / 72.0)).min(f64::from(px_h) / (h_pt / 72.0));
    if !dpi.is_finite() || dpi <= 0.0 {
        return None;
    }
    let want = (super::limits::ANALYSIS_DPI / dpi).min(1.0);
    let (measures, not_measured, quality, over_limit) =
        match raster::decode(doc, stream, &head, want, colour) {
            Ok(d) => (
                Some(analyse::measure(d.gray, dpi * d.scale, d.chroma)),
                None,
                d.jpeg_quality,
                false,
            ),
            Err(raster::Undecoded::OverLimit(why)) => (None, Some(why), None, true),
            Err(raster::Undecoded::Unsupported(why)) => (None, Some(why), None, false),
        };
    Some(Scan {
        pixels: head.size,
        dpi,
        dpi_source: DpiSource::Placement,
        encoding: head.encoding,
        components: head.components,
        bilevel: head.bilevel,
        jpeg_quality: quality,
        measures,
        not_measured,
        over_limit,
    })
}
