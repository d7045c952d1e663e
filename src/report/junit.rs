//! `--format junit`: JUnit XML, a testsuite per pack and a testcase per (pack, rule).
//!
//! A (pack, rule) testcase fails when the pack has error or warning findings of that rule
//! and passes otherwise; info findings go to its `system-out`. No timestamps, durations
//! or report UUIDs, so the same input gives the same bytes.

use super::{PackReport, RunSummary, Sink};
use crate::finding::{Finding, Severity};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::HashMap;
use std::io::{self, Write};

/// Builds the report pack by pack and writes it at the end.
///
/// Unlike the JSON formats this holds every pack's testsuite until `end`: quick-junit
/// serialises a whole `Report` (the `<testsuites>` totals come first in the XML), and
/// a testsuite is small (one testcase per rule, no document data).
pub struct Junit {
    report: Report,
    /// How often each pack path has been seen, so a pack named twice gets its own suite.
    suites: HashMap<String, usize>,
}

impl Default for Junit {
    fn default() -> Junit {
        Junit {
            report: Report::new("dossier"),
            suites: HashMap::new(),
        }
    }
}

impl Junit {
    /// The suite name for a pack: its path, numbered when the run names the pack again,
    /// since CI tools key testcases by (classname, name).
    fn suite_name(&mut self, path: &str) -> String {
        let seen = self.suites.entry(path.to_string()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            path.to_string()
        } else {
            format!("{path} #{seen}")
        }
    }
}

/// `file (page N): severity: message`, or `(pack)` for a pack-level finding.
fn line(finding: &Finding) -> String {
    let file = finding.file.as_deref().unwrap_or("(pack)");
    let page = finding
        .page
        .map(|p| format!(" (page {p})"))
        .unwrap_or_default();
    format!("{file}{page}: {}: {}", finding.severity, finding.message)
}

/// The testcase of one rule over one pack.
fn testcase(suite: &str, rule: &str, findings: &[&Finding]) -> TestCase {
    let failing: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    let lines = |fs: &[&Finding]| fs.iter().map(|f| line(f)).collect::<Vec<_>>().join("\n");
    let mut case = match failing.first() {
        Some(first) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let worst = failing
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(first.severity);
            status
                .set_message(format!(
                    "{}: {}",
                    super::plural(failing.len(), "finding"),
                    first.message
                ))
                .set_type(worst.as_str())
                .set_description(lines(findings));
            TestCase::new(rule, status)
        }
        None => {
            let mut case = TestCase::new(rule, TestCaseStatus::success());
            if !findings.is_empty() {
                case.set_system_out(lines(findings));
            }
            case
        }
    };
    case.set_classname(suite);
    case
}

impl Sink for Junit {
    fn pack(&mut self, pack: &PackReport, _out: &mut dyn Write) -> io::Result<()> {
        let name = self.suite_name(&pack.path);
        let mut suite = TestSuite::new(name.as_str());
        suite.add_property(("profile", pack.profile.as_str()));
        // Every rule that ran on the pack, then any rule with findings that did not run
        // (none today), so no finding goes missing.
        let mut rules = pack.rules.clone();
        for f in &pack.findings {
            if !rules.contains(&f.rule) {
                rules.push(f.rule);
            }
        }
        for rule in rules {
            let findings: Vec<&Finding> = pack.findings.iter().filter(|f| f.rule == rule).collect();
            suite.add_test_case(testcase(&name, rule, &findings));
        }
        self.report.add_test_suite(suite);
        Ok(())
    }

    fn end(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        self.report.serialize(&mut *out).map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, findings: Vec<Finding>, rules: &[&'static str]) -> PackReport {
        PackReport {
            rules: rules.to_vec(),
            ..PackReport::stub(path, findings)
        }
    }

    fn xml(packs: &[PackReport]) -> String {
        let mut sink = Junit::default();
        let mut out = Vec::new();
        sink.begin(&mut out).unwrap();
        for p in packs {
            sink.pack(p, &mut out).unwrap();
        }
        sink.end(&RunSummary::of(packs), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn failures_are_rules_with_errors_or_warnings() {
        // What the engine says ran on each pack: the second pack's manifest turned
        // naming/gap off, so it has no testcase there.
        let ran = ["naming/gap", "naming/order", "naming/unknown-kind"];
        let packs = [
            report(
                "a",
                vec![
                    Finding::file("naming/gap", Severity::Error, "05_X.pdf", "gap one", "h"),
                    Finding::file("naming/gap", Severity::Warning, "07_X.pdf", "gap two", "h"),
                    Finding::file(
                        "naming/unknown-kind",
                        Severity::Info,
                        "06_X.pdf",
                        "odd",
                        "h",
                    ),
                ],
                &ran,
            ),
            report("a", vec![], &ran[1..]),
        ];
        let text = xml(&packs);
        assert!(text.contains("tests=\"5\""), "{text}");
        assert_eq!(text.matches("name=\"naming/gap\"").count(), 1, "{text}");
        assert!(text.contains("failures=\"1\""), "{text}");
        assert!(text.contains("message=\"2 findings: gap one\""), "{text}");
        assert!(
            text.contains("05_X.pdf: error: gap one\n07_X.pdf: warning: gap two"),
            "{text}"
        );
        assert!(
            text.contains("<system-out>06_X.pdf: info: odd</system-out>"),
            "{text}"
        );
        assert!(text.contains("<testsuite name=\"a #2\""), "{text}");
        assert!(
            !text.contains("timestamp") && !text.contains("time="),
            "{text}"
        );
    }
}
