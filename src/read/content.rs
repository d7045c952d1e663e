//! Interpreting a page's content stream just enough to know where images are drawn and
//! whether anything visible is drawn at all.

use super::limits::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_OPERATIONS};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// A PDF transformation matrix `[a b c d e f]`.
pub type Matrix = [f64; 6];

/// The identity matrix.
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF order: the result maps user space through `m`, then `n`).
pub fn concat(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Shown text bytes past which a page is known to hold more than a stray space (the
/// reader's near-empty check looks at pages up to this size).
pub const SETTLED_TEXT_BYTES: usize = 16;

/// An image XObject drawn on the page, with the matrix that maps its unit square.
#[derive(Debug, Clone)]
pub struct PlacedImage {
    /// The image stream's object id.
    pub id: ObjectId,
    /// The CTM in force at `Do`.
    pub ctm: Matrix,
}

impl PlacedImage {
    /// Drawn width and height in points (lengths of the unit square's mapped sides).
    pub fn drawn_size(&self) -> (f64, f64) {
        let m = &self.ctm;
        (m[0].hypot(m[1]), m[2].hypot(m[3]))
    }

    /// Effective DPI of an image of `px` pixels drawn here, as OCRmyPDF computes it:
    /// pixels over the drawn size in inches, the lower of the two axes.
    pub fn effective_dpi(&self, (px_w, px_h): (u32, u32)) -> Option<f64> {
        let (w_pt, h_pt) = self.drawn_size();
        let dpi = (f64::from(px_w) / (w_pt / 72.0)).min(f64::from(px_h) / (h_pt / 72.0));
        (dpi.is_finite() && dpi > 0.0).then_some(dpi)
    }

    /// Drawn area in square points.
    pub fn drawn_area(&self) -> f64 {
        let m = &self.ctm;
        (m[0] * m[3] - m[1] * m[2]).abs()
    }
}

/// What a page draws.
#[derive(Debug, Clone, Default)]
pub struct PageContent {
    /// Image XObjects, in drawing order.
    pub images: Vec<PlacedImage>,
    /// Anything visible at all.
    pub has_content: bool,
    /// Text drawn in a visible render mode.
    pub has_visible_text: bool,
    /// Bytes of character codes shown in visible text.
    pub text_bytes: usize,
    /// Paths, shadings or inline images painted in a non-white colour.
    pub painted: bool,
    /// The content could not be parsed completely.
    pub damaged: bool,
    /// The walk stopped at the page's operator or byte budget.
    pub exhausted: bool,
}

#[derive(Clone, Copy)]
struct GState {
    ctm: Matrix,
    fill_white: bool,
    stroke_white: bool,
    text_invisible: bool,
}

/// What one page's walk may spend: operators, and content bytes scanned (a form drawn
/// many times counts every time), with each form's data decoded once.
struct Budget {
    operations: usize,
    bytes: usize,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
}

/// Walks a page's content (forms included) from its decoded content bytes, scanning at
/// most `allowance` bytes of form content; returns what it found and the bytes it used.
pub fn walk_page(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    allowance: usize,
) -> (PageContent, usize) {
    let mut out = PageContent::default();
    let allowance = allowance.min(MAX_CONTENT_BYTES);
    let mut budget = Budget {
        operations: MAX_OPERATIONS,
        bytes: allowance,
        forms: HashMap::new(),
    };
    let state = GState {
        ctm: IDENTITY,
        fill_white: false,
        stroke_white: false,
        text_invisible: false,
    };
    walk(doc, content, resources, state, 0, &mut budget, &mut out);
    (out, allowance - budget.bytes)
}

fn walk(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    start: GState,
    depth: usize,
    budget: &mut Budget,
    out: &mut PageContent,
) {
    // Without a `Do` the stream draws no image or form, so once something visible is
    // drawn (and enough text to be more than a stray space) the page is settled: most
    // text pages stop after a few operators instead of being parsed to the end.
    let may_draw_xobjects = memchr::memmem::find(content, b"Do").is_some();
    let settled = |out: &PageContent| {
        !may_draw_xobjects && (out.painted || out.text_bytes > SETTLED_TEXT_BYTES)
    };
    let xobjects = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|o| deref(doc, o).as_dict().ok());
    let mut gs = start;
    let mut stack: Vec<GState> = Vec::new();
    for op in Content::decode_iter(content) {
        let Ok(op) = op else {
            // Unparseable content: do not call such a page blank.
            out.damaged = true;
            out.has_content |= !content.iter().all(u8::is_ascii_whitespace);
            return;
        };
        if settled(out) {
            return;
        }
        if budget.operations == 0 {
            out.damaged = true;
            out.exhausted = true;
            return;
        }
        budget.operations -= 1;
        let args = &op.operands;
        match op.operator.as_str() {
            // Deeper nesting than any producer writes is a hostile file: stop saving.
            "q" if stack.len() < 256 => stack.push(gs),
            "q" => {}
            "Q" => gs = stack.pop().unwrap_or(gs),
            "cm" => {
                if let Some(m) = matrix(args) {
                    gs.ctm = concat(&m, &gs.ctm);
                }
            }
            "g" | "rg" | "k" | "sc" | "scn" => gs.fill_white = is_white(op.operator.as_str(), args),
            "G" | "RG" | "K" | "SC" | "SCN" => {
                gs.stroke_white = is_white(&op.operator.to_lowercase(), args)
            }
            // Colour spaces reset the colour to black (or its initial value).
            "cs" => gs.fill_white = false,
            "CS" => gs.stroke_white = false,
            "Tr" => gs.text_invisible = args.first().and_then(number) == Some(3.0),
            "Tj" | "'" | "\"" | "TJ" => {
                let shown = shown_bytes(args);
                if !gs.text_invisible && shown > 0 {
                    out.has_content = true;
                    out.has_visible_text = true;
                    out.text_bytes += shown;
                }
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*"
                if !gs.fill_white || op.operator.starts_with(['B', 'b']) && !gs.stroke_white =>
            {
                out.has_content = true;
                out.painted = true;
            }
            "S" | "s" => {
                out.has_content |= !gs.stroke_white;
                out.painted |= !gs.stroke_white;
            }
            "sh" | "BI" | "EI" => {
                out.has_content = true;
                out.painted = true;
            }
            "Do" => {
                let Some(name) = args.first().and_then(|a| a.as_name().ok()) else {
                    continue;
                };
                let Some((id, stream)) = xobjects
                    .and_then(|x| x.get(name).ok())
                    .and_then(|o| o.as_reference().ok())
                    .and_then(|id| Some((id, doc.get_object(id).ok()?.as_stream().ok()?)))
                else {
                    continue;
                };
                match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                    Ok(b"Image") => {
                        out.has_content = true;
                        out.images.push(PlacedImage { id, ctm: gs.ctm });
                    }
                    Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                        let data = match budget.forms.get(&id) {
                            Some(data) => Rc::clone(data),
                            None => match stream.decompressed_content_with_limit(MAX_CONTENT_BYTES)
                            {
                                Ok(d) => {
                                    let d = Rc::new(d);
                                    budget.forms.insert(id, Rc::clone(&d));
                                    d
                                }
                                Err(_) => {
                                    out.damaged = true;
                                    continue;
                                }
                            },
                        };
                        // A form that draws itself twice would be walked thousands of
                        // times: every walk is paid for in bytes.
                        if data.len() > budget.bytes {
                            out.damaged = true;
                            out.exhausted = true;
                            return;
                        }
                        budget.bytes -= data.len();
                        let form_matrix = form_matrix(&stream.dict);
                        let inner = GState {
                            ctm: concat(&form_matrix, &gs.ctm),
                            ..gs
                        };
                        let form_resources = stream
                            .dict
                            .get(b"Resources")
                            .ok()
                            .and_then(|r| deref(doc, r).as_dict().ok())
                            .or(resources);
                        walk(doc, &data, form_resources, inner, depth + 1, budget, out);
                        if out.exhausted {
                            return;
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The value of an inheritable page attribute: on the page or its nearest ancestor.
pub fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
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

/// A rectangle `[x0 y0 x1 y1]` (MediaBox, CropBox), as written: not normalised.
pub fn rect(o: Option<&Object>) -> Option<[f64; 4]> {
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

/// Follows a reference (once: chains are resolved by lopdf's dereference).
pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn number(o: &Object) -> Option<f64> {
    o.as_float().ok().map(f64::from)
}

/// A form XObject's `/Matrix`, identity when absent or malformed.
pub fn form_matrix(form: &Dictionary) -> Matrix {
    form.get(b"Matrix")
        .ok()
        .and_then(|m| m.as_array().ok())
        .and_then(|a| matrix(a))
        .unwrap_or(IDENTITY)
}

/// A matrix from six numeric operands (`cm`, `Tm`, a form's `/Matrix`).
pub fn matrix(args: &[Object]) -> Option<Matrix> {
    if args.len() != 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (slot, a) in m.iter_mut().zip(args) {
        *slot = number(a)?;
        if !slot.is_finite() {
            return None;
        }
    }
    Some(m)
}

/// Whether a colour operator's operands mean white (gray 1, RGB 1 1 1, CMYK 0 0 0 0).
fn is_white(op: &str, args: &[Object]) -> bool {
    let v: Vec<f64> = args.iter().filter_map(number).collect();
    let near = |x: f64, t: f64| (x - t).abs() < 0.02;
    match (op, v.as_slice()) {
        ("g", [g]) => near(*g, 1.0),
        ("rg", [r, g, b]) => near(*r, 1.0) && near(*g, 1.0) && near(*b, 1.0),
        ("k", [c, m, y, k]) => [c, m, y, k].iter().all(|x| near(**x, 0.0)),
        ("sc" | "scn", [g]) => near(*g, 1.0),
        ("sc" | "scn", [r, g, b]) => near(*r, 1.0) && near(*g, 1.0) && near(*b, 1.0),
        ("sc" | "scn", [c, m, y, k]) => [c, m, y, k].iter().all(|x| near(**x, 0.0)),
        _ => false,
    }
}

/// Bytes of character codes a text-showing operator's operands hold.
fn shown_bytes(args: &[Object]) -> usize {
    args.iter()
        .map(|a| match a {
            Object::String(s, _) => s.len(),
            Object::Array(items) => items
                .iter()
                .map(|i| match i {
                    Object::String(s, _) => s.len(),
                    _ => 0,
                })
                .sum(),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenates_like_the_spec() {
        // Scale by 2, then translate by (10, 20).
        let m = concat(
            &[2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            &[1.0, 0.0, 0.0, 1.0, 10.0, 20.0],
        );
        assert_eq!(m, [2.0, 0.0, 0.0, 2.0, 10.0, 20.0]);
        let placed = PlacedImage {
            id: (1, 0),
            ctm: [0.0, 300.0, -200.0, 0.0, 400.0, 0.0],
        };
        assert_eq!(placed.drawn_size(), (300.0, 200.0));
        assert_eq!(placed.drawn_area(), 60_000.0);
    }

    #[test]
    fn white_fills_are_not_content() {
        let doc = Document::new();
        let walk = |c: &[u8]| walk_page(&doc, c, None, 1 << 20).0;
        let blank = walk(b"1 g 0 0 595 842 re f 1 1 1 RG 0 0 m 10 10 l S");
        assert!(!blank.has_content);
        let drawn = walk(b"0 g 0 0 10 10 re f");
        assert!(drawn.has_content);
        let ocr = walk(b"BT 3 Tr /F1 10 Tf (hidden) Tj ET");
        assert!(!ocr.has_visible_text);
        let text = walk(b"BT /F1 10 Tf [(Hello) -20 (World)] TJ ET");
        assert!(text.has_visible_text);
        let empty_text = walk(b"BT /F1 10 Tf () Tj ET");
        assert!(!empty_text.has_content);
    }
}
