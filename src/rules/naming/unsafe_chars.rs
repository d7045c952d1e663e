//! Spaces, non-ASCII or portal-unsafe characters in a name.
//!
//! ## What it does
//! Reports document names that use anything but ASCII letters, digits, `_`, `-` and `.`:
//! spaces, accented or Cyrillic letters, `&`, `#`, `%`, `'`, brackets, and names that are
//! not valid UTF-8.
//!
//! ## Why is this bad?
//! Visa portals and e-mail gateways reject or mangle such names: a space becomes `%20`, an
//! `é` becomes `Ã©` or `_`, a `#` cuts the name short. The document then arrives under a
//! name nobody can match with the index, or not at all.
//!
//! ## How to fix
//! Rename the file using only `A-Z a-z 0-9 _ -`: replace spaces with `_` and drop or
//! spell out the other characters. `dossier fix` does it for you, turning each unsafe
//! character into `_`.
//!
//! ## Example
//! ```text
//! 05_Invitation (final).pdf   ->  05_Invitation_final.pdf
//! 02_Анкета.pdf               ->  02_Form.pdf
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `naming/unsafe-chars`.
pub struct UnsafeChars;

impl Check for UnsafeChars {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        for entry in pack.documents() {
            let name = &entry.name;
            if !entry.utf8_name {
                out.push(finding_on(
                    self,
                    name,
                    format!("`{name}` is not valid UTF-8 text, so portals cannot show it"),
                    "rename it using only A-Z, a-z, 0-9, `_` and `-`",
                ));
                continue;
            }
            let mut bad: Vec<char> = name.chars().filter(|c| !is_safe(*c)).collect();
            if bad.is_empty() {
                continue;
            }
            let described = describe(&bad);
            bad.sort_unstable();
            bad.dedup();
            let suggestion = safe_name(name);
            // Dropping letters (`Анкета`) would leave a meaningless name: suggest only
            // when the unsafe characters are ASCII punctuation and spaces.
            let help = if bad.iter().all(char::is_ascii) && suggestion != *name {
                format!("rename it to `{suggestion}`")
            } else {
                "rename it using only A-Z, a-z, 0-9, `_` and `-`".to_string()
            };
            out.push(
                finding_on(
                    self,
                    name,
                    format!(
                        "`{name}` contains {}",
                        crate::rules::list_names(&described, 5)
                    ),
                    help,
                )
                .with(
                    "chars",
                    bad.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                ),
            );
        }
    }
}

/// Whether a character may stand in a document name: ASCII letters, digits, `_`, `-`, `.`.
pub fn is_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Plain words for the unsafe characters, in the order they appear in the name.
fn describe(bad: &[char]) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut push = |p: String| {
        if !parts.contains(&p) {
            parts.push(p);
        }
    };
    for &c in bad {
        match c {
            ' ' => push("a space".into()),
            c if c.is_whitespace() || c.is_control() => {
                push(format!("the control character U+{:04X}", c as u32))
            }
            c if c.is_ascii() => push(format!("`{c}`")),
            _ => {}
        }
    }
    // Letters of another script are one problem, not one per letter.
    let mut foreign: Vec<char> = bad.iter().copied().filter(|c| !c.is_ascii()).collect();
    foreign.dedup();
    if !foreign.is_empty() {
        let shown: String = foreign.iter().take(12).collect();
        let more = if foreign.len() > 12 { "..." } else { "" };
        push(format!("non-ASCII characters (`{shown}{more}`)"));
    }
    parts
}

/// The name with whitespace turned into `_` and other unsafe characters dropped.
pub fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_whitespace() { '_' } else { c };
        if is_safe(c) && !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out.replace("_.", ".")
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn suggests_safe_names() {
        assert_eq!(
            safe_name("05_Invitation (final).pdf"),
            "05_Invitation_final.pdf"
        );
        assert_eq!(safe_name("Flight itinerary.pdf"), "Flight_itinerary.pdf");
    }
}
