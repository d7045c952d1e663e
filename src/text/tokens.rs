//! Words and punctuation marks as byte ranges.

use std::ops::Range;

/// A word or a punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset after its last character.
    pub end: usize,
    /// A word (letters and digits, inner apostrophes), not a punctuation mark.
    pub word: bool,
}

/// Words and punctuation marks of `text[range]`; whitespace separates and is dropped.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Tok> {
    if range.start >= range.end {
        return Vec::new();
    }
    let range = text.floor_char_boundary(range.start)..text.floor_char_boundary(range.end);
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let inner_apostrophe = matches!(c, '\'' | '’')
            && word.is_some()
            && it.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            word.get_or_insert(i);
            continue;
        }
        if let Some(w) = word.take() {
            out.push(Tok {
                start: range.start + w,
                end: range.start + i,
                word: true,
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                start: range.start + i,
                end: range.start + i + c.len_utf8(),
                word: false,
            });
        }
    }
    if let Some(w) = word {
        out.push(Tok {
            start: range.start + w,
            end: range.end,
            word: true,
        });
    }
    out
}

/// Whether `s` begins with a capital letter.
pub fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_marks_stand_alone() {
        let t = "won't «ТОО»";
        let toks: Vec<(&str, bool)> = tokens(t, 0..t.len())
            .iter()
            .map(|k| (&t[k.start..k.end], k.word))
            .collect();
        assert_eq!(
            toks,
            [("won't", true), ("«", false), ("ТОО", true), ("»", false)]
        );
        assert!(tokens(t, 3..3).is_empty());
        assert!(starts_upper("Тоо") && !starts_upper("тоо") && !starts_upper(""));
    }
}
