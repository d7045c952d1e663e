//! The ICAO 9303 TD3 machine-readable zone of a passport bio page: find, parse, check.
//!
//! The text comes from a PDF's text layer or from OCR, so the search forgives what
//! extraction does to the zone: spaces inside it, `«` or `‹` for `<`, lowercase, one
//! filler too many or too few, lines split or joined, and letter/digit confusion in
//! fields that can only hold digits (or only letters). Nothing here panics, whatever
//! the input: lines are fixed-size `char` arrays once their length has been checked.

use jiff::civil::Date;

/// Characters in each of the two TD3 lines.
pub const TD3_LINE_LEN: usize = 44;

const LEN: usize = TD3_LINE_LEN;

/// Line lengths accepted from extracted text: OCR often drops or adds one filler.
const FUZZY_LEN: std::ops::RangeInclusive<usize> = LEN - 1..=LEN + 1;

/// Positions of line 2 that can only hold a digit (or `<` for an unknown date part).
const NUMERIC: [usize; 17] = [
    9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 42, 43,
];

/// A parsed TD3 zone: the fields as printed, and which check digits failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    /// Document type without filler: "P", or a national subtype such as "PO".
    pub document_type: String,
    /// Issuing state or organisation (ICAO 3-letter code, filler stripped: "D" for Germany).
    pub issuing_state: String,
    /// Primary identifier, words separated by single spaces.
    pub surname: String,
    /// Secondary identifier, words separated by single spaces; empty if none.
    pub given_names: String,
    /// Document number without trailing filler.
    pub number: String,
    /// Nationality code, filler stripped.
    pub nationality: String,
    /// Date of birth; None if unknown (`<`) or not a calendar date.
    pub birth: Option<Date>,
    /// `M`, `F`, `X`, or `<` when unspecified.
    pub sex: char,
    /// Date of expiry (always 20YY); None if not a calendar date.
    pub expiry: Option<Date>,
    /// Optional personal number without trailing filler; often empty.
    pub personal_number: String,
    /// The two lines as read, after normalisation and OCR repairs.
    pub lines: [String; 2],
    /// Check digits that did not match, in zone order.
    pub failed_checks: Vec<MrzField>,
    /// Line 1 was unreadable, so names are empty and type and state are best effort.
    pub partial: bool,
}

/// A field of line 2 protected by a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzField {
    /// Document number (positions 1-9, check at 10).
    Number,
    /// Date of birth (positions 14-19, check at 20).
    Birth,
    /// Date of expiry (positions 22-27, check at 28).
    Expiry,
    /// Personal number (positions 29-42, check at 43).
    PersonalNumber,
    /// Composite check over the number, birth, expiry and personal number (position 44).
    Composite,
}

impl MrzField {
    /// Name of the field for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            MrzField::Number => "document number",
            MrzField::Birth => "date of birth",
            MrzField::Expiry => "date of expiry",
            MrzField::PersonalNumber => "personal number",
            MrzField::Composite => "composite",
        }
    }
}

impl Mrz {
    /// Whether every check digit matched.
    pub fn is_valid(&self) -> bool {
        self.failed_checks.is_empty()
    }

    /// Given names then surname, single-spaced, as a form or letter would write them.
    pub fn full_name(&self) -> String {
        self.given_names
            .split_whitespace()
            .chain(self.surname.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// ICAO 9303 check digit (weights 7, 3, 1); None if a character is not `0-9`, `A-Z` or `<`.
pub fn check_digit(field: &str) -> Option<u32> {
    check_of(field.chars())
}

fn check_of(chars: impl IntoIterator<Item = char>) -> Option<u32> {
    chars
        .into_iter()
        .zip([7, 3, 1].into_iter().cycle())
        .try_fold(0, |sum, (c, w)| Some((sum + char_value(c)? * w) % 10))
}

fn char_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A'..='Z' => Some(u32::from(c) - u32::from('A') + 10),
        '<' => Some(0),
        _ => None,
    }
}

/// Finds a TD3 zone anywhere in a page's text and parses it, dating births against today.
pub fn find_mrz(text: &str) -> Option<Mrz> {
    find_mrz_at(text, today())
}

/// [`find_mrz`] with an explicit "today", which only decides the century of the birth year.
pub fn find_mrz_at(text: &str, today: Date) -> Option<Mrz> {
    let lines: Vec<Vec<char>> = text
        .lines()
        .map(normalise_line)
        .filter(|l| !l.is_empty())
        .collect();
    let mut fallback: Option<Mrz> = None;

    // Blank lines were dropped: OCR often puts one between the two MRZ lines.
    for pair in lines.windows(2) {
        let [l1, l2] = pair else { continue };
        if !FUZZY_LEN.contains(&l1.len()) || !looks_like_head(l1, 'P') {
            continue;
        }
        if let Some(m) = parse_fitted(l1, l2, today) {
            if m.is_valid() {
                return Some(m);
            }
            fallback.get_or_insert(m);
        }
    }

    // Lines joined or split by extraction: slide over all the characters instead.
    let all: Vec<char> = lines.concat();
    for (i, _) in all.iter().enumerate().filter(|&(_, &c)| c == 'P') {
        for len1 in [LEN, LEN - 1, LEN + 1] {
            let (Some(l1), Some(l2)) = (all.get(i..i + len1), all.get(i + len1..i + len1 + LEN))
            else {
                continue;
            };
            if let Some(m) = parse_fitted(l1, l2, today) {
                if m.is_valid() {
                    return Some(m);
                }
                fallback.get_or_insert(m);
            }
        }
    }

    fallback.or_else(|| find_tail_only(&lines, today))
}

/// Parses the two lines of a TD3 zone, forgiving spacing, case and one filler too many or few.
pub fn parse_td3(line1: &str, line2: &str) -> Option<Mrz> {
    parse_td3_at(line1, line2, today())
}

/// [`parse_td3`] with an explicit "today", which only decides the century of the birth year.
pub fn parse_td3_at(line1: &str, line2: &str, today: Date) -> Option<Mrz> {
    parse_fitted(&normalise_line(line1), &normalise_line(line2), today)
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Line 1 fields.
#[derive(Default)]
struct Head {
    document_type: String,
    issuing_state: String,
    surname: String,
    given_names: String,
    line: String,
}

/// Line 2 fields, with the line after OCR repairs.
struct Tail {
    number: String,
    nationality: String,
    birth: Option<Date>,
    sex: char,
    expiry: Option<Date>,
    personal_number: String,
    line: String,
    failed: Vec<MrzField>,
}

fn assemble(head: Head, tail: Tail, partial: bool) -> Mrz {
    Mrz {
        document_type: head.document_type,
        issuing_state: head.issuing_state,
        surname: head.surname,
        given_names: head.given_names,
        number: tail.number,
        nationality: tail.nationality,
        birth: tail.birth,
        sex: tail.sex,
        expiry: tail.expiry,
        personal_number: tail.personal_number,
        lines: [head.line, tail.line],
        failed_checks: tail.failed,
        partial,
    }
}

/// Removes what extraction inserts (spaces, zero-width marks) and maps chevron look-alikes.
fn normalise(raw: &str, guillemet_is_double: bool) -> Vec<char> {
    let mut out = Vec::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            c if c.is_whitespace() => {}
            '\u{200b}'..='\u{200d}' | '\u{feff}' => {}
            '«' if guillemet_is_double => out.extend(['<', '<']),
            '<' | '«' | '‹' | '＜' | '〈' | '⟨' => out.push('<'),
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

/// Tesseract reads `<<` as one `«` about as often as it reads `<` as `«`: pick what fits.
fn normalise_line(raw: &str) -> Vec<char> {
    let single = normalise(raw, false);
    if !FUZZY_LEN.contains(&single.len()) && raw.contains('«') {
        let double = normalise(raw, true);
        if FUZZY_LEN.contains(&double.len()) {
            return double;
        }
    }
    single
}

fn is_alpha_or_filler(c: char) -> bool {
    c.is_ascii_uppercase() || c == '<'
}

fn is_alnum_or_filler(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<'
}

/// OCR repair for a position that can only hold a digit.
fn to_digit(c: char) -> char {
    match c {
        'O' => '0',
        'I' | 'L' => '1',
        'S' => '5',
        'B' => '8',
        c => c,
    }
}

/// OCR repair for a position that can only hold a letter (state codes, names).
fn to_alpha(c: char) -> char {
    match c {
        '0' => 'O',
        '1' => 'I',
        '5' => 'S',
        '8' => 'B',
        c => c,
    }
}

/// Whether a line starts like line 1 of a TD3 document of the given kind (`P`, `V`).
fn looks_like_head(l: &[char], kind: char) -> bool {
    match l {
        [first, subtype, s1, s2, s3, ..] => {
            *first == kind
                && is_alpha_or_filler(*subtype)
                && [s1, s2, s3]
                    .iter()
                    .all(|&&c| is_alpha_or_filler(to_alpha(c)))
        }
        _ => false,
    }
}

fn strip_filler(chars: &[char]) -> String {
    chars
        .iter()
        .collect::<String>()
        .trim_end_matches('<')
        .to_string()
}

fn is_filler_run(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c == 'K')
}

/// The words of a name field. A word of two or more `K`s is a run of fillers an OCR
/// engine read as `K` (Tesseract does): no name is `KKK`.
fn words(s: &str) -> String {
    s.split('<')
        .filter(|w| !w.is_empty() && !is_filler_run(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_head(l: &[char]) -> Option<Head> {
    let l: &[char; LEN] = l.try_into().ok()?;
    let mut c = *l;
    for x in &mut c[2..] {
        *x = to_alpha(*x);
    }
    if c[0] != 'P' || !c.iter().all(|&x| is_alpha_or_filler(x)) {
        return None;
    }
    let names: String = c[5..].iter().collect();
    let names = names.trim_end_matches('<');
    let (surname, given) = names.split_once("<<").unwrap_or((names, ""));
    let surname = words(surname);
    // Every real zone has a primary identifier; requiring it rejects filler-only noise.
    if surname.is_empty() {
        return None;
    }
    Some(Head {
        document_type: strip_filler(&c[0..2]),
        issuing_state: strip_filler(&c[2..5]),
        surname,
        given_names: words(given),
        line: c.iter().collect(),
    })
}

/// What can be trusted of an unreadable line 1: the prefix, which OCR usually gets right.
fn partial_head(l: &[char]) -> Head {
    let prefix: Vec<char> = l.iter().take(5).map(|&c| to_alpha(c)).collect();
    Head {
        document_type: strip_filler(prefix.get(0..2).unwrap_or(&[])),
        issuing_state: strip_filler(prefix.get(2..5).unwrap_or(&[])),
        line: l.iter().collect(),
        ..Head::default()
    }
}

fn parse_tail(l: &[char], today: Date) -> Option<Tail> {
    let l: &[char; LEN] = l.try_into().ok()?;
    let mut c = *l;
    for i in NUMERIC {
        c[i] = to_digit(c[i]);
    }
    for x in &mut c[10..13] {
        *x = to_alpha(*x);
    }
    let fits = NUMERIC
        .iter()
        .all(|&i| c[i].is_ascii_digit() || c[i] == '<')
        && c[0..9].iter().all(|&x| is_alnum_or_filler(x))
        && c[10..13].iter().all(|&x| is_alpha_or_filler(x))
        && matches!(c[20], 'M' | 'F' | 'X' | '<')
        && c[28..42].iter().all(|&x| is_alnum_or_filler(x));
    if !fits {
        return None;
    }

    let mut failed = Vec::new();
    if !check_matches(&c[0..9], c[9]) {
        failed.push(MrzField::Number);
    }
    if !check_matches(&c[13..19], c[19]) {
        failed.push(MrzField::Birth);
    }
    if !check_matches(&c[21..27], c[27]) {
        failed.push(MrzField::Expiry);
    }
    // An empty personal number may carry `<` instead of a check digit (9303 part 4).
    let empty_personal = c[28..42].iter().all(|&x| x == '<') && c[42] == '<';
    if !empty_personal && !check_matches(&c[28..42], c[42]) {
        failed.push(MrzField::PersonalNumber);
    }
    let composite: Vec<char> = c[0..10]
        .iter()
        .chain(&c[13..20])
        .chain(&c[21..43])
        .copied()
        .collect();
    if !check_matches(&composite, c[43]) {
        failed.push(MrzField::Composite);
    }

    let expiry = yymmdd(&c[21..27]).and_then(|(yy, m, d)| Date::new(2000 + yy, m, d).ok());
    Some(Tail {
        number: strip_filler(&c[0..9]),
        nationality: strip_filler(&c[10..13]),
        birth: birth_date(&c[13..19], today, expiry),
        sex: c[20],
        expiry,
        personal_number: strip_filler(&c[28..42]),
        line: c.iter().collect(),
        failed,
    })
}

fn check_matches(field: &[char], check: char) -> bool {
    check
        .to_digit(10)
        .is_some_and(|d| check_of(field.iter().copied()) == Some(d))
}

fn yymmdd(field: &[char]) -> Option<(i16, i8, i8)> {
    let d: Vec<i8> = field
        .iter()
        .map(|c| c.to_digit(10).and_then(|d| i8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    let [y1, y2, m1, m2, d1, d2] = d[..] else {
        return None;
    };
    Some((i16::from(y1 * 10 + y2), m1 * 10 + m2, d1 * 10 + d2))
}

/// Nobody is born after today or after their passport expires: the birth year is the
/// latest year ending in YY that is not after either.
fn birth_date(field: &[char], today: Date, expiry: Option<Date>) -> Option<Date> {
    let (yy, m, d) = yymmdd(field)?;
    let pivot = expiry.map_or(today, |e| e.min(today)).year();
    let mut year = pivot - pivot.rem_euclid(100) + yy;
    if year > pivot {
        year -= 100;
    }
    Date::new(year, m, d).ok()
}

/// Line 1 has no check digit, so only a trailing filler is added or removed.
fn fit_head(l: &[char]) -> Option<Vec<char>> {
    match l.len() {
        LEN => Some(l.to_vec()),
        n if n == LEN - 1 => Some([l, &['<']].concat()),
        n if n == LEN + 1 && l.last() == Some(&'<') => l.get(..LEN).map(<[char]>::to_vec),
        _ => None,
    }
}

/// Line 2 ends with a check digit, so a lost or extra filler may sit in any run of `<`:
/// try each run and let the check digits choose.
fn tail_variants(l: &[char]) -> Vec<Vec<char>> {
    let run_starts = || {
        (0..l.len()).filter(|&i| l.get(i) == Some(&'<') && (i == 0 || l.get(i - 1) != Some(&'<')))
    };
    match l.len() {
        LEN => vec![l.to_vec()],
        n if n == LEN - 1 => run_starts()
            .map(|i| {
                let mut v = l.to_vec();
                v.insert(i, '<');
                v
            })
            .collect(),
        n if n == LEN + 1 => run_starts()
            .map(|i| {
                let mut v = l.to_vec();
                v.remove(i);
                v
            })
            .chain(l.get(..LEN).map(<[char]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// The line-2 reading with the fewest failed checks (the first, on ties).
fn best_tail(l: &[char], today: Date) -> Option<Tail> {
    let mut best: Option<Tail> = None;
    for v in tail_variants(l) {
        let Some(t) = parse_tail(&v, today) else {
            continue;
        };
        if t.failed.is_empty() {
            return Some(t);
        }
        if best
            .as_ref()
            .is_none_or(|b| t.failed.len() < b.failed.len())
        {
            best = Some(t);
        }
    }
    best
}

fn parse_fitted(l1: &[char], l2: &[char], today: Date) -> Option<Mrz> {
    let head = parse_head(&fit_head(l1)?)?;
    let tail = best_tail(l2, today)?;
    Some(assemble(head, tail, false))
}

/// Last resort for OCR that mangles line 1 (it reads `<<` as `K`) but gets line 2: a
/// line 2 whose every check digit matches cannot be a coincidence, so report it.
fn find_tail_only(lines: &[Vec<char>], today: Date) -> Option<Mrz> {
    for (i, l) in lines.iter().enumerate() {
        if !FUZZY_LEN.contains(&l.len()) {
            continue;
        }
        let Some(tail) = best_tail(l, today).filter(|t| t.failed.is_empty()) else {
            continue;
        };
        let before = lines.get(i.saturating_sub(3)..i).unwrap_or(&[]);
        // A visa's line 2 has the same layout; its line 1 starts with V.
        if before.iter().any(|p| looks_like_head(p, 'V')) {
            continue;
        }
        let head = before
            .iter()
            .rev()
            .find(|p| looks_like_head(p, 'P'))
            .map(|p| partial_head(p))
            .unwrap_or_default();
        return Some(assemble(head, tail, true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const SPEC2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    /// Real pairs from the corpus labels (facts.mrz).
    const CORPUS: [(&str, &str); 6] = [
        (
            "P<JPNKOBAYASHI<<AIKO<<<<<<<<<<<<<<<<<<<<<<<<",
            "TS10544946JPN7710285F3202078<<<<<<<<<<<<<<04",
        ),
        (
            "P<POLKOWALCZYK<<MAGDALENA<<<<<<<<<<<<<<<<<<<",
            "TH00769303POL7409129F3409051<<<<<<<<<<<<<<04",
        ),
        (
            "P<DEUSCHROEDER<<KATRIN<<<<<<<<<<<<<<<<<<<<<<",
            "CN93658WL9DEU6711067F3001204<<<<<<<<<<<<<<02",
        ),
        (
            "P<SWEAABERG<<LINNEA<<<<<<<<<<<<<<<<<<<<<<<<<",
            "69593278<1SWE9108194F3201222<<<<<<<<<<<<<<06",
        ),
        (
            "P<USAMITCHELL<<CHRISTOPHER<<<<<<<<<<<<<<<<<<",
            "1356530492USA8208189M2703202<<<<<<<<<<<<<<00",
        ),
        (
            "P<ESPORTEGA<<ALEJANDRO<<<<<<<<<<<<<<<<<<<<<<",
            "MTP2047874ESP6707149M3008270<<<<<<<<<<<<<<00",
        ),
    ];

    /// `pdftotext -layout` of corpus pack 001's passport (a clean text layer).
    const PAGE_001: &str = "                                 Passport No. TH0076930
                                 Surname KOWALCZYK
                                 Given names MAGDALENA
                                 Date of birth 12 SEP 1974
                                 Date of expiry 05 SEP 2034




P<POLKOWALCZYK<<MAGDALENA<<<<<<<<<<<<<<<<<<<
TH00769303POL7409129F3409051<<<<<<<<<<<<<<04
\u{c}";

    /// `pdftotext -layout` of corpus pack 008's passport (a scan with an OCR layer):
    /// line 1 is mangled and line 2 reads ITA as 1TA.
    const PAGE_008: &str = "PASSPORT   PASSEPORT                       ITALY

                   Type/ Type         Code /     Code      Passport No. / N° du passeport

                   P                  ITA                  UT8492112
                   Sumame / Nom

                   BIANCHI
                   Given names / Prénoms

                   FRANCESCA
                   Nationality / Nationalite

                   ITALIAN
                   Date of birth / Date   de   naissance                         Sex /   Sexe

                   16 AUG 1971                                                   F
                   Place of birth / Lieu de    naissance

                   MILAN
                   Date of issue / Date de délivrance                            Date of expiry/ Date d'expiration

                   02 JUL 2020                                                   01 JUL 2030

                   PNT
                     INT INT




                         << KK KKK
P<ITABIANCHI<<FRANCESCAK<<<<<      KK KKK
                                <K<<<

UT849211241TA7108167F3007011<<<<<<<<<<<<<<06
\u{c}";

    /// The tail of `pdftotext -layout` of corpus pack 011's passport (OCR layer).
    const PAGE_011: &str = "                             18 NOV 2020                                                17 NOV 2030

                             SEI RSEGIGE:




                           KEKE
                   SKK SKK I<<<<
                VANN
P<ITARICCI<<GIO<<<              <

HW701910451TA8702089M3011179<<<<<<<<<<<<<<04
\u{c}";

    fn today() -> Date {
        Date::new(2026, 5, 1).unwrap()
    }

    fn date(y: i16, m: i8, d: i8) -> Option<Date> {
        Some(Date::new(y, m, d).unwrap())
    }

    fn parse(l1: &str, l2: &str) -> Mrz {
        parse_td3_at(l1, l2, today()).expect("parses")
    }

    fn find(text: &str) -> Option<Mrz> {
        find_mrz_at(text, today())
    }

    /// Replaces the character at `i` (ASCII lines only).
    fn with_char(line: &str, i: usize, c: char) -> String {
        let mut v: Vec<char> = line.chars().collect();
        v[i] = c;
        v.into_iter().collect()
    }

    #[test]
    fn check_digits_of_the_icao_specimen() {
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit("740812"), Some(2));
        assert_eq!(check_digit("120415"), Some(9));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
        assert_eq!(
            check_digit("L898902C3674081221204159ZE184226B<<<<<1"),
            Some(0)
        );
    }

    #[test]
    fn check_digit_edge_cases() {
        assert_eq!(check_digit(""), Some(0));
        assert_eq!(check_digit("<<<<<<<<<<<<<<"), Some(0));
        assert_eq!(check_digit("A"), Some(0)); // 10 * 7
        assert_eq!(check_digit("Z"), Some(5)); // 35 * 7
        assert_eq!(check_digit("TS1054494"), Some(6));
        assert_eq!(check_digit("a"), None);
        assert_eq!(check_digit("AB-1"), None);
        assert_eq!(check_digit("É"), None);
        assert_eq!(check_digit(" "), None);
    }

    #[test]
    fn icao_specimen_parses_with_every_check_valid() {
        let m = parse(SPEC1, SPEC2);
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert!(!m.partial);
        assert_eq!(m.document_type, "P");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
        assert_eq!(m.number, "L898902C3");
        assert_eq!(m.nationality, "UTO");
        assert_eq!(m.birth, date(1974, 8, 12));
        assert_eq!(m.sex, 'F');
        assert_eq!(m.expiry, date(2012, 4, 15));
        assert_eq!(m.personal_number, "ZE184226B");
        assert_eq!(m.lines, [SPEC1.to_string(), SPEC2.to_string()]);
    }

    #[test]
    fn public_wrappers_use_the_clock() {
        let m = parse_td3(SPEC1, SPEC2).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.birth, date(1974, 8, 12));
        let text = format!("{SPEC1}\n{SPEC2}\n");
        assert_eq!(find_mrz(&text), Some(m));
    }

    #[test]
    fn wrong_number_character_fails_number_and_composite() {
        let m = parse(SPEC1, &with_char(SPEC2, 3, '9'));
        assert_eq!(m.number, "L899902C3");
        assert_eq!(m.failed_checks, [MrzField::Number, MrzField::Composite]);
        assert!(!m.is_valid());
    }

    #[test]
    fn wrong_expiry_check_digit_fails_expiry_and_composite() {
        let m = parse(SPEC1, &with_char(SPEC2, 27, '8'));
        assert_eq!(m.failed_checks, [MrzField::Expiry, MrzField::Composite]);
        assert_eq!(m.expiry, date(2012, 4, 15));
    }

    #[test]
    fn wrong_birth_digit_fails_birth_and_composite() {
        let m = parse(SPEC1, &with_char(SPEC2, 18, '3'));
        assert_eq!(m.birth, date(1974, 8, 13));
        assert_eq!(m.failed_checks, [MrzField::Birth, MrzField::Composite]);
    }

    #[test]
    fn wrong_personal_number_fails_personal_and_composite() {
        let m = parse(SPEC1, &with_char(SPEC2, 28, 'Y'));
        assert_eq!(m.personal_number, "YE184226B");
        assert_eq!(
            m.failed_checks,
            [MrzField::PersonalNumber, MrzField::Composite]
        );
    }

    #[test]
    fn wrong_composite_digit_alone_fails_only_composite() {
        let m = parse(SPEC1, &with_char(SPEC2, 43, '1'));
        assert_eq!(m.failed_checks, [MrzField::Composite]);
    }

    #[test]
    fn field_names_for_messages() {
        assert_eq!(MrzField::Number.as_str(), "document number");
        assert_eq!(MrzField::Birth.as_str(), "date of birth");
        assert_eq!(MrzField::Expiry.as_str(), "date of expiry");
        assert_eq!(MrzField::PersonalNumber.as_str(), "personal number");
        assert_eq!(MrzField::Composite.as_str(), "composite");
    }

    #[test]
    fn corpus_kobayashi_parses() {
        let (l1, l2) = CORPUS[0];
        let m = parse(l1, l2);
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.full_name(), "AIKO KOBAYASHI");
        assert_eq!(m.number, "TS1054494");
        assert_eq!(m.issuing_state, "JPN");
        assert_eq!(m.nationality, "JPN");
        assert_eq!(m.birth, date(1977, 10, 28));
        assert_eq!(m.sex, 'F');
        assert_eq!(m.expiry, date(2032, 2, 7));
        assert_eq!(m.personal_number, "");
    }

    #[test]
    fn every_corpus_pair_parses_valid() {
        for (l1, l2) in CORPUS {
            let m = parse(l1, l2);
            assert!(m.is_valid(), "{l2}: {:?}", m.failed_checks);
            assert_eq!(m.lines, [l1.to_string(), l2.to_string()]);
            assert!(!m.surname.is_empty() && !m.given_names.is_empty());
            assert!(m.birth.is_some() && m.expiry.is_some());
        }
    }

    #[test]
    fn corpus_fields_with_filler_and_letters_in_the_number() {
        let m = parse(CORPUS[2].0, CORPUS[2].1);
        assert_eq!(m.number, "CN93658WL");
        assert_eq!(m.full_name(), "KATRIN SCHROEDER");
        assert_eq!(m.birth, date(1967, 11, 6));
        assert_eq!(m.expiry, date(2030, 1, 20));

        // A short number is padded with filler before its check digit.
        let m = parse(CORPUS[3].0, CORPUS[3].1);
        assert_eq!(m.number, "69593278");
        assert_eq!(m.nationality, "SWE");
        assert_eq!(m.birth, date(1991, 8, 19));

        let m = parse(CORPUS[4].0, CORPUS[4].1);
        assert_eq!(m.full_name(), "CHRISTOPHER MITCHELL");
        assert_eq!(m.sex, 'M');
        assert_eq!(m.expiry, date(2027, 3, 20));
    }

    #[test]
    fn empty_personal_number_check_may_be_filler_or_zero() {
        let zero = parse(SPEC1, "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<08");
        assert_eq!(zero.personal_number, "");
        assert!(zero.is_valid(), "{:?}", zero.failed_checks);
        let filler = parse(SPEC1, "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<8");
        assert!(filler.is_valid(), "{:?}", filler.failed_checks);
        let wrong = parse(SPEC1, "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<38");
        assert_eq!(
            wrong.failed_checks,
            [MrzField::PersonalNumber, MrzField::Composite]
        );
    }

    #[test]
    fn birth_century_follows_today_and_expiry() {
        // Born 2020, expiring 2025, read in 2026: still 2020.
        let child = "C01X00T478UTO2001012F2501019<<<<<<<<<<<<<<00";
        let m = parse(SPEC1, child);
        assert_eq!(m.birth, date(2020, 1, 1));
        assert_eq!(m.expiry, date(2025, 1, 1));
        // Born in '30: cannot be 2030, which is after today.
        let m = parse(SPEC1, "C01X00T478UTO3001010F3501016<<<<<<<<<<<<<<00");
        assert_eq!(m.birth, date(1930, 1, 1));
        // Born in '20 with a passport that expired in 2012: 1920, not 2020.
        let m = parse(SPEC1, "C01X00T478UTO2001012F1201016<<<<<<<<<<<<<<00");
        assert_eq!(m.birth, date(1920, 1, 1));
    }

    #[test]
    fn impossible_and_unknown_dates_are_none() {
        // 1974-02-30 does not exist, yet its check digit is computed all the same.
        assert_eq!(check_digit("740230"), Some(4));
        let m = parse(SPEC1, "L898902C36UTO7402304F1204159ZE184226B<<<<<16");
        assert_eq!(m.birth, None);
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        // An unknown day of birth is filler.
        let m = parse(SPEC1, "L898902C36UTO7408<<2F1204159ZE184226B<<<<<10");
        assert_eq!(m.birth, None);
        assert!(m.failed_checks.contains(&MrzField::Birth));
    }

    #[test]
    fn names_with_several_words_and_no_given_name() {
        let m = parse("P<UTODE<LA<CRUZ<<JOSE<<<<<<<<<<<<<<<<<<<<<<<", SPEC2);
        assert_eq!(m.surname, "DE LA CRUZ");
        assert_eq!(m.given_names, "JOSE");
        assert_eq!(m.full_name(), "JOSE DE LA CRUZ");
        let m = parse("P<UTOERIKSSON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", SPEC2);
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "");
        assert_eq!(m.full_name(), "ERIKSSON");
    }

    #[test]
    fn issuing_state_and_type_are_stripped_of_filler() {
        let m = parse("PPD<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", SPEC2);
        assert_eq!(m.document_type, "PP");
        assert_eq!(m.issuing_state, "D");
        assert_eq!(m.full_name(), "ERIKA MUSTERMANN");
    }

    #[test]
    fn parse_td3_rejects_what_is_not_a_td3_zone() {
        let t = today();
        assert!(parse_td3_at("", "", t).is_none());
        assert!(parse_td3_at(SPEC2, SPEC1, t).is_none());
        // A visa's line 1 starts with V.
        assert!(parse_td3_at(&with_char(SPEC1, 0, 'V'), SPEC2, t).is_none());
        // Line 2 too short by far, or with a letter where a date must be.
        assert!(parse_td3_at(SPEC1, &SPEC2[..40], t).is_none());
        assert!(parse_td3_at(SPEC1, &with_char(SPEC2, 15, 'X'), t).is_none());
        // A sex that is none of M, F, X, <.
        assert!(parse_td3_at(SPEC1, &with_char(SPEC2, 20, 'Q'), t).is_none());
        // Digits in a name that are not look-alikes of letters.
        assert!(parse_td3_at(&with_char(SPEC1, 7, '3'), SPEC2, t).is_none());
        // Filler only where the names should be.
        assert!(parse_td3_at(&format!("P<UTO{}", "<".repeat(39)), SPEC2, t).is_none());
    }

    #[test]
    fn parse_td3_forgives_spacing_case_and_chevrons() {
        let m = parse(
            "p<uto eriksson«anna‹maria <<<<<<<<<<<<<<<<<<< ",
            " l898902c36uto7408122f1204159ze184226b <<<<<10",
        );
        // `«` maps to one `<` here, so the given names run into the surname.
        assert_eq!(m.issuing_state, "UTO");
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        let m = parse(
            "p<uto eriksson<<anna‹maria <<<<<<<<<<<<<<<<<<< ",
            " l898902c36uto7408122f1204159ze184226b <<<<<10",
        );
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
    }

    #[test]
    fn find_in_surrounding_page_text() {
        let page = format!(
            "PASSPORT  PASSEPORT\nType P   Code UTO   Passport No. L898902C3\n\
             Surname ERIKSSON\nGiven names ANNA MARIA\nDate of birth 12 AUG 1974\n\n\
             {SPEC1}\n{SPEC2}\n\nSignature of bearer\nPage 2 of 32\n"
        );
        let m = find(&page).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
        assert_eq!(m.number, "L898902C3");
    }

    #[test]
    fn find_in_real_text_layer() {
        let m = find(PAGE_001).unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert!(!m.partial);
        assert_eq!(m.full_name(), "MAGDALENA KOWALCZYK");
        assert_eq!(m.number, "TH0076930");
        assert_eq!(m.birth, date(1974, 9, 12));
        assert_eq!(m.expiry, date(2034, 9, 5));
    }

    #[test]
    fn find_line_two_alone_in_real_ocr_text() {
        let m = find(PAGE_008).unwrap();
        assert!(m.partial);
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.document_type, "P");
        assert_eq!(m.issuing_state, "ITA");
        assert_eq!(m.surname, "");
        assert_eq!(m.full_name(), "");
        assert_eq!(m.number, "UT8492112");
        assert_eq!(m.nationality, "ITA");
        assert_eq!(m.birth, date(1971, 8, 16));
        assert_eq!(m.sex, 'F');
        assert_eq!(m.expiry, date(2030, 7, 1));
        assert_eq!(m.lines[1], "UT84921124ITA7108167F3007011<<<<<<<<<<<<<<06");

        let m = find(PAGE_011).unwrap();
        assert!(m.partial && m.is_valid());
        assert_eq!(m.issuing_state, "ITA");
        assert_eq!(m.number, "HW7019104");
        assert_eq!(m.nationality, "ITA");
        assert_eq!(m.birth, date(1987, 2, 8));
        assert_eq!(m.sex, 'M');
        assert_eq!(m.expiry, date(2030, 11, 17));
    }

    #[test]
    fn line_two_alone_is_not_taken_from_a_visa() {
        let visa = format!("{}\n{SPEC2}\n", with_char(SPEC1, 0, 'V'));
        assert_eq!(find(&visa), None);
        // Nor is one whose checks fail.
        let noise = format!("SOMETHING\n{}\n", with_char(SPEC2, 43, '1'));
        assert_eq!(find(&noise), None);
    }

    #[test]
    fn find_with_spaces_inserted() {
        let text = "P<UTOERIKSSON<<ANNA<MARIA<<<< <<<<<<<<<<<<<<< \n\
                    L898902C3 6UTO 740812 2F 120415 9ZE184226B<<<<< 10\n";
        let m = find(text).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.lines, [SPEC1.to_string(), SPEC2.to_string()]);
    }

    #[test]
    fn find_with_guillemets_and_lowercase() {
        let text = "p«utoeriksson««anna«maria«««««««««««««««««««\n\
                    l898902c36uto7408122f1204159ze184226b‹‹‹‹‹10\n";
        let m = find(text).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
        // Tesseract's `«` for a pair of fillers.
        let text =
            "P<UTOERIKSSON«ANNA<MARIA«««««««««<\nL898902C36UTO7408122F1204159ZE184226B««<10\n";
        let m = find(text).unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
    }

    #[test]
    fn find_repairs_letters_in_numeric_fields() {
        // O for 0, I for 1, S for 5, B for 8 in dates and check digits.
        let text = format!("{SPEC1}\nL898902C36UTO74O8I22F12O4I59ZE184226B<<<<<IO\n");
        let m = find(&text).unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.birth, date(1974, 8, 12));
        assert_eq!(m.expiry, date(2012, 4, 15));
        assert_eq!(m.lines[1], SPEC2);
        let m = find(&format!(
            "{}\n{}\n",
            CORPUS[0].0, "TS10544946JPN77IO2B5F32O2O7B<<<<<<<<<<<<<<O4"
        ))
        .unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.birth, date(1977, 10, 28));
        // But not in the document number, which may hold letters: its check fails.
        let (l1, l2) = CORPUS[1];
        let m = find(&format!("{l1}\n{}\n", l2.replacen("TH0", "THO", 1))).unwrap();
        assert_eq!(m.number, "THO076930");
        assert_eq!(m.failed_checks, [MrzField::Number, MrzField::Composite]);
    }

    #[test]
    fn find_repairs_digits_in_the_nationality() {
        let m = find(&format!(
            "{SPEC1}\nL898902C36UT07408122F1204159ZE184226B<<<<<10\n"
        ))
        .unwrap();
        assert_eq!(m.nationality, "UTO");
        assert!(m.is_valid());
    }

    #[test]
    fn find_with_a_missing_or_extra_trailing_filler() {
        let short1 = &SPEC1[..43];
        let m = find(&format!("{short1}\n{SPEC2}\n")).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.lines[0], SPEC1);
        let m = find(&format!("{SPEC1}<\n{SPEC2}\n")).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.lines[0], SPEC1);
    }

    #[test]
    fn find_with_a_filler_lost_or_added_in_line_two() {
        let (l1, l2) = CORPUS[0];
        let short2 = l2.replacen("<<", "<", 1);
        assert_eq!(short2.len(), 43);
        let m = find(&format!("{l1}\n{short2}\n")).unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.lines[1], l2);
        let long2 = l2.replacen("<<", "<<<", 1);
        let m = find(&format!("{l1}\n{long2}\n")).unwrap();
        assert!(m.is_valid(), "{:?}", m.failed_checks);
        assert_eq!(m.lines[1], l2);
        // The specimen's only run of filler is in the personal number.
        let m = find(&format!(
            "{SPEC1}\nL898902C36UTO7408122F1204159ZE184226B<<<<10\n"
        ))
        .unwrap();
        assert!(m.is_valid());
    }

    #[test]
    fn find_with_a_blank_line_between() {
        let m = find(&format!("{SPEC1}\n\n   \n{SPEC2}")).unwrap();
        assert!(m.is_valid());
    }

    #[test]
    fn find_lines_joined_or_split() {
        let m = find(&format!("MRZ: {SPEC1} {SPEC2} end")).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.full_name(), "ANNA MARIA ERIKSSON");
        let m = find(&format!("x\n{SPEC1}{SPEC2}\n")).unwrap();
        assert!(m.is_valid());
        let (a, b) = SPEC1.split_at(20);
        let (c, d) = SPEC2.split_at(30);
        let m = find(&format!("header\n{a}\n{b}\n{c}\n{d}\nfooter\n")).unwrap();
        assert!(m.is_valid());
        assert_eq!(m.lines, [SPEC1.to_string(), SPEC2.to_string()]);
        // Joined, with line 1 one filler short.
        let m = find(&format!("{}{SPEC2}", &SPEC1[..43])).unwrap();
        assert!(m.is_valid());
    }

    #[test]
    fn find_prefers_a_valid_zone() {
        let bad = with_char(SPEC2, 43, '1');
        let (l1, l2) = CORPUS[0];
        let m = find(&format!("{SPEC1}\n{bad}\n\n{l1}\n{l2}\n")).unwrap();
        assert_eq!(m.number, "TS1054494");
        // With no valid zone, the first that parses is reported with its failures.
        let m = find(&format!("{SPEC1}\n{bad}\n")).unwrap();
        assert_eq!(m.failed_checks, [MrzField::Composite]);
    }

    #[test]
    fn find_nothing_where_there_is_no_zone() {
        assert_eq!(find(""), None);
        assert_eq!(find("\n\n\n"), None);
        assert_eq!(find("P"), None);
        assert_eq!(find("P<"), None);
        assert_eq!(find(&SPEC1[..30]), None);
        assert_eq!(find(SPEC1), None);
        assert_eq!(
            find("Dear Sir or Madam,\nPlease find enclosed my passport.\n"),
            None
        );
        assert_eq!(find(&"PASSPORT ".repeat(500)), None);
        assert_eq!(find(&"P<<<<".repeat(200)), None);
        assert_eq!(
            find("Ünïcødé 🛂 ‹›«» 日本国 パスポート\u{200b}\u{feff}\r\n\t"),
            None
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "P".repeat(88),
            "<".repeat(88),
            "é".repeat(88),
            format!("P<UTO{}", "日".repeat(39)),
            format!("{SPEC1}\n{}", "日".repeat(44)),
            format!("{SPEC1}\n{}", "«".repeat(44)),
            format!("{}\n{SPEC2}", "P🛂".repeat(22)),
            format!("{SPEC1}\n{}", &SPEC2[..43].replace('<', "é")),
            "\u{0}P\u{0}<".repeat(50),
            "9".repeat(200),
        ];
        for s in &odd {
            let _ = find(s);
            let _ = find_mrz(s);
            let _ = parse_td3(s, s);
            let _ = parse_td3_at(SPEC1, s, today());
            let _ = parse_td3_at(s, SPEC2, today());
        }
        // Pseudo-random characters, ASCII and not.
        let alphabet: Vec<char> = "P<0123456789ABCDEFXYZ \n«é日".chars().collect();
        let mut state = 0x2545_f491_u32;
        for _ in 0..200 {
            let s: String = (0..200)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    alphabet[state as usize % alphabet.len()]
                })
                .collect();
            let _ = find(&s);
        }
    }

    #[test]
    fn filler_read_as_k_is_no_name() {
        assert_eq!(words("KKKKKKKKK<NAVARRO"), "NAVARRO");
        assert_eq!(words("JAVIER<KKKKKK"), "JAVIER");
        assert_eq!(
            words("K<JAVIER"),
            "K JAVIER",
            "a one-letter K may be an initial"
        );
        assert_eq!(words("KIM<KKAREN"), "KIM KKAREN");
    }
}
