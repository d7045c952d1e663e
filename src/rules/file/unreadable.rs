//! Corrupt or truncated PDF or image, or a file that cannot be opened at all.
//!
//! ## What it does
//! Opens every document and reports those that cannot be read: a PDF whose structure is
//! broken or that was cut short (it ends before its `%%EOF` marker), a JPEG, PNG or TIFF
//! whose data is corrupt or truncated, an image over the safety limits (100 megapixels,
//! 512 MB files, 256 MB decompressed streams), and entries that cannot be opened at all:
//! no permission, a broken symbolic link or a link loop, a device or pipe. The reason is
//! in the finding's evidence. A PDF page whose image alone is over the pixel limit is a
//! warning: that page is not measured, the rest of the document is read and built.
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

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::entry::EntryClass;
use crate::read::Failure;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `file/unreadable`.
pub struct Unreadable;

impl Check for Unreadable {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Document, Need::Pixels])
        .label("error / warning");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
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
        for (entry, reading) in ctx.readings() {
            let reason = match &reading.failure {
                Some(Failure::Unreadable(why)) => why.clone(),
                Some(_) => continue,
                None => match reading.damage() {
                    Some(why) => why,
                    None => continue,
                },
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
        for (entry, reading) in ctx.readings() {
            if reading.failure.is_some() || reading.damage().is_some() {
                continue;
            }
            for (page, reason) in reading.unmeasured() {
                let mut finding = finding_on(
                    self,
                    &entry.name,
                    format!(
                        "page {page} of `{}` was not measured: {reason}; the other pages were",
                        entry.name
                    ),
                    "scan that page again at 300 dpi (an A4 page is then 8.7 MP), so its legibility can be checked",
                )
                .with("reason", reason);
                finding.severity = Severity::Warning;
                finding.page = Some(page);
                out.push(finding);
            }
        }
    }
}

/// The finding on a pack folder that cannot be listed (a folder `--recursive` found but
/// may not read): the pack is reported, the batch goes on.
pub fn folder_unlistable(e: &std::io::Error) -> Finding {
    let help = match e.kind() {
        std::io::ErrorKind::InvalidFilename => {
            "the folder's path is longer than the system allows: move or rename the pack so its path is shorter"
        }
        std::io::ErrorKind::PermissionDenied => {
            "let the user running dossier list the folder (`chmod u+rx FOLDER`), or leave it out of the batch"
        }
        _ => "check that the folder exists and can be listed, then run the check again",
    };
    Finding::pack(
        Unreadable::META.id,
        Unreadable::META.severity,
        format!("cannot list the pack folder: {e}"),
        help,
    )
    .with("reason", e.to_string())
}

/// The finding on a pack whose check panicked: a bug in dossier, reported on the pack so
/// that the rest of the batch still runs.
pub fn crashed(why: &str) -> Finding {
    Finding::pack(
        Unreadable::META.id,
        Unreadable::META.severity,
        format!("dossier failed while checking this pack: {why}"),
        "this is a bug in dossier: please report it with the pack's file names and types",
    )
    .with("reason", why.to_string())
}
