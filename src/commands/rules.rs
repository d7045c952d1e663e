//! `dossier rules`: every implemented rule, as a table or JSON.

use crate::engine::Need;
use crate::error::RunError;
use crate::report::Format;
use crate::rules::registry::{RULES, summary};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Row {
    id: &'static str,
    severity: &'static str,
    summary: &'static str,
    /// What the rule reads of a pack.
    needs: &'static [Need],
    /// Whether `check --fast` runs it.
    fast: bool,
}

/// Lists the rules.
pub fn run(format: Format, out: &mut dyn Write) -> Result<(), RunError> {
    let rows: Vec<Row> = RULES
        .iter()
        .map(|r| Row {
            id: r.id(),
            severity: r.severity_label(),
            summary: summary(r.id()),
            needs: r.needs(),
            fast: Need::fast(r.needs()),
        })
        .collect();
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut *out, &rows)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        Format::Jsonl => rows.iter().try_for_each(|r| {
            serde_json::to_writer(&mut *out, r).map_err(std::io::Error::from)?;
            writeln!(out)
        }),
        // The CI formats describe findings; a rule list in them means nothing, so it is text.
        Format::Human
        | Format::Concise
        | Format::Sarif
        | Format::Junit
        | Format::Github
        | Format::Gitlab
        | Format::Html => {
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
            rows.iter().try_for_each(|r| {
                writeln!(out, "{:width$}  {:15}  {}", r.id, r.severity, r.summary)
            })
        }
    };
    written.map_err(|e| RunError::Write("the rule list".into(), e.to_string()))
}
