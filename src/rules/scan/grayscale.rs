//! A grayscale or bilevel scan where colour is recommended.
//!
//! ## What it does
//! Reports scans of the document kinds the profile lists in `colour_kinds` (`kz-b1`: the
//! passport) that are stored in gray or black and white, or stored as colour with no
//! colour in them.
//!
//! ## Why is this bad?
//! Consulates ask for colour copies of the passport: the colour of the photo, the
//! security print and the stamps is part of what they check. A gray copy is often
//! accepted, but sometimes sent back.
//!
//! ## How to fix
//! Scan the page again in colour mode.
//!
//! ## Example
//! ```text
//! 01_Passport.pdf page 1: scanned in grayscale; colour is recommended
//! ```

use super::{Hit, report, scanned_pages};
use crate::finding::{Finding, Severity};
use crate::measure::color::NO_COLOUR_P99;
use crate::pack::Pack;
use crate::rules::Rule;

/// `scan/grayscale`.
pub struct Grayscale;

impl Rule for Grayscale {
    fn id(&self) -> &'static str {
        "scan/grayscale"
    }

    fn default_severity(&self) -> Severity {
        Severity::Info
    }

    fn check(&self, pack: &Pack, out: &mut Vec<Finding>) {
        let kinds = &pack.profile.scan.colour_kinds;
        let hits = scanned_pages(pack)
            .into_iter()
            .filter(|p| p.entry.kind().is_some_and(|k| kinds.iter().any(|c| c == k)))
            .filter_map(|p| {
                let stored = if p.scan.bilevel {
                    "in black and white"
                } else if p.scan.components == 1 {
                    "in grayscale"
                } else if p.measures()?.chroma.as_ref()?.p99 <= NO_COLOUR_P99 {
                    "in colour but holds only gray"
                } else {
                    return None;
                };
                Some(Hit {
                    message: format!("scanned {stored}; colour is recommended"),
                    badness: 1.0,
                    severity: self.default_severity(),
                    evidence: vec![
                        ("components", p.scan.components.into()),
                        ("bilevel", p.scan.bilevel.into()),
                    ],
                    at: p,
                })
            })
            .collect();
        report(self, hits, "scan the page again in colour mode", out);
    }
}
