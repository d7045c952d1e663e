//! A document has no text layer, so its content was not checked.
//!
//! ## What it does
//! Reports each document (other than the photo) from which no text could be read: a scan
//! or an image without an OCR layer, or a PDF whose only text is garbage (a font without
//! the table that maps its glyphs back to letters, so copying the text gives nonsense).
//! The content rules (`consistency/*`, `validity/*`, `category/employment`, `scan/mrz`)
//! skip such a document: nothing in it can be compared.
//!
//! ## Why is this bad?
//! It is not wrong in itself, and many consulates accept scans. But dossier cannot check
//! the dates, names and numbers in it, so a typo there stays unseen. Portals that search
//! or index uploads also read nothing from it.
//!
//! ## How to fix
//! Use the document as its issuer produced it (a PDF exported from the original, not a
//! scan of a print-out), or add a text layer with OCR, e.g. `ocrmypdf scan.pdf out.pdf`.
//!
//! ## Example
//! ```text
//! 07_Bank_Statements.pdf: no text layer: its dates, names and numbers were not checked
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `scan/no-text`.
pub struct NoText;

impl Check for NoText {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Facts])
        .help("use the PDF its issuer produced rather than a scan, or add a text layer with OCR (`ocrmypdf in.pdf out.pdf`)");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let facts = ctx.facts();
        for doc in &facts.docs {
            let unreadable = ctx
                .reading_of(&doc.file)
                .is_none_or(|r| r.failure.is_some());
            if doc.has_text || unreadable || doc.role == Some(KindRole::Photo) {
                continue;
            }
            out.push(finding_on(
                self,
                &doc.file,
                "no text layer: its dates, names and numbers were not checked",
                Self::META.help,
            ));
        }
    }
}
