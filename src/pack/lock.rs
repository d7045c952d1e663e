//! One writer per pack: an advisory lock held for the whole of a run that renames or
//! writes in the pack (`fix`, `init`, a `build` into the pack), so two runs never
//! interleave their renames, journals and temporary names.
//!
//! On Unix the pack folder itself is locked: nothing is added to the pack, and a killed
//! run leaves nothing behind (the kernel drops the lock with the process). Where a folder
//! cannot be locked, `.dossier.lock` in the pack is, and is removed on release.

use crate::error::RunError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name, where one is needed; the scan passes over it, so it is never a
/// finding or a move.
pub const LOCK_FILE: &str = ".dossier.lock";

/// How long a run waits for another to finish before it gives up.
pub const WAIT: Duration = Duration::from_secs(2);

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run held it for the whole wait.
    Busy,
    /// The lock file cannot be created or locked.
    Io(io::Error),
}

/// The pack's lock, held until dropped.
#[derive(Debug)]
pub struct PackLock {
    /// The locked handle, and the lock file's name to remove when it is one; `None` where
    /// no lock can be had and none is needed.
    held: Option<(File, Option<PathBuf>)>,
}

/// Takes the lock of the pack in `dir`, waiting up to `wait` for another run to end.
pub fn lock(dir: &Path, wait: Duration) -> Result<PackLock, LockError> {
    let start = Instant::now();
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        match wait_for(&folder, start, wait) {
            Ok(Got::Locked) => {
                return Ok(PackLock {
                    held: Some((folder, None)),
                });
            }
            Ok(Got::Busy) => return Err(LockError::Busy),
            // A file system that cannot lock a folder (NFS emulates flock with record
            // locks, which want a file open for writing): a lock file instead.
            Ok(Got::Unsupported) | Err(_) => {}
        }
    }
    lock_file(dir, start, wait)
}

enum Got {
    Locked,
    Busy,
    Unsupported,
}

fn wait_for(file: &File, start: Instant, wait: Duration) -> io::Result<Got> {
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Got::Locked),
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                return Ok(Got::Unsupported);
            }
            Err(TryLockError::Error(e)) => return Err(e),
            Err(TryLockError::WouldBlock) if start.elapsed() >= wait => return Ok(Got::Busy),
            Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// The lock file is removed on release so a pack is left as it was found. A run that
/// opened the file just before another removed it would lock a name nobody else sees;
/// after locking, the name is checked to still be the file locked, and the open retried.
fn lock_file(dir: &Path, start: Instant, wait: Duration) -> Result<PackLock, LockError> {
    let path = dir.join(LOCK_FILE);
    loop {
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        let file = match opened {
            Ok(file) => file,
            // A folder this run cannot create a file in is one it cannot rename or write
            // in either: it has nothing to guard, and its own writes fail with their
            // own, clearer message.
            Err(e) if read_only(&e) => return Ok(PackLock { held: None }),
            Err(e) => return Err(LockError::Io(e)),
        };
        match wait_for(&file, start, wait).map_err(LockError::Io)? {
            Got::Locked if !same_file(&file, &path) => continue,
            Got::Busy => return Err(LockError::Busy),
            // Unsupported: a file system with no locks at all cannot be guarded; the run
            // goes on as before locks existed rather than refuse every pack on it.
            Got::Locked | Got::Unsupported => {
                return Ok(PackLock {
                    held: Some((file, Some(path))),
                });
            }
        }
    }
}

/// [`lock`] with the run's wait, failing as the run does: `shown` names the pack.
pub fn lock_pack(dir: &Path, shown: &str) -> Result<PackLock, RunError> {
    lock(dir, WAIT).map_err(|e| match e {
        LockError::Busy => RunError::PackBusy(shown.to_string(), WAIT.as_secs()),
        LockError::Io(e) => RunError::PackLock(shown.to_string(), e.to_string()),
    })
}

impl Drop for PackLock {
    fn drop(&mut self) {
        // Removed while still locked: a waiter then finds its handle's name gone and
        // opens afresh, so two runs never hold locks on two different files.
        if let Some((file, path)) = &self.held {
            if let Some(path) = path {
                let _ = std::fs::remove_file(path);
            }
            let _ = file.unlock();
        }
    }
}

fn read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), path.symlink_metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    // Windows cannot remove a file another process holds open, so the name is the file.
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path(), WAIT).unwrap();
        let start = Instant::now();
        let second = lock(dir.path(), Duration::from_millis(100));
        assert!(matches!(second, Err(LockError::Busy)), "{second:?}");
        assert!(start.elapsed() >= Duration::from_millis(100));
        drop(held);
        let again = lock(dir.path(), Duration::ZERO).unwrap();
        drop(again);
        assert!(
            !dir.path().join(LOCK_FILE).exists(),
            "nothing is left in the pack"
        );
    }

    #[test]
    fn the_lock_file_is_a_lock_too_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let held = lock_file(dir.path(), start, WAIT).unwrap();
        assert!(dir.path().join(LOCK_FILE).exists());
        let second = lock_file(dir.path(), Instant::now(), Duration::from_millis(50));
        assert!(matches!(second, Err(LockError::Busy)), "{second:?}");
        drop(held);
        assert!(!dir.path().join(LOCK_FILE).exists(), "released, removed");
        assert!(lock_file(dir.path(), Instant::now(), Duration::ZERO).is_ok());
    }

    #[test]
    fn a_waiter_gets_the_lock_once_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path(), WAIT).unwrap();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || lock(&path, Duration::from_secs(5)).is_ok());
        std::thread::sleep(Duration::from_millis(100));
        drop(held);
        assert!(waiter.join().unwrap());
    }
}
