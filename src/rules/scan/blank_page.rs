//! A page with nothing on it.
//!
//! ## What it does
//! Reports pages that show nothing: a PDF page whose content draws no visible text, no
//! image and no painted shape (white fills and the invisible OCR layer do not count), and
//! a scanned page with almost no ink (under `blank_max_ink`, 0.1 %, of its pixels, and a
//! tonal range from paper (99th percentile) to ink (0.1st percentile) under
//! `blank_max_spread`). Each blank page is its own finding.
//!
//! ## Why is this bad?
//! A blank page is usually a page break left at the end of a letter, or the empty back of
//! a sheet scanned duplex. It makes the pack longer, confuses the page numbers of the
//! index, and sometimes means the intended page was never scanned.
//!
//! ## How to fix
//! Delete the blank page (most PDF viewers can), or export the document again without the
//! trailing page break; if the page should have content, scan it again.
//!
//! ## Example
//! ```text
//! 04_Letter_Of_Invitation.pdf page 2: blank
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Mark, Severity};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `scan/blank-page`.
pub struct BlankPage;

impl Check for BlankPage {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let limits = &pack.profile.scan;
        for (entry, reading) in ctx.readings_where(|e| !e.is(KindRole::Photo)) {
            if reading.failure.is_some() {
                continue;
            }
            let pdf = entry.is_pdf();
            // A page whose content could not be read to the end is broken, not blank.
            for page in reading.page_info.iter().filter(|p| p.damaged.is_none()) {
                let (blank, evidence) = match page.scan.as_ref().and_then(|s| s.measures.as_ref()) {
                    // Text drawn over a scan is content even when the scan is empty.
                    Some(m) if !page.has_visible_text => {
                        let spread = m.levels.p99.saturating_sub(m.levels.p0_1);
                        (
                            m.ink.fraction < limits.blank_max_ink
                                && f64::from(spread) < limits.blank_max_spread,
                            vec![
                                ("ink", super::round(m.ink.fraction, 5).into()),
                                ("spread", serde_json::Value::from(spread)),
                            ],
                        )
                    }
                    Some(_) => (false, vec![]),
                    None if page.scan.is_some() => (false, vec![]),
                    None => (!page.has_content, vec![("drawn", false.into())]),
                };
                if !blank {
                    continue;
                }
                let where_ = if pdf {
                    format!("page {} of `{}` is blank", page.number, entry.name)
                } else {
                    format!("`{}` is blank", entry.name)
                };
                let mut f = finding_on(
                    self,
                    &entry.name,
                    where_,
                    "delete the blank page, or export the document again without the trailing page break",
                );
                f.page = pdf.then_some(page.number);
                for (k, v) in evidence {
                    f.evidence.insert(k.to_string(), v);
                }
                f.add_mark(Mark {
                    page: page.number,
                    rect: page
                        .scan
                        .as_ref()
                        .and_then(|s| s.frame.whole())
                        .unwrap_or(crate::read::frame::WHOLE),
                    label: "blank".into(),
                });
                out.push(f);
            }
        }
    }
}
