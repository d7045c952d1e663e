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

use crate::finding::{Finding, Severity};
use crate::pack::Pack;

/// A check over one pack.
pub trait Rule: Sync {
    /// Rule id, `group/name`; must match the file's path under `src/rules/`.
    fn id(&self) -> &'static str;
    /// Severity of its findings before any override.
    fn default_severity(&self) -> Severity;
    /// How the default severity reads in `dossier rules` (rules with two levels say both).
    fn severity_label(&self) -> &'static str {
        self.default_severity().as_str()
    }
    /// Appends this rule's findings for `pack`.
    fn check(&self, pack: &Pack, out: &mut Vec<Finding>);
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

/// Attaches the words a document's fact came from: page, quote, and the page text.
pub fn quoted<T>(
    finding: Finding,
    pack: &Pack,
    file: &str,
    at: &crate::content::Stated<T>,
    label: impl Into<String>,
) -> Finding {
    let text = pack
        .reading_of(file)
        .and_then(|r| crate::content::DocFacts::page_text(r, at.page));
    match text {
        Some(text) => finding.quoting(at.page, text, at.span.clone(), label),
        None => finding.with("page", at.page),
    }
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
