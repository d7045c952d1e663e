//! The default format: per pack, each finding drawn by miette against the folder listing,
//! so its label points at the file's name; a summary line at the end.

use super::{PackReport, RunSummary, Sink, Style, plural};
use crate::finding::{Finding, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};

/// A finding dressed as a miette diagnostic.
struct Shown<'a> {
    finding: &'a Finding,
    source: &'a (dyn SourceCode + 'a),
    span: Option<(usize, usize)>,
    label: String,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown")
            .field("finding", self.finding)
            .field("span", &self.span)
            .finish()
    }
}

/// The lines of the folder listing around one file, numbered as in the whole listing.
/// Handing miette the whole listing made it count lines from the top for every
/// finding: quadratic, 13 s for a pack of 10,000 files.
struct Window {
    name: String,
    text: String,
    /// Line number (0-based) of the window's first line in the listing.
    first_line: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The listing's window around `name` (one line each side, as the context shows) and
/// the name's span in it.
fn window_of(
    pack_path: &str,
    listing: &[String],
    lines: &HashMap<&str, usize>,
    name: &str,
) -> Option<(Window, (usize, usize))> {
    let &i = lines.get(name)?;
    let first = i.saturating_sub(1);
    let last = (i + 1).min(listing.len() - 1);
    let before: usize = listing[first..i].iter().map(|l| l.len() + 1).sum();
    Some((
        Window {
            name: pack_path.to_string(),
            text: listing[first..=last].join("\n"),
            first_line: first,
        },
        (before, name.len()),
    ))
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.finding.page {
            Some(p) => write!(f, "{} (page {p})", self.finding.message),
            None => f.write_str(&self.finding.message),
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.map(|_| self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, len) = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(self.label.clone()),
            offset,
            len,
        ))))
    }
}

/// Writes every pack's findings, then the run's summary line; quiet leaves out clean packs and the summary.
pub struct Human {
    style: Style,
    handler: GraphicalReportHandler,
}

impl Human {
    /// A writer in the given style.
    pub fn new(style: Style) -> Human {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // A fixed width, not the terminal's, so piped output is the same everywhere.
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false)
            .with_context_lines(1);
        Human { style, handler }
    }
}

impl Sink for Human {
    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        if self.style.quiet && pack.findings.is_empty() {
            return Ok(());
        }
        let mut lines: HashMap<&str, usize> = HashMap::new();
        for (i, line) in pack.listing.iter().enumerate() {
            lines.entry(line.as_str()).or_insert(i);
        }
        let empty = NamedSource::new(&pack.path, String::new());
        let t = pack.summary;
        let counts = if pack.findings.is_empty() {
            "no findings".to_string()
        } else {
            format!(
                "{}, {}, {}",
                plural(t.errors, "error"),
                plural(t.warnings, "warning"),
                plural(t.infos, "info")
            )
        };
        writeln!(
            out,
            "{} ({}, {}): {counts}",
            pack.path,
            pack.profile,
            plural(pack.documents.len(), "document")
        )?;
        for finding in &pack.findings {
            // A finding about words in a document shows that page's text; any other, the
            // folder listing with the file's line marked.
            let quoted = finding.quote.as_ref().map(|q| {
                let name = format!(
                    "{}/{} page {}",
                    pack.path,
                    finding.file.as_deref().unwrap_or(""),
                    finding.page.unwrap_or(1)
                );
                (NamedSource::new(name, q.text.clone()), q)
            });
            let window = match &quoted {
                Some(_) => None,
                None => finding
                    .file
                    .as_ref()
                    .and_then(|f| window_of(&pack.path, &pack.listing, &lines, f)),
            };
            let shown = match (&quoted, &window) {
                (Some((source, q)), _) => Shown {
                    finding,
                    source,
                    span: Some((q.span.start, q.span.len())),
                    label: q.label.clone(),
                },
                (None, Some((source, span))) => Shown {
                    finding,
                    source,
                    span: Some(*span),
                    label: finding.severity.to_string(),
                },
                (None, None) => Shown {
                    finding,
                    source: &empty,
                    span: None,
                    label: finding.severity.to_string(),
                },
            };
            let mut s = String::new();
            self.handler
                .render_report(&mut s, &shown)
                .map_err(|_| io::Error::other("formatting a finding failed"))?;
            out.write_all(s.as_bytes())?;
        }
        writeln!(out)
    }

    fn end(&mut self, s: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if !self.style.quiet {
            writeln!(
                out,
                "Checked {} ({}): {}, {}, {}.",
                plural(s.packs, "pack"),
                plural(s.documents, "document"),
                plural(s.errors, "error"),
                plural(s.warnings, "warning"),
                plural(s.infos, "info")
            )?;
        }
        Ok(())
    }
}
