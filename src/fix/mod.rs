//! `dossier fix`: plan safe repairs of a pack folder, then apply them so that no file is
//! ever overwritten or lost, even when the process dies half way (docs/fix.md).
//!
//! The flow: [`plan::plan`] decides every move from the folder listing alone;
//! [`apply::prepare`] gives each move a temporary name; [`apply::apply`] writes the
//! [`journal`], renames every original to its temporary name, then every temporary name
//! to its final one, then removes the journal. [`apply::complete`] finishes a run that
//! died in between.

pub mod apply;
pub mod journal;
pub mod order;
pub mod photo;
pub mod plan;
pub mod rename;
pub mod render;
pub mod title;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The folder inside the pack that junk is moved into; `pack::entry::is_ignored_dir` skips
/// it, so what fix puts there never comes back as a finding.
pub const TRASH_DIR: &str = ".dossier-trash";

/// The journal of a run in progress, in the pack folder.
pub const JOURNAL_FILE: &str = ".dossier-fix.journal";

/// Where the journal is written before it is renamed into place.
pub const JOURNAL_TEMP: &str = ".dossier-fix.journal.tmp";

/// How every temporary name starts: `.dossier-fix-<n>-<original name>`.
pub const TEMP_PREFIX: &str = ".dossier-fix-";

/// Where a move puts a file: a name in the pack folder, or in its trash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dest {
    /// In `.dossier-trash/` rather than the pack folder itself.
    pub trash: bool,
    /// The file name there.
    pub name: OsString,
}

impl Dest {
    /// The destination relative to the pack folder.
    pub fn rel(&self) -> PathBuf {
        if self.trash {
            Path::new(TRASH_DIR).join(&self.name)
        } else {
            PathBuf::from(&self.name)
        }
    }

    /// The destination as printed and journalled: `NAME` or `.dossier-trash/NAME`.
    pub fn display(&self) -> String {
        let name = self.name.to_string_lossy();
        if self.trash {
            format!("{TRASH_DIR}/{name}")
        } else {
            name.into_owned()
        }
    }
}

/// A file name for output (invalid UTF-8 shown as U+FFFD, as the checker shows it).
pub fn shown(name: &OsStr) -> String {
    name.to_string_lossy().into_owned()
}
