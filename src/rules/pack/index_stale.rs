//! A supplied index document does not list every document.
//!
//! ## What it does
//! Reads the text of each document of the `index` kind (`01_Index.pdf`, a contents page or
//! checklist the applicant made) and looks there for every other document of the pack:
//! by its title (`Employer_Letter` as "employer letter"), its file name, or any name the
//! profile knows for its kind ("Letter from employer"). Documents the index does not
//! mention are reported in one finding. Case, punctuation and plurals do not matter.
//!
//! An index without a text layer cannot be read and is only reported by `scan/no-text`.
//!
//! ## Why is this bad?
//! An index is the officer's checklist. One that leaves out a document, usually because
//! it was made before the last document was added, makes the pack look incomplete, and
//! the unlisted document may be overlooked.
//!
//! ## How to fix
//! Update the index so that it lists every document in order, or leave it out and let
//! `dossier build` generate one.
//!
//! ## Example
//! ```text
//! 01_Index.pdf: does not list 09_Travel_Insurance.pdf and 10_Fee_Receipt.jpg
//! ```

use crate::content::doc::page_texts;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::Pack;
use crate::pack::profile::normalize;
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names};

/// `pack/index-stale`.
pub struct IndexStale;

impl Check for IndexStale {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let facts = ctx.facts();
        for index in facts
            .docs
            .iter()
            .filter(|d| d.role == Some(KindRole::Index) && d.has_text)
        {
            let Some(reading) = ctx.reading_of(&index.file) else {
                continue;
            };
            let text: String = page_texts(reading)
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n");
            let words = words_of(&text);
            let lower = text.to_lowercase();
            let missing: Vec<&str> = pack
                .documents()
                .filter(|e| e.name != index.file && !e.is(KindRole::Index))
                .filter(|e| !listed(pack, &words, &lower, e))
                .map(|e| e.name.as_str())
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(
                finding_on(
                    self,
                    &index.file,
                    format!("does not list {}", list_names(&missing, 4)),
                    "update the index to list every document, or leave it out and let `dossier build` make one",
                )
                .with("missing", missing.clone()),
            );
        }
    }
}

/// Whether the index text names this document: file name, title, or a name of its kind.
fn listed(pack: &Pack, words: &[String], lower: &str, entry: &crate::pack::entry::Entry) -> bool {
    if lower.contains(&entry.name.to_lowercase()) {
        return true;
    }
    let title = entry
        .doc()
        .and_then(|d| d.name.as_ref().ok())
        .map(|n| n.title.clone());
    let kind = entry
        .kind()
        .and_then(|k| pack.profile.kinds.iter().find(|s| s.id == k));
    let names = title.into_iter().chain(kind.into_iter().flat_map(|k| {
        k.aliases
            .iter()
            .chain([&k.title])
            .cloned()
            .collect::<Vec<_>>()
    }));
    names
        .map(|n| words_of(&n))
        .filter(|n| !n.is_empty())
        .any(|n| words.windows(n.len()).any(|w| w == n.as_slice()))
}

/// The words of a text as the profile compares titles: punctuation and numbering dropped.
fn words_of(text: &str) -> Vec<String> {
    normalize(&text.replace(|c: char| !c.is_alphanumeric(), " "))
}
