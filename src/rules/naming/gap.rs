//! Numbering skips a number or does not start at 01.
//!
//! ## What it does
//! Sorts the documents' sequence numbers and reports the first document after each hole,
//! and the first document when the numbering does not start at `01`.
//!
//! ## Why is this bad?
//! A missing number reads as a missing document: an officer who sees `04` followed by `06`
//! asks for document 5, and the pack's index no longer matches its files. Often the hole
//! is a file that was deleted or never copied in.
//!
//! ## How to fix
//! Add the missing document, or renumber the files after the hole.
//!
//! ## Example
//! ```text
//! 04_Letter_Of_Invitation.pdf
//! 06_Employer_Letter.pdf   ->  05_Employer_Letter.pdf (and 07_ -> 06_, ...)
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `naming/gap`.
pub struct Gap;

impl Check for Gap {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Listing])
        .help("renumber the files so they run 01, 02, 03, ... with no hole");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let mut numbered: Vec<(u32, &str)> = pack
            .documents()
            .filter_map(|e| Some((e.number()?, e.name.as_str())))
            .collect();
        numbered.sort();
        numbered.dedup_by_key(|(n, _)| *n);
        let help = Self::META.help;
        if let Some(&(first, name)) = numbered.first()
            && first > 1
        {
            out.push(
                finding_on(
                    self,
                    name,
                    format!(
                        "numbering starts at {first:02} with `{name}`; the first document is 01"
                    ),
                    help,
                )
                .with("missing", (1..first).collect::<Vec<_>>()),
            );
        }
        for pair in numbered.windows(2) {
            let [(a, before), (b, after)] = [pair[0], pair[1]];
            if b - a < 2 {
                continue;
            }
            let missing: Vec<u32> = (a + 1..b).collect();
            let what = if missing.len() == 1 {
                format!("number {:02} is missing", a + 1)
            } else {
                format!("numbers {:02} to {:02} are missing", a + 1, b - 1)
            };
            out.push(
                finding_on(
                    self,
                    after,
                    format!("{what} between `{before}` and `{after}`"),
                    help,
                )
                .with("missing", missing),
            );
        }
    }
}
