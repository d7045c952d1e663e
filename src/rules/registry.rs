//! The one list of rules, and their documentation.

use super::Rule;
use super::{category, consistency, file, naming, pack, photo, scan, validity};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// Every implemented rule, grouped, in the order `dossier rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &naming::pattern::Pattern,
    &naming::duplicate_number::DuplicateNumber,
    &naming::gap::Gap,
    &naming::order::Order,
    &naming::unsafe_chars::UnsafeChars,
    &naming::stray_file::StrayFile,
    &naming::unknown_kind::UnknownKind,
    &file::r#type::Type,
    &file::unreadable::Unreadable,
    &file::empty::Empty,
    &file::encrypted::Encrypted,
    &file::repaired::Repaired,
    &file::signed::Signed,
    &file::active_content::ActiveContent,
    &pack::missing_document::MissingDocument,
    &pack::manifest::Manifest,
    &pack::index_stale::IndexStale,
    &pack::size::Size,
    &photo::dimensions::Dimensions,
    &photo::aspect::Aspect,
    &photo::color::Color,
    &photo::background::Background,
    &photo::age::Age,
    &photo::head_size::HeadSize,
    &scan::resolution::Resolution,
    &scan::blur::Blur,
    &scan::contrast::Contrast,
    &scan::exposure::Exposure,
    &scan::shadow::Shadow,
    &scan::cropped::Cropped,
    &scan::skew::Skew,
    &scan::compression::Compression,
    &scan::grayscale::Grayscale,
    &scan::blank_page::BlankPage,
    &scan::no_text::NoText,
    &scan::mrz::Mrz,
    &consistency::dates::Dates,
    &consistency::purpose::Purpose,
    &consistency::identity::Identity,
    &validity::passport_expiry::PassportExpiry,
    &validity::document_age::DocumentAge,
    &category::employment::Employment,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// A rule's documentation (markdown), from its file's `//!` comment.
pub fn doc(id: &str) -> Option<&'static str> {
    RULE_DOCS.iter().find(|(i, _)| *i == id).map(|(_, d)| *d)
}

/// A rule's one-line summary: the first line of its documentation.
pub fn summary(id: &str) -> &'static str {
    doc(id).and_then(|d| d.lines().next()).unwrap_or("")
}

/// The page `docs/rules/<group>/<name>.md` holds for a rule.
pub fn markdown(rule: &dyn Rule) -> String {
    format!(
        "# {}\n\nDefault severity: **{}**\n\n{}\n",
        rule.id(),
        rule.severity_label(),
        doc(rule.id()).unwrap_or_default()
    )
}

/// Whether a pattern (`naming/gap`, `naming`, `naming/*`, `ALL`) covers a rule id.
pub fn pattern_matches(pattern: &str, id: &str) -> bool {
    let group = id.split('/').next().unwrap_or(id);
    pattern.eq_ignore_ascii_case("all")
        || pattern == id
        || pattern == group
        || pattern.strip_suffix("/*") == Some(group)
}

/// Whether a pattern names at least one rule.
pub fn pattern_is_known(pattern: &str) -> bool {
    RULES.iter().any(|r| pattern_matches(pattern, r.id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id()), "{} registered twice", r.id());
            let doc =
                doc(r.id()).unwrap_or_else(|| panic!("{}: no src/rules/{}.rs", r.id(), r.id()));
            assert!(!summary(r.id()).is_empty(), "{}: empty summary", r.id());
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## How to fix",
                "## Example",
            ] {
                assert!(doc.contains(section), "{}: missing `{section}`", r.id());
            }
        }
        // Every rule file is registered: a doc with no rule is a rule someone forgot to list.
        for (id, _) in RULE_DOCS {
            assert!(
                find(id).is_some(),
                "src/rules/{id}.rs is not in the registry"
            );
        }
    }

    #[test]
    fn patterns_select_rules() {
        assert!(pattern_matches("naming", "naming/gap"));
        assert!(pattern_matches("naming/*", "naming/gap"));
        assert!(pattern_matches("naming/gap", "naming/gap"));
        assert!(!pattern_matches("naming/ga", "naming/gap"));
        assert!(!pattern_matches("file", "naming/gap"));
        assert!(pattern_is_known("scan/blur"));
        assert!(!pattern_is_known("naming/nonsense"));
    }
}
