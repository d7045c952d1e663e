//! JPEG compressed so hard that small print suffers.
//!
//! ## What it does
//! Estimates the quality a JPEG scan was saved at from its quantisation tables (the scale
//! libjpeg applies to the standard tables, as ImageMagick reports it), for standalone JPEG
//! files and JPEG images inside PDFs, and reports scans below the profile's
//! `min_jpeg_quality` (`kz-b1`: 50).
//!
//! ## Why is this bad?
//! Heavy JPEG compression smears small print and fine lines into blocks and halos; stamps,
//! signatures and the passport's machine-readable zone suffer first, and a portal that
//! recompresses the upload makes it worse.
//!
//! ## How to fix
//! Scan again and save at a quality of 85 or more (or as PDF straight from the scanner);
//! do not shrink files with "reduce size" tools or by sending them through chat apps.
//!
//! ## Example
//! ```text
//! 11_Fee_Receipt.jpg: saved at JPEG quality 20 (minimum 50)
//! ```

use super::{Breach, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/compression`.
pub struct Compression;

impl Check for Compression {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
        .help("scan again and save at JPEG quality 85 or more, or as PDF from the scanner; do not shrink the file afterwards");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        threshold(ctx, self, out, |p, limits| {
            let min = limits.min_jpeg_quality;
            let q = p.scan.jpeg_quality?;
            (q < min).then(|| Breach {
                region: None,
                label: "compressed".into(),
                message: format!("saved at JPEG quality {q} (minimum {min})"),
                badness: f64::from(min - q),
                severity: None,
                evidence: vec![("quality", q.into()), ("min", min.into())],
            })
        });
    }
}
