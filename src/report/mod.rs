//! Reports: the data every format renders, and one file per format.

pub mod concise;
pub mod human;
pub mod json;
pub mod jsonl;

use crate::finding::{Finding, Tally};
use crate::pack::Pack;
use serde::Serialize;
use std::io::{self, Write};

/// A document as the JSON report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// File name relative to the pack.
    pub file: String,
    /// Sequence number, when the name has one.
    pub number: Option<u32>,
    /// Kind id, when the title maps to one.
    pub kind: Option<String>,
    /// Page count, once the document has been opened.
    pub pages: Option<u32>,
    /// Size in bytes.
    pub bytes: u64,
}

/// Everything found in one pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackReport {
    /// The pack folder as named by the user.
    pub path: String,
    /// The profile in force.
    pub profile: String,
    /// The documents, in name order.
    pub documents: Vec<DocumentSummary>,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// Counts by severity.
    pub summary: Tally,
    /// Entry names in folder order: the source the human report points into.
    #[serde(skip)]
    pub listing: Vec<String>,
}

impl PackReport {
    /// Builds the report of a checked pack from its sorted findings.
    pub fn new(pack: &Pack, findings: Vec<Finding>) -> PackReport {
        PackReport {
            path: pack.display.clone(),
            profile: pack.profile.name.clone(),
            documents: crate::engine::document_summaries(pack),
            summary: Tally::of(&findings),
            findings,
            listing: pack.entries.iter().map(|e| e.name.clone()).collect(),
        }
    }
}

/// The whole run's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// Packs checked.
    pub packs: usize,
    /// Documents in all packs.
    pub documents: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl RunSummary {
    /// Totals over the packs' reports.
    pub fn of(packs: &[PackReport]) -> RunSummary {
        let mut t = Tally::default();
        for p in packs {
            t.add(p.summary);
        }
        RunSummary {
            packs: packs.len(),
            documents: packs.iter().map(|p| p.documents.len()).sum(),
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
        }
    }
}

/// The output formats `check` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped per pack, each finding pointing at its file in the folder listing.
    Human,
    /// One line per finding: `pack/file: severity rule: message`.
    Concise,
    /// One JSON document, the schema of SPEC.md.
    Json,
    /// One JSON object per finding per line, with a `pack` field.
    Jsonl,
}

/// How the human format looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
}

/// Writes the report of a run in the chosen format.
pub fn render(
    format: Format,
    packs: &[PackReport],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(packs, style, out),
        Format::Concise => concise::render(packs, out),
        Format::Json => json::render(packs, out),
        Format::Jsonl => jsonl::render(packs, out),
    }
}

/// `error`/`errors` and friends.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
