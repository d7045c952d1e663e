//! Effective DPI below the hard / soft minimum.
//!
//! ## What it does
//! Computes each scan's effective resolution: for a scan inside a PDF, its pixels over
//! the size the page draws it at (the way OCRmyPDF does); for a JPEG, PNG or TIFF file,
//! the density the file declares, or, when it declares none (or a camera's meaningless
//! 72 dpi), the resolution it would have on the paper the document is printed on (A4, or
//! 125 x 88 mm for a passport bio page). A phone photo of a passport is measured against
//! the passport itself: its machine-readable zone is printed at 10 characters per inch
//! on every passport, so the zone's pitch in pixels gives the resolution exactly, however
//! much table and hand surround the page. Below the profile's minimum (`kz-b1`: 150 dpi) is
//! an error, below the recommended resolution (200 dpi) a warning.
//!
//! ## Why is this bad?
//! Small print, stamps, signatures and the passport's machine-readable zone become
//! unreadable at low resolution, and consulates ask for 200-300 dpi scans. A page
//! downscaled by a messenger app or saved "for the web" is the usual culprit.
//!
//! ## How to fix
//! Scan the original again at 300 dpi (200 at the very least), and send the file as the
//! scanner made it, not a screenshot or a copy forwarded through a chat app.
//!
//! ## Example
//! ```text
//! 10_Visa_Fee_Receipt.pdf: scanned at 96 dpi  ->  rescan at 300 dpi
//! ```

use super::{Breach, round, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::read::DpiSource;
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/resolution`.
pub struct Resolution;

impl Check for Resolution {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Pixels]).label("error / warning")
        .help("scan the original again at 300 dpi (200 at least) and send the scanner's file, not a forwarded or downscaled copy");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        // A 200 dpi scan placed on a page in points measures 199.99: allow 1 % before
        // calling a scan low-resolution.
        let below = |dpi: f64, limit: f64| dpi < limit * 0.99;
        threshold(ctx, self, out, |p, limits| {
            if !below(p.scan.dpi, limits.recommended_dpi) {
                return None;
            }
            let dpi = p.scan.dpi;
            let severity = if below(dpi, limits.min_dpi) {
                Severity::Error
            } else {
                Severity::Warning
            };
            let how = match p.scan.dpi_source {
                DpiSource::InferredFromPaper => {
                    " (the file states no resolution; assumed from its paper size)"
                }
                DpiSource::MeasuredFromMrz => {
                    " (measured from the passport's machine-readable zone)"
                }
                _ => "",
            };
            Some(Breach {
                region: None,
                label: "low resolution".into(),
                message: format!(
                    "scanned at {:.0} dpi{how}; {} dpi is the minimum, {} recommended",
                    dpi, limits.min_dpi, limits.recommended_dpi
                ),
                badness: -dpi,
                severity: Some(severity),
                evidence: vec![
                    ("dpi", round(dpi, 1).into()),
                    ("min", limits.min_dpi.into()),
                    ("recommended", limits.recommended_dpi.into()),
                    (
                        "source",
                        serde_json::to_value(p.scan.dpi_source).unwrap_or_default(),
                    ),
                    ("pixels", vec![p.scan.pixels.0, p.scan.pixels.1].into()),
                ],
            })
        });
    }
}
