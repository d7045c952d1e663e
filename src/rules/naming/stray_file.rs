//! OS or editor junk (`.DS_Store`, `Thumbs.db`, `~$x.docx`, `*.tmp`) or a sub-folder.
//!
//! ## What it does
//! Reports entries of the pack folder that are not documents: operating-system metadata
//! (`.DS_Store`, `Thumbs.db`, `desktop.ini`, `._*` resource forks), editor lock and backup
//! files (`~$Form.docx`, `.~lock.*#`, `*.tmp`, `*~`), other hidden files, sub-folders, and
//! symbolic links that point outside the pack. With `--recursive`, a sub-folder that holds
//! documents is checked as a pack of its own instead.
//!
//! ## Why is this bad?
//! Whoever zips or uploads the folder sends these along. An officer who finds a `Thumbs.db`
//! or an empty `old/` folder in a visa pack sees carelessness, and some portals reject an
//! upload with an unexpected file in it. A link to a file outside the pack is not in the
//! pack at all once it is copied elsewhere.
//!
//! ## How to fix
//! Delete the junk, move sub-folders out of the pack, and copy linked files in.
//!
//! ## Example
//! ```text
//! .DS_Store        ->  (removed)
//! drafts/          ->  moved out of the pack
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::entry::EntryClass;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `naming/stray-file`.
pub struct StrayFile;

impl Check for StrayFile {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        for entry in &pack.entries {
            let name = &entry.name;
            let (message, help) = match &entry.class {
                EntryClass::Junk(what) => (
                    format!("`{name}` is {what}, not a document"),
                    "delete it".to_string(),
                ),
                EntryClass::Folder => {
                    if pack.recursive && crate::pack::scan::holds_documents(&entry.path) {
                        continue;
                    }
                    (
                        format!("`{name}` is a sub-folder; a pack holds documents only"),
                        "move the folder out of the pack, or check it as a pack of its own with `--recursive`".to_string(),
                    )
                }
                EntryClass::LinkOutside(target) => (
                    format!("`{name}` is a link to `{target}`, outside the pack"),
                    "copy the file into the pack instead of linking to it".to_string(),
                ),
                _ => continue,
            };
            out.push(finding_on(self, name, message, help));
        }
    }
}
