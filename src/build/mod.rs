//! `dossier build`: the index pages, every document in order, outline and metadata.

mod base14;
pub mod font;
pub mod image;
pub mod index;
pub mod merge;
pub mod outline;
pub mod paper;

use crate::text::visible::visible;
pub mod resample;
pub mod shrink;
pub mod split;
pub mod stamp;
pub mod tidy;

use crate::content::PackFacts;
use crate::pack::Pack;
use crate::pack::entry::Entry;
use crate::pack::sniff::FileType;
use crate::read::guard::catching_value;
use crate::read::image_file::{read_capped, read_capped_into};
use crate::read::limits::MAX_FILE_BYTES;
use index::{Index, Row};
use lopdf::{Dictionary, Document, Object, ObjectId};
use merge::Assembly;
use rayon::prelude::*;

/// The paper of generated pages and of images without a known physical size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points, portrait.
    pub fn size(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Paper for the index and for images of unknown size.
    pub paper: Paper,
    /// Write the footer (name, document, page X of Y) on every page.
    pub stamp: bool,
    /// Documents the check found unusable, by file name, with the reason: they are left
    /// out, so `check` and `build` make one decision per document.
    pub unusable: std::collections::BTreeMap<String, String>,
    /// Put every page of a split build on `paper` (the portal's `[upload] page_size`).
    pub fit_pages: bool,
}

/// What the index and metadata say about the applicant and the trip.
#[derive(Debug, Clone, Default)]
struct Known {
    name: Option<String>,
    arrival: Option<jiff::civil::Date>,
    departure: Option<jiff::civil::Date>,
    purposes: Vec<String>,
    passport: Option<String>,
}

impl Known {
    /// From the pack's settled facts (documents read), or without them from the
    /// manifest alone.
    fn of(pack: &Pack, facts: Option<&PackFacts>) -> Known {
        let Some(facts) = facts else {
            let Some(m) = &pack.manifest else {
                return Known::default();
            };
            return Known {
                name: m.applicant.name.clone(),
                arrival: m.trip.arrival,
                departure: m.trip.departure,
                // As written: labelling ids would compile the purpose lexicon (20 ms).
                purposes: m.trip.purpose.clone(),
                passport: m.applicant.passport_number.clone(),
            };
        };
        let lexicon = crate::content::pack::lexicon(pack);
        Known {
            name: facts.name.as_ref().map(|n| n.value.clone()),
            arrival: facts.arrival.as_ref().map(|d| d.value),
            departure: facts.departure.as_ref().map(|d| d.value),
            purposes: facts
                .purposes
                .iter()
                .flat_map(|p| &p.value)
                .map(|id| lexicon.label(id).to_string())
                .collect(),
            passport: facts.number.as_ref().map(|n| n.value.clone()),
        }
    }
}

/// A document the output does not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// File name.
    pub file: String,
    /// Why, in plain words.
    pub reason: String,
}

/// Active content removed from a document on its way into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// File name.
    pub file: String,
    /// What was removed, in plain words.
    pub removed: Vec<String>,
}

/// The assembled file and what went into it.
pub struct Built {
    /// The finished document, written by [`Built::write`].
    doc: Document,
    /// Index pages at the front.
    pub index_pages: usize,
    /// Pages in all.
    pub pages: usize,
    /// Documents included.
    pub documents: usize,
    /// Documents left out.
    pub omitted: Vec<Omitted>,
    /// Documents whose scripts, attached files or media were removed.
    pub stripped: Vec<Stripped>,
}

impl Built {
    /// Writes the PDF; returns its size in bytes.
    pub fn write(&mut self, to: impl std::io::Write) -> std::io::Result<u64> {
        let mut counted = Counted {
            inner: to,
            bytes: 0,
        };
        write_pdf(&mut self.doc, &mut counted)?;
        std::io::Write::flush(&mut counted)?;
        Ok(counted.bytes)
    }
}

/// Writes a PDF the way every file `build` makes is written. Object and cross-reference
/// streams: the pages' dictionaries, the outline and the xref table go in Flate streams,
/// which is what keeps the file no larger than img2pdf's or qpdf's for the same pages
/// (PDF 1.5, read by every current viewer).
fn write_pdf<W: std::io::Write>(doc: &mut Document, to: &mut W) -> std::io::Result<()> {
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        // lopdf's builder leaves the object streams uncompressed unless told.
        .compression_level(9)
        .build();
    doc.save_with_options(to, options)
        .map(|_| ())
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// A document as the bytes [`write_pdf`] makes of it.
fn save(mut doc: Document) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_pdf(&mut doc, &mut out)?;
    Ok(out)
}

/// A writer that counts what passes through it.
pub struct Counted<W> {
    /// Where the bytes go.
    pub inner: W,
    /// How many went.
    pub bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where a document landed in the assembled file.
pub struct Span {
    /// Its pages (0-based, index pages counted).
    pub pages: std::ops::Range<usize>,
    /// Its two-digit number.
    pub number: String,
    /// Its title.
    pub title: String,
}

impl Span {
    /// `NN Title`, as bookmarks and footers name the document.
    pub fn heading(&self) -> String {
        format!("{} {}", self.number, self.title)
    }
}

/// A document's content, ready to append.
enum Content {
    /// A PDF, and the active content removed from it.
    Pdf(Box<Document>, Vec<String>),
    /// An image file's pages: one, or every page of a multi-page TIFF.
    Image(Vec<image::ImagePage>),
    Omitted(String),
}

impl Content {
    fn pages(&self) -> usize {
        match self {
            Content::Pdf(d, _) => crate::read::page_tree::pages(d).pages.len(),
            Content::Image(pages) => pages.len(),
            Content::Omitted(_) => 0,
        }
    }
}

/// A document in the order of the output.
struct Part<'a> {
    entry: &'a Entry,
    number: String,
    title: String,
    content: Content,
    /// XXH3 of the file's bytes, for the output's /ID.
    digest: u128,
}

/// Assembles the pack's documents into one PDF. Documents that cannot go in (a type
/// other than PDF, JPEG, PNG, TIFF; unreadable, encrypted) are listed in the index as not
/// included and returned in `omitted`; nothing a document holds can make this fail.
/// The index states `facts` when given (the documents were read), else the manifest's.
pub fn build(pack: &Pack, facts: Option<&PackFacts>, opts: &Options) -> Result<Built, String> {
    let mut docs: Vec<&Entry> = pack.documents().collect();
    docs.sort_by_key(|e| (e.number().unwrap_or(u32::MAX), e.name.clone()));
    let paper = opts.paper.size();
    // DejaVu is parsed only when the index needs it (text beyond WinAnsi): a Latin index
    // is drawn in the viewer's Helvetica and never touches it.
    let parts = load_all(&docs, paper, &opts.unusable);

    let known = Known::of(pack, facts);
    let mut index = index_of(pack, &known, &parts, paper);
    let index_pages = index.page_count();
    let mut next = index_pages + 1;
    for (row, part) in index.rows.iter_mut().zip(&parts) {
        let n = part.content.pages();
        row.pages = match (&part.content, n) {
            (Content::Omitted(_), _) | (_, 0) => "not included".into(),
            (_, 1) => next.to_string(),
            _ => format!("{next}–{}", next + n - 1),
        };
        next += n;
    }
    let drawn = index.draw()?;
    let index_doc = Document::load_mem(&drawn.pdf).map_err(|e| format!("the index page: {e}"))?;

    // The /ID: a hash of everything the output is made of, known before it is written.
    let mut id = xxhash_rust::xxh3::Xxh3::new();
    id.update(env!("CARGO_PKG_VERSION").as_bytes());
    id.update(&[u8::from(opts.stamp), opts.paper as u8]);
    id.update(&drawn.pdf);
    for part in &parts {
        id.update(part.entry.name.as_bytes());
        id.update(&part.digest.to_le_bytes());
    }
    let id = id.digest128().to_be_bytes();

    let mut asm = Assembly::new();
    let index_ids = asm.append_pdf(index_doc, "index");
    let mut firsts: Vec<Option<ObjectId>> = Vec::with_capacity(parts.len());
    let mut omitted = Vec::new();
    let mut stripped = Vec::new();
    let mut spans = Vec::new();
    for part in parts {
        let start = asm.pages.len();
        let first = match part.content {
            Content::Pdf(doc, removed) => {
                if !removed.is_empty() {
                    stripped.push(Stripped {
                        file: part.entry.name.clone(),
                        removed,
                    });
                }
                asm.append_pdf(*doc, &part.number).first().copied()
            }
            Content::Image(pages) => pages
                .into_iter()
                .map(|page| asm.append_image(page))
                .fold(None, |first, id| first.or(Some(id))),
            Content::Omitted(reason) => {
                omitted.push(Omitted {
                    file: part.entry.name.clone(),
                    reason,
                });
                None
            }
        };
        if first.is_some() {
            spans.push(Span {
                pages: start..asm.pages.len(),
                number: part.number.clone(),
                title: part.title.clone(),
            });
        }
        firsts.push(first);
    }
    for (page, placed) in index_ids.iter().zip(&drawn.rows) {
        let links: Vec<Object> = placed
            .iter()
            .filter_map(|(row, rect)| {
                let target = (*firsts.get(*row)?)?;
                Some(asm.doc.add_object(outline::link(*rect, target)).into())
            })
            .collect();
        if let Ok(dict) = asm.doc.get_dictionary_mut(*page) {
            dict.set("Annots", links);
        }
    }
    if opts.stamp {
        stamp::stamp(&mut asm, &spans, index_pages, known.name.as_deref())?;
    }
    let items: Vec<(String, ObjectId)> = spans
        .iter()
        .map(|s| (s.heading(), asm.pages[s.pages.start]))
        .collect();
    let documents = items.len();
    let pages = asm.pages.len();
    let labels: Vec<(usize, String)> = spans
        .iter()
        .map(|s| (s.pages.start, s.number.clone()))
        .collect();
    let doc = finish(asm, known.name.as_deref(), &items, &labels, id);
    Ok(Built {
        doc,
        index_pages,
        pages,
        documents,
        omitted,
        stripped,
    })
}

/// Every document read, in parallel, in the given order.
fn load_all<'a>(
    docs: &[&'a Entry],
    paper: (f64, f64),
    unusable: &std::collections::BTreeMap<String, String>,
) -> Vec<Part<'a>> {
    docs.par_iter()
        .map(|e| {
            let (content, digest) = match unusable.get(&e.name) {
                Some(why) => (Content::Omitted(why.clone()), 0),
                None => catching_value(|| load(e, paper))
                    .unwrap_or_else(|| (Content::Omitted("reading it failed".into()), 0)),
            };
            Part {
                entry: e,
                number: e.number().map_or("—".into(), |n| format!("{n:02}")),
                title: title_of(e),
                content,
                digest,
            }
        })
        .collect()
}

/// Reads one document into what the output takes from it, and the XXH3 of its bytes.
fn load(entry: &Entry, paper: (f64, f64)) -> (Content, u128) {
    let mut digest = 0;
    let content = load_content(entry, paper, &mut digest);
    (content, digest)
}

fn load_content(entry: &Entry, paper: (f64, f64), digest: &mut u128) -> Content {
    let Some(kind) = entry.doc().and_then(|d| d.sniffed) else {
        return Content::Omitted("the file could not be read".into());
    };
    if !matches!(
        kind,
        FileType::Pdf | FileType::Jpeg | FileType::Png | FileType::Tiff
    ) {
        return Content::Omitted(format!(
            "its type ({}) cannot go into the pack: only PDF, JPEG, PNG and TIFF can",
            kind.label()
        ));
    }
    if kind != FileType::Pdf {
        let bytes = match read_capped(&entry.path, MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(e) => return Content::Omitted(e),
        };
        *digest = xxhash_rust::xxh3::xxh3_128(&bytes);
        return match image::image_pages(&bytes, kind, paper) {
            Ok(pages) => Content::Image(pages),
            Err(e) => Content::Omitted(e),
        };
    }
    let loaded = with_file(&entry.path, |bytes| {
        *digest = xxhash_rust::xxh3::xxh3_128(bytes);
        // What check read is what goes in: the same repairs, or a stream without
        // /Length would be written as one byte and an openable file left out as encrypted.
        crate::read::pdf::load_mem_repaired(bytes, crate::read::pdf::load_options())
            .map(|(doc, _)| doc)
    });
    match loaded {
        Err(e) => Content::Omitted(e),
        Ok(Ok(doc)) if doc.is_encrypted() => {
            Content::Omitted("it is encrypted: save a copy without a password".into())
        }
        Ok(Ok(doc)) if crate::read::page_tree::pages(&doc).pages.is_empty() => {
            Content::Omitted("it has no pages".into())
        }
        Ok(Ok(mut doc)) => {
            // An officer's copy runs nothing and carries nothing hidden (file/active-content).
            let removed = crate::read::active::strip(&mut doc);
            Content::Pdf(Box::new(doc), removed)
        }
        Ok(Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword)) => {
            Content::Omitted("it needs a password to open".into())
        }
        Ok(Err(e)) => Content::Omitted(format!(
            "it cannot be read as a PDF: {}",
            crate::read::pdf::explain(&e)
        )),
    }
}

thread_local! {
    /// Each thread reads its PDFs into one buffer: lopdf copies what it keeps, and a
    /// fresh allocation per file costs a page fault per 4 KiB (a fifth of a build's time).
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` over the file's bytes, held in the thread's buffer.
fn with_file<T>(path: &std::path::Path, f: impl FnOnce(&[u8]) -> T) -> Result<T, String> {
    BUFFER.with_borrow_mut(|buf| {
        read_capped_into(path, MAX_FILE_BYTES, buf)?;
        let result = f(buf);
        // A huge file's buffer is not worth keeping for the next, small one.
        if buf.capacity() > 64 << 20 {
            *buf = Vec::new();
        }
        Ok(result)
    })
}

/// `Passport_Bio_Page` → `Passport Bio Page`; a name that is not `NN_Title.ext` shows whole.
/// A document's title for its index row, bookmark and footer: never a control character,
/// which would show as a box or break the line an officer reads.
fn title_of(e: &Entry) -> String {
    match e.doc().map(|d| &d.name) {
        Some(Ok(name)) => visible(&name.title.replace('_', " ")).trim().to_string(),
        _ => visible(&e.name).into_owned(),
    }
}

/// The index's heading, trip lines and rows (page ranges filled in later).
fn index_of(pack: &Pack, known: &Known, parts: &[Part], paper: (f64, f64)) -> Index {
    let heading = match &known.name {
        Some(name) => format!("Document pack — {name}"),
        None => "Document pack".to_string(),
    };
    let mut lines = Vec::new();
    match (known.arrival, known.departure) {
        (Some(a), Some(d)) => lines.push(format!("Trip: {a} to {d}")),
        (Some(a), None) => lines.push(format!("Arrival: {a}")),
        (None, Some(d)) => lines.push(format!("Departure: {d}")),
        (None, None) => {}
    }
    if !known.purposes.is_empty() {
        lines.push(format!("Purpose: {}", known.purposes.join(", ")));
    }
    if let Some(n) = &known.passport {
        lines.push(format!("Passport: {n}"));
    }
    if let Some(day) = pack.manifest.as_ref().and_then(|m| m.submission) {
        lines.push(format!("Submitted: {day}"));
    }
    let profile = &pack.profile;
    lines.push(format!("Profile: {} ({})", profile.title, profile.name));
    let rows = parts
        .iter()
        .map(|p| Row {
            number: p.number.clone(),
            title: p.title.clone(),
            kind: p
                .entry
                .kind()
                .and_then(|k| profile.kinds.iter().find(|s| s.id == k))
                .map_or("—".into(), |s| s.title.replace('_', " ")),
            pages: String::new(),
            file: visible(&p.entry.name).into_owned(),
        })
        .collect();
    Index {
        heading,
        lines,
        rows,
        page: (paper.0 as f32, paper.1 as f32),
    }
}

/// Page tree, catalog, metadata and the /ID; unreachable objects pruned.
fn finish(
    mut asm: Assembly,
    name: Option<&str>,
    items: &[(String, ObjectId)],
    labels: &[(usize, String)],
    id: [u8; 16],
) -> Document {
    let kids: Vec<Object> = asm.pages.iter().map(|&id| id.into()).collect();
    let count = kids.len() as i64;
    asm.doc.objects.insert(
        asm.pages_root,
        Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", kids.into()),
            ("Count", count.into()),
        ])
        .into(),
    );
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", asm.pages_root);
    if let Some(root) = outline::outline(&mut asm.doc, items) {
        catalog.set("Outlines", root);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    catalog.set("PageLabels", outline::page_labels(labels));
    if let Some(form) = asm.form() {
        catalog.set("AcroForm", form);
    }
    if let Some(layers) = asm.layers() {
        catalog.set("OCProperties", layers);
    }
    let catalog = asm.doc.add_object(catalog);
    let mut info = Dictionary::new();
    info.set(
        "Title",
        outline::text(&match name {
            Some(n) => format!("Document pack — {n}"),
            None => "Document pack".into(),
        }),
    );
    if let Some(n) = &name {
        info.set("Author", outline::text(n));
    }
    let producer = concat!("dossier ", env!("CARGO_PKG_VERSION"));
    info.set("Producer", Object::string_literal(producer));
    info.set("Creator", Object::string_literal(producer));
    let info = asm.doc.add_object(info);
    let mut doc = asm.doc;
    doc.trailer = Dictionary::new();
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let id = Object::String(id.to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    doc.prune_objects();
    doc
}

/// Test documents: `doc` given a page tree and catalog holding the one page `page` (its
/// `/Type` and `/Parent` set here); returns the page's id.
#[cfg(test)]
pub(crate) fn with_one_page(doc: &mut Document, mut page: lopdf::Dictionary) -> ObjectId {
    let pages = doc.new_object_id();
    page.set("Type", "Page");
    page.set("Parent", pages);
    let page = doc.add_object(page);
    doc.objects.insert(
        pages,
        Object::Dictionary(
            lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    page
}
