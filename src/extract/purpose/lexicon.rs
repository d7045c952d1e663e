//! The purpose lexicon: categories and their phrases, compiled into one regex per
//! category, and the built-in lexicon of `profiles/purposes.toml`.

use crate::pack::purposes::{Phrase, PurposeCheck, parse_lexicon};
use regex::{Regex, RegexBuilder};
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

pub use crate::pack::purposes::PurposeSpec;

/// A compiled lexicon.
#[derive(Clone)]
pub struct Lexicon {
    pub(super) specs: Vec<PurposeSpec>,
    pub(super) cats: Vec<Compiled>,
}

/// One category's phrases as regexes.
#[derive(Clone)]
pub(super) struct Compiled {
    pub(super) find: Regex,
    pub(super) except: Option<Regex>,
    pub(super) check: Option<PurposeCheck>,
}

/// The top-level shape of `profiles/purposes.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    purposes: Vec<PurposeSpec>,
}

/// The lexicon of `profiles/purposes.toml`, compiled on first use.
static BUILTIN: LazyLock<Arc<Lexicon>> = LazyLock::new(|| {
    let file: LexiconFile = toml::from_str(include_str!("../../../profiles/purposes.toml"))
        .expect("profiles/purposes.toml parses");
    Arc::new(Lexicon::new(&file.purposes).expect("profiles/purposes.toml compiles"))
});

/// Every profile's own lexicon compiled so far, keyed by its specs: a profile is checked
/// when it loads, but compiling takes tens of milliseconds and a batch reads many packs
/// (and each pack's facts, rules and index page) with one profile.
type Compiles = Vec<(Vec<PurposeSpec>, Result<Arc<Lexicon>, String>)>;
static COMPILED: Mutex<Compiles> = Mutex::new(Vec::new());

/// The lexicon a profile's `[[purposes]]` make: the built-in one when there are none,
/// else theirs, compiled once per process.
///
/// The profile checked the phrases when it loaded; what is left to fail is the regex
/// engine's size limit, which only a category of many thousands of phrases reaches.
pub fn for_specs(specs: &[PurposeSpec]) -> Result<Arc<Lexicon>, String> {
    if specs.is_empty() {
        return Ok(BUILTIN.clone());
    }
    // A poisoned lock only means another thread panicked mid-compile; the list is fine.
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, lexicon)) = compiled.iter().find(|(s, _)| s == specs) {
        return lexicon.clone();
    }
    let lexicon = Lexicon::new(specs).map(Arc::new);
    compiled.push((specs.to_vec(), lexicon.clone()));
    lexicon
}

impl Lexicon {
    /// Compiles a lexicon: one regex per category, plus one for its `!` exceptions.
    pub fn new(specs: &[PurposeSpec]) -> Result<Lexicon, String> {
        let parsed = parse_lexicon(specs)?;
        let mut cats = Vec::with_capacity(specs.len());
        for (spec, phrases) in specs.iter().zip(&parsed) {
            let mut find = Vec::new();
            let mut except = Vec::new();
            for phrase in phrases {
                let list = if phrase.except {
                    &mut except
                } else {
                    &mut find
                };
                list.push((phrase.body.chars().count(), phrase_regex(phrase)));
            }
            cats.push(Compiled {
                find: alternation(find).map_err(|e| format!("purpose `{}`: {e}", spec.id))?,
                except: if except.is_empty() {
                    None
                } else {
                    Some(alternation(except).map_err(|e| format!("purpose `{}`: {e}", spec.id))?)
                },
                check: spec.check,
            });
        }
        Ok(Lexicon {
            specs: specs.to_vec(),
            cats,
        })
    }

    /// A lexicon without categories: it finds nothing.
    pub fn empty() -> Lexicon {
        Lexicon {
            specs: Vec::new(),
            cats: Vec::new(),
        }
    }

    /// The built-in lexicon of `profiles/purposes.toml`, parsed once.
    pub fn builtin() -> &'static Lexicon {
        BUILTIN.as_ref()
    }

    /// The spec of a category id (or, failing that, of a label, case-insensitively).
    pub fn spec(&self, id: &str) -> Option<&PurposeSpec> {
        let id = id.trim();
        self.specs
            .iter()
            .find(|s| s.id == id)
            .or_else(|| self.specs.iter().find(|s| s.label.eq_ignore_ascii_case(id)))
    }

    /// The words messages use for a category: its label, or the id itself when unknown.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.spec(id).map_or(id, |s| s.label.as_str())
    }

    /// Every category, in lexicon order.
    pub fn specs(&self) -> &[PurposeSpec] {
        &self.specs
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.specs.iter().map(|s| s.id.as_str()).collect();
        f.debug_struct("Lexicon").field("purposes", &ids).finish()
    }
}

/// Between two phrase words: whitespace (line breaks too) or a hyphen.
const SEP: &str = r"(?:\s*[-‐‑–—]\s*|\s+)";
/// A hyphen inside a phrase word: a hyphen, a space, or nothing.
const JOIN: &str = r"(?:\s*[-‐‑–—]\s*|\s+)?";
/// `~`: up to four words, not across sentence punctuation.
const GAP: &str = r"(?:\s+[^\s.;!?]+){0,4}\s+";
// Word characters are spelled as "not a separator" rather than `[\p{L}\p{N}]`: the
// Unicode letter class compiles to thousands of automaton states, and a copy per phrase
// made building the lexicon take a fifth of a second.
/// The rest of an inner stem word, up to the separator that must follow.
const STEM: &str = r#"[^\s\-‐‑–—.,;:!?()\[\]«»"“”„/]*"#;
/// The end of a whole last word; the consumed character is trimmed off the span.
const WHOLE: &str = r#"(?:[\s\-‐‑–—.,;:!?()\[\]«»"“”„/'’]|$)"#;

/// The regex of one phrase (see the header of `profiles/purposes.toml`).
fn phrase_regex(phrase: &Phrase) -> String {
    let mut out = String::new();
    for (i, w) in phrase.words.iter().enumerate() {
        if i > 0 {
            out.push_str(if w.after_gap { GAP } else { SEP });
        }
        for (j, part) in w.parts.iter().enumerate() {
            if j > 0 {
                out.push_str(JOIN);
            }
            for c in part.chars() {
                match c {
                    // Russian print often drops the diaeresis: удалённо = удаленно.
                    'е' | 'ё' | 'Е' | 'Ё' => out.push_str("[её]"),
                    _ => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                }
            }
        }
        match (w.stem, i + 1 == phrase.words.len()) {
            (true, false) => out.push_str(STEM),
            (false, true) => out.push_str(WHOLE),
            // A last stem is extended to the end of its word by `words_of`; an inner
            // whole word needs nothing, SEP or GAP after it starts with a separator.
            _ => {}
        }
    }
    out
}

/// One regex for a category's phrases (with their lengths), longest phrase first: the
/// regex prefers the earlier alternative at a position, and the longer phrase is the
/// more specific reading.
fn alternation(mut parts: Vec<(usize, String)>) -> Result<Regex, String> {
    parts.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
    let parts: Vec<String> = parts.into_iter().map(|(_, re)| re).collect();
    // No word-start assertion in the pattern: `matches` checks it, which leaves the regex
    // a plain alternation of literals that the engine can prefilter.
    let pattern = format!(r"(?i)(?:{})", parts.join("|"));
    RegexBuilder::new(&pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
        .map_err(|e| e.to_string())
}

/// Every match of a category regex that starts a word, as the matched words.
///
/// A match that fails the word-start test is retried one character later; the test
/// depends only on the position, so no alternative is lost. Unless `conjunctions`, a
/// match is refused when a `~` gap took in "and" / "or": "Purpose of visit Business
/// negotiations and site visit" is not "visit ~ site", it is "site visit".
pub(super) fn matches(re: &Regex, text: &str, conjunctions: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(m) = re.find_at(text, pos) {
        let starts_word = !text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let span = words_of(text, m);
        let joins = !conjunctions
            && text[span.clone()]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| {
                    CONJUNCTIONS
                        .iter()
                        .any(|c| w.eq_ignore_ascii_case(c) || w == *c)
                });
        if starts_word && !span.is_empty() && !joins {
            out.push(span);
            pos = m.end();
        } else {
            let first = text[m.start()..].chars().next().map_or(1, char::len_utf8);
            pos = m.start() + first;
        }
        if pos > text.len() {
            break;
        }
    }
    out
}

/// The words of a regex match: a boundary character it consumed trimmed off the end, a
/// final stem extended to the end of its word.
fn words_of(text: &str, m: regex::Match) -> Range<usize> {
    let s = &text[m.range()];
    let trail = s
        .chars()
        .next_back()
        .filter(|c| !c.is_alphanumeric())
        .map_or(0, char::len_utf8);
    let mut end = m.end() - trail;
    if trail == 0 {
        end += text[end..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum::<usize>();
    }
    m.start()..end
}

/// Words a `~` gap may not take in (phrases in the lexicon do not contain them).
const CONJUNCTIONS: &[&str] = &["and", "or", "и", "или", "либо", "және", "немесе"];

#[cfg(test)]
mod tests {
    use super::super::tests::v;
    use super::*;

    #[test]
    fn builtin_lexicon_compiles_with_every_category() {
        let lex = Lexicon::builtin();
        for id in [
            "meetings",
            "negotiations",
            "contract-signing",
            "conference",
            "market-research",
            "investment",
            "site-visit",
            "training",
            "installation",
            "productive-training",
            "employment",
            "salary",
            "remote-work",
        ] {
            assert!(lex.spec(id).is_some(), "{id}");
        }
        assert!(lex.spec("salary").unwrap().risky);
        assert!(!lex.spec("training").unwrap().risky);
        assert_eq!(
            lex.spec("business negotiations").unwrap().id,
            "negotiations"
        );
        assert!(lex.spec("tourism").is_none());
    }

    #[test]
    fn bad_phrases_are_errors() {
        let spec = |p: &str| PurposeSpec {
            id: "x".into(),
            label: "x".into(),
            risky: false,
            check: None,
            phrases: vec![p.into()],
        };
        for bad in [
            "",
            "~ contract",
            "sign ~",
            "sign ~ ~ contract",
            "a**",
            "-x",
            "!only",
        ] {
            assert!(Lexicon::new(&[spec(bad)]).is_err(), "{bad:?}");
        }
        let twice = [spec("a"), spec("b")];
        assert!(Lexicon::new(&twice).is_err());
        assert!(Lexicon::new(&[spec("sign* ~ contract")]).is_ok());
    }

    #[test]
    fn phrase_syntax_stems_whole_words_gaps_and_exceptions() {
        let lex = Lexicon::new(&[PurposeSpec {
            id: "t".into(),
            label: "t".into(),
            risky: false,
            check: None,
            phrases: vec![
                "negotiat".into(),
                "expo$".into(),
                "делов* встреч".into(),
                "sign* ~ contract".into(),
                "start-up of$".into(),
                "удалённ* работ".into(),
                "!negotiating table".into(),
            ],
        }])
        .unwrap();
        let hits = |t: &str| -> Vec<String> {
            super::super::find_purposes(t, &lex)
                .into_iter()
                .map(|f| t[f.span].to_string())
                .collect()
        };
        assert_eq!(
            hits("Negotiations and NEGOTIATING"),
            v(&["Negotiations", "NEGOTIATING"])
        );
        assert_eq!(hits("renegotiation"), v(&[]));
        assert_eq!(hits("the Expo, exports, expos"), v(&["Expo"]));
        assert_eq!(hits("проведения деловых\nвстреч"), v(&["деловых\nвстреч"]));
        assert_eq!(
            hits("signing of the supply contract"),
            v(&["signing of the supply contract"])
        );
        assert_eq!(hits("signing of the big new supply contract"), v(&[]));
        assert_eq!(hits("sign. The contract"), v(&[]));
        assert_eq!(
            hits("startup of the line; start up of"),
            v(&["startup of", "start up of"])
        );
        assert_eq!(hits("удаленной работы"), v(&["удаленной работы"]));
        assert_eq!(hits("back at the negotiating table"), v(&[]));
    }
}
