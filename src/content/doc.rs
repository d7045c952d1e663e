//! The facts one document states, each with the page and the words it came from.

use crate::extract::dates::{self, DateFact, DateLabel, DateOrder};
use crate::extract::mrz::{self, Mrz};
use crate::extract::mrz_cells;
use crate::extract::{identity, purpose};
use crate::measure::mrz::Miss;
use crate::pack::entry::Entry;
use crate::pack::role::KindRole;
use crate::read::Reading;
use crate::read::text::PageText;
use crate::text;
use jiff::civil::Date;
use std::ops::Range;

/// A value a document states, and where: 1-based page and byte range in its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated<T> {
    /// The value, normalised.
    pub value: T,
    /// 1-based page.
    pub page: u32,
    /// Byte range of the words in the page's text.
    pub span: Range<usize>,
}

impl<T> Stated<T> {
    /// A value stated on `page` by the words at `span`.
    pub fn at(page: u32, value: T, span: &Range<usize>) -> Stated<T> {
        Stated {
            value,
            page,
            span: span.clone(),
        }
    }
}

/// The distinct values of some statements, in the order first stated.
pub fn distinct<'a>(stated: impl IntoIterator<Item = &'a Stated<String>>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for s in stated {
        if !out.contains(&s.value.as_str()) {
            out.push(&s.value);
        }
    }
    out
}

/// What one document says about the applicant and the trip.
#[derive(Debug, Clone, Default)]
pub struct DocFacts {
    /// File name.
    pub file: String,
    /// Kind id, when the title names one.
    pub kind: Option<String>,
    /// That kind's role.
    pub role: Option<KindRole>,
    /// Whether any page has a usable text layer.
    pub has_text: bool,
    /// Where each page read for facts got its text, in page order: a [`Stated`]'s page
    /// looks up here whether its words came from the text layer or from OCR.
    pub text_sources: Vec<(u32, text::Source)>,
    /// First day of the trip: the earliest arrival or start-of-stay date.
    pub arrival: Option<Stated<Date>>,
    /// Last day of the trip: the latest departure or end-of-stay date.
    pub departure: Option<Stated<Date>>,
    /// A validity or cover period (insurance cover, an invitation's validity).
    pub cover: Option<(Stated<Date>, Stated<Date>)>,
    /// The passport's expiry as this document states it.
    pub passport_expiry: Option<Stated<Date>>,
    /// Last day a bank statement covers.
    pub statement_end: Option<Stated<Date>>,
    /// Days the document says it was written or issued.
    pub dated: Vec<Stated<Date>>,
    /// Passport numbers stated next to a passport label.
    pub numbers: Vec<Stated<String>>,
    /// The applicant's name where the document states it.
    pub names: Vec<Stated<String>>,
    /// Purpose categories the document states.
    pub purposes: Vec<Stated<String>>,
    /// Wording that signals employment, salary from the host or productive work.
    pub employment: Vec<Stated<String>>,
    /// The passport's machine-readable zone, from its text or its pixels.
    pub mrz: Option<Stated<Mrz>>,
    /// The zone was read from the page's pixels, not from its text.
    pub mrz_from_pixels: bool,
    /// Why no zone was read from the pixels, when none was read at all.
    pub mrz_miss: Option<Miss>,
    /// The inviting organisation, where the document names it.
    pub host: Option<Stated<String>>,
}

/// How facts are read: the settings that come from the pack.
pub struct Reader<'a> {
    /// How all-numeric dates read.
    pub order: DateOrder,
    /// The day of submission: MRZ birth years are read against it.
    pub today: Date,
    /// The purpose lexicon.
    pub lexicon: &'a purpose::Lexicon,
    /// The inviting organisation, when the manifest names it.
    pub host: Option<&'a str>,
}

/// A passport expiry is "valid until" within this many bytes after the passport number.
const EXPIRY_AFTER_NUMBER: usize = 40;

impl DocFacts {
    /// A document whose text could not be read for facts.
    pub fn unread(entry: &Entry) -> DocFacts {
        DocFacts {
            file: entry.name.clone(),
            kind: entry.kind().map(str::to_string),
            role: entry.role(),
            ..DocFacts::default()
        }
    }

    /// Reads the facts of one document from its pages' text.
    pub fn read(entry: &Entry, reading: &Reading, r: &Reader) -> DocFacts {
        let mut f = DocFacts::unread(entry);
        let kind = f.role;
        if reading.failure.is_some() {
            return f;
        }
        for (page, text) in usable_pages(reading) {
            f.has_text = true;
            f.text_sources.push((page, text.source));
            f.read_page(page, &text.text, kind, r);
        }
        f.read_pixel_mrz(reading, r);
        f
    }

    /// The zone read from a page's pixels, where the text layer holds none or one whose
    /// check digits fail: the reading whose check digits hold wins.
    fn read_pixel_mrz(&mut self, reading: &Reading, r: &Reader) {
        let text_holds = self
            .mrz
            .as_ref()
            .is_some_and(|m| m.value.failed_checks.is_empty());
        if text_holds {
            return;
        }
        let mut miss = None;
        for page in &reading.page_info {
            let Some(cells) = page.mrz.as_ref() else {
                miss = miss.or(page.mrz_miss);
                continue;
            };
            // A zone of glyphs that fits no ICAO layout, or a card's zone on a passport.
            let Some(zone) = mrz_cells::decode_at(cells, r.today).and_then(|read| read.td3) else {
                miss = miss.or(Some(Miss::Unreadable));
                continue;
            };
            if self.mrz.is_none() || zone.failed_checks.is_empty() {
                self.mrz = Some(Stated::at(page.number, zone, &(0..0)));
                self.mrz_from_pixels = true;
                return;
            }
        }
        if self.mrz.is_none() {
            self.mrz_miss = miss;
        }
    }

    /// Where the text of `page` came from, when the page was read for facts.
    pub fn source_of(&self, page: u32) -> Option<text::Source> {
        self.text_sources
            .iter()
            .find(|(p, _)| *p == page)
            .map(|&(_, s)| s)
    }

    fn read_page(&mut self, page: u32, text: &str, kind: Option<KindRole>, r: &Reader) {
        let numbers = identity::passport_numbers(text);
        self.numbers.extend(
            numbers
                .iter()
                .map(|n| Stated::at(page, n.value.clone(), &n.span)),
        );
        self.names.extend(
            identity::applicant_names(text)
                .into_iter()
                .map(|n| Stated::at(page, n.value, &n.span)),
        );
        if self.host.is_none()
            && let Some(h) = identity::host_names(text).into_iter().next()
        {
            self.host = Some(Stated::at(page, h.value, &h.span));
        }
        if self.mrz.is_none()
            && let Some(m) = mrz::find_mrz_at(text, r.today)
        {
            let span = mrz_span(text, &m);
            self.mrz = Some(Stated {
                value: m,
                page,
                span,
            });
        }
        let found = dates::find_dates(text, r.order);
        let ranges = dates::find_ranges(text, r.order);
        let in_range = |d: &DateFact| ranges.iter().any(|g| g.span.contains(&d.span.start));
        for d in &found {
            let stated = Stated::at(page, d.date, &d.span);
            match d.label {
                // "Expiration Date" on an insurance policy or a card is its own expiry.
                Some(DateLabel::Expiry) if states_passport_expiry(kind) => {
                    keep_first(&mut self.passport_expiry, stated)
                }
                // "passport No. X, valid until D": the passport's validity, not a period's end.
                Some(DateLabel::ValidUntil)
                    if !in_range(d)
                        && numbers.iter().any(|n| {
                            n.span.end <= d.span.start
                                && d.span.start - n.span.end <= EXPIRY_AFTER_NUMBER
                        }) =>
                {
                    keep_first(&mut self.passport_expiry, stated)
                }
                Some(DateLabel::Signed | DateLabel::Issued) => self.dated.push(stated),
                Some(DateLabel::StatementTo) if statement(kind) => {
                    keep_latest(&mut self.statement_end, stated)
                }
                // An itinerary's return leg "arrives" home after the trip and its outbound
                // leg "departs" before it: the trip is the earliest arrival to the latest
                // departure.
                Some(DateLabel::Arrival | DateLabel::StayFrom) if trip(kind) => {
                    keep_earliest(&mut self.arrival, stated)
                }
                Some(DateLabel::Departure | DateLabel::StayUntil) if trip(kind) => {
                    keep_latest(&mut self.departure, stated)
                }
                _ => {}
            }
        }
        if self.cover.is_none()
            && let Some(g) = ranges
                .iter()
                .find(|g| g.from.label == Some(DateLabel::ValidFrom))
        {
            self.cover = Some((
                Stated::at(page, g.from.date, &g.from.span),
                Stated::at(page, g.to.date, &g.to.span),
            ));
        }
        // A statement without a "period" line ends on its latest transaction.
        if statement(kind) && self.statement_end.is_none() {
            let last = found
                .iter()
                .filter(|d| !matches!(d.label, Some(DateLabel::Birth | DateLabel::Expiry)))
                .max_by_key(|d| d.date);
            if let Some(d) = last {
                self.statement_end = Some(Stated::at(page, d.date, &d.span));
            }
        }
        if states_purpose(kind) {
            self.purposes.extend(
                purpose::find_purposes(text, r.lexicon)
                    .into_iter()
                    .map(|p| Stated::at(page, p.id, &p.span)),
            );
        }
        if may_signal_employment(kind) {
            self.employment.extend(
                purpose::employment_signals(text, r.lexicon, r.host)
                    .into_iter()
                    .map(|p| Stated::at(page, p.id, &p.span)),
            );
        }
    }

    /// The text of a page of this document, for quoting.
    pub fn page_text(reading: &Reading, page: u32) -> Option<&str> {
        page_texts(reading)
            .find(|(p, _)| *p == page)
            .map(|(_, t)| t)
    }
}

/// Each page's usable text, with its page number: not empty, not garbage.
pub fn page_texts(reading: &Reading) -> impl Iterator<Item = (u32, &str)> {
    usable_pages(reading).map(|(page, t)| (page, t.text.as_str()))
}

/// The pages of [`page_texts`], with the whole [`PageText`] (its source too).
fn usable_pages(reading: &Reading) -> impl Iterator<Item = (u32, &PageText)> {
    reading.page_info.iter().filter_map(|p| {
        let t = p.text.as_ref()?;
        (!t.garbage && !t.text.trim().is_empty()).then_some((p.number, t))
    })
}

fn keep_first<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

fn keep_earliest(slot: &mut Option<Stated<Date>>, value: Stated<Date>) {
    if slot.as_ref().is_none_or(|s| value.value < s.value) {
        *slot = Some(value);
    }
}

fn keep_latest(slot: &mut Option<Stated<Date>>, value: Stated<Date>) {
    if slot.as_ref().is_none_or(|s| value.value > s.value) {
        *slot = Some(value);
    }
}

/// Where a zone's second line stands in the page text, or the empty range at 0.
fn mrz_span(text: &str, m: &Mrz) -> Range<usize> {
    let key = m.lines[1].get(..9).unwrap_or("");
    if key.is_empty() {
        return 0..0;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.starts_with(key) {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    0..0
}

/// Roles whose arrival and departure dates speak of this trip. A passport, a bank
/// statement or a company extract carry other dates.
fn trip(role: Option<KindRole>) -> bool {
    use KindRole::*;
    !matches!(
        role,
        Some(Passport | Photo | Financial | Business | Residence | Fee | Index)
    )
}

/// Roles whose "date of expiry" is the passport's: the passport itself, the form that
/// copies it, the invitation that names it, a translation of one of them.
fn states_passport_expiry(role: Option<KindRole>) -> bool {
    use KindRole::*;
    matches!(role, Some(Passport | Form | Invitation | Translation))
}

/// Roles whose last date is a statement's end.
fn statement(role: Option<KindRole>) -> bool {
    role == Some(KindRole::Financial)
}

/// Roles that state the purpose of the trip in their own words.
fn states_purpose(role: Option<KindRole>) -> bool {
    use KindRole::*;
    matches!(
        role,
        Some(Form | Invitation | EmployerLetter | CoverLetter | Translation)
    )
}

/// Roles whose wording about work in the host country is the applicant's or the host's:
/// bank statements list salaries and company extracts list trades, neither is a plan.
fn may_signal_employment(role: Option<KindRole>) -> bool {
    use KindRole::*;
    matches!(
        role,
        None | Some(Form | Invitation | EmployerLetter | CoverLetter | Translation | Other)
    )
}
