//! Pages from many PDFs and images in one lopdf document: each source's page attributes
//! made explicit, its objects renumbered past the ones already taken, its form fields
//! merged into one AcroForm.

use super::image::ImagePage;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeSet;

/// Page attributes a page may inherit from its ancestors in the page tree.
const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Rotate", b"Resources"];

/// The document being assembled.
pub struct Assembly {
    /// The merged document (no catalog until [`Assembly::finish`]).
    pub doc: Document,
    /// The page tree's root.
    pub pages_root: ObjectId,
    /// Every page, in order.
    pub pages: Vec<ObjectId>,
    /// Top-level form fields of every source.
    fields: Vec<ObjectId>,
    /// Their names, to keep them unique.
    field_names: BTreeSet<Vec<u8>>,
    /// The form's default resources, merged (the first source's entry wins).
    form_resources: Dictionary,
    /// The form's default appearance string, from the first source that has one.
    form_appearance: Option<Object>,
    /// Every source's optional-content groups and their default states, merged.
    layers: Layers,
}

/// What one source brings besides its pages.
pub struct Adopted {
    /// Its pages, renumbered, not yet in the page tree.
    pub pages: Vec<ObjectId>,
    /// Its AcroForm.
    pub form: Option<Dictionary>,
    /// Its `/OCProperties`.
    pub layers: Option<Dictionary>,
}

/// Optional content of all sources as one `/OCProperties`: without it a reader shows
/// every layer, including the ones a document switches off (hidden widgets, alternate
/// artwork, a watermark for print only).
#[derive(Default)]
struct Layers {
    /// Every group, in source order.
    groups: Vec<ObjectId>,
    /// Groups the default configuration turns off.
    off: Vec<ObjectId>,
    /// The layer panel's tree, each source's after the last.
    order: Vec<Object>,
    /// Radio-button sets: at most one group of each is on.
    radio: Vec<Object>,
    /// Groups the user may not switch.
    locked: Vec<Object>,
    /// Automatic state changes (print, view, zoom), each source's own.
    auto: Vec<Object>,
}

impl Default for Assembly {
    fn default() -> Self {
        Self::new()
    }
}

impl Assembly {
    /// An empty document with its page tree root.
    pub fn new() -> Assembly {
        let mut doc = Document::with_version("1.7");
        let pages_root = doc.new_object_id();
        Assembly {
            doc,
            pages_root,
            pages: Vec::new(),
            fields: Vec::new(),
            field_names: BTreeSet::new(),
            form_resources: Dictionary::new(),
            form_appearance: None,
            layers: Layers::default(),
        }
    }

    /// Appends every page of `src`; `tag` (the document's number) renames clashing form
    /// fields. Returns the new pages.
    pub fn append_pdf(&mut self, src: Document, tag: &str) -> Vec<ObjectId> {
        let Adopted {
            pages: page_ids,
            form,
            layers,
        } = self.adopt(src);
        for &id in &page_ids {
            if let Ok(page) = self.doc.get_dictionary_mut(id) {
                page.set("Parent", self.pages_root);
            }
        }
        if let Some(form) = form {
            self.merge_form(&form, tag);
        }
        if let Some(layers) = layers {
            self.merge_layers(&layers);
        }
        self.pages.extend(&page_ids);
        page_ids
    }

    /// Moves every object of `src` into the document under fresh numbers, its pages'
    /// inherited attributes made explicit first.
    pub fn adopt(&mut self, mut src: Document) -> Adopted {
        let page_ids: Vec<ObjectId> = crate::read::page_tree::pages(&src).pages;
        // Before the page leaves its tree, or it loses the size and fonts it inherits
        // (lopdf issue 172: pages merged without this print with wrong margins).
        for &id in &page_ids {
            let values: Vec<(&[u8], Object)> = INHERITED
                .iter()
                .filter_map(|key| Some((*key, inherited(&src, id, key)?)))
                .collect();
            if let Ok(page) = src.get_dictionary_mut(id) {
                for (key, value) in values {
                    page.set(key, value);
                }
                if !page.has(b"MediaBox") {
                    // Readers assume US Letter for a page without one.
                    page.set("MediaBox", vec![0.into(), 0.into(), 612.into(), 792.into()]);
                }
            }
        }
        let map = renumber(&mut src, self.doc.max_id + 1);
        let page_ids: Vec<ObjectId> = page_ids
            .iter()
            .filter_map(|id| map.get(id))
            .copied()
            .collect();
        let catalog = src.catalog().ok();
        let form = catalog.and_then(|c| dict_entry(&src, c, b"AcroForm"));
        let layers = catalog.and_then(|c| dict_entry(&src, c, b"OCProperties"));
        self.doc.max_id = self.doc.max_id.max(src.max_id);
        self.doc.objects.append(&mut src.objects);
        Adopted {
            pages: page_ids,
            form,
            layers,
        }
    }

    /// Appends an image page; returns it.
    pub fn append_image(&mut self, image: ImagePage) -> ObjectId {
        let ImagePage {
            size,
            content,
            mut image,
            smask,
        } = image;
        if let Some(mask) = smask {
            let mask_id = self.doc.add_object(mask);
            image.dict.set("SMask", mask_id);
        }
        let image_id = self.doc.add_object(image);
        let mut contents = Stream::new(Dictionary::new(), content);
        // A few dozen bytes: compressing would only add a filter.
        contents.allows_compression = false;
        let contents_id = self.doc.add_object(contents);
        let mut xobjects = Dictionary::new();
        xobjects.set("Im0", image_id);
        let mut resources = Dictionary::new();
        resources.set("XObject", xobjects);
        let page = Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", self.pages_root.into()),
            ("MediaBox", media_box(size).into()),
            ("Resources", resources.into()),
            ("Contents", contents_id.into()),
        ]);
        let id = self.doc.add_object(page);
        self.pages.push(id);
        id
    }

    /// Adds a source's form fields to the merged form, renaming a top-level field whose
    /// name is taken (`name` becomes `name_05`, then `name_05_2`, ...): two forms that both
    /// have a `Name` field would otherwise become one field showing one value.
    fn merge_form(&mut self, form: &Dictionary, tag: &str) {
        let fields: Vec<ObjectId> = form
            .get(b"Fields")
            .ok()
            .and_then(|f| self.doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_array().ok())
            .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
            .unwrap_or_default();
        for id in fields {
            let Ok(field) = self.doc.get_dictionary_mut(id) else {
                continue;
            };
            if let Ok(name) = field.get(b"T").and_then(Object::as_str).map(<[u8]>::to_vec) {
                let mut unique = name.clone();
                let mut n = 1;
                while self.field_names.contains(&unique) {
                    unique = name.clone();
                    unique.extend_from_slice(format!("_{tag}").as_bytes());
                    if n > 1 {
                        unique.extend_from_slice(format!("_{n}").as_bytes());
                    }
                    n += 1;
                }
                if unique != name {
                    field.set("T", Object::string_literal(unique.clone()));
                }
                self.field_names.insert(unique);
            }
            self.fields.push(id);
        }
        if self.form_appearance.is_none() {
            self.form_appearance = form.get(b"DA").ok().cloned();
        }
        if let Some(resources) = dict_entry(&self.doc, form, b"DR") {
            for (category, entries) in resources.iter() {
                let entries = self
                    .doc
                    .dereference(entries)
                    .ok()
                    .and_then(|(_, e)| e.as_dict().ok())
                    .cloned();
                let Some(entries) = entries else { continue };
                let merged = match self.form_resources.get_mut(category) {
                    Ok(Object::Dictionary(d)) => d,
                    _ => {
                        self.form_resources.set(category.clone(), Dictionary::new());
                        match self.form_resources.get_mut(category) {
                            Ok(Object::Dictionary(d)) => d,
                            _ => continue,
                        }
                    }
                };
                for (name, value) in entries.iter() {
                    if !merged.has(name) {
                        merged.set(name.clone(), value.clone());
                    }
                }
            }
        }
    }

    /// Adds a source's optional-content groups and the states its default configuration
    /// gives them. A `/BaseState /OFF` source lists the groups it turns on, so every
    /// other group of it joins the merged `/OFF` list: the merged base state is ON.
    fn merge_layers(&mut self, properties: &Dictionary) {
        let refs = |doc: &Document, dict: &Dictionary, key: &[u8]| -> Vec<Object> {
            dict.get(key)
                .ok()
                .and_then(|v| doc.dereference(v).ok())
                .and_then(|(_, v)| v.as_array().ok())
                .cloned()
                .unwrap_or_default()
        };
        let groups: Vec<ObjectId> = refs(&self.doc, properties, b"OCGs")
            .iter()
            .filter_map(|o| o.as_reference().ok())
            .filter(|id| self.doc.get_dictionary(*id).is_ok())
            .collect();
        if groups.is_empty() {
            return;
        }
        let config = dict_entry(&self.doc, properties, b"D").unwrap_or_default();
        let ids = |list: Vec<Object>| -> BTreeSet<ObjectId> {
            list.iter().filter_map(|o| o.as_reference().ok()).collect()
        };
        let on = ids(refs(&self.doc, &config, b"ON"));
        let off = ids(refs(&self.doc, &config, b"OFF"));
        let base_off = matches!(config.get(b"BaseState"), Ok(Object::Name(n)) if n == b"OFF");
        for &group in &groups {
            let hidden = if base_off {
                !on.contains(&group)
            } else {
                off.contains(&group)
            };
            if hidden && !self.layers.off.contains(&group) {
                self.layers.off.push(group);
            }
            if !self.layers.groups.contains(&group) {
                self.layers.groups.push(group);
            }
        }
        self.layers.order.extend(refs(&self.doc, &config, b"Order"));
        self.layers
            .radio
            .extend(refs(&self.doc, &config, b"RBGroups"));
        self.layers
            .locked
            .extend(refs(&self.doc, &config, b"Locked"));
        self.layers.auto.extend(refs(&self.doc, &config, b"AS"));
    }

    /// The merged `/OCProperties`, when any source had optional content.
    pub fn layers(&self) -> Option<Dictionary> {
        let l = &self.layers;
        if l.groups.is_empty() {
            return None;
        }
        let list = |ids: &[ObjectId]| -> Object {
            Object::Array(ids.iter().map(|&id| Object::Reference(id)).collect())
        };
        let mut config = Dictionary::new();
        config.set("BaseState", Object::Name(b"ON".to_vec()));
        config.set("OFF", list(&l.off));
        // Each only when some source has it: an empty /Locked or /Order means "none".
        for (key, items) in [
            (&b"Order"[..], &l.order),
            (b"RBGroups", &l.radio),
            (b"Locked", &l.locked),
            (b"AS", &l.auto),
        ] {
            if !items.is_empty() {
                config.set(key, Object::Array(items.clone()));
            }
        }
        let mut properties = Dictionary::new();
        properties.set("OCGs", list(&l.groups));
        properties.set("D", config);
        Some(properties)
    }

    /// The merged AcroForm, when any source had fields.
    pub fn form(&self) -> Option<Dictionary> {
        if self.fields.is_empty() {
            return None;
        }
        let mut form = Dictionary::new();
        form.set(
            "Fields",
            self.fields
                .iter()
                .map(|&id| Object::Reference(id))
                .collect::<Vec<_>>(),
        );
        if !self.form_resources.is_empty() {
            form.set("DR", self.form_resources.clone());
        }
        if let Some(da) = &self.form_appearance {
            form.set("DA", da.clone());
        }
        Some(form)
    }
}

/// Gives every object of `src` a fresh number from `start` (generation 0), in object
/// order, and rewrites every reference; returns the old -> new map.
///
/// lopdf's own `renumber_objects_with` leaves a reference to a missing object as it is
/// (a damaged xref loses objects), and once merged such a reference points at whatever
/// another source put under that number: a page became the index's font dictionary.
/// It also permutes page objects into page order, which with a page listed twice drops
/// one page's object and writes another twice. Here a reference to a missing object
/// becomes `null`, as a PDF reader treats it, and nothing is permuted.
pub fn renumber(src: &mut Document, start: u32) -> std::collections::HashMap<ObjectId, ObjectId> {
    let old = std::mem::take(&mut src.objects);
    let map: std::collections::HashMap<ObjectId, ObjectId> = old
        .keys()
        .enumerate()
        .map(|(i, &id)| (id, (start + i as u32, 0)))
        .collect();
    for (id, mut object) in old {
        relink(&mut object, &map);
        src.objects.insert(map[&id], object);
    }
    let mut trailer = std::mem::take(&mut src.trailer);
    for (_, v) in trailer.iter_mut() {
        relink(v, &map);
    }
    src.trailer = trailer;
    src.max_id = start + map.len() as u32 - 1;
    map
}

/// Rewrites the references inside one object through `map`; unknown ones become null.
fn relink(object: &mut Object, map: &std::collections::HashMap<ObjectId, ObjectId>) {
    // Iterative: a hostile file may nest arrays deeper than the stack allows.
    let mut stack = vec![object];
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) => {
                *o = match map.get(id) {
                    Some(&new) => Object::Reference(new),
                    None => Object::Null,
                };
            }
            Object::Array(items) => stack.extend(items.iter_mut()),
            Object::Dictionary(d) => stack.extend(d.iter_mut().map(|(_, v)| v)),
            Object::Stream(st) => stack.extend(st.dict.iter_mut().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// The dictionary `dict[key]` holds or refers to, as a copy.
pub fn dict_entry(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Dictionary> {
    let value = dict.get(key).ok()?;
    doc.dereference(value).ok()?.1.as_dict().ok().cloned()
}

/// `[0 0 w h]`.
pub fn media_box((w, h): (f64, f64)) -> Vec<Object> {
    vec![
        0.into(),
        0.into(),
        Object::Real(w as f32),
        Object::Real(h as f32),
    ]
}

/// The value a page has for an inheritable key, from itself or its nearest ancestor,
/// kept as written (a reference stays a reference, so shared resources stay shared).
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    if node.has(key) {
        return None;
    }
    for _ in 0..64 {
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
        if let Ok(v) = node.get(key) {
            return Some(v.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-page document whose pages inherit their size, rotation and fonts.
    fn inheriting(field: &str) -> Document {
        let mut doc = Document::with_version("1.5");
        let root = doc.new_object_id();
        let font = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            ("BaseFont", Object::Name(b"Helvetica".to_vec())),
        ]));
        let mut kids = Vec::new();
        for _ in 0..2 {
            let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
            let widget = doc.add_object(Dictionary::from_iter([
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Widget".to_vec())),
                ("FT", Object::Name(b"Tx".to_vec())),
                ("T", Object::string_literal(field)),
                ("V", Object::string_literal("value")),
            ]));
            kids.push(doc.add_object(Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", root.into()),
                ("Contents", content.into()),
                ("Annots", vec![widget.into()].into()),
            ])));
        }
        let fields: Vec<Object> = kids
            .iter()
            .map(|&k| {
                let annots = doc.get_dictionary(k).unwrap().get(b"Annots").unwrap();
                annots.as_array().unwrap()[0].clone()
            })
            .collect();
        let mut font_dict = Dictionary::new();
        font_dict.set("F1", font);
        let mut resources = Dictionary::new();
        resources.set("Font", font_dict);
        doc.objects.insert(
            root,
            Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                (
                    "Kids",
                    kids.iter()
                        .map(|&k| k.into())
                        .collect::<Vec<Object>>()
                        .into(),
                ),
                ("Count", 2.into()),
                (
                    "MediaBox",
                    vec![0.into(), 0.into(), 300.into(), 400.into()].into(),
                ),
                ("Rotate", 90.into()),
                ("Resources", resources.into()),
            ])
            .into(),
        );
        let form = Dictionary::from_iter([("Fields", Object::Array(fields))]);
        let catalog = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", root.into()),
            ("AcroForm", form.into()),
        ]));
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn inherited_attributes_travel_with_the_page() {
        let mut a = Assembly::new();
        let first = a.append_pdf(inheriting("Name"), "02");
        let second = a.append_pdf(inheriting("Name"), "05");
        assert_eq!(a.pages.len(), 4);
        for id in first.iter().chain(&second) {
            let page = a.doc.get_dictionary(*id).unwrap();
            assert_eq!(page.get(b"Rotate").unwrap().as_i64().unwrap(), 90);
            let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
            assert_eq!(mb[3].as_i64().unwrap(), 400);
            assert!(
                page.get(b"Resources")
                    .unwrap()
                    .as_dict()
                    .unwrap()
                    .has(b"Font")
            );
            assert_eq!(
                page.get(b"Parent").unwrap().as_reference().unwrap(),
                a.pages_root
            );
        }
        // No id was given twice.
        let all: BTreeSet<ObjectId> = first.iter().chain(&second).copied().collect();
        assert_eq!(all.len(), 4);
        // Four fields called Name become four fields with four names.
        let form = a.form().unwrap();
        let names: Vec<Vec<u8>> = form
            .get(b"Fields")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let d = a.doc.get_dictionary(f.as_reference().unwrap()).unwrap();
                d.get(b"T").unwrap().as_str().unwrap().to_vec()
            })
            .collect();
        assert_eq!(
            names,
            [&b"Name"[..], b"Name_02", b"Name_05", b"Name_05_2"].map(<[u8]>::to_vec)
        );
    }

    /// A one-page document whose page names a font object it does not have and whose
    /// page tree lists a page object that is missing: a damaged xref loses objects.
    fn dangling() -> Document {
        let mut doc = Document::with_version("1.4");
        let root = doc.new_object_id();
        let content = doc.add_object(Stream::new(Dictionary::new(), b"BT /F1 9 Tf ET".to_vec()));
        let mut fonts = Dictionary::new();
        // Object 1 is the index page's font once merged; here it is the page tree.
        fonts.set("F1", Object::Reference((2, 0)));
        fonts.set("F2", Object::Reference((40, 0)));
        let mut resources = Dictionary::new();
        resources.set("Font", fonts);
        let page = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", root.into()),
            ("Contents", content.into()),
            ("Resources", resources.into()),
            (
                "MediaBox",
                vec![0.into(), 0.into(), 200.into(), 100.into()].into(),
            ),
        ]));
        doc.objects.insert(
            root,
            Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", vec![page.into(), Object::Reference((41, 0))].into()),
                ("Count", 2.into()),
            ])
            .into(),
        );
        let catalog = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", root.into()),
        ]));
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn a_reference_to_a_missing_object_never_lands_on_another_sources_object() {
        let mut a = Assembly::new();
        a.append_pdf(inheriting("Name"), "02");
        let before: Vec<(ObjectId, Object)> =
            a.doc.objects.iter().map(|(k, v)| (*k, v.clone())).collect();
        let pages = a.append_pdf(dangling(), "03");
        assert_eq!(pages.len(), 1, "the missing page is not a page");
        // What was there is untouched: nothing of the new source was written over it.
        for (id, object) in before {
            let now = a.doc.objects.get(&id).unwrap();
            if id == a.pages_root {
                continue;
            }
            let mut now = now.clone();
            if let Ok(d) = now.as_dict_mut() {
                d.remove(b"Parent");
            }
            let mut then = object.clone();
            if let Ok(d) = then.as_dict_mut() {
                d.remove(b"Parent");
            }
            assert_eq!(now, then, "object {id:?} changed");
        }
        let page = a.doc.get_dictionary(pages[0]).unwrap();
        assert_eq!(page.get(b"Type").unwrap().as_name().unwrap(), b"Page");
        let fonts = page
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"Font")
            .unwrap()
            .as_dict()
            .unwrap();
        // F1 named an object of its own source (renumbered with it); F2 named nothing.
        let f1 = fonts.get(b"F1").unwrap().as_reference().unwrap();
        assert!(f1.0 > 5, "{f1:?}");
        assert_eq!(fonts.get(b"F2").unwrap(), &Object::Null);
    }
}
