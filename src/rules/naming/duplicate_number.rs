//! Two files share a sequence number.
//!
//! ## What it does
//! Finds documents whose names start with the same two-digit number, and reports every one
//! after the first (in name order).
//!
//! ## Why is this bad?
//! Each number is a document's place in the pack. Two `08_` files leave the order up to
//! whatever sorts them, the index page cannot name "document 8", and a portal that
//! renames uploads by number may silently keep only one of them.
//!
//! ## How to fix
//! Give each document its own number and shift the ones after it.
//!
//! ## Example
//! ```text
//! 08_Itinerary.pdf
//! 08_Medical_Insurance.pdf   ->  09_Medical_Insurance.pdf (and 09_ -> 10_, ...)
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names};
use std::collections::BTreeMap;

/// Names listed in a finding's `others` evidence; `others_total` counts them all.
const MAX_OTHERS: usize = 20;

/// `naming/duplicate-number`.
pub struct DuplicateNumber;

impl Check for DuplicateNumber {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for entry in pack.documents() {
            if let Some(n) = entry.number() {
                by_number.entry(n).or_default().push(&entry.name);
            }
        }
        for (number, names) in by_number {
            let Some((first, rest)) = names.split_first() else {
                continue;
            };
            for name in rest {
                // Only the first few others are named: listing every other file in
                // every finding grows with the square of the count (10,000 files
                // sharing a number made gigabytes of JSON).
                let others: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| n != name)
                    .take(MAX_OTHERS)
                    .collect();
                let total = names.len() - 1;
                let message = if total <= 3 {
                    list_names(&others, 3)
                } else {
                    format!("{} and {} more", others[..3].join(", "), total - 3)
                };
                out.push(
                    finding_on(
                        self,
                        name,
                        format!("`{name}` shares number {number:02} with {message}"),
                        format!(
                            "give it the next free number after `{first}` and shift the files after it"
                        ),
                    )
                    .with("number", number)
                    .with("others", others)
                    .with("others_total", total),
                );
            }
        }
    }
}
