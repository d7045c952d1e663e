//! Active content in a PDF: what would run or travel hidden inside a document an officer
//! opens. JavaScript and other actions (on opening the file, on a page, in a link or a
//! form field), embedded and attached files, and media that plays.
//!
//! [`find`] describes it for `file/active-content`; [`strip`] removes it from a document
//! before `build` merges its pages, so the pack runs nothing and carries nothing hidden.
//! Plain links (to a page, to a web address) are not active content and stay.

use super::content::deref;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Descriptions kept: enough for any finding, few enough for a hostile file.
const MAX_ITEMS: usize = 64;
/// Annotations, form fields and name-tree nodes visited at most, all together.
const MAX_VISITS: usize = 200_000;
/// Deepest chain of `/Next` actions, field tree or name tree followed.
const MAX_DEPTH: usize = 16;

/// What active content the document holds, in plain words, in the order found.
pub fn find(doc: &Document) -> Vec<String> {
    survey(doc).found
}

/// Removes the document's active content; returns what was removed, as [`find`] words it.
pub fn strip(doc: &mut Document) -> Vec<String> {
    let survey = survey(doc);
    for (holder, keys) in &survey.keys {
        if let Ok(d) = doc.get_dictionary_mut(*holder) {
            for key in keys {
                d.remove(key);
            }
        }
    }
    for (page, edits) in &survey.annots {
        strip_annots(doc, *page, edits);
    }
    survey.found
}

/// What to do with one entry of a page's `/Annots`.
#[derive(Debug, Clone, PartialEq)]
enum AnnotEdit {
    /// The annotation goes: it is an attached file or embedded media.
    Drop,
    /// The annotation stays without these action keys.
    Remove(Vec<&'static [u8]>),
}

#[derive(Default)]
struct Survey {
    found: Vec<String>,
    /// Keys to remove from indirect dictionaries (the catalog, pages, fields, name dicts).
    keys: Vec<(ObjectId, Vec<&'static [u8]>)>,
    /// Per page, edits to its annotations by index in its `/Annots` array.
    annots: Vec<(ObjectId, Vec<(usize, AnnotEdit)>)>,
}

impl Survey {
    fn note(&mut self, what: String) {
        if self.found.len() < MAX_ITEMS && !self.found.contains(&what) {
            self.found.push(what);
        }
    }
}

struct Walker<'a> {
    doc: &'a Document,
    visits: usize,
    seen: HashSet<ObjectId>,
    survey: Survey,
}

fn survey(doc: &Document) -> Survey {
    let mut w = Walker {
        doc,
        visits: 0,
        seen: HashSet::new(),
        survey: Survey::default(),
    };
    w.catalog();
    for (i, &page) in super::page_tree::pages(doc).pages.iter().enumerate() {
        w.page(i + 1, page);
    }
    w.form_fields();
    w.survey
}

impl<'a> Walker<'a> {
    fn dict(&self, o: &'a Object) -> Option<&'a Dictionary> {
        deref(self.doc, o).as_dict().ok()
    }

    fn visit(&mut self) -> bool {
        self.visits += 1;
        self.visits <= MAX_VISITS
    }

    fn catalog(&mut self) {
        let doc = self.doc;
        let Some(root) = doc
            .trailer
            .get(b"Root")
            .ok()
            .and_then(|r| r.as_reference().ok())
        else {
            return;
        };
        let Ok(catalog) = doc.get_dictionary(root) else {
            return;
        };
        let mut keys = Vec::new();
        // An /OpenAction that is a destination only shows a page; one that is an action
        // may run something.
        if let Some(what) = catalog
            .get(b"OpenAction")
            .ok()
            .and_then(|a| active_action(doc, a, 0))
        {
            self.survey
                .note(format!("{what} that runs when the file opens"));
            keys.push(&b"OpenAction"[..]);
        }
        if let Some(what) = catalog.get(b"AA").ok().and_then(|a| active_aa(doc, a)) {
            self.survey.note(format!(
                "{what} that runs when the file is closed, saved or printed"
            ));
            keys.push(&b"AA"[..]);
        }
        if !keys.is_empty() {
            self.survey.keys.push((root, keys));
        }
        let Some(names_obj) = catalog.get(b"Names").ok() else {
            return;
        };
        let Some(names) = self.dict(names_obj) else {
            return;
        };
        let mut name_keys = Vec::new();
        if let Ok(tree) = names.get(b"JavaScript") {
            let mut scripts = Vec::new();
            self.leaves(tree, 0, &mut scripts);
            if !scripts.is_empty() {
                self.survey.note("document-level JavaScript".into());
                name_keys.push(&b"JavaScript"[..]);
            }
        }
        if let Ok(tree) = names.get(b"EmbeddedFiles") {
            let mut files = Vec::new();
            self.leaves(tree, 0, &mut files);
            for (key, spec) in &files {
                let name = file_name(doc, spec).unwrap_or_else(|| key.clone());
                self.survey.note(format!("an embedded file `{name}`"));
            }
            if !files.is_empty() {
                name_keys.push(&b"EmbeddedFiles"[..]);
            }
        }
        if name_keys.is_empty() {
            return;
        }
        match names_obj {
            Object::Reference(id) => self.survey.keys.push((*id, name_keys)),
            // A /Names dictionary written inside the catalog goes whole when it holds
            // nothing else; otherwise the catalog (which `build` replaces anyway) keeps
            // it, and `find` still reports it.
            _ => {
                let only_active = names.iter().all(|(k, _)| name_keys.contains(&k.as_slice()));
                if only_active {
                    push_key(&mut self.survey.keys, root, b"Names");
                }
            }
        }
    }

    /// The leaves of a name tree: (key, value).
    fn leaves(&mut self, node: &'a Object, depth: usize, out: &mut Vec<(String, &'a Object)>) {
        if depth > MAX_DEPTH || !self.visit() {
            return;
        }
        if let Object::Reference(id) = node
            && !self.seen.insert(*id)
        {
            return;
        }
        let Some(node) = self.dict(node) else {
            return;
        };
        if let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) {
            for pair in pairs.chunks_exact(2) {
                let key = pair[0]
                    .as_str()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .unwrap_or_default();
                out.push((key, &pair[1]));
            }
        }
        if let Ok(kids) = node.get(b"Kids")
            && let Ok(kids) = deref(self.doc, kids).as_array()
        {
            for kid in kids {
                self.leaves(kid, depth + 1, out);
            }
        }
    }

    fn page(&mut self, number: usize, id: ObjectId) {
        let doc = self.doc;
        let Ok(page) = doc.get_dictionary(id) else {
            return;
        };
        if let Some(what) = page.get(b"AA").ok().and_then(|a| active_aa(doc, a)) {
            self.survey
                .note(format!("{what} that runs when page {number} is shown"));
            push_key(&mut self.survey.keys, id, b"AA");
        }
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|a| deref(doc, a).as_array().ok())
        else {
            return;
        };
        let mut edits = Vec::new();
        for (index, annot) in annots.iter().enumerate() {
            if !self.visit() {
                break;
            }
            let Some(a) = self.dict(annot) else {
                continue;
            };
            let subtype = a.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
            match subtype {
                Some(b"FileAttachment") => {
                    let name = a
                        .get(b"FS")
                        .ok()
                        .and_then(|fs| file_name(doc, fs))
                        .unwrap_or_else(|| "a file".into());
                    self.survey
                        .note(format!("a file `{name}` attached on page {number}"));
                    edits.push((index, AnnotEdit::Drop));
                    continue;
                }
                Some(b"RichMedia" | b"Screen" | b"Movie" | b"Sound") => {
                    self.survey.note(format!("embedded media on page {number}"));
                    edits.push((index, AnnotEdit::Drop));
                    continue;
                }
                _ => {}
            }
            let place = match subtype {
                Some(b"Link") => "a link",
                Some(b"Widget") => "a form field",
                _ => "an annotation",
            };
            let mut keys = Vec::new();
            if let Some(what) = a.get(b"A").ok().and_then(|x| active_action(doc, x, 0)) {
                self.survey
                    .note(format!("{what} in {place} on page {number}"));
                keys.push(&b"A"[..]);
            }
            if let Some(what) = a.get(b"AA").ok().and_then(|x| active_aa(doc, x)) {
                self.survey
                    .note(format!("{what} in {place} on page {number}"));
                keys.push(&b"AA"[..]);
            }
            if !keys.is_empty() {
                edits.push((index, AnnotEdit::Remove(keys)));
            }
        }
        if !edits.is_empty() {
            self.survey.annots.push((id, edits));
        }
    }

    /// Scripts on form fields above the widgets (a field's calculation or validation):
    /// the widgets themselves were seen on their pages.
    fn form_fields(&mut self) {
        let doc = self.doc;
        let Some(fields) = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"AcroForm").ok())
            .and_then(|a| self.dict(a))
            .and_then(|a| a.get(b"Fields").ok())
            .and_then(|f| deref(doc, f).as_array().ok())
        else {
            return;
        };
        self.seen.clear();
        for f in fields {
            self.field(f, 0);
        }
    }

    fn field(&mut self, object: &'a Object, depth: usize) {
        if depth > MAX_DEPTH || !self.visit() {
            return;
        }
        let Object::Reference(id) = object else {
            return;
        };
        if !self.seen.insert(*id) {
            return;
        }
        let doc = self.doc;
        let Ok(field) = doc.get_dictionary(*id) else {
            return;
        };
        let name = field
            .get(b"T")
            .ok()
            .and_then(|t| lopdf::decode_text_string(t).ok())
            .unwrap_or_else(|| "unnamed".into());
        let mut keys = Vec::new();
        for key in [&b"AA"[..], b"A"] {
            let what = match key {
                b"AA" => field.get(key).ok().and_then(|x| active_aa(doc, x)),
                _ => field.get(key).ok().and_then(|x| active_action(doc, x, 0)),
            };
            if let Some(what) = what {
                self.survey
                    .note(format!("{what} in the form field `{name}`"));
                keys.push(key);
            }
        }
        if !keys.is_empty() {
            self.survey.keys.push((*id, keys));
        }
        if let Ok(kids) = field.get(b"Kids").and_then(|k| deref(doc, k).as_array()) {
            for kid in kids {
                self.field(kid, depth + 1);
            }
        }
    }
}

/// What an action (or an action it chains to with `/Next`) does that counts as active.
fn active_action(doc: &Document, action: &Object, depth: usize) -> Option<&'static str> {
    if depth > MAX_DEPTH {
        return None;
    }
    let d = deref(doc, action).as_dict().ok()?;
    let what = match d.get(b"S").ok().and_then(|s| s.as_name().ok()) {
        Some(b"JavaScript") => Some("JavaScript"),
        Some(b"Launch") => Some("a command that starts a program"),
        Some(b"SubmitForm") => Some("a form submission to a web address"),
        Some(b"ImportData") => Some("a data import"),
        Some(b"Rendition" | b"Movie" | b"Sound" | b"RichMediaExecute") => Some("media that plays"),
        Some(b"GoToE") => Some("a jump into an embedded file"),
        _ => None,
    };
    what.or_else(|| match deref(doc, d.get(b"Next").ok()?) {
        Object::Array(next) => next
            .iter()
            .take(64)
            .find_map(|n| active_action(doc, n, depth + 1)),
        next => active_action(doc, next, depth + 1),
    })
}

/// The first active action of an additional-actions (`/AA`) dictionary.
fn active_aa(doc: &Document, aa: &Object) -> Option<&'static str> {
    deref(doc, aa)
        .as_dict()
        .ok()?
        .iter()
        .take(64)
        .find_map(|(_, a)| active_action(doc, a, 0))
}

/// A file specification's file name (`/UF`, else `/F`), or the string it is.
fn file_name(doc: &Document, spec: &Object) -> Option<String> {
    let spec = deref(doc, spec);
    let name = match spec {
        Object::Dictionary(d) => d.get(b"UF").or_else(|_| d.get(b"F")).ok()?,
        s => s,
    };
    let name = lopdf::decode_text_string(deref(doc, name)).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.chars().take(120).collect())
}

fn push_key(keys: &mut Vec<(ObjectId, Vec<&'static [u8]>)>, id: ObjectId, key: &'static [u8]) {
    match keys.iter_mut().find(|(i, _)| *i == id) {
        Some((_, k)) => k.push(key),
        None => keys.push((id, vec![key])),
    }
}

/// Applies one page's annotation edits, wherever its `/Annots` array and each
/// annotation live (inline in the page, or objects of their own).
fn strip_annots(doc: &mut Document, page: ObjectId, edits: &[(usize, AnnotEdit)]) {
    let Ok(page_dict) = doc.get_dictionary(page) else {
        return;
    };
    let (array_id, annots) = match page_dict.get(b"Annots") {
        Ok(Object::Reference(id)) => match doc.get_object(*id).and_then(Object::as_array) {
            Ok(a) => (Some(*id), a.clone()),
            Err(_) => return,
        },
        Ok(Object::Array(a)) => (None, a.clone()),
        _ => return,
    };
    let mut kept = Vec::with_capacity(annots.len());
    for (index, mut annot) in annots.into_iter().enumerate() {
        match edits.iter().find(|(i, _)| *i == index).map(|(_, e)| e) {
            Some(AnnotEdit::Drop) => continue,
            Some(AnnotEdit::Remove(keys)) => match &mut annot {
                Object::Reference(id) => {
                    if let Ok(d) = doc.get_dictionary_mut(*id) {
                        for key in keys {
                            d.remove(key);
                        }
                    }
                }
                Object::Dictionary(d) => {
                    for key in keys {
                        d.remove(key);
                    }
                }
                _ => {}
            },
            None => {}
        }
        kept.push(annot);
    }
    match array_id {
        Some(id) => {
            doc.objects.insert(id, Object::Array(kept));
        }
        None => {
            if let Ok(d) = doc.get_dictionary_mut(page) {
                d.set("Annots", kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// A one-page PDF with a JavaScript open action, page actions, a JavaScript link, a
    /// plain web link, an attached file and an embedded file.
    fn hostile() -> Document {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let js = |code: &str| {
            Object::Dictionary(dictionary! {
                "S" => "JavaScript",
                "JS" => Object::string_literal(code),
            })
        };
        let payload = doc.add_object(Stream::new(
            dictionary! {"Type" => "EmbeddedFile"},
            b"MZ".to_vec(),
        ));
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal("setup.exe"),
            "EF" => dictionary! {"F" => payload},
        });
        let attach = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "FileAttachment",
            "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "FS" => spec,
        });
        let js_link = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![0.into(), 20.into(), 10.into(), 30.into()],
            // A web link chained to a script: the chain counts.
            "A" => dictionary! {
                "S" => "URI",
                "URI" => Object::string_literal("https://example.org"),
                "Next" => js("app.alert(2)"),
            },
        });
        let web_link = Object::Dictionary(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![0.into(), 40.into(), 10.into(), 50.into()],
            "A" => dictionary! {"S" => "URI", "URI" => Object::string_literal("https://example.org")},
        });
        let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Contents" => content,
            "AA" => dictionary! {"O" => js("app.alert(1)")},
            "Annots" => vec![attach.into(), js_link.into(), web_link],
        });
        doc.objects.insert(
            pages,
            dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1}.into(),
        );
        let embedded = doc.add_object(dictionary! {
            "Names" => vec![Object::string_literal("notes.txt"), spec.into()],
        });
        let names = doc.add_object(dictionary! {"EmbeddedFiles" => embedded});
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages,
            "OpenAction" => js("app.launchURL('x')"),
            "Names" => names,
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn finds_each_kind_of_active_content() {
        let found = find(&hostile());
        assert_eq!(
            found,
            [
                "JavaScript that runs when the file opens",
                "an embedded file `setup.exe`",
                "JavaScript that runs when page 1 is shown",
                "a file `setup.exe` attached on page 1",
                "JavaScript in a link on page 1",
            ]
        );
    }

    #[test]
    fn strip_leaves_nothing_to_find_and_keeps_plain_links() {
        let mut doc = hostile();
        let removed = strip(&mut doc);
        assert_eq!(removed.len(), 5);
        assert!(find(&doc).is_empty(), "{:?}", find(&doc));
        let page = super::super::page_tree::pages(&doc).pages[0];
        let annots = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        // The attachment is gone; the JavaScript link stays a link without its action,
        // and the web link is untouched.
        assert_eq!(annots.len(), 2);
        let web = annots[1].as_dict().unwrap();
        assert!(web.has(b"A"));
    }

    #[test]
    fn a_document_without_active_content_is_left_alone() {
        let mut doc = hostile();
        strip(&mut doc);
        let before = doc.objects.clone();
        assert!(strip(&mut doc).is_empty());
        assert_eq!(doc.objects, before);
    }
}
