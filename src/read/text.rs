//! A page's text in reading order, from lopdf's font decoding: standard-14 fonts with
//! WinAnsi/MacRoman, embedded TrueType and CID fonts through ToUnicode, custom
//! Differences, and the invisible text layer of OCR'd scans. Unlike lopdf's own
//! extractor it walks into Form XObjects, breaks lines where the text position moves
//! down, and refuses fonts whose codes cannot be turned into letters (an Identity-H font
//! without ToUnicode yields printable nonsense).

use super::content::{IDENTITY, Matrix, concat, deref, form_matrix, inherited, matrix};
use super::limits::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_OPERATIONS};
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

/// TJ adjustments (thousandths of an em) more negative than this are a word gap.
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
    text_of_content(doc, &content, resources, MAX_CONTENT_BYTES).0
}

/// Extracts the text of decoded page content, reading at most `allowance` bytes of form
/// content; returns the text and the form bytes read.
pub fn text_of_content(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    allowance: usize,
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
        undecodable: 0,
        shown: 0,
    };
    w.walk(content, resources, IDENTITY, 0);
    let used = allowance - w.bytes;
    let mut out = w.out;
    out.text = tidy(&out.text);
    out.garbage |=
        (w.undecodable > 0 && w.undecodable * 2 >= w.shown) || looks_like_garbage(&out.text);
    if out.garbage {
        out.text.clear();
    }
    (out, used)
}

/// How one font's codes become text.
enum Decoder<'a> {
    /// lopdf decodes them.
    Known(Encoding<'a>),
    /// No mapping to Unicode: the codes are glyph ids.
    Unmapped,
}

struct Writer<'a> {
    doc: &'a Document,
    out: PageText,
    fonts: HashMap<ObjectId, Decoder<'a>>,
    operations: usize,
    bytes: usize,
    visited: HashSet<ObjectId>,
    /// Baseline of the last text shown, in text space scaled by the font size.
    last_y: Option<(f64, f64)>,
    undecodable: usize,
    shown: usize,
}

impl<'a> Writer<'a> {
    fn decoder(&mut self, font_ref: &'a Object) -> Option<&Decoder<'a>> {
        let id = font_ref.as_reference().ok()?;
        if !self.fonts.contains_key(&id) {
            let font = self.doc.get_dictionary(id).ok()?;
            let decoder = font_decoder(self.doc, font);
            self.fonts.insert(id, decoder);
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
        let mut size = 12.0;
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
                    size = num(1).unwrap_or(size);
                }
                "TL" => leading = num(0).unwrap_or(leading),
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
                    let shown: &[Object] = match op.operator.as_str() {
                        "\"" => args.get(2).map(std::slice::from_ref).unwrap_or(&[]),
                        _ => args,
                    };
                    let device = concat(&tm, &ctm);
                    let height = (size * device[3].hypot(device[2])).abs().max(0.1);
                    self.position(device[5], height);
                    if let Some(f) = font {
                        self.show(f, shown);
                    }
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

    /// Starts a new line when the baseline moved by more than half the text's height,
    /// a word gap when text was placed again on the same line.
    fn position(&mut self, y: f64, height: f64) {
        if let Some((last, _)) = self.last_y {
            let text = &mut self.out.text;
            if (y - last).abs() > 0.5 * height {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            } else if !text.is_empty() && !text.ends_with([' ', '\n']) {
                text.push(' ');
            }
        }
        self.last_y = Some((y, height));
    }

    fn show(&mut self, font: &'a Object, shown: &[Object]) {
        let Some(decoder) = self.decoder(font) else {
            return;
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
                Decoder::Unmapped => undecodable += bytes.len(),
            }
        };
        for o in shown {
            match o {
                Object::String(bytes, _) => push(bytes, &mut text),
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => push(bytes, &mut text),
                            Object::Integer(_) | Object::Real(_) => {
                                let gap = item.as_float().map(f64::from).unwrap_or(0.0);
                                if gap < WORD_GAP && !text.ends_with(' ') {
                                    text.push(' ');
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
    }
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
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut last_space = true;
        for c in line.chars() {
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
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
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

    #[test]
    fn tidy_collapses_spaces_and_blank_ends() {
        assert_eq!(tidy("\n  a   b \n\nc\u{a0}\u{a0}d  \n"), "a b\n\nc d");
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
