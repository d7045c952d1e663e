//! Purposes of travel named in a document's text, from the profile's lexicon.
//!
//! A visa category follows from what the trip is for, and a pack states that purpose
//! several times: the invitation, the employer letter, the cover letter and the form.
//! Rules compare those statements ("the cover letter adds contract signing, the
//! invitation only names a conference") and look for wording that takes the trip out of
//! a business visa (a job or a salary in Kazakhstan, installation work). Both need the
//! same reading: which categories a text states, and where.
//!
//! The phrases are data, `profiles/purposes.toml` (its header gives the phrase syntax),
//! compiled into one regex per category. What phrases cannot express is code here: a
//! mention is not a statement of purpose when it is negated ("will not work"), sits in a
//! list of enclosed documents, a company name, a job title, a letterhead, a register
//! field or a bank-statement line; a category whose lexicon entry names a `check`
//! counts only when the host side pays (`host-pays`, a salary) or when it is not the
//! applicant's job at home (`not-home-job`, employment). These checks look at a few
//! words around the match, so they stay cheap and predictable; they will miss convoluted
//! wording, and rules quote the span so a reader can judge.
//!
//! `lexicon` compiles the phrases, `negation` and `host` hold those two families of
//! checks; where a mention stands (lists, names, titles, letterheads) is read here.
//! Spans are byte ranges into the searched text, always on char boundaries.

mod host;
pub mod lexicon;
mod negation;

pub use lexicon::{Lexicon, PurposeSpec};

use crate::pack::purposes::PurposeCheck;
use crate::text::lines::{line_at, lines_of};
use crate::text::organisation::{Organisation, ends_with_legal_form, is_legal_form};
use crate::text::sentences::{sentence_holding, sentences};
use crate::text::tokens::{Tok, starts_upper, tokens};
use lexicon::matches;
use negation::negations;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A purpose stated in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeFact {
    /// The category id.
    pub id: String,
    /// Byte range of the stating words.
    pub span: Range<usize>,
}

/// Every purpose the text states, in text order.
///
/// Mentions that are not statements of this trip's purpose are left out: negated ones,
/// lists of enclosed documents, company names, job titles, letterheads, register
/// fields, statement lines, a salary the home employer pays.
pub fn find_purposes(text: &str, lexicon: &Lexicon) -> Vec<PurposeFact> {
    scan(text, lexicon, None)
}

/// The risky purposes of a text: local employment, salary from the host, installation or
/// productive work. `host` is the inviting organisation's name, when known.
pub fn employment_signals(text: &str, lexicon: &Lexicon, host: Option<&str>) -> Vec<PurposeFact> {
    let mut facts = scan(text, lexicon, host);
    facts.retain(|f| lexicon.spec(&f.id).is_some_and(|s| s.risky));
    facts
}

// ---------------------------------------------------------------------------
// Scanning

/// A phrase match before the context checks.
#[derive(Debug, Clone)]
struct Candidate {
    cat: usize,
    span: Range<usize>,
}

/// Every qualified purpose of `text`, risky or not.
fn scan(text: &str, lexicon: &Lexicon, host: Option<&str>) -> Vec<PurposeFact> {
    let mut cands = Vec::new();
    for (cat, c) in lexicon.cats.iter().enumerate() {
        let excepted = c
            .except
            .as_ref()
            .map(|re| matches(re, text, true))
            .unwrap_or_default();
        for span in matches(&c.find, text, false) {
            if excepted
                .iter()
                .any(|e| e.start < span.end && span.start < e.end)
            {
                continue;
            }
            cands.push(Candidate { cat, span });
        }
    }
    if cands.is_empty() {
        return Vec::new();
    }
    cands.sort_by_key(|c| (c.span.start, c.span.end, c.cat));
    let ctx = Context::new(text);
    let host = host.and_then(Organisation::new);
    let negated = negations(&ctx, &cands);
    let mut kept: Vec<Candidate> = cands
        .iter()
        .zip(&negated)
        .filter(|(c, neg)| !**neg && !ctx.not_a_statement(&c.span))
        .filter(|(c, _)| match lexicon.cats[c.cat].check {
            None => true,
            Some(PurposeCheck::HostPays) => ctx.host_pays(&c.span, host.as_ref()),
            Some(PurposeCheck::NotHomeJob) => ctx.not_home_job(&c.span, host.as_ref()),
        })
        .map(|(c, _)| c.clone())
        .collect();
    // "negotiations on the supply and installation of equipment": the installation is
    // what the negotiations are about, not work the visitor does.
    let risky = |c: &Candidate| lexicon.specs[c.cat].risky;
    let plain: Vec<usize> = kept
        .iter()
        .filter(|c| !risky(c))
        .map(|c| c.span.start)
        .collect();
    kept.retain(|c| !risky(c) || !ctx.topic_of(&c.span, &plain));
    // "training of local staff" is productive training, not also attending training; a
    // non-risky word inside a longer risky phrase is that phrase's.
    let all = kept.clone();
    kept.retain(|c| {
        !all.iter().any(|d| {
            d.cat != c.cat
                && risky(d)
                && !risky(c)
                && d.span.start <= c.span.start
                && c.span.end <= d.span.end
                && d.span.len() > c.span.len()
        })
    });
    kept.dedup_by(|a, b| a.cat == b.cat && a.span == b.span);
    kept.into_iter()
        .map(|c| PurposeFact {
            id: lexicon.specs[c.cat].id.clone(),
            span: c.span,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Context: lines, sentences, words

/// What the checks need to know about the whole text, computed once.
struct Context<'a> {
    text: &'a str,
    lines: Vec<Range<usize>>,
    sentences: Vec<Range<usize>>,
    /// Byte offset where the letterhead ends (0 when there is none).
    head_end: usize,
}

impl<'a> Context<'a> {
    fn new(text: &'a str) -> Context<'a> {
        let lines = lines_of(text);
        let sentences = sentences(text, &lines);
        let head_end = letterhead_end(text, &lines);
        Context {
            text,
            lines,
            sentences,
            head_end,
        }
    }

    /// The line holding byte `at`.
    fn line(&self, at: usize) -> Range<usize> {
        line_at(&self.lines, at)
    }

    /// The sentence holding `span` (at least the span itself), within reach.
    fn sentence(&self, span: &Range<usize>) -> Range<usize> {
        sentence_holding(self.text, &self.sentences, span)
    }

    fn lower(&self, t: &Tok) -> String {
        self.text[t.start..t.end].to_lowercase()
    }

    /// Whether the mention is not a statement of the trip's purpose by where it stands.
    fn not_a_statement(&self, span: &Range<usize>) -> bool {
        let text = self.text;
        if span.start < self.head_end {
            return true;
        }
        let line = &text[self.line(span.start)];
        if STATEMENT_LINE.is_match(line) || FIELD_LINE.is_match(line) {
            return true;
        }
        // An e-mail address or a web address.
        let tok_start = text[..span.start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        let tok_end = text[span.end..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| span.end + i);
        let token = &text[tok_start..tok_end];
        if token.contains('@') || token.contains("www.") || token.contains("://") {
            return true;
        }
        self.in_document_list(span)
            || self.in_company_name(span)
            || self.in_job_title(span)
            || self.in_event_name(span)
    }

    /// "Please find enclosed: Passport; Invitation; Employment Letter; ..."
    fn in_document_list(&self, span: &Range<usize>) -> bool {
        let sent = self.sentence(span);
        let before = &self.text[sent.start..span.start];
        // A cue reaches a list after it, or a few words ("attached is the invitation
        // for negotiations"), not a whole later clause.
        if let Some(m) = LIST_CUE.find_iter(before).last() {
            let between = &before[m.end()..];
            if between.contains([':', ';']) || between.split_whitespace().count() <= 8 {
                return true;
            }
        }
        // Items separated by semicolons, several of them naming documents. An agenda
        // ("meetings; a visit to the plant; signing") is a list too, but of purposes.
        let items: Vec<&str> = self.text[sent].split(';').collect();
        items.len() >= 3 && items.iter().filter(|i| DOCUMENT_WORD.is_match(i)).count() >= 2
    }

    /// "the Astana International Investment Forum", "инвестиционный форум": a word in
    /// the name of an event states the event, not its own category.
    fn in_event_name(&self, span: &Range<usize>) -> bool {
        let text = self.text;
        let after = tokens(text, span.end..self.line(span.end).end);
        for t in after.iter().take(4) {
            let s = &text[t.start..t.end];
            if t.word && EVENT_NOUNS.iter().any(|e| s.to_lowercase().starts_with(e)) {
                return true;
            }
            if !((t.word && starts_upper(s)) || s == "&") {
                return false;
            }
        }
        false
    }

    /// "Kazakh Installation Services LLP", ТОО «Монтаж Сервис».
    fn in_company_name(&self, span: &Range<usize>) -> bool {
        let text = self.text;
        let line = self.line(span.start);
        let prefix = &text[line.start..span.start];
        // Inside quotes that follow a legal form: ТОО «...», LLP "...".
        if let Some(q) = prefix.rfind(['«', '“', '„']) {
            let inside = &prefix[q..];
            if !inside.contains(['»', '”']) && ends_with_legal_form(&prefix[..q]) {
                return true;
            }
        }
        if prefix.matches('"').count() % 2 == 1
            && let Some(q) = prefix.rfind('"')
            && ends_with_legal_form(&prefix[..q])
        {
            return true;
        }
        if !starts_upper(&text[span.clone()]) {
            return false;
        }
        // Capitalised words up to a legal form.
        let toks = tokens(text, span.end..self.line(span.end).end);
        let mut words = 0;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let s = &text[t.start..t.end];
            if t.word && is_legal_form(s, toks.get(i + 1).map(|n| &text[n.start..n.end])) {
                return true;
            }
            if !((t.word && starts_upper(s)) || s == "&") || words == 3 {
                return false;
            }
            words += 1;
            i += 1;
        }
        false
    }

    /// "Installation Engineer", "Head of Training", "инженер по монтажу".
    fn in_job_title(&self, span: &Range<usize>) -> bool {
        let text = self.text;
        let line = self.line(span.start);
        let after = tokens(text, span.end..self.line(span.end).end);
        if starts_upper(&text[span.clone()]) {
            for t in after.iter().take(4) {
                let s = &text[t.start..t.end];
                if t.word && TITLE_NOUNS.contains(&s) {
                    return true;
                }
                if !((t.word && starts_upper(s)) || s == "&" || s == "and" || s == ",") {
                    break;
                }
            }
        }
        let before = tokens(text, line.start..span.start);
        let words: Vec<String> = before
            .iter()
            .rev()
            .take_while(|t| t.word)
            .take(2)
            .map(|t| self.lower(t))
            .collect();
        let title_ru = |w: &str| RU_TITLES.iter().any(|p| w.starts_with(p));
        let title_en = |w: &str| EN_TITLE_HEADS.contains(&w);
        match words.as_slice() {
            [w1, ..] if title_ru(w1) => true,
            [w1, w2, ..] if w1 == "по" && title_ru(w2) => true,
            [w1, w2, ..] if w1 == "of" && title_en(w2) => true,
            _ => false,
        }
    }

    /// Whether the mention is the subject matter of a purpose stated before it in the
    /// sentence (one of `plain`, the starts of non-risky mentions): "talks regarding the
    /// installation", "переговоры по вопросам поставки и монтажа".
    fn topic_of(&self, span: &Range<usize>, plain: &[usize]) -> bool {
        let sent = self.sentence(span);
        let before = tokens(self.text, sent.start..span.start);
        let mut words = 0;
        let mut cue = None;
        for (i, t) in before.iter().enumerate().rev() {
            if !t.word {
                if matches!(
                    &self.text[t.start..t.end],
                    "," | "-" | "«" | "»" | "\"" | "&" | "/"
                ) {
                    continue;
                }
                break;
            }
            let w = self.lower(t);
            let prev = i.checked_sub(1).map(|j| self.lower(&before[j]));
            if w == "to" {
                if prev
                    .as_deref()
                    .is_some_and(|p| matches!(p, "related" | "relating" | "regard" | "respect"))
                {
                    cue = Some(t.start);
                }
                break;
            }
            // "in the field of": an oil field is not a topic.
            if w == "of"
                && prev
                    .as_deref()
                    .is_some_and(|p| matches!(p, "field" | "area" | "sphere" | "subject"))
            {
                cue = Some(t.start);
                break;
            }
            if TOPIC_STOPS.contains(&w.as_str()) {
                break;
            }
            if TOPIC_CUES.iter().any(|c| w.starts_with(c)) {
                cue = Some(t.start);
                break;
            }
            words += 1;
            if words == 12 {
                break;
            }
        }
        cue.is_some_and(|p| plain.iter().any(|&s| sent.start <= s && s < p))
    }
}

/// Where a letterhead (name, address, contact line at the top) ends, or 0.
fn letterhead_end(text: &str, lines: &[Range<usize>]) -> usize {
    let Some(c) = lines
        .iter()
        .take(8)
        .position(|l| CONTACT_LINE.is_match(&text[l.clone()]))
    else {
        return 0;
    };
    lines
        .iter()
        .skip(c + 1)
        .take(4)
        .find(|l| LETTER_OPENING.is_match(&text[(*l).clone()]))
        .map_or(lines[c].end, |l| l.start)
}

// ---------------------------------------------------------------------------
// Word lists: grammar, not lexicon, so they live with the code that reads them.

/// Capitalised nouns that end a job title or a department name.
#[rustfmt::skip]
const TITLE_NOUNS: &[&str] = &[
    "Manager", "Engineer", "Director", "Specialist", "Officer", "Technician", "Supervisor",
    "Coordinator", "Consultant", "Analyst", "Lead", "Head", "Team", "Department", "Dept",
    "Division", "Unit", "Assistant", "Instructor", "Trainer", "Executive", "Advisor",
    "Adviser", "Expert", "Representative", "Associate", "Administrator", "Operator",
    "Mechanic", "Fitter", "Foreman", "Agent",
];

/// Lowercase English heads of "<head> of <field>" titles.
#[rustfmt::skip]
const EN_TITLE_HEADS: &[&str] = &[
    "head", "director", "manager", "vp", "chief", "department", "dept", "division",
    "officer", "specialist",
];

/// Russian and Kazakh title stems: "инженер по монтажу", "отдел инвестиций".
#[rustfmt::skip]
const RU_TITLES: &[&str] = &[
    "инженер", "специалист", "менеджер", "начальник", "руководител", "директор", "мастер",
    "отдел", "служб", "департамент", "должност", "техник", "бригадир", "маман", "бөлім",
];

/// Register fields whose value is not the trip: a trade, a job, an address. English
/// labels are capitalised and followed by a colon or a capitalised value, so a wrapped
/// sentence line that starts with "position at the host" is not one.
static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:\d+\.\s*)?(?:",
        r"(?:Position|Occupation|Job [Tt]itle|Profession|Employer|Employer address",
        r"|Host address|Home address|Address|Type of activity|Field of activity",
        r"|Main activity|Principal activity|Line of business|Nature of business",
        r"|Business activity|Core business|POSITION|OCCUPATION|EMPLOYER)",
        r"(?:\s*:|\s+\p{Lu}|\s*$)",
        r"|(?i:основн\w* вид\w* деятельности|вид\w* деятельности|должность|профессия",
        r"|место работы|работодатель|адрес|қызмет түр\w*|лауазым\w*)(?:[\s:]|$))",
    ))
    .expect("valid regex")
});

/// A bank-statement or invoice row: a date first, an amount later.
static STATEMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+\p{L}{3,9}\.?\s+\d{2,4}",
        r"|\p{L}{3,9}\.?\s+\d{1,2},?\s+\d{4})\s.*\d[.,]\d{2}(?:\s|$)",
    ))
    .expect("valid regex")
});

/// Words that name a document in a list of enclosures.
static DOCUMENT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)passport|form\b|letter|invitation|statement|certificate|insurance|booking",
        r"|reservation|itinerary|receipt|registration|photo|copy|extract|паспорт|анкет",
        r"|письм|приглашени|выписк|справк|полис|бронь|бронировани|копи|свидетельств",
    ))
    .expect("valid regex")
});

/// Lowercase starts of nouns that name an event: a word right before one is part of
/// the event's name.
#[rustfmt::skip]
const EVENT_NOUNS: &[&str] = &[
    "forum", "conference", "summit", "congress", "exhibition", "expo", "week", "show",
    "fair", "symposium", "seminar", "форум", "конференц", "саммит", "конгресс", "выставк",
    "ярмарк", "симпозиум", "семинар", "көрме",
];

/// Lowercase starts of words that introduce the subject matter of talks or a deal.
#[rustfmt::skip]
const TOPIC_CUES: &[&str] = &[
    "regarding", "concerning", "about", "supply", "supplies", "deliver", "sale", "purchas",
    "procurement", "tender", "matters", "issues", "вопрос",
    "относительно", "касательно", "поставк", "закупк", "продаж", "сфер", "област", "тендер",
    "предмет",
];

/// Words that end the walk back to a topic cue: the visitor's own verb phrase.
#[rustfmt::skip]
const TOPIC_STOPS: &[&str] = &[
    "will", "shall", "would", "must", "can", "could", "should", "intend", "intends",
    "будет", "будут", "может", "намерен",
];

/// Words that introduce a list of documents.
static LIST_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)enclos|attach|annex|appendi|please find|list of documents",
        r"|documents submitted|приложени|прилага|перечень документов|список документов",
        r"|қосымша",
    ))
    .expect("valid regex")
});

/// A letterhead's contact line.
static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)@|www\.|https?://|\b(?:tel|phone|fax|e-?mail|bin|бин|иин|тел|vat)\b")
        .expect("valid regex")
});

/// The first line of a letter after its letterhead: reference, date, addressee, title.
static LETTER_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\s*(?:ref\b|our ref|исх|№|no\.|to:|to\s|dear|уважаем|посольств|embassy",
        r"|consular|letter|приглашение|invitation|шақыру|date|дата|\d{1,2}[./ ]",
        r"|\p{L}+,\s*\d|\p{L}+\s+\d{1,2},\s*\d{4})",
    ))
    .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences::sentence_of;

    /// (category id, matched words) for each fact of `find_purposes`.
    pub(super) fn found(text: &str) -> Vec<(String, String)> {
        find_purposes(text, Lexicon::builtin())
            .into_iter()
            .map(|f| (f.id, text[f.span].to_string()))
            .collect()
    }

    /// The distinct category ids of `find_purposes`, sorted.
    pub(super) fn ids(text: &str) -> Vec<String> {
        let mut v: Vec<String> = find_purposes(text, Lexicon::builtin())
            .into_iter()
            .map(|f| f.id)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The distinct category ids of `employment_signals`, sorted.
    pub(super) fn signals(text: &str, host: Option<&str>) -> Vec<String> {
        let mut v: Vec<String> = employment_signals(text, Lexicon::builtin(), host)
            .into_iter()
            .map(|f| f.id)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    pub(super) fn v(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn invitations_state_their_purposes() {
        let t = "Baiterek Engineering LLP hereby invites MAGDALENA KOWALCZYK, born 12\nSeptember 1974, citizen of Poland, passport No. TH0076930, valid until 5 September\n2034, Key Account Manager of Atlas Energy Components Sp. z o.o., to visit the\nRepublic of Kazakhstan from 25 December 2026 to 2 January 2027 for the purpose\nof business negotiations with Baiterek Engineering LLP on the delivery of pipeline\nvalves and fittings.";
        assert_eq!(ids(t), v(&["negotiations"]));
        let t = "to visit the Republic of Kazakhstan from 30.12.2026 to 04.01.2027 for the purpose of business negotiations and\nmeetings with the management of Saryarka Mining Consult LLP regarding the supply of freight forwarding\nservices.";
        assert_eq!(ids(t), v(&["meetings", "negotiations"]));
        let t = "the Republic of Kazakhstan from 14.12.2026 to 24.12.2026 for the purpose of attending the conference\nAstana International Forum as a delegate of Keystone Agritech S.r.l..";
        assert_eq!(
            found(t),
            vec![
                ("conference".to_string(), "conference".to_string()),
                ("conference".to_string(), "Forum".to_string())
            ]
        );
        let t = "Республику Казахстан с 12 января 2027 г. по 22 января 2027 г. с целью проведения деловых\nпереговоров и встреч с руководством АО «Номад Агро Холдинг» по вопросам поставки\nтрубопроводной арматуры.";
        assert_eq!(ids(t), v(&["meetings", "negotiations"]));
        let t = "Казахстан с 19 декабря 2026 г. по 1 января 2027 г. с целью участия в конференции — Астанинском\nмеждународном форуме.";
        assert_eq!(ids(t), v(&["conference"]));
        let t = "for the purpose of business\nmeetings with Zhetysu Pharma LLP to discuss cooperation in the field of agricultural machinery.";
        assert_eq!(ids(t), v(&["meetings"]));
        let t = "December 14, 2026 to December 19, 2026 for the purpose of attending the\nconference KIOGE International Oil and Gas Conference as a delegate of Bluepeak\nLogistics K.K..";
        assert_eq!(ids(t), v(&["conference"]));
    }

    #[test]
    fn cover_letters_and_forms() {
        let t = "I intend to travel to Almaty from\nDecember 14, 2026 until December 24, 2026 for contract negotiation and site inspection at the production\nfacilities of Altyn Dala Trading LLP, including signing of the supply contract.";
        assert_eq!(
            ids(t),
            v(&["contract-signing", "negotiations", "site-visit"])
        );
        let t = "I intend to travel to Astana from January 15, 2027 until January\n19, 2027 to take part in business negotiations and meetings with Baiterek\nEngineering LLP concerning the supply of pharmaceutical products.";
        assert_eq!(ids(t), v(&["meetings", "negotiations"]));
        let t = "4. Trip\nPurpose of visit Conference attendance (Astana International Forum)\nIntended date of arrival 14 December 2026";
        assert_eq!(ids(t), v(&["conference"]));
        let t = "3. Employment\nEmployer Atlas Energy Components Sp. z o.o.\nPosition Key Account Manager\nEmployer address ul. Marszałkowska 32, Warsaw, Poland\n4. Trip\nPurpose of visit Business negotiations and meetings\nIntended date of arrival 2026-12-30\nPrevious visits to Kazakhstan 2023 (business)";
        assert_eq!(ids(t), v(&["meetings", "negotiations"]));
        let t = "Purpose of visit Business negotiations and site visit\nHost organisation KazMontazhService LLP";
        assert_eq!(
            found(t),
            vec![
                ("negotiations".to_string(), "negotiations".to_string()),
                ("site-visit".to_string(), "site visit".to_string())
            ]
        );
        assert_eq!(
            ids("Purpose of visit: market research and due diligence"),
            v(&["investment", "market-research"])
        );
        assert_eq!(
            ids("to explore the Kazakh market and meet potential investors"),
            v(&["investment", "market-research", "meetings"])
        );
        assert_eq!(
            ids("Цель поездки: изучение казахстанского рынка"),
            v(&["market-research"])
        );
        assert_eq!(
            ids("to visit the production plant of our supplier"),
            v(&["site-visit"])
        );
        assert_eq!(
            ids("посещение завода и осмотр производственных мощностей"),
            v(&["site-visit"])
        );
        assert_eq!(
            ids("подписание контракта на поставку"),
            v(&["contract-signing"])
        );
        assert_eq!(
            ids("заключения договора поставки"),
            v(&["contract-signing"])
        );
        assert_eq!(
            ids("to attend a training course on safety"),
            v(&["training"])
        );
        assert_eq!(
            ids("to visit KazMunayGas Expo 2026 and the trade fair"),
            v(&["conference"])
        );
        assert_eq!(
            ids("участие в выставке «Power Astana» и в семинаре"),
            v(&["conference"])
        );
        assert_eq!(
            ids("келіссөздер жүргізу және кездесулер"),
            v(&["meetings", "negotiations"])
        );
    }

    #[test]
    fn not_statements_of_purpose() {
        // Documents enclosed.
        let t = "Please find enclosed: Passport; Form; Photo; Invitation; Employment Letter; Bank\nStatements; Itinerary; Medical Insurance; Company Registration; Training Certificate.";
        assert_eq!(ids(t), v(&[]));
        assert_eq!(
            ids("Приложения: паспорт; приглашение; трудовой договор; выписка."),
            v(&[])
        );
        // Insurance wording, bank lines.
        let t = "This certificate confirms that the insured person holds valid travel medical insurance meeting\nthe requirements for a visa to the Republic of Kazakhstan.";
        assert_eq!(ids(t), v(&[]));
        let t = "2026-09-01 Salary Atlas Energy Components Sp. z o.o. 20,030.00 50,097.18\n01 Sep 2026 Salary Nordline Logistics S.L. 6,091.00 31,352.12\n2026-10-01 Account maintenance fee 5.00 1,000.00";
        assert_eq!(ids(t), v(&[]));
        assert_eq!(signals(t, Some("Nordline Logistics S.L.")), v(&[]));
        // Company names and job titles.
        assert_eq!(
            ids("Host organisation Kazakh Installation Services LLP"),
            v(&[])
        );
        assert_eq!(
            ids("Our partner ТОО «Монтаж Сервис Плюс» will host the meetings"),
            v(&["meetings"])
        );
        assert_eq!(
            ids("has been employed as Installation Engineer since 2019"),
            v(&[])
        );
        assert_eq!(ids("Position Maintenance and Repair Supervisor"), v(&[]));
        assert_eq!(ids("работает инженером по монтажу с 2015 года"), v(&[]));
        assert_eq!(
            ids("Ms Lee, Head of Training at our company, will attend the meetings"),
            v(&["meetings"])
        );
        // Register fields and letterheads.
        assert_eq!(ids("Вид деятельности монтаж и ремонт оборудования"), v(&[]));
        let t = "Kaz Service Group\nInstallation, maintenance and repair of compressors\nBIN 123456789012 · tel. +7 727 000 00 00 · info@kazservice.kz\nRef. 12/26\nAlmaty, 1 November 2026\nTo: Embassy of the Republic of Kazakhstan\nWe invite Mr Smith for business negotiations.";
        assert_eq!(ids(t), v(&["negotiations"]));
        assert_eq!(
            ids("Register at www.forum.kz or mail forum@expo.kz"),
            v(&[])
        );
        assert_eq!(
            ids("Following our video conference, we invite him to a site visit"),
            v(&["site-visit"])
        );
        assert_eq!(
            ids("He met the requirements and holds a valid account"),
            v(&[])
        );
    }

    #[test]
    fn installation_and_productive_training() {
        for (text, want) in [
            (
                "to carry out installation and commissioning of the compressor unit",
                "installation",
            ),
            (
                "for supervision of assembly of the equipment",
                "installation",
            ),
            (
                "с целью проведения шеф-монтажных и пусконаладочных работ",
                "installation",
            ),
            (
                "для ремонта и технического обслуживания оборудования",
                "installation",
            ),
            (
                "to perform maintenance and repair of the turbines",
                "installation",
            ),
            (
                "to train local staff to operate the new line",
                "productive-training",
            ),
            (
                "обучение персонала заказчика работе на оборудовании",
                "productive-training",
            ),
            ("стажировка на производстве", "productive-training"),
        ] {
            assert!(signals(text, None).contains(&want.to_string()), "{text}");
        }
        assert_eq!(ids("to train local staff"), v(&["productive-training"]));
        assert_eq!(
            ids("training of the operators of the host"),
            v(&["productive-training"])
        );
        for text in [
            "to inspect the equipment installed last year",
            "the equipment was installed by a local contractor",
            "payment in three instalments",
            "to attend the General Assembly of shareholders",
            "to visit the assembly plant",
        ] {
            assert_eq!(signals(text, None), v(&[]), "{text}");
        }
    }

    #[test]
    fn statements_in_many_wordings() {
        let cases: &[(&str, &[&str])] = &[
            // English: invitations, letters, forms from other producers.
            (
                "The purpose of the visit is to hold meetings with potential customers and to conduct market research.",
                &["market-research", "meetings"],
            ),
            (
                "for the purpose of participation in business talks and signing of a cooperation agreement",
                &["contract-signing", "negotiations"],
            ),
            (
                "to negotiate the terms of the supply contract and to meet with representatives of the Ministry",
                &["meetings", "negotiations"],
            ),
            ("Purpose of trip: Meeting with partners", &["meetings"]),
            (
                "to participate in the KIOGE 2026 exhibition as an exhibitor",
                &["conference"],
            ),
            (
                "to take part in the Astana Mining & Metallurgy Congress",
                &["conference"],
            ),
            (
                "to attend the International Investment Forum in Astana",
                &["conference"],
            ),
            (
                "to attend a training seminar on the new software",
                &["conference"],
            ),
            (
                "to visit the oil refinery and inspect the storage facilities",
                &["site-visit"],
            ),
            (
                "to conduct a supplier audit at the factory in Shymkent",
                &["site-visit"],
            ),
            (
                "to carry out pre-shipment inspection of goods",
                &["site-visit"],
            ),
            (
                "to finalise and sign the distribution agreement",
                &["contract-signing"],
            ),
            (
                "to explore investment opportunities and carry out due diligence",
                &["investment"],
            ),
            (
                "to discuss the opening of a representative office and a joint venture",
                &["investment", "meetings"],
            ),
            (
                "to undergo training on the operation of the equipment supplied",
                &["training"],
            ),
            (
                "He will be trained at the partner's training centre",
                &["training"],
            ),
            (
                "consultations with the management on the delivery schedule",
                &["meetings"],
            ),
            (
                "passport No TH0076930, to conduct business negotiations",
                &["negotiations"],
            ),
            (
                "I would like to meet our distributor and visit their warehouse in Almaty.",
                &["meetings", "site-visit"],
            ),
            (
                "to speak at the event known as \"Astana Mining Forum\"",
                &["conference"],
            ),
            (
                "Ms Tanaka will provide training to the engineers of Astana Steel LLP.",
                &["productive-training"],
            ),
            // Russian.
            (
                "с целью участия в деловых переговорах и подписания контракта",
                &["contract-signing", "negotiations"],
            ),
            (
                "для проведения рабочих встреч и консультаций",
                &["meetings"],
            ),
            (
                "для участия в международной выставке «KazBuild-2026»",
                &["conference"],
            ),
            (
                "с целью участия в Евразийском экономическом форуме",
                &["conference"],
            ),
            (
                "с целью изучения рынка и поиска инвесторов",
                &["investment", "market-research"],
            ),
            (
                "для посещения производственной площадки и аудита поставщика",
                &["site-visit"],
            ),
            (
                "для прохождения обучения и повышения квалификации",
                &["training"],
            ),
            (
                "для заключения договора о сотрудничестве",
                &["contract-signing"],
            ),
            ("обсуждение условий поставки оборудования", &["meetings"]),
            // Kazakh.
            ("келіссөздер жүргізу мақсатында", &["negotiations"]),
            ("халықаралық көрмеге қатысу", &["conference"]),
            // No purpose stated.
            ("Purpose of travel: Business", &[]),
            ("Цель поездки: деловая", &[]),
            ("Previous visits to Kazakhstan 2023 (business)", &[]),
            (
                "All expenses related to the visit are borne by the sending company.",
                &[],
            ),
            (
                "Free cancellation until 48 hours before arrival. Visa support letter available on request.",
                &[],
            ),
            (
                "Cover Emergency medical treatment, hospitalisation, medical repatriation",
                &[],
            ),
            ("Guarantee Company invoice — Keystone Agritech S.r.l.", &[]),
            (
                "Caspian Energy Services LLP guarantees that the guest will comply with the laws",
                &[],
            ),
            (
                "Hotel facilities: conference hall, meeting rooms, fitness centre",
                &[],
            ),
            ("As discussed on the phone, we send the documents.", &[]),
            ("Представитель встретит гостя в аэропорту.", &[]),
            (
                "The account will be credited after signature of the form.",
                &[],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(ids(text), v(want), "{text}");
        }
    }

    #[test]
    fn risky_wording_in_many_forms() {
        let cases: &[(&str, &[&str])] = &[
            (
                "to provide technical supervision of the installation of equipment supplied under Contract No. 12",
                &["installation"],
            ),
            (
                "He will take part in the commissioning of the gas turbine plant.",
                &["installation"],
            ),
            (
                "after-sales service and warranty repairs of the compressors",
                &["installation"],
            ),
            (
                "для выполнения монтажных работ на объекте заказчика",
                &["installation"],
            ),
            (
                "с целью ввода в эксплуатацию технологической линии",
                &["installation"],
            ),
            (
                "с целью проведения технических консультаций и шеф-монтажа оборудования",
                &["installation"],
            ),
            ("жабдықты орнату және іске қосу", &["installation"]),
            (
                "to deliver training to the operators of the host",
                &["productive-training"],
            ),
            (
                "for an internship at the Almaty plant",
                &["productive-training"],
            ),
            (
                "Mr Ortega will be seconded to Altyn Dala Trading LLP for six months.",
                &["employment"],
            ),
            ("on the basis of a local labour contract", &["employment"]),
            (
                "с целью осуществления трудовой деятельности в ТОО «Алтын Дала»",
                &["employment"],
            ),
            ("Ол Қазақстанда жұмыс істейтін болады.", &["employment"]),
            (
                "He will receive a monthly salary of 900,000 KZT from Altyn Dala Trading LLP.",
                &["salary"],
            ),
            (
                "Оплата труда будет производиться казахстанской стороной.",
                &["salary"],
            ),
            ("жалақыны қазақстандық серіктес төлейді", &["salary"]),
            (
                "She will work remotely for her UK employer during the stay.",
                &["remote-work"],
            ),
            ("digital nomad", &["remote-work"]),
            // Not risky.
            (
                "He remains employed by Atlas Energy and his salary continues to be paid in Poland.",
                &[],
            ),
            (
                "Заработная плата сохраняется за работником по месту основной работы.",
                &[],
            ),
            (
                "The inviting party will cover accommodation and meals.",
                &[],
            ),
            ("to visit the installation site of our equipment", &[]),
            ("Host organisation Kazakh Installation Services LLP", &[]),
            ("Position Service and Maintenance Engineer", &[]),
            (
                "the maintenance of good relations between our companies",
                &[],
            ),
            ("The guest will not be engaged in labour activity.", &[]),
            (
                "Приглашенный не будет заниматься трудовой деятельностью и получать заработную плату.",
                &[],
            ),
            (
                "Our company does not pay him any salary or remuneration in Kazakhstan.",
                &[],
            ),
            ("работать в составе делегации", &[]),
            (
                "He will visit the oil field and install the pumps.",
                &["installation"],
            ),
            (
                "to discuss cooperation in the field of installation services",
                &[],
            ),
            (
                "for negotiations on the supply and installation of equipment",
                &[],
            ),
            (
                "переговоры по вопросам поставки и монтажа оборудования",
                &[],
            ),
            ("to discuss a maintenance contract for the turbines", &[]),
            ("meetings related to the commissioning schedule", &[]),
            ("Work permit: not required", &[]),
            ("She works under a permanent employment contract.", &[]),
            ("работает по бессрочному трудовому договору", &[]),
            // The visitor's own work is not a topic, even after talks in the sentence.
            (
                "He will travel to Kazakhstan for the supply and installation of equipment.",
                &["installation"],
            ),
            (
                "after the negotiations he will install the equipment",
                &["installation"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(signals(text, None), v(want), "{text}");
        }
    }

    #[test]
    fn spans_are_on_char_boundaries_and_nothing_panics() {
        let lex = Lexicon::builtin();
        let samples = [
            "",
            " ",
            "ё",
            "переговоры",
            "«переговоры»",
            "не",
            "No.",
            "salary",
            "salary from",
            "salary from ТОО «",
            "employment with",
            "работать в",
            "~!$*",
            "Ёлка, встречи, монтажё\u{301}, ПЕРЕГОВОРАХ!",
            "\n\n\nmeetings\n\n",
            "a.b.c. d.e. f? g! h… конференция…",
            "\u{feff}conference\u{200b}forum",
        ];
        for s in samples {
            for host in [None, Some(""), Some("ТОО «Алтын»"), Some("LLP")] {
                for f in find_purposes(s, lex)
                    .into_iter()
                    .chain(employment_signals(s, lex, host))
                {
                    assert!(s.is_char_boundary(f.span.start) && s.is_char_boundary(f.span.end));
                    assert!(f.span.start < f.span.end && f.span.end <= s.len());
                }
            }
            for at in 0..=s.len() + 2 {
                let r = sentence_of(s, at);
                assert!(r.start <= r.end && r.end <= s.len());
                assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
        }
        // Every byte offset of a mixed text, as a cut point.
        let mixed =
            "Посольству РК. Mr Ricci will install equipment; заработная плата от ТОО «Алтын».";
        for cut in 0..mixed.len() {
            if mixed.is_char_boundary(cut) {
                let s = &mixed[..cut];
                let _ = employment_signals(s, lex, Some("Алтын"));
                let _ = find_purposes(&mixed[cut..], lex);
            }
        }
    }
}
