//! Dates, date ranges and labelled dates in text extracted from visa documents.
//!
//! Letters, statements, itineraries and certificates in English, Russian and Kazakh
//! write the same day a dozen ways (`12.05.2026`, `12 May 2026`, `May 12, 2026`,
//! `19DEC2026`, `«12» мая 2026 г.`, `2026 жылғы 12 мамырдан`). This module finds them
//! with byte spans into the original text, so callers can quote the source, and
//! attaches the role a nearby phrase gives them (arrival, cover period, birth...).
//!
//! Spans cover the date itself: an opening guillemet around the day is included,
//! trailing `г.` / `года` / `ж.` and weekday names are not. Kazakh case endings stay
//! inside the span because they are part of the month word.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::{Captures, Regex};

use crate::text::window::{back_window, line_start};

pub use crate::pack::day::DateOrder;

/// One date found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFact {
    /// The calendar date.
    pub date: Date,
    /// Byte range of the date's text in the searched string.
    pub span: Range<usize>,
    /// The role a nearby phrase gives the date, if any.
    pub label: Option<DateLabel>,
}

/// The role of a date in a document, taken from the phrase before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLabel {
    /// Arrival, entry, check-in.
    Arrival,
    /// Departure, return, check-out.
    Departure,
    /// First day of the invited or planned stay.
    StayFrom,
    /// Last day of the invited or planned stay.
    StayUntil,
    /// Start of validity or insurance cover.
    ValidFrom,
    /// End of validity or insurance cover.
    ValidUntil,
    /// Date of issue of the document.
    Issued,
    /// First day of a bank statement period.
    StatementFrom,
    /// Last day of a bank statement period.
    StatementTo,
    /// Date of birth.
    Birth,
    /// Expiry date of a passport or card.
    Expiry,
    /// Date a letter was written (`Date:` line or `City, date` line).
    Signed,
}

impl DateLabel {
    /// Stable snake_case name for reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DateLabel::Arrival => "arrival",
            DateLabel::Departure => "departure",
            DateLabel::StayFrom => "stay_from",
            DateLabel::StayUntil => "stay_until",
            DateLabel::ValidFrom => "valid_from",
            DateLabel::ValidUntil => "valid_until",
            DateLabel::Issued => "issued",
            DateLabel::StatementFrom => "statement_from",
            DateLabel::StatementTo => "statement_to",
            DateLabel::Birth => "birth",
            DateLabel::Expiry => "expiry",
            DateLabel::Signed => "signed",
        }
    }
}

/// Two dates written as a period ("from X to Y", "X – Y", "с X по Y").
#[derive(Debug, Clone, PartialEq)]
pub struct DateRange {
    /// The first day.
    pub from: DateFact,
    /// The last day; never before `from`.
    pub to: DateFact,
    /// Byte range from the start of `from` to the end of `to`.
    pub span: Range<usize>,
}

/// Every date in `text`, in text order, labelled when a label phrase precedes it closely.
///
/// Dates that form a range get the range's pair of labels (the end of a cover period is
/// `ValidUntil` even though only "to" precedes it).
pub fn find_dates(text: &str, order: DateOrder) -> Vec<DateFact> {
    analyse(text, order).0
}

/// Every range of two dates in `text`, in text order, with `from <= to`.
pub fn find_ranges(text: &str, order: DateOrder) -> Vec<DateRange> {
    analyse(text, order).1
}

/// The date if `text` (a form field, a table cell) holds exactly one date and nothing else.
pub fn parse_date(text: &str, order: DateOrder) -> Option<Date> {
    let trimmed = text.trim();
    let found = candidates(trimmed, order);
    let [(date, ref span)] = found[..] else {
        return None;
    };
    let rest = trimmed[span.end..].trim_start();
    let suffix_only = rest.is_empty() || rest == "." || YEAR_WORD.is_match(rest);
    (span.start == 0 && suffix_only).then_some(date)
}

// ---------------------------------------------------------------------------
// Finding dates

/// The written shapes of a date; each has its own regex and reading rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `2026-05-12`, `2026/05/12`, `2026.05.12`.
    YearMonthDay,
    /// `12.05.2026`, `12/05/2026`, `12-05-2026`, `12.05.26`.
    Numeric,
    /// `12 May 2026`, `12-May-2026`, `19DEC2026`, `«12» мая 2026`.
    DayMonthYear,
    /// `May 12, 2026`, `May 12 2026`.
    MonthDayYear,
    /// Kazakh `2026 жылғы 12 мамыр`.
    YearDayMonth,
}

const SHAPES: [Shape; 5] = [
    Shape::YearMonthDay,
    Shape::Numeric,
    Shape::DayMonthYear,
    Shape::MonthDayYear,
    Shape::YearDayMonth,
];

/// Horizontal whitespace: spaces, tabs, stray CRs, and the no-break spaces of typeset text.
const H: &str = r"[\x20\t\r\xA0\u202F]";

// Horizontal whitespace, then at most one line break: pdftotext wraps "to 4\nJanuary
// 2027", but a date never spans a paragraph.
const WS: &str = r"[\x20\t\r\xA0\u202F]*\n?[\x20\t\r\xA0\u202F]*";

static YMD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>\d{4})(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])(?P<d>\d{1,2})")
        .expect("valid regex")
});

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<a>\d{1,2})(?P<s1>[-/.])(?P<b>\d{1,2})(?P<s2>[-/.])(?P<y>\d{4}|\d{2})")
        .expect("valid regex")
});

// Month words are matched as any letters and checked by `month_of`, which keeps the
// regex small and lets the lazy DFA stay fast on Cyrillic text. No `\b`: Unicode word
// boundaries push the regex crate off its DFA; boundaries are checked by hand.
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r#"(?:[«"“„]{H}*)?(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?(?:{H}*[»"”])?(?P<sep>{WS}(?:(?i:of){H}+)?|{H}*[-/.]{H}*)(?P<m>\p{{L}}{H}?\p{{L}}{{2,}}\.?)(?:,?{WS}|{H}*[-/]{H}*)(?P<y>\d{{4}})"#
    );
    Regex::new(&pattern).expect("valid regex")
});

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?P<m>\p{{L}}{{3,}}\.?)(?:{WS}|{H}*[-/]{H}*)(?P<d>\d{{1,2}})(?i:st|nd|rd|th)?(?:,{WS}|{H}+\n?{H}*|{H}*\n{H}*)(?P<y>\d{{4}})"
    );
    Regex::new(&pattern).expect("valid regex")
});

static YDM: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r#"(?P<y>\d{{4}}){H}*(?i:жылғы|жылы|ж\.){WS}[«"]?(?P<d>\d{{1,2}})[»"]?{H}*(?P<m>\p{{L}}{{3,}})"#
    );
    Regex::new(&pattern).expect("valid regex")
});

/// A year word glued to the year ("2026г.", "2026ж.") is not a reference number.
static YEAR_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:гг|года?|г|жылғы|жылы|жыл|ж)(?:[^\p{L}\p{N}]|$)").expect("valid regex")
});

/// A page number on its own line must not join the month heading below it.
static PAGE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:page|p\.|стр\.?|страница|бет|of|из){H}*$")).expect("valid regex")
});

impl Shape {
    fn regex(self) -> &'static Regex {
        match self {
            Shape::YearMonthDay => &YMD,
            Shape::Numeric => &NUMERIC,
            Shape::DayMonthYear => &DMY,
            Shape::MonthDayYear => &MDY,
            Shape::YearDayMonth => &YDM,
        }
    }
}

/// All dates with their spans, in text order, without overlaps.
fn candidates(text: &str, order: DateOrder) -> Vec<(Date, Range<usize>)> {
    let mut found = Vec::new();
    for shape in SHAPES {
        scan(text, shape, order, &mut found);
    }
    // Where shapes overlap, the earlier and then the longer reading wins: the Kazakh
    // "2026 жылғы 19 желтоқсаннан 2027" must not also yield 19 December 2027.
    found.sort_by(|a, b| a.1.start.cmp(&b.1.start).then(b.1.end.cmp(&a.1.end)));
    let mut kept: Vec<(Date, Range<usize>)> = Vec::with_capacity(found.len());
    for (date, span) in found {
        if kept.last().is_none_or(|(_, last)| span.start >= last.end) {
            kept.push((date, span));
        }
    }
    kept
}

fn scan(text: &str, shape: Shape, order: DateOrder, out: &mut Vec<(Date, Range<usize>)>) {
    let re = shape.regex();
    let mut at = 0;
    while at <= text.len() {
        let Some(caps) = re.captures_at(text, at) else {
            break;
        };
        let Some(whole) = caps.get(0) else {
            break;
        };
        match read(text, &caps, shape, order) {
            Some(date) => {
                out.push((date, whole.range()));
                at = whole.end();
            }
            // A rejected look-alike may hide a real date starting inside it.
            None => at = next_char(text, whole.start()),
        }
    }
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

fn num(caps: &Captures, name: &str) -> Option<i16> {
    caps.name(name)?.as_str().parse().ok()
}

/// The date a regex match stands for, if it is a real date standing on its own.
fn read(text: &str, caps: &Captures, shape: Shape, order: DateOrder) -> Option<Date> {
    let whole = caps.get(0)?;
    let (start, end) = (whole.start(), whole.end());
    let year = num(caps, "y")?;
    match shape {
        Shape::YearMonthDay | Shape::Numeric => {
            let sep = caps.name("s1")?.as_str();
            if sep != caps.name("s2")?.as_str() {
                return None;
            }
            let sep = sep.chars().next()?;
            if glued_numeric(text, start, end, sep) {
                return None;
            }
            if shape == Shape::YearMonthDay {
                return make(year, num(caps, "m")?, num(caps, "d")?);
            }
            let (a_text, b_text) = (caps.name("a")?.as_str(), caps.name("b")?.as_str());
            let year = if caps.name("y")?.as_str().len() == 2 {
                // Two-digit years appear in dotted Russian/European dates only; with
                // slashes or hyphens they are mostly codes and fractions.
                if sep != '.' || a_text.len() != 2 || b_text.len() != 2 {
                    return None;
                }
                if year < 70 { 2000 + year } else { 1900 + year }
            } else {
                year
            };
            let (a, b): (i16, i16) = (a_text.parse().ok()?, b_text.parse().ok()?);
            let (day, month) = match order {
                DateOrder::Dmy => (a, b),
                DateOrder::Mdy => (b, a),
            };
            // Only one reading is possible when the "month" is above 12, so take it
            // rather than losing a US date read with the default order.
            if month > 12 {
                make(year, day, month)
            } else {
                make(year, month, day)
            }
        }
        Shape::DayMonthYear | Shape::MonthDayYear | Shape::YearDayMonth => {
            if glued_words(text, start, end, shape) {
                return None;
            }
            let word = caps.name("m")?;
            if shape == Shape::MonthDayYear && text[..word.start()].ends_with(char::is_alphanumeric)
            {
                return None;
            }
            let month = month_of(word.as_str(), shape == Shape::YearDayMonth)?;
            if shape == Shape::DayMonthYear
                && caps.name("sep").is_some_and(|s| s.as_str().contains('\n'))
            {
                let day_line = &text[line_start(text, start)..start];
                if day_line.trim().is_empty() || PAGE_END.is_match(day_line) {
                    return None;
                }
            }
            make(year, month, num(caps, "d")?)
        }
    }
}

fn make(year: i16, month: i16, day: i16) -> Option<Date> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

/// True when digits continue the number on either side (`2026-05-12345`, `1.12.05.2026`).
fn glued_numeric(text: &str, start: usize, end: usize, sep: char) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        Some(c) if c.is_alphanumeric() => return true,
        Some(c) if c == sep && before.next().is_some_and(|c| c.is_ascii_digit()) => return true,
        _ => {}
    }
    let rest = &text[end..];
    let mut after = rest.chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() => !YEAR_WORD.is_match(rest),
        Some(c) if c == sep => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// True when the match is part of a longer word or number.
fn glued_words(text: &str, start: usize, end: usize, shape: Shape) -> bool {
    if text[..start].ends_with(char::is_alphanumeric) {
        return true;
    }
    let rest = &text[end..];
    match rest.chars().next() {
        Some(c) if c.is_alphanumeric() => shape == Shape::YearDayMonth || !YEAR_WORD.is_match(rest),
        _ => false,
    }
}

const ENGLISH: [(&str, i16); 24] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

// Stems with the endings Russian uses in dates: nominative, genitive, prepositional;
// plus the usual abbreviations ("дек.", "сент.").
const RUSSIAN: [(&str, &[&str], i16); 12] = [
    ("январ", &["ь", "я", "е"], 1),
    ("феврал", &["ь", "я", "е"], 2),
    ("март", &["", "а", "е"], 3),
    ("апрел", &["ь", "я", "е"], 4),
    ("ма", &["й", "я", "е"], 5),
    ("июн", &["ь", "я", "е", ""], 6),
    ("июл", &["ь", "я", "е", ""], 7),
    ("август", &["", "а", "е"], 8),
    ("сентябр", &["ь", "я", "е"], 9),
    ("октябр", &["ь", "я", "е"], 10),
    ("ноябр", &["ь", "я", "е"], 11),
    ("декабр", &["ь", "я", "е"], 12),
];

const RUSSIAN_SHORT: [(&str, i16); 12] = [
    ("янв", 1),
    ("фев", 2),
    ("февр", 2),
    ("мар", 3),
    ("апр", 4),
    ("авг", 8),
    ("сен", 9),
    ("сент", 9),
    ("окт", 10),
    ("ноя", 11),
    ("нояб", 11),
    ("дек", 12),
];

const KAZAKH: [(&str, i16); 12] = [
    ("қаңтар", 1),
    ("ақпан", 2),
    ("наурыз", 3),
    ("сәуір", 4),
    ("мамыр", 5),
    ("маусым", 6),
    ("шілде", 7),
    ("тамыз", 8),
    ("қыркүйек", 9),
    ("қазан", 10),
    ("қараша", 11),
    ("желтоқсан", 12),
];

/// Kazakh case endings seen on month names in dates ("желтоқсаннан", "қаңтарға").
const KAZAKH_ENDINGS: [&str; 31] = [
    "", "нан", "нен", "дан", "ден", "тан", "тен", "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    "да", "де", "та", "те", "ында", "інде", "ы", "і", "сы", "сі", "ның", "нің", "дың", "дің",
    "тың", "тің",
];

/// The month number of a month word; Kazakh case endings only when `kazakh_cases`.
fn month_of(word: &str, kazakh_cases: bool) -> Option<i16> {
    // OCR splits a word at a wide capital ("19 J an 2027"): the day-first pattern allows
    // one space there.
    let lower: String = word
        .trim_end_matches('.')
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(&(_, m)) = ENGLISH.iter().find(|(name, _)| *name == lower) {
        return Some(m);
    }
    for (stem, endings, m) in RUSSIAN {
        if let Some(rest) = lower.strip_prefix(stem)
            && endings.contains(&rest)
        {
            return Some(m);
        }
    }
    if let Some(&(_, m)) = RUSSIAN_SHORT.iter().find(|(name, _)| *name == lower) {
        return Some(m);
    }
    // Kazakh is often typed with Latin "i" for "і".
    let kazakh = lower.replace('i', "і");
    for (name, m) in KAZAKH {
        if let Some(rest) = kazakh.strip_prefix(name)
            && (rest.is_empty() || (kazakh_cases && KAZAKH_ENDINGS.contains(&rest)))
        {
            return Some(m);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Labels

/// How far back a label may stand, in characters, a whitespace run counting as one so
/// that layout columns ("Statement period            01.09.2026") still count as close.
const LOOKBACK: usize = 40;

/// Label phrases; the nearest one before a date wins. Groups earlier in the list win
/// when two start at the same place ("expires on" is an expiry, "expires" a validity end).
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<expiry>date\s+of\s+expir(?:y|ation)|expir(?:y|ation)\s+date|expires\s+on|expiry
            |дата\s+окончания(?:\s+срока\s+действия)?|срок\s+действия(?:\s+до)?|жарамдылық\s+мерзімі)
        |(?P<valid_until>valid\s+(?:until|till|to|through|thru|up\s+to)|expires|expiring
            |действител\w*\s+до|действует\s+до|дейін\s+жарамды)
        |(?P<valid_from>valid\s+from|period\s+of\s+(?:insurance|cover(?:age)?|validity)
            |insurance\s+period|cover(?:age)?\s+period|coverage(?:\s+from)?|effective(?:\s+(?:from|date))?
            |действует\s+с|действител\w*\s+с(?:\s|$)|период\s+страхования|срок\s+страхования)
        |(?P<stay_from>period\s+of\s+stay|stay(?:ing)?\s+from|(?:during|for|in)\s+the\s+period\s+from
            |the\s+period\s+from|dates?\s+of\s+stay|(?:на|в)\s+период\s+с|период\s+пребывания
            |срок\s+пребывания|пребывани\w*\s+с)
        |(?P<stay_until>stay(?:ing)?\s+(?:until|till)|пребывани\w*\s+до)
        |(?P<statement_from>statement\s+period|statement\s+(?:for\s+the\s+period\s+)?from
            |period\s+of\s+(?:the\s+)?statement|период\s+выписки|выписк\w*\s+за\s+период(?:\s+с)?
            |за\s+период\s+с|(?-u:\b)period\s*:)
        |(?P<issued>date\s+of\s+issue|issue\s+date|issued(?:\s+on)?|дата\s+выдачи|выдан[оаы]?(?:[^\p{L}]|$)
            |берілген\s+күні|берілген)
        |(?P<birth>date\s+of\s+birth|birth\s*date|(?-u:\b)d\.?o\.?b(?-u:\b)\.?|(?-u:\b)born(?:\s+on)?|дата\s+рождения
            |туған\s+күні|туған)
        |(?P<arrival>date\s+of\s+(?:arrival|entry)|arrival\s+date|(?-u:\b)arriv(?:al|e|es|ing|ed)(?-u:\b)
            |check[\s-]*in(?-u:\b)|(?-u:\b)entry(?-u:\b)|(?-u:\b)arr(?-u:\b)\.?|прибыти[ея]|въезд\w*|заезд\w*|келу\w*|келген)
        |(?P<departure>date\s+of\s+(?:departure|exit)|departure\s+date|(?-u:\b)depart(?:ure|s|ing|ed)?(?-u:\b)
            |check[\s-]*out(?-u:\b)|(?-u:\b)return(?:ing|s)?(?-u:\b)|(?-u:\b)dep(?-u:\b)\.?|(?-u:\b)exit(?-u:\b)|выезд\w*|отъезд\w*
            |убыти[ея]|выбыти[ея]|кету\w*)",
    )
    .expect("valid regex")
});

const LABEL_GROUPS: [(&str, DateLabel); 10] = [
    ("expiry", DateLabel::Expiry),
    ("valid_until", DateLabel::ValidUntil),
    ("valid_from", DateLabel::ValidFrom),
    ("stay_from", DateLabel::StayFrom),
    ("stay_until", DateLabel::StayUntil),
    ("statement_from", DateLabel::StatementFrom),
    ("issued", DateLabel::Issued),
    ("birth", DateLabel::Birth),
    ("arrival", DateLabel::Arrival),
    ("departure", DateLabel::Departure),
];

const WEEKDAY: &str = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?";

/// Nothing but punctuation and a weekday before the date: it starts its line.
static LINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^[\s\p{{P}}]*(?:{WEEKDAY}{H}*)?$")).expect("valid regex")
});

/// A line that so far only leads into its date ("Karaganda on Sun, "), so a label at the
/// end of the previous line still belongs to the date.
static PREPOSITION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|\s)(?:on|from|at|of|until|till|to|с|по|до|от|на){H}+(?:{WEEKDAY}{H}*)?$"
    ))
    .expect("valid regex")
});

/// What may follow a label at the end of the previous line ("departure from Almaty on").
static FILLER_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\s)(?:on|from|of|is|dated|at|in|since|until|till|to|с|по|до|от|на)?[\s\p{P}]*$",
    )
    .expect("valid regex")
});

static SIGNED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^{H}*(?:(?:date|дата|күні){H}*/?{H}*)+:{H}*(?:{WEEKDAY}{H}*)?$"
    ))
    .expect("valid regex")
});

/// "Almaty, 06.11.2026" or "Алматы, 26 октября 2026 г." alone on a line heads a letter.
static CITY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{H}*(?:г\.{H}*)?(?P<city>\p{{Lu}}[\p{{L}}\- ]{{1,30}}),{H}*$"
    ))
    .expect("valid regex")
});

static LINE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^{H}*(?:г\.|года|ж\.)?{H}*\r?(?:\n|$)")).expect("valid regex")
});

/// "03.12.1992 г.р." — the Russian "year of birth" mark follows the date.
static BIRTH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{H}*г\.?{H}*р\.")).expect("valid regex"));

static WEEKDAY_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{WEEKDAY}$")).expect("valid regex"));

/// The last label phrase in `text[from..to]`, with its end offset.
fn last_label(text: &str, from: usize, to: usize) -> Option<(DateLabel, usize)> {
    let caps = LABEL.captures_iter(&text[from..to]).last()?;
    let end = from + caps.get(0)?.end();
    LABEL_GROUPS
        .iter()
        .find(|(name, _)| caps.name(name).is_some())
        .map(|&(_, label)| (label, end))
}

/// The label of the date at `span`; `floor` is the end of the previous date, which
/// closes the look-back so one label cannot claim two dates.
fn label_before(text: &str, span: &Range<usize>, floor: usize) -> Option<DateLabel> {
    let line = line_start(text, span.start);
    let lead_from = line.max(floor);
    if line >= floor && SIGNED_LINE.is_match(&text[line..span.start]) {
        return Some(DateLabel::Signed);
    }
    let start = back_window(text, span.start, lead_from, LOOKBACK);
    if let Some((label, _)) = last_label(text, start, span.start) {
        return Some(label);
    }
    let lead = &text[line.max(floor)..span.start];
    if line > floor && (LINE_LEAD.is_match(lead) || PREPOSITION_LEAD.is_match(lead)) {
        let prev_end = line - 1;
        let prev_start = back_window(
            text,
            prev_end,
            line_start(text, prev_end).max(floor),
            LOOKBACK,
        );
        if let Some((label, end)) = last_label(text, prev_start, prev_end)
            && FILLER_END.is_match(&text[end..prev_end])
        {
            return Some(label);
        }
    }
    if BIRTH_AFTER.is_match(&text[span.end..]) {
        return Some(DateLabel::Birth);
    }
    if line >= floor
        && let Some(caps) = CITY_LINE.captures(&text[line..span.start])
        && caps
            .name("city")
            .is_some_and(|c| !WEEKDAY_WORD.is_match(c.as_str().trim()))
        && LINE_TAIL.is_match(&text[span.end..])
    {
        return Some(DateLabel::Signed);
    }
    None
}

// ---------------------------------------------------------------------------
// Ranges

/// What may stand between the two dates of a range.
static GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^{H}*(?:(?:года|гг\.?|г\.?|жылғы|жылдан|жылы|ж\.?){H}*)?
        (?:-?(?P<abl>нан|нен|дан|ден|тан|тен){H}*)?
        (?:(?P<dash>[-–—‒−]){H}*\n?
          |\s*(?P<word>to|till|until|through|thru|по|до|бастап)\s+
          |\s*(?P<and>and|и)\s+)?
        {H}*(?:{WEEKDAY}\s*)?$"
    ))
    .expect("valid regex")
});

static BETWEEN_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:between|между){H}+(?:{WEEKDAY}{H}*)?$")).expect("valid regex")
});

/// Words around a range that say what kind of period it is; the nearest one wins.
static CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?P<valid>insur|cover|policy|страх|полис|сақтандыр)
        |(?P<statement>statement|выписк|account|шот|үзінді)
        |(?P<stay>visit|travel|trip|stay|invit|kazakhstan|казахстан|қазақстан|посет|пребыва
            |приглаш|поездк|визит|сапар|болу|шақыр|келу)",
    )
    .expect("valid regex")
});

const KAZAKH_ABLATIVE: [&str; 6] = ["нан", "нен", "дан", "ден", "тан", "тен"];

fn is_range_gap(text: &str, from: &DateFact, to: &DateFact) -> bool {
    let gap = &text[from.span.end..to.span.start];
    if gap.len() > 80 {
        return false;
    }
    let Some(caps) = GAP.captures(gap) else {
        return false;
    };
    if caps.name("dash").is_some() || caps.name("word").is_some() {
        return true;
    }
    if caps.name("and").is_some() {
        let start = back_window(text, from.span.start, line_start(text, from.span.start), 20);
        return BETWEEN_END.is_match(&text[start..from.span.start]);
    }
    // Kazakh needs no word between the dates: "19 желтоқсаннан 2027 жылғы 1 қаңтарға".
    caps.name("abl").is_some() || {
        let own = &text[from.span.clone()];
        KAZAKH_ABLATIVE.iter().any(|e| own.ends_with(e))
    }
}

/// The kind of period named in the wider context before a range (two lines back).
fn context_pair(text: &str, at: usize) -> Option<(DateLabel, DateLabel)> {
    let line = line_start(text, at);
    let start = back_window(text, at, line, 120);
    let mut found = CONTEXT.captures_iter(&text[start..at]).last();
    if found.is_none() && line > 0 {
        let prev_end = line - 1;
        let prev = back_window(text, prev_end, line_start(text, prev_end), 120);
        found = CONTEXT.captures_iter(&text[prev..prev_end]).last();
    }
    let caps = found?;
    if caps.name("valid").is_some() {
        Some((DateLabel::ValidFrom, DateLabel::ValidUntil))
    } else if caps.name("statement").is_some() {
        Some((DateLabel::StatementFrom, DateLabel::StatementTo))
    } else {
        Some((DateLabel::StayFrom, DateLabel::StayUntil))
    }
}

fn range_labels(
    text: &str,
    from: &DateFact,
    to: &DateFact,
) -> (Option<DateLabel>, Option<DateLabel>) {
    use DateLabel::*;
    let pair = match from.label {
        Some(ValidFrom | ValidUntil) => Some((ValidFrom, ValidUntil)),
        Some(StatementFrom | StatementTo) => Some((StatementFrom, StatementTo)),
        Some(StayFrom | StayUntil) => Some((StayFrom, StayUntil)),
        Some(Arrival | Departure) => Some((Arrival, Departure)),
        Some(_) => None,
        None => context_pair(text, from.span.start),
    };
    match pair {
        Some((a, b)) => (Some(a), Some(b)),
        None => (from.label, to.label),
    }
}

fn analyse(text: &str, order: DateOrder) -> (Vec<DateFact>, Vec<DateRange>) {
    let mut facts = Vec::new();
    let mut floor = 0;
    for (date, span) in candidates(text, order) {
        let label = label_before(text, &span, floor);
        floor = span.end;
        facts.push(DateFact { date, span, label });
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i + 1 < facts.len() {
        let (from, to) = (&facts[i], &facts[i + 1]);
        if from.date <= to.date && is_range_gap(text, from, to) {
            let (a, b) = range_labels(text, from, to);
            facts[i].label = a;
            facts[i + 1].label = b;
            ranges.push(DateRange {
                span: facts[i].span.start..facts[i + 1].span.end,
                from: facts[i].clone(),
                to: facts[i + 1].clone(),
            });
            i += 2;
        } else {
            i += 1;
        }
    }
    (facts, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).expect("test date")
    }

    /// (date text, date, label) for every date found.
    fn found(text: &str, order: DateOrder) -> Vec<(&str, Date, Option<DateLabel>)> {
        find_dates(text, order)
            .into_iter()
            .map(|f| (&text[f.span.clone()], f.date, f.label))
            .collect()
    }

    fn only(text: &str) -> (&str, Date, Option<DateLabel>) {
        let all = found(text, DateOrder::Dmy);
        assert_eq!(all.len(), 1, "{text:?} -> {all:?}");
        all[0]
    }

    fn range(text: &str) -> (Date, Date, Option<DateLabel>, Option<DateLabel>, &str) {
        let all = find_ranges(text, DateOrder::Dmy);
        assert_eq!(all.len(), 1, "{text:?} -> {all:?}");
        let r = &all[0];
        (
            r.from.date,
            r.to.date,
            r.from.label,
            r.to.label,
            &text[r.span.clone()],
        )
    }

    #[test]
    fn english_shapes() {
        let may12 = ymd(2026, 5, 12);
        for (text, span) in [
            ("on 2026-05-12.", "2026-05-12"),
            ("on 12 May 2026.", "12 May 2026"),
            ("on 12th May 2026.", "12th May 2026"),
            ("on 12 May, 2026.", "12 May, 2026"),
            ("on May 12, 2026.", "May 12, 2026"),
            ("on May 12 2026.", "May 12 2026"),
            ("on May 12th, 2026.", "May 12th, 2026"),
            ("on 12-May-2026.", "12-May-2026"),
            ("on 12 MAY 2026.", "12 MAY 2026"),
            ("on 12May2026.", "12May2026"),
            ("(12 may 2026)", "12 may 2026"),
            ("the 12th of May 2026", "12th of May 2026"),
            ("on 12.05.2026.", "12.05.2026"),
            ("on 12/05/2026.", "12/05/2026"),
            ("on 12-05-2026.", "12-05-2026"),
            ("on 12.05.26.", "12.05.26"),
            ("on 2026/05/12.", "2026/05/12"),
            ("on 2026.05.12.", "2026.05.12"),
        ] {
            assert_eq!(only(text), (span, may12, None), "{text}");
        }
        for (text, span, date) in [
            ("12 Sep 2026", "12 Sep 2026", ymd(2026, 9, 12)),
            ("12 Sept. 2026", "12 Sept. 2026", ymd(2026, 9, 12)),
            ("Sept 3, 2026", "Sept 3, 2026", ymd(2026, 9, 3)),
            ("1 Feb 2027", "1 Feb 2027", ymd(2027, 2, 1)),
            ("29 February 2028", "29 February 2028", ymd(2028, 2, 29)),
            ("12.05.75", "12.05.75", ymd(1975, 5, 12)),
        ] {
            assert_eq!(only(text).0, span, "{text}");
            assert_eq!(only(text).1, date, "{text}");
        }
    }

    #[test]
    fn numeric_order() {
        let text = "Signed 12/05/2026 in Chicago";
        assert_eq!(found(text, DateOrder::Dmy)[0].1, ymd(2026, 5, 12));
        assert_eq!(found(text, DateOrder::Mdy)[0].1, ymd(2026, 12, 5));
        assert_eq!(found("12.05.2026", DateOrder::Mdy)[0].1, ymd(2026, 12, 5));
        // A US date read day-first has only one possible reading.
        assert_eq!(
            found("on 12/25/2026", DateOrder::Dmy)[0].1,
            ymd(2026, 12, 25)
        );
        assert_eq!(
            found("on 25/12/2026", DateOrder::Mdy)[0].1,
            ymd(2026, 12, 25)
        );
        // ISO and month names ignore the order.
        assert_eq!(
            found("2026-05-12, May 3, 2026", DateOrder::Mdy)[0].1,
            ymd(2026, 5, 12)
        );
        assert_eq!(
            found("2026-05-12, May 3, 2026", DateOrder::Mdy)[1].1,
            ymd(2026, 5, 3)
        );
        assert_eq!(found("3 May 2026", DateOrder::Mdy)[0].1, ymd(2026, 5, 3));
    }

    #[test]
    fn look_alikes_are_rejected() {
        for text in [
            "31.02.2026",
            "30 February 2026",
            "2026-13-01",
            "32/01/2026",
            "at 12:05 local time",
            "тел. +7 7252 39 55 42",
            "Customer service +70 148 630 3564",
            "balance 1.250.000 KZT",
            "EUR 5,288.00 and 22,706.87",
            "ref 2026-05-12345",
            "ref 12026-05-12",
            "code AB12.05.2026",
            "12.05.2026.3",
            "version 1.12.05.2026",
            "Page 1 of 5",
            "Исх. № 340/26",
            "12/05/26",
            "1.2.26",
            "TICKET NUMBER    : 235-4576250715",
            "IBAN US20 4389 7777 9798 4167",
            "12 Maybe 2026",
            "the year 1850: 12 May 1850",
        ] {
            assert_eq!(found(text, DateOrder::Dmy), vec![], "{text}");
        }
        // A page number does not join the month heading on the next line.
        assert_eq!(
            found("Page 2\nDecember 2026 summary", DateOrder::Dmy),
            vec![]
        );
    }

    #[test]
    fn russian_dates() {
        assert_eq!(only("Атырау, 4 ноября 2026 г.").0, "4 ноября 2026");
        assert_eq!(only("1 января 2027 года").1, ymd(2027, 1, 1));
        assert_eq!(only("1 января 2027 года").0, "1 января 2027");
        let (span, date, _) = only("от «12» мая 2026 г. № 5");
        assert_eq!((span, date), ("«12» мая 2026", ymd(2026, 5, 12)));
        assert_eq!(only("12 май 2026").1, ymd(2026, 5, 12));
        assert_eq!(only("3 сент. 2026 г.").1, ymd(2026, 9, 3));
        assert_eq!(only("в марте: 8 марта 2027г.").1, ymd(2027, 3, 8));
        // The letter's own date line.
        let (span, date, label) =
            only("                               Алматы, 26 октября 2026 г.\n");
        assert_eq!(
            (span, date, label),
            (
                "26 октября 2026",
                ymd(2026, 10, 26),
                Some(DateLabel::Signed)
            )
        );
    }

    #[test]
    fn kazakh_dates() {
        assert_eq!(only("12 мамыр 2026 ж.").0, "12 мамыр 2026");
        assert_eq!(only("12 мамыр 2026 ж.").1, ymd(2026, 5, 12));
        let (span, date, _) = only("2026 жылғы 12 мамыр");
        assert_eq!((span, date), ("2026 жылғы 12 мамыр", ymd(2026, 5, 12)));
        for (word, month) in [
            ("қаңтарда", 1),
            ("ақпаннан", 2),
            ("наурызға", 3),
            ("сәуірден", 4),
            ("мамырдан", 5),
            ("маусымға", 6),
            ("шілдеден", 7),
            ("тамызға", 8),
            ("қыркүйектен", 9),
            ("қазаннан", 10),
            ("қарашаға", 11),
            ("желтоқсанға", 12),
        ] {
            let text = format!("2027 жылғы 5 {word} дейін");
            let all = found(&text, DateOrder::Dmy);
            assert_eq!(all.len(), 1, "{text}");
            assert_eq!(all[0].1, ymd(2027, month, 5), "{text}");
            assert!(all[0].0.ends_with(word), "{text}");
        }
        // Latin "i" typed for Kazakh "і".
        assert_eq!(only("2 сәуiр 2026").1, ymd(2026, 4, 2));
    }

    #[test]
    fn kazakh_ranges() {
        let text = "Қазақстан Республикасына 2026 жылғы 19 желтоқсаннан 2027 жылғы 1 қаңтарға дейін шақырамыз.";
        let (from, to, fl, tl, span) = range(text);
        assert_eq!((from, to), (ymd(2026, 12, 19), ymd(2027, 1, 1)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StayFrom), Some(DateLabel::StayUntil))
        );
        assert_eq!(span, "2026 жылғы 19 желтоқсаннан 2027 жылғы 1 қаңтарға");
        let (from, to, ..) = range("мерзімі: 19.12.2026 – 01.01.2027 ж.");
        assert_eq!((from, to), (ymd(2026, 12, 19), ymd(2027, 1, 1)));
        let (from, to, ..) = range("19.12.2026 ж. бастап 01.01.2027 ж. дейін");
        assert_eq!((from, to), (ymd(2026, 12, 19), ymd(2027, 1, 1)));
    }

    #[test]
    fn russian_invitation() {
        let text = "ТОО «Алтын Дала Трейдинг» приглашает гражданку государства Япония KOBAYASHI AIKO,\n\
            28.10.1977 г.р., паспорт № TS1054494, действителен до 7 февраля 2032 г., посетить Республику\n\
            Казахстан с 19 декабря 2026 г. по 1 января 2027 г. с целью участия в конференции — Астанинском\n";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(
            all,
            vec![
                ("28.10.1977", ymd(1977, 10, 28), Some(DateLabel::Birth)),
                (
                    "7 февраля 2032",
                    ymd(2032, 2, 7),
                    Some(DateLabel::ValidUntil)
                ),
                (
                    "19 декабря 2026",
                    ymd(2026, 12, 19),
                    Some(DateLabel::StayFrom)
                ),
                ("1 января 2027", ymd(2027, 1, 1), Some(DateLabel::StayUntil)),
            ]
        );
        let (from, to, fl, tl, span) =
            range("Приглашаем г-на Ли Минджуна с 19 декабря 2026 г. по 1 января 2027 г.");
        assert_eq!((from, to), (ymd(2026, 12, 19), ymd(2027, 1, 1)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StayFrom), Some(DateLabel::StayUntil))
        );
        assert_eq!(span, "19 декабря 2026 г. по 1 января 2027");
        let (from, to, ..) = range("на период с 12.05.2026 до 20.05.2026");
        assert_eq!((from, to), (ymd(2026, 5, 12), ymd(2026, 5, 20)));
        assert_eq!(only("Дата рождения: 03.12.1992").2, Some(DateLabel::Birth));
        assert_eq!(only("Дата выдачи 17.11.2026").2, Some(DateLabel::Issued));
        assert_eq!(only("Дата: 12.05.2026").2, Some(DateLabel::Signed));
        assert_eq!(
            only("Дата прибытия: 19.12.2026").2,
            Some(DateLabel::Arrival)
        );
        assert_eq!(only("выезд 01.01.2027").2, Some(DateLabel::Departure));
    }

    #[test]
    fn english_invitations_and_letters() {
        let (from, to, fl, tl, _) = range(
            "We invite Mr Lee, Sales Director, for the period from 19 December 2026 to 1 January 2027.",
        );
        assert_eq!((from, to), (ymd(2026, 12, 19), ymd(2027, 1, 1)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StayFrom), Some(DateLabel::StayUntil))
        );
        // Real letter text, wrapped by pdftotext inside the second date.
        let text = "Mr Ortega will travel to the Republic of Kazakhstan from December 30, 2026 to\n\
            January 4, 2027 to attend business meetings.";
        let (from, to, fl, tl, _) = range(text);
        assert_eq!((from, to), (ymd(2026, 12, 30), ymd(2027, 1, 4)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StayFrom), Some(DateLabel::StayUntil))
        );
        let text = "Brightwater Logistics SAS, to visit the Republic of Kazakhstan from 29 December 2026 to 4\n\
            January 2027 for the purpose of business negotiations.";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(
            all[1],
            (
                "4\nJanuary 2027",
                ymd(2027, 1, 4),
                Some(DateLabel::StayUntil)
            )
        );
        let text = "Logistics Oy. I intend to travel to\nAlmaty from 07.01.2027 until 17.01.2027 to attend";
        let (_, _, fl, tl, _) = range(text);
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StayFrom), Some(DateLabel::StayUntil))
        );
        let text = "France, passport No. 34KM60414, valid until May 4, 2031, Key Account Manager of Keystone";
        assert_eq!(
            only(text),
            ("May 4, 2031", ymd(2031, 5, 4), Some(DateLabel::ValidUntil))
        );
        assert_eq!(
            only("                              Lyon, November 20, 2026\n").2,
            Some(DateLabel::Signed)
        );
        assert_eq!(
            only("                                    Almaty, 06.11.2026").2,
            Some(DateLabel::Signed)
        );
        assert_eq!(only("Date: 12 May 2026").2, Some(DateLabel::Signed));
        assert_eq!(only("Date: Fri, 6 November 2026").0, "6 November 2026");
    }

    #[test]
    fn arriving_and_departing_are_separate() {
        let text = "Mr Lee is arriving on 19 December 2026 and departing on 1 January 2027.";
        assert_eq!(find_ranges(text, DateOrder::Dmy), vec![]);
        let labels: Vec<_> = found(text, DateOrder::Dmy)
            .into_iter()
            .map(|f| f.2)
            .collect();
        assert_eq!(
            labels,
            vec![Some(DateLabel::Arrival), Some(DateLabel::Departure)]
        );
        let text = "Outbound: arrival in Astana on 15 January 2027. Return: departure from Astana on 19\nJanuary 2027.";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(
            all[0],
            (
                "15 January 2027",
                ymd(2027, 1, 15),
                Some(DateLabel::Arrival)
            )
        );
        assert_eq!(
            all[1],
            (
                "19\nJanuary 2027",
                ymd(2027, 1, 19),
                Some(DateLabel::Departure)
            )
        );
        let text = "Outbound: arrival in Karaganda on Mon, 28 December 2026. Return: departure from\n\
            Karaganda on Sun, 10 January 2027.";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(
            all[1],
            (
                "10 January 2027",
                ymd(2027, 1, 10),
                Some(DateLabel::Departure)
            )
        );
        let (from, to, ..) =
            range("The conference takes place between 14 May 2026 and 16 May 2026.");
        assert_eq!((from, to), (ymd(2026, 5, 14), ymd(2026, 5, 16)));
    }

    #[test]
    fn bank_statements() {
        let (from, to, fl, tl, span) = range("Statement period: 01/09/2026 - 30/11/2026");
        assert_eq!((from, to), (ymd(2026, 9, 1), ymd(2026, 11, 30)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StatementFrom), Some(DateLabel::StatementTo))
        );
        assert_eq!(span, "01/09/2026 - 30/11/2026");
        let text = "Currency                                         USD\n\
            Statement period                                 2026-08-19 – 2026-11-18\n\
            Date of issue                                    2026-11-18\n\
            \n\
            Date                    Description                                                   Debit\n\
            2026-08-19              Opening balance                                                                                     23,053.61\n\
            2026-08-21              Card payment SUPERMARKET                                      346.74\n";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(all.len(), 5);
        assert_eq!(all[0].2, Some(DateLabel::StatementFrom));
        assert_eq!(all[1].2, Some(DateLabel::StatementTo));
        assert_eq!(
            all[2],
            ("2026-11-18", ymd(2026, 11, 18), Some(DateLabel::Issued))
        );
        assert_eq!(all[3].2, None);
        assert_eq!(all[4].2, None);
        let (.., fl, tl, _) = range("Statement period                 13 Aug 2026 – 12 Nov 2026");
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::StatementFrom), Some(DateLabel::StatementTo))
        );
        let (.., fl, _, _) = range("Period: 01.09.2026 – 30.11.2026");
        assert_eq!(fl, Some(DateLabel::StatementFrom));
    }

    #[test]
    fn itineraries() {
        assert_eq!(
            only("KC920 19DEC2026 ALA NQZ"),
            ("19DEC2026", ymd(2026, 12, 19), None)
        );
        assert_eq!(
            only("DEP 19 DEC 2026 14:35"),
            ("19 DEC 2026", ymd(2026, 12, 19), Some(DateLabel::Departure))
        );
        let text = "DATE OF ISSUE    : 05 Nov 2026\n\
            \n\
            FLIGHT   DATE               FROM         TO           DEP    ARR    STATUS\n\
            ------------------------------------------------------------------------------\n\
            KC920    25 Dec 2026        WAW          NQZ          09:40 19:55 OK\n\
            KC911    02 Jan 2027        NQZ          WAW          07:15 10:05 OK\n\
            ------------------------------------------------------------------------------\n\
            \n\
            ARRIVAL IN KAZAKHSTAN    : 25 Dec 2026\n\
            DEPARTURE FROM KAZAKHSTAN: 02 Jan 2027\n";
        let labels: Vec<_> = found(text, DateOrder::Dmy)
            .into_iter()
            .map(|f| f.2)
            .collect();
        assert_eq!(
            labels,
            vec![
                Some(DateLabel::Issued),
                None,
                None,
                Some(DateLabel::Arrival),
                Some(DateLabel::Departure)
            ]
        );
        assert_eq!(find_ranges(text, DateOrder::Dmy), vec![]);
        // A header ending in "Arr Status" does not label the rows below it.
        let text = "Date          From  To   Dep    Arr    Status\n19.12.2026    IST   ALA  12:55  21:40  Confirmed";
        assert_eq!(only(text).2, None);
        let text = "ARRIVAL IN KAZAKHSTAN : Tue, 19 January 2027";
        assert_eq!(
            only(text),
            (
                "19 January 2027",
                ymd(2027, 1, 19),
                Some(DateLabel::Arrival)
            )
        );
    }

    #[test]
    fn hotels_and_insurance() {
        let text = "Check-in              December 14, 2026, from 14:00\nCheck-out             December 24, 2026, until 12:00";
        let all = found(text, DateOrder::Dmy);
        assert_eq!(
            all[0],
            (
                "December 14, 2026",
                ymd(2026, 12, 14),
                Some(DateLabel::Arrival)
            )
        );
        assert_eq!(
            all[1],
            (
                "December 24, 2026",
                ymd(2026, 12, 24),
                Some(DateLabel::Departure)
            )
        );
        assert_eq!(find_ranges(text, DateOrder::Dmy), vec![]);
        let (from, to, fl, tl, _) =
            range("Period of cover: from 18 December 2026 to 3 January 2027");
        assert_eq!((from, to), (ymd(2026, 12, 18), ymd(2027, 1, 3)));
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::ValidFrom), Some(DateLabel::ValidUntil))
        );
        let (.., fl, tl, _) =
            range("Period of cover                 from 28.12.2026 to 07.01.2027");
        assert_eq!(
            (fl, tl),
            (Some(DateLabel::ValidFrom), Some(DateLabel::ValidUntil))
        );
        let (.., fl, tl, span) = range("Period of insurance: 18.12.2026 – 03.01.2027");
        assert_eq!(
            (fl, tl, span),
            (
                Some(DateLabel::ValidFrom),
                Some(DateLabel::ValidUntil),
                "18.12.2026 – 03.01.2027"
            )
        );
        let text =
            "Date of birth                   14.07.1967\nPassport                        MTP204787";
        assert_eq!(only(text).2, Some(DateLabel::Birth));
        assert_eq!(
            only("Issued                          22.11.2026").2,
            Some(DateLabel::Issued)
        );
        assert_eq!(
            only("Coverage effective 01.12.2026").2,
            Some(DateLabel::ValidFrom)
        );
    }

    #[test]
    fn passport_labels() {
        assert_eq!(
            only("Date of expiry: 05 SEP 2034").2,
            Some(DateLabel::Expiry)
        );
        assert_eq!(only("Expiry date 2034-09-05").2, Some(DateLabel::Expiry));
        assert_eq!(
            only("The passport expires on 5 September 2034.").2,
            Some(DateLabel::Expiry)
        );
        assert_eq!(
            only("The visa expires 5 September 2034.").2,
            Some(DateLabel::ValidUntil)
        );
        assert_eq!(only("DOB: 12.09.1974").2, Some(DateLabel::Birth));
        assert_eq!(
            only("born on 12 September 1974 in Warsaw").2,
            Some(DateLabel::Birth)
        );
        assert_eq!(only("Date of issue 24 Mar 2026").2, Some(DateLabel::Issued));
        assert_eq!(only("Date of birth:\n12.09.1974").2, Some(DateLabel::Birth));
        assert_eq!(
            only("Issued Sat, 7 November 2026").2,
            Some(DateLabel::Issued)
        );
        // The label is too far away to belong to the date.
        let text = "Date of birth is required for every guest of the hotel, see 12.09.2026";
        assert_eq!(only(text).2, None);
    }

    #[test]
    fn ranges_need_order_and_a_connector() {
        assert_eq!(
            find_ranges("from 12.05.2026 to 01.05.2026", DateOrder::Dmy),
            vec![]
        );
        assert_eq!(
            find_ranges("12.05.2026    13.05.2026", DateOrder::Dmy),
            vec![]
        );
        assert_eq!(
            find_ranges("- 12.05.2026\n- 13.05.2026", DateOrder::Dmy),
            vec![]
        );
        let (from, to, ..) = range("Thu, 14 January 2027 – Fri, 22 January 2027");
        assert_eq!((from, to), (ymd(2027, 1, 14), ymd(2027, 1, 22)));
        let (from, to, ..) = range("12.05.2026-15.05.2026");
        assert_eq!((from, to), (ymd(2026, 5, 12), ymd(2026, 5, 15)));
        let all = find_ranges(
            "from 1 May 2026 to 3 May 2026; from 5 May 2026 through 9 May 2026",
            DateOrder::Dmy,
        );
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn parse_single_dates() {
        assert_eq!(
            parse_date(" 12.05.2026 ", DateOrder::Dmy),
            Some(ymd(2026, 5, 12))
        );
        assert_eq!(
            parse_date("12 мая 2026 г.", DateOrder::Dmy),
            Some(ymd(2026, 5, 12))
        );
        assert_eq!(parse_date("see 12.05.2026", DateOrder::Dmy), None);
        assert_eq!(parse_date("12.05.2026 – 13.05.2026", DateOrder::Dmy), None);
        assert_eq!(DateLabel::StatementFrom.as_str(), "statement_from");
        assert_eq!(DateLabel::Signed.as_str(), "signed");
    }

    #[test]
    fn never_panics_on_multibyte_text() {
        let text = "«12» мая 2026 г. 2026 жылғы 19 желтоқсаннан 2027 жылғы 1 қаңтарға дейін; \
            Дата: 19DEC2026 — с 1 января 2027 г. по 5 января 2027 г.\n12.05.2026 – 😀 May 3, 2026";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a).step_by(3) {
                let piece = &text[a..b];
                for fact in find_dates(piece, DateOrder::Dmy) {
                    assert!(piece.get(fact.span.clone()).is_some());
                }
                let _ = find_ranges(piece, DateOrder::Mdy);
            }
        }
    }
}
