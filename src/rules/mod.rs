//! Rules: one file per rule under `<group>/<name>.rs`, whose `//!` comment is its documentation.

pub mod category;
pub mod consistency;
pub mod file;
pub mod naming;
pub mod pack;
pub mod photo;
pub mod registry;
pub mod scan;
pub mod validity;

pub mod meta;

use crate::engine::context::{Context, Need};
use crate::finding::{Finding, Severity};
pub use meta::Meta;

/// A rule's check, with what it is ([`Meta`]) written once beside it:
///
/// ```ignore
/// impl Check for Blur {
///     const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels])
///         .help("scan the page again ...");
///     fn check(&self, ctx: &Context, out: &mut Vec<Finding>) { ... }
/// }
/// ```
pub trait Check: Sync {
    /// Id, default severity, what the rule reads, its usual help.
    const META: Meta;
    /// Appends this rule's findings for the context's pack.
    fn check(&self, ctx: &Context, out: &mut Vec<Finding>);
}

/// A check over one pack, as the registry and the engine see it.
pub trait Rule: Sync {
    /// What the rule is.
    fn meta(&self) -> Meta;
    /// Rule id, `group/name`: its file's path under `src/rules/`.
    fn id(&self) -> &'static str {
        self.meta().id
    }
    /// Severity of its findings before any override.
    fn default_severity(&self) -> Severity {
        self.meta().severity
    }
    /// How the default severity reads in `dossier rules` (rules with two levels say both).
    fn severity_label(&self) -> &'static str {
        self.meta()
            .label
            .unwrap_or(self.default_severity().as_str())
    }
    /// What the rule reads of a pack.
    fn needs(&self) -> &'static [Need] {
        self.meta().needs
    }
    /// Appends this rule's findings for the context's pack.
    fn run(&self, ctx: &Context, out: &mut Vec<Finding>);
}

impl<T: Check> Rule for T {
    fn meta(&self) -> Meta {
        T::META
    }
    fn run(&self, ctx: &Context, out: &mut Vec<Finding>) {
        self.check(ctx, out)
    }
}

/// Builds the `file` finding most rules emit, with the rule's id and default severity.
pub fn finding_on(
    rule: &dyn Rule,
    file: &str,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Finding {
    Finding::file(rule.id(), rule.default_severity(), file, message, help)
}

/// The `file` finding of a rule with its usual help.
pub fn finding(rule: &dyn Rule, file: &str, message: impl Into<String>) -> Finding {
    finding_on(rule, file, message, rule.meta().help)
}

/// Attaches the words a document's fact came from: page, quote, and the page text.
pub fn quoted<T>(
    finding: Finding,
    ctx: &Context,
    file: &str,
    at: &crate::content::Stated<T>,
    label: impl Into<String>,
) -> Finding {
    let reading = ctx.reading_of(file);
    let text = reading.and_then(|r| crate::content::DocFacts::page_text(r, at.page));
    let label = label.into();
    let mut finding = match text {
        Some(text) => finding.quoting(at.page, text, at.span.clone(), label.clone()),
        None => finding.with("page", at.page),
    };
    // Where the words stand on the page, for reports that draw it.
    if let Some(page) = reading
        .and_then(|r| r.page_info.iter().find(|p| p.number == at.page))
        .and_then(|p| p.text.as_ref())
        .filter(|t| !t.garbage)
    {
        for rect in page.rects_of(&at.span) {
            finding.add_mark(crate::finding::Mark {
                page: at.page,
                rect,
                label: label.clone(),
            });
        }
    }
    // The applicant should know when the words are dossier's reading of a scan.
    match ocr_words(ctx, file, at) {
        Some(OcrWords::Confident) => finding.with("source", "ocr"),
        // Words OCR was unsure of may be misread: the finding says so instead of
        // blaming the document.
        Some(OcrWords::Unsure) => misread(finding, "these words")
            .with("source", "ocr")
            .with("ocr_confidence", "low"),
        None => finding,
    }
}

/// How sure dossier is of words it read itself from a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrWords {
    /// OCR read them with good confidence.
    Confident,
    /// OCR was unsure of at least one of them.
    Unsure,
}

/// Whether the words a fact came from were read by OCR, and how surely; `None` for a
/// text layer's words.
pub fn ocr_words<T>(ctx: &Context, file: &str, at: &crate::content::Stated<T>) -> Option<OcrWords> {
    let reading = ctx.reading_of(file)?;
    let page = reading.page_info.iter().find(|p| p.number == at.page)?;
    let text = page
        .text
        .as_ref()
        .filter(|t| t.source == crate::read::text::Source::Ocr)?;
    let unsure = text
        .uncertain
        .iter()
        .any(|u| u.start < at.span.end && at.span.start < u.end);
    Some(if unsure {
        OcrWords::Unsure
    } else {
        OcrWords::Confident
    })
}

/// A finding about words OCR may have misread, as an info that says so: OCR noise must
/// never read as the applicant's mistake.
pub fn misread(mut finding: Finding, what: &str) -> Finding {
    if finding.evidence.contains_key("ocr_misread") {
        return finding;
    }
    finding.severity = Severity::Info;
    finding.message = format!("could not read {what} reliably: {}", finding.message);
    finding.help = format!(
        "check it on the scan by eye; a sharper scan (300 dpi) or the issuer's own PDF lets dossier read it ({})",
        finding.help
    );
    finding.with("ocr_misread", true)
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days(a: jiff::civil::Date, b: jiff::civil::Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

/// Lists file names for a message: `a, b and c`, at most `max` then `and N more`.
pub fn list_names<S: AsRef<str>>(names: &[S], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(|s| s.as_ref()).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => one.to_string(),
        (many, 0) => format!(
            "{} and {}",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
        (many, n) => format!("{} and {n} more", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::list_names;

    #[test]
    fn lists_names_in_plain_words() {
        assert_eq!(list_names(&["a"], 3), "a");
        assert_eq!(list_names(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(list_names(&["a", "b", "c", "d"], 2), "a, b and 2 more");
    }
}
