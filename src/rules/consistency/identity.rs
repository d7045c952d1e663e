//! A document states a name or passport number that differs from the pack's.
//!
//! ## What it does
//! Reads the passport numbers documents state next to a passport label (`passport No.`,
//! `Passport number`, `паспорт №`) and the applicant's name where a document states it
//! (form fields, "hereby invites ...", "Insured person", "Account holder", an airline's
//! `SURNAME/GIVEN`), and compares them with the pack's: the manifest's `[applicant]`,
//! else the passport's machine-readable zone (when its check digits hold), else what most
//! documents state.
//!
//! Names are compared the way the MRZ writes them: case, spacing, word order, titles and
//! transliteration do not matter (`Schröder` = `SCHROEDER`, `Åberg` = `AABERG`), and one
//! spelling may leave out a middle name. A passport number must match exactly; the
//! message says when only one character differs, the commonest typo.
//!
//! ## Why is this bad?
//! A visa is issued to a passport. An invitation or a form with a wrong passport number
//! is refused or produces a visa that does not match the passport at the border; a
//! different name makes the officer ask whether the documents belong to the applicant.
//!
//! ## How to fix
//! Correct the document (an invitation must be re-issued by the host). If the pack's
//! value is the wrong one, set it in the manifest's `[applicant]`.
//!
//! ## Example
//! ```text
//! 02_Form.pdf: passport number 941596820 instead of 945196820 (one character differs)
//! ```

use crate::content::{DocFacts, PackFacts};
use crate::engine::{Context, Need};
use crate::extract::identity;
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, quoted};

/// `consistency/identity`.
pub struct Identity;

impl Check for Identity {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let facts = ctx.facts();
        for doc in &facts.docs {
            self.number(ctx, facts, doc, out);
            self.name(ctx, facts, doc, out);
        }
    }
}

impl Identity {
    fn number(&self, ctx: &Context, facts: &PackFacts, doc: &DocFacts, out: &mut Vec<Finding>) {
        let Some(expected) = &facts.number else {
            return;
        };
        let Some((stated, distance)) = doc
            .numbers
            .iter()
            .find_map(|n| identity::number_distance(&n.value, &expected.value).map(|d| (n, d)))
        else {
            return;
        };
        let how = match distance {
            1 => " (one character differs)".to_string(),
            2 => " (two characters differ)".to_string(),
            _ => String::new(),
        };
        let f = finding_on(
            self,
            &doc.file,
            format!(
                "passport number {} instead of {}{how}",
                stated.value, expected.value
            ),
            format!(
                "the passport number is {} by {}: correct this document",
                expected.value,
                expected.source.describe()
            ),
        )
        .with("fact", "passport_number")
        .with("found", stated.value.clone())
        .with("expected", expected.value.clone())
        .with("distance", distance);
        out.push(quoted(
            f,
            ctx,
            &doc.file,
            stated,
            format!("passport number {}", stated.value),
        ));
    }

    fn name(&self, ctx: &Context, facts: &PackFacts, doc: &DocFacts, out: &mut Vec<Finding>) {
        let Some(expected) = &facts.name else {
            return;
        };
        let Some(stated) = doc
            .names
            .iter()
            .find(|n| !identity::same_name(&n.value, &expected.value))
        else {
            return;
        };
        let f = finding_on(
            self,
            &doc.file,
            format!("name {} instead of {}", stated.value, expected.value),
            format!(
                "the applicant is {} by {}: correct this document",
                expected.value,
                expected.source.describe()
            ),
        )
        .with("fact", "name")
        .with("found", stated.value.clone())
        .with("expected", expected.value.clone());
        out.push(quoted(
            f,
            ctx,
            &doc.file,
            stated,
            format!("name {}", stated.value),
        ));
    }
}
