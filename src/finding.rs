//! Findings are plain data: what a rule saw, never an `Err`.

use serde::Serialize;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::fmt;

/// How much a finding matters; ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely to cause trouble; fails a run only with `--strict`.
    Warning,
    /// The pack would be refused as it is; fails the run.
    Error,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a pack, with the measured values behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule id, `group/name`.
    pub rule: &'static str,
    /// Severity after profile, manifest and command-line overrides.
    pub severity: Severity,
    /// File name relative to the pack folder; `None` for a pack-level finding.
    pub file: Option<String>,
    /// 1-based page, when the finding concerns one page.
    pub page: Option<u32>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// The measured values behind the finding (sorted keys, so output is stable).
    pub evidence: Map<String, Value>,
    /// The passage of the document the finding is about, for reports that can show it.
    #[serde(skip)]
    pub quote: Option<Box<Quote>>,
}

/// A passage of a document's extracted text, with the part a finding points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The page's text.
    pub text: String,
    /// Byte range of the part the finding is about.
    pub span: std::ops::Range<usize>,
    /// What the label under that part says (`departure 2027-01-22`).
    pub label: String,
}

/// A place on a page that a finding points at, for reports that draw it on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1-based page (1 for an image file).
    pub page: u32,
    /// `[left, top, right, bottom]` in fractions of the page as shown, from its top-left.
    pub rect: [f32; 4],
    /// What lies there, in a few words (`shadow`, `departure 2027-01-22`).
    pub label: String,
}

/// Evidence key of a finding's marks: `[{"page": 1, "box": [l, t, r, b], "label": ..}]`.
pub const MARKS: &str = "marks";

impl Finding {
    /// Adds a place on a page to the finding's evidence (`marks`).
    pub fn marking(mut self, mark: Mark) -> Self {
        self.add_mark(mark);
        self
    }

    /// [`Finding::marking`] in place.
    pub fn add_mark(&mut self, mark: Mark) {
        // f32 through f64 would print 0.10000000149; 4 digits are a tenth of a point.
        let digits = |v: f32| (f64::from(v) * 10_000.0).round() / 10_000.0;
        let value = serde_json::json!({
            "page": mark.page,
            "box": mark.rect.map(digits),
            "label": mark.label,
        });
        match self.evidence.get_mut(MARKS) {
            Some(Value::Array(marks)) => marks.push(value),
            _ => {
                self.evidence
                    .insert(MARKS.into(), Value::Array(vec![value]));
            }
        }
    }

    /// The finding's marks, as [`Finding::marking`] stored them.
    pub fn marks(&self) -> Vec<Mark> {
        let Some(Value::Array(marks)) = self.evidence.get(MARKS) else {
            return Vec::new();
        };
        marks
            .iter()
            .filter_map(|m| {
                let page = u32::try_from(m.get("page")?.as_u64()?).ok()?;
                let b = m.get("box")?.as_array()?;
                let v = |i: usize| b.get(i).and_then(Value::as_f64).map(|v| v as f32);
                Some(Mark {
                    page,
                    rect: [v(0)?, v(1)?, v(2)?, v(3)?],
                    label: m.get("label")?.as_str()?.to_string(),
                })
            })
            .collect()
    }

    /// A finding about one file of the pack.
    pub fn file(
        rule: &'static str,
        severity: Severity,
        file: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            file: Some(file.to_string()),
            page: None,
            message: message.into(),
            help: help.into(),
            evidence: Map::new(),
            quote: None,
        }
    }

    /// A finding about the pack as a whole.
    pub fn pack(
        rule: &'static str,
        severity: Severity,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            file: None,
            page: None,
            message: message.into(),
            help: help.into(),
            evidence: Map::new(),
            quote: None,
        }
    }

    /// Attaches the passage the finding is about: its page, the quoted words as evidence,
    /// and the page text for the human report. A span off the text's char boundaries is
    /// dropped rather than trusted.
    pub fn quoting(
        mut self,
        page: u32,
        text: &str,
        span: std::ops::Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.page = Some(page);
        if let Some(words) = text.get(span.clone()) {
            self.evidence.insert("quote".into(), Value::from(words));
            self.quote = Some(Box::new(Quote {
                text: text.to_string(),
                span,
                label: label.into(),
            }));
        }
        self
    }

    /// Adds one evidence value.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.evidence.insert(key.to_string(), value.into());
        self
    }

    /// The order every reporter prints in: pack-level first, then by file, rule, page, message.
    pub fn report_order(&self, other: &Self) -> Ordering {
        self.file
            .cmp(&other.file)
            .then_with(|| self.rule.cmp(other.rule))
            .then_with(|| self.page.cmp(&other.page))
            .then_with(|| self.message.cmp(&other.message))
            .then_with(|| other.severity.cmp(&self.severity))
    }
}

/// Error, warning and info counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Tally {
    /// Counts the findings by severity.
    pub fn of(findings: &[Finding]) -> Self {
        let mut t = Tally::default();
        for f in findings {
            t.add_one(f.severity);
        }
        t
    }

    fn add_one(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Adds another tally to this one.
    pub fn add(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}
