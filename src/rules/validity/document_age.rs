//! A bank statement is older than the profile allows, or a document is dated after submission.
//!
//! ## What it does
//! Reads the last day each bank statement covers (its "statement period" end, else its
//! latest dated line) and reports a statement that ends more than the profile's
//! `[limits] statement_max_age_days` (kz-b1: 90) before the submission day (the
//! manifest's `submission`, else today or `--today`). It also reports any document whose
//! date of writing or issue lies after the submission day.
//!
//! ## Why is this bad?
//! Consulates want to see funds as they are now: an old statement proves little and is a
//! common reason to ask for a new one. A document dated in the future looks altered or
//! pre-filled, and is rejected.
//!
//! ## How to fix
//! Download or ask the bank for a fresh statement covering the last months. Correct the
//! date of a document dated after submission, or set the manifest's `submission` to the
//! day the pack is really handed in.
//!
//! ## Example
//! ```text
//! 07_Bank_Statement.pdf: the statement ends 2026-03-24, 245 days before submission 2026-11-24; at most 90 days
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, days, finding_on, quoted};

/// `validity/document-age`.
pub struct DocumentAge;

impl Check for DocumentAge {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let facts = ctx.facts();
        let limit = pack.profile.limits.statement_max_age_days;
        for doc in &facts.docs {
            if let (Some(end), Some(limit)) = (&doc.statement_end, limit) {
                let age = days(end.value, pack.submission);
                if age > i64::from(limit) {
                    let f = finding_on(
                        self,
                        &doc.file,
                        format!(
                            "the statement ends {}, {age} days before submission {}; at most {limit} days",
                            end.value, pack.submission
                        ),
                        "add a statement covering the last months, issued shortly before submission",
                    )
                    .with("ends", end.value.to_string())
                    .with("days", age)
                    .with("max_age_days", limit);
                    out.push(quoted(
                        f,
                        ctx,
                        &doc.file,
                        end,
                        format!("ends {}", end.value),
                    ));
                }
            }
            if let Some(late) = doc
                .dated
                .iter()
                .filter(|d| d.value > pack.submission)
                .max_by_key(|d| d.value)
            {
                let f = finding_on(
                    self,
                    &doc.file,
                    format!(
                        "dated {}, {} days after submission {}",
                        late.value,
                        days(pack.submission, late.value),
                        pack.submission
                    ),
                    "correct the document's date, or set `submission` in dossier.toml to the day you hand the pack in",
                )
                .with("dated", late.value.to_string())
                .with("submission", pack.submission.to_string());
                out.push(quoted(
                    f,
                    ctx,
                    &doc.file,
                    late,
                    format!("dated {}", late.value),
                ));
            }
        }
    }
}
