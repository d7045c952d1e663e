//! PDFs through lopdf: opening (encryption, repairs, truncation), the page tree with its
//! inherited attributes, and the scan on each page.

use super::content::{self, PlacedImage, inherited, rect};
use super::frame::{Frame, PageView};
use super::limits::{
    MAX_CONTENT_BYTES, MAX_FILE_BYTES, MAX_PAGES_MEASURED, MAX_PAGES_OCR, MAX_STREAM_BYTES,
};
use super::{DpiSource, Failure, PageInfo, ReadOptions, Reading, Scan, analyse, raster};
use super::{ocr, text};
use crate::measure::Gray;
use crate::measure::mrz::{Miss, MrzCells};
use lopdf::xref::XrefRecovery;
use lopdf::{Document, LoadOptions, Object, ObjectId};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// An image must cover this share of the page to make it a scanned page rather than a
/// letter with a logo or a signature.
const SCAN_COVERAGE: f64 = 0.5;
/// The share of a page without text an image must cover to be its scan: an ID-3
/// passport page (125 x 88 mm) is 18 % of A4.
const PLACED_SCAN_COVERAGE: f64 = 0.15;

/// Reads a PDF file. lopdf reads the file itself so its buffer is freed once parsed:
/// a 200-page scan then costs its objects once in memory, not twice.
pub fn read(path: &Path, opts: ReadOptions) -> Reading {
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
    // damaged files only when loading unfiltered, and an image that cannot be read back
    // from where the file says it is also sends the file through a whole load.
    let deferred = LoadOptions {
        filter: Some(defer_image_data),
        ..load_options()
    };
    let truncated = !ends_with_eof(&tail);
    // An encrypted file's deferred data would be read back still encrypted.
    if let Ok(doc) = load_no_follow(path, deferred)
        && doc.0.xref_recovery.is_none()
        && !doc.0.was_encrypted()
        && !super::page_tree::pages(&doc.0).pages.is_empty()
    {
        let source = Deferred { path, len };
        let (reading, read_back_failed) = finish(Ok(doc), truncated, len, Some(source), opts);
        if !read_back_failed {
            return reading;
        }
    }
    finish(
        load_no_follow(path, load_options()),
        truncated,
        len,
        None,
        opts,
    )
    .0
}

/// Where deferred image data is read back from.
#[derive(Clone, Copy)]
struct Deferred<'a> {
    path: &'a Path,
    len: u64,
}

/// Image streams larger than this are read from the file when measured, not at load.
const DEFER_IMAGE_BYTES: usize = 64 << 10;

/// Marks a deferred stream; its value is the length of the data left in the file.
const DEFERRED_KEY: &[u8] = b"DossierDeferredLength";

fn defer_image_data(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        // The key is ours: a file that writes it itself must not steer the read-back.
        stream.dict.remove(DEFERRED_KEY);
    }
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
    src: Deferred<'_>,
    doc: &Document,
    id: ObjectId,
    len: usize,
) -> Result<Vec<u8>, String> {
    use std::io::{Read, Seek, SeekFrom};
    let Some(lopdf::xref::XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id.0) else {
        return Err("the image's place in the file is unknown".into());
    };
    let offset = u64::from(*offset);
    if len > MAX_STREAM_BYTES || offset + len as u64 > src.len {
        return Err("the image data runs past the end of the file".into());
    }
    let mut f = crate::pack::open::open_document(src.path).map_err(|e| e.to_string())?;
    f.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
    let mut head = vec![0u8; 16 << 10];
    let n = f.read(&mut head).map_err(|e| e.to_string())?;
    head.truncate(n);
    let start =
        stream_data_start(&head, id).ok_or("the image object is not where the file says")?;
    f.seek(SeekFrom::Start(offset + start as u64))
        .map_err(|e| e.to_string())?;
    let mut data = Vec::new();
    f.by_ref()
        .take(len as u64)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    let mut after = [0u8; 32];
    let m = f.read(&mut after).map_err(|e| e.to_string())?;
    let rest = &after[..m];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    if data.len() < len || !rest.starts_with(b"endstream") {
        return Err("the image data is not where the file says".into());
    }
    Ok(data)
}

/// Where the data of object `id` starts in `head` (which begins at the object's xref
/// offset): after `N G obj`, the dictionary's closing `>>`, `stream` and its end-of-line.
/// The word `stream` may also occur inside the dictionary (`(scanned upstream)`), so only
/// one that follows `>>` counts.
fn stream_data_start(head: &[u8], id: ObjectId) -> Option<usize> {
    let text = String::from_utf8_lossy(&head[..head.len().min(64)]).into_owned();
    let mut words = text.split_ascii_whitespace();
    let (num, generation, kw) = (words.next()?, words.next()?, words.next()?);
    if num != id.0.to_string() || generation != id.1.to_string() || !kw.starts_with("obj") {
        return None;
    }
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&head[from..], b"stream").map(|i| i + from) {
        let before = &head[..at];
        let trimmed = before.len()
            - before
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if before[..trimmed].ends_with(b">>") {
            let mut start = at + 6;
            if head.get(start) == Some(&b'\r') {
                start += 1;
            }
            if head.get(start) == Some(&b'\n') {
                start += 1;
            }
            return Some(start);
        }
        from = at + 6;
    }
    None
}

/// The file's length and its last KiB.
fn file_tail(path: &Path) -> Result<(u64, Vec<u8>), String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = crate::pack::open::open_document(path).map_err(|e| e.to_string())?;
    let len = f.metadata().map_err(|e| e.to_string())?.len();
    f.seek(SeekFrom::Start(len.saturating_sub(1024)))
        .map_err(|e| e.to_string())?;
    let mut tail = Vec::with_capacity(1024);
    f.read_to_end(&mut tail).map_err(|e| e.to_string())?;
    Ok((len, tail))
}

/// How every PDF is loaded: streams capped at [`MAX_STREAM_BYTES`] decompressed.
pub fn load_options() -> LoadOptions {
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
    let loaded = load_mem_repaired(bytes, load_options());
    finish(
        loaded,
        !ends_with_eof(bytes),
        bytes.len() as u64,
        None,
        ReadOptions::ALL,
    )
    .0
}

/// Turns a loaded document into a reading; also says whether deferred image data
/// could not be read back (the caller then loads the file whole).
fn finish(
    loaded: lopdf::Result<(Document, Vec<String>)>,
    truncated: bool,
    len: u64,
    deferred: Option<Deferred<'_>>,
    opts: ReadOptions,
) -> (Reading, bool) {
    let (doc, mended) = match loaded {
        Ok(doc) => doc,
        Err(e) => return (failed(load_failure(&e, truncated, len)), false),
    };
    // lopdf loads a file it cannot decrypt as Ok, with no pages and the /Encrypt
    // dictionary still in place (lopdf issue 462).
    if doc.is_encrypted() {
        return (failed(Failure::Encrypted(encryption_name(&doc))), false);
    }
    let tree = super::page_tree::pages(&doc);
    let pages: Vec<(u32, ObjectId)> = (1..).zip(tree.pages.iter().copied()).collect();
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if truncated {
        let reading = Reading {
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
        return (reading, false);
    }
    if pages.is_empty() {
        let reading = Reading {
            failure: Some(Failure::NoPages),
            pages: Some(0),
            ..Reading::default()
        };
        return (reading, false);
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
    let repaired: Vec<String> = repaired
        .into_iter()
        .chain(mended)
        .chain(tree.problem)
        .collect();
    let repaired = (!repaired.is_empty()).then(|| repaired.join("; "));
    let ids: Vec<(u32, ObjectId)> = pages.into_iter().take(MAX_PAGES_MEASURED).collect();
    let shared = Shared {
        doc: &doc,
        deferred,
        opts,
        content_left: AtomicUsize::new(MAX_DOCUMENT_CONTENT_BYTES),
        measured: Mutex::new(HashMap::new()),
        zones: Mutex::new(HashMap::new()),
        read_back_failed: AtomicBool::new(false),
        ocr_left: AtomicUsize::new(MAX_PAGES_OCR),
        recognised: Mutex::new(HashMap::new()),
        boxes_left: AtomicUsize::new(MAX_DOCUMENT_BOXES),
    };
    let page_info = ids
        .par_iter()
        .map(|&(number, id)| read_page(&shared, number, id))
        .collect();
    let reading = Reading {
        failure: None,
        pages: Some(count),
        repaired,
        signed: super::signature::signatures(&doc),
        active: super::active::find(&doc),
        page_info,
        photo: None,
    };
    (reading, shared.read_back_failed.load(Ordering::Relaxed))
}

/// Loads through a handle opened without following links: lopdf opening the path itself
/// would follow a link swapped in since the pack was listed.
/// Also makes the repairs of [`super::mend`] and says which.
fn load_no_follow(path: &Path, options: LoadOptions) -> lopdf::Result<(Document, Vec<String>)> {
    let file = crate::pack::open::open_document(path)?;
    let bytes = || {
        let mut bytes = Vec::new();
        super::image_file::read_capped_into(path, MAX_FILE_BYTES, &mut bytes).ok()?;
        Some(bytes)
    };
    let mut doc = Document::load_from_with_options(std::io::BufReader::new(file), options.clone())?;
    if doc.is_encrypted()
        && let Some(bytes) = bytes()
    {
        return load_mem_repaired(&bytes, options);
    }
    let notes = super::mend::repair(&mut doc, bytes);
    Ok((doc, notes))
}

/// Loads a PDF held in memory with the repairs of [`super::mend`]; says which were made.
pub fn load_mem_repaired(
    bytes: &[u8],
    options: LoadOptions,
) -> lopdf::Result<(Document, Vec<String>)> {
    let mut doc = Document::load_mem_with_options(bytes, options.clone())?;
    let mut notes = Vec::new();
    let mut patched = None;
    if doc.is_encrypted()
        && let Some((unlocked, note)) = super::mend::unlocked(bytes, &doc)
        && let Ok(opened) = Document::load_mem_with_options(&unlocked, options)
        && !opened.is_encrypted()
    {
        doc = opened;
        notes.push(note);
        patched = Some(unlocked);
    }
    let bytes = patched.as_deref().unwrap_or(bytes);
    notes.extend(super::mend::repair(&mut doc, || Some(bytes.to_vec())));
    Ok((doc, notes))
}

/// Content bytes all pages of one document may walk together: many pages can share one
/// huge content stream, and each would otherwise walk it again.
const MAX_DOCUMENT_CONTENT_BYTES: usize = 512 << 20;

/// What the pages of one document share while they are read in parallel.
struct Shared<'a> {
    doc: &'a Document,
    deferred: Option<Deferred<'a>>,
    opts: ReadOptions,
    content_left: AtomicUsize,
    /// Each image object is decoded and measured once, however many pages draw it.
    measured: Mutex<HashMap<ObjectId, Option<Measured>>>,
    read_back_failed: AtomicBool,
    /// Pages OCR may still read in this document.
    ocr_left: AtomicUsize,
    /// Each image object is read by OCR once, however many pages draw it.
    recognised: Mutex<HashMap<ObjectId, Result<text::PageText, ocr::Skipped>>>,
    /// Each image object is searched for a machine-readable zone once: 2000 pages drawing
    /// one 100 MP image took minutes when each page searched it again.
    zones: Mutex<HashMap<ObjectId, Option<Result<MrzCells, Miss>>>>,
    /// Text boxes the document may still keep: a hostile file of a million one-letter
    /// strings a page keeps its text, not 32 bytes more for every letter.
    boxes_left: AtomicUsize,
}

/// Text boxes kept per document (32 bytes each): far more than any real document's
/// shown strings, 32 MB at most.
const MAX_DOCUMENT_BOXES: usize = 1_000_000;

/// An image object's header and measures, independent of where a page draws it.
#[derive(Clone)]
struct Measured {
    head: raster::ImageHeader,
    measures: Option<super::Measures>,
    not_measured: Option<String>,
    over_limit: bool,
    quality: Option<u8>,
    /// The image at a picture's width, when pictures are asked for.
    small: Option<std::sync::Arc<crate::measure::Rgb>>,
}

/// Whether `%%EOF` stands in the last KiB: where a complete file puts it.
fn ends_with_eof(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

fn load_failure(e: &lopdf::Error, truncated: bool, len: u64) -> Failure {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            Failure::Encrypted(format!("cannot be decrypted: {}", explain(e)))
        }
        _ if truncated => Failure::Unreadable(format!(
            "the file ends before its %%EOF marker after {len} bytes: it was cut short ({})",
            explain(e)
        )),
        lopdf::Error::Unimplemented(_) => Failure::Unreadable(explain(e)),
        _ => Failure::Unreadable(format!("the PDF structure is broken: {}", explain(e))),
    }
}

/// A lopdf error in words for the applicant: never a request to report to lopdf.
pub fn explain(e: &lopdf::Error) -> String {
    match e {
        lopdf::Error::Unimplemented(what) => format!(
            "it uses a PDF feature dossier cannot read yet ({}); save it again as PDF from a viewer (Print → Save as PDF) or rewrite it (`qpdf in.pdf out.pdf`)",
            what.split(';').next().unwrap_or(what).trim()
        ),
        e => {
            let text = e.to_string();
            match text.find("; please open an issue") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
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

fn read_page(shared: &Shared<'_>, number: u32, id: ObjectId) -> PageInfo {
    let doc = shared.doc;
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
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|r| r.as_i64().ok())
        .unwrap_or(0);
    let view = PageView::new(crop, rotate);
    let resources = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok());
    let over_budget = |what: &str| {
        (
            content::PageContent {
                has_content: true,
                damaged: true,
                ..Default::default()
            },
            Some(format!("page {number}: {what}")),
        )
    };
    let mut page_text = None;
    // Pages may share one huge content stream or form: the document's budget is checked
    // before any decompression and charged with every byte walked.
    let left = shared.content_left.load(Ordering::Relaxed);
    let (mut walked, mut damaged) = if left == 0 {
        over_budget(&format!(
            "the document's pages draw more than {} MB of content, past the safety limit",
            MAX_DOCUMENT_CONTENT_BYTES >> 20
        ))
    } else {
        match page_content(doc, id, MAX_CONTENT_BYTES.min(left)) {
            Ok(bytes) => {
                let (walked, forms) =
                    content::walk_page(doc, &bytes, resources, left.saturating_sub(bytes.len()));
                let mut used = bytes.len() + forms;
                // Text only where text may be shown; the form bytes it reads are charged
                // too. The walk stops at the first thing painted, often a rule drawn above
                // the text (WeasyPrint), so its text count cannot decide this.
                let finder = |needle: &[u8]| memchr::memmem::find(&bytes, needle).is_some();
                // Without a rule that reads words, text is decoded only where the
                // near-empty check below needs it to tell a page from a lone space.
                let wanted = shared.opts.text || near_empty(&walked);
                if wanted && (walked.text_bytes > 0 || finder(b"BT") || finder(b"Do")) {
                    let (t, forms) = text::text_of_content(
                        doc,
                        &bytes,
                        resources,
                        left.saturating_sub(used),
                        &view,
                    );
                    used += forms;
                    page_text = Some(t);
                }
                let _ =
                    shared
                        .content_left
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                            Some(l.saturating_sub(used))
                        });
                (walked, None)
            }
            Err(e) => over_budget(&e),
        }
    };
    if walked.exhausted && damaged.is_none() {
        damaged = Some(format!(
            "page {number} draws more than the {} MB of content or {} operators a page may",
            MAX_CONTENT_BYTES >> 20,
            super::limits::MAX_OPERATIONS
        ));
    }
    // A page break leaves a page that shows a lone space: only the font's ToUnicode map
    // tells a space from a letter, so the page's decoded text decides for near-empty pages.
    if near_empty(&walked)
        && page_text
            .as_ref()
            .is_some_and(|t| !t.garbage && t.text.trim().is_empty())
    {
        walked.has_visible_text = false;
        walked.has_content = false;
    }
    let page_area = size.0 * size.1;
    // A page that shows no text is its image's even with wide margins: a passport page
    // scanned at its size and placed on A4, a phone photo of a receipt.
    let coverage = if walked.has_visible_text {
        SCAN_COVERAGE
    } else {
        PLACED_SCAN_COVERAGE
    };
    let scan_image = walked
        .images
        .iter()
        .filter(|p| p.drawn_area() >= coverage * page_area)
        .max_by(|a, b| a.drawn_area().total_cmp(&b.drawn_area()));
    let mut ocr_skipped = None;
    let no_words = page_text
        .as_ref()
        .is_none_or(|t| t.garbage || t.text.trim().is_empty());
    if let Some(placed) = scan_image.filter(|_| shared.opts.ocr && no_words) {
        match ocr_once(shared, placed) {
            Ok(mut t) => {
                // The words' boxes are the image's; the page may draw it anywhere.
                let frame = Frame::placed(&view, &placed.ctm);
                t.map_boxes(|r| frame.rect(r.map(f64::from)));
                page_text = Some(t);
            }
            Err(why) => ocr_skipped = Some(why),
        }
    }
    let searched = shared
        .opts
        .mrz
        .then(|| mrz_of(shared, &walked.images))
        .flatten();
    let (mrz, mrz_miss) = match searched {
        Some(Ok(cells)) => (Some(cells), None),
        Some(Err(miss)) => (None, Some(miss)),
        None => (None, None),
    };
    // A scanner's page, the image and nothing else: its picture is the scan's pixels.
    let picture_wanted = shared.opts.pictures
        && number as usize <= super::thumbnail::MAX_PAGES
        && walked.images.len() == 1
        && !walked.has_visible_text
        && !walked.painted;
    let (scan, small) = match scan_image.and_then(|p| scan_of(shared, p, &view, picture_wanted)) {
        Some((scan, small)) => (Some(scan), small),
        None => (None, None),
    };
    // The image's small copy is cached with its measures: only the first pages use it.
    let picture = scan
        .as_ref()
        .zip(small.filter(|_| picture_wanted))
        .and_then(|(s, small)| super::thumbnail::page_of(number, &small, &s.frame, view.shown()));
    if let Some(t) = page_text.as_mut() {
        let n = t.boxes.len();
        let kept = shared
            .boxes_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok();
        if !kept {
            t.boxes = Vec::new();
        }
    }
    PageInfo {
        number,
        has_content: walked.has_content,
        has_visible_text: walked.has_visible_text,
        scan,
        picture,
        damaged,
        text: page_text,
        ocr_skipped,
        mrz_lines: mrz
            .as_ref()
            .zip(largest(&walked.images))
            .map(|(cells, image)| zone_lines(cells, &Frame::placed(&view, &image.ctm)))
            .unwrap_or_default(),
        mrz,
        mrz_miss,
    }
}

/// The zone's lines on the page through the frame of the image they were found in.
pub fn zone_lines(cells: &crate::measure::mrz::MrzCells, frame: &Frame) -> Vec<super::frame::Rect> {
    cells
        .line_quads()
        .iter()
        .filter_map(|q| frame.quad(q))
        .collect()
}

/// The image drawn largest on a page: the one searched for a zone.
fn largest(images: &[PlacedImage]) -> Option<&PlacedImage> {
    images
        .iter()
        .max_by(|a, b| a.drawn_area().total_cmp(&b.drawn_area()))
}

/// A page that shows so little text that only its decoded text tells whether it shows
/// anything at all.
fn near_empty(walked: &content::PageContent) -> bool {
    walked.has_visible_text
        && !walked.painted
        && walked.images.is_empty()
        && walked.text_bytes <= content::SETTLED_TEXT_BYTES
}

/// The page's scan, and its image at a picture's width when `picture` asks for one.
fn scan_of(
    shared: &Shared<'_>,
    placed: &PlacedImage,
    view: &PageView,
    picture: bool,
) -> Option<(Scan, Option<std::sync::Arc<crate::measure::Rgb>>)> {
    let measured = {
        let cached = shared.measured.lock().ok()?.get(&placed.id).cloned();
        match cached {
            Some(m) => m?,
            None => {
                let m = measure_image(shared, placed, picture);
                if let Ok(mut cache) = shared.measured.lock() {
                    cache.insert(placed.id, m.clone());
                }
                m?
            }
        }
    };
    let dpi = placed.effective_dpi(measured.head.size)?;
    let scan = Scan {
        pixels: measured.head.size,
        dpi,
        dpi_source: DpiSource::Placement,
        encoding: measured.head.encoding,
        components: measured.head.components,
        bilevel: measured.head.bilevel,
        jpeg_quality: measured.quality,
        measures: measured.measures,
        not_measured: measured.not_measured,
        over_limit: measured.over_limit,
        frame: Frame::placed(view, &placed.ctm),
    };
    Some((scan, measured.small))
}

/// Decodes and measures an image object, at the scale of the page that first draws it.
fn measure_image(shared: &Shared<'_>, placed: &PlacedImage, picture: bool) -> Option<Measured> {
    let doc = shared.doc;
    let stored = doc.get_object(placed.id).ok()?.as_stream().ok()?;
    let head = raster::header(doc, stored).ok()?;
    if !shared.opts.pixels {
        return Some(Measured {
            head,
            measures: None,
            not_measured: Some(super::PIXELS_NOT_WANTED.into()),
            over_limit: false,
            quality: None,
            small: None,
        });
    }
    let stream = image_stream(shared, placed.id, stored)?;
    let stream = stream.as_ref();
    let dpi = placed.effective_dpi(head.size)?;
    let want = (super::limits::ANALYSIS_DPI / dpi).min(1.0);
    let mut small = None;
    let (measures, not_measured, quality, over_limit) =
        match raster::decode(doc, stream, &head, want, shared.opts.colour) {
            Ok(d) => {
                let colour = d.rgb.filter(|_| picture);
                let measures = analyse::measure_keeping(d.gray, dpi * d.scale, d.chroma, |g| {
                    if picture {
                        small = Some(super::thumbnail::shrunk(colour, g));
                    }
                });
                (Some(measures), None, d.jpeg_quality, false)
            }
            Err(raster::Undecoded::OverLimit(why)) => (None, Some(why), None, true),
            Err(raster::Undecoded::Unsupported(why)) => (None, Some(why), None, false),
        };
    Some(Measured {
        head,
        measures,
        not_measured,
        over_limit,
        quality,
        small: small.map(std::sync::Arc::new),
    })
}

/// An image object's stream with its data, read back from the file where loading
/// deferred it.
fn image_stream<'d>(
    shared: &Shared<'d>,
    id: ObjectId,
    stored: &'d lopdf::Stream,
) -> Option<std::borrow::Cow<'d, lopdf::Stream>> {
    match (
        stored.dict.get(DEFERRED_KEY).and_then(Object::as_i64),
        shared.deferred,
    ) {
        (Ok(len), Some(src)) => {
            let len = usize::try_from(len).ok()?;
            match deferred_content(src, shared.doc, id, len) {
                Ok(data) => {
                    let mut s = stored.clone();
                    s.content = data;
                    Some(std::borrow::Cow::Owned(s))
                }
                Err(_) => {
                    shared.read_back_failed.store(true, Ordering::Relaxed);
                    None
                }
            }
        }
        _ => Some(std::borrow::Cow::Borrowed(stored)),
    }
}

/// [`ocr_scan`] once per image object, and on at most [`MAX_PAGES_OCR`] pages.
fn ocr_once(shared: &Shared<'_>, placed: &PlacedImage) -> Result<text::PageText, ocr::Skipped> {
    let done = shared
        .recognised
        .lock()
        .ok()
        .and_then(|m| m.get(&placed.id).cloned());
    if let Some(done) = done {
        return done;
    }
    let allowed = shared
        .ocr_left
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| l.checked_sub(1))
        .is_ok();
    if !allowed {
        return Err(ocr::Skipped::Failed(format!(
            "OCR reads the first {MAX_PAGES_OCR} scanned pages of a document"
        )));
    }
    let done = ocr_scan(shared, placed);
    if let Ok(mut m) = shared.recognised.lock() {
        m.insert(placed.id, done.clone());
    }
    done
}

/// The words of the scan a page is, read by OCR from the image decoded near 300 dpi.
fn ocr_scan(shared: &Shared<'_>, placed: &PlacedImage) -> Result<text::PageText, ocr::Skipped> {
    let unreadable = || ocr::Skipped::Failed("the scan's pixels could not be decoded".into());
    let image = stored_image(shared, placed).ok_or_else(unreadable)?;
    // The cache is keyed by the image's stored bytes, so a hit decodes nothing.
    let mut source = format!("pdf image {:?} {:.0}\n", image.head, image.dpi).into_bytes();
    source.extend_from_slice(&image.stream.content);
    ocr::recognise_source(&source, || {
        luma_near(shared, &image, ocr::OCR_DPI).ok_or_else(unreadable)
    })
}

/// An image object as stored, its data read back where loading deferred it, and the
/// resolution the page draws it at.
struct StoredImage<'d> {
    head: raster::ImageHeader,
    stream: std::borrow::Cow<'d, lopdf::Stream>,
    dpi: f64,
}

fn stored_image<'d>(shared: &Shared<'d>, placed: &PlacedImage) -> Option<StoredImage<'d>> {
    let stored = shared.doc.get_object(placed.id).ok()?.as_stream().ok()?;
    let head = raster::header(shared.doc, stored).ok()?;
    let dpi = placed.effective_dpi(head.size)?;
    let stream = image_stream(shared, placed.id, stored)?;
    Some(StoredImage { head, stream, dpi })
}

/// An image's luma, decoded near `dpi` (never above its own resolution), and the
/// resolution it came out at.
fn luma_near(shared: &Shared<'_>, image: &StoredImage<'_>, dpi: f64) -> Option<(Gray, f64)> {
    let want = (dpi / image.dpi).min(1.0);
    let decoded = raster::decode(shared.doc, &image.stream, &image.head, want, false).ok()?;
    Some((decoded.gray, image.dpi * decoded.scale))
}

/// Resolution a passport page's image is decoded at for its zone: 15 px per OCR-B
/// character, which the reader reads surely, at a quarter of 300 dpi's decoding cost.
const MRZ_DPI: f64 = 150.0;

/// The machine-readable zone in the largest image a passport page draws (a bio page
/// alone, or on an A4 sheet), read from its pixels at [`MRZ_DPI`]; None when the page
/// draws no image that decodes.
fn mrz_of(shared: &Shared<'_>, images: &[PlacedImage]) -> Option<Result<MrzCells, Miss>> {
    let largest = largest(images)?;
    if let Some(found) = shared.zones.lock().ok()?.get(&largest.id) {
        return found.clone();
    }
    let found = luma_near(shared, &stored_image(shared, largest)?, MRZ_DPI)
        .map(|(gray, _)| crate::measure::mrz::find(&gray));
    if let Ok(mut zones) = shared.zones.lock() {
        zones.insert(largest.id, found.clone());
    }
    found
}

/// The page's content streams decoded and joined, as lopdf's `get_page_content_with_limit`
/// does, except that a stream that does not decode is an error: lopdf falls back to its
/// raw bytes, which read as a blank page where qpdf and poppler report damage.
fn page_content(doc: &Document, page: ObjectId, limit: usize) -> Result<Vec<u8>, String> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let left = limit.saturating_sub(content.len());
        if let Some(inflated) = inflate_plain(stream, left) {
            content.extend_from_slice(&inflated.map_err(|e| {
                format!(
                    "its content stream (object {} {}) is damaged: {e}; part of the page is lost",
                    id.0, id.1
                )
            })?);
            content.push(b'\n');
            continue;
        }
        match stream.decompressed_content_with_limit(left) {
            Ok(data) => content.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err("its content inflates past the safety limit".into());
            }
            Err(e) => {
                return Err(format!(
                    "its content stream (object {} {}) does not decode: {}",
                    id.0,
                    id.1,
                    explain(&e)
                ));
            }
        }
        content.push(b'\n');
    }
    Ok(content)
}

/// A stream whose only filter is FlateDecode without parameters (nearly every content
/// stream), inflated here because lopdf returns what it decoded before damage as if it
/// were all: a page whose text stops mid-line, with no sign of loss. A wrong checksum and
/// a stream that just stops are read as poppler reads them. `None` for other filters.
fn inflate_plain(stream: &lopdf::Stream, limit: usize) -> Option<Result<Vec<u8>, String>> {
    let flate = match stream.dict.get(b"Filter").ok()? {
        Object::Name(n) => n == b"FlateDecode",
        Object::Array(a) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        _ => false,
    };
    if !flate || stream.dict.has(b"DecodeParms") {
        return None;
    }
    let data = &stream.content;
    // Inflated raw, past the zlib header: a wrong checksum loses nothing.
    let zlib = data.len() >= 2 && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0;
    let data = if zlib { &data[2..] } else { &data[..] };
    let mut inflater = flate2::Decompress::new(false);
    let mut out = Vec::with_capacity((data.len() * 4).clamp(1, limit.max(1)));
    loop {
        if out.len() >= limit {
            return Some(Err("it inflates past the safety limit".into()));
        }
        if out.len() == out.capacity() {
            out.reserve((64 << 10).min(limit - out.len()));
        }
        let (was_in, was_out) = (inflater.total_in(), inflater.total_out());
        let from = (was_in as usize).min(data.len());
        match inflater.decompress_vec(&data[from..], &mut out, flate2::FlushDecompress::None) {
            Ok(flate2::Status::StreamEnd) => break,
            // No progress with output room left: the data just stops.
            Ok(_) if inflater.total_in() == was_in && inflater.total_out() == was_out => break,
            Ok(_) => {}
            Err(_) => {
                return Some(Err(format!(
                    "its data stops making sense at byte {} of {}",
                    inflater.total_in(),
                    data.len()
                )));
            }
        }
    }
    out.truncate(limit);
    Some(Ok(out))
}
