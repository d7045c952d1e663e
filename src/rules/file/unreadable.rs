//! A document that cannot be opened: no permission, a broken link, a device.
//!
//! ## What it does
//! Reports documents that cannot be read: no permission to open them, a broken symbolic
//! link or a link loop, a device or pipe in place of a file, an I/O error. The reason the
//! system gave is in the finding's evidence.
//!
//! ## Why is this bad?
//! What dossier cannot read, a portal or an officer cannot read either: the document
//! counts as missing, and nothing else about it can be checked.
//!
//! ## How to fix
//! Make the file readable (`chmod u+r FILE`), replace a broken link with the file itself,
//! or export or scan the document again.
//!
//! ## Example
//! ```text
//! 05_Employer_Letter.pdf: Permission denied  ->  chmod u+r 05_Employer_Letter.pdf
//! ```

use crate::finding::{Finding, Severity};
use crate::pack::Pack;
use crate::pack::entry::EntryClass;
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
    }
}
