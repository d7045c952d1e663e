//! The purpose lexicon as a profile writes it: `[[purposes]]` tables of phrases.
//!
//! This is the file format only, so that a profile is checked when it loads: the phrase
//! syntax (the header of `profiles/purposes.toml`) is parsed here into [`Phrase`]s, and
//! `extract::purpose` turns them into regexes and finds them in text.

use serde::Deserialize;
use std::collections::HashSet;

/// One category of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeSpec {
    /// Stable id, such as `negotiations`.
    pub id: String,
    /// Words used in messages, such as "business negotiations".
    pub label: String,
    /// Whether the wording signals work a business visa does not allow.
    #[serde(default)]
    pub risky: bool,
    /// Extra evidence a match needs beyond its phrase; none by default.
    #[serde(default)]
    pub check: Option<PurposeCheck>,
    /// Phrases that state the category, in the syntax of `profiles/purposes.toml`.
    pub phrases: Vec<String>,
}

/// Extra evidence a category needs beyond its phrase: the lexicon's `check` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PurposeCheck {
    /// `host-pays`: the host side pays (a salary from the inviting company, in tenge).
    HostPays,
    /// `not-home-job`: the employment is not the applicant's job at home.
    NotHomeJob,
}

/// One phrase of a category, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase<'a> {
    /// Written with a leading `!`: an exception to the category's other phrases.
    pub except: bool,
    /// The phrase without its `!`; its length ranks it among the category's phrases.
    pub body: &'a str,
    /// The words, in order; never empty.
    pub words: Vec<PhraseWord<'a>>,
}

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseWord<'a> {
    /// The parts between its hyphens, each non-empty, without `*` or `$`.
    pub parts: Vec<&'a str>,
    /// A stem (`*`, or a last word without `$`): it matches longer words it begins.
    pub stem: bool,
    /// A `~` stands before it: up to four other words may come in between.
    pub after_gap: bool,
}

impl<'a> Phrase<'a> {
    /// Parses one phrase; the error says what is wrong with it.
    pub fn parse(phrase: &'a str) -> Result<Phrase<'a>, String> {
        let (except, body) = match phrase.trim().strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, phrase.trim()),
        };
        let raw: Vec<&str> = body.split_whitespace().collect();
        if raw.is_empty() {
            return Err("empty phrase".to_string());
        }
        if raw.first() == Some(&"~") || raw.last() == Some(&"~") {
            return Err("`~` must stand between two words".to_string());
        }
        let mut words = Vec::with_capacity(raw.len());
        let mut gap = false;
        for (i, w) in raw.iter().enumerate() {
            if *w == "~" {
                if gap {
                    return Err("two `~` in a row".to_string());
                }
                gap = true;
                continue;
            }
            let last = i + 1 == raw.len();
            let (body, stem) = if let Some(b) = w.strip_suffix('*') {
                (b, true)
            } else if let Some(b) = w.strip_suffix('$') {
                (b, false)
            } else {
                (*w, last)
            };
            if body.is_empty() || body.contains(['*', '$', '~']) {
                return Err(format!("bad word {w:?}"));
            }
            let parts: Vec<&str> = body.split('-').collect();
            if parts.iter().any(|p| p.is_empty()) {
                return Err(format!("bad hyphen in {w:?}"));
            }
            words.push(PhraseWord {
                parts,
                stem,
                after_gap: gap,
            });
            gap = false;
        }
        Ok(Phrase {
            except,
            body,
            words,
        })
    }
}

/// Every category's phrases, parsed, after checking the ids are present and unique and
/// every category has a phrase; the error names the category and the phrase.
pub fn parse_lexicon(specs: &[PurposeSpec]) -> Result<Vec<Vec<Phrase<'_>>>, String> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(specs.len());
    for spec in specs {
        if spec.id.trim().is_empty() {
            return Err("purpose with an empty id".to_string());
        }
        if !seen.insert(spec.id.as_str()) {
            return Err(format!("purpose `{}` is defined twice", spec.id));
        }
        let phrases = spec
            .phrases
            .iter()
            .map(|phrase| {
                Phrase::parse(phrase)
                    .map_err(|e| format!("purpose `{}`, phrase {phrase:?}: {e}", spec.id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if phrases.iter().all(|p| p.except) {
            return Err(format!("purpose `{}` has no phrases", spec.id));
        }
        out.push(phrases);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(phrases: &[&str]) -> PurposeSpec {
        PurposeSpec {
            id: "x".into(),
            label: "x".into(),
            risky: false,
            check: None,
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn phrases_parse_into_words() {
        let p = Phrase::parse(" sign* ~ start-up contract$ ").unwrap();
        assert!(!p.except);
        assert_eq!(p.body, "sign* ~ start-up contract$");
        let words: Vec<(Vec<&str>, bool, bool)> = p
            .words
            .iter()
            .map(|w| (w.parts.clone(), w.stem, w.after_gap))
            .collect();
        assert_eq!(
            words,
            [
                (vec!["sign"], true, false),
                (vec!["start", "up"], false, true),
                (vec!["contract"], false, false),
            ]
        );
        let last = Phrase::parse("!negotiating table").unwrap();
        assert!(last.except && last.words[1].stem, "a last word is a stem");
    }

    #[test]
    fn bad_lexicons_say_what_is_wrong() {
        let err = |specs: &[PurposeSpec]| parse_lexicon(specs).unwrap_err();
        assert_eq!(
            err(&[spec(&["a**"])]),
            "purpose `x`, phrase \"a**\": bad word \"a**\""
        );
        assert_eq!(err(&[spec(&["!only"])]), "purpose `x` has no phrases");
        assert_eq!(
            err(&[spec(&["a"]), spec(&["b"])]),
            "purpose `x` is defined twice"
        );
        assert!(err(&[spec(&["sign ~ ~ contract"])]).ends_with("two `~` in a row"));
        assert!(err(&[spec(&["-x"])]).ends_with("bad hyphen in \"-x\""));
        assert!(parse_lexicon(&[spec(&["sign* ~ contract"])]).is_ok());
    }

    #[test]
    fn checks_are_named_in_kebab_case() {
        #[derive(Deserialize)]
        struct One {
            check: PurposeCheck,
        }
        let one = |s: &str| toml::from_str::<One>(s).map(|o| o.check);
        assert_eq!(
            one("check = \"host-pays\"").unwrap(),
            PurposeCheck::HostPays
        );
        assert_eq!(
            one("check = \"not-home-job\"").unwrap(),
            PurposeCheck::NotHomeJob
        );
        assert!(one("check = \"salary\"").is_err());
    }
}
