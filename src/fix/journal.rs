//! The journal: a run's every move, on disk before the first rename, so that a run that
//! dies half way can be completed by the next one.
//!
//! `.dossier-fix.journal` is UTF-8 text: a header line, then one line per move with five
//! tab-separated fields: the original name, the temporary name, the final name (relative
//! to the pack: `NAME` or `.dossier-trash/NAME`), the size in bytes and the XXH3-64 of the
//! content in hex (`-` for a folder). In names, `%`, `/`, `\`, control characters and bytes
//! that are not UTF-8 are written `%XX`, so any name the file system allows survives.

use super::{Dest, JOURNAL_FILE, JOURNAL_TEMP, TEMP_PREFIX, TRASH_DIR};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path};

/// The first line; a later format gets a new number, and an older dossier refuses it.
const HEADER: &str = "dossier-fix journal 1";

/// One journalled move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The name in the pack folder before the run.
    pub from: OsString,
    /// The unique name it has between the two phases.
    pub temp: OsString,
    /// Where it ends.
    pub to: Dest,
    /// What the file held, to tell "not moved yet" from "already moved" when the
    /// originals and the final names are the same set (a pure reordering).
    pub fingerprint: Option<Fingerprint>,
}

/// A file's size and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Size in bytes.
    pub bytes: u64,
    /// XXH3-64 of the content.
    pub xxh3: u64,
}

/// The size and hash of the file at `path` (links followed); `None` for a folder or a
/// file that cannot be read.
pub fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut file = fs::File::open(path).ok()?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                bytes += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(Fingerprint {
        bytes,
        xxh3: hasher.digest(),
    })
}

/// Whether `name` can be written into the journal and read back on this system.
pub fn is_encodable(name: &OsStr) -> bool {
    name_bytes(name).is_some()
}

#[cfg(unix)]
fn name_bytes(name: &OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(name.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn name_bytes(name: &OsStr) -> Option<Vec<u8>> {
    // Elsewhere a name that is not Unicode has no portable byte form; fix leaves it alone.
    name.to_str().map(|s| s.as_bytes().to_vec())
}

#[cfg(unix)]
fn name_from_bytes(bytes: Vec<u8>) -> Option<OsString> {
    use std::os::unix::ffi::OsStringExt;
    Some(OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn name_from_bytes(bytes: Vec<u8>) -> Option<OsString> {
    String::from_utf8(bytes).ok().map(OsString::from)
}

fn escape(name: &OsStr) -> String {
    let bytes = name_bytes(name).unwrap_or_else(|| name.to_string_lossy().as_bytes().to_vec());
    let mut out = String::with_capacity(bytes.len());
    let hex = |out: &mut String, b: &[u8]| {
        for byte in b {
            out.push_str(&format!("%{byte:02X}"));
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' || c == '/' || c == '\\' || c.is_control() {
                hex(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes());
            } else {
                out.push(c);
            }
        }
        hex(&mut out, chunk.invalid());
    }
    out
}

fn unescape(text: &str) -> Option<OsString> {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = std::str::from_utf8(raw.get(i + 1..i + 3)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    name_from_bytes(bytes)
}

/// A plain file name: one normal path component, nothing that climbs out of the pack.
fn plain_name(text: &str) -> Result<OsString, String> {
    let name = unescape(text).ok_or_else(|| format!("`{text}` is not a valid name"))?;
    let mut parts = Path::new(&name).components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(n)), None) if n == name.as_os_str() => Ok(name),
        _ => Err(format!("`{text}` is not a plain file name")),
    }
}

/// The journal's text for `records`.
pub fn render(records: &[Record]) -> String {
    let mut out = format!("{HEADER}\n");
    for r in records {
        let to = if r.to.trash {
            format!("{TRASH_DIR}/{}", escape(&r.to.name))
        } else {
            escape(&r.to.name)
        };
        let (bytes, hash) = match r.fingerprint {
            Some(f) => (f.bytes.to_string(), format!("{:016x}", f.xxh3)),
            None => ("-".into(), "-".into()),
        };
        out.push_str(&format!(
            "{}\t{}\t{to}\t{bytes}\t{hash}\n",
            escape(&r.from),
            escape(&r.temp)
        ));
    }
    out
}

/// Reads the records back from a journal's text, refusing anything fix did not write:
/// a name outside the pack, a temporary name not of fix's making.
pub fn parse(text: &str) -> Result<Vec<Record>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(format!("it does not start with `{HEADER}`"));
    }
    let mut records = Vec::new();
    for (i, line) in lines.enumerate() {
        let at = |e: String| format!("line {}: {e}", i + 2);
        let fields: Vec<&str> = line.split('\t').collect();
        let [from, temp, to, bytes, hash] = fields[..] else {
            return Err(at(format!("{} fields, not 5", fields.len())));
        };
        let from = plain_name(from).map_err(at)?;
        let temp = plain_name(temp).map_err(at)?;
        if !temp.to_string_lossy().starts_with(TEMP_PREFIX) {
            return Err(at(format!(
                "the temporary name does not start with `{TEMP_PREFIX}`"
            )));
        }
        let to = match to.strip_prefix(TRASH_DIR).and_then(|r| r.strip_prefix('/')) {
            Some(name) => Dest {
                trash: true,
                name: plain_name(name).map_err(at)?,
            },
            None => Dest {
                trash: false,
                name: plain_name(to).map_err(at)?,
            },
        };
        let fingerprint = match (bytes, hash) {
            ("-", "-") => None,
            _ => Some(Fingerprint {
                bytes: bytes
                    .parse()
                    .map_err(|_| at(format!("`{bytes}` is not a size")))?,
                xxh3: u64::from_str_radix(hash, 16)
                    .map_err(|_| at(format!("`{hash}` is not a hash")))?,
            }),
        };
        records.push(Record {
            from,
            temp,
            to,
            fingerprint,
        });
    }
    if records.is_empty() {
        return Err("it lists no move".into());
    }
    Ok(records)
}

/// Writes the journal durably: to a temporary file, flushed to disk, renamed into place,
/// and the folder flushed, so that a journal either exists whole or not at all.
pub fn write(dir: &Path, records: &[Record]) -> io::Result<()> {
    let tmp = dir.join(JOURNAL_TEMP);
    let target = dir.join(JOURNAL_FILE);
    remove_stale_temp(dir)?;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    file.write_all(render(records).as_bytes())?;
    file.sync_all()?;
    drop(file);
    // Another run's journal, even one written a moment ago, is never replaced.
    super::rename::rename_no_replace(&tmp, &target).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            io::Error::new(e.kind(), format!("{JOURNAL_FILE} already exists"))
        } else {
            e
        }
    })?;
    sync_dir(dir)
}

/// The records of the journal in `dir`; `Ok(None)` when there is none.
pub fn read(dir: &Path) -> Result<Option<Vec<Record>>, String> {
    let path = dir.join(JOURNAL_FILE);
    match fs::read(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {JOURNAL_FILE}: {e}")),
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("{JOURNAL_FILE} is not UTF-8 text"))?;
            parse(&text)
                .map(Some)
                .map_err(|e| format!("{JOURNAL_FILE} is damaged: {e}"))
        }
    }
}

/// Removes the journal and flushes the folder.
pub fn remove(dir: &Path) -> io::Result<()> {
    fs::remove_file(dir.join(JOURNAL_FILE))?;
    sync_dir(dir)
}

/// Removes a journal that died before it was renamed into place: no file was moved after
/// it, so it holds nothing to complete.
pub fn remove_stale_temp(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(JOURNAL_TEMP)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Flushes a folder's entries (the renames in it) to disk.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Flushes a folder's entries; elsewhere a folder cannot be opened for that, and the
/// renames are as durable as the file system makes them.
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(from: &str, temp: &str, to: &str, trash: bool) -> Record {
        Record {
            from: from.into(),
            temp: temp.into(),
            to: Dest {
                trash,
                name: to.into(),
            },
            fingerprint: Some(Fingerprint {
                bytes: 12,
                xxh3: 0xdead_beef,
            }),
        }
    }

    #[test]
    fn round_trips() {
        let records = vec![
            record(
                "1_Photo 50%.jpg",
                ".dossier-fix-1-1_Photo 50%.jpg",
                "03_Photo_50.jpg",
                false,
            ),
            record("02_Анкета\t.pdf", ".dossier-fix-2-x", "02_Form.pdf", false),
            Record {
                fingerprint: None,
                ..record(".DS_Store", ".dossier-fix-3-.DS_Store", ".DS_Store-2", true)
            },
        ];
        let text = render(&records);
        assert!(text.contains("50%25.jpg"), "{text}");
        assert!(text.contains("Анкета%09.pdf"), "{text}");
        assert!(text.contains(".dossier-trash/.DS_Store-2\t-\t-"), "{text}");
        assert_eq!(parse(&text).unwrap(), records);
    }

    #[cfg(unix)]
    #[test]
    fn round_trips_names_that_are_not_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let name = OsString::from_vec(b"01_Pass\xffport.pdf".to_vec());
        let r = Record {
            from: name.clone(),
            ..record("x", ".dossier-fix-1-x", "01_Pass_port.pdf", false)
        };
        let text = render(std::slice::from_ref(&r));
        assert!(text.contains("01_Pass%FFport.pdf"), "{text}");
        assert_eq!(parse(&text).unwrap()[0].from, name);
    }

    #[test]
    fn refuses_names_outside_the_pack() {
        let bad = [
            format!("{HEADER}\n../x\t.dossier-fix-1-x\ty\t-\t-\n"),
            format!("{HEADER}\nx\t.dossier-fix-1-x\t..\t-\t-\n"),
            format!("{HEADER}\nx\t.dossier-fix-1-x\tsub%2Fy\t-\t-\n"),
            format!("{HEADER}\nx\tnot-ours\ty\t-\t-\n"),
            format!("{HEADER}\nx\t.dossier-fix-1-x\ty\n"),
            format!("{HEADER}\n"),
            "something else\n".to_string(),
        ];
        for text in bad {
            assert!(parse(&text).is_err(), "{text:?}");
        }
    }
}
