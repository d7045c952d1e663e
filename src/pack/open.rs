//! Opening a document's bytes at the moment they are read, not trusting the listing: the
//! folder may have changed since it was scanned (a file swapped for a link out of the pack,
//! or for a pipe).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Why a document was not opened: at open time it was a link to a file outside the pack.
#[derive(Debug)]
pub struct LinkOutside {
    /// Where the link leads.
    pub target: PathBuf,
}

impl std::fmt::Display for LinkOutside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a symbolic link to `{}`, outside the pack: not read",
            self.target.display()
        )
    }
}

impl std::error::Error for LinkOutside {}

/// The outside target, when `e` is the refusal of a link out of the pack.
pub fn link_outside(e: &io::Error) -> Option<&LinkOutside> {
    e.get_ref()?.downcast_ref::<LinkOutside>()
}

/// Opens the document at `path` for reading without following a link out of its folder:
/// the last component is opened with `O_NOFOLLOW`, a link is resolved only to a file
/// inside the folder (as the scan allows), and what was opened must be a regular file.
/// Read from the returned handle only; the path may name something else a moment later.
pub fn open_document(path: &Path) -> io::Result<File> {
    let file = match open_no_follow(path) {
        Ok(file) => file,
        // O_NOFOLLOW refuses a link with ELOOP on Linux, other errors elsewhere: ask
        // what the name is now rather than decode the errno.
        Err(e) if !path.symlink_metadata().is_ok_and(|m| m.is_symlink()) => return Err(e),
        Err(_) => open_link_inside(path)?,
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(
            "not a regular file when opened (a device, pipe or folder took its place)",
        ));
    }
    Ok(file)
}

/// A link inside the pack is followed to its target, which is opened without following
/// links in turn, then asked where it really is.
fn open_link_inside(path: &Path) -> io::Result<File> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let root = folder.canonicalize()?;
    let target = path.canonicalize()?;
    if !target.starts_with(&root) {
        return Err(io::Error::other(LinkOutside { target }));
    }
    let file = open_no_follow(&target)?;
    // The canonical path holds no link, but a folder on it could be swapped for one
    // between canonicalize and open: the kernel knows where the handle really points.
    if let Some(real) = real_path(&file)
        && !real.starts_with(&root)
    {
        return Err(io::Error::other(LinkOutside { target: real }));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a pipe swapped in must not hang the open (regular files ignore it).
    let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    // No O_NOFOLLOW here: look first, leaving the window the listing had.
    if path.symlink_metadata()?.is_symlink() {
        return Err(io::Error::other("a symbolic link"));
    }
    File::open(path)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn real_path(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn real_path(_: &File) -> Option<PathBuf> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::fs::symlink;

    fn read(mut file: File) -> String {
        let mut s = String::new();
        file.read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn opens_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("01_Passport.pdf"), "ours").unwrap();
        let f = open_document(&dir.path().join("01_Passport.pdf")).unwrap();
        assert_eq!(read(f), "ours");
    }

    #[test]
    fn refuses_a_link_out_of_the_folder() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.pdf"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("01_Passport.pdf");
        symlink(outside.path().join("secret.pdf"), &doc).unwrap();
        let e = open_document(&doc).unwrap_err();
        let refused = link_outside(&e).expect("refused as a link outside");
        assert!(refused.target.ends_with("secret.pdf"), "{e}");
        // A relative link that climbs out is the same refusal.
        let up = dir.path().join("02_Form.pdf");
        let rel = Path::new("..")
            .join(outside.path().file_name().unwrap())
            .join("secret.pdf");
        symlink(rel, &up).unwrap();
        assert!(link_outside(&open_document(&up).unwrap_err()).is_some());
    }

    #[test]
    fn follows_a_link_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("real.pdf"), "inside").unwrap();
        symlink("real.pdf", dir.path().join("02_Form.pdf")).unwrap();
        let f = open_document(&dir.path().join("02_Form.pdf")).unwrap();
        assert_eq!(read(f), "inside");
    }

    #[test]
    fn refuses_a_pipe_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("03_Photo.jpg");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = open_document(&fifo).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
