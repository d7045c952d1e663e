//! Sentences of extracted text, which wraps them across lines and breaks them at form
//! fields and headings.

use std::ops::Range;

/// The sentence around byte offset `at`: its byte range, trimmed of surrounding space.
///
/// Sentences end at `.`, `!`, `?` before a capital (not after `No.`, `Mr.`, initials),
/// at blank lines, and at line breaks after a line clearly shorter than the text's
/// longest (a form field, a heading, a paragraph's last line), since extracted PDF
/// text wraps sentences across lines. Returns `at..at` between sentences.
pub fn sentence_of(text: &str, at: usize) -> Range<usize> {
    let at = text.floor_char_boundary(at);
    let lines = super::lines::lines_of(text);
    sentences(text, &lines)
        .into_iter()
        .find(|s| s.start <= at && at < s.end)
        .unwrap_or(at..at)
}

/// Sentences as byte ranges (see [`sentence_of`]).
pub fn sentences(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let width = lines
        .iter()
        .map(|l| text[l.clone()].trim_end().chars().count())
        .max()
        .unwrap_or(0);
    // A wrapped line fills most of the width; a shorter one ended where its author did.
    let short = |len: usize| width < 40 || len * 10 < width * 7;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |from: &mut Option<usize>, to: usize, out: &mut Vec<Range<usize>>| {
        if let Some(s) = from.take() {
            let piece = &text[s..to];
            let end = s + piece.trim_end().len();
            if end > s {
                out.push(s..end);
            }
        }
    };
    for line in lines {
        let l = &text[line.clone()];
        for (i, c) in l.char_indices() {
            let at = line.start + i;
            if start.is_none() && !c.is_whitespace() {
                start = Some(at);
            }
            if matches!(c, '.' | '!' | '?' | '…') && ends_sentence(l, i, c) {
                push(&mut start, at + c.len_utf8(), &mut out);
            }
        }
        if short(l.trim_end().chars().count()) {
            push(&mut start, line.end, &mut out);
        }
    }
    push(&mut start, text.len(), &mut out);
    out
}

/// Whether the mark `c` at byte `i` of `line` ends a sentence.
fn ends_sentence(line: &str, i: usize, c: char) -> bool {
    let rest = &line[i + c.len_utf8()..];
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    let following = rest.trim_start().chars().next();
    if !following.is_none_or(|f| f.is_uppercase() || f.is_numeric() || "«\"“(".contains(f)) {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word: String = line[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !initial && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// How far around a span its sentence is read, in bytes: longer than any real sentence.
pub const SENTENCE_REACH: usize = 600;

/// The sentence holding `span` among `sentences` (at least the span itself).
///
/// Clamped to [`SENTENCE_REACH`] bytes on either side of the span: text without
/// sentence ends (a table, a page of garbage) would otherwise make every check over
/// every match read the whole page, quadratic in the page's length.
pub fn sentence_holding(
    text: &str,
    sentences: &[Range<usize>],
    span: &Range<usize>,
) -> Range<usize> {
    let i = sentences.partition_point(|s| s.end <= span.start);
    let whole = match sentences.get(i) {
        Some(s) if s.start <= span.start => s.start..s.end.max(span.end),
        _ => return span.clone(),
    };
    let start = text.floor_char_boundary(span.start.saturating_sub(SENTENCE_REACH));
    let end = text.ceil_char_boundary(span.end + SENTENCE_REACH);
    whole.start.max(start)..whole.end.min(end)
}

/// Lowercase abbreviations after which a full stop does not end a sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "no", "nr", "mr", "mrs", "ms", "dr", "st", "ave", "ref", "tel", "fax", "reg", "art",
    "p", "pp", "vs", "approx", "prof", "jr", "sr", "г", "ул", "им", "д", "кв", "обл", "пр",
    "просп", "исх", "вх", "т", "тел", "e.g", "i.e", "etc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_follow_punctuation_and_short_lines() {
        let t = "Purpose of visit Business negotiations\nIntended date of arrival 25 December 2026\nI declare that the information given in this application is correct and complete. I undertake to leave the\nterritory before the visa expires.";
        let s = sentence_of(t, t.find("negotiations").unwrap());
        assert_eq!(&t[s], "Purpose of visit Business negotiations");
        let at = t.find("territory").unwrap();
        assert_eq!(
            &t[sentence_of(t, at)],
            "I undertake to leave the\nterritory before the visa expires."
        );
        let t = "passport No. TH0076930, holder of Sp. z o.o. in Warsaw. Next one.";
        assert_eq!(
            &t[sentence_of(t, 0)],
            "passport No. TH0076930, holder of Sp. z o.o. in Warsaw."
        );
    }
}
