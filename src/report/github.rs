//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! `::error file=PACK/FILE,line=1,title=RULE::MESSAGE`, `warning` and `notice` alike,
//! escaped exactly as actions/toolkit's `command.ts` does. GitHub shows only the first
//! few annotations of each kind per step, so errors come first across the whole run.

use super::place;
use super::{PackReport, RunSummary, Sink};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

/// Buffers the run's lines (one short line per finding) to write them errors first.
#[derive(Default)]
pub struct Github {
    errors: Vec<String>,
    warnings: Vec<String>,
    notices: Vec<String>,
}

/// Escapes a command's message, as `escapeData` in actions/toolkit `command.ts`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value, as `escapeProperty` in actions/toolkit `command.ts`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of one finding.
fn command(pack: &PackReport, finding: &Finding) -> String {
    let kind = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = finding.message.clone();
    if let Some(page) = finding.page {
        message.push_str(&format!(" (page {page})"));
    }
    if !finding.help.is_empty() {
        message.push('\n');
        message.push_str(&finding.help);
    }
    format!(
        "::{kind} file={},line=1,title={}::{}",
        escape_property(&place::target(pack, finding)),
        escape_property(finding.rule),
        escape_data(&message)
    )
}

impl Sink for Github {
    fn pack(&mut self, pack: &PackReport, _out: &mut dyn Write) -> io::Result<()> {
        for finding in &pack.findings {
            let line = command(pack, finding);
            match finding.severity {
                Severity::Error => self.errors.push(line),
                Severity::Warning => self.warnings.push(line),
                Severity::Info => self.notices.push(line),
            }
        }
        Ok(())
    }

    fn end(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        for line in self
            .errors
            .iter()
            .chain(&self.warnings)
            .chain(&self.notices)
        {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runner's unescaping (actions/runner `ActionCommand.cs`): `%25` last.
    fn unescape_property(s: &str) -> String {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    }

    fn unescape_data(s: &str) -> String {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%25", "%")
    }

    #[test]
    fn escaping_matches_the_toolkit() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%3A` in the input must not come back as `:`.
        for s in ["%3A,:\n%", "a%2C b", "%%0A", "plain"] {
            assert_eq!(unescape_property(&escape_property(s)), s);
            assert_eq!(unescape_data(&escape_data(s)), s);
        }
    }
}
