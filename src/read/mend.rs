//! Repairs that qpdf and poppler make when they open a damaged or unusual PDF, made
//! here after lopdf has loaded it so `check` reads, and `build` writes, what a viewer
//! shows: a stream without `/Length` is cut at its `endstream`, an `/Encrypt`
//! dictionary with indirect values or a file with an unusable `/ID` is opened with the
//! empty password ([`unlocked`], before loading), and a page tree with pages written
//! inside it is made regular.
//! Each repair is described, so `file/repaired` can say what was done.

use lopdf::{Document, Object, ObjectId};

/// Makes every repair `doc` needs; `bytes` gives the file's bytes, asked for only when a
/// stream must be recovered from them. Returns a description of each repair made.
pub fn repair(doc: &mut Document, bytes: impl FnOnce() -> Option<Vec<u8>>) -> Vec<String> {
    let mut notes = Vec::new();
    let lacking = streams_without_length(doc);
    if !lacking.is_empty()
        && let Some(bytes) = bytes()
    {
        let n = restore_streams(doc, &bytes, &lacking);
        if n > 0 {
            notes.push(format!(
                "{n} stream(s) had no usable /Length and were read up to their `endstream`"
            ));
        }
    }
    if let Some(note) = super::page_tree::mend(doc) {
        notes.push(note);
    }
    notes
}

/// Streams whose `/Length` is missing or does not resolve to a number: lopdf then keeps
/// no data (or one byte), where a viewer reads up to `endstream`.
fn streams_without_length(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter_map(|(&id, object)| {
            let stream = object.as_stream().ok()?;
            stream.start_position?;
            let length = stream
                .dict
                .get(b"Length")
                .ok()
                .and_then(|l| doc.dereference(l).ok())
                .filter(|(_, l)| l.as_i64().is_ok() || l.as_float().is_ok());
            length.is_none().then_some(id)
        })
        .collect()
}

/// Gives each stream the bytes from its start to the next `endstream` (less the one
/// end-of-line before it); returns how many were restored.
fn restore_streams(doc: &mut Document, bytes: &[u8], ids: &[ObjectId]) -> usize {
    let mut restored = 0;
    for id in ids {
        let Ok(stream) = doc.get_object_mut(*id).and_then(Object::as_stream_mut) else {
            continue;
        };
        let Some(start) = stream.start_position.filter(|&s| s <= bytes.len()) else {
            continue;
        };
        let Some(len) = memchr::memmem::find(&bytes[start..], b"endstream") else {
            continue;
        };
        let mut data = &bytes[start..start + len];
        if let Some(d) = data.strip_suffix(b"\n") {
            data = d.strip_suffix(b"\r").unwrap_or(d);
        } else if let Some(d) = data.strip_suffix(b"\r") {
            data = d;
        }
        if data.len() > super::limits::MAX_STREAM_BYTES {
            continue;
        }
        stream.set_content(data.to_vec());
        restored += 1;
    }
    restored
}

/// The file's bytes with an update appended that lets it open with the empty password,
/// when lopdf left it locked only because its `/Encrypt` dictionary holds references
/// (`/R 12 0 R`) or its `/ID` is not an array of strings: qpdf and poppler resolve the
/// references and read a bad `/ID` as empty. lopdf loads no object of a file it cannot
/// unlock, so the repair is made to the bytes and the file loaded again. `None` when
/// neither applies; the caller then still reports the file as encrypted.
pub fn unlocked(bytes: &[u8], locked: &Document) -> Option<(Vec<u8>, String)> {
    let mut trailer = locked.trailer.clone();
    let (mut encrypt, direct) = match trailer.get(b"Encrypt").ok()? {
        Object::Reference(id) => (locked.get_dictionary(*id).ok()?.clone(), false),
        Object::Dictionary(d) => (d.clone(), true),
        _ => return None,
    };
    let indirect = encrypt.iter().any(|(_, v)| v.as_reference().is_ok());
    let bad_id = !valid_id(trailer.get(b"ID").ok());
    if !indirect && !bad_id && !direct {
        return None;
    }
    let prev = last_startxref(bytes)?;
    let mut changed = Vec::new();
    if indirect {
        // The values the references name, from the file loaded as if it were not
        // encrypted: numbers and names are never encrypted.
        let mut open = trailer.clone();
        open.remove(b"Encrypt");
        let raw = Document::load_mem(&append_update(bytes, prev, &[], open)?).ok()?;
        for (_, v) in encrypt.iter_mut() {
            if let Ok(id) = v.as_reference() {
                *v = raw.get_object(id).ok()?.clone();
            }
        }
        changed.push("its encryption dictionary holds references");
    }
    if bad_id {
        let empty = Object::string_literal("");
        trailer.set("ID", vec![empty.clone(), empty]);
        changed.push("its /ID is not a pair of strings");
    }
    if direct {
        changed.push("its encryption dictionary is not an object of its own");
    }
    let id = locked
        .max_id
        .max(trailer.get(b"Size").and_then(Object::as_i64).unwrap_or(0) as u32)
        + 1;
    trailer.set("Encrypt", Object::Reference((id, 0)));
    trailer.set("Size", i64::from(id) + 1);
    let patched = append_update(bytes, prev, &[(id, Object::Dictionary(encrypt))], trailer)?;
    Some((
        patched,
        format!(
            "{}; it was opened with the empty password as viewers do",
            changed.join(" and ")
        ),
    ))
}

/// `bytes` with an incremental update: `objects` and a trailer pointing back at `prev`.
fn append_update(
    bytes: &[u8],
    prev: u64,
    objects: &[(u32, Object)],
    mut trailer: lopdf::Dictionary,
) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut out = bytes.to_vec();
    out.extend_from_slice(b"\n");
    let mut offsets = Vec::new();
    for (n, object) in objects {
        offsets.push((*n, out.len()));
        writeln!(out, "{n} 0 obj").ok()?;
        lopdf::Writer::write_object(&mut out, object).ok()?;
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    for (n, at) in offsets {
        write!(out, "{n} 1\n{at:010} 00000 n \n").ok()?;
    }
    trailer.remove(b"XRefStm");
    trailer.remove(b"Type");
    trailer.remove(b"W");
    trailer.remove(b"Index");
    trailer.remove(b"Filter");
    trailer.remove(b"DecodeParms");
    trailer.remove(b"Length");
    trailer.set("Prev", prev as i64);
    out.extend_from_slice(b"trailer\n");
    lopdf::Writer::write_object(&mut out, &Object::Dictionary(trailer)).ok()?;
    write!(out, "\nstartxref\n{xref}\n%%EOF\n").ok()?;
    Some(out)
}

/// The offset the file's last `startxref` names.
fn last_startxref(bytes: &[u8]) -> Option<u64> {
    let at = memchr::memmem::rfind(bytes, b"startxref")?;
    let rest = &bytes[at + 9..(at + 40).min(bytes.len())];
    let digits: String = rest
        .iter()
        .map(|&b| b as char)
        .skip_while(char::is_ascii_whitespace)
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether `/ID` is an array whose first element is a string, as key derivation needs.
fn valid_id(id: Option<&Object>) -> bool {
    let Some(id) = id else {
        return false;
    };
    id.as_array()
        .ok()
        .and_then(|a| a.first())
        .is_some_and(|first| first.as_str().is_ok())
}
