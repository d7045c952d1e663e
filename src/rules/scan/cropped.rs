//! Content runs into the edge of the scan.
//!
//! ## What it does
//! Compares the ink in the outer 3 mm of each scanned page (at 150 dpi) with the ink of
//! the page as a whole, side by side. When one edge holds more than the profile's
//! `max_edge_ink_ratio` (`kz-b1`: 0.25) of the page's ink density, text or a stamp most
//! likely runs off that edge.
//!
//! ## Why is this bad?
//! A cut-off margin loses exactly what officers look for: a signature, a stamp, the last
//! digits of an account or a date. A page that is incomplete is treated as not submitted.
//!
//! ## How to fix
//! Place the whole page on the glass with a margin around it and scan again; with a
//! phone, keep all four edges of the paper in the frame.
//!
//! ## Example
//! ```text
//! 07_Bank_Statement.pdf page 2: content runs into the left edge
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/cropped`.
pub struct Cropped;

impl Check for Cropped {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan again with the whole page on the glass and a margin around it");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            let e = &p.measures()?.edges;
            (e.max_ratio > limits.max_edge_ink_ratio).then(|| Breach {
                // Widened to a visible band: 3 mm is a hairline on a thumbnail.
                region: e.region().map(|[l, t, r, b]| match e.side {
                    "left" => [l, t, r.max(0.04), b],
                    "right" => [l.min(0.96), t, r, b],
                    "top" => [l, t, r, b.max(0.03)],
                    _ => [l, t.min(0.97), r, b],
                }),
                label: format!("{} edge", e.side),
                message: format!(
                    "content runs into the {} edge (edge ink {:.2} of the page's, limit {:.2})",
                    e.side, e.max_ratio, limits.max_edge_ink_ratio
                ),
                badness: e.max_ratio,
                severity: None,
                evidence: vec![
                    ("edge_ratio", round(e.max_ratio, 3).into()),
                    ("side", e.side.into()),
                    ("max", limits.max_edge_ink_ratio.into()),
                ],
            })
        });
    }
}
