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
//! The MRZ's name line has no check digit, and OCR engines read its fillers (`<`) as `K`:
//! its name counts for the pack only when the printed zone or another document agrees.
//! When it disagrees, the passport gets one warning (its line 1 is unreadable or differs
//! from the printed name) and the other documents are not blamed. Words dossier read by
//! OCR that differ only by look-alike glyphs (`0`/`O`, an accented letter) give an info
//! "could not read ... reliably" instead.
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

use crate::content::pack::normal_number;
use crate::content::{DocFacts, PackFacts};
use crate::engine::{Context, Need};
use crate::extract::identity;
use crate::finding::{Finding, Severity};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, OcrWords, finding_on, misread, ocr_words, quoted};

/// `consistency/identity`.
pub struct Identity;

impl Check for Identity {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let facts = ctx.facts();
        for doc in &facts.docs {
            self.number(ctx, facts, doc, out);
            self.name(ctx, facts, doc, out);
            self.mrz_name(ctx, facts, doc, out);
        }
    }
}

impl Identity {
    /// The passport's MRZ line 1 against the name the pack settled elsewhere: a
    /// disagreement is the passport's (line 1 misread or a different person), never the
    /// other documents'.
    fn mrz_name(&self, ctx: &Context, facts: &PackFacts, doc: &DocFacts, out: &mut Vec<Finding>) {
        let (Some(expected), Some(mrz)) = (&facts.name, &doc.mrz) else {
            return;
        };
        if doc.role != Some(KindRole::Passport) || mrz.value.partial || mrz.value.surname.is_empty()
        {
            return;
        }
        let read = mrz.value.full_name();
        if identity::same_name(&read, &expected.value) {
            return;
        }
        let mut f = finding_on(
            self,
            &doc.file,
            format!(
                "the MRZ's name line reads {read}, not {}: its line 1 is unreadable or differs from the printed name",
                expected.value
            ),
            format!(
                "the applicant is {} by {}; check the passport scan (a sharper scan of the whole bio page, or the MRZ typed into the manifest's [applicant])",
                expected.value,
                expected.source.describe()
            ),
        )
        .with("fact", "mrz_name")
        .with("found", read.clone())
        .with("expected", expected.value.clone());
        // No check digit covers line 1: the doubt is the reading's, so a warning; and
        // a letter or two off in a zone dossier read from pixels is its own misreading.
        f.severity = Severity::Warning;
        let close = strsim::levenshtein(&read.to_uppercase(), &expected.value.to_uppercase()) <= 2;
        if doc.mrz_from_pixels && close {
            f = misread(f, "the MRZ's name line");
        }
        out.push(quoted(f, ctx, &doc.file, mrz, format!("MRZ name {read}")));
    }

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
        // A close number OCR read is more likely its misreading (0 for O) than a typo.
        let f = match ocr_words(ctx, &doc.file, stated) {
            Some(OcrWords::Unsure) => misread(f, "the passport number"),
            Some(OcrWords::Confident) if looks_misread(&stated.value, &expected.value) => {
                misread(f, "the passport number")
            }
            _ => f,
        };
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
        let f = match ocr_words(ctx, &doc.file, stated) {
            Some(OcrWords::Unsure) => misread(f, "the name"),
            Some(OcrWords::Confident) if looks_misread(&stated.value, &expected.value) => {
                misread(f, "the name")
            }
            _ => f,
        };
        out.push(quoted(
            f,
            ctx,
            &doc.file,
            stated,
            format!("name {}", stated.value),
        ));
    }
}

/// Glyph pairs OCR confuses in print: a difference made only of these (or of a letter
/// with a diacritic, which OCR often reads as another letter) is more likely a misreading
/// than the document's mistake. A transposition or any other letter is a real difference.
const LOOK_ALIKES: [(char, char); 12] = [
    ('0', 'O'),
    ('0', 'D'),
    ('0', 'Q'),
    ('1', 'I'),
    ('1', 'L'),
    ('I', 'L'),
    ('5', 'S'),
    ('8', 'B'),
    ('2', 'Z'),
    ('6', 'G'),
    ('4', 'A'),
    ('7', 'T'),
];

/// Whether `read` differs from `expected` only where OCR would misread it.
fn looks_misread(read: &str, expected: &str) -> bool {
    let up = |s: &str| -> Vec<char> { normal_number(s).chars().collect() };
    let (a, b) = (up(read), up(expected));
    if a.len() != b.len() {
        return false;
    }
    let differing: Vec<(char, char)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    !differing.is_empty()
        && differing.len() <= 2
        && differing.iter().all(|&(x, y)| {
            !y.is_ascii()
                || LOOK_ALIKES
                    .iter()
                    .any(|&(p, q)| (x, y) == (p, q) || (x, y) == (q, p))
        })
}

#[cfg(test)]
mod tests {
    use super::looks_misread;

    #[test]
    fn misreadings_are_look_alikes_not_typos() {
        assert!(looks_misread("PKO310900", "PK0310900"));
        assert!(looks_misread("Marta Garcfa", "MARTA GARCÍA"));
        assert!(
            !looks_misread("M98512844", "M98521844"),
            "a transposition is a typo"
        );
        assert!(!looks_misread("M98521845", "M98521844"));
        assert!(!looks_misread("Maria Garcia", "MARTA GARCÍA"));
        assert!(!looks_misread("PK0310900", "PK0310900"));
    }
}
