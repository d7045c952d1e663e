//! A passport's machine-readable zone is found but fails its check digits.
//!
//! ## What it does
//! Finds the two 44-character lines of a passport's machine-readable zone (ICAO 9303,
//! TD3) and verifies every check digit: document number, date of birth, date of expiry,
//! personal number, and the composite over all of them. Reports the fields whose check
//! digit fails. The zone is read from the passport's text layer and from its pixels
//! (a scan, a phone photo turned any quarter, a bio page on an A4 sheet), with dossier's
//! own OCR-B reader: no Tesseract, nothing downloaded. Where both hold a zone, the reading
//! whose check digits hold wins, so a text layer whose OCR misread the zone is not blamed
//! on the passport.
//!
//! A zone whose check digits hold gives the pack its passport number, name and expiry
//! when the manifest does not state them (see `consistency/identity`).
//!
//! ## Why is this bad?
//! Border and consular systems read the zone by machine. Failing check digits mean the
//! scan is too poor for the OCR to read it, a digit was mistyped in a reproduction, or the
//! page was altered; each gets the application a second look or a refusal to process.
//!
//! ## How to fix
//! Scan the passport's data page again, flat, at 300 dpi, in colour, with the whole zone
//! inside the scan and no glare across it. If the zone on the passport itself is damaged,
//! ask the issuing authority about a new passport.
//!
//! ## Example
//! ```text
//! 01_Passport.pdf page 1: machine-readable zone fails its check digits: document number, composite
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Mark, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, quoted};

/// `scan/mrz`.
pub struct Mrz;

impl Check for Mrz {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for doc in &ctx.facts().docs {
            let Some(zone) = &doc.mrz else { continue };
            if zone.value.failed_checks.is_empty() {
                continue;
            }
            let fields: Vec<&str> = zone
                .value
                .failed_checks
                .iter()
                .map(|f| f.as_str())
                .collect();
            let f = finding_on(
                self,
                &doc.file,
                format!(
                    "machine-readable zone fails its check digits: {}",
                    fields.join(", ")
                ),
                "scan the passport's data page again: flat, 300 dpi, the whole zone sharp and free of glare",
            )
            .with("failed", fields.clone())
            .with("lines", zone.value.lines.to_vec());
            let mut f = quoted(f, ctx, &doc.file, zone, "check digits fail");
            // Read from the pixels: the line holding the check digits (TD3's second).
            let pixel_line = ctx
                .reading_of(&doc.file)
                .and_then(|r| r.page_info.iter().find(|p| p.number == zone.page))
                .and_then(|p| p.mrz_lines.last())
                .filter(|_| doc.mrz_from_pixels);
            if let Some(rect) = pixel_line {
                f.add_mark(Mark {
                    page: zone.page,
                    rect: *rect,
                    label: format!("check digits fail: {}", fields.join(", ")),
                });
            }
            out.push(f);
        }
    }
}
