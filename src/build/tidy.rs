//! The lossless part of fitting a document: what does not show goes, and streams are
//! stored as small as deflate makes them. Nothing a reader draws, fills in or follows
//! changes: text, fonts, fields, links and bookmarks stay as they are.
//!
//! This is what `qpdf --recompress-flate --object-streams=generate` does (the floor for a
//! text PDF), plus dropping page thumbnails, private application data (`/PieceInfo`),
//! per-object XMP, and streams stored twice.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// What the lossless pass did, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tidied {
    /// Streams written smaller by deflate at its best level.
    pub recompressed: usize,
    /// Page thumbnails dropped.
    pub thumbnails: usize,
    /// `/PieceInfo` and per-object `/Metadata` entries dropped.
    pub metadata: usize,
    /// Streams that repeated another, byte for byte, now shared.
    pub duplicates: usize,
}

impl Tidied {
    /// In plain words: `120 streams recompressed, 2 thumbnails dropped`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.recompressed, "stream", "recompressed"),
            (self.thumbnails, "thumbnail", "dropped"),
            (self.metadata, "private metadata entr", "dropped"),
            (self.duplicates, "duplicate stream", "shared"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, what, done)| {
            let plural = match (*n, what.ends_with("entr")) {
                (1, true) => "y",
                (_, true) => "ies",
                (1, false) => "",
                (_, false) => "s",
            };
            format!("{n} {what}{plural} {done}")
        })
        .collect();
        if parts.is_empty() {
            // The saving is the writer's own: objects packed into compressed streams.
            return "objects packed into object streams".into();
        }
        parts.join(", ")
    }
}

/// Tidies `doc` in place; unused objects go when it is saved (`prune_objects`).
pub fn tidy(doc: &mut Document) -> Tidied {
    let mut done = Tidied::default();
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in &pages {
        if let Ok(dict) = doc.get_dictionary_mut(*page)
            && dict.remove(b"Thumb").is_some()
        {
            done.thumbnails += 1;
        }
    }
    for (id, object) in doc.objects.iter_mut() {
        let dict: Option<&mut Dictionary> = match object {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&mut s.dict),
            _ => None,
        };
        if let Some(dict) = dict {
            done.metadata += usize::from(dict.remove(b"PieceInfo").is_some());
            // The catalog's XMP is the document's own (PDF/A needs it); an image's or a
            // page's is an editor's history, shown nowhere.
            if Some(*id) != catalog && dict.remove(b"Metadata").is_some() {
                done.metadata += 1;
            }
        }
    }
    // What no longer hangs from the catalog is not worth recompressing.
    doc.prune_objects();
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id)
            && recompress(s)
        {
            done.recompressed += 1;
        }
    }
    done.duplicates = share_duplicates(doc);
    done
}

/// Deflates an unfiltered stream, or inflates and deflates again a stream whose only
/// filter is deflate without a predictor, when that makes it smaller.
fn recompress(s: &mut lopdf::Stream) -> bool {
    let is_type = |t: &[u8]| {
        s.dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == t)
    };
    // Written anew by the saver.
    if is_type(b"XRef") || is_type(b"ObjStm") {
        return false;
    }
    let filters = s.filters().unwrap_or_default();
    let raw = match filters.as_slice() {
        [] if s.allows_compression => s.content.clone(),
        [f] if *f == b"FlateDecode" && !s.dict.has(b"DecodeParms") => match inflate(&s.content) {
            Some(raw) => raw,
            None => return false,
        },
        _ => return false,
    };
    let Some(packed) = deflate(&raw) else {
        return false;
    };
    if packed.len() >= s.content.len() {
        return false;
    }
    s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    s.set_content(packed);
    true
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 4);
    let mut d = flate2::write::ZlibDecoder::new(&mut out);
    d.write_all(data).ok()?;
    d.finish().ok()?;
    Some(out)
}

fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).ok()?;
    e.finish().ok()
}

/// Points every reference to a stream that repeats another (same dictionary, same bytes)
/// at the first of them; returns how many were repeats.
fn share_duplicates(doc: &mut Document) -> usize {
    let mut first: HashMap<(u64, usize), Vec<ObjectId>> = HashMap::new();
    let mut same: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    for (id, object) in &doc.objects {
        let Object::Stream(s) = object else {
            continue;
        };
        let key = (xxhash_rust::xxh3::xxh3_64(&s.content), s.content.len());
        let seen = first.entry(key).or_default();
        match seen.iter().find(|other| {
            matches!(doc.objects.get(other), Some(Object::Stream(o)) if o.content == s.content && o.dict == s.dict)
        }) {
            Some(other) => {
                same.insert(*id, *other);
            }
            None => seen.push(*id),
        }
    }
    if same.is_empty() {
        return 0;
    }
    for object in doc.objects.values_mut() {
        repoint(object, &same);
    }
    let mut trailer = Object::Dictionary(std::mem::take(&mut doc.trailer));
    repoint(&mut trailer, &same);
    if let Object::Dictionary(d) = trailer {
        doc.trailer = d;
    }
    same.len()
}

fn repoint(object: &mut Object, to: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = to.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| repoint(o, to)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| repoint(o, to)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| repoint(o, to)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    #[test]
    fn streams_shrink_duplicates_are_shared_and_thumbnails_go() {
        let mut doc = Document::with_version("1.7");
        let text = b"BT /F1 12 Tf 72 720 Td (hello hello hello hello hello) Tj ET\n".repeat(50);
        let content = doc.add_object(Stream::new(dictionary! {}, text.clone()));
        let copy = doc.add_object(Stream::new(dictionary! {}, text.clone()));
        let thumb = doc.add_object(Stream::new(dictionary! {}, vec![0u8; 100]));
        let page = super::super::with_one_page(
            &mut doc,
            dictionary! {
                "Contents" => vec![content.into(), copy.into()],
                "Thumb" => thumb, "PieceInfo" => dictionary! {},
            },
        );

        let done = tidy(&mut doc);
        assert_eq!(done.thumbnails, 1);
        assert_eq!(done.metadata, 1);
        assert_eq!(done.duplicates, 1);
        assert_eq!(done.recompressed, 2);
        let page = doc.get_dictionary(page).unwrap();
        let contents = page.get(b"Contents").unwrap().as_array().unwrap();
        assert_eq!(contents[0], contents[1], "both point at one stream");
        let s = doc.get_object(content).unwrap().as_stream().unwrap();
        assert!(s.content.len() < text.len() / 10);
        assert_eq!(s.decompressed_content().unwrap(), text, "lossless");
        assert_eq!(
            done.describe(),
            "2 streams recompressed, 1 thumbnail dropped, 1 private metadata entry dropped, 1 duplicate stream shared"
        );
    }
}
