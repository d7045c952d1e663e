//! Lines of a page's text as byte ranges.

use std::ops::Range;

/// Lines as byte ranges, without their line breaks.
pub fn lines_of(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// The line of `lines` (from [`lines_of`]) holding byte `at`, or `at..at` past the end.
pub fn line_at(lines: &[Range<usize>], at: usize) -> Range<usize> {
    let i = lines.partition_point(|l| l.end < at);
    lines.get(i).cloned().unwrap_or(at..at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_line_breaks_only() {
        let t = "a b\n\nё";
        let lines = lines_of(t);
        assert_eq!(lines, [0..3, 4..4, 5..7]);
        assert_eq!(line_at(&lines, 1), 0..3);
        assert_eq!(
            line_at(&lines, 3),
            0..3,
            "the break belongs to the line before"
        );
        assert_eq!(line_at(&lines, 6), 5..7);
        assert_eq!(line_at(&lines, 9), 9..9);
    }
}
