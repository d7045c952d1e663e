//! The pages of a PDF, each once, in order: lopdf's page iterator follows a page tree
//! that loops back on itself (`/Kids` of a child naming an ancestor) and yields the same
//! page again, so `check` counted pages that are not there and `build` wrote a page
//! twice. This walk visits every node once and says what it skipped.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Deeper trees are not real documents (lopdf stops at the same depth).
const MAX_DEPTH: usize = 256;

/// A document's pages and what was wrong with its page tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTree {
    /// Page objects in reading order, each once.
    pub pages: Vec<ObjectId>,
    /// How the tree was damaged (a loop, a page listed twice), when it was.
    pub problem: Option<String>,
}

/// Walks the catalog's page tree depth first.
pub fn pages(doc: &Document) -> PageTree {
    let mut tree = PageTree::default();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return tree;
    };
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut looped = None;
    let mut twice = None;
    seen.insert(root);
    // Each frame: the kids still to visit at one level.
    let mut stack: Vec<std::slice::Iter<'_, Object>> = vec![kids(doc, root).iter()];
    while let Some(level) = stack.last_mut() {
        let Some(kid) = level.next() else {
            stack.pop();
            continue;
        };
        let Ok(id) = kid.as_reference() else { continue };
        match doc.get_dictionary(id).and_then(Dictionary::get_type) {
            Ok(b"Pages") => {
                if !seen.insert(id) {
                    looped.get_or_insert(id);
                    continue;
                }
                if stack.len() < MAX_DEPTH {
                    stack.push(kids(doc, id).iter());
                }
            }
            Ok(b"Page") | Err(_) => {
                // A kid that does not load keeps its slot, as lopdf and MuPDF do: a blank
                // page, not a shorter document.
                if seen.insert(id) {
                    tree.pages.push(id);
                } else {
                    twice.get_or_insert(id);
                }
            }
            Ok(_) => {}
        }
    }
    tree.problem = match (looped, twice) {
        (Some((n, g)), _) => Some(format!(
            "its page tree loops back on itself (object {n} {g} is its own ancestor); each page was read once"
        )),
        (None, Some((n, g))) => Some(format!(
            "its page tree lists page object {n} {g} more than once; it was read once"
        )),
        (None, None) => None,
    };
    tree
}

/// Makes a page tree that viewers accept but the walk above cannot follow regular:
/// a page written directly inside `/Kids` becomes an object of its own, and a catalog
/// whose `/Pages` is itself a page gets a tree node above it (poppler: "Pages
/// top-level is a single Page"). Says what it changed.
pub fn mend(doc: &mut Document) -> Option<String> {
    let mut notes = Vec::new();
    let catalog_id = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    let root = doc
        .get_dictionary(catalog_id)
        .ok()?
        .get(b"Pages")
        .ok()?
        .clone();
    let root = match root {
        Object::Reference(id) => id,
        Object::Dictionary(d) => {
            notes.push("its page tree is written inside the catalog");
            let id = doc.add_object(d);
            doc.get_dictionary_mut(catalog_id).ok()?.set("Pages", id);
            id
        }
        _ => return None,
    };
    if doc.get_dictionary(root).ok()?.get_type().ok() == Some(&b"Page"[..]) {
        notes.push("its catalog names a page where its page tree belongs");
        let node = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", vec![Object::Reference(root)].into()),
            ("Count", 1.into()),
        ]));
        doc.get_dictionary_mut(root).ok()?.set("Parent", node);
        doc.get_dictionary_mut(catalog_id).ok()?.set("Pages", node);
        return Some(notes.join("; ") + ": it was read as a one-page tree");
    }
    let mut seen = HashSet::from([root]);
    let mut todo = vec![root];
    let mut direct = 0;
    while let Some(node) = todo.pop() {
        if seen.len() > 1 << 20 {
            break;
        }
        let list = match doc
            .get_dictionary(node)
            .ok()
            .and_then(|d| d.get(b"Kids").ok())
        {
            Some(Object::Array(items)) => items.clone(),
            Some(Object::Reference(id)) => match doc.get_object(*id) {
                Ok(Object::Array(items)) => items.clone(),
                _ => continue,
            },
            _ => continue,
        };
        let mut rewritten = Vec::with_capacity(list.len());
        let mut any = false;
        for kid in list {
            match kid {
                Object::Dictionary(mut page) => {
                    page.set("Parent", node);
                    let id = doc.add_object(page);
                    rewritten.push(Object::Reference(id));
                    direct += 1;
                    any = true;
                    if seen.insert(id) {
                        todo.push(id);
                    }
                }
                Object::Reference(id) => {
                    if seen.insert(id) {
                        todo.push(id);
                    }
                    rewritten.push(kid);
                }
                other => rewritten.push(other),
            }
        }
        if any && let Ok(d) = doc.get_dictionary_mut(node) {
            d.set("Kids", rewritten);
        }
    }
    if direct > 0 {
        notes.push("its page tree writes pages inside itself instead of as objects");
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn kids(doc: &Document, node: ObjectId) -> &[Object] {
    doc.get_dictionary(node)
        .and_then(|d| d.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .map_or(&[], |k| k.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// `/Pages 2` with `/Kids [3 0 R 6 0 R]`, where 6 is a `/Pages` whose `/Kids` is
    /// `[2 0 R]`: the tree of the hostile-input report.
    fn looping() -> Document {
        let mut doc = Document::with_version("1.7");
        let root = (2, 0);
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => root });
        let inner = doc.add_object(dictionary! {
            "Type" => "Pages", "Kids" => vec![root.into()], "Count" => 1, "Parent" => root,
        });
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into(), inner.into()], "Count" => 2,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn a_looping_tree_gives_each_page_once_and_says_so() {
        let doc = looping();
        assert!(doc.get_pages().len() > 1, "lopdf repeats the page");
        let tree = pages(&doc);
        assert_eq!(tree.pages.len(), 1);
        assert!(tree.problem.unwrap().contains("loops back"));
    }

    #[test]
    fn a_page_listed_twice_is_read_once() {
        let mut doc = Document::with_version("1.7");
        let root = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => root });
        doc.objects.insert(
            root,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into(), page.into()], "Count" => 2,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
        doc.trailer.set("Root", catalog);
        let tree = pages(&doc);
        assert_eq!(tree.pages, vec![page]);
        assert!(tree.problem.unwrap().contains("more than once"));
    }
}
