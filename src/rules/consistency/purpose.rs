//! A document states a purpose of travel that the invitation (or the manifest) does not.
//!
//! ## What it does
//! Reads the purposes each form and letter states with the profile's purpose lexicon
//! (English and Russian phrases mapped to categories: meetings, negotiations, contract
//! signing, conference, market research, investment, site visit, training) and compares
//! them with the pack's purposes: the manifest's `[trip] purpose`, else what the
//! invitation states. A document that states a category outside those is reported, once,
//! with every extra category and a quote of the first.
//!
//! The risky categories (installation, employment, salary from the host, remote work,
//! productive training) are reported by `category/employment` instead.
//!
//! ## Why is this bad?
//! The invitation defines the visit the visa is issued for. A cover letter that speaks of
//! "contract negotiation and site inspection" when the invitation speaks only of a
//! conference makes the officer wonder which is true, and a purpose outside the
//! invitation may need another visa category.
//!
//! ## How to fix
//! Describe the same visit in every document: align the letters with the invitation, or
//! ask the host to issue an invitation that states everything the trip is for.
//!
//! ## Example
//! ```text
//! 07_Cover_Letter.pdf: states contract negotiations, site visit and contract signing; the invitation states only conference attendance
//! ```

use crate::content::Source;
use crate::content::doc::distinct;
use crate::content::pack::lexicon;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names, quoted};

/// `consistency/purpose`.
pub struct Purpose;

impl Check for Purpose {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let facts = ctx.facts();
        let Some(reference) = &facts.purposes else {
            return;
        };
        let lexicon = lexicon(pack);
        let allowed: Vec<&str> = reference.value.iter().map(|id| lexicon.label(id)).collect();
        let by = match &reference.source {
            Source::Manifest => "the manifest".to_string(),
            Source::Invitation(files) if files.len() == 1 => "the invitation".to_string(),
            other => other.describe(),
        };
        for doc in &facts.docs {
            if let Source::Invitation(files) = &reference.source
                && files.contains(&doc.file)
            {
                continue;
            }
            let extra: Vec<_> = doc
                .purposes
                .iter()
                .filter(|p| lexicon.spec(&p.value).is_some_and(|s| !s.risky))
                .filter(|p| !reference.value.contains(&p.value))
                .collect();
            let Some(first) = extra.first() else {
                continue;
            };
            let extra_ids = distinct(extra.iter().copied());
            let extra_labels: Vec<&str> = extra_ids.iter().map(|id| lexicon.label(id)).collect();
            let f = finding_on(
                self,
                &doc.file,
                format!(
                    "states {}; {by} states only {}",
                    list_names(&extra_labels, 4),
                    list_names(&allowed, 4)
                ),
                format!(
                    "describe the visit as {by} does ({}), or have the invitation state every purpose",
                    list_names(&allowed, 4)
                ),
            )
            .with("found", extra_ids.clone())
            .with("expected", reference.value.clone());
            out.push(quoted(
                f,
                ctx,
                &doc.file,
                first,
                format!("not in {by}: {}", lexicon.label(&first.value)),
            ));
        }
    }
}
