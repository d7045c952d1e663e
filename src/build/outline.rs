//! The navigation of the assembled file: bookmarks, page labels, index links, and PDF
//! text strings for them.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// A PDF text string: PDFDocEncoding's ASCII part as is, anything else as UTF-16BE with
/// its byte-order mark, which every reader understands.
pub fn text(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A destination showing the whole page.
fn fit(page: ObjectId) -> Object {
    vec![page.into(), Object::Name(b"Fit".to_vec())].into()
}

/// A flat outline, one item per (title, first page); returns the outline root.
pub fn outline(doc: &mut Document, items: &[(String, ObjectId)]) -> Option<ObjectId> {
    if items.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    for (i, ((title, page), id)) in items.iter().zip(&ids).enumerate() {
        let mut item = Dictionary::new();
        item.set("Title", text(title));
        item.set("Parent", root);
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", *next);
        }
        item.set("Dest", fit(*page));
        doc.objects.insert(*id, item.into());
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", ids[0]);
    dict.set("Last", ids[ids.len() - 1]);
    dict.set("Count", ids.len() as i64);
    doc.objects.insert(root, dict.into());
    Some(root)
}

/// Page labels: the index pages `i`, `ii`, ...; each document's pages `NN-1`, `NN-2`, ...
/// so a viewer's page box says which document a page belongs to. `starts` holds each
/// document's first page (0-based) and its number.
pub fn page_labels(starts: &[(usize, String)]) -> Dictionary {
    let mut nums = vec![
        Object::Integer(0),
        Dictionary::from_iter([("S", Object::Name(b"r".to_vec()))]).into(),
    ];
    for (start, number) in starts {
        nums.push(Object::Integer(*start as i64));
        nums.push(
            Dictionary::from_iter([
                ("S", Object::Name(b"D".to_vec())),
                ("P", text(&format!("{number}-"))),
            ])
            .into(),
        );
    }
    Dictionary::from_iter([("Nums", Object::Array(nums))])
}

/// A link annotation over `rect` that goes to `page`.
pub fn link(rect: [f32; 4], page: ObjectId) -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        (
            "Rect",
            rect.iter()
                .map(|&v| Object::Real(v))
                .collect::<Vec<_>>()
                .into(),
        ),
        ("Border", vec![0.into(), 0.into(), 0.into()].into()),
        ("Dest", fit(page)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_keep_cyrillic() {
        assert_eq!(text("02 Passport"), Object::string_literal("02 Passport"));
        let Object::String(bytes, _) = text("Анна") else {
            panic!()
        };
        assert_eq!(&bytes[..4], &[0xFE, 0xFF, 0x04, 0x10]);
        assert_eq!(bytes.len(), 2 + 2 * 4);
    }

    #[test]
    fn outline_items_chain_in_order() {
        let mut doc = Document::with_version("1.7");
        let pages: Vec<ObjectId> = (0..3).map(|_| doc.new_object_id()).collect();
        let items: Vec<(String, ObjectId)> = pages
            .iter()
            .enumerate()
            .map(|(i, &p)| (format!("0{i} Doc"), p))
            .collect();
        let root = outline(&mut doc, &items).unwrap();
        let root = doc.get_dictionary(root).unwrap();
        assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 3);
        let mut at = root.get(b"First").unwrap().as_reference().unwrap();
        for (title, page) in &items {
            let item = doc.get_dictionary(at).unwrap();
            assert_eq!(
                item.get(b"Title").unwrap().as_str().unwrap(),
                title.as_bytes()
            );
            let dest = item.get(b"Dest").unwrap().as_array().unwrap();
            assert_eq!(dest[0].as_reference().unwrap(), *page);
            if let Ok(next) = item.get(b"Next") {
                at = next.as_reference().unwrap();
            }
        }
    }
}
