//! A rename that never replaces: the target's absence is checked by the kernel in the same
//! step as the move, so a file created at the target a moment before is kept.

use std::io;
use std::path::Path;

/// Renames `from` to `to`, failing with `AlreadyExists` (both files left as they are) when
/// anything has the name `to`. `renameat2(RENAME_NOREPLACE)` where the system has it; else
/// a hard link then an unlink, which fail the same way. Only a file system with neither
/// (no flag and no hard links, or a folder to move there) gets check-then-rename.
///
/// When `from` and `to` are already two names of one file (a link-then-unlink cut short),
/// the move is finished by removing `from`: nothing is lost either way.
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    match kernel_no_replace(from, to) {
        Ok(Some(())) => Ok(()),
        Ok(None) => link_then_unlink(from, to),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && same_file(from, to) => {
            std::fs::remove_file(from)
        }
        Err(e) => Err(e),
    }
}

/// `Ok(None)`: the system or file system has no such rename; try another way.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn kernel_no_replace(from: &Path, to: &Path) -> io::Result<Option<()>> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(Some(())),
        // EINVAL: a file system that refuses the flag; ENOSYS: a kernel without renameat2.
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn kernel_no_replace(_: &Path, _: &Path) -> io::Result<Option<()>> {
    Ok(None)
}

fn link_then_unlink(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        // Cut short between the two, the file is at both names: the next attempt (a
        // rerun completing the journal) sees one file twice and removes `from`.
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && same_file(from, to) => {
            std::fs::remove_file(from)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // A folder, or a file system without hard links (FAT on a USB stick): the last
        // resort keeps the old look-then-rename, whose window is a few microseconds.
        Err(e) if from.is_dir() || link_unsupported(&e) => {
            if to.symlink_metadata().is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "the target exists",
                ));
            }
            std::fs::rename(from, to)
        }
        Err(e) => Err(e),
    }
}

fn link_unsupported(e: &io::Error) -> bool {
    // EPERM is Linux's answer for a file system without hard links.
    matches!(
        e.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied | io::ErrorKind::TooManyLinks
    )
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (a.symlink_metadata(), b.symlink_metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino() && !a.is_dir(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn moves_to_a_free_name() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "ours").unwrap();
        rename_no_replace(&dir.path().join("a"), &dir.path().join("b")).unwrap();
        assert!(!dir.path().join("a").exists());
        assert_eq!(fs::read_to_string(dir.path().join("b")).unwrap(), "ours");
    }

    #[test]
    fn keeps_both_when_the_target_exists() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "ours").unwrap();
        fs::write(dir.path().join("b"), "someone else's").unwrap();
        let e = rename_no_replace(&dir.path().join("a"), &dir.path().join("b")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists, "{e}");
        assert_eq!(fs::read_to_string(dir.path().join("a")).unwrap(), "ours");
        assert_eq!(
            fs::read_to_string(dir.path().join("b")).unwrap(),
            "someone else's"
        );
        // The fallback refuses the same way.
        let e = link_then_unlink(&dir.path().join("a"), &dir.path().join("b")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists, "{e}");
        assert_eq!(fs::read_to_string(dir.path().join("a")).unwrap(), "ours");
    }

    #[test]
    fn a_broken_link_at_the_target_is_kept_too() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "ours").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("nowhere", dir.path().join("b")).unwrap();
        #[cfg(unix)]
        assert!(rename_no_replace(&dir.path().join("a"), &dir.path().join("b")).is_err());
        assert!(dir.path().join("a").exists());
    }

    #[test]
    fn finishes_a_link_then_unlink_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "ours").unwrap();
        fs::hard_link(dir.path().join("a"), dir.path().join("b")).unwrap();
        rename_no_replace(&dir.path().join("a"), &dir.path().join("b")).unwrap();
        assert!(!dir.path().join("a").exists());
        assert_eq!(fs::read_to_string(dir.path().join("b")).unwrap(), "ours");
    }

    #[test]
    fn moves_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("__MACOSX")).unwrap();
        fs::create_dir(dir.path().join("taken")).unwrap();
        let (from, taken) = (dir.path().join("__MACOSX"), dir.path().join("taken"));
        assert!(rename_no_replace(&from, &taken).is_err());
        rename_no_replace(&from, &dir.path().join("moved")).unwrap();
        assert!(dir.path().join("moved").is_dir());
    }
}
