//! Opening documents for real: PDF structure, images placed on pages, standalone images.
//!
//! Each document is read once (lazily, when a rule asks) into a [`Reading`]: what is wrong
//! with the file, its pages, and for every scanned page the measures of legibility. Pixels
//! are decoded at the analysis scale and dropped once measured, so memory stays bounded by
//! the pages in flight, not by the document.

pub mod active;
pub mod analyse;
pub mod budget;
pub mod content;
pub mod face;
pub mod frame;
pub mod guard;
pub mod image_file;
pub mod image_rows;
pub mod jpeg;
pub mod limits;
pub mod mend;
pub mod metrics;
pub mod ocr;
pub mod page_tree;
pub mod pdf;
pub mod photo;
pub mod raster;
pub mod signature;
pub mod text;
pub mod thumbnail;
pub mod tiff_frames;
pub mod type3;

use crate::measure::{Chroma, Edges, Ink, Levels, Shadow};
use crate::pack::entry::Entry;
use crate::pack::role::KindRole;
use crate::pack::sniff::FileType;
use serde::Serialize;

/// What reading one document found.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Why the document cannot be used, if it cannot.
    pub failure: Option<Failure>,
    /// Page count (1 for a standalone image); `None` when unknown.
    pub pages: Option<u32>,
    /// How the PDF's cross-reference data had to be repaired, if it had to be.
    pub repaired: Option<String>,
    /// Who signed the PDF's signed signature fields.
    pub signed: Vec<String>,
    /// The PDF's active content (scripts, attached files, media), in plain words.
    pub active: Vec<String>,
    /// Every page (PDF) or the one image.
    pub page_info: Vec<PageInfo>,
    /// The photo measures, for a document of the `photo` kind.
    pub photo: Option<photo::Photo>,
}

impl Reading {
    /// Why the document cannot be used, when it cannot: the one decision `check`
    /// (`file/unreadable`, `file/encrypted`, `file/empty`) and `build` (left out, "not
    /// included") share. A page whose content cannot be read, or an image over the
    /// safety limits, makes the document unusable as a whole.
    pub fn unusable(&self) -> Option<String> {
        match &self.failure {
            Some(Failure::Encrypted(_)) => Some("it needs a password to open".into()),
            Some(Failure::NoPages) => Some("it has no pages".into()),
            Some(Failure::Unreadable(why)) => Some(why.clone()),
            None => self.damage(),
        }
    }

    /// Why a document that opened still cannot be read in full: the first page whose
    /// content is damaged.
    pub fn damage(&self) -> Option<String> {
        self.page_info.iter().find_map(|p| p.damaged.clone())
    }

    /// Pages of a PDF whose scan is over the safety limits, with why: the page is not
    /// measured, the rest of the document is (one huge image does not make a 352-page
    /// statement unreadable).
    pub fn unmeasured(&self) -> Vec<(u32, String)> {
        self.page_info
            .iter()
            .filter_map(|p| {
                let s = p.scan.as_ref().filter(|s| s.over_limit)?;
                Some((p.number, s.not_measured.clone()?))
            })
            .collect()
    }
}

/// Why a document cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// A user password is needed to open it.
    Encrypted(String),
    /// Corrupt, truncated, or over a safety limit; the reason says which.
    Unreadable(String),
    /// A PDF with no pages.
    NoPages,
}

/// One page of a document.
#[derive(Debug, Clone, Default)]
pub struct PageInfo {
    /// 1-based page number.
    pub number: u32,
    /// Whether anything visible is drawn: text, an image, a painted non-white path.
    pub has_content: bool,
    /// Whether the page holds text that is drawn (not the invisible OCR layer).
    pub has_visible_text: bool,
    /// The scan that fills the page, when the page is a scanned image.
    pub scan: Option<Scan>,
    /// Why the page's content could not be read, when it could not.
    pub damaged: Option<String>,
    /// The page's text (PDF pages that show text, the OCR layer included), or the words
    /// dossier's OCR read on a scanned page.
    pub text: Option<text::PageText>,
    /// Why a scanned page without a text layer was not read by OCR, when it was not.
    pub ocr_skipped: Option<ocr::Skipped>,
    /// The machine-readable zone found in the page's pixels (passports only).
    pub mrz: Option<crate::measure::mrz::MrzCells>,
    /// Why no zone was read from the page's pixels, when they were searched for one.
    pub mrz_miss: Option<crate::measure::mrz::Miss>,
    /// The zone's lines on the page as shown, top first, when the pixels held one.
    pub mrz_lines: Vec<frame::Rect>,
    /// The page's picture, made from its scan's pixels when pictures are asked for.
    pub picture: Option<thumbnail::Thumbnail>,
}

/// Where an image's resolution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DpiSource {
    /// Pixels over the size the PDF page draws the image at.
    Placement,
    /// The file's own density tag (JFIF, EXIF, pHYs, TIFF).
    Declared,
    /// No usable tag: assumed from the document kind's paper size.
    InferredFromPaper,
    /// No usable tag: measured from the pitch of a passport's machine-readable zone.
    MeasuredFromMrz,
}

/// A scanned page or image, and what measuring it found.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Pixel size as stored.
    pub pixels: (u32, u32),
    /// Effective resolution (the lower of the two axes).
    pub dpi: f64,
    /// Where `dpi` comes from.
    pub dpi_source: DpiSource,
    /// How the pixels are encoded (`jpeg`, `flate`, `ccitt`, `png`, `tiff`, ...).
    pub encoding: &'static str,
    /// Components: 1 gray or bilevel, 3 colour, 4 CMYK.
    pub components: u8,
    /// One bit per pixel (fax-style black and white).
    pub bilevel: bool,
    /// IJG quality estimated from the JPEG's quantisation tables.
    pub jpeg_quality: Option<u8>,
    /// The measures at the analysis scale; `None` when the pixels could not be decoded.
    pub measures: Option<Measures>,
    /// Why the pixels were not measured, when they were not.
    pub not_measured: Option<String>,
    /// The image is over a safety cap (`not_measured` says which): the file is refused.
    pub over_limit: bool,
    /// Where the image lies on the page as shown: measures' places map through it.
    pub frame: frame::Frame,
}

/// Legibility measures of one scan at the analysis scale.
#[derive(Debug, Clone)]
pub struct Measures {
    /// Resolution of the analysis image.
    pub analysis_dpi: f64,
    /// Crete-Roffet blur effect.
    pub blur: f64,
    /// Luma percentiles.
    pub levels: Levels,
    /// Paper-level unevenness.
    pub shadow: Option<Shadow>,
    /// Ink running into the edges.
    pub edges: Edges,
    /// Text-line angle in degrees.
    pub skew: Option<f64>,
    /// Ink coverage.
    pub ink: Ink,
    /// Colour content, for colour sources.
    pub chroma: Option<Chroma>,
}

/// Paper size a document kind is expected on, for images without a usable density (mm).
pub fn expected_paper_mm(role: Option<KindRole>) -> (f64, f64) {
    match role {
        // ICAO 9303 TD3 bio page, scanned on its own.
        Some(KindRole::Passport) => (125.0, 88.0),
        // A visa photo, 35 x 45 mm.
        Some(KindRole::Photo) => (35.0, 45.0),
        _ => (210.0, 297.0),
    }
}

/// How much of a document to read: the engine asks only for what its rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Extract each page's text.
    pub text: bool,
    /// Decode and measure scanned pages and photos; without it an image is only sized.
    pub pixels: bool,
    /// Decode colour as well as luma (the profile's `colour_kinds`).
    pub colour: bool,
    /// Read the words of scanned pages with OCR where a document holds no text layer.
    pub ocr: bool,
    /// Look for a machine-readable zone in the pixels (set for passports that are read
    /// for their text or measured: the zone also measures a photo's resolution).
    pub mrz: bool,
    /// Keep a picture of each of the first pages that are a scan, from the pixels decoded
    /// to measure it (the HTML report): no second decode.
    pub pictures: bool,
}

impl ReadOptions {
    /// Everything: text, pixels, colour.
    pub const ALL: ReadOptions = ReadOptions {
        text: true,
        pixels: true,
        colour: true,
        ocr: true,
        mrz: true,
        pictures: false,
    };
}

/// Why a scan's pixels were left alone when no rule of the run looks at them.
pub const PIXELS_NOT_WANTED: &str = "not measured: no rule of this run looks at pixels";

/// Reads one document of a pack (never panics: a parser panic becomes `Unreadable`).
pub fn read_entry(entry: &Entry, opts: ReadOptions) -> Option<Reading> {
    let doc = entry.doc()?;
    if entry.bytes == 0 || doc.io_error.is_some() {
        return None;
    }
    let role = doc.role;
    let sniffed = doc.sniffed?;
    if role == Some(KindRole::Photo) {
        let opts = ReadOptions {
            ocr: false,
            mrz: false,
            ..opts
        };
        return read_photo(entry, sniffed, opts);
    }
    // The passport's words are its machine-readable zone, which general OCR misreads
    // (fillers as `K`); its own reader handles it.
    let passport = role == Some(KindRole::Passport);
    let opts = ReadOptions {
        ocr: opts.ocr && !passport,
        mrz: (opts.text || opts.pixels) && passport,
        ..opts
    };
    let reading = match sniffed {
        FileType::Pdf => guard::catching(|| pdf::read(&entry.path, opts)),
        FileType::Jpeg | FileType::Png | FileType::Tiff => {
            guard::catching(|| image_file::read(&entry.path, sniffed, role, opts))
        }
        _ => return None,
    };
    Some(reading)
}

/// A photo: an image decoded once, in colour, for the photo rules; a PDF read like any
/// other, then its one JPEG measured as a photo.
fn read_photo(entry: &Entry, sniffed: FileType, opts: ReadOptions) -> Option<Reading> {
    let opts = ReadOptions {
        colour: true,
        ..opts
    };
    match sniffed {
        FileType::Jpeg | FileType::Png | FileType::Tiff if !opts.pixels => {
            Some(guard::catching(|| {
                image_file::read(&entry.path, sniffed, Some(KindRole::Photo), opts)
            }))
        }
        FileType::Jpeg | FileType::Png | FileType::Tiff => Some(guard::catching(|| {
            photo::read(&entry.path, sniffed, opts.pictures)
        })),
        FileType::Pdf => {
            let mut reading = guard::catching(|| pdf::read(&entry.path, opts));
            if reading.failure.is_none() && opts.pixels {
                reading.photo = guard::catching_value(|| photo::from_pdf(&entry.path)).flatten();
            }
            Some(reading)
        }
        _ => None,
    }
}
