//! `--format gitlab`: GitLab Code Quality JSON, an array of issues written pack by pack.
//!
//! Each issue is `{description, check_name, fingerprint, severity, location: {path,
//! lines: {begin: 1}}}`; GitLab keys issues by fingerprint, so fingerprints are unique
//! within the report. One issue per line keeps the array streamable and diffable.

use super::place::{self, Fingerprints};
use super::{PackReport, RunSummary, Sink};
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    /// Documents have no lines; GitLab requires one, and line 1 stands for the file.
    begin: u32,
}

/// Code Quality's severity for ours (`info`, `minor`, `major`, `critical`, `blocker`).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// Writes the issues of a run as one JSON array.
#[derive(Default)]
pub struct Gitlab {
    fingerprints: Fingerprints,
    issues: usize,
}

impl Gitlab {
    fn issue<'a>(&mut self, pack: &PackReport, finding: &'a Finding) -> Issue<'a> {
        let mut description = finding.message.clone();
        if let Some(page) = finding.page {
            description.push_str(&format!(" (page {page})"));
        }
        Issue {
            description,
            check_name: finding.rule,
            fingerprint: self.fingerprints.next(pack, finding),
            severity: severity(finding.severity),
            location: Location {
                path: place::target(pack, finding),
                lines: Lines { begin: 1 },
            },
        }
    }
}

impl Sink for Gitlab {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        for finding in &pack.findings {
            let issue = self.issue(pack, finding);
            out.write_all(if self.issues == 0 { b"\n  " } else { b",\n  " })?;
            self.issues += 1;
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn end(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.issues > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"]\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn report(path: &str, findings: Vec<Finding>) -> PackReport {
        PackReport::stub(path, findings)
    }

    fn issues(packs: &[PackReport]) -> Value {
        let mut sink = Gitlab::default();
        let mut out = Vec::new();
        sink.begin(&mut out).unwrap();
        for p in packs {
            sink.pack(p, &mut out).unwrap();
        }
        sink.end(&RunSummary::of(packs), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn empty_run_is_an_empty_array() {
        assert_eq!(issues(&[]), Value::Array(vec![]));
        assert_eq!(issues(&[report("a", vec![])]), Value::Array(vec![]));
    }

    #[test]
    fn colliding_findings_get_distinct_fingerprints() {
        let f = Finding::file("naming/gap", Severity::Error, "05_X.pdf", "gap", "fix");
        let packs = [report("a", vec![f.clone()]), report("./a", vec![f])];
        let v = issues(&packs);
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_ne!(list[0]["fingerprint"], list[1]["fingerprint"]);
        assert_eq!(list[0]["severity"], "major");
        assert_eq!(list[0]["location"]["path"], "a/05_X.pdf");
        assert_eq!(list[1]["location"]["path"], "a/05_X.pdf");
        assert_eq!(list[0]["location"]["lines"]["begin"], 1);
    }
}
