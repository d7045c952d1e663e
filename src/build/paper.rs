//! Putting every page of a document on the portal's paper (A4 or Letter): a page of
//! another size is scaled to fit and centred, never cropped and never rasterised. Its
//! content is drawn as it was, under one transformation; its links and form fields move
//! with it.

use lopdf::{Document, Object, ObjectId};

/// A page within this many points of the paper's size is on it already.
const TOLERANCE: f64 = 3.0;

/// Puts the `pages` of `doc` on `paper` (portrait width and height, in points, turned to
/// suit each page); returns how many pages changed. A page larger than the paper is
/// scaled down to fit; a smaller one is centred at its own size, since enlarging a
/// receipt makes it no easier to read.
pub fn fit_pages(doc: &mut Document, pages: &[ObjectId], paper: (f64, f64)) -> usize {
    pages.iter().filter(|&&id| fit_page(doc, id, paper)).count()
}

/// Whether every page of `doc` is on `paper` already.
pub fn on_paper(doc: &Document, paper: (f64, f64)) -> bool {
    doc.get_pages()
        .into_values()
        .all(|id| visible_box(doc, id).is_none_or(|b| target(b, paper).is_none()))
}

/// The visible area of a page (its crop box within its media box), `[x0, y0, x1, y1]`.
fn visible_box(doc: &Document, id: ObjectId) -> Option<[f64; 4]> {
    let dict = doc.get_dictionary(id).ok()?;
    let rect = |key: &[u8]| -> Option<[f64; 4]> {
        let a = crate::read::content::inherited(doc, dict, key)?;
        let a = crate::read::content::deref(doc, a).as_array().ok()?;
        let v: Vec<f64> = a
            .iter()
            .filter_map(|o| crate::read::content::deref(doc, o).as_float().ok())
            .map(f64::from)
            .collect();
        let [a, b, c, d] = v[..] else {
            return None;
        };
        Some([a.min(c), b.min(d), a.max(c), b.max(d)])
    };
    let media = rect(b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let visible = match rect(b"CropBox") {
        Some(c) => [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ],
        None => media,
    };
    (visible[2] > visible[0] && visible[3] > visible[1]).then_some(visible)
}

/// The paper's size turned to the page's orientation, when the page is not on it.
fn target(b: [f64; 4], (pw, ph): (f64, f64)) -> Option<(f64, f64)> {
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    // Orientation is judged in the page's own space: a /Rotate turns paper and page alike.
    let (tw, th) = if w > h { (ph, pw) } else { (pw, ph) };
    ((w - tw).abs() > TOLERANCE || (h - th).abs() > TOLERANCE).then_some((tw, th))
}

fn fit_page(doc: &mut Document, id: ObjectId, paper: (f64, f64)) -> bool {
    let Some(b) = visible_box(doc, id) else {
        return false;
    };
    let Some((tw, th)) = target(b, paper) else {
        return false;
    };
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    let s = (tw / w).min(th / h).min(1.0);
    let tx = (tw - s * w) / 2.0 - s * b[0];
    let ty = (th - s * h) / 2.0 - s * b[1];
    let map = |x: f64, y: f64| (s * x + tx, s * y + ty);
    // Content outside the crop box stayed hidden; the clip keeps it so in the margins.
    let before = format!(
        "q {} 0 0 {} {} {} cm {} {} {} {} re W n\n",
        num(s),
        num(s),
        num(tx),
        num(ty),
        num(b[0]),
        num(b[1]),
        num(w),
        num(h)
    );
    let open = doc.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        before.into_bytes(),
    ));
    let close = doc.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"\nQ\n".to_vec(),
    ));
    let contents: Vec<Object> = match doc
        .get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"Contents").ok())
        .cloned()
    {
        Some(Object::Array(items)) => items,
        Some(Object::Reference(r)) => match doc.get_object(r) {
            Ok(Object::Array(items)) => items.clone(),
            _ => vec![Object::Reference(r)],
        },
        _ => Vec::new(),
    };
    let annots: Vec<ObjectId> = doc
        .get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .map(|a| match a {
            Object::Reference(r) => doc
                .get_object(*r)
                .and_then(Object::as_array)
                .map(|v| v.to_vec())
                .unwrap_or_default(),
            Object::Array(v) => v.clone(),
            _ => Vec::new(),
        })
        .unwrap_or_default()
        .iter()
        .filter_map(|o| o.as_reference().ok())
        .collect();
    for a in annots {
        if let Ok(annot) = doc.get_dictionary_mut(a) {
            for key in [&b"Rect"[..], b"QuadPoints"] {
                if let Ok(Object::Array(v)) = annot.get_mut(key) {
                    for pair in v.chunks_exact_mut(2) {
                        if let (Ok(x), Ok(y)) = (pair[0].as_float(), pair[1].as_float()) {
                            let (x, y) = map(f64::from(x), f64::from(y));
                            pair[0] = Object::Real(x as f32);
                            pair[1] = Object::Real(y as f32);
                        }
                    }
                }
            }
        }
    }
    let Ok(page) = doc.get_dictionary_mut(id) else {
        return false;
    };
    let mut all = vec![Object::Reference(open)];
    all.extend(contents);
    all.push(Object::Reference(close));
    page.set("Contents", all);
    page.set(
        "MediaBox",
        vec![
            0.into(),
            0.into(),
            Object::Real(tw as f32),
            Object::Real(th as f32),
        ],
    );
    for key in [&b"CropBox"[..], b"BleedBox", b"TrimBox", b"ArtBox"] {
        page.remove(key);
    }
    true
}

/// A number as content streams write it: at most four decimals, no exponent.
fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn one_page(media: [i64; 4], rotate: Option<i64>) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.7");
        let content = doc.add_object(lopdf::Stream::new(
            dictionary! {},
            b"0 0 m 100 100 l S".to_vec(),
        ));
        let link = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link",
            "Rect" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        });
        let mut page = dictionary! {
            "Contents" => content,
            "MediaBox" => media.iter().map(|&v| v.into()).collect::<Vec<Object>>(),
            "Annots" => vec![link.into()],
        };
        if let Some(r) = rotate {
            page.set("Rotate", r);
        }
        super::super::with_one_page(&mut doc, page);
        (doc, link)
    }

    const A4: (f64, f64) = (595.276, 841.89);

    fn fit(doc: &mut Document) -> usize {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        fit_pages(doc, &pages, A4)
    }

    #[test]
    fn a_letter_page_is_scaled_onto_a4_and_its_link_moves_with_it() {
        let (mut doc, link) = one_page([0, 0, 612, 792], None);
        assert!(!on_paper(&doc, A4));
        assert_eq!(fit(&mut doc), 1);
        assert!(on_paper(&doc, A4));
        let page = *doc.get_pages().values().next().unwrap();
        let content = String::from_utf8(doc.get_page_content(page)).unwrap();
        // 595.276 / 612 = 0.9727, centred vertically: (841.89 - 0.9727 * 792) / 2.
        assert!(
            content.starts_with("q 0.9727 0 0 0.9727 0 35.7"),
            "{content}"
        );
        assert!(content.contains("0 0 m 100 100 l S") && content.trim_end().ends_with('Q'));
        let rect = doc
            .get_dictionary(link)
            .unwrap()
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let top = rect[3].as_float().unwrap();
        assert!((f64::from(top) - (841.89 - 35.7)).abs() < 0.2, "{top}");
    }

    #[test]
    fn landscape_stays_landscape_a4_stays_as_it_is_and_small_pages_are_not_enlarged() {
        let (mut doc, _) = one_page([0, 0, 842, 595], Some(90));
        assert!(on_paper(&doc, A4), "landscape A4 is A4");
        assert_eq!(fit(&mut doc), 0);
        // A receipt, 80 x 200 mm: centred on A4 at its own size.
        let (mut doc, _) = one_page([0, 0, 227, 567], None);
        assert_eq!(fit(&mut doc), 1);
        let page = *doc.get_pages().values().next().unwrap();
        let content = String::from_utf8(doc.get_page_content(page)).unwrap();
        assert!(
            content.starts_with("q 1 0 0 1 184.138 137.445 cm"),
            "{content}"
        );
        // Tabloid landscape onto landscape A4.
        let (mut doc, _) = one_page([0, 0, 1224, 792], None);
        assert_eq!(fit(&mut doc), 1);
        let page = *doc.get_pages().values().next().unwrap();
        let media = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let w = media[2].as_float().unwrap();
        assert!((f64::from(w) - 841.89).abs() < 0.01, "{w}");
    }
}
