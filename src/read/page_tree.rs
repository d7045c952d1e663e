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
