//! The PDF's cross-reference table was damaged and had to be rebuilt to read it.
//!
//! ## What it does
//! Reports PDFs that open only after repair: a cross-reference offset that points to the
//! wrong place, or a table so damaged that the file had to be scanned object by object.
//! The PDF is still read and checked.
//!
//! ## Why is this bad?
//! Viewers repair such files silently, but some consular portals validate uploads
//! strictly and reject them, and a repaired file may silently miss objects (an image, a
//! font, a page).
//!
//! ## How to fix
//! Export the document again from its source, or rewrite it with a PDF tool
//! (`qpdf in.pdf out.pdf`, or "Save as" in a viewer), and check that every page is there.
//!
//! ## Example
//! ```text
//! 02_Form.pdf: the cross-reference table was unreadable and was rebuilt
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `file/repaired`.
pub struct Repaired;

impl Check for Repaired {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Document]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (entry, reading) in ctx.readings() {
            if let (Some(how), None) = (&reading.repaired, &reading.failure) {
                out.push(
                    finding_on(
                        self,
                        &entry.name,
                        format!("`{}` is damaged: {how}", entry.name),
                        "export it again from its source, or rewrite it (`qpdf in.pdf out.pdf`) and check every page is there",
                    )
                    .with("repair", how.as_str()),
                );
            }
        }
    }
}
