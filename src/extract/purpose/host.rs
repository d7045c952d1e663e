//! Whether risky wording is about the host side: a salary the host pays, employment
//! that is not the applicant's job at home.

use super::Context;
use crate::text::organisation::Organisation;
use crate::text::tokens::{Tok, starts_upper, tokens};
use std::ops::Range;

impl Context<'_> {
    /// A salary the host side pays: named as payer, or in Kazakhstan, with no sign the
    /// home employer keeps paying.
    pub(super) fn host_pays(&self, span: &Range<usize>, host: Option<&Organisation>) -> bool {
        let sent = self.sentence(span);
        let after = tokens(self.text, span.end..sent.end);
        if let Some(payer) = self.payer(&after) {
            return self.is_host(&payer, host);
        }
        let all = tokens(self.text, sent.clone());
        if self.has_home_cue(&all) {
            return false;
        }
        let near_after: Vec<Tok> = after.iter().filter(|t| t.word).take(6).copied().collect();
        let before = tokens(self.text, sent.start..span.start);
        let near_before: Vec<Tok> = before
            .iter()
            .rev()
            .filter(|t| t.word)
            .take(8)
            .copied()
            .collect();
        self.is_host(&near_after, host) || self.is_host(&near_before, host)
    }

    /// Employment that is not the applicant's job at home ("has been employed by ...
    /// since", "will continue to work for our company").
    pub(super) fn not_home_job(&self, span: &Range<usize>, host: Option<&Organisation>) -> bool {
        let sent = self.sentence(span);
        let before = tokens(self.text, sent.start..span.start);
        let recent: Vec<String> = before
            .iter()
            .rev()
            .filter(|t| t.word)
            .take(3)
            .map(|t| self.lower(t))
            .collect();
        let current = recent.iter().any(|w| STATUS_WORDS.contains(&w.as_str()));
        let own = tokens(self.text, span.clone());
        let after = tokens(self.text, span.end..sent.end);
        let ends_in_prep = own
            .last()
            .is_some_and(|t| OBJECT_PREPS.contains(&self.lower(t).as_str()));
        let object_start = if ends_in_prep {
            Some(0)
        } else {
            after
                .first()
                .filter(|t| t.word && OBJECT_PREPS.contains(&self.lower(t).as_str()))
                .map(|_| 1)
        };
        if let Some(from) = object_start {
            let object = self.phrase_from(after.get(from..).unwrap_or(&[]));
            if self.is_host(&object, host) {
                return true;
            }
            let home = object
                .iter()
                .any(|t| HOME_OBJECT.contains(&self.lower(t).as_str()));
            // An employer is a name: "работать в составе делегации", "to work for three
            // months" are not about one; when the host is known, another name is the
            // employer at home.
            let named = object
                .iter()
                .any(|t| starts_upper(&self.text[t.start..t.end]));
            if home || !named || host.is_some() {
                return false;
            }
        }
        // "has a permanent employment contract", "his employment contract", "работает по
        // трудовому договору": the job the applicant has.
        if current {
            return false;
        }
        let all = tokens(self.text, sent.clone());
        if self.has_home_cue(&all) {
            return false;
        }
        !all.iter().any(|t| t.word && self.lower(t) == "since")
    }

    /// The payer named within eight words after a salary word: "from X", "paid by X",
    /// "за счёт X".
    fn payer(&self, after: &[Tok]) -> Option<Vec<Tok>> {
        for (i, t) in after.iter().enumerate().take(8) {
            if !t.word {
                if is_soft_punct(self, t) {
                    continue;
                }
                return None;
            }
            let w = self.lower(t);
            let next = after.get(i + 1).map(|n| self.lower(n));
            let skip = match w.as_str() {
                "from" | "by" | "via" | "от" | "через" | "тарапынан" => 1,
                "за" if next.as_deref().is_some_and(|n| n.starts_with("сч")) => 2,
                "со" if next.as_deref() == Some("стороны") => 2,
                _ => continue,
            };
            return Some(self.phrase_from(after.get(i + skip..).unwrap_or(&[])));
        }
        None
    }

    /// The noun phrase at the start of `toks`: up to eight words, to punctuation or a
    /// word that starts something else ("in Warsaw", "during the trip", "for this work").
    fn phrase_from(&self, toks: &[Tok]) -> Vec<Tok> {
        let mut out = Vec::new();
        for t in toks {
            let s = &self.text[t.start..t.end];
            if !t.word {
                if matches!(s, "&" | "«" | "»" | "\"" | "“" | "”" | "'" | "-") {
                    continue;
                }
                break;
            }
            if !out.is_empty() && PHRASE_STOPS.contains(&s.to_lowercase().as_str()) {
                break;
            }
            out.push(*t);
            if out.len() == 8 {
                break;
            }
        }
        out
    }

    /// Whether the words name the host side.
    fn is_host(&self, words: &[Tok], host: Option<&Organisation>) -> bool {
        let lower: Vec<String> = words
            .iter()
            .filter(|t| t.word)
            .map(|t| self.lower(t))
            .collect();
        if lower.iter().any(|w| is_host_word(w)) {
            return true;
        }
        host.is_some_and(|h| h.named_in(&lower))
    }

    /// "remains on our payroll", "will continue to receive", "сохраняется по месту работы".
    fn has_home_cue(&self, toks: &[Tok]) -> bool {
        let lower: Vec<String> = toks
            .iter()
            .filter(|t| t.word)
            .map(|t| self.lower(t))
            .collect();
        lower.iter().enumerate().any(|(i, w)| {
            let next = lower.get(i + 1).map(String::as_str).unwrap_or("");
            HOME_STEMS.iter().any(|p| w.starts_with(p))
                || (w == "our" && matches!(next, "company" | "payroll" | "firm" | "employer"))
                || (w == "home" && !next.is_empty())
                || (w == "по" && next == "месту")
        })
    }
}

/// Punctuation a payer phrase may run through ("S.r.l.", "Sp. z o.o.", «…»).
fn is_soft_punct(ctx: &Context, t: &Tok) -> bool {
    matches!(
        &ctx.text[t.start..t.end],
        "&" | "«" | "»" | "\"" | "“" | "”" | "-" | ","
    )
}

/// Whether `w` (lowercase) names the host side: Kazakh, local, host, inviting, tenge.
fn is_host_word(w: &str) -> bool {
    HOST_WORDS.contains(&w) || HOST_STEMS.iter().any(|p| w.starts_with(p))
}

/// Words shortly before an employment phrase that make it the applicant's current job.
#[rustfmt::skip]
const STATUS_WORDS: &[&str] = &[
    "has", "have", "had", "been", "was", "were", "holds", "hold", "under", "permanent",
    "unlimited", "indefinite", "current", "existing", "his", "her", "their", "по",
    "работает", "состоит", "бессрочному", "бессрочный", "действующему", "действующий",
    "постоянному", "постоянный",
];
/// Prepositions that introduce an employer: "employment with X", "работать в X".
const OBJECT_PREPS: &[&str] = &["with", "at", "for", "by", "as", "в", "на", "у"];
/// Words of an employer that is the applicant's own: "our company", "us".
const HOME_OBJECT: &[&str] = &["our", "us", "нашей", "нашем", "нашу", "наш", "нас"];
/// Words that end a payer's or employer's name.
#[rustfmt::skip]
const PHRASE_STOPS: &[&str] = &[
    "in", "during", "for", "while", "until", "at", "on", "to", "and", "as", "since",
    "after", "before", "в", "во", "на", "для", "с", "до", "и", "после", "за",
];
/// Lowercase words that name the host side.
#[rustfmt::skip]
const HOST_WORDS: &[&str] = &[
    "local", "host", "hosts", "hosting", "inviting", "partner", "partners", "tenge", "kzt",
    "llp", "jsc", "тенге", "тоо", "жшс", "ао", "ақ",
];
/// Lowercase stems that name the host side.
#[rustfmt::skip]
const HOST_STEMS: &[&str] = &[
    "kazakh", "казахстан", "казахск", "қазақстан", "местн", "принимающ", "приглашающ",
    "партн", "серіктес", "жергілікті",
];
/// Lowercase stems saying the home employer keeps paying.
#[rustfmt::skip]
const HOME_STEMS: &[&str] = &[
    "continu", "remain", "retain", "сохран", "продолж", "направляющ", "командирующ",
    "sending", "seconding", "parent", "usual", "обычн",
];

#[cfg(test)]
mod tests {
    use super::super::tests::{ids, signals, v};

    #[test]
    fn salary_from_the_host_is_a_signal_from_home_is_not() {
        let ricci = "Mr Ricci will travel to the Republic of Kazakhstan from 14 January 2027 to 23 January 2027 to hold\nbusiness meetings and negotiations with Altyn Dala Trading LLP on the supply of food ingredients.\nDuring this assignment He will install and commission equipment on site at the facility of Altyn Dala\nTrading LLP for three months and will receive a salary from the Kazakh partner Altyn Dala Trading LLP\nfor this work.";
        assert_eq!(signals(ricci, None), v(&["installation", "salary"]));
        assert_eq!(
            signals(ricci, Some("Altyn Dala Trading LLP")),
            v(&["installation", "salary"])
        );
        let home = "Ms Kowalczyk remains on our payroll and will continue to receive her salary from Atlas Energy Components Sp. z\no.o. in Warsaw during the trip.";
        assert_eq!(signals(home, None), v(&[]));
        assert_eq!(signals(home, Some("Baiterek Engineering LLP")), v(&[]));
        assert_eq!(ids(home), v(&[]));
        for text in [
            "His salary will be paid by the sending company.",
            "The salary is paid by our company in Milan.",
            "Заработная плата сохраняется по месту основной работы.",
            "Заработная плата выплачивается направляющей стороной.",
            "She continues to receive her salary during the trip to Kazakhstan.",
            "He will receive a monthly salary of EUR 5,000 from his employer.",
        ] {
            assert_eq!(
                signals(text, Some("Altyn Dala Trading LLP")),
                v(&[]),
                "{text}"
            );
        }
        for text in [
            "His salary will be paid by the host company.",
            "He will receive remuneration in Kazakhstan.",
            "The inviting company will pay his wages.",
            "Mr X will be placed on the payroll of the local company.",
            "Заработная плата будет выплачиваться казахстанской стороной.",
            "Вознаграждение выплачивается за счёт принимающей стороны.",
            "a monthly salary of 900 000 tenge",
        ] {
            assert_eq!(signals(text, None), v(&["salary"]), "{text}");
        }
        // The host's name identifies the payer when nothing else does.
        let t = "He will receive a salary from Steppe Logistics for his work.";
        assert_eq!(signals(t, None), v(&[]));
        assert_eq!(signals(t, Some("Steppe Logistics LLP")), v(&["salary"]));
    }

    #[test]
    fn employment_wording() {
        for text in [
            "Mr Smith will be employed by Altyn Dala Trading LLP as a site engineer.",
            "to work for the Kazakh partner for six months",
            "She will sign a local employment contract with the host.",
            "He is coming to work in Kazakhstan.",
            "Гражданин будет работать в ТОО «Алтын Дала» в должности инженера.",
            "с целью трудоустройства в Республике Казахстан",
            "for employment with a Kazakh company",
        ] {
            assert!(
                signals(text, None).contains(&"employment".to_string()),
                "{text}"
            );
        }
        for text in [
            "This is to confirm that Ms Kowalczyk has been employed by Atlas Energy as Key Account Manager since 01.07.2022.",
            "Letter of employment and travel confirmation",
            "3. Employment\nEmployer Atlas Energy Components Sp. z o.o.",
            "She has an employment contract with Atlas Energy since 2012.",
            "He will continue to work for our company after the trip.",
            "Our company has been working in Kazakhstan for ten years.",
            "The visit does not require a work permit.",
        ] {
            assert_eq!(signals(text, None), v(&[]), "{text}");
        }
        // A named employer that is not the known host is the one at home.
        let t = "to take up employment with Atlas Energy";
        assert_eq!(signals(t, None), v(&["employment"]));
        assert_eq!(signals(t, Some("Baiterek Engineering LLP")), v(&[]));
        assert_eq!(signals(t, Some("Atlas Energy LLP")), v(&["employment"]));
        assert_eq!(
            signals(
                "He will work remotely for his employer while in Almaty.",
                None
            ),
            v(&["remote-work"])
        );
        assert_eq!(
            signals("работать удалённо из Алматы", None),
            v(&["remote-work"])
        );
    }
}
