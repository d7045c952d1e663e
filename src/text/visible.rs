//! Names and messages made safe to print: a file name may hold a newline, an escape
//! sequence or a right-to-left override, and printed raw it can forge lines of CI output
//! (`::error file=...::`), recolour a terminal or reverse how a name reads.

use std::borrow::Cow;

/// Whether a character must not reach a terminal or a line-based format as itself: C0
/// and C1 controls, DEL, and the invisible bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with each unsafe character written as an escape (`\n`, `\t`, `\u{1b}`), so what
/// is printed is one line that shows what the name holds; borrowed when nothing needs it.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` with each unsafe character but the newline replaced by as many `?` as it has
/// bytes: page text keeps its lines and every byte offset into it stays right.
pub fn masked(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && is_unsafe(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(visible("02_Form.pdf"), "02_Form.pdf");
        assert_eq!(
            visible("a\n::error file=X::forged\x1b[2J\u{202e}fdp"),
            "a\\n::error file=X::forged\\u{1b}[2J\\u{202e}fdp"
        );
        assert!(matches!(visible("Паспорт"), Cow::Borrowed(_)));
    }

    #[test]
    fn masking_keeps_lines_and_offsets() {
        let s = "line one\nbad\x1b[31m here\u{202e}";
        let m = masked(s);
        assert_eq!(m.len(), s.len());
        assert_eq!(m, "line one\nbad?[31m here???");
    }
}
