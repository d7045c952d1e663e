//! The title matches no kind of the profile.
//!
//! ## What it does
//! Maps each document's title to a document kind through the profile's aliases (case,
//! `_`, `-` and spaces do not matter; `Passport_Bio_Page`, `passport-scan` and `Паспорт` are
//! all a passport) and reports the titles that match none.
//!
//! ## Why is this bad?
//! A document of unknown kind is not counted toward the required documents, is not placed
//! in the profile's order, and its content is not checked against the rest of the pack.
//! It is often a required document under an unexpected title.
//!
//! ## How to fix
//! Rename the file with a title the profile knows (`dossier profiles --show kz-b1` lists
//! the aliases), or call an extra document `Other`. A profile can add aliases.
//!
//! ## Example
//! ```text
//! 06_Scan_0042.pdf   ->  06_Employer_Letter.pdf
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::name;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `naming/unknown-kind`.
pub struct UnknownKind;

impl Check for UnknownKind {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let profile = &pack.profile;
        let titles: Vec<&str> = profile.kinds.iter().map(|k| k.title.as_str()).collect();
        for entry in pack.documents() {
            if entry.kind().is_some() {
                continue;
            }
            let title = match entry.doc().map(|d| &d.name) {
                Some(Ok(n)) => n.title.as_str(),
                _ => name::loose_title(&entry.name),
            };
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!("the title `{title}` matches no document kind of {}", profile.name),
                    format!(
                        "use a title the profile knows ({}), or `Other` for an extra document; `dossier profiles --show {}` lists every alias",
                        titles.join(", "),
                        profile.name
                    ),
                )
                .with("title", title),
            );
        }
    }
}
