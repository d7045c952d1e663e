//! `--statistics`: how often each rule fired over the run, most frequent first.

use crate::finding::Finding;
use crate::rules::registry;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Counts findings per rule.
#[derive(Debug, Default)]
pub struct Statistics {
    counts: BTreeMap<&'static str, (usize, usize)>,
}

impl Statistics {
    /// Adds one pack's findings; a rule counts once more for each finding, and each pack.
    pub fn add(&mut self, findings: &[Finding]) {
        let mut seen: Vec<&'static str> = Vec::new();
        for f in findings {
            let entry = self.counts.entry(f.rule).or_default();
            entry.0 += 1;
            if !seen.contains(&f.rule) {
                seen.push(f.rule);
                entry.1 += 1;
            }
        }
    }

    /// The table: count, packs, rule, summary; most frequent first, ties by rule id.
    pub fn table(&self) -> String {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
        let width = rows
            .iter()
            .map(|(id, _)| id.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!(
            "{:>8}  {:>6}  {:width$}  summary\n",
            "findings", "packs", "rule"
        );
        for (id, (n, packs)) in rows {
            let _ = writeln!(
                out,
                "{n:>8}  {packs:>6}  {id:width$}  {}",
                registry::summary(id)
            );
        }
        if self.counts.is_empty() {
            out.push_str("       0       0  (no findings)\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn most_frequent_first() {
        let f = |rule| Finding::pack(rule, Severity::Error, "m", "h");
        let mut s = Statistics::default();
        s.add(&[f("naming/gap"), f("naming/gap"), f("pack/size")]);
        s.add(&[f("pack/size"), f("pack/size"), f("file/empty")]);
        let table = s.table();
        let order: Vec<&str> = table
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().nth(2).unwrap())
            .collect();
        assert_eq!(order, ["pack/size", "naming/gap", "file/empty"]);
        assert!(
            table
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("       3       2  pack/size")
        );
    }
}
