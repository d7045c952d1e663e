//! Bounded scans around a position: the line holding it, a short look-back.
//!
//! Extracted text may be one huge line (a table extracted without breaks, a page of
//! garbage); every scan here stops after [`LINE_REACH`] bytes so that a finder that asks
//! once per label or per date stays linear in the page's length.

use std::ops::Range;

/// How far a line is looked for on either side of a position, in bytes: labels stand
/// close to their values, and no real line is longer.
pub const LINE_REACH: usize = 512;

/// Where the line holding byte `at` starts, looking back at most [`LINE_REACH`] bytes.
pub fn line_start(text: &str, at: usize) -> usize {
    let at = text.floor_char_boundary(at);
    let floor = text.ceil_char_boundary(at.saturating_sub(LINE_REACH));
    text[floor..at].rfind('\n').map_or(floor, |i| floor + i + 1)
}

/// Where the line holding byte `at` ends (before its `\n`), looking ahead at most
/// [`LINE_REACH`] bytes.
pub fn line_end(text: &str, at: usize) -> usize {
    let at = text.floor_char_boundary(at);
    let ceil = text.floor_char_boundary(at + LINE_REACH);
    text[at..ceil].find('\n').map_or(ceil, |i| at + i)
}

/// The line holding byte `at`, without its `\n`, at most [`LINE_REACH`] bytes each way.
pub fn line_bounds(text: &str, at: usize) -> Range<usize> {
    line_start(text, at)..line_end(text, at)
}

/// Start of the look-back window ending at `end`: stays on one line, never before
/// `floor`, and takes at most `budget` characters (a run of spaces counts as one).
pub fn back_window(text: &str, end: usize, floor: usize, budget: usize) -> usize {
    let mut start = end;
    let mut count = 0;
    let mut in_space = false;
    for (i, c) in text[floor..end].char_indices().rev() {
        if c == '\n' {
            break;
        }
        let space = c.is_whitespace();
        if !(space && in_space) {
            count += 1;
        }
        in_space = space;
        if count > budget {
            break;
        }
        start = floor + i;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_within_reach() {
        let t = "first\nsecond line\nthird";
        let at = t.find("line").unwrap();
        assert_eq!(&t[line_bounds(t, at)], "second line");
        assert_eq!(&t[line_bounds(t, 0)], "first");
        assert_eq!(&t[line_bounds(t, t.len())], "third");
        let long = "x".repeat(3 * LINE_REACH);
        let r = line_bounds(&long, LINE_REACH + 10);
        assert_eq!(r, 10..2 * LINE_REACH + 10);
        assert_eq!(
            line_start("ё\nж", 1),
            0,
            "a position inside a char is floored"
        );
    }

    #[test]
    fn back_window_stays_on_its_line_and_budget() {
        let t = "label one\nDate:    12.05.2026";
        let end = t.find("12").unwrap();
        let line = line_start(t, end);
        assert_eq!(&t[back_window(t, end, line, 40)..end], "Date:    ");
        assert_eq!(&t[back_window(t, end, line, 3)..end], "e:    ");
        assert_eq!(back_window(t, end, end, 40), end);
    }
}
