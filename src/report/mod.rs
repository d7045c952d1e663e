//! Reports: the data every format renders, and one file per format.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod place;
pub mod sarif;

use crate::finding::{Finding, Tally};
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

/// A file `build --split` wrote, against the portal's limit, and what was done to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputFile {
    /// Its name in the output folder.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The limit a file may be, in bytes, when there is one.
    pub limit_bytes: Option<u64>,
    /// Whether it is within the limit (true without one).
    pub fits: bool,
    /// Its page count.
    pub pages: u32,
    /// The pack document it carries; `None` for the index.
    pub source: Option<String>,
    /// That document's size in bytes.
    pub source_bytes: u64,
    /// Whether it is the document's own bytes, unchanged.
    pub copied: bool,
    /// What was done to fit it, in plain words (`6 scans at 300 -> 200 dpi, q 65`).
    pub changes: Option<String>,
    /// When it could not be made to fit: the smallest size reached, and why no smaller.
    pub smallest_bytes: Option<u64>,
    /// Why it could not be made smaller.
    pub why_not_smaller: Option<String>,
}

/// A picture of one page, for the reports that show pages (HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePicture {
    /// 1-based page number.
    pub page: u32,
    /// The picture, JPEG.
    pub jpeg: Vec<u8>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

/// A fact of the pack the documents are checked against, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// What it is: `applicant`, `passport number`, `passport expiry`, `trip`, ...
    pub name: &'static str,
    /// Its value, as the report prints it.
    pub value: String,
    /// Where it comes from, in words: `the manifest`, `the MRZ of 01_Passport.pdf`, ...
    pub source: String,
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
    /// What `build --split` wrote, file by file; empty, and left out, for a check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<OutputFile>,
    /// The pack's facts, when the rules that ran settled them (the HTML summary band).
    #[serde(skip)]
    pub facts: Vec<Fact>,
    /// Pictures of each document's pages, by file name: made only for the HTML report.
    #[serde(skip)]
    pub pictures: std::collections::BTreeMap<String, Vec<PagePicture>>,
    /// Entry names in folder order: the source the human report points into.
    #[serde(skip)]
    pub listing: Vec<String>,
    /// The rules that ran on this pack, after the manifest's and profile's levels, in
    /// registry order: what SARIF and JUnit list.
    #[serde(skip)]
    pub rules: Vec<&'static str>,
}

#[cfg(test)]
impl PackReport {
    /// A pack holding only these findings, for the formats' unit tests.
    pub(crate) fn stub(path: &str, findings: Vec<Finding>) -> PackReport {
        PackReport {
            path: path.into(),
            profile: "kz-b1".into(),
            documents: Vec::new(),
            summary: Tally::of(&findings),
            findings,
            outputs: Vec::new(),
            facts: Vec::new(),
            pictures: Default::default(),
            listing: Vec::new(),
            rules: Vec::new(),
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
        let mut s = RunSummary::default();
        for p in packs {
            s.add(p);
        }
        s
    }

    /// Counts one more pack.
    pub fn add(&mut self, pack: &PackReport) {
        self.packs += 1;
        self.documents += pack.documents.len();
        self.errors += pack.summary.errors;
        self.warnings += pack.summary.warnings;
        self.infos += pack.summary.infos;
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
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: a testsuite per pack, a testcase per (pack, rule).
    Junit,
    /// GitHub Actions workflow commands (`::error file=...::`), annotating the run.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// One self-contained HTML page: every document with its findings, the rules'
    /// documentation; no script, no request.
    Html,
}

/// How the human format looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
}

/// A format written pack by pack, so a batch holds only the packs in flight, never all.
pub trait Sink {
    /// Before the first pack.
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// One pack's report, in run order.
    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()>;
    /// After the last pack, with the run's totals.
    fn end(&mut self, _summary: &RunSummary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// The writer of a format, printing names and messages made visible: a control
/// character in a file name must not forge a line of output. Line-based and terminal
/// formats escape everything they print; the JSON formats, whose strings JSON already
/// escapes, keep file names exact (they are how a program finds the file) and escape
/// the prose.
pub fn sink(format: Format, style: Style) -> Box<dyn Sink> {
    let names = !matches!(format, Format::Json | Format::Jsonl | Format::Sarif);
    Box::new(Visible {
        inner: raw_sink(format, style),
        names,
    })
}

/// The HTML report written as a folder of pages (`--split-html DIR`).
pub fn html_split_sink(dir: std::path::PathBuf) -> Box<dyn Sink> {
    Box::new(Visible {
        inner: Box::new(html::Html::split(dir)),
        names: true,
    })
}

fn raw_sink(format: Format, style: Style) -> Box<dyn Sink> {
    match format {
        Format::Human => Box::new(human::Human::new(style)),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::new(json::Json::default()),
        Format::Jsonl => Box::new(jsonl::Jsonl),
        Format::Sarif => Box::new(sarif::Sarif::default()),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Github => Box::new(github::Github::default()),
        Format::Gitlab => Box::new(gitlab::Gitlab::default()),
        Format::Html => Box::new(html::Html::default()),
    }
}

/// A sink handed each pack with its unsafe characters escaped.
struct Visible {
    inner: Box<dyn Sink>,
    /// Escape file and pack names too, not only messages.
    names: bool,
}

impl Sink for Visible {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.inner.begin(out)
    }

    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        match visible_pack(pack, self.names) {
            Some(safe) => self.inner.pack(&safe, out),
            None => self.inner.pack(pack, out),
        }
    }

    fn end(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        self.inner.end(summary, out)
    }
}

/// The pack with its printed strings made visible, or None when none needs it (the
/// usual case, which costs no copy).
fn visible_pack(pack: &PackReport, names: bool) -> Option<PackReport> {
    use crate::text::visible::{is_unsafe, masked, visible};
    let bad = |s: &str| s.chars().any(is_unsafe);
    let bad_name = |s: &str| names && bad(s);
    let needed = bad_name(&pack.path)
        || pack.listing.iter().any(|l| bad_name(l))
        || pack.findings.iter().any(|f| {
            bad(&f.message)
                || bad(&f.help)
                || f.file.as_deref().is_some_and(bad_name)
                || f.quote.as_ref().is_some_and(|q| {
                    q.text.chars().any(|c| c != '\n' && is_unsafe(c)) || bad(&q.label)
                })
        });
    if !needed {
        return None;
    }
    let name = |s: &str| {
        if names {
            visible(s).into_owned()
        } else {
            s.to_string()
        }
    };
    let mut safe = pack.clone();
    safe.path = name(&pack.path);
    for l in &mut safe.listing {
        *l = name(l);
    }
    for d in &mut safe.documents {
        d.file = name(&d.file);
    }
    safe.pictures = std::mem::take(&mut safe.pictures)
        .into_iter()
        .map(|(file, pictures)| (name(&file), pictures))
        .collect();
    for f in &mut safe.findings {
        f.message = visible(&f.message).into_owned();
        f.help = visible(&f.help).into_owned();
        f.file = f.file.as_deref().map(name);
        if let Some(q) = f.quote.as_mut() {
            q.text = masked(&q.text).into_owned();
            q.label = visible(&q.label).into_owned();
        }
    }
    Some(safe)
}

/// Writes the report of a run in the chosen format.
pub fn render(
    format: Format,
    packs: &[PackReport],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut sink = sink(format, style);
    sink.begin(out)?;
    for p in packs {
        sink.pack(p, out)?;
    }
    sink.end(&RunSummary::of(packs), out)
}

/// `error`/`errors` and friends.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
