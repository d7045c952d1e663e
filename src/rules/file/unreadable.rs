//! Corrupt or truncated PDF or image, or a file that cannot be opened at all.
//!
//! ## What it does
//! Opens every document and reports those that cannot be read: a PDF whose structure is
//! broken or that was cut short (it ends before its `%%EOF` marker), a JPEG, PNG or TIFF
//! whose data is corrupt or truncated, an image over the safety limits (100 megapixels,
//! 512 MB files, 256 MB decompressed streams), and entries that cannot be opened at all:
//! no permission, a broken symbolic link or a link loop, a device or pipe. The reason is
//! in the finding's evidence.
//!
//! ## Why is this bad?
//! What dossier cannot read, a portal or an officer cannot read either: the document
//! counts as missing, and nothing else about it can be checked.
//!
//! ## How to fix
//! Download, export or scan the document again and check that it opens; make a file
//! readable (`chmod u+r FILE`), or replace a broken link with the file itself.
//!
//! ## Example
//! ```text
//! 05_Employer_Letter.pdf: Permission denied  ->  chmod u+r 05_Employer_Letter.pdf
//! ```

use crate::finding::{Finding, Severity};
use crate::pack::Pack;
use crate::pack::entry::EntryClass;
use crate::read::Failure;
use crate::rules::{Rule, finding_on};

/// `file/unreadable`.
pub struct Unreadable;

impl Rule for Unreadable {
    fn id(&self) -> &'static str {
        "file/unreadable"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, pack: &Pack, out: &mut Vec<Finding>) {
        for entry in &pack.entries {
            let name = &entry.name;
            let (message, reason) = match &entry.class {
                EntryClass::Document(d) => match &d.io_error {
                    Some(e) => (format!("cannot read `{name}`: {e}"), e.clone()),
                    None => continue,
                },
                EntryClass::NotAFile(why) => (format!("`{name}` is {why}"), why.clone()),
                _ => continue,
            };
            out.push(
                finding_on(
                    self,
                    name,
                    message,
                    "make the file readable, replace a broken link with the file itself, or save the document again",
                )
                .with("reason", reason),
            );
        }
        for (entry, reading) in pack.readings() {
            let reason = match &reading.failure {
                Some(Failure::Unreadable(why)) => why.clone(),
                Some(_) => continue,
                None => {
                    let over = reading
                        .page_info
                        .iter()
                        .filter_map(|p| p.scan.as_ref())
                        .find(|s| s.over_limit)
                        .and_then(|s| s.not_measured.clone());
                    match over.or_else(|| reading.page_info.iter().find_map(|p| p.damaged.clone()))
                    {
                        Some(why) => why,
                        None => continue,
                    }
                }
            };
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!("`{}` cannot be read: {reason}", entry.name),
                    "download, export or scan the document again and check that it opens before adding it",
                )
                .with("reason", reason),
            );
        }
    }
}
