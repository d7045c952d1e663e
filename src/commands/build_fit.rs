//! Fitting the merged build under the portal's limit: the biggest documents are made
//! smaller first, each only as far as the remaining excess needs, with the same lossless
//! pass, scan floors and re-check as a split build's files; the others are left alone.
//! The merge is then built again from a private copy of the pack holding the smaller
//! documents, so the index, bookmarks and fields come out as they would from the originals.

use crate::build::shrink::{Floors, shrink};
use crate::pack::sniff::FileType;
use crate::pack::{LoadOptions, Pack};
use std::path::Path;

/// A copy of the pack whose documents fit the budget better, and what changed.
pub struct Fitted {
    /// Holds the copy; dropped, it removes it.
    pub dir: tempfile::TempDir,
    /// The copy, loaded.
    pub pack: Pack,
    /// One line per document changed: `06_Bank_Statements.pdf: 16.56 MB -> 1.90 MB (...)`.
    pub changes: Vec<String>,
}

/// Makes the documents of `pack` smaller, biggest first, until the merged file (now
/// `merged` bytes) would be at most `budget` bytes; `legible` re-checks a document's new
/// bytes by name. `None` when no document could be made smaller.
pub fn fit_merged(
    pack: &Pack,
    opts: &LoadOptions,
    merged: u64,
    budget: u64,
    floors: Floors,
    legible: &(dyn Fn(&str, &[u8]) -> bool + Sync),
) -> Option<Fitted> {
    let mut docs: Vec<(&str, &Path, u64)> = pack
        .documents()
        .filter(|e| e.doc().and_then(|d| d.sniffed) == Some(FileType::Pdf))
        .map(|e| (e.name.as_str(), e.path.as_path(), e.bytes))
        .collect();
    docs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let mut excess = merged.saturating_sub(budget);
    let mut smaller: Vec<(&str, Vec<u8>, String)> = Vec::new();
    for (name, path, size) in docs {
        if excess == 0 {
            break;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let check = |b: &[u8]| legible(name, b);
        // Only as far as the excess needs: the rest of the pack keeps its quality.
        let want = size.saturating_sub(excess).max(1);
        // Not far enough is as far as it goes, which still helps the total.
        let result = match shrink(&bytes, want, floors, &check) {
            Ok(s) => Some(s),
            Err(no) => no.best,
        };
        if let Some(s) = result {
            excess = excess.saturating_sub(size.saturating_sub(s.bytes.len() as u64));
            let line = format!(
                "{name}: {:.2} MB -> {:.2} MB ({})",
                size as f64 / 1e6,
                s.bytes.len() as f64 / 1e6,
                s.changes
            );
            smaller.push((name, s.bytes, line));
        }
    }
    if smaller.is_empty() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    for e in &pack.entries {
        let to = dir.path().join(&e.name);
        if let Some((_, bytes, _)) = smaller.iter().find(|(n, _, _)| *n == e.name) {
            std::fs::write(&to, bytes).ok()?;
        } else if e.path.is_file() {
            // The others as they are: linked when the file system allows, else copied.
            if std::fs::hard_link(&e.path, &to).is_err() {
                std::fs::copy(&e.path, &to).ok()?;
            }
        }
    }
    let copy = Pack::load(dir.path(), pack.display.clone(), opts).ok()?;
    Some(Fitted {
        dir,
        pack: copy,
        changes: smaller.into_iter().map(|(_, _, line)| line).collect(),
    })
}
