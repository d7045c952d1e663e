//! Zero bytes, or a PDF with no pages.
//!
//! ## What it does
//! Reports documents of zero bytes (a file that was created but never written, an upload
//! or copy that stopped, a sync client's placeholder) and PDFs whose page tree holds no
//! page.
//!
//! ## Why is this bad?
//! An empty file is a missing document with a name that says it is there. Portals reject
//! it, or accept it and the officer finds nothing to read.
//!
//! ## How to fix
//! Export, scan or download the document again and replace the empty file; check that the
//! new file opens before submitting.
//!
//! ## Example
//! ```text
//! 06_Cover_Letter.pdf   0 bytes  ->  export the letter to PDF again
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::read::Failure;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `file/empty`.
pub struct Empty;

impl Check for Empty {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Document]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        for entry in pack.documents() {
            if entry.bytes == 0 && entry.doc().is_some_and(|d| d.io_error.is_none()) {
                out.push(
                    finding_on(
                        self,
                        &entry.name,
                        format!("`{}` is empty (0 bytes)", entry.name),
                        "the file was not saved or copied completely: export, scan or download it again",
                    )
                    .with("bytes", 0),
                );
            }
        }
        for (entry, reading) in ctx.readings() {
            if reading.failure == Some(Failure::NoPages) {
                out.push(
                    finding_on(
                        self,
                        &entry.name,
                        format!("`{}` is a PDF with no pages", entry.name),
                        "export the document to PDF again and check that it shows its pages",
                    )
                    .with("pages", 0),
                );
            }
        }
    }
}
