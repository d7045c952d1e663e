//! Negated mentions: "will not work", "no installation, assembly or commissioning",
//! "installation is not planned", "Work permit: not required".

use super::{Candidate, Context};
use crate::text::tokens::{Tok, tokens};

/// Which candidates are negated: a negation shortly before in the same clause, a
/// negation right after ("installation is not planned"), or a list continuing a negated
/// one ("no installation, assembly or commissioning").
pub(super) fn negations(ctx: &Context, cands: &[Candidate]) -> Vec<bool> {
    let text = ctx.text;
    let mut out = vec![false; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let sent = ctx.sentence(&c.span);
        let before = tokens(text, sent.start..c.span.start);
        let after = tokens(text, c.span.end..sent.end);
        let mut neg = negated_before(ctx, &before) || negated_after(ctx, &after);
        if !neg
            && let Some(p) = (0..i).rev().find(|&j| cands[j].span.end <= c.span.start)
            && out[p]
            && sent.start <= cands[p].span.start
        {
            let between = tokens(text, cands[p].span.end..c.span.start);
            let words = between.iter().filter(|t| t.word).count();
            neg = words <= 3
                && between.iter().all(|t| {
                    let s = ctx.lower(t);
                    if t.word {
                        LIST_JOINERS.contains(&s.as_str())
                    } else {
                        matches!(s.as_str(), "," | "/" | "&")
                    }
                });
        }
        out[i] = neg;
    }
    out
}

/// A negation among the six words before, not across a clause boundary.
fn negated_before(ctx: &Context, before: &[Tok]) -> bool {
    let mut words = 0;
    for (i, t) in before.iter().enumerate().rev() {
        if !t.word {
            let s = &ctx.text[t.start..t.end];
            if matches!(
                s,
                "'" | "’" | "\"" | "«" | "»" | "“" | "”" | "-" | "/" | "&"
            ) {
                continue;
            }
            return false;
        }
        let w = ctx.lower(t);
        if CLAUSE_WORDS.contains(&w.as_str()) {
            return false;
        }
        let next = before.get(i + 1).filter(|n| n.word).map(|n| ctx.lower(n));
        if is_negation(
            &w,
            next.as_deref(),
            before.get(i + 1).is_some_and(|n| !n.word),
        ) {
            return true;
        }
        words += 1;
        if words == 6 {
            return false;
        }
    }
    false
}

/// A negation among the six words after, in the same clause: "installation is not
/// planned", "заработная плата от принимающей стороны не выплачивается".
fn negated_after(ctx: &Context, after: &[Tok]) -> bool {
    // A form field: "Work permit: not required", "Employment: no".
    let after = match after.first() {
        Some(t) if !t.word && &ctx.text[t.start..t.end] == ":" => {
            if after
                .get(1)
                .is_some_and(|t| t.word && matches!(ctx.lower(t).as_str(), "no" | "none" | "нет"))
            {
                return true;
            }
            &after[1..]
        }
        _ => after,
    };
    for (i, t) in after.iter().enumerate().take(6) {
        if !t.word {
            return false;
        }
        let w = ctx.lower(t);
        if CLAUSE_WORDS.contains(&w.as_str()) {
            return false;
        }
        let next = after.get(i + 1).filter(|n| n.word).map(|n| ctx.lower(n));
        let cue = matches!(w.as_str(), "not" | "не" | "нет" | "емес" | "жоқ")
            || w.ends_with("n't")
            || w.ends_with("n’t");
        if cue && is_negation(&w, next.as_deref(), false) {
            return true;
        }
        if matches!(
            w.as_str(),
            "excluded" | "prohibited" | "исключен" | "исключены" | "запрещен"
        ) {
            return true;
        }
    }
    false
}

/// Whether `w` negates what follows; `next` is the following word, `then_punct` whether
/// punctuation follows ("No." before a number is not a negation).
fn is_negation(w: &str, next: Option<&str>, then_punct: bool) -> bool {
    if w.ends_with("n't") || w.ends_with("n’t") {
        return true;
    }
    if !NEGATIONS.contains(&w) {
        return match w {
            "rather" => next == Some("than"),
            "instead" => next == Some("of"),
            _ => false,
        };
    }
    // "No. 12", "passport No TH0076930": a number sign.
    if w == "no" && (then_punct || next.is_some_and(|n| n.chars().any(|c| c.is_ascii_digit()))) {
        return false;
    }
    !next.is_some_and(|n| NOT_NEGATING_NEXT.contains(&n))
}

/// Lowercase negations.
#[rustfmt::skip]
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "nor", "neither", "none", "cannot", "unable",
    "excluding", "exclude", "excludes", "prohibited", "forbidden", "не", "нет", "ни", "без",
    "исключая", "кроме", "запрещено", "вместо", "емес", "жоқ",
];
/// A word after a negation that makes it not one: "not only", "no later than".
#[rustfmt::skip]
const NOT_NEGATING_NEXT: &[&str] = &[
    "only", "just", "merely", "later", "earlier", "less", "more", "fewer", "только", "лишь",
    "позднее", "позже", "ранее", "раньше", "менее", "более", "меньше", "больше",
];
/// Words that start a new clause: a negation before them does not reach past.
#[rustfmt::skip]
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "while", "and", "which", "that",
    "who", "whom", "whose", "where", "when", "if", "unless", "because", "но", "однако",
    "зато", "а", "и", "который", "которая", "которое", "которые", "которых", "кто", "где",
    "если", "когда", "что", "чтобы", "потому", "бірақ", "және",
];
/// Words that continue a list ("no installation, assembly or commissioning").
#[rustfmt::skip]
const LIST_JOINERS: &[&str] = &[
    "or", "and", "nor", "any", "other", "either", "also", "и", "или", "либо", "ни", "также",
    "иных", "других", "немесе", "және",
];

#[cfg(test)]
mod tests {
    use super::super::tests::{ids, signals, v};

    #[test]
    fn negated_mentions_are_not_purposes() {
        assert_eq!(
            ids("Mr Smith will not work in Kazakhstan and will attend meetings."),
            v(&["meetings"])
        );
        assert_eq!(
            signals("He will not work for the host company.", None),
            v(&[])
        );
        assert_eq!(
            signals(
                "No installation, assembly or commissioning work will be performed.",
                None
            ),
            v(&[])
        );
        assert_eq!(
            signals(
                "He will receive no salary or remuneration from the Kazakh side.",
                None
            ),
            v(&[])
        );
        assert_eq!(
            signals(
                "The guest will not engage in any paid employment in Kazakhstan.",
                None
            ),
            v(&[])
        );
        assert_eq!(
            signals(
                "Гость не будет осуществлять трудовую деятельность в Республике Казахстан.",
                None
            ),
            v(&[])
        );
        assert_eq!(signals("Монтажные работы не предусмотрены.", None), v(&[]));
        assert_eq!(
            signals("Installation is not part of this visit.", None),
            v(&[])
        );
        assert_eq!(
            signals("without remuneration from the inviting party", None),
            v(&[])
        );
        assert_eq!(
            signals(
                "The trip does not involve installation or repair of equipment.",
                None
            ),
            v(&[])
        );
        assert_eq!(
            signals(
                "Заработная плата от принимающей стороны не выплачивается.",
                None
            ),
            v(&[])
        );
        assert_eq!(
            signals(
                "to attend meetings rather than to work for the partner",
                None
            ),
            v(&[])
        );
        // "not only" and "no later than" do not negate.
        assert_eq!(
            signals(
                "He will not only negotiate but also install the equipment.",
                None
            ),
            v(&["installation"])
        );
        assert_eq!(
            ids("to arrive no later than Monday for the conference"),
            v(&["conference"])
        );
        // A negation does not reach into the next clause.
        assert_eq!(
            signals(
                "He will not attend the forum, but will install the line.",
                None
            ),
            v(&["installation"])
        );
    }
}
