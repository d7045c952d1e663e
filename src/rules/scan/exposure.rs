//! Too dark, or blown out.
//!
//! ## What it does
//! Looks at the brightness of each scanned page at 150 dpi. A page whose paper level
//! (99th percentile) is below the profile's `min_paper_level` (`kz-b1`: 160 of 255) is too
//! dark; a page whose median is pure white, or of which more than `max_clipped_white`
//! (half) of the pixels are clipped to white, is blown out.
//!
//! ## Why is this bad?
//! On a dark scan the text drowns in gray; on a blown-out one light print, stamps and the
//! passport's security background vanish. Either way the officer cannot verify the page.
//!
//! ## How to fix
//! Scan again with automatic exposure, the scanner lid closed, and no brightness or gamma
//! adjustment; with a phone, avoid both dim rooms and direct sunlight or flash.
//!
//! ## Example
//! ```text
//! 01_Passport_Bio_Page.pdf page 1: too dark (paper level 78, minimum 160)
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/exposure`.
pub struct Exposure;

impl Check for Exposure {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan again with automatic exposure and the lid closed, without brightness or gamma changes");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            let l = &p.measures()?.levels;
            let paper = f64::from(l.p99);
            let (message, badness) = if paper < limits.min_paper_level {
                (
                    format!(
                        "the scan is too dark (paper level {paper:.0}, minimum {:.0})",
                        limits.min_paper_level
                    ),
                    limits.min_paper_level - paper,
                )
            } else if l.median >= 254 || l.clipped_white > limits.max_clipped_white {
                (
                    format!(
                        "the scan is blown out ({:.0} % of the page is pure white)",
                        l.clipped_white * 100.0
                    ),
                    l.clipped_white * 100.0,
                )
            } else {
                return None;
            };
            let label = if message.contains("dark") {
                "too dark"
            } else {
                "blown out"
            };
            Some(Breach {
                region: None,
                label: label.into(),
                message,
                badness,
                severity: None,
                evidence: vec![
                    ("paper", l.p99.into()),
                    ("median", l.median.into()),
                    ("clipped_white", round(l.clipped_white, 3).into()),
                    ("min_paper", limits.min_paper_level.into()),
                ],
            })
        });
    }
}
