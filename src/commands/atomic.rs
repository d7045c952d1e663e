//! Files written whole or not at all. The file is made without a name (`O_TMPFILE`) where
//! the file system allows, flushed to disk, and only then linked at its name: a run killed
//! at any moment before leaves nothing behind, not even a temporary file holding the
//! applicant's data. Elsewhere a hidden temporary file beside the target is renamed over
//! it, and removed on every error path (a kill -9 there can still leave it).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Test hook: `DOSSIER_CRASH_BEFORE_PUBLISH=1` aborts right before a complete file is
/// given its name, as a kill -9 at the worst moment would.
pub const CRASH_BEFORE_PUBLISH_ENV: &str = "DOSSIER_CRASH_BEFORE_PUBLISH";

/// The folder a file goes into (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file being written, not yet at its name.
pub(super) struct Staged {
    file: File,
    /// The temporary name, when the file system could not make the file without one.
    named: Option<tempfile::TempPath>,
    folder: PathBuf,
    prefix: String,
}

impl Staged {
    /// The open file.
    pub(super) fn as_file(&self) -> &File {
        &self.file
    }

    /// Whether the file has a name in the folder before [`commit`].
    #[cfg(test)]
    fn is_named(&self) -> bool {
        self.named.is_some()
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A new file to write `target` through: anonymous in `target`'s folder where possible,
/// else a private (0600) temporary file there, hidden by `prefix`'s leading dot.
pub(super) fn temp_beside(target: &Path, prefix: &str) -> io::Result<Staged> {
    let folder = folder_of(target).to_path_buf();
    if let Some(file) = anonymous_in(&folder) {
        return Ok(Staged {
            file,
            named: None,
            folder,
            prefix: prefix.to_string(),
        });
    }
    named_in(folder, prefix)
}

fn named_in(folder: PathBuf, prefix: &str) -> io::Result<Staged> {
    let (file, path) = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(&folder)?
        .into_parts();
    Ok(Staged {
        file,
        named: Some(path),
        folder,
        prefix: prefix.to_string(),
    })
}

/// Gives `tmp` the name `target`: flushed to disk first, the folder flushed after. The
/// file is private while written; the result gets ordinary permissions, or keeps those of
/// the file it replaces. Without `replace`, a target that exists (even one that appeared
/// meanwhile) is kept: `AlreadyExists`. On any error nothing is left at a temporary name.
pub(super) fn commit(tmp: Staged, target: &Path, replace: bool) -> io::Result<()> {
    let permissions = match std::fs::metadata(target) {
        Ok(m) if replace => m.permissions(),
        _ => ordinary_permissions(&tmp.file)?,
    };
    tmp.file.set_permissions(permissions)?;
    // Flushed before it has a name: a power cut never publishes a file of zeros.
    tmp.file.sync_all()?;
    if std::env::var_os(CRASH_BEFORE_PUBLISH_ENV).is_some_and(|v| v == "1") {
        std::process::abort();
    }
    match tmp.named {
        // Dropping the error's `TempPath` removes the temporary file.
        Some(path) if replace => path.persist(target).map_err(|e| e.error)?,
        Some(path) => path.persist_noclobber(target).map_err(|e| e.error)?,
        None => publish(&tmp.file, &tmp.folder, &tmp.prefix, target, replace)?,
    }
    sync_dir(&tmp.folder)
}

/// Links an anonymous file at `target`. A link never replaces, so `replace` links it at a
/// hidden name first and renames that over the target.
#[cfg(target_os = "linux")]
fn publish(
    file: &File,
    folder: &Path,
    prefix: &str,
    target: &Path,
    replace: bool,
) -> io::Result<()> {
    if !replace {
        return link_anonymous(file, target);
    }
    let mut taken = io::Error::from(io::ErrorKind::AlreadyExists);
    for n in 0..100 {
        let hidden = folder.join(format!("{prefix}{}-{n}.tmp", std::process::id()));
        match link_anonymous(file, &hidden) {
            // Named only for the instant of the rename, and removed if that fails.
            Ok(()) => {
                return std::fs::rename(&hidden, target).inspect_err(|_| {
                    let _ = std::fs::remove_file(&hidden);
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => taken = e,
            Err(e) => return Err(e),
        }
    }
    Err(taken)
}

#[cfg(not(target_os = "linux"))]
fn publish(_: &File, _: &Path, _: &str, _: &Path, _: bool) -> io::Result<()> {
    Err(io::Error::other("no anonymous files on this system"))
}

#[cfg(target_os = "linux")]
fn link_anonymous(file: &File, at: &Path) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, linkat};
    use std::os::fd::AsRawFd;
    let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    match linkat(CWD, proc_path.as_str(), CWD, at, AtFlags::SYMLINK_FOLLOW) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::EXIST) => Err(io::ErrorKind::AlreadyExists.into()),
        // Without /proc, AT_EMPTY_PATH links the descriptor itself (it needs a capability).
        Err(_) => linkat(file, "", CWD, at, AtFlags::EMPTY_PATH).map_err(io::Error::from),
    }
}

/// A file with no name in `folder`, or `None` where the file system (or system) cannot
/// make one, or could not give it a name later.
#[cfg(target_os = "linux")]
fn anonymous_in(folder: &Path) -> Option<File> {
    use rustix::fs::{Mode, OFlags};
    if !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
    rustix::fs::open(folder, flags, Mode::from_raw_mode(0o600))
        .ok()
        .map(File::from)
}

#[cfg(not(target_os = "linux"))]
fn anonymous_in(_: &Path) -> Option<File> {
    None
}

/// Flushes the folder's entries (the new name) to disk.
#[cfg(unix)]
fn sync_dir(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn ordinary_permissions(_: &File) -> io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(tmp: &File) -> io::Result<std::fs::Permissions> {
    // Elsewhere only the read-only flag exists, and a new file does not have it.
    tmp.metadata().map(|m| m.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_anonymous_file_has_no_name_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("pack.pdf");
        let mut tmp = temp_beside(&target, ".dossier-build-").unwrap();
        assert!(!tmp.is_named(), "this file system makes anonymous files");
        tmp.write_all(b"%PDF-1.7 the applicant's data").unwrap();
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        // Dropped unpublished (an error, or a kill): nothing is left.
        drop(tmp);
        assert!(names(dir.path()).is_empty());
        let mut tmp = temp_beside(&target, ".dossier-build-").unwrap();
        tmp.write_all(b"whole").unwrap();
        commit(tmp, &target, false).unwrap();
        assert_eq!(names(dir.path()), ["pack.pdf"]);
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
    }

    fn both_ways(check: impl Fn(&Path, &dyn Fn(&Path) -> Staged)) {
        let anonymous = |target: &Path| temp_beside(target, ".dossier-t-").unwrap();
        let named =
            |target: &Path| named_in(folder_of(target).to_path_buf(), ".dossier-t-").unwrap();
        for make in [&anonymous as &dyn Fn(&Path) -> Staged, &named] {
            let dir = tempfile::tempdir().unwrap();
            check(dir.path(), make);
        }
    }

    #[test]
    fn never_replaces_without_replace_even_a_file_that_appeared_meanwhile() {
        both_ways(|dir, make| {
            let target = dir.join("out.pdf");
            let mut tmp = make(&target);
            tmp.write_all(b"new").unwrap();
            std::fs::write(&target, b"someone else's").unwrap();
            let e = commit(tmp, &target, false).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::AlreadyExists, "{e}");
            assert_eq!(std::fs::read(&target).unwrap(), b"someone else's");
            assert_eq!(names(dir), ["out.pdf"], "no temporary file is left");
        });
    }

    #[cfg(unix)]
    #[test]
    fn replaces_when_asked_keeping_the_old_permissions() {
        use std::os::unix::fs::PermissionsExt;
        both_ways(|dir, make| {
            let target = dir.join("report.json");
            std::fs::write(&target, b"old").unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
            let mut tmp = make(&target);
            tmp.write_all(b"new").unwrap();
            commit(tmp, &target, true).unwrap();
            assert_eq!(std::fs::read(&target).unwrap(), b"new");
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
            assert_eq!(names(dir), ["report.json"]);
        });
    }
}
