//! The pack's `dossier.toml` cannot be read or has an invalid field.
//!
//! ## What it does
//! Parses the pack's manifest and reports TOML syntax errors, unknown fields (often a
//! typo such as `pasport_number`), dates that are not `YYYY-MM-DD` or not real, a trip
//! that ends before it starts, a profile that does not exist, and `[rules]` entries that
//! name no rule. The finding gives the line and column.
//!
//! ## Why is this bad?
//! The manifest states the facts every document must agree with. When it cannot be read,
//! the pack is checked against the profile's defaults only, and mistakes it was written to
//! catch go unnoticed.
//!
//! ## How to fix
//! Correct the field at the line given. `dossier init` writes a commented template that
//! shows every field.
//!
//! ## Example
//! ```toml
//! [trip]
//! arrival = 12.05.2026     # invalid: write 2026-05-12
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::manifest::MANIFEST_FILE;
use crate::rule_id;
use crate::rules::registry::pattern_is_known;
use crate::rules::{Check, Meta, finding_on};

/// `pack/manifest`.
pub struct Manifest;

impl Check for Manifest {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Listing])
        .help("fix that line: dates are written YYYY-MM-DD, text in \"quotes\" (`dossier init` in an empty folder writes a commented template); until then the pack is checked without its manifest");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let help = Self::META.help;
        if let Some(problem) = &pack.manifest_problem {
            let at = problem
                .line_col
                .map(|(l, c)| format!(" (line {l}, column {c})"))
                .unwrap_or_default();
            let mut f = finding_on(
                self,
                MANIFEST_FILE,
                format!("{MANIFEST_FILE}{at}: {}", problem.message),
                help,
            );
            if let Some((line, column)) = problem.line_col {
                f = f.with("line", line).with("column", column);
            }
            out.push(f);
        }
        let Some(manifest) = &pack.manifest else {
            return;
        };
        for rule in manifest.rules.keys().filter(|r| !pattern_is_known(r)) {
            out.push(
                finding_on(
                    self,
                    MANIFEST_FILE,
                    format!("{MANIFEST_FILE}: [rules] names `{rule}`, which is no rule"),
                    "use an id from `dossier rules`, such as \"naming/order\"",
                )
                .with("rule", rule.as_str()),
            );
        }
    }
}
