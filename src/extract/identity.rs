//! Passport numbers and names found in a document's text, and how to compare them.
//!
//! A visa pack repeats the applicant's identity in almost every document: the form,
//! the invitation, the employer's letter, the insurance certificate, the ticket. A
//! consistency rule needs to pull those statements out of extracted text and decide
//! whether they agree, so this module does only that, on plain `&str`.
//!
//! Extraction is label-driven on purpose: a passport number is only taken right after a
//! passport label (`Passport No.`, `паспорт №`, `төлқұжат №`, `Document no.`), and a
//! name only from a labelled field (`Insured person`, `Surname` + `Given names`,
//! `Passenger SURNAME/GIVEN`) or a fixed formula (`hereby invites X, born`, `I, X,
//! Polish citizen`, `приглашает гражданку ... X,`). Free-standing tokens are never
//! guessed at: a wrong value turns into a false alarm, a missed one costs nothing.
//!
//! Comparison follows ICAO 9303: the MRZ writes `Schröder` as `SCHROEDER` and `Åberg` as
//! `AABERG`, airlines and banks often drop the diacritic instead, so names are folded to
//! a key on which all of these agree, and word order, titles and left-out middle names
//! do not matter.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

use crate::text::organisation::is_legal_form_word;
use crate::text::window::{line_bounds, line_end};

/// A value found in a text, with the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The normalised value (see the function that produced it).
    pub value: String,
    /// Byte range in the text the value was read from.
    pub span: Range<usize>,
}

// ---------------------------------------------------------------------------------------
// Passport numbers
// ---------------------------------------------------------------------------------------

/// A passport label and the filler between it and the number (`No.`, `number`, `№`, `:`).
/// The number itself is read by hand so that its shape can be checked precisely.
static PASSPORT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:
            \b(?:passport|passeport|pasaporte|passaporto|reisepass|paszport)\b
              (?:[\ \t]*/[\ \t]*(?:travel[\ \t]+)?document\b)?
          | \b(?:travel[\ \t]+)?document
              [\ \t]*(?:no\b\.?|nr\b\.?|number\b|num\b\.?|\#|№|n°|nº)
          | \b(?:no\.?|number)[\ \t]+of[\ \t]+(?:the[\ \t]+)?passport\b
          | (?:\bномер|№|\bнөмірі)[\ \t]+(?:паспорта|төлқұжаттың|төлқұжат)\b
          | \bпаспорт[а-яё]*
          | \bтөлқұжат[а-яёәіңғүұқөһ]*
        )
        (?:[\ \t]*(?:no\b\.?|nr\b\.?|number\b|num\b\.?|\#|№|n°|nº|номер\b|нөмірі\b|:|-|–))*
        [\ \t]*",
    )
    .expect("passport label regex")
});

/// Russian internal and foreign passports are written as a series and a number:
/// `паспорт серии 45 12 № 345678`. Together they are what the MRZ calls the number.
static PASSPORT_SERIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bпаспорт[а-яё]*|\bтөлқұжат[а-яёәіңғүұқөһ]*)[^\n]{0,30}?\bсери[яиюй]\b[ \t:]*(?P<s>\d{2}[ \t]?\d{2}|\d{2}|[A-Z]{1,2})[ \t]*(?:№|номер\b|N\b|No\b\.?)?[ \t:]*(?P<n>\d{6,7})\b",
    )
    .expect("passport series regex")
});

/// Passport numbers stated next to a passport label; `value` is uppercase without spaces.
pub fn passport_numbers(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for c in PASSPORT_SERIES.captures_iter(text) {
        let (Some(s), Some(n)) = (c.name("s"), c.name("n")) else {
            continue;
        };
        let value: String = format!("{}{}", s.as_str(), n.as_str())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if (6..=10).contains(&value.len()) && !in_mrz_line(text, s.start()) {
            push_unique(&mut out, value, s.start()..n.end());
        }
    }
    for m in PASSPORT_LABEL.find_iter(text) {
        if in_mrz_line(text, m.start()) {
            continue;
        }
        if let Some((value, span)) = take_number(text, m.end()) {
            push_unique(&mut out, value, span);
            continue;
        }
        // Bio pages put the value under the label: `Passport No. / N° du passeport`,
        // then `P ITA UT8492112` on the next line.
        let end = line_end(text, m.end());
        let rest = text[m.end()..end].trim();
        let label_only =
            rest.is_empty() || (rest.starts_with('/') && !rest.bytes().any(|b| b.is_ascii_digit()));
        if label_only && let Some((value, span)) = number_on_next_line(text, end) {
            push_unique(&mut out, value, span);
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

fn push_unique(out: &mut Vec<Found>, value: String, span: Range<usize>) {
    if !out
        .iter()
        .any(|f| f.span.start < span.end && span.start < f.span.end)
    {
        out.push(Found { value, span });
    }
}

/// MRZ lines are read by the MRZ parser, with check digits; a label can only sit there
/// by OCR accident.
fn in_mrz_line(text: &str, pos: usize) -> bool {
    text[line_bounds(text, pos)].matches('<').count() >= 3
}

/// The shape every passport number we know has: 6-10 of `[A-Z0-9]` with at least four
/// digits. That admits `CN93658WL`, `SPECI2014` and Dutch numbers, and rejects words.
fn number_shaped(cleaned: &str) -> bool {
    (6..=10).contains(&cleaned.len())
        && cleaned.bytes().all(|b| b.is_ascii_alphanumeric())
        && cleaned.bytes().filter(u8::is_ascii_digit).count() >= 4
}

/// Reads a number starting at `pos`: one token, or a number printed in short groups
/// (`AB 1234567`, `4512 345678`, `945 196 820`). Groups chain only while the one before
/// is short, so `945196820 2` stays one token and a phone number runs past ten.
fn take_number(text: &str, pos: usize) -> Option<(String, Range<usize>)> {
    let bytes = text.as_bytes();
    let group_at = |i: usize| {
        let mut e = i;
        while e < bytes.len() && bytes[e].is_ascii_alphanumeric() {
            e += 1;
        }
        (e > i).then_some(i..e)
    };
    let first = group_at(pos)?;
    let all_digits = |g: &Range<usize>| bytes[g.clone()].iter().all(u8::is_ascii_digit);
    let series = first.len() <= 3 && bytes[first.clone()].iter().all(u8::is_ascii_uppercase);
    let mut groups = vec![first.clone()];
    if all_digits(&first) || series {
        let mut len = first.len();
        loop {
            let last = groups.last()?.clone();
            if last.len() > 4 || last.end + 1 >= bytes.len() || bytes[last.end] != b' ' {
                break;
            }
            let Some(next) = group_at(last.end + 1) else {
                break;
            };
            if !all_digits(&next) {
                break;
            }
            len += next.len();
            if len > 10 {
                return None;
            }
            groups.push(next);
        }
        if groups.len() > 1 {
            // A long last group followed by more digits is a run-on, not a number.
            let after = &bytes[groups.last()?.end..];
            if after.len() >= 2 && after[0] == b' ' && after[1].is_ascii_digit() {
                return None;
            }
        }
    }
    let last = groups.last()?.clone();
    if !ends_cleanly(text, last.end) {
        return None;
    }
    let cleaned: String = groups
        .iter()
        .map(|g| &text[g.clone()])
        .collect::<String>()
        .to_ascii_uppercase();
    number_shaped(&cleaned).then_some((cleaned, first.start..last.end))
}

/// A number ends at a non-word character that does not continue it as a date,
/// a phone number or a reference (`12.01`, `235-288`, `196/26`).
fn ends_cleanly(text: &str, end: usize) -> bool {
    let mut it = text[end..].chars();
    match it.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('.' | '-' | '/' | ',') => !it.next().is_some_and(|c| c.is_alphanumeric()),
        Some(_) => true,
    }
}

/// A number alone on the line below a label, perhaps beside short codes (`P ITA X`).
fn number_on_next_line(text: &str, above_end: usize) -> Option<(String, Range<usize>)> {
    let start = above_end + 1;
    if start >= text.len() {
        return None;
    }
    let end = line_end(text, start);
    let line = &text[start..end];
    if line.contains('<') {
        return None;
    }
    let mut found = None;
    let mut off = 0;
    for tok in line.split([' ', '\t', '\r']) {
        let at = start + off;
        off += tok.len() + 1;
        if tok.is_empty() {
            continue;
        }
        if number_shaped(tok) && !tok.bytes().any(|b| b.is_ascii_lowercase()) {
            if found.is_some() {
                return None;
            }
            found = Some((tok.to_string(), at..at + tok.len()));
        } else if !(tok.len() <= 3 && tok.bytes().all(|b| b.is_ascii_uppercase())) {
            return None;
        }
    }
    found
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/// A line that is a label and a full name: `Insured person ALEJANDRO ORTEGA`.
static NAME_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xm)
        ^[\ \t]*
        (?P<l>(?i:
            name[\ \t]+of[\ \t]+(?:the[\ \t]+)?
                (?:applicant|insured(?:[\ \t]+person)?|account[\ \t]+holder|guest|passenger|travell?er|employee)
          | (?:applicant|guest|passenger|travell?er|client|customer|employee)(?:'s)?[\ \t]+(?:full[\ \t]+)?name
          | insured(?:[\ \t]+person)?
          | account[\ \t]+(?:holder|owner)(?:[\ \t]+name)?
          | account[\ \t]+name
          | full[\ \t]+name
          | name
          | applicant
          | employee
          | guest
          | passenger
          | travell?er
          | ф\.?[\ \t]*и\.?[\ \t]*о\.?
          | аты[\ \t]*-[\ \t]*жөні
        ))
        (?:[\ \t]*[:\-–][\ \t]*|[\ \t]+)
        (?P<v>[^\n]*)$",
    )
    .expect("name field regex")
});

/// A surname field; the value follows on the line, or on the next one on bio pages.
static SURNAME_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?i:surnames?|surname\(s\)|sumame|surnarne|family[ \t]+names?|last[ \t]+name|фамилия|тегі)(?P<rest>(?:[ \t:/][^\n]*)?)$",
    )
    .expect("surname field regex")
});

/// A given-names field, paired with the nearest surname field.
static GIVEN_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?i:given[ \t]+names?|given[ \t]+name\(s\)|first[ \t]+names?|first[ \t]+name\(s\)|forenames?|christian[ \t]+names?|имя|аты|prénoms?)(?P<rest>(?:[ \t:/][^\n]*)?)$",
    )
    .expect("given field regex")
});

/// Airline style `Passenger KOWALCZYK/MAGDALENA MS`.
static AIRLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?i:passenger(?:[ \t]+name)?|name)[ \t]*:?[ \t]*(?P<n>[\p{Lu}][\p{Lu}\p{M}'’\- ]*?[ \t]*/[ \t]*\p{Lu}[\p{Lu}\p{M}'’\-]*(?:[ ]\p{Lu}[\p{Lu}\p{M}'’\-]*)*?)(?:[ \t]+(?:MR|MRS|MS|MISS|MSTR|DR|PROF|CHD|INF)\.?)?[ \t\r]*$",
    )
    .expect("airline regex")
});

/// The name region of a formula: up to the comma, across at most one line break.
const REGION: &str = r"(?P<n>[^,;:()\n]{2,60}(?:\n[^,;:()\n]{1,60})?)";

/// `hereby invites [Ms] X, born ...`.
static INVITES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\binvit(?:es|e|ing)\b)[ \t]*\r?\n?[ \t]*{REGION}[ \t]*[,(][ \t]*\r?\n?[ \t]*(?i:born\b|b\.|citizen\b|national\b|holder\b|passport\b|date[ \t]+of[ \t]+birth|d\.o\.b)"
    ))
    .expect("invites regex")
});

/// `This is to confirm that [Mr] X, holder of passport ...`.
static CONFIRMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\b(?:confirm(?:s|ed)?|certif(?:y|ies))\s+that)[ \t]*\r?\n?[ \t]*{REGION}[ \t]*,\s*(?i:holder\s+of|born\b|citizen\b|national\s+of|passport\b|date\s+of\s+birth)"
    ))
    .expect("confirms regex")
});

/// `I, KOWALCZYK, Magdalena, Polish citizen` and `I, Hannah Whitfield, British citizen`.
static I_CITIZEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:^|[\s(“]|\x22)I,[ \t]*\r?\n?[ \t]*(?:(?i:the\s+undersigned),?\s+)?(?P<n>[^,;:()\n]{2,60}(?:,\s*[^,;:()\n]{2,40})?)[ \t]*,\s*(?:(?i:an?)\s+)?(?:[\p{L}\-]+\s+){0,3}?(?i:citizen\b|national\b|holder\s+of\b|born\b)",
    )
    .expect("I, citizen regex")
});

/// `приглашает гражданку государства Великобритания WHITFIELD HANNAH, 06.02.1995 г.р.`.
static INVITES_RU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:приглаша[а-яё]*)\s+(?i:гражданин[а-яё]*|гражданк[а-яё]*|господина|госпожу|г-на|г-жу)\s+(?P<r>[^,;:()«»\x22]{2,120}),\s*(?:\d|(?i:г\.\s?р|родивш|дата\s+рождения|паспорт))",
    )
    .expect("Russian invitation regex")
});

/// Words that never belong to a person's name (besides legal forms): places, labels, prose.
#[rustfmt::skip]
const NOT_NAME: &[&str] = &[
    // Kinds of organisation (legal forms are `organisation`'s).
    "BANK", "HOTEL", "EMBASSY", "CONSULATE", "CONSULAR", "MINISTRY",
    "UNIVERSITY", "SERVICES", "SOLUTIONS", "INTERNATIONAL", "TRADING", "ENGINEERING",
    "LOGISTICS", "PHARMA", "ENERGY", "AIRLINES", "AIRWAYS", "AIR", "INSURANCE", "TRAVEL",
    "AGENCY",
    // States and places.
    "REPUBLIC", "KAZAKHSTAN", "UNITED", "STATES", "KINGDOM", "FEDERATION", "AIRPORT",
    "STREET", "AVENUE", "AVE", "ROAD",
    // Prose and letter furniture.
    "THE", "AND", "OF", "FOR", "TO", "IN", "ON", "AT", "BY", "WITH", "FROM", "NOT", "NONE",
    "UNKNOWN", "MUST", "ALL", "DEAR", "YOURS", "SINCERELY", "FAITHFULLY", "REGARDS",
    "DIRECTOR", "MANAGER", "HEAD", "HUMAN", "RESOURCES", "SECTION", "VISA", "LETTER",
    "INVITATION", "CONFIRMATION", "BOOKING", "REFERENCE", "CERTIFICATE", "COVER", "POLICY",
    // Field labels that a layout may put where a value should be.
    "DATE", "BIRTH", "PLACE", "PASSPORT", "NUMBER", "NAME", "NAMES", "SURNAME", "GIVEN",
    "NATIONALITY", "SEX", "ADDRESS", "NOM", "PRÉNOMS", "PRENOMS", "TYPE", "CODE", "ISSUE",
    "EXPIRY", "AUTHORITY", "FEMALE", "MALE", "STATEMENT", "ACCOUNT", "PERIOD", "CURRENCY",
    "IBAN", "BALANCE", "ORDINARY", "STANDARD", "DOUBLE", "SINGLE", "TOTAL", "PAYMENT",
    "TRANSFER", "SALARY", "PERSON", "HOLDER", "PASSENGER", "PASSENGERS", "GUEST", "APPLICANT",
    "INSURED",
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
    "OCTOBER", "NOVEMBER", "DECEMBER",
    // Russian and Kazakh equivalents.
    "США", "РФ", "РК", "ГОСУДАРСТВА", "РЕСПУБЛИКИ",
    "РЕСПУБЛИКА", "КАЗАХСТАН", "ФАМИЛИЯ", "ИМЯ",
];

/// Lowercase particles that may sit inside a name (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
    "bin", "binti", "ibn", "al", "el", "ten", "ter", "zu", "y",
];

/// Titles dropped in front of (or, airline style, behind) a name.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MX", "DR", "MSTR", "PROF", "SIR", "MADAM", "MME", "MLLE",
    "HERR", "FRAU", "SR", "SRA", "SIG", "SIGRA", "Г-Н", "Г-ЖА", "ГОСПОДИН", "ГОСПОЖА",
];

fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.').to_uppercase();
    TITLES.contains(&w.as_str())
}

#[derive(Clone, Copy)]
struct NameRules {
    min: usize,
    max: usize,
    multiline: bool,
    comma: bool,
    caps_only: bool,
}

const FULL: NameRules = NameRules {
    min: 2,
    max: 5,
    multiline: false,
    comma: true,
    caps_only: false,
};

/// Checks that one word is written like a name: a capital, then letters, with inner
/// hyphens or apostrophes; all caps or with lowercase letters after the capital.
fn name_word(w: &str, caps_only: bool) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut letters = 0;
    let mut prev_joiner = false;
    for c in w.chars() {
        if c.is_alphabetic() {
            letters += 1;
            prev_joiner = false;
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            prev_joiner = false;
        } else if matches!(c, '-' | '\'' | '’') {
            if prev_joiner {
                return false;
            }
            prev_joiner = true;
        } else {
            return false;
        }
    }
    if prev_joiner || letters < 2 {
        return false;
    }
    if caps_only && w.chars().any(char::is_lowercase) {
        return false;
    }
    !NOT_NAME.contains(&w.to_uppercase().as_str()) && !is_legal_form_word(&w.to_lowercase())
}

/// Validates that `text[range]` is, as a whole, a person's name (after a title) and
/// returns it with whitespace collapsed and the span trimmed to the name.
fn name_in(text: &str, range: Range<usize>, rules: NameRules) -> Option<Found> {
    let s = text.get(range.clone())?;
    if !rules.multiline && s.contains('\n') {
        return None;
    }
    let mut toks: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                toks.push(range.start + st..range.start + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        toks.push(range.start + st..range.end);
    }
    if toks.len() > 1 && is_title(&text[toks[0].clone()]) {
        toks.remove(0);
    }
    // Tickets and rosters put the title last: `KOWALCZYK MAGDALENA MS`.
    if toks.len() > 2 && toks.last().is_some_and(|t| is_title(&text[t.clone()])) {
        toks.pop();
    }
    let n = toks.len();
    if n == 0 || n > rules.max + 3 {
        return None;
    }
    let mut commas = 0;
    let mut words = 0;
    let mut before_comma = 0;
    for (k, t) in toks.iter().enumerate() {
        let mut w = &text[t.clone()];
        if let Some(x) = w.strip_suffix(',') {
            commas += 1;
            if !rules.comma || commas > 1 || k + 1 == n {
                return None;
            }
            before_comma = k + 1;
            w = x;
        }
        if k > 0 && k + 1 < n && PARTICLES.contains(&w) {
            continue;
        }
        if !name_word(w, rules.caps_only) {
            return None;
        }
        words += 1;
    }
    if commas == 1 {
        // `SURNAME, Given` or `Surname, Given`; a comma between two full names
        // (`JOHN SMITH, JANE SMITH`) is a list.
        let caps = |t: &Range<usize>| !text[t.clone()].chars().any(char::is_lowercase);
        let (before, after) = toks.split_at(before_comma);
        let ok = before.len() == 1 || (before.iter().all(caps) && !after.iter().all(caps));
        if before_comma == 0 || !ok {
            return None;
        }
    }
    if !(rules.min..=rules.max).contains(&words) {
        return None;
    }
    let span = toks[0].start..toks[n - 1].end;
    let value = toks
        .iter()
        .map(|t| &text[t.clone()])
        .collect::<Vec<_>>()
        .join(" ");
    Some(Found { value, span })
}

/// How much a name hit can be trusted to be the applicant's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A formula or a singular field (form, invitation, `Account holder`).
    Sure,
    /// A field that lists people (`Passenger`, `Guest`, `Insured person`): a
    /// co-traveller may stand in it too.
    Roster,
    /// A bare `Name` field, which forms also use for the host or a contact.
    Bare,
}

/// The applicant's name where a document states it with a label or a formula.
///
/// `value` is the name as written, title dropped and whitespace collapsed (a line break
/// inside a name becomes a space); `span` covers it. For separate `Surname` and `Given
/// names` fields, `value` is `"Given Surname"` and `span` runs from the first of the two
/// values to the end of the other, so that a quote shows both fields. When list-like
/// fields on one text name different people, none of them is returned, and a bare `Name`
/// field counts only when nothing else names anyone.
pub fn applicant_names(text: &str) -> Vec<Found> {
    let mut hits: Vec<(Found, Kind)> = Vec::new();
    let mut push = |f: Found, kind: Kind| {
        if !hits
            .iter()
            .any(|(o, _)| o.span.start < f.span.end && f.span.start < o.span.end)
            && !in_mrz_line(text, f.span.start)
        {
            hits.push((f, kind));
        }
    };
    for c in AIRLINE.captures_iter(text) {
        if let Some(n) = c.name("n")
            && let Some(f) = airline_name(text, n.range())
        {
            push(f, Kind::Roster);
        }
    }
    for c in NAME_FIELD.captures_iter(text) {
        let (Some(l), Some(v)) = (c.name("l"), c.name("v")) else {
            continue;
        };
        let label = l.as_str().to_lowercase();
        let kind = if label == "name" {
            Kind::Bare
        } else if ["guest", "passenger", "insured", "travel"]
            .iter()
            .any(|p| label.starts_with(p))
        {
            Kind::Roster
        } else {
            Kind::Sure
        };
        let r = v.range();
        // A table row may go on with another column after a wide gap.
        let s = &text[r.clone()];
        let cut = [s.find('\t'), s.find("  ")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(s.len());
        let r = r.start..r.start + s[..cut].trim_end().len();
        if let Some(f) = name_in(text, r, FULL) {
            push(f, kind);
        }
    }
    for f in surname_given(text) {
        push(f, Kind::Sure);
    }
    let formula = NameRules {
        multiline: true,
        ..FULL
    };
    for re in [&*INVITES, &*CONFIRMS, &*I_CITIZEN] {
        for c in re.captures_iter(text) {
            if let Some(n) = c.name("n")
                && let Some(f) = name_in(text, n.range(), formula)
            {
                push(f, Kind::Sure);
            }
        }
    }
    for c in INVITES_RU.captures_iter(text) {
        if let Some(r) = c.name("r")
            && let Some(f) = trailing_name(text, r.range())
        {
            push(f, Kind::Sure);
        }
    }
    let listed: Vec<&Found> = hits
        .iter()
        .filter(|(_, k)| *k != Kind::Sure)
        .map(|(f, _)| f)
        .collect();
    let mixed = listed
        .iter()
        .any(|f| !same_name(&f.value, &listed[0].value));
    let bare = hits.iter().filter(|(_, k)| *k == Kind::Bare).count();
    let others = hits.len() - bare;
    let mut out: Vec<Found> = hits
        .into_iter()
        .filter(|(_, k)| match k {
            Kind::Sure => true,
            Kind::Roster => !mixed,
            Kind::Bare => !mixed && bare == 1 && others == 0,
        })
        .map(|(f, _)| f)
        .collect();
    out.sort_by_key(|f| f.span.start);
    out
}

/// `KOWALCZYK/MAGDALENA`: both halves must be name words in capitals.
fn airline_name(text: &str, r: Range<usize>) -> Option<Found> {
    let s = &text[r.clone()];
    let slash = s.find('/')?;
    let caps = NameRules {
        min: 1,
        max: 4,
        caps_only: true,
        comma: false,
        multiline: false,
    };
    let sur = name_in(text, r.start..r.start + slash, caps)?;
    let giv = name_in(text, r.start + slash + 1..r.end, caps)?;
    if is_title(&sur.value) {
        return None;
    }
    let span = sur.span.start..giv.span.end;
    Some(Found {
        value: text[span.clone()].to_string(),
        span,
    })
}

/// A field's value: on the label's line, or on the next line when the label stands
/// alone (bio pages, `Surname / Nom` above `BIANCHI`).
fn field_value(text: &str, rest: Range<usize>, max: usize) -> Option<Found> {
    let same = NameRules {
        min: 1,
        max,
        multiline: false,
        comma: false,
        caps_only: false,
    };
    let s = &text[rest.clone()];
    let lead = s.len() - s.trim_start_matches([' ', '\t', ':']).len();
    let body = rest.start + lead..rest.end;
    let b = text[body.clone()].trim_end();
    let body = body.start..body.start + b.len();
    if b.starts_with('/') {
        // Bilingual label: the value, if on this line, is the capitals at the end.
        let seg = body.start + b.rfind('/').unwrap_or(0) + 1;
        let caps = NameRules {
            caps_only: true,
            ..same
        };
        let words: Vec<(usize, &str)> = text[seg..body.end]
            .split(' ')
            .scan(seg, |at, w| {
                let here = *at;
                *at += w.len() + 1;
                Some((here, w))
            })
            .collect();
        let mut first = None;
        for &(at, w) in words.iter().rev() {
            if w.is_empty() || !name_word(w, true) {
                break;
            }
            first = Some(at);
        }
        if let Some(at) = first {
            return name_in(text, at..body.end, caps);
        }
        if b.bytes().any(|c| c.is_ascii_digit()) {
            return None;
        }
    } else if !b.is_empty() {
        return name_in(text, body, same);
    }
    // Value on the next line: capitals only, OCR junk before it tolerated.
    let next = body.end.max(rest.end);
    let start = text[next..].find('\n').map(|i| next + i + 1)?;
    let end = line_end(text, start);
    let line = &text[start..end];
    let junk = line.len() - line.trim_start_matches(|c: char| !c.is_alphabetic()).len();
    if junk > 6 {
        return None;
    }
    let value = start + junk..start + line.trim_end().len();
    name_in(
        text,
        value,
        NameRules {
            caps_only: true,
            ..same
        },
    )
}

/// `Surname X` + `Given name(s) Y` within a few lines of each other, as `"Y X"`.
fn surname_given(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let givens: Vec<(usize, Found)> = GIVEN_FIELD
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let f = field_value(text, c.name("rest")?.range(), 4)?;
            Some((whole.start(), f))
        })
        .collect();
    if givens.is_empty() {
        return out;
    }
    for c in SURNAME_FIELD.captures_iter(text) {
        let (Some(whole), Some(rest)) = (c.get(0), c.name("rest")) else {
            continue;
        };
        let Some(sur) = field_value(text, rest.range(), 3) else {
            continue;
        };
        let at = whole.start();
        let near = givens
            .iter()
            .filter(|(g, _)| lines_between(text, at, *g) <= 4)
            .min_by_key(|(g, _)| g.abs_diff(at));
        if let Some((_, giv)) = near {
            let span = sur.span.start.min(giv.span.start)..sur.span.end.max(giv.span.end);
            out.push(Found {
                value: format!("{} {}", giv.value, sur.value),
                span,
            });
        }
    }
    out
}

fn lines_between(text: &str, a: usize, b: usize) -> usize {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    text[lo..hi].bytes().filter(|&c| c == b'\n').count()
}

/// In Russian invitations the country precedes the name (`государства Испания FERNÁNDEZ
/// ALEJANDRO`); the name is the run of Latin-script or all-capital words at the end.
fn trailing_name(text: &str, r: Range<usize>) -> Option<Found> {
    let s = &text[r.clone()];
    let mut toks: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                toks.push(r.start + st..r.start + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        toks.push(r.start + st..r.end);
    }
    let script = |w: &str| w.chars().next().map(is_latin);
    let last_script = script(&text[toks.last()?.clone()])?;
    let mut first = toks.len();
    for (k, t) in toks.iter().enumerate().rev() {
        let w = &text[t.clone()];
        let caps = !w.chars().any(char::is_lowercase);
        if script(w) != Some(last_script) || !(caps || last_script) || !name_word(w, false) {
            break;
        }
        first = k;
    }
    if first >= toks.len() {
        return None;
    }
    name_in(
        text,
        toks[first].start..toks[toks.len() - 1].end,
        NameRules {
            multiline: true,
            comma: false,
            ..FULL
        },
    )
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
}

// ---------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------

/// One word of a name, as the keys it may be spelt with.
struct Word {
    keys: Vec<String>,
}

impl Word {
    fn same(&self, other: &Word) -> bool {
        self.keys.iter().any(|k| other.keys.contains(k))
    }
}

/// A name split into its words, with the surname known when the spelling says so
/// (`SURNAME, Given`, `SURNAME/GIVEN`, `SURNAME<<GIVEN`, `SURNAME Given`).
struct Parsed {
    words: Vec<Word>,
    surname_len: Option<SurnameAt>,
}

#[derive(Clone, Copy)]
enum SurnameAt {
    Front(usize),
    Back(usize),
}

fn words_of(part: &str) -> Vec<(String, bool)> {
    part.split(|c: char| {
        !(c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) || c == '\'' || c == '’')
    })
    .filter(|w| !w.is_empty() && !is_title(w))
    .map(|w| {
        let caps = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase);
        (w.to_string(), caps)
    })
    .filter(|(w, _)| w.chars().any(char::is_alphabetic))
    .collect()
}

fn parse_name(s: &str) -> Parsed {
    let split = s
        .find("<<")
        .map(|i| (i, 2))
        .or_else(|| s.find('/').map(|i| (i, 1)))
        .or_else(|| s.find(',').map(|i| (i, 1)));
    let (words, surname_len) = match split {
        Some((i, w)) => {
            let sur = words_of(&s[..i]);
            let giv = words_of(&s[i + w..]);
            let n = sur.len();
            let all: Vec<_> = sur.into_iter().chain(giv).collect();
            let at = (n > 0 && n < all.len()).then_some(SurnameAt::Front(n));
            (all, at)
        }
        None => {
            let all = words_of(s);
            // Mixed case marks the surname: `WHITFIELD Hannah`, `Hannah WHITFIELD`.
            let lead = all.iter().take_while(|w| w.1).count();
            let trail = all.iter().rev().take_while(|w| w.1).count();
            let at = if lead > 0 && lead < all.len() && !all[lead..].iter().any(|w| w.1) {
                Some(SurnameAt::Front(lead))
            } else if trail > 0
                && trail < all.len()
                && !all[..all.len() - trail].iter().any(|w| w.1)
            {
                Some(SurnameAt::Back(trail))
            } else {
                None
            };
            (all, at)
        }
    };
    let mut words: Vec<Word> = words
        .into_iter()
        .map(|(w, _)| Word { keys: keys(&w) })
        .collect();
    // Airlines glue the title on: `KOWALCZYK/MAGDALENAMS`.
    if s.contains('/')
        && words.len() > 1
        && let Some(last) = words.last_mut()
    {
        let glued = ["MRS", "MR", "MS", "MISS", "MSTR"]
            .iter()
            .find_map(|t| last.keys[0].strip_suffix(t).filter(|r| r.len() >= 2));
        if let Some(bare) = glued {
            let bare = bare.to_string();
            last.keys.push(bare);
        }
    }
    Parsed { words, surname_len }
}

/// The ways to read a name as (surname, given names).
fn readings(p: &Parsed) -> Vec<(&[Word], &[Word])> {
    let w = &p.words[..];
    let n = w.len();
    match p.surname_len {
        Some(SurnameAt::Front(k)) => vec![(&w[..k], &w[k..])],
        Some(SurnameAt::Back(k)) => vec![(&w[n - k..], &w[..n - k])],
        None => (1..n)
            .flat_map(|k| [(&w[n - k..], &w[..n - k]), (&w[..k], &w[k..])])
            .collect(),
    }
}

/// The inviting organisation where a document names it: a form's `Host organisation`
/// (or `Inviting company`, `Принимающая организация`) field, or the subject of an
/// invitation's "X hereby invites" / "ТОО «X» приглашает". `value` is trimmed, the span
/// covers it.
pub fn host_names(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for re in [&*HOST_FIELD, &*HOST_INVITES] {
        for c in re.captures_iter(text) {
            let Some(m) = c.name("host").or_else(|| c.name("host2")) else {
                continue;
            };
            let value = m.as_str().trim_end_matches([' ', ',', '.', ':']).trim();
            let words = value.split_whitespace().count();
            if (1..=8).contains(&words) && value.chars().any(char::is_alphabetic) {
                let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
                out.push(Found {
                    value: value.to_string(),
                    span: start..start + value.len(),
                });
            }
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

static HOST_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^[ \t]*(?:host|inviting)[ \t]+(?:organi[sz]ation|company|party|entity)[ \t]*:?[ \t]+(?P<host>[^\n]{2,80})$|^[ \t]*(?:принимающая|приглашающая)[ \t]+(?:организация|сторона|компания)[ \t]*:?[ \t]+(?P<host2>[^\n]{2,80})$",
    )
    .expect("host field regex")
});

static HOST_INVITES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?P<host>[^\n]{2,80}?)[ \t]+(?:hereby[ \t]+)?(?:invites|приглашает|шақырады)\b")
        .expect("host invites regex")
});

/// Whether two spellings name the same person (ICAO folding, any order, middle names optional).
pub fn same_name(a: &str, b: &str) -> bool {
    let (pa, pb) = (parse_name(a), parse_name(b));
    if pa.words.is_empty() || pb.words.is_empty() {
        return false;
    }
    if pa.words.len() == 1 || pb.words.len() == 1 {
        return pa.words.len() == pb.words.len() && pa.words[0].same(&pb.words[0]);
    }
    let ra = readings(&pa);
    let rb = readings(&pb);
    ra.iter().any(|(sa, ga)| {
        rb.iter()
            .any(|(sb, gb)| same_seq(sa, sb) && given_agree(ga, gb))
    })
}

fn same_seq(a: &[Word], b: &[Word]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
}

/// The first given name must agree; the shorter list may leave out later names.
fn given_agree(a: &[Word], b: &[Word]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let (Some(s0), Some(l0)) = (short.first(), long.first()) else {
        return false;
    };
    if !s0.same(l0) {
        return false;
    }
    let mut it = long[1..].iter();
    short[1..].iter().all(|w| it.any(|l| l.same(w)))
}

/// Folds a word to the keys it may be spelt with: uppercase ASCII after ICAO 9303
/// transliteration, with `AE`/`OE`/`UE`/`AA` collapsed so that `SCHRÖDER`,
/// `SCHROEDER` and `SCHRODER` agree. Cyrillic gets the ICAO key and the common
/// `Y`-style one (`Й`→`Y`, `Я`→`YA`).
fn keys(w: &str) -> Vec<String> {
    let cyrillic = w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let mut out = vec![collapse(&fold(w, false))];
    if cyrillic {
        let alt = collapse(&fold(w, true));
        if alt != out[0] {
            out.push(alt);
        }
    }
    out
}

fn fold(w: &str, alt: bool) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars().flat_map(char::to_uppercase) {
        if c.is_ascii_uppercase() {
            out.push(c);
            continue;
        }
        let s = match c {
            'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
            'Ä' | 'Æ' => "AE",
            'Å' => "AA",
            'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
            'Ď' | 'Đ' | 'Ð' => "D",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
            'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
            'Ĥ' | 'Ħ' => "H",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
            'Ĳ' => "IJ",
            'Ĵ' => "J",
            'Ķ' => "K",
            'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
            'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' => "O",
            'Ö' | 'Ø' | 'Œ' => "OE",
            'Ŕ' | 'Ŗ' | 'Ř' => "R",
            'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
            'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
            'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
            'Ü' => "UE",
            'Ŵ' => "W",
            'Ý' | 'Ÿ' | 'Ŷ' => "Y",
            'Ź' | 'Ż' | 'Ž' => "Z",
            'Þ' => "TH",
            'ẞ' => "SS",
            'А' | 'Ә' => "A",
            'Б' => "B",
            'В' => "V",
            'Г' | 'Ғ' | 'Ґ' => "G",
            'Д' => "D",
            'Е' | 'Ё' | 'Э' => "E",
            'Є' => "IE",
            'Ж' => "ZH",
            'З' => "Z",
            'И' | 'І' | 'Ї' => "I",
            'Й' => {
                if alt {
                    "Y"
                } else {
                    "I"
                }
            }
            'К' | 'Қ' => "K",
            'Л' => "L",
            'М' => "M",
            'Н' | 'Ң' => "N",
            'О' | 'Ө' => "O",
            'П' => "P",
            'Р' => "R",
            'С' => "S",
            'Т' => "T",
            'У' | 'Ұ' | 'Ү' => "U",
            'Ф' => "F",
            'Х' => "KH",
            'Һ' => "H",
            'Ц' => "TS",
            'Ч' => "CH",
            'Ш' => "SH",
            'Щ' => "SHCH",
            'Ъ' => {
                if alt {
                    ""
                } else {
                    "IE"
                }
            }
            'Ы' => "Y",
            'Ь' => "",
            'Ю' => {
                if alt {
                    "YU"
                } else {
                    "IU"
                }
            }
            'Я' => {
                if alt {
                    "YA"
                } else {
                    "IA"
                }
            }
            // Apostrophes, combining marks and anything unknown carry no identity.
            _ => "",
        };
        out.push_str(s);
    }
    out
}

/// `AE`→`A`, `OE`→`O`, `UE`→`U`, `AA`→`A`: the umlaut and ring spellings of ICAO
/// against the plain letter that airlines and banks print.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        let merge = (c == 'E' && matches!(prev, 'A' | 'O' | 'U')) || (c == 'A' && prev == 'A');
        if merge {
            // The pair is spent: `AAA` is `A` + `A`, not one letter.
            prev = ' ';
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Passport numbers compared without spaces and case: None when equal, else the edit
/// distance (an adjacent transposition counts 1).
pub fn number_distance(a: &str, b: &str) -> Option<usize> {
    let clean = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let (a, b) = (clean(a), clean(b));
    if a == b {
        return None;
    }
    // Optimal string alignment: Levenshtein plus adjacent transpositions.
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    Some(d[n][m])
}

#[cfg(test)]
mod tests {

    #[test]
    fn finds_the_host_in_forms_and_invitations() {
        let form = "Purpose of visit Business negotiations\nHost organisation Altyn Dala Trading LLP\nHost address 240 Dostyk Ave\n";
        let found = host_names(form);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, "Altyn Dala Trading LLP");
        assert_eq!(&form[found[0].span.clone()], "Altyn Dala Trading LLP");
        let letter = "LETTER OF INVITATION\nNomad Agro Holding JSC hereby invites Mr Takeshi Kobayashi, born July 23, 1974,\n";
        assert_eq!(host_names(letter)[0].value, "Nomad Agro Holding JSC");
        let ru = "ПРИГЛАШЕНИЕ\nТОО «Алтын Дала Трейдинг» приглашает гражданку государства Япония KOBAYASHI AIKO,\n";
        assert_eq!(host_names(ru)[0].value, "ТОО «Алтын Дала Трейдинг»");
        assert_eq!(
            host_names("Inviting company: Steppe Logistics LLP\n")[0].value,
            "Steppe Logistics LLP"
        );
        assert!(host_names("Host address 240 Dostyk Ave\nWe invite you to\n").is_empty());
    }

    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        passport_numbers(text)
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        applicant_names(text).into_iter().map(|f| f.value).collect()
    }

    /// Every span must cut the text on char boundaries and hold what the value says.
    fn spans_ok(text: &str) {
        for f in passport_numbers(text) {
            let s = text
                .get(f.span.clone())
                .expect("number span on char boundaries");
            let cleaned: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(cleaned.to_uppercase(), f.value, "{text:?}");
        }
        for f in applicant_names(text) {
            assert!(text.get(f.span.clone()).is_some(), "{text:?}");
        }
    }

    // --- passport numbers -------------------------------------------------------------

    #[test]
    fn numbers_after_english_labels() {
        let cases = [
            ("Passport No. TH0076930", "TH0076930"),
            ("Passport number TH0076930", "TH0076930"),
            ("Passport MTP204787", "MTP204787"),
            ("PASSPORT : 24BH99661", "24BH99661"),
            ("Passport No: L898902C3", "L898902C3"),
            ("Passport #YET490374", "YET490374"),
            ("Passport/Document No. HW7019104", "HW7019104"),
            ("Travel document number: TC1449503", "TC1449503"),
            ("Document no. 69593278", "69593278"),
            ("No. of passport: 945196820", "945196820"),
            ("passport no. cn93658wl", "CN93658WL"),
            (
                "This is to confirm that Ms Magdalena Kowalczyk, holder of passport No. TH0076930, has been employed by Atlas",
                "TH0076930",
            ),
            (
                "September 1974, citizen of Poland, passport No. TH0076930, valid until 5 September",
                "TH0076930",
            ),
            (
                "I, KOWALCZYK, Magdalena, Polish citizen, passport No. TH0076930, respectfully apply for a single-entry",
                "TH0076930",
            ),
            (
                "Kingdom, passport No. 945196820, valid until 23.04.2035.",
                "945196820",
            ),
            ("holder of passport No. 50VC81948.", "50VC81948"),
        ];
        for (text, want) in cases {
            assert_eq!(numbers(text), [want], "{text}");
            spans_ok(text);
        }
    }

    #[test]
    fn numbers_after_russian_and_kazakh_labels() {
        let ru = "HANNAH, 06.02.1995 г.р., паспорт № 945196820, действителен до 23 апреля 2035 г., посетить";
        assert_eq!(numbers(ru), ["945196820"]);
        let f = &passport_numbers(ru)[0];
        assert_eq!(&ru[f.span.clone()], "945196820");
        assert_eq!(numbers("номер паспорта: NPV202365"), ["NPV202365"]);
        assert_eq!(numbers("Номер паспорта 34KM60414"), ["34KM60414"]);
        assert_eq!(numbers("паспорта № JJ3677475,"), ["JJ3677475"]);
        assert_eq!(numbers("төлқұжат № TS1054494"), ["TS1054494"]);
        assert_eq!(numbers("Төлқұжат нөмірі: M98521844"), ["M98521844"]);
        let series = "паспорт серии 45 12 № 345678, выдан";
        assert_eq!(numbers(series), ["4512345678"]);
        let f = &passport_numbers(series)[0];
        assert_eq!(&series[f.span.clone()], "45 12 № 345678");
        assert_eq!(
            numbers("заграничный паспорт серия 75 № 1234567"),
            ["751234567"]
        );
    }

    #[test]
    fn spaced_numbers_keep_their_groups() {
        let t = "Passport number 945 196 820 issued";
        let f = passport_numbers(t);
        assert_eq!(f[0].value, "945196820");
        assert_eq!(&t[f[0].span.clone()], "945 196 820");
        assert_eq!(numbers("Passport No. AB 1234567"), ["AB1234567"]);
        assert_eq!(numbers("Passport No. 945196820 2 pages"), ["945196820"]);
    }

    #[test]
    fn numbers_on_the_line_below_a_bio_page_label() {
        let bio = "PASSPORT PASSEPORT ITALY\nType / Type Code / Code Passport No. / N° du passeport\nP ITA UT8492112\nSumame / Nom\nBIANCHI\n";
        assert_eq!(numbers(bio), ["UT8492112"]);
        spans_ok(bio);
        assert_eq!(numbers("Passport number\nLSD430553\n"), ["LSD430553"]);
        // A label alone above an ordinary field gives nothing.
        assert!(numbers("Passport No.\nDate of birth 12 SEP 1974").is_empty());
        assert!(numbers("Passport No.").is_empty());
        assert!(numbers("Passport No. ").is_empty());
    }

    #[test]
    fn no_numbers_from_words_dates_phones_or_references() {
        let texts = [
            "Passport type Ordinary",
            "Passport No.",
            "Please find enclosed: Passport; Form; Photo; Invitation; Employer Letter; Bank Statements;",
            "Please find enclosed: Passport Bio Page; Form; Photo; Letter Of Invitation;",
            "PASSENGERS MUST HOLD VALID TRAVEL DOCUMENTS FOR ALL COUNTRIES ON THE ITINERARY.",
            "Passengers must hold valid travel documents and visas for all countries on the",
            "passport No valid",
            "passport number and expiry date",
            "Passport 12.01.2027",
            "Passport issued 6 September 2024",
            "Passport: +7 7252 39 55 42",
            "Passport office tel. 8 701 234 56 78",
            "Passport 8 701 234 56 78",
            "Passport No. 2",
            "Passport ref. 196/26",
            "Passport 235-2884278266",
            "IBAN PL85 9557 4975 9844 1698",
            "TICKET NUMBER : 235-4576250715",
            "Ticket number 235-2884278266",
            "БИН 131583739397",
            "BIN 131583739397 · tel. +7 7252 39 55 42",
            "Application no. KZ2026954646 Visa category: B1",
            "Passport number KZ2026954646",
            "Telephone +52 204 1540469",
            "Исх. № 196/26",
            "P<POLKOWALCZYK<<MAGDALENA<<<<<<<<<<<<<<<<<<<\nTH00769303POL7409129F3409051<<<<<<<<<<<<<<04",
            "Passport Scan; Form; Photo",
            "This certificate confirms that the insured person holds valid travel medical insurance",
        ];
        for t in texts {
            assert!(numbers(t).is_empty(), "{t}: {:?}", numbers(t));
            spans_ok(t);
        }
    }

    #[test]
    fn whole_insurance_certificate() {
        let t = "Nordic Travel Guard\nTravel medical insurance\nCERTIFICATE OF TRAVEL MEDICAL INSURANCE\nPolicy number TMI-3196748\nInsured person ALEJANDRO ORTEGA\nDate of birth 14.07.1967\nPassport MTP204787\nPeriod of cover from 28.12.2026 to 07.01.2027\nSum insured EUR 50,000\nIssued 22.11.2026\nThis certificate confirms that the insured person holds valid travel medical insurance meeting\nthe requirements for a visa to the Republic of Kazakhstan. 24/7 assistance: +44 20 7946\n0000.\n";
        assert_eq!(numbers(t), ["MTP204787"]);
        assert_eq!(names(t), ["ALEJANDRO ORTEGA"]);
        spans_ok(t);
    }

    #[test]
    fn invitation_in_two_languages() {
        let t = "АО «Номад Агро Холдинг»\nБИН 215874901332 · тел. +7 7252 39 55 42 · info@nomad.kz\nИсх. № 196/26\n\
ПРИГЛАШЕНИЕ\nАО «Номад Агро Холдинг» приглашает гражданку государства Великобритания WHITFIELD\n\
HANNAH, 06.02.1995 г.р., паспорт № 945196820, действителен до 23 апреля 2035 г., посетить\n\
Nomad Agro Holding JSC hereby invites WHITFIELD Hannah, born 06.02.1995, citizen of United\n\
Kingdom, passport No. 945196820, valid until 23.04.2035, Head of Partnerships of Keystone Energy\n\
Yours faithfully,\nSaule Omarova\nDirector\n";
        assert_eq!(numbers(t), ["945196820", "945196820"]);
        let n = applicant_names(t);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].value, "WHITFIELD HANNAH");
        assert_eq!(&t[n[0].span.clone()], "WHITFIELD\nHANNAH");
        assert_eq!(n[1].value, "WHITFIELD Hannah");
        assert!(same_name(&n[0].value, &n[1].value));
        spans_ok(t);
    }

    // --- names ------------------------------------------------------------------------

    #[test]
    fn names_from_formulas() {
        let cases = [
            (
                "Baiterek Engineering LLP hereby invites MAGDALENA KOWALCZYK, born 12\nSeptember 1974, citizen of Poland",
                "MAGDALENA KOWALCZYK",
            ),
            (
                "Baiterek Engineering LLP hereby invites Ms Katrin Schröder, born 6 November 1967, citizen of Germany,",
                "Katrin Schröder",
            ),
            (
                "Zhetysu Pharma LLP hereby invites MITCHELL Christopher, born August 18, 1982, citizen of",
                "MITCHELL Christopher",
            ),
            (
                "Nomad Agro Holding JSC hereby invites Ms Élodie Lefèvre, born 5 March 1992, citizen of",
                "Élodie Lefèvre",
            ),
            (
                "This is to confirm that Ms Magdalena Kowalczyk, holder of passport No. TH0076930, has been employed by Atlas",
                "Magdalena Kowalczyk",
            ),
            (
                "This is to confirm that Élodie Lefèvre, holder of passport No. 50VC81948, has been employed by",
                "Élodie Lefèvre",
            ),
            (
                "I, KOWALCZYK, Magdalena, Polish citizen, passport No. TH0076930, respectfully apply for a single-entry",
                "KOWALCZYK, Magdalena",
            ),
            (
                "I, Hannah Whitfield, British citizen, passport No. 945196820, respectfully apply for a single-entry",
                "Hannah Whitfield",
            ),
            (
                "I, Christopher Mitchell, American citizen, passport No. 135653049, respectfully apply",
                "Christopher Mitchell",
            ),
            (
                "I, Linnea Åberg, Swedish citizen, passport No. 69593278, respectfully apply for a single-entry business",
                "Linnea Åberg",
            ),
            (
                "Dear Consul,\nI, ERIKSSON, Anna Maria, a citizen of Utopia, holder of passport L898902C3",
                "ERIKSSON, Anna Maria",
            ),
            (
                "ТОО «Жетысу Фарма» приглашает гражданина государства Испания FERNÁNDEZ ALEJANDRO,\n01.05.1990 г.р., паспорт № NPV202365",
                "FERNÁNDEZ ALEJANDRO",
            ),
            (
                "ТОО «Сарыарка Майнинг Консалт» приглашает гражданина государства Франция\nLEFÈVRE NICOLAS, 21.04.1979 г.р., паспорт № 34KM60414",
                "LEFÈVRE NICOLAS",
            ),
            (
                "ТОО «Жетысу Фарма» приглашает гражданина государства Соединённые Штаты Америки MITCHELL CHRISTOPHER, 18.08.1982 г.р.",
                "MITCHELL CHRISTOPHER",
            ),
            (
                "АО «Тест» приглашает гражданина США MITCHELL CHRISTOPHER, 18.08.1982 г.р.",
                "MITCHELL CHRISTOPHER",
            ),
            (
                "ТОО «Тест» приглашает гражданина Республики Казахстан ИВАНОВА МАРАТА, 01.01.1980 г.р.",
                "ИВАНОВА МАРАТА",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), [want], "{text}");
            spans_ok(text);
        }
        let t = "hereby invites Ms Katrin Schröder, born";
        let f = &applicant_names(t)[0];
        assert_eq!(&t[f.span.clone()], "Katrin Schröder");
    }

    #[test]
    fn names_from_fields() {
        let cases = [
            ("Insured person ALEJANDRO ORTEGA", "ALEJANDRO ORTEGA"),
            ("Insured person ÉLODIE LEFÈVRE", "ÉLODIE LEFÈVRE"),
            ("Account holder MAGDALENA KOWALCZYK", "MAGDALENA KOWALCZYK"),
            ("Account holder: Linnea Åberg", "Linnea Åberg"),
            ("Guest Marta García", "Marta García"),
            ("Name of applicant: Aino Korhonen", "Aino Korhonen"),
            ("Full name: Mr Giovanni Ricci", "Giovanni Ricci"),
            ("Name JOHN SMITH", "JOHN SMITH"),
            ("Applicant's name: Minjun Lee", "Minjun Lee"),
            ("Passenger Ms Camille Moreau", "Camille Moreau"),
            (
                "Insured person CHRISTOPHER MITCHELL    Date of birth 18.08.1982",
                "CHRISTOPHER MITCHELL",
            ),
            ("Account holder Jan van der Berg", "Jan van der Berg"),
            ("Account holder Seán O'Brien-Kelly", "Seán O'Brien-Kelly"),
            ("ФИО: ИВАНОВ ИВАН ИВАНОВИЧ", "ИВАНОВ ИВАН ИВАНОВИЧ"),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), [want], "{text}");
            spans_ok(text);
        }
    }

    #[test]
    fn airline_names() {
        let cases = [
            (
                "PASSENGER NAME : KOWALCZYK/MAGDALENA MS",
                "KOWALCZYK/MAGDALENA",
            ),
            ("Passenger SCHROEDER/KATRIN MS", "SCHROEDER/KATRIN"),
            ("Passenger MITCHELL/CHRISTOPHER MR", "MITCHELL/CHRISTOPHER"),
            (
                "Passenger name: ERIKSSON/ANNA MARIA MRS",
                "ERIKSSON/ANNA MARIA",
            ),
            ("PASSENGER NAME : AABERG/LINNEA MS", "AABERG/LINNEA"),
            ("Passenger LEE/MINJUN", "LEE/MINJUN"),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), [want], "{text}");
            spans_ok(text);
        }
        let t = "Turkish Airlines\nPassenger SCHROEDER/KATRIN MS\nBooking reference S1Y3X3\nTicket number 235-2884278266\nPassport CN93658WL\n";
        assert_eq!(names(t), ["SCHROEDER/KATRIN"]);
        assert_eq!(numbers(t), ["CN93658WL"]);
    }

    #[test]
    fn surname_and_given_fields() {
        let form = "1. Personal data\nSurname KOWALCZYK\nGiven name(s) MAGDALENA\nSex Female\nDate of birth 12 September 1974\n\
Place of birth Warsaw\nNationality Poland\nTelephone +52 204 1540469\n2. Passport\nPassport type Ordinary\n\
Passport number TH0076930\nIssuing country Poland\nDate of issue 6 September 2024\nHost organisation Baiterek Engineering LLP\n\
Signature of applicant Magdalena Kowalczyk\n";
        let n = applicant_names(form);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].value, "MAGDALENA KOWALCZYK");
        assert_eq!(
            &form[n[0].span.clone()],
            "KOWALCZYK\nGiven name(s) MAGDALENA"
        );
        assert_eq!(numbers(form), ["TH0076930"]);

        let passport = "Passport No. 69593278\nSurname ÅBERG\nGiven names LINNEA\nDate of birth 19 AUG 1991\n\
P<SWEAABERG<<LINNEA<<<<<<<<<<<<<<<<<<<<<<<<<\n69593278<1SWE9108194F3201222<<<<<<<<<<<<<<06\n";
        assert_eq!(names(passport), ["LINNEA ÅBERG"]);
        assert_eq!(numbers(passport), ["69593278"]);

        let bio = "PASSPORT PASSEPORT ITALY\nType / Type Code / Code Passport No. / N° du passeport\nP ITA HW7019104\n\
Sumame / Nom\nRICCI\nGiven names / Prénoms\n-_- = GIOVANNI\ni < Nationality / Nationalité\n; ITALIAN\n\
P<ITARICCI<<GIOVANNI<<<<< <<< SKK SKK KEKE\nHW701910451TA8702089M3011179<<<<<<<<<<<<<<04\n";
        assert_eq!(names(bio), ["GIOVANNI RICCI"]);
        assert_eq!(numbers(bio), ["HW7019104"]);
        spans_ok(bio);

        assert_eq!(
            names("Surname / Nom BIANCHI\nGiven names / Prénoms FRANCESCA"),
            ["FRANCESCA BIANCHI"]
        );
        assert_eq!(names("Фамилия ИВАНОВ\nИмя ИВАН"), ["ИВАН ИВАНОВ"]);
        assert_eq!(
            names("Last name: Eriksson\nFirst name: Anna Maria"),
            ["Anna Maria Eriksson"]
        );
        // A surname alone is not a name; nor are labels read as values.
        assert!(names("Surname KOWALCZYK\nSex Female").is_empty());
        assert!(names("Surname\nGiven names\nNationality").is_empty());
    }

    #[test]
    fn no_names_from_prose_companies_or_lists() {
        let texts = [
            "PASSENGERS MUST HOLD VALID TRAVEL DOCUMENTS FOR ALL COUNTRIES ON THE ITINERARY.",
            "This certificate confirms that the insured person holds valid travel medical insurance meeting",
            "Zhetysu Pharma LLP guarantees that the guest will comply with the laws of the Republic of",
            "Name Baiterek Engineering LLP",
            "Name of hotel: Alatau Grand Hotel",
            "Account holder ATLAS ENERGY COMPONENTS",
            "Guest 2 adults",
            "Passenger /",
            "Passenger NAME",
            "Sum insured EUR 50,000",
            "Customer service +49 714 680 9250 · Statement of account",
            "IBAN PL85 9557 4975 9844 1698",
            "BIN 131583739397",
            "Руководитель Ерлан Жақсыбеков",
            "We invite you to visit our stand, hall 3",
            "I, the undersigned, hereby declare that the information is correct.",
            "Account holder JOHN SMITH, JANE SMITH",
            "Name Jo",
            "Insured person A B",
            "P<POLKOWALCZYK<<MAGDALENA<<<<<<<<<<<<<<<<<<<",
            "Please find enclosed: Passport; Form; Photo",
        ];
        for t in texts {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
            spans_ok(t);
        }
    }

    #[test]
    fn other_wordings() {
        let t = "We are pleased to invite Ms Anna Maria Eriksson (born 12 August 1974, passport L898902C3) to";
        assert_eq!(names(t), ["Anna Maria Eriksson"]);
        assert_eq!(numbers(t), ["L898902C3"]);
        let t = "We hereby certify that Mr. John Smith, born 01.01.1980, is employed";
        assert_eq!(names(t), ["John Smith"]);
        assert_eq!(names("Guest name: Ms. Anna Eriksson"), ["Anna Eriksson"]);
        assert_eq!(
            names("Passenger KOWALCZYK MAGDALENA MS"),
            ["KOWALCZYK MAGDALENA"]
        );
        assert_eq!(
            names("приглашает гражданку Швеции ERIKSSON ANNA MARIA, 12.08.1974 г.р."),
            ["ERIKSSON ANNA MARIA"]
        );
        // Cyrillic names in Russian prose are declined (`Анну`): not read.
        assert!(names("приглашает гражданку Швеции Анну Эрикссон, 12.08.1974 г.р.").is_empty());
        assert!(names("Dear Ms Eriksson,\nYours sincerely,\nAnna Eriksson").is_empty());
    }

    #[test]
    fn list_fields_naming_several_people_are_dropped() {
        let t = "Passenger SMITH/JOHN MR\nPassenger DOE/JANE MS\n";
        assert!(names(t).is_empty());
        let t = "Guest John Smith\nGuest Jane Doe\n";
        assert!(names(t).is_empty());
        // The same person twice is fine.
        let t = "Passenger SMITH/JOHN MR\nGuest John Smith\n";
        assert_eq!(names(t).len(), 2);
        // A bare `Name` only counts when nothing else names anyone.
        let t = "Surname KOWALCZYK\nGiven names MAGDALENA\nHost\nName Erlan Zhaksybekov\n";
        assert_eq!(names(t), ["MAGDALENA KOWALCZYK"]);
        assert!(names("Name John Smith\nName Erlan Zhaksybekov").is_empty());
    }

    // --- comparison -------------------------------------------------------------------

    #[test]
    fn same_name_tolerates_spelling() {
        let same = [
            ("ERIKSSON, ANNA MARIA", "Anna Maria Eriksson"),
            ("ERIKSSON<<ANNA<MARIA", "anna maria eriksson"),
            ("ANNA MARIA ERIKSSON", "Anna Eriksson"),
            ("ERIKSSON/ANNA MARIA MRS", "Ms Anna Eriksson"),
            ("Katrin Schröder", "SCHROEDER/KATRIN"),
            ("Katrin Schröder", "KATRIN SCHRODER"),
            ("SCHRODER KATRIN", "Katrin SCHROEDER"),
            ("Linnea Åberg", "AABERG/LINNEA"),
            ("Linnea Åberg", "LINNEA ABERG"),
            ("Hans Müller", "MUELLER, HANS"),
            ("Hans Müller", "Hans Muller"),
            ("Claus Weiß", "CLAUS WEISS"),
            ("Søren Kierkegaard", "SOEREN KIERKEGAARD"),
            ("Ærø Dahl", "AEROE DAHL"),
            ("José Muñoz", "JOSE MUNOZ"),
            ("Michał Kowalczyk", "MICHAL KOWALCZYK"),
            ("Élodie Lefèvre", "LEFEVRE/ELODIE"),
            ("WHITFIELD Hannah", "Hannah Whitfield"),
            ("WHITFIELD\nHANNAH", "HANNAH WHITFIELD"),
            ("KOWALCZYK, Magdalena", "MAGDALENA KOWALCZYK"),
            ("Mr Giovanni Ricci", "RICCI GIOVANNI"),
            ("Jean-Luc Picard", "PICARD<<JEAN<LUC"),
            ("Seán O'Brien", "SEAN OBRIEN"),
            ("KOWALCZYK/MAGDALENAMS", "Magdalena Kowalczyk"),
            ("ИВАНОВ ИВАН", "IVANOV IVAN"),
            ("Юлия Соловьёва", "IULIIA SOLOVEVA"),
            ("Юлия Соловьёва", "YULIYA SOLOVEVA"),
        ];
        for (a, b) in same {
            assert!(same_name(a, b), "{a} vs {b}");
            assert!(same_name(b, a), "{b} vs {a}");
        }
    }

    #[test]
    fn same_name_tells_people_apart() {
        let different = [
            ("Anna Maria Eriksson", "Maria Eriksson"),
            ("Anna Eriksson", "Anna Svensson"),
            ("Francesca Bianchi", "Giulia Bianchi"),
            ("Magdalena Kowalczyk", "Magdalena Zieliński"),
            ("Marta García", "Marta López"),
            ("WHITFIELD/HANNAH", "HANNAH WHITMORE"),
            ("Kowalczyk", "Magdalena Kowalczyk"),
            ("", ""),
            ("Mr", "Mr"),
        ];
        for (a, b) in different {
            assert!(!same_name(a, b), "{a} vs {b}");
            assert!(!same_name(b, a), "{b} vs {a}");
        }
    }

    #[test]
    fn number_distance_counts_edits() {
        assert_eq!(number_distance("L898902C3", "l898902c3"), None);
        assert_eq!(number_distance("TH0076930", "TH 007 6930"), None);
        assert_eq!(number_distance("945196820", "941596820"), Some(1));
        assert_eq!(number_distance("YET490374", "YET493074"), Some(1));
        assert_eq!(number_distance("CN93658WL", "CN93658W"), Some(1));
        assert_eq!(number_distance("CN93658WL", "CN93658WLX"), Some(1));
        assert_eq!(number_distance("CN93658WL", "CN93659WL"), Some(1));
        assert_eq!(number_distance("69593278", "96593287"), Some(2));
        assert_eq!(number_distance("ABC", ""), Some(3));
        assert_eq!(number_distance("", " "), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        let texts = [
            "",
            "\n\n",
            "Passport",
            "passport №",
            "Surname /",
            "Given names /\n",
            "I, ",
            "invites ",
            "приглашает гражданку ,",
            "Passenger /",
            "паспорт серии",
            "Passport No. Ü",
            "Passport 1 2 3 4 5 6 7 8 9 0 1 2",
            "Surname ß\nGiven names Ä",
            "Name ß, ß",
            "Фамилия\nИмя\n",
            "паспорт № 945196820ж",
        ];
        for t in texts {
            spans_ok(t);
            let _ = same_name(t, t);
            let _ = number_distance(t, "x");
        }
        assert!(numbers("паспорт № 945196820ж").is_empty());
    }
}
