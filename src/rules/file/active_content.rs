//! A PDF that holds active content: scripts, attached or embedded files, media that plays.
//!
//! ## What it does
//! Reports each PDF that holds something that runs or travels hidden in it: JavaScript or
//! another action (starting a program, sending form data, importing data, playing media)
//! run when the file opens, when a page is shown, or from a link or a form field; files
//! embedded in the document or attached to a page; embedded media. The finding lists what
//! was found, and where. Plain links to a page or a web address are not active content.
//!
//! ## Why is this bad?
//! An officer opens what the applicant sends on a government machine: a document that runs
//! a script or carries another file is what security software quarantines and what
//! portals reject, and a hidden attachment may hand over more than the applicant meant
//! to (a spreadsheet behind a bank statement, a previous draft). A visa document needs
//! none of it.
//!
//! ## How to fix
//! `dossier build` removes all of it from the assembled pack and says so. To submit the
//! file itself, save a plain copy: print it to PDF ("Microsoft Print to PDF", "Save as
//! PDF" in a browser's print dialog), or remove the attachments and scripts in the PDF
//! editor that made it.
//!
//! ## Example
//! ```text
//! 06_Bank_Statement.pdf: holds active content: JavaScript that runs when the file opens and a file `statement.xlsx` attached on page 1
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names};

/// `file/active-content`.
pub struct ActiveContent;

impl Check for ActiveContent {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Document]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (entry, reading) in ctx.readings() {
            if reading.active.is_empty() || reading.failure.is_some() {
                continue;
            }
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!("holds active content: {}", list_names(&reading.active, 3)),
                    "`dossier build` removes it from the assembled pack; to submit this file on its own, print it to PDF again so it runs nothing and carries nothing hidden",
                )
                .with("found", reading.active.clone()),
            );
        }
    }
}
