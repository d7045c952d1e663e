//! The page is scanned at a slant.
//!
//! ## What it does
//! Finds the angle of the text lines on each scanned page (the angle at which a
//! projection of the ink onto the vertical axis has the sharpest peaks) and reports pages
//! tilted by more than the profile's `max_skew_degrees` (`kz-b1`: 2 degrees).
//!
//! ## Why is this bad?
//! A slanted page reads as careless, OCR used by portals and officers' tools misreads it,
//! and a tilt usually means a corner of the page is cut off too.
//!
//! ## How to fix
//! Lay the page square against the scanner's edge and scan again, or use the scanner's
//! automatic deskew.
//!
//! ## Example
//! ```text
//! 09_Travel_Insurance.pdf page 1: text lines tilted by 3.4 degrees
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/skew`.
pub struct Skew;

impl Check for Skew {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("lay the page square against the edge of the glass and scan again, or turn on the scanner's deskew");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            let angle = p.measures()?.skew?;
            (angle.abs() > limits.max_skew_degrees).then(|| Breach {
                region: None,
                label: format!("tilted {:.1}°", angle.abs()),
                message: format!(
                    "text lines are tilted by {:.1} degrees (limit {:.1})",
                    angle.abs(),
                    limits.max_skew_degrees
                ),
                badness: angle.abs(),
                severity: None,
                evidence: vec![
                    ("degrees", round(angle, 2).into()),
                    ("max", limits.max_skew_degrees.into()),
                ],
            })
        });
    }
}
