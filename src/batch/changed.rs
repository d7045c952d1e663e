//! `check --changed FILE...`: the packs that hold the files a pre-commit hook was given.

use std::path::{Path, PathBuf};

/// The pack of each changed path, each once, in the order first named: the folder the
/// file sits in (documents lie directly inside their pack), or the path itself when it is
/// a folder. A deleted file still names its folder, since the pack may now miss it; a
/// folder that no longer exists names nothing. Never climbs further: a hook must not
/// wander into folders it was not given.
pub fn packs_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = Vec::new();
    for path in paths {
        let pack = if path.is_dir() {
            path.as_path()
        } else {
            match path.parent() {
                Some(p) if p.as_os_str().is_empty() => Path::new("."),
                Some(p) => p,
                None => continue,
            }
        };
        if pack.is_dir() && !packs.iter().any(|p| p == pack) {
            packs.push(pack.to_path_buf());
        }
    }
    packs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn files_map_to_their_folders_once() {
        let root = tempfile::tempdir().unwrap();
        let anna = root.path().join("clients/anna");
        let bo = root.path().join("clients/bo");
        fs::create_dir_all(anna.join("scans")).unwrap();
        fs::create_dir_all(&bo).unwrap();
        fs::write(anna.join("02_Passport.pdf"), b"%PDF-1.4").unwrap();
        fs::write(anna.join("scans/raw.jpg"), b"x").unwrap();
        let got = packs_of(&[
            anna.join("02_Passport.pdf"),
            bo.join("03_Form.pdf"), // deleted: its folder still counts
            anna.join("dossier.toml"),
            anna.join("scans/raw.jpg"),
            root.path().join("clients/gone/01_Index.pdf"), // folder deleted too
            bo.clone(),
        ]);
        assert_eq!(got, vec![anna.clone(), bo, anna.join("scans")]);
        assert_eq!(
            packs_of(&[PathBuf::from("01_Index.pdf")]),
            vec![PathBuf::from(".")]
        );
    }
}
