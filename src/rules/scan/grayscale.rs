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

use super::{Breach, threshold};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::measure::color::NO_COLOUR_P99;
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `scan/grayscale`.
pub struct Grayscale;

impl Check for Grayscale {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Pixels])
        .help("scan the page again in colour mode");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let limits = &pack.profile.scan;
        threshold(ctx, self, out, |p, _| {
            if !limits.wants_colour(p.entry) {
                return None;
            }
            let stored = if p.scan.bilevel {
                "in black and white"
            } else if p.scan.components == 1 {
                "in grayscale"
            } else if p.measures()?.chroma.as_ref()?.p99 <= NO_COLOUR_P99 {
                "in colour but holds only gray"
            } else {
                return None;
            };
            Some(Breach {
                region: None,
                label: "grayscale".into(),
                message: format!("scanned {stored}; colour is recommended"),
                badness: 1.0,
                severity: None,
                evidence: vec![
                    ("components", p.scan.components.into()),
                    ("bilevel", p.scan.bilevel.into()),
                ],
            })
        });
    }
}
