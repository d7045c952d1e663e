//! `--stamp`: a small footer on every page (applicant, document, `page X of Y`). Each
//! footer is drawn by krilla as a page of the page's displayed size, turned into a form
//! XObject and painted over the page after its own content, which is wrapped in `q`/`Q`
//! and otherwise left exactly as it was.

use super::Span;
use super::font::REGULAR;
use super::merge::{Assembly, dict_entry};
use crate::read::content::{inherited, rect};
use krilla::color::luma;
use krilla::geom::Point;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::{Document as Krilla, SerializeSettings};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

const SIZE: f32 = 7.0;
const BASELINE: f32 = 9.0;

/// A page's visible box `[x0 y0 x1 y1]` and its rotation (0, 90, 180, 270).
fn geometry(doc: &Document, page: ObjectId) -> ([f32; 4], i64) {
    let Ok(dict) = doc.get_dictionary(page) else {
        return ([0.0, 0.0, 612.0, 792.0], 0);
    };
    let visible = |key: &[u8]| -> Option<[f32; 4]> {
        let r = rect(inherited(doc, dict, key))?.map(|v| v as f32);
        let r = [
            r[0].min(r[2]),
            r[1].min(r[3]),
            r[0].max(r[2]),
            r[1].max(r[3]),
        ];
        (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
    };
    let area = visible(b"CropBox")
        .or_else(|| visible(b"MediaBox"))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let rotate = inherited(doc, dict, b"Rotate")
        .and_then(|r| r.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    (area, rotate - rotate % 90)
}

/// The matrix from displayed space (origin at the displayed bottom left) to the page's
/// user space, for the page's box and /Rotate (which turns the page clockwise).
fn placement([x0, y0, x1, y1]: [f32; 4], rotate: i64) -> [f32; 6] {
    match rotate {
        90 => [0.0, 1.0, -1.0, 0.0, x1, y0],
        180 => [-1.0, 0.0, 0.0, -1.0, x1, y1],
        270 => [0.0, -1.0, 1.0, 0.0, x0, y1],
        _ => [1.0, 0.0, 0.0, 1.0, x0, y0],
    }
}

/// Writes the footer on every page of the assembly; pages before the first span are the
/// index.
pub fn stamp(
    asm: &mut Assembly,
    spans: &[Span],
    index_pages: usize,
    name: Option<&str>,
) -> Result<(), String> {
    let total = asm.pages.len();
    let mut footers = Vec::with_capacity(total);
    for (i, &page) in asm.pages.iter().enumerate() {
        let what = spans
            .iter()
            .find(|s| s.pages.contains(&i))
            .map(Span::heading)
            .unwrap_or_else(|| {
                if i < index_pages {
                    "Index".into()
                } else {
                    String::new()
                }
            });
        let words: Vec<String> = [name.unwrap_or_default().to_string(), what]
            .into_iter()
            .filter(|s| !s.is_empty())
            .chain([format!("page {} of {total}", i + 1)])
            .collect();
        let (area, rotate) = geometry(&asm.doc, page);
        footers.push((words.join(" · "), area, rotate));
    }
    let settings = SerializeSettings {
        xmp_metadata: false,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut k = Krilla::new_with(settings);
    for (text, area, rotate) in &footers {
        let (w, h) = (area[2] - area[0], area[3] - area[1]);
        let (w, h) = if rotate % 180 == 90 { (h, w) } else { (w, h) };
        let settings = PageSettings::from_wh(w, h).ok_or("a page has no size")?;
        let mut page = k.start_page_with(settings);
        let mut surface = page.surface();
        let fitted = REGULAR.fit(text, SIZE, (w - 24.0).max(10.0));
        let glyphs = REGULAR.glyphs(&fitted);
        let width: f32 = glyphs.iter().map(|g| g.x_advance * SIZE).sum();
        surface.set_fill(Some(Fill {
            paint: luma::Color::new(70).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        surface.draw_glyphs(
            Point::from_xy((w - width) / 2.0, h - BASELINE),
            &glyphs,
            REGULAR.font.clone(),
            &fitted,
            SIZE,
            false,
        );
        surface.finish();
        page.finish();
    }
    let bytes = k
        .finish()
        .map_err(|e| format!("cannot draw the page footers: {e:?}"))?;
    let drawn = Document::load_mem(&bytes).map_err(|e| format!("the page footers: {e}"))?;
    let stamp_pages = asm.adopt(drawn).pages;
    if stamp_pages.len() != footers.len() {
        return Err("the page footers came out with the wrong page count".into());
    }
    let targets = asm.pages.clone();
    for ((target, stamp_page), (_, area, rotate)) in targets.iter().zip(&stamp_pages).zip(&footers)
    {
        let form = form_of(&asm.doc, *stamp_page)?;
        let form = asm.doc.add_object(form);
        overlay(&mut asm.doc, *target, form, placement(*area, *rotate))?;
    }
    Ok(())
}

/// A krilla page as a form XObject: its content and resources, its box as the form's.
fn form_of(doc: &Document, page: ObjectId) -> Result<Stream, String> {
    let content = doc.get_page_content(page);
    let dict = doc.get_dictionary(page).map_err(|e| e.to_string())?;
    let resources = dict_entry(doc, dict, b"Resources").unwrap_or_default();
    let bbox = dict
        .get(b"MediaBox")
        .cloned()
        .map_err(|e| format!("a page footer: {e}"))?;
    let mut form = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", bbox),
            ("Resources", resources.into()),
        ]),
        content,
    );
    // Ignoring a failure leaves the stream uncompressed, which is still valid.
    let _ = form.compress();
    Ok(form)
}

/// Paints `form` over `page`: the page's content is wrapped in `q`/`Q` so nothing it
/// leaves in the graphics state moves the footer, and the footer never changes it.
fn overlay(doc: &mut Document, page: ObjectId, form: ObjectId, m: [f32; 6]) -> Result<(), String> {
    const NAME: &[u8] = b"DossierStamp";
    let (contents, resources) = {
        let dict = doc.get_dictionary(page).map_err(|e| e.to_string())?;
        let contents: Vec<Object> = match dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => match doc.get_object(*r) {
                Ok(Object::Array(a)) => a.clone(),
                _ => vec![Object::Reference(*r)],
            },
            _ => Vec::new(),
        };
        (
            contents,
            dict_entry(doc, dict, b"Resources").unwrap_or_default(),
        )
    };
    let mut xobjects = dict_entry(doc, &resources, b"XObject").unwrap_or_default();
    xobjects.set(NAME, form);
    let mut resources = resources;
    resources.set("XObject", xobjects);
    let numbers: Vec<String> = m.iter().map(|v| format_number(*v)).collect();
    let after = format!(
        "\nQ q {} cm /{} Do Q\n",
        numbers.join(" "),
        String::from_utf8_lossy(NAME)
    );
    let before = doc.add_object(plain(b"q\n".to_vec()));
    let after = doc.add_object(plain(after.into_bytes()));
    let mut all = Vec::with_capacity(contents.len() + 2);
    all.push(Object::Reference(before));
    all.extend(contents);
    all.push(Object::Reference(after));
    let dict = doc.get_dictionary_mut(page).map_err(|e| e.to_string())?;
    dict.set("Contents", all);
    dict.set("Resources", resources);
    Ok(())
}

fn plain(content: Vec<u8>) -> Stream {
    let mut s = Stream::new(Dictionary::new(), content);
    s.allows_compression = false;
    s
}

/// A number as content streams want it: no exponent, no `-0`, trailing zeros trimmed.
fn format_number(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(m: [f32; 6], (u, v): (f32, f32)) -> (f32, f32) {
        (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5])
    }

    #[test]
    fn the_footer_lands_at_the_displayed_bottom_whatever_the_rotation() {
        let area = [10.0, 20.0, 210.0, 320.0];
        // Displayed bottom-left corner, for each rotation, in user space: /Rotate turns
        // the page clockwise, so the displayed bottom is the box's left, top, right side.
        let expected = [
            (0, (10.0, 20.0)),
            (90, (210.0, 20.0)),
            (180, (210.0, 320.0)),
            (270, (10.0, 320.0)),
        ];
        for (rotate, corner) in expected {
            let m = placement(area, rotate);
            assert_eq!(apply(m, (0.0, 0.0)), corner, "rotate {rotate}");
            // The displayed size maps onto the whole box.
            let (w, h) = if rotate % 180 == 90 {
                (300.0, 200.0)
            } else {
                (200.0, 300.0)
            };
            let (x, y) = apply(m, (w, h));
            assert!((10.0..=210.0).contains(&x) && (20.0..=320.0).contains(&y));
        }
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(595.276), "595.276");
        assert_eq!(format_number(1.0), "1");
    }
}
