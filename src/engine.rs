//! Runs the rules over one pack: selection, severity overrides, sorting.

use crate::finding::{Finding, Severity};
use crate::pack::Pack;
use crate::pack::level::Level;
use crate::report::{DocumentSummary, PackReport};
use crate::rules::registry::{RULES, pattern_matches};
use std::collections::BTreeMap;

/// Which rules run, from `--select` and `--ignore`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these rules (ids, groups, `group/*`, `ALL`); empty means all.
    pub select: Vec<String>,
    /// Never these.
    pub ignore: Vec<String>,
    /// Only the rules that read names, types and the manifest, never a document's content
    /// (`check --fast`, for pre-commit hooks).
    pub fast: bool,
}

/// The rules `--fast` keeps: none of them opens a document beyond its first bytes.
pub const FAST: [&str; 5] = [
    "naming",
    "file/type",
    "pack/manifest",
    "pack/missing-document",
    "pack/size",
];

impl Selection {
    /// Whether the rule with this id runs.
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| pattern_matches(p, id)))
            && !self.ignore.iter().any(|p| pattern_matches(p, id))
            && (!self.fast || FAST.iter().any(|p| pattern_matches(p, id)))
    }
}

/// The level a `[rules]` table sets for a rule: its exact id wins over its group.
fn configured(table: &BTreeMap<String, Level>, id: &str) -> Option<Level> {
    table.get(id).copied().or_else(|| {
        table
            .iter()
            .find(|(p, _)| p.as_str() != id && pattern_matches(p, id))
            .map(|(_, l)| *l)
    })
}

/// Whether the rule runs on this pack, and the severity forced on its findings: `None`
/// when it does not run, `Some(None)` for its own severity.
pub fn rule_level(pack: &Pack, selection: &Selection, id: &str) -> Option<Option<Severity>> {
    if !selection.enabled(id) {
        return None;
    }
    // The manifest speaks for this pack, so it overrides the profile.
    let level = pack
        .manifest
        .as_ref()
        .and_then(|m| configured(&m.rules, id))
        .or_else(|| configured(&pack.profile.rules, id));
    match level {
        Some(l) => l.severity().map(Some),
        None => Some(None),
    }
}

/// Checks one pack: every selected rule, overrides applied, findings sorted.
pub fn check_pack(pack: &Pack, selection: &Selection) -> PackReport {
    let mut findings = Vec::new();
    for rule in RULES {
        let Some(forced) = rule_level(pack, selection, rule.id()) else {
            continue;
        };
        let start = findings.len();
        rule.check(pack, &mut findings);
        if let Some(s) = forced {
            for f in &mut findings[start..] {
                f.severity = s;
            }
        }
    }
    findings.sort_by(Finding::report_order);
    findings.dedup();
    PackReport::new(pack, findings)
}

/// The document list of the JSON report; page counts only when documents were read.
pub fn document_summaries(pack: &Pack) -> Vec<DocumentSummary> {
    let readings = pack.readings_if_read();
    pack.entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.doc().is_some())
        .map(|(i, e)| DocumentSummary {
            file: e.name.clone(),
            number: e.number(),
            kind: e.kind().map(str::to_string),
            pages: readings.and_then(|r| r.get(i)?.as_ref()?.pages),
            bytes: e.bytes,
        })
        .collect()
}
