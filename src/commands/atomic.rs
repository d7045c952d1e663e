//! Files written whole or not at all: a temporary file beside the target, renamed over it
//! once complete, so a reader never sees half a file and a failed run leaves the old one.

use std::io;
use std::path::Path;
use tempfile::NamedTempFile;

/// The folder a file goes into (`.` for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file in `target`'s folder, hidden by a leading dot.
pub(super) fn temp_beside(target: &Path, prefix: &str) -> io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(folder_of(target))
}

/// Renames `tmp` to `target`. The temporary file is private (0600); the result gets
/// ordinary permissions, or keeps those of the file it replaces. Without `replace`, a
/// target that exists (even one that appeared meanwhile) is kept: `AlreadyExists`.
pub(super) fn commit(tmp: NamedTempFile, target: &Path, replace: bool) -> io::Result<()> {
    let permissions = match std::fs::metadata(target) {
        Ok(m) if replace => m.permissions(),
        _ => ordinary_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    if replace {
        tmp.persist(target).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(target).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(unix)]
fn ordinary_permissions(_: &std::fs::File) -> io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(tmp: &std::fs::File) -> io::Result<std::fs::Permissions> {
    // Elsewhere only the read-only flag exists, and a new file does not have it.
    tmp.metadata().map(|m| m.permissions())
}
