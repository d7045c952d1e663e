//! Digital signatures in a PDF: the signature fields that hold a signature.
//!
//! A signature covers the exact bytes of the file it was made on (its `/ByteRange`), so
//! no merge can keep it valid; finding one is worth telling the applicant, who may need
//! to submit the signed original as well.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Form fields visited at most: far more than any real form, few enough for a hostile one.
const MAX_FIELDS: usize = 4096;
/// Deepest field tree followed.
const MAX_DEPTH: usize = 16;

/// Who signed each signed signature field, in field order ("a signature" when unnamed).
pub fn signatures(doc: &Document) -> Vec<String> {
    let Some(fields) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| dict(doc, a))
        .and_then(|a| a.get(b"Fields").ok())
        .map(|f| super::content::deref(doc, f))
        .and_then(|f| f.as_array().ok())
    else {
        return Vec::new();
    };
    let mut walk = Walk {
        doc,
        seen: HashSet::new(),
        visited: 0,
        out: Vec::new(),
    };
    for f in fields {
        walk.field(f, false, 0);
    }
    walk.out
}

struct Walk<'a> {
    doc: &'a Document,
    seen: HashSet<ObjectId>,
    visited: usize,
    out: Vec<String>,
}

impl Walk<'_> {
    /// One field and its kids; `sig` is the `/FT /Sig` a parent passes down.
    fn field(&mut self, object: &Object, sig: bool, depth: usize) {
        if depth > MAX_DEPTH || self.visited >= MAX_FIELDS {
            return;
        }
        if let Object::Reference(id) = object
            && !self.seen.insert(*id)
        {
            return;
        }
        self.visited += 1;
        let Some(field) = dict(self.doc, object) else {
            return;
        };
        let sig = match field.get(b"FT").ok().and_then(|t| t.as_name().ok()) {
            Some(t) => t == b"Sig",
            None => sig,
        };
        if sig && let Some(value) = field.get(b"V").ok().and_then(|v| dict(self.doc, v)) {
            let name = value
                .get(b"Name")
                .ok()
                .and_then(|n| lopdf::decode_text_string(n).ok())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            self.out.push(name.unwrap_or_else(|| "a signature".into()));
        }
        let kids = field
            .get(b"Kids")
            .ok()
            .map(|k| super::content::deref(self.doc, k))
            .and_then(|k| k.as_array().ok());
        for kid in kids.into_iter().flatten() {
            self.field(kid, sig, depth + 1);
        }
    }
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    super::content::deref(doc, object).as_dict().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn with_fields(build: impl FnOnce(&mut Document) -> Vec<Object>) -> Document {
        let mut doc = Document::with_version("1.7");
        let fields = build(&mut doc);
        let form = doc.add_object(dictionary! { "Fields" => fields });
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "AcroForm" => form });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn names_signers_and_skips_empty_fields() {
        let doc = with_fields(|doc| {
            let value = doc.add_object(dictionary! {
                "Type" => "Sig",
                "Name" => Object::string_literal("Jihoon Kim"),
            });
            let signed = doc.add_object(dictionary! { "FT" => "Sig", "V" => value });
            let empty = doc.add_object(dictionary! { "FT" => "Sig" });
            let text =
                doc.add_object(dictionary! { "FT" => "Tx", "V" => Object::string_literal("x") });
            // A kid inherits /FT /Sig from its parent.
            let kid_value = doc.add_object(dictionary! { "Type" => "Sig" });
            let kid = doc.add_object(dictionary! { "V" => kid_value });
            let parent = doc.add_object(dictionary! { "FT" => "Sig", "Kids" => vec![kid.into()] });
            vec![signed.into(), empty.into(), text.into(), parent.into()]
        });
        assert_eq!(signatures(&doc), ["Jihoon Kim", "a signature"]);
    }

    #[test]
    fn a_field_tree_that_loops_ends() {
        let doc = with_fields(|doc| {
            let id = doc.new_object_id();
            doc.objects.insert(
                id,
                Object::Dictionary(
                    dictionary! { "FT" => "Sig", "Kids" => vec![Object::Reference(id)] },
                ),
            );
            vec![id.into()]
        });
        assert!(signatures(&doc).is_empty());
        assert!(signatures(&Document::with_version("1.7")).is_empty());
    }
}
