//! Text contrast too low.
//!
//! ## What it does
//! Measures the distance between the paper level (the 99th percentile of brightness) and
//! the ink level (the 0.1st percentile) of each scanned page at 150 dpi. Below the
//! profile's `min_contrast` (`kz-b1`: 100 of 255) the page is reported. The ink level is
//! the 0.1st, not the 1st, percentile because a receipt or a short letter is only about
//! 1 % ink: its 1st percentile lands on the gray edges of strokes, and clean pages would
//! read as faded. Blank pages are left to `scan/blank-page`.
//!
//! ## Why is this bad?
//! Faint text (a light photocopy, a toner-saving print, a scan with the brightness turned
//! up) disappears when a portal recompresses the file or an officer prints it in black
//! and white.
//!
//! ## How to fix
//! Scan the original rather than a copy of a copy, with the scanner's automatic exposure
//! or "text" mode; do not lighten the scan afterwards.
//!
//! ## Example
//! ```text
//! 07_Bank_Statement.pdf page 1: contrast 64 (minimum 100)  ->  rescan the original
//! ```

use super::{Breach, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::measure::levels::ink_contrast;
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/contrast`.
pub struct Contrast;

impl Check for Contrast {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan the original (not a copy) in the scanner's text or automatic mode, and do not lighten it afterwards");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            if p.scan.dpi < limits.min_dpi {
                return None;
            }
            let m = p.measures()?;
            if m.ink.fraction < limits.blank_max_ink {
                return None;
            }
            let c = f64::from(ink_contrast(&m.levels));
            (c < limits.min_contrast).then(|| Breach {
                region: None,
                label: "low contrast".into(),
                    message: format!(
                        "text contrast is low: paper {} against ink {} (contrast {c:.0}, minimum {:.0})",
                        m.levels.p99, m.levels.p0_1, limits.min_contrast
                    ),
                    badness: -c,
                    severity: None,
                    evidence: vec![
                        ("contrast", c.into()),
                        ("paper", m.levels.p99.into()),
                        ("ink", m.levels.p0_1.into()),
                        ("min", limits.min_contrast.into()),
                    ],
                })
        });
    }
}
