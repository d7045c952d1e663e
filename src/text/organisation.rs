//! Organisation names: legal forms, and when two names or a name and some words mean
//! the same organisation.
//!
//! Identity reads the inviting organisation from a form or an invitation and settles it
//! across the pack; purpose asks whether the words near a salary name the host side.
//! Both need the same idea of what an organisation's name is, so it is written here once.

use super::tokens::starts_upper;

/// Lowercase legal forms that end a company name.
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    "llp", "llc", "ltd", "limited", "gmbh", "ag", "kg", "jsc", "plc", "inc", "corp",
    "corporation", "sas", "sarl", "sa", "sl", "spa", "srl", "bv", "nv", "oy", "ab", "as",
    "kk", "co", "company", "group", "holding", "holdings", "sp", "тоо", "ао", "ооо", "зао",
    "оао", "пао", "ип", "жшс", "ақ",
];

/// Whether lowercase `w` is a legal form ("llp", "тоо").
pub fn is_legal_form_word(w: &str) -> bool {
    LEGAL_FORMS.contains(&w)
}

/// Whether a legal form begins at word `w` (`next` is the token after it).
pub fn is_legal_form(w: &str, next: Option<&str>) -> bool {
    // Capitalised only: "as", "co", "sa" are also plain words.
    if starts_upper(w) && is_legal_form_word(&w.to_lowercase()) {
        return true;
    }
    // S.r.l., S.L., K.K., B.V.: one capital letter and a dot.
    let single = w.chars().count() == 1 && starts_upper(w);
    single && next == Some(".")
}

/// Whether `prefix` ends with a legal form ("ТОО ", "LLP ").
pub fn ends_with_legal_form(prefix: &str) -> bool {
    prefix
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| starts_upper(w) && is_legal_form_word(&w.to_lowercase()))
}

/// Whether two spellings name the same organisation: case, punctuation, quotes and
/// spacing aside.
pub fn same_organisation(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

/// An organisation's name reduced to its distinctive words: lowercase, no legal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    words: Vec<String>,
}

impl Organisation {
    /// The distinctive words of `name`, or None when it has none ("LLP", "").
    pub fn new(name: &str) -> Option<Organisation> {
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !is_legal_form_word(w))
            .collect();
        (!words.is_empty()).then_some(Organisation { words })
    }

    /// Whether `lower` (lowercase words) holds the name's first two words in order:
    /// letters shorten "Altyn Dala Trading LLP" to "Altyn Dala".
    pub fn named_in(&self, lower: &[String]) -> bool {
        let head = &self.words[..self.words.len().min(2)];
        lower
            .windows(head.len())
            .any(|w| w.iter().zip(head).all(|(a, b)| a == b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn same_organisation_ignores_case_punctuation_and_spacing() {
        assert!(same_organisation(
            "Altyn Dala Trading LLP",
            "ALTYN DALA TRADING, LLP"
        ));
        assert!(same_organisation("ТОО «Алтын Дала»", "тоо алтын-дала"));
        assert!(!same_organisation(
            "Altyn Dala Trading LLP",
            "Steppe Logistics LLP"
        ));
    }

    #[test]
    fn an_organisation_is_named_by_its_first_distinctive_words() {
        let host = Organisation::new("ТОО «Altyn Dala Trading»").unwrap();
        assert!(host.named_in(&lower("paid by Altyn Dala")));
        assert!(!host.named_in(&lower("paid by Dala Altyn")));
        assert!(Organisation::new("LLP").is_none());
        assert!(Organisation::new("").is_none());
    }

    #[test]
    fn legal_forms() {
        assert!(is_legal_form("LLP", None) && is_legal_form("Тоо", None));
        assert!(!is_legal_form("as", None), "lowercase is a plain word");
        assert!(is_legal_form("S", Some(".")) && !is_legal_form("S", Some(",")));
        assert!(ends_with_legal_form("ТОО ") && ends_with_legal_form("Acme LLP, "));
        assert!(!ends_with_legal_form("the company ") && !ends_with_legal_form(""));
    }
}
