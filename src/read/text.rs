//! A page's text in reading order, from lopdf's font decoding: standard-14 fonts with
//! WinAnsi/MacRoman, embedded TrueType and CID fonts through ToUnicode, custom
//! Differences, Type 3 fonts (code by code, [`super::type3`]), and the invisible text
//! layer of OCR'd scans. Unlike lopdf's own extractor it walks into Form XObjects, breaks
//! lines where the text position moves down, keeps a word whole when its pieces are
//! placed end to end (from the fonts' widths), and refuses fonts whose codes cannot be
//! turned into letters (an Identity-H font without ToUnicode yields printable nonsense).

use super::content::{IDENTITY, Matrix, concat, deref, form_matrix, inherited, matrix};
use super::frame::{PageView, Rect};
use super::limits::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_OPERATIONS};
use super::type3::{self, Type3Font};
use lopdf::Encoding;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// The text of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// The text, lines separated by `\n`.
    pub text: String,
    /// Some shown text could not be decoded (fonts without a usable mapping) or read as
    /// nonsense: treat the page as having no text layer.
    pub garbage: bool,
    /// Where the text came from: this module reads the text layer.
    pub source: Source,
    /// Byte ranges of words OCR was unsure of: a fact read there may be misread.
    pub uncertain: Vec<std::ops::Range<usize>>,
    /// Where the text lies on the page as shown: each shown string (text layer) or
    /// word (OCR) with its box, in text order.
    pub boxes: Vec<TextBox>,
}

/// A piece of a page's text and where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// Byte range in [`PageText::text`].
    pub span: std::ops::Range<usize>,
    /// Its box on the page as shown.
    pub rect: Rect,
}

impl PageText {
    /// Where the bytes `span` of the text lie on the page: one box per line they cover
    /// (a shown string partly in the span is cut in proportion of its characters).
    pub fn rects_of(&self, span: &std::ops::Range<usize>) -> Vec<Rect> {
        let mut out: Vec<Rect> = Vec::new();
        for b in &self.boxes {
            let (start, end) = (span.start.max(b.span.start), span.end.min(b.span.end));
            if start >= end {
                continue;
            }
            let Some(piece) = self.text.get(b.span.clone()) else {
                continue;
            };
            // Cut in proportion of the characters' widths, Helvetica's as the nearest known.
            let chars = |r: std::ops::Range<usize>| {
                r.start.checked_sub(b.span.start).and_then(|s| {
                    let e = r.end - b.span.start;
                    piece
                        .get(s..e)
                        .map(|t| t.chars().map(char_width).sum::<f32>())
                })
            };
            let (Some(before), Some(inside)) = (chars(b.span.start..start), chars(start..end))
            else {
                continue;
            };
            let total = chars(b.span.clone()).unwrap_or(0.0).max(1e-3);
            let [l, t, r, bottom] = b.rect;
            // Horizontal text is cut along its width; other text is marked whole.
            let rect = if r - l >= bottom - t {
                let w = r - l;
                [
                    l + w * before / total,
                    t,
                    l + w * (before + inside) / total,
                    bottom,
                ]
            } else {
                b.rect
            };
            // Pieces on one line join up; a new line starts a new box.
            match out.last_mut() {
                Some(last) if overlap(last[1], last[3], rect[1], rect[3]) > 0.5 => {
                    *last = super::frame::union(*last, rect);
                }
                _ => out.push(rect),
            }
        }
        out
    }

    /// Maps the boxes, found in another frame (an image's own fractions), onto the page.
    pub fn map_boxes(&mut self, map: impl Fn(Rect) -> Option<Rect>) {
        self.boxes = std::mem::take(&mut self.boxes)
            .into_iter()
            .filter_map(|b| {
                Some(TextBox {
                    rect: map(b.rect)?,
                    span: b.span,
                })
            })
            .collect();
    }
}

/// A character's width for cutting a box: Helvetica's for ASCII, a digit's otherwise.
fn char_width(c: char) -> f32 {
    let w = u8::try_from(c)
        .ok()
        .filter(u8::is_ascii)
        .map_or(556, |b| super::metrics::HELVETICA[usize::from(b)]);
    f32::from(w.max(200))
}

/// How much two vertical spans overlap, over the shorter one.
fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    let shared = a1.min(b1) - a0.max(b0);
    let shorter = (a1 - a0).min(b1 - b0).max(1e-6);
    (shared / shorter).max(0.0)
}

/// Where a page's text came from; the extractors read both alike, the findings say which.
///
/// Defined beside [`PageText`] because the reader is what knows it; `text::Source`
/// names it for the layers above.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Source {
    /// The PDF's text layer: a producer's text, or the invisible layer of an OCR'd scan.
    #[default]
    Layer,
    /// Recognised by dossier from the page's pixels.
    Ocr,
}

/// Shown strings whose boxes are kept per page: a hostile page of a million one-letter
/// strings keeps its text, not a million boxes.
const MAX_RUNS: usize = 100_000;

/// TJ adjustments (thousandths of an em) more negative than this are a word gap. TJ
/// counts thousandths of a text space unit, which is an em for every font but a Type 3
/// font whose FontMatrix says otherwise.
const WORD_GAP: f64 = -180.0;

/// Extracts the text of page `page_id` (loading its content).
pub fn page_text(doc: &Document, page_id: ObjectId) -> PageText {
    let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) else {
        return PageText {
            garbage: true,
            source: Source::Layer,
            ..PageText::default()
        };
    };
    let resources = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|p| inherited(doc, p, b"Resources"))
        .and_then(|r| r.as_dict().ok());
    let view = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|p| {
            super::content::rect(inherited(doc, p, b"CropBox").or(inherited(doc, p, b"MediaBox")))
        })
        .map(|crop| PageView::new(crop, 0))
        .unwrap_or(PageView::new([0.0, 0.0, 595.0, 842.0], 0));
    text_of_content(doc, &content, resources, MAX_CONTENT_BYTES, &view).0
}

/// Extracts the text of decoded page content, reading at most `allowance` bytes of form
/// content, with where each piece lies on the page `view`; returns the text and the
/// form bytes read.
pub fn text_of_content(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    allowance: usize,
    view: &PageView,
) -> (PageText, usize) {
    let allowance = allowance.min(MAX_CONTENT_BYTES);
    let mut w = Writer {
        doc,
        out: PageText {
            source: Source::Layer,
            ..PageText::default()
        },
        fonts: HashMap::new(),
        operations: MAX_OPERATIONS,
        bytes: allowance,
        visited: HashSet::new(),
        last_y: None,
        last_end: None,
        undecodable: 0,
        shown: 0,
        runs: Vec::new(),
    };
    w.walk(content, resources, IDENTITY, 0);
    let used = allowance - w.bytes;
    let mut out = w.out;
    let (text, at) = tidy(&out.text);
    out.text = text;
    out.boxes = w
        .runs
        .into_iter()
        .filter_map(|(raw, corners)| {
            let span = at[raw.start]..at[raw.end];
            (span.start < span.end).then_some(TextBox {
                span,
                rect: view.rect_of(&corners)?,
            })
        })
        .collect();
    out.garbage |=
        (w.undecodable > 0 && w.undecodable * 2 >= w.shown) || looks_like_garbage(&out.text);
    if out.garbage {
        out.text.clear();
        out.boxes.clear();
    }
    (out, used)
}

/// How one font's codes become text.
enum Decoder<'a> {
    /// lopdf decodes them.
    Known(Encoding<'a>),
    /// A Type 3 font, code by code.
    Type3(Box<Type3Font>),
    /// No mapping to Unicode: the codes are glyph ids.
    Unmapped,
}

/// One font as the reader uses it.
struct Font<'a> {
    decoder: Decoder<'a>,
    /// Each one-byte code's advance at size 1, in text space units (simple fonts with
    /// `/Widths`): where a string ends, so text placed right there continues its word.
    advances: Option<Box<[f64]>>,
    /// The em in text space units, horizontally and vertically: 1 but in a Type 3 font.
    em: (f64, f64),
    /// Widths (1/1000 em) of a standard font the PDF lists no widths for: only where
    /// its text ends on the page is taken from them, never how words join.
    standard: Option<Standard>,
}

/// The widths of a standard font: a table per code, or one width for all (Courier).
#[derive(Clone, Copy)]
enum Standard {
    Table(&'static [u16; 256]),
    Fixed(u16),
}

impl Standard {
    /// Of the font named `base` (a subset's `ABCDEF+` prefix ignored): Helvetica's for
    /// every proportional face, the nearest known.
    fn of(base: &[u8]) -> Standard {
        let name = String::from_utf8_lossy(base).to_ascii_lowercase();
        if name.contains("courier") || name.contains("mono") {
            Standard::Fixed(super::metrics::COURIER)
        } else if name.contains("bold") || name.contains("black") || name.contains("heavy") {
            Standard::Table(&super::metrics::HELVETICA_BOLD)
        } else {
            Standard::Table(&super::metrics::HELVETICA)
        }
    }

    fn width(self, code: u8) -> f64 {
        f64::from(match self {
            Standard::Table(t) => t[usize::from(code)],
            Standard::Fixed(w) => w,
        }) / 1000.0
    }
}

/// The text state parameters that move the text position (PDF 9.3).
#[derive(Debug, Clone, Copy)]
struct Spacing {
    size: f64,
    /// `Tc`.
    char: f64,
    /// `Tw`, added for each single-byte code 32.
    word: f64,
    /// `Tz` over 100.
    horizontal: f64,
}

struct Writer<'a> {
    doc: &'a Document,
    out: PageText,
    fonts: HashMap<ObjectId, Font<'a>>,
    operations: usize,
    bytes: usize,
    visited: HashSet<ObjectId>,
    /// Baseline of the last text shown, in text space scaled by the font size.
    last_y: Option<(f64, f64)>,
    /// Where the last text shown ended (device space), when its font's widths are known.
    last_end: Option<(f64, f64)>,
    undecodable: usize,
    shown: usize,
    /// Each shown string's byte range in the raw text, and its box's corners in user space.
    runs: Vec<(std::ops::Range<usize>, Corners)>,
}

/// How far shown strings move the text position in a standard font (text space units).
fn standard_advance(font: Standard, shown: &[Object], spacing: Spacing) -> f64 {
    let mut a = 0.0;
    let string = |bytes: &[u8], a: &mut f64| {
        for &code in bytes {
            let word = if code == b' ' { spacing.word } else { 0.0 };
            *a += (font.width(code) * spacing.size + spacing.char + word) * spacing.horizontal;
        }
    };
    for o in shown {
        match o {
            Object::String(bytes, _) => string(bytes, &mut a),
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(bytes, _) => string(bytes, &mut a),
                        Object::Integer(_) | Object::Real(_) => {
                            let gap = item.as_float().map(f64::from).unwrap_or(0.0);
                            a -= gap / 1000.0 * spacing.size * spacing.horizontal;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    a
}

/// A box's four corners in user space.
type Corners = [(f64, f64); 4];

/// A run's box from its baseline start to its end, an em high: from a fifth of an em
/// below the baseline (descenders) to four fifths above it.
fn run_corners(device: &Matrix, advance: f64, up: f64) -> Corners {
    let at = |a: f64, h: f64| {
        (
            a * device[0] + h * device[2] + device[4],
            a * device[1] + h * device[3] + device[5],
        )
    };
    let (low, high) = (-0.2 * up, 0.8 * up);
    [
        at(0.0, low),
        at(advance, low),
        at(advance, high),
        at(0.0, high),
    ]
}

impl<'a> Writer<'a> {
    fn font(&mut self, font_ref: &'a Object) -> Option<&Font<'a>> {
        let id = font_ref.as_reference().ok()?;
        if !self.fonts.contains_key(&id) {
            let font = self.doc.get_dictionary(id).ok()?;
            let font = load_font(self.doc, font);
            self.fonts.insert(id, font);
        }
        self.fonts.get(&id)
    }

    fn walk(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        start: Matrix,
        depth: usize,
    ) {
        let fonts = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|o| deref(self.doc, o).as_dict().ok());
        let xobjects = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| deref(self.doc, o).as_dict().ok());
        let mut font: Option<&'a Object> = None;
        let mut spacing = Spacing {
            size: 12.0,
            char: 0.0,
            word: 0.0,
            horizontal: 1.0,
        };
        let mut leading = 0.0;
        // Text matrix and line matrix: only their translation and vertical scale matter.
        let mut tm = IDENTITY;
        let mut tlm = tm;
        // Producers place lines with `cm` as often as with the text matrix (WeasyPrint
        // flips the page and moves to each line): the line break is judged in device space.
        let mut ctm = start;
        let mut saved: Vec<Matrix> = Vec::new();
        for op in Content::decode_iter(content) {
            let Ok(op) = op else {
                return;
            };
            if self.operations == 0 {
                self.out.garbage = true;
                return;
            }
            self.operations -= 1;
            let args = &op.operands;
            let num = |i: usize| args.get(i).and_then(|o| o.as_float().ok()).map(f64::from);
            match op.operator.as_str() {
                "q" if saved.len() < 256 => saved.push(ctm),
                "Q" => ctm = saved.pop().unwrap_or(ctm),
                "cm" => {
                    if let Some(m) = matrix(args) {
                        ctm = concat(&m, &ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = tm;
                }
                "Tf" => {
                    font = args
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| fonts?.get(n).ok());
                    spacing.size = num(1).unwrap_or(spacing.size);
                }
                "TL" => leading = num(0).unwrap_or(leading),
                "Tc" => spacing.char = num(0).unwrap_or(spacing.char),
                "Tw" => spacing.word = num(0).unwrap_or(spacing.word),
                "Tz" => spacing.horizontal = num(0).map_or(spacing.horizontal, |z| z / 100.0),
                "Td" | "TD" => {
                    let (tx, ty) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    tlm[4] += tx * tlm[0] + ty * tlm[2];
                    tlm[5] += tx * tlm[1] + ty * tlm[3];
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = matrix(args) {
                        tm = m;
                        tlm = m;
                    }
                }
                "T*" => {
                    tlm[4] += -leading * tlm[2];
                    tlm[5] += -leading * tlm[3];
                    tm = tlm;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator == "'" || op.operator == "\"" {
                        tlm[4] += -leading * tlm[2];
                        tlm[5] += -leading * tlm[3];
                        tm = tlm;
                    }
                    if op.operator == "\"" {
                        spacing.word = num(0).unwrap_or(spacing.word);
                        spacing.char = num(1).unwrap_or(spacing.char);
                    }
                    let shown: &[Object] = match op.operator.as_str() {
                        "\"" => args.get(2).map(std::slice::from_ref).unwrap_or(&[]),
                        _ => args,
                    };
                    let device = concat(&tm, &ctm);
                    let em = font.and_then(|f| self.font(f)).map_or((1.0, 1.0), |f| f.em);
                    let em_height = spacing.size * em.1 * device[3].hypot(device[2]);
                    let em_width = spacing.size * em.0 * device[0].hypot(device[1]);
                    self.position(
                        (device[4], device[5]),
                        em_height.abs().max(0.1),
                        em_width.abs(),
                    );
                    let start = self.out.text.len();
                    let advance = font.and_then(|f| self.show(f, shown, spacing));
                    let end = self.out.text.len();
                    if end > start && self.runs.len() < MAX_RUNS {
                        // Without widths: a standard font's, else (composite fonts) half
                        // an em a character.
                        let chars = self.out.text[start..end].chars().count() as f64;
                        let standard = font
                            .and_then(|f| self.font(f))
                            .and_then(|f| f.standard)
                            .map(|st| standard_advance(st, shown, spacing));
                        let width = advance
                            .or(standard)
                            .unwrap_or(0.5 * chars * spacing.size * em.0 * spacing.horizontal);
                        let corners = run_corners(&device, width, spacing.size * em.1);
                        self.runs.push((start..end, corners));
                    }
                    self.last_end =
                        advance.map(|a| (a * device[0] + device[4], a * device[1] + device[5]));
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(name) = args.first().and_then(|a| a.as_name().ok()) else {
                        continue;
                    };
                    let Some((id, stream)) = xobjects
                        .and_then(|x| x.get(name).ok())
                        .and_then(|o| o.as_reference().ok())
                        .and_then(|id| Some((id, self.doc.get_object(id).ok()?.as_stream().ok()?)))
                    else {
                        continue;
                    };
                    // A form's text is read once, however often it is drawn.
                    if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form")
                        || !self.visited.insert(id)
                    {
                        continue;
                    }
                    let Ok(data) = stream.decompressed_content_with_limit(self.bytes) else {
                        self.out.garbage = true;
                        continue;
                    };
                    self.bytes = self.bytes.saturating_sub(data.len());
                    let inner = stream
                        .dict
                        .get(b"Resources")
                        .ok()
                        .and_then(|r| deref(self.doc, r).as_dict().ok())
                        .or(resources);
                    let form = form_matrix(&stream.dict);
                    self.walk(&data, inner, concat(&form, &ctm), depth + 1);
                }
                _ => {}
            }
        }
    }

    /// Starts a new line when the baseline moved by more than half the text's height
    /// (an em high), a word gap when text was placed again on the same line, unless it
    /// starts where the last text ended (within a word gap of an em `em_width` wide):
    /// Ghostscript breaks long TJ arrays mid-word and moves on from the exact end.
    fn position(&mut self, (x, y): (f64, f64), height: f64, em_width: f64) {
        if let Some((last, _)) = self.last_y {
            let continues = self
                .last_end
                .is_some_and(|(ex, ey)| (x - ex).hypot(y - ey) < -WORD_GAP / 1000.0 * em_width);
            let text = &mut self.out.text;
            if (y - last).abs() > 0.5 * height {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            } else if !text.is_empty() && !text.ends_with([' ', '\n']) && !continues {
                text.push(' ');
            }
        }
        self.last_y = Some((y, height));
    }

    /// Appends the text of shown strings; returns how far they move the text position
    /// (text space units), when the font's widths are known.
    fn show(&mut self, font: &'a Object, shown: &[Object], spacing: Spacing) -> Option<f64> {
        let font = self.font(font)?;
        let (decoder, em) = (&font.decoder, font.em.0);
        let mut advance = font.advances.as_ref().map(|_| 0.0);
        let widths = font.advances.as_deref();
        let moved = |bytes: &[u8], advance: &mut Option<f64>| {
            if let (Some(a), Some(widths)) = (advance.as_mut(), widths) {
                for &code in bytes {
                    let word = if code == b' ' { spacing.word } else { 0.0 };
                    *a += (widths[usize::from(code)] * spacing.size + spacing.char + word)
                        * spacing.horizontal;
                }
            }
        };
        let mut text = String::new();
        let mut undecodable = 0;
        let mut total = 0;
        let mut push = |bytes: &[u8], text: &mut String| {
            total += bytes.len();
            match decoder {
                Decoder::Known(enc) => {
                    if enc.write_to_string(bytes, text).is_err() {
                        undecodable += bytes.len();
                    }
                }
                Decoder::Type3(font) => {
                    for &code in bytes {
                        match font.text(code) {
                            Some(t) => text.push_str(t),
                            None => undecodable += 1,
                        }
                    }
                }
                Decoder::Unmapped => undecodable += bytes.len(),
            }
        };
        for o in shown {
            match o {
                Object::String(bytes, _) => {
                    push(bytes, &mut text);
                    moved(bytes, &mut advance);
                }
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                push(bytes, &mut text);
                                moved(bytes, &mut advance);
                            }
                            Object::Integer(_) | Object::Real(_) => {
                                let gap = item.as_float().map(f64::from).unwrap_or(0.0);
                                if gap < WORD_GAP * em && !text.ends_with(' ') {
                                    text.push(' ');
                                }
                                if let Some(a) = advance.as_mut() {
                                    *a -= gap / 1000.0 * spacing.size * spacing.horizontal;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        self.undecodable += undecodable;
        self.shown += total;
        self.out.text.push_str(&text);
        advance
    }
}

/// Reads what the text reader needs of a font dictionary.
fn load_font<'a>(doc: &'a Document, font: &'a Dictionary) -> Font<'a> {
    let subtype = font.get(b"Subtype").and_then(Object::as_name).ok();
    if subtype == Some(b"Type3") {
        let (glyph_x, _) = type3::glyph_scale(doc, font);
        return Font {
            decoder: Type3Font::new(doc, font)
                .map_or(Decoder::Unmapped, |f| Decoder::Type3(Box::new(f))),
            advances: advances(doc, font, glyph_x),
            em: type3::em_size(doc, font),
            standard: None,
        };
    }
    // A composite font's codes are not bytes; its widths (`/W`) are not read.
    let advances = (subtype != Some(b"Type0"))
        .then(|| advances(doc, font, 0.001))
        .flatten();
    let standard = (advances.is_none() && subtype != Some(b"Type0"))
        .then(|| font.get(b"BaseFont").and_then(Object::as_name).ok())
        .flatten()
        .map(Standard::of);
    Font {
        decoder: font_decoder(doc, font),
        advances,
        em: (1.0, 1.0),
        standard,
    }
}

/// Each one-byte code's advance at size 1 in text space units: `/Widths` are in glyph
/// space, which is 1/1000 of text space but in a Type 3 font (`glyph_x`, from its
/// FontMatrix); codes it does not list take `/MissingWidth`.
fn advances(doc: &Document, font: &Dictionary, glyph_x: f64) -> Option<Box<[f64]>> {
    let number = |o: &Object| deref(doc, o).as_float().ok().map(f64::from);
    let widths = font.get(b"Widths").ok()?;
    let widths = deref(doc, widths).as_array().ok()?;
    let first = font
        .get(b"FirstChar")
        .ok()
        .and_then(|o| deref(doc, o).as_i64().ok())
        .unwrap_or(0);
    let missing = font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| deref(doc, o).as_dict().ok())
        .and_then(|d| d.get(b"MissingWidth").ok())
        .and_then(number)
        .unwrap_or(0.0);
    let mut table = vec![missing * glyph_x; 256];
    for (i, w) in widths.iter().enumerate() {
        let code = usize::try_from(first).ok().and_then(|f| f.checked_add(i));
        if let (Some(slot), Some(w)) = (code.and_then(|c| table.get_mut(c)), number(w)) {
            *slot = w * glyph_x;
        }
    }
    Some(table.into_boxed_slice())
}

/// How a font's codes map to text; `Unmapped` for a composite font without ToUnicode.
fn font_decoder<'a>(doc: &'a Document, font: &'a Dictionary) -> Decoder<'a> {
    let composite = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
    let has_to_unicode = font.get(b"ToUnicode").is_ok();
    if composite && !has_to_unicode {
        return Decoder::Unmapped;
    }
    match font.get_font_encoding_with_limit(doc, MAX_CONTENT_BYTES) {
        Ok(enc) => Decoder::Known(enc),
        Err(_) => Decoder::Unmapped,
    }
}

/// Collapses runs of spaces, trims lines, drops empty lines at the ends.
/// The text with spaces collapsed, control characters dropped and lines trimmed, and
/// where each byte of the raw text went in it (one entry more, for the end).
fn tidy(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut at = vec![0usize; text.len() + 1];
    let mut offset = 0;
    for line in text.split('\n') {
        let mut last_space = true;
        for (i, c) in line.char_indices() {
            at[offset + i..offset + i + c.len_utf8()].fill(out.len());
            let c = if c == '\u{a0}' || c == '\t' { ' ' } else { c };
            if c == ' ' {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
            } else if !c.is_control() {
                out.push(c);
                last_space = false;
            }
        }
        while out.ends_with(' ') {
            out.pop();
        }
        at[offset + line.len()] = out.len();
        out.push('\n');
        offset += line.len() + 1;
    }
    let lead = out.len() - out.trim_start_matches('\n').len();
    let tidied = out.trim_matches('\n').to_string();
    for a in &mut at {
        *a = a.saturating_sub(lead).min(tidied.len());
    }
    (tidied, at)
}

/// Text whose characters are mostly not letters, digits or punctuation of any script:
/// replacement characters, private-use glyph codes, symbols from a wrong mapping.
pub fn looks_like_garbage(text: &str) -> bool {
    let mut odd = 0usize;
    let mut total = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        let normal =
            c.is_alphanumeric() || c.is_ascii_punctuation() || "«»“”„‘’–—•№€£₸°§©®…".contains(c);
        if !normal || c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) {
            odd += 1;
        }
    }
    total >= 8 && odd * 4 > total
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// The text of `content` drawn with `font` as /F1.
    fn text_with(font: Dictionary, extra: Option<Stream>, content: &str) -> PageText {
        let mut doc = Document::new();
        let mut font = font;
        if let Some(stream) = extra {
            font.set("ToUnicode", doc.add_object(stream));
        }
        let id = doc.add_object(font);
        let resources = dictionary! { "Font" => dictionary! { "F1" => id } };
        text_of_content(
            &doc,
            content.as_bytes(),
            Some(&resources),
            MAX_CONTENT_BYTES,
            &PageView::new([0.0, 0.0, 600.0, 800.0], 0),
        )
        .0
    }

    #[test]
    fn words_are_found_where_they_are_drawn() {
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        };
        // 10 pt Helvetica at x 100, baseline 700 of a 600 x 800 page; then a line below.
        let t = text_with(
            font,
            None,
            "BT /F1 10 Tf 100 700 Td (Departure 22 January) Tj 0 -20 Td (2027) Tj ET",
        );
        assert_eq!(t.text, "Departure 22 January\n2027");
        let at = t.text.find("22 January").unwrap();
        let rects = t.rects_of(&(at..t.text.len()));
        assert_eq!(rects.len(), 2, "{rects:?}");
        let [l, top, r, bottom] = rects[0];
        // `Departure ` is 47.2 pt of Helvetica at 10 pt, `22 January` 49.5 pt.
        assert!((l * 600.0 - 147.2).abs() < 0.5, "{rects:?}");
        assert!((r * 600.0 - 196.7).abs() < 0.5, "{rects:?}");
        assert!(top < (800.0 - 700.0) / 800.0 && bottom > (800.0 - 700.0) / 800.0);
        // The year is the next line, a whole shown string.
        assert!((rects[1][0] * 600.0 - 100.0).abs() < 0.5, "{rects:?}");
        assert!(rects[1][1] > bottom - 0.001, "{rects:?}");
    }

    #[test]
    fn pieces_placed_end_to_end_are_one_word() {
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 32,
            "Widths" => vec![Object::Integer(500); 95],
        };
        // Each letter is half an em wide at 10 pt: 5 pt.
        let content = "BT /F1 10 Tf 72 700 Td (Hel) Tj 15 0 Td (lo) Tj 10 0 Td (wor) Tj \
                       19 0 Td (ld) Tj ET";
        assert_eq!(text_with(font, None, content).text, "Hellowor ld");
    }

    #[test]
    fn a_type3_font_reads_its_to_unicode_then_its_glyph_names() {
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type3",
            "FontMatrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), 0.into(), 50.into(), 50.into()],
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![
                    1.into(), "g1".into(), "H".into(), "uni0416".into(), "g4".into(),
                ],
            },
            "FirstChar" => 1,
            "Widths" => vec![Object::Integer(25); 4],
        };
        // As Ghostscript's pdfwrite writes one; lopdf's parser wants every part of it.
        let cmap = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
            /CMapName /T3 def\n/CMapType 2 def\n\
            1 begincodespacerange\n<00> <ff>\nendcodespacerange\n\
            2 beginbfchar\n<01> <0041>\n<02> <0078>\nendbfchar\n\
            endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        let to_unicode = Stream::new(Dictionary::new(), cmap.to_vec());
        // An em of 50 units at size 0.2 is 10 pt: -500 is a hundredth of an em, -15000
        // three tenths.
        let content = "BT /F1 0.2 Tf 72 700 Td [<01>-500<0203>-15000<0102>] TJ ET";
        let text = text_with(font, Some(to_unicode), content);
        assert_eq!(text.text, "AxЖ Ax");
        assert!(!text.garbage);
        // /g4 has neither: most of a line of it is no text.
        let content = "BT /F1 0.2 Tf 72 700 Td (\\004\\004\\004\\001) Tj ET";
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type3" };
        assert!(text_with(font, None, content).garbage);
    }

    #[test]
    fn tidy_collapses_spaces_and_blank_ends() {
        let raw = "\n  a   b \n\nc\u{a0}\u{a0}d  \n";
        let (text, at) = tidy(raw);
        assert_eq!(text, "a b\n\nc d");
        // Each raw byte's place in the tidied text: `b` and `d` keep their letters.
        let b = raw.find('b').unwrap();
        assert_eq!(&text[at[b]..at[b + 1]], "b");
        let d = raw.find('d').unwrap();
        assert_eq!(&text[at[d]..at[d + 1]], "d");
        assert_eq!(at[raw.len()], text.len());
    }

    #[test]
    fn garbage_is_told_from_text() {
        assert!(!looks_like_garbage("Invitation letter, 19 December 2026"));
        assert!(!looks_like_garbage(
            "Приглашение: г-н Ли, с 19.12.2026 по 01.01.2027"
        ));
        assert!(!looks_like_garbage("Шақыру хат — Алматы қ., 2026 ж."));
        assert!(looks_like_garbage(
            "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{10}"
        ));
        assert!(looks_like_garbage(
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}ab"
        ));
        assert!(looks_like_garbage(
            "\u{e001}\u{e002}\u{e003}\u{e004}\u{e005}\u{e006}\u{e007}\u{e008}"
        ));
        assert!(!looks_like_garbage("ok"));
    }
}
