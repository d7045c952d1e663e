//! Runs the rules over one pack: which rules run at what level ([`Plan`]), a lazy
//! [`Context`] that reads only what they need, and the one outcome every command and
//! reporter uses ([`PackReport`], with the rules that ran).

pub mod context;

pub use context::{Context, Need};

use crate::finding::{Finding, Severity, Tally};
use crate::pack::level::Level;
use crate::pack::profile::Profile;
use crate::pack::{LoadOptions, Pack};
use crate::report::{DocumentSummary, PackReport};
use crate::rules::Rule;
use crate::rules::registry::{RULES, pattern_matches};
use std::collections::BTreeMap;
use std::path::Path;

/// Which rules run, from `--select`, `--ignore` and `--fast`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these rules (ids, groups, `group/*`, `ALL`); empty means all.
    pub select: Vec<String>,
    /// Never these.
    pub ignore: Vec<String>,
    /// Only the rules that read names, types and the manifest, never a document's content
    /// (`check --fast`, for pre-commit hooks): those whose needs are [`Need::fast`].
    pub fast: bool,
    /// Keep pictures of the scanned pages the rules decode (the HTML report).
    pub pictures: bool,
}

impl Selection {
    /// Whether this rule runs, before any manifest or profile level.
    pub fn enabled(&self, rule: &dyn Rule) -> bool {
        let id = rule.id();
        (self.select.is_empty() || self.select.iter().any(|p| pattern_matches(p, id)))
            && !self.ignore.iter().any(|p| pattern_matches(p, id))
            && (!self.fast || Need::fast(rule.needs()))
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

/// The rules that run on one pack, in registry order, each with the severity forced on
/// its findings (`None`: its own).
pub struct Plan {
    rules: Vec<(&'static dyn Rule, Option<Severity>)>,
}

impl Plan {
    /// The selection, then the manifest's `[rules]` (it speaks for this pack), then the
    /// profile's.
    pub fn new(pack: &Pack, selection: &Selection) -> Plan {
        let rules = RULES
            .iter()
            .copied()
            .filter(|r| selection.enabled(*r))
            .filter_map(|r| {
                let level = pack
                    .manifest
                    .as_ref()
                    .and_then(|m| configured(&m.rules, r.id()))
                    .or_else(|| configured(&pack.profile.rules, r.id()));
                match level {
                    Some(l) => l.severity().map(|s| (r, Some(s))),
                    None => Some((r, None)),
                }
            })
            .collect();
        Plan { rules }
    }

    /// What the plan's rules read.
    pub fn needs(&self) -> impl Iterator<Item = Need> + '_ {
        self.rules
            .iter()
            .flat_map(|(r, _)| r.needs().iter().copied())
    }

    /// Keeps only the rules whose id `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.rules.retain(|(r, _)| keep(r.id()));
    }

    /// Whether the rule with this id runs.
    pub fn runs(&self, id: &str) -> bool {
        self.rules.iter().any(|(r, _)| r.id() == id)
    }

    /// Runs every rule of the plan over the context's pack.
    pub fn run(&self, ctx: &Context) -> PackReport {
        let mut findings = Vec::new();
        for (rule, _) in &self.rules {
            rule.run(ctx, &mut findings);
        }
        self.finish(ctx, findings)
    }

    /// The outcome of a pack from its rules' findings: levels applied, sorted, counted.
    /// Rerun after a finding is replaced (`build`'s real size), it gives the same levels.
    pub fn finish(&self, ctx: &Context, mut findings: Vec<Finding>) -> PackReport {
        for f in &mut findings {
            if let Some((_, Some(s))) = self.rules.iter().find(|(r, _)| r.id() == f.rule) {
                f.severity = *s;
            }
        }
        findings.sort_by(Finding::report_order);
        findings.dedup();
        let pack = ctx.pack;
        PackReport {
            path: pack.display.clone(),
            profile: pack.profile.name.clone(),
            documents: document_summaries(ctx),
            summary: Tally::of(&findings),
            findings,
            outputs: Vec::new(),
            facts: ctx.facts_settled().map(facts_of).unwrap_or_default(),
            pictures: pictures_read(ctx),
            listing: pack.entries.iter().map(|e| e.name.clone()).collect(),
            rules: self.rules.iter().map(|(r, _)| r.id()).collect(),
        }
    }
}

/// The pictures the read layer kept of the documents' scanned pages, by file.
fn pictures_read(
    ctx: &Context,
) -> std::collections::BTreeMap<String, Vec<crate::report::PagePicture>> {
    // What the rules read, never more: a run without pixel rules has no pictures here.
    ctx.pack
        .entries
        .iter()
        .zip(ctx.read_so_far())
        .filter_map(|(entry, reading)| {
            let reading = reading?;
            let pictures: Vec<_> = reading
                .page_info
                .iter()
                .filter_map(|p| {
                    let t = p.picture.as_ref()?;
                    Some(crate::report::PagePicture {
                        page: t.page,
                        jpeg: t.jpeg.clone(),
                        size: t.size,
                    })
                })
                .collect();
            (!pictures.is_empty()).then(|| (entry.name.clone(), pictures))
        })
        .collect()
}

/// The pack's settled facts as the reports print them, each with its source.
pub fn facts_of(f: &crate::content::PackFacts) -> Vec<crate::report::Fact> {
    use crate::report::Fact;
    let mut out = Vec::new();
    let mut push = |name, value: String, source: &crate::content::Source| {
        out.push(Fact {
            name,
            value,
            source: source.describe(),
        });
    };
    if let Some(s) = &f.name {
        push("applicant", s.value.clone(), &s.source);
    }
    if let Some(s) = &f.number {
        push("passport number", s.value.clone(), &s.source);
    }
    if let Some(s) = &f.expiry {
        push("passport expiry", s.value.to_string(), &s.source);
    }
    match (&f.arrival, &f.departure) {
        (Some(a), Some(d)) if a.source == d.source => {
            push("trip", format!("{} to {}", a.value, d.value), &a.source);
        }
        (a, d) => {
            if let Some(a) = a {
                push("arrival", a.value.to_string(), &a.source);
            }
            if let Some(d) = d {
                push("departure", d.value.to_string(), &d.source);
            }
        }
    }
    if let Some(s) = &f.purposes {
        push("purpose", s.value.join(", "), &s.source);
    }
    if let Some(s) = &f.host {
        push("host", s.value.clone(), &s.source);
    }
    out
}

/// Checks one pack: the rules the selection and levels keep, reading what they need.
pub fn check_pack(pack: &Pack, selection: &Selection) -> PackReport {
    let plan = Plan::new(pack, selection);
    let pictures = selection.pictures.then_some(Need::Pictures);
    let ctx = Context::new(pack, plan.needs().chain(pictures));
    plan.run(&ctx)
}

/// Loads and checks the pack in `dir`; a folder that cannot be listed is a finding on it.
pub fn check_dir(
    dir: &Path,
    display: &str,
    opts: &LoadOptions,
    selection: &Selection,
) -> PackReport {
    match Pack::load(dir, display.to_string(), opts) {
        Ok(pack) => check_pack(&pack, selection),
        // A pack folder found by --recursive that cannot be listed: report it, go on.
        Err(e) => unchecked(
            display,
            opts,
            crate::rules::file::unreadable::folder_unlistable(&e),
        ),
    }
}

/// The outcome of a pack that could not be checked, holding the one finding saying why.
pub fn unchecked(display: &str, opts: &LoadOptions, finding: Finding) -> PackReport {
    let profile = opts
        .profile
        .clone()
        .unwrap_or_else(crate::pack::default_profile);
    let profile: &Profile = &profile;
    PackReport {
        path: display.to_string(),
        profile: profile.name.clone(),
        documents: Vec::new(),
        summary: Tally::of(std::slice::from_ref(&finding)),
        rules: vec![finding.rule],
        findings: vec![finding],
        outputs: Vec::new(),
        facts: Vec::new(),
        pictures: Default::default(),
        listing: Vec::new(),
    }
}

/// The document list of the JSON report; page counts for the documents that were read.
pub fn document_summaries(ctx: &Context) -> Vec<DocumentSummary> {
    ctx.pack
        .entries
        .iter()
        .zip(ctx.read_so_far())
        .filter(|(e, _)| e.doc().is_some())
        .map(|(e, r)| DocumentSummary {
            file: e.name.clone(),
            number: e.number(),
            kind: e.kind().map(str::to_string),
            pages: r.and_then(|r| r.pages),
            bytes: e.bytes,
        })
        .collect()
}
