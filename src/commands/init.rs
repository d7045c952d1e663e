//! `dossier init [PATH]`: write the commented manifest template, never over an existing one.

use crate::error::RunError;
use crate::pack::manifest::{MANIFEST_FILE, TEMPLATE};
use std::io::Write;
use std::path::Path;

/// Writes `PATH/dossier.toml`; returns its path.
pub fn run(dir: &Path) -> Result<String, RunError> {
    let shown = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => RunError::PathMissing(shown.clone()),
        _ => RunError::PathUnreadable(shown.clone(), e.to_string()),
    })?;
    if !meta.is_dir() {
        return Err(RunError::PathNotFolder(shown, ".".into()));
    }
    // A `fix` running meanwhile must not take this run's temporary file for junk.
    let _lock = crate::pack::lock::lock_pack(dir, &shown)?;
    let target = dir.join(MANIFEST_FILE);
    let target_shown = target.display().to_string();
    if target.symlink_metadata().is_ok() {
        return Err(RunError::ManifestExists(target_shown));
    }
    let write_err = |e: String| RunError::Write(target_shown.clone(), e);
    // Written beside the target, then linked into place without clobbering: a crash leaves
    // no half-written manifest, and a manifest created meanwhile is never overwritten.
    let mut tmp = super::atomic::temp_beside(&target, ".dossier-init-")
        .map_err(|e| write_err(e.to_string()))?;
    tmp.write_all(TEMPLATE.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| write_err(e.to_string()))?;
    super::atomic::commit(tmp, &target, false).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            RunError::ManifestExists(target_shown.clone())
        } else {
            write_err(e.to_string())
        }
    })?;
    Ok(target_shown)
}
