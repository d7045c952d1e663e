//! `check --changed FILE...`: the packs that hold the files a pre-commit hook was given.

use crate::pack::scan::holds_documents;
use std::path::{Path, PathBuf};

/// The pack folder of each changed path, each once, in the order first named: the
/// nearest folder at or above the file that holds documents. A deleted file still names
/// its folder; a path under no pack is dropped, as a hook's file list may hold anything.
pub fn packs_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = Vec::new();
    for path in paths {
        let start = if path.is_dir() {
            Some(path.as_path())
        } else {
            path.parent()
        };
        let Some(start) = start else { continue };
        let start = if start.as_os_str().is_empty() {
            Path::new(".")
        } else {
            start
        };
        if let Some(pack) = start.ancestors().find(|d| is_pack(d))
            && !packs.iter().any(|p| p == pack)
        {
            packs.push(pack.to_path_buf());
        }
    }
    packs
}

fn is_pack(dir: &Path) -> bool {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.is_dir() && holds_documents(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn files_map_to_their_packs_once() {
        let root = tempfile::tempdir().unwrap();
        let anna = root.path().join("clients/anna");
        let bo = root.path().join("clients/bo");
        fs::create_dir_all(anna.join("scans")).unwrap();
        fs::create_dir_all(&bo).unwrap();
        fs::write(anna.join("02_Passport.pdf"), b"%PDF-1.4").unwrap();
        fs::write(anna.join("scans/raw.jpg"), b"x").unwrap();
        fs::write(bo.join("02_Passport.pdf"), b"%PDF-1.4").unwrap();
        fs::write(root.path().join("clients/README.txt"), b"x").unwrap();
        let got = packs_of(&[
            anna.join("02_Passport.pdf"),
            bo.join("03_Form.pdf"), // deleted: its folder still counts
            anna.join("dossier.toml"),
            anna.join("scans/raw.jpg"), // the folder holding it is the nearest pack
        ]);
        assert_eq!(got, vec![anna.clone(), bo, anna.join("scans")]);
        // A file under no pack names nothing.
        let lone = tempfile::tempdir().unwrap();
        assert!(packs_of(&[lone.path().join("notes.md")]).is_empty());
    }
}
