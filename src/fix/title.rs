//! Titles and extensions made safe, by the `naming/unsafe-chars` rule's own notion of safe.

use crate::rules::naming::unsafe_chars::is_safe;

/// Whether `naming/unsafe-chars` flags the character: the rule's own predicate, so fix
/// and the checker cannot disagree.
pub fn is_flagged(c: char) -> bool {
    !is_safe(c)
}

/// `part` with every flagged character replaced by `_`, runs of `_` collapsed and `_`
/// trimmed from both ends; a part with nothing flagged is returned as it is, so a name the
/// checker accepts is never rewritten for taste.
pub fn sanitize(part: &str) -> String {
    if !part.chars().any(is_flagged) {
        return part.to_string();
    }
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        let c = if is_flagged(c) { '_' } else { c };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out.trim_matches('_').to_string()
}

/// Whether a sanitized title still says something: at least one ASCII letter or digit.
pub fn is_meaningful(title: &str) -> bool {
    title.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_what_the_rule_flags() {
        for c in [
            ' ', 'é', 'Д', '&', '#', '%', '\'', '(', '–', '\t', '\u{fffd}',
        ] {
            assert!(is_flagged(c), "{c:?}");
        }
        for c in ['a', 'Z', '0', '_', '-', '.'] {
            assert!(!is_flagged(c), "{c:?}");
        }
    }

    #[test]
    fn replaces_and_collapses() {
        assert_eq!(sanitize("Passport Bio Page"), "Passport_Bio_Page");
        assert_eq!(sanitize("Invitation (final)"), "Invitation_final");
        assert_eq!(
            sanitize("Employer Letter – Müller"),
            "Employer_Letter_M_ller"
        );
        assert_eq!(sanitize("Анкета"), "");
        assert_eq!(sanitize(" Photo "), "Photo");
    }

    #[test]
    fn leaves_accepted_titles_alone() {
        assert_eq!(sanitize("_Passport__Scan_"), "_Passport__Scan_");
        assert_eq!(sanitize("Bank.Statement-March"), "Bank.Statement-March");
    }

    #[test]
    fn meaningful_needs_a_letter_or_digit() {
        assert!(is_meaningful("M_ller"));
        assert!(!is_meaningful("_-_"));
        assert!(!is_meaningful(""));
    }
}
