//! The page is blurred beyond the threshold.
//!
//! ## What it does
//! Measures the Crete-Roffet blur effect (how much sharper the page is than a blurred copy
//! of itself; 0 is sharp, 1 fully blurred) on each scanned page at 150 dpi, so one
//! threshold holds for 150, 200 and 300 dpi scans. At or above the profile's `max_blur`
//! (`kz-b1`: 0.40) the page is reported. Pages below the minimum resolution are left to
//! `scan/resolution`.
//!
//! ## Why is this bad?
//! A blurred scan (a phone photo taken in motion, a document not lying flat on the glass)
//! makes numbers and names ambiguous: an 8 reads as a 3, a passport number cannot be
//! checked against the form, and officers refuse what they cannot read.
//!
//! ## How to fix
//! Scan the page again on a flatbed scanner, the page pressed flat; with a phone, use a
//! scanning app in good light and hold still.
//!
//! ## Example
//! ```text
//! 05_Employment_Letter.pdf page 1: blur 0.52 (limit 0.40)  ->  rescan
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/blur`.
pub struct Blur;

impl Check for Blur {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan the page again with the page flat on the glass; with a phone, use a scanning app in good light and hold still");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            if p.scan.dpi < limits.min_dpi {
                return None;
            }
            let blur = p.measures()?.blur;
            (blur >= limits.max_blur).then(|| Breach {
                region: None,
                label: "blurred".into(),
                message: format!(
                    "the scan is blurred (blur {blur:.2}, limit {:.2})",
                    limits.max_blur
                ),
                badness: blur,
                severity: None,
                evidence: vec![
                    ("blur", round(blur, 3).into()),
                    ("max", limits.max_blur.into()),
                ],
            })
        });
    }
}
