//! Uneven lighting: a shadow or a dark corner.
//!
//! ## What it does
//! Splits each scanned page (at 150 dpi) into half-inch tiles, takes the paper level of
//! every tile that shows mostly paper, and compares the darkest paper (5th percentile)
//! with the brightest (95th). Below the profile's `min_shadow_ratio` (`kz-b1`: 0.80) the
//! lighting is uneven, and the finding says where the shadow falls.
//!
//! ## Why is this bad?
//! A shadow (a phone held over the page, a book spine, a lid left open) hides what lies
//! under it and makes the document look tampered with or carelessly copied.
//!
//! ## How to fix
//! Scan on a flatbed with the lid closed; with a phone, photograph in even daylight
//! without standing between the light and the page.
//!
//! ## Example
//! ```text
//! 01_Passport_Scan.pdf page 1: shadow on the left (darkest paper at 0.35 of the brightest)
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/shadow`.
pub struct Shadow;

impl Check for Shadow {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan on a flatbed with the lid closed, or photograph in even light without casting a shadow on the page");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            let s = p.measures()?.shadow.as_ref()?;
            (s.ratio < limits.min_shadow_ratio).then(|| Breach {
                    region: Some(s.region),
                    label: "shadow".into(),
                    message: format!(
                        "uneven lighting, darkest towards the {} (darkest paper at {:.2} of the brightest, minimum {:.2})",
                        s.darkest, s.ratio, limits.min_shadow_ratio
                    ),
                    badness: 1.0 - s.ratio,
                    severity: None,
                    evidence: vec![
                        ("ratio", round(s.ratio, 3).into()),
                        ("darkest", s.darkest.into()),
                        ("min", limits.min_shadow_ratio.into()),
                    ],
                })
        });
    }
}
