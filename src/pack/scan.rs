//! Listing a pack folder: every entry named, classified and sniffed, in a stable order.

use super::entry::{DocInfo, Entry, EntryClass, is_ignored_dir, junk_reason};
use super::lock::LOCK_FILE;
use super::manifest::MANIFEST_FILE;
use super::name;
use super::profile::Profile;
use super::sniff::{self, SNIFF_LEN};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Lists `dir` (depth 1, sorted by name, links not followed out of the folder).
///
/// Never fails: an entry that cannot be read is classified with the reason, so one bad
/// file never hides the others. `Err` only when `dir` itself cannot be listed.
pub fn scan(dir: &Path, profile: &Profile) -> std::io::Result<Vec<Entry>> {
    let root = fs::canonicalize(dir)?;
    let mut entries = Vec::new();
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name();
    for item in walker {
        let item = match item {
            Ok(item) => item,
            // The pack folder itself cannot be listed: the pack cannot be checked.
            Err(e) if e.depth() == 0 => {
                return Err(e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("the folder cannot be listed")));
            }
            // A vanished or unlistable entry: walkdir names the path when it can.
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else {
                    continue;
                };
                let (name, utf8_name) = file_name(&path);
                entries.push(Entry {
                    name,
                    utf8_name,
                    path,
                    bytes: 0,
                    class: EntryClass::NotAFile(e.to_string()),
                });
                continue;
            }
        };
        let path = item.path().to_path_buf();
        let (name, utf8_name) = file_name(&path);
        let ft = item.file_type();
        if ft.is_dir() && is_ignored_dir(&name) {
            continue;
        }
        // The lock of a run in progress (this one's, or another's) is not the pack's.
        if !ft.is_dir() && name == LOCK_FILE {
            continue;
        }
        let (class, bytes) = if ft.is_symlink() {
            classify_link(&root, &path, &name, profile)
        } else if ft.is_dir() {
            (
                junk_reason(&name, true).map_or(EntryClass::Folder, EntryClass::Junk),
                0,
            )
        } else if ft.is_file() {
            let bytes = item.metadata().map(|m| m.len()).unwrap_or(0);
            (classify_file(&path, &name, bytes, profile), bytes)
        } else {
            (
                EntryClass::NotAFile("a device, socket or pipe, not a file".into()),
                0,
            )
        };
        entries.push(Entry {
            name,
            utf8_name,
            path,
            bytes,
            class,
        });
    }
    Ok(entries)
}

fn file_name(path: &Path) -> (String, bool) {
    let raw = path.file_name().unwrap_or(path.as_os_str());
    match raw.to_str() {
        Some(s) => (s.to_string(), true),
        None => (raw.to_string_lossy().into_owned(), false),
    }
}

fn classify_link(root: &Path, path: &Path, name: &str, profile: &Profile) -> (EntryClass, u64) {
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) => {
            let why = if e.raw_os_error() == Some(40) {
                "a symbolic link loop".to_string()
            } else if e.kind() == std::io::ErrorKind::NotFound {
                "a symbolic link to a file that does not exist".to_string()
            } else {
                format!("a symbolic link that cannot be followed: {e}")
            };
            return (EntryClass::NotAFile(why), 0);
        }
    };
    if !target.starts_with(root) {
        return (EntryClass::LinkOutside(target.display().to_string()), 0);
    }
    match fs::metadata(&target) {
        Ok(m) if m.is_file() => (classify_file(path, name, m.len(), profile), m.len()),
        Ok(m) if m.is_dir() => (EntryClass::Folder, 0),
        Ok(_) => (
            EntryClass::NotAFile("a link to a device, socket or pipe".into()),
            0,
        ),
        Err(e) => (EntryClass::NotAFile(e.to_string()), 0),
    }
}

fn classify_file(path: &Path, name: &str, bytes: u64, profile: &Profile) -> EntryClass {
    if name == MANIFEST_FILE {
        return EntryClass::Manifest;
    }
    if let Some(why) = junk_reason(name, false) {
        return EntryClass::Junk(why);
    }
    let parsed = name::parse(name);
    let title = match &parsed {
        Ok(n) => n.title.as_str(),
        Err(_) => name::loose_title(name),
    };
    let spec = profile.kind_of(title);
    let kind = spec.map(|k| k.id.clone());
    let role = spec.map(|k| k.role());
    let (sniffed, io_error) = if bytes == 0 {
        (None, None)
    } else {
        match read_head(path) {
            Ok(head) if head.is_empty() => (None, None),
            Ok(head) => (Some(sniff::sniff(&head)), None),
            Err(e) => match super::open::link_outside(&e) {
                // Swapped for a link out of the pack since the listing: what the listing
                // would have called it.
                Some(out) => return EntryClass::LinkOutside(out.target.display().to_string()),
                None => (None, Some(e.to_string())),
            },
        }
    };
    EntryClass::Document(DocInfo {
        name: parsed,
        sniffed,
        io_error,
        kind,
        role,
    })
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    super::open::open_document(path)?
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Whether `dir` directly holds something a pack is made of (a non-junk file or a manifest).
pub fn holds_documents(dir: &Path) -> bool {
    let Ok(rd) = fs::read_dir(dir) else {
        return false;
    };
    rd.flatten().any(|e| {
        let is_file = e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink());
        is_file && junk_reason(&e.file_name().to_string_lossy(), false).is_none()
    })
}

/// Every folder at or below `root` that holds documents, and every one that could not be
/// listed (it may hold a pack; its check says why it could not be read), sorted by path:
/// the packs of a `--recursive` run. Links are not followed, so a loop cannot trap the
/// walk.
pub fn find_packs(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_type().is_dir() || {
                let n = e.file_name().to_string_lossy();
                !is_ignored_dir(&n) && junk_reason(&n, true).is_none()
            }
        });
    for entry in walk {
        match entry {
            // A folder that cannot be read holds no documents here: walkdir reports it
            // again as an error when it fails to descend, handled below.
            Ok(e) if e.file_type().is_dir() && holds_documents(e.path()) => {
                found.push(e.into_path());
            }
            Ok(_) => {}
            Err(err) => {
                // A folder that cannot be opened (permissions, a path beyond the system's
                // length limit) is an error with a path; one that vanished mid-walk is not
                // a pack any more.
                let Some(path) = err.path().map(Path::to_path_buf) else {
                    continue;
                };
                let io = err.io_error();
                let gone = io.is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
                let not_folder = fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir());
                if !gone && !not_folder {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}
