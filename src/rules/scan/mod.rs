//! `scan/*`: whether each scanned page is legible, measured at the analysis resolution.

pub mod blank_page;
pub mod blur;
pub mod compression;
pub mod contrast;
pub mod cropped;
pub mod exposure;
pub mod grayscale;
pub mod mrz;
pub mod no_text;
pub mod resolution;
pub mod shadow;
pub mod skew;

use crate::engine::Context;
use crate::finding::{Finding, Mark, Severity};
use crate::pack::entry::Entry;
use crate::pack::profile::ScanLimits;
use crate::pack::role::KindRole;
use crate::read::{Measures, Scan};
use crate::rules::{Rule, list_names};
use serde_json::Value;

/// A scanned page (or a standalone image) of a document the scan rules judge.
pub struct ScannedPage<'a> {
    /// The document.
    pub entry: &'a Entry,
    /// The page, for PDFs.
    pub page: Option<u32>,
    /// What the scan is.
    pub scan: &'a Scan,
}

impl<'a> ScannedPage<'a> {
    /// The measures, when the pixels could be decoded.
    pub fn measures(&self) -> Option<&'a Measures> {
        self.scan.measures.as_ref()
    }
}

/// Every scanned page of the pack's documents. Photos are judged by the photo rules,
/// not as document scans, and are not read for these.
pub fn scanned_pages<'c>(ctx: &'c Context) -> Vec<ScannedPage<'c>> {
    let mut out = Vec::new();
    for (entry, reading) in ctx.readings_where(|e| !e.is(KindRole::Photo)) {
        if reading.failure.is_some() {
            continue;
        }
        let is_pdf = entry.is_pdf();
        for page in &reading.page_info {
            if let Some(scan) = &page.scan {
                out.push(ScannedPage {
                    entry,
                    page: is_pdf.then_some(page.number),
                    scan,
                });
            }
        }
    }
    out
}

/// How one scanned page breaks a threshold rule.
pub struct Breach {
    /// Higher is worse; the worst page of a document is the one reported.
    pub badness: f64,
    /// The severity of this page's finding, when not the rule's own.
    pub severity: Option<Severity>,
    /// The finding's message for this page.
    pub message: String,
    /// Measured values.
    pub evidence: Vec<(&'static str, Value)>,
    /// Where on the scan it lies (fractions of the image, `[left, top, right, bottom]`);
    /// `None` for the scan as a whole.
    pub region: Option<[f64; 4]>,
    /// What the report writes beside the place: a few words.
    pub label: String,
}

/// Runs a threshold rule over every scanned page: `judge` says how a page breaks it
/// against the profile's `[scan]` limits, if it does. One finding per document, on its
/// worst page, with the rule's help.
pub fn threshold<'c>(
    ctx: &'c Context,
    rule: &dyn Rule,
    out: &mut Vec<Finding>,
    judge: impl Fn(&ScannedPage<'c>, &'c ScanLimits) -> Option<Breach>,
) {
    let limits = &ctx.pack.profile.scan;
    let hits = scanned_pages(ctx)
        .into_iter()
        .filter_map(|at| {
            let b = judge(&at, limits)?;
            Some(Hit {
                badness: b.badness,
                severity: b.severity.unwrap_or(rule.default_severity()),
                message: b.message,
                evidence: b.evidence,
                mark: at
                    .scan
                    .frame
                    .rect(b.region.unwrap_or([0.0, 0.0, 1.0, 1.0]))
                    .map(|rect| Mark {
                        page: at.page.unwrap_or(1),
                        rect,
                        label: b.label,
                    }),
                at,
            })
        })
        .collect();
    report(rule, hits, rule.meta().help, out);
}

/// One page that breaks a rule: how badly (higher is worse), and what to say.
struct Hit<'a> {
    /// The page.
    pub at: ScannedPage<'a>,
    /// Higher is worse; the worst page of a document is the one reported.
    pub badness: f64,
    /// Severity of this hit.
    pub severity: Severity,
    /// The finding's message for this page.
    pub message: String,
    /// Measured values.
    pub evidence: Vec<(&'static str, Value)>,
    /// Where it lies on the page.
    pub mark: Option<Mark>,
}

/// Reports one finding per document, on its worst page, naming the other pages.
fn report(rule: &dyn Rule, mut hits: Vec<Hit<'_>>, help: &str, out: &mut Vec<Finding>) {
    hits.sort_by(|a, b| {
        a.at.entry
            .name
            .cmp(&b.at.entry.name)
            .then(b.badness.total_cmp(&a.badness))
            .then(a.at.page.cmp(&b.at.page))
    });
    for group in hits.chunk_by(|a, b| a.at.entry.name == b.at.entry.name) {
        let name = &group[0].at.entry.name;
        let worst = &group[0];
        let mut pages: Vec<u32> = group.iter().filter_map(|h| h.at.page).collect();
        pages.sort_unstable();
        // The page is the finding's own field; reporters print it.
        let mut message = worst.message.clone();
        if pages.len() > 1 {
            let others: Vec<String> = pages
                .iter()
                .filter(|p| Some(**p) != worst.at.page)
                .map(u32::to_string)
                .collect();
            message.push_str(&format!(" (also page {})", list_names(&others, 8)));
        }
        let severity = group
            .iter()
            .map(|h| h.severity)
            .max()
            .unwrap_or(worst.severity);
        let mut f = Finding::file(rule.id(), severity, name, message, help);
        f.page = worst.at.page;
        for (k, v) in &worst.evidence {
            f.evidence.insert((*k).to_string(), v.clone());
        }
        if pages.len() > 1 {
            f.evidence.insert("pages".into(), pages.into());
        }
        // Every page that breaks the rule is marked, the worst first.
        for mark in group.iter().filter_map(|h| h.mark.clone()) {
            f.add_mark(mark);
        }
        out.push(f);
    }
}

/// Rounds for evidence, so JSON does not carry float noise.
pub fn round(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (x * p).round() / p
}
