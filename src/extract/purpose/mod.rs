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
//! field or a bank-statement line; a salary counts only when the host side pays it, and
//! employment only when it is not the applicant's job at home. These checks look at a
//! few words around the match, so they stay cheap and predictable; they will miss
//! convoluted wording, and rules quote the span so a reader can judge.
//!
//! Spans are byte ranges into the searched text, always on char boundaries.

use regex::{Regex, RegexBuilder};
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

/// One category of the lexicon.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeSpec {
    /// Stable id, such as `negotiations`.
    pub id: String,
    /// Words used in messages, such as "business negotiations".
    pub label: String,
    /// Whether the wording signals work a business visa does not allow.
    #[serde(default)]
    pub risky: bool,
    /// Phrases that state the category, in the syntax of `profiles/purposes.toml`.
    pub phrases: Vec<String>,
}

/// A compiled lexicon.
#[derive(Clone)]
pub struct Lexicon {
    specs: Vec<PurposeSpec>,
    cats: Vec<Compiled>,
}

/// One category's phrases as regexes.
#[derive(Clone)]
struct Compiled {
    find: Regex,
    except: Option<Regex>,
    check: Check,
}

/// Extra evidence a category needs beyond its phrase.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// The phrase is enough.
    None,
    /// The host side must pay (`salary`).
    HostPays,
    /// Not the applicant's job at home (`employment`).
    NotHomeJob,
}

/// The top-level shape of `profiles/purposes.toml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    purposes: Vec<PurposeSpec>,
}

/// The lexicon of `profiles/purposes.toml`, compiled on first use.
static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    let file: LexiconFile = toml::from_str(include_str!("../../../profiles/purposes.toml"))
        .expect("profiles/purposes.toml parses");
    Lexicon::new(&file.purposes).expect("profiles/purposes.toml compiles")
});

impl Lexicon {
    /// Compiles a lexicon: one regex per category, plus one for its `!` exceptions.
    pub fn new(specs: &[PurposeSpec]) -> Result<Lexicon, String> {
        let mut seen = HashSet::new();
        let mut cats = Vec::with_capacity(specs.len());
        for spec in specs {
            if spec.id.trim().is_empty() {
                return Err("purpose with an empty id".to_string());
            }
            if !seen.insert(spec.id.as_str()) {
                return Err(format!("purpose `{}` is defined twice", spec.id));
            }
            let mut find = Vec::new();
            let mut except = Vec::new();
            for phrase in &spec.phrases {
                let (list, body) = match phrase.trim().strip_prefix('!') {
                    Some(rest) => (&mut except, rest),
                    None => (&mut find, phrase.trim()),
                };
                let re = phrase_regex(body)
                    .map_err(|e| format!("purpose `{}`, phrase {phrase:?}: {e}", spec.id))?;
                list.push((body.chars().count(), re));
            }
            if find.is_empty() {
                return Err(format!("purpose `{}` has no phrases", spec.id));
            }
            let check = match spec.id.as_str() {
                "salary" => Check::HostPays,
                "employment" => Check::NotHomeJob,
                _ => Check::None,
            };
            cats.push(Compiled {
                find: alternation(find).map_err(|e| format!("purpose `{}`: {e}", spec.id))?,
                except: if except.is_empty() {
                    None
                } else {
                    Some(alternation(except).map_err(|e| format!("purpose `{}`: {e}", spec.id))?)
                },
                check,
            });
        }
        Ok(Lexicon {
            specs: specs.to_vec(),
            cats,
        })
    }

    /// The built-in lexicon of `profiles/purposes.toml`, parsed once.
    pub fn builtin() -> &'static Lexicon {
        &BUILTIN
    }

    /// The spec of a category id (or, failing that, of a label, case-insensitively).
    pub fn spec(&self, id: &str) -> Option<&PurposeSpec> {
        let id = id.trim();
        self.specs
            .iter()
            .find(|s| s.id == id)
            .or_else(|| self.specs.iter().find(|s| s.label.eq_ignore_ascii_case(id)))
    }

    /// The words messages use for a category: its label, or the id itself when unknown.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.spec(id).map_or(id, |s| s.label.as_str())
    }

    /// Every category, in lexicon order.
    pub fn specs(&self) -> &[PurposeSpec] {
        &self.specs
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.specs.iter().map(|s| s.id.as_str()).collect();
        f.debug_struct("Lexicon").field("purposes", &ids).finish()
    }
}

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

/// The sentence around byte offset `at`: its byte range, trimmed of surrounding space.
///
/// Sentences end at `.`, `!`, `?` before a capital (not after `No.`, `Mr.`, initials),
/// at blank lines, and at line breaks after a line clearly shorter than the text's
/// longest (a form field, a heading, a paragraph's last line), since extracted PDF
/// text wraps sentences across lines. Returns `at..at` between sentences.
pub fn sentence_of(text: &str, at: usize) -> Range<usize> {
    let at = text.floor_char_boundary(at);
    let lines = lines_of(text);
    sentences(text, &lines)
        .into_iter()
        .find(|s| s.start <= at && at < s.end)
        .unwrap_or(at..at)
}

// ---------------------------------------------------------------------------
// Compiling phrases

/// Between two phrase words: whitespace (line breaks too) or a hyphen.
const SEP: &str = r"(?:\s*[-‐‑–—]\s*|\s+)";
/// A hyphen inside a phrase word: a hyphen, a space, or nothing.
const JOIN: &str = r"(?:\s*[-‐‑–—]\s*|\s+)?";
/// `~`: up to four words, not across sentence punctuation.
const GAP: &str = r"(?:\s+[^\s.;!?]+){0,4}\s+";
// Word characters are spelled as "not a separator" rather than `[\p{L}\p{N}]`: the
// Unicode letter class compiles to thousands of automaton states, and a copy per phrase
// made building the lexicon take a fifth of a second.
/// The rest of an inner stem word, up to the separator that must follow.
const STEM: &str = r#"[^\s\-‐‑–—.,;:!?()\[\]«»"“”„/]*"#;
/// The end of a whole last word; the consumed character is trimmed off the span.
const WHOLE: &str = r#"(?:[\s\-‐‑–—.,;:!?()\[\]«»"“”„/'’]|$)"#;

/// The regex of one phrase (see the header of `profiles/purposes.toml`).
fn phrase_regex(phrase: &str) -> Result<String, String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() {
        return Err("empty phrase".to_string());
    }
    if words.first() == Some(&"~") || words.last() == Some(&"~") {
        return Err("`~` must stand between two words".to_string());
    }
    let mut out = String::new();
    let mut gap = false;
    for (i, w) in words.iter().enumerate() {
        if *w == "~" {
            if gap {
                return Err("two `~` in a row".to_string());
            }
            gap = true;
            continue;
        }
        if i > 0 {
            out.push_str(if gap { GAP } else { SEP });
        }
        gap = false;
        let last = i + 1 == words.len();
        let (body, stem) = if let Some(b) = w.strip_suffix('*') {
            (b, true)
        } else if let Some(b) = w.strip_suffix('$') {
            (b, false)
        } else {
            (*w, last)
        };
        if body.is_empty() || body.contains(['*', '$', '~']) {
            return Err(format!("bad word {w:?}"));
        }
        for (j, part) in body.split('-').enumerate() {
            if part.is_empty() {
                return Err(format!("bad hyphen in {w:?}"));
            }
            if j > 0 {
                out.push_str(JOIN);
            }
            for c in part.chars() {
                match c {
                    // Russian print often drops the diaeresis: удалённо = удаленно.
                    'е' | 'ё' | 'Е' | 'Ё' => out.push_str("[её]"),
                    _ => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                }
            }
        }
        match (stem, last) {
            (true, false) => out.push_str(STEM),
            (false, true) => out.push_str(WHOLE),
            // A last stem is extended to the end of its word by `words_of`; an inner
            // whole word needs nothing, SEP or GAP after it starts with a separator.
            _ => {}
        }
    }
    Ok(out)
}

/// One regex for a category's phrases (with their lengths), longest phrase first: the
/// regex prefers the earlier alternative at a position, and the longer phrase is the
/// more specific reading.
fn alternation(mut parts: Vec<(usize, String)>) -> Result<Regex, String> {
    parts.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
    let parts: Vec<String> = parts.into_iter().map(|(_, re)| re).collect();
    // No word-start assertion in the pattern: `matches` checks it, which leaves the regex
    // a plain alternation of literals that the engine can prefilter.
    let pattern = format!(r"(?i)(?:{})", parts.join("|"));
    RegexBuilder::new(&pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
        .map_err(|e| e.to_string())
}

/// Every match of a category regex that starts a word, as the matched words.
///
/// A match that fails the word-start test is retried one character later; the test
/// depends only on the position, so no alternative is lost. Unless `conjunctions`, a
/// match is refused when a `~` gap took in "and" / "or": "Purpose of visit Business
/// negotiations and site visit" is not "visit ~ site", it is "site visit".
fn matches(re: &Regex, text: &str, conjunctions: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(m) = re.find_at(text, pos) {
        let starts_word = !text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let span = words_of(text, m);
        let joins = !conjunctions
            && text[span.clone()]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| {
                    CONJUNCTIONS
                        .iter()
                        .any(|c| w.eq_ignore_ascii_case(c) || w == *c)
                });
        if starts_word && !span.is_empty() && !joins {
            out.push(span);
            pos = m.end();
        } else {
            let first = text[m.start()..].chars().next().map_or(1, char::len_utf8);
            pos = m.start() + first;
        }
        if pos > text.len() {
            break;
        }
    }
    out
}

/// The words of a regex match: a boundary character it consumed trimmed off the end, a
/// final stem extended to the end of its word.
fn words_of(text: &str, m: regex::Match) -> Range<usize> {
    let s = &text[m.range()];
    let trail = s
        .chars()
        .next_back()
        .filter(|c| !c.is_alphanumeric())
        .map_or(0, char::len_utf8);
    let mut end = m.end() - trail;
    if trail == 0 {
        end += text[end..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum::<usize>();
    }
    m.start()..end
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
    let host = host.and_then(HostName::new);
    let negated = negations(&ctx, &cands);
    let mut kept: Vec<Candidate> = cands
        .iter()
        .zip(&negated)
        .filter(|(c, neg)| !**neg && !ctx.not_a_statement(&c.span))
        .filter(|(c, _)| match lexicon.cats[c.cat].check {
            Check::None => true,
            Check::HostPays => ctx.host_pays(&c.span, host.as_ref()),
            Check::NotHomeJob => ctx.not_home_job(&c.span, host.as_ref()),
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

/// A word or a punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
}

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
        let i = self.lines.partition_point(|l| l.end < at);
        self.lines.get(i).cloned().unwrap_or(at..at)
    }

    /// The sentence holding `span` (at least the span itself).
    ///
    /// Clamped to [`SENTENCE_REACH`] bytes on either side of the span: text without
    /// sentence ends (a table, a page of garbage) would otherwise make every check over
    /// every match read the whole page, quadratic in the page's length.
    fn sentence(&self, span: &Range<usize>) -> Range<usize> {
        let i = self.sentences.partition_point(|s| s.end <= span.start);
        let whole = match self.sentences.get(i) {
            Some(s) if s.start <= span.start => s.start..s.end.max(span.end),
            _ => return span.clone(),
        };
        let start = self
            .text
            .floor_char_boundary(span.start.saturating_sub(SENTENCE_REACH));
        let end = self.text.ceil_char_boundary(span.end + SENTENCE_REACH);
        whole.start.max(start)..whole.end.min(end)
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

    /// A salary the host side pays: named as payer, or in Kazakhstan, with no sign the
    /// home employer keeps paying.
    fn host_pays(&self, span: &Range<usize>, host: Option<&HostName>) -> bool {
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
    fn not_home_job(&self, span: &Range<usize>, host: Option<&HostName>) -> bool {
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
    fn is_host(&self, words: &[Tok], host: Option<&HostName>) -> bool {
        let lower: Vec<String> = words
            .iter()
            .filter(|t| t.word)
            .map(|t| self.lower(t))
            .collect();
        if lower.iter().any(|w| is_host_word(w)) {
            return true;
        }
        host.is_some_and(|h| h.within(&lower))
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

/// The inviting organisation's name, reduced to its distinctive words.
struct HostName {
    words: Vec<String>,
}

impl HostName {
    fn new(name: &str) -> Option<HostName> {
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !is_legal_form_word(w))
            .collect();
        (!words.is_empty()).then_some(HostName { words })
    }

    /// Whether `lower` (lowercase words) holds the name's first two words in order:
    /// letters shorten "Altyn Dala Trading LLP" to "Altyn Dala".
    fn within(&self, lower: &[String]) -> bool {
        let head = &self.words[..self.words.len().min(2)];
        lower
            .windows(head.len())
            .any(|w| w.iter().zip(head).all(|(a, b)| a == b))
    }
}

/// Which candidates are negated: a negation shortly before in the same clause, a
/// negation right after ("installation is not planned"), or a list continuing a negated
/// one ("no installation, assembly or commissioning").
fn negations(ctx: &Context, cands: &[Candidate]) -> Vec<bool> {
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

/// Words and punctuation marks of `text[range]`.
fn tokens(text: &str, range: Range<usize>) -> Vec<Tok> {
    if range.start >= range.end {
        return Vec::new();
    }
    let range = text.floor_char_boundary(range.start)..text.floor_char_boundary(range.end);
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let inner_apostrophe = matches!(c, '\'' | '’')
            && word.is_some()
            && it.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            word.get_or_insert(i);
            continue;
        }
        if let Some(w) = word.take() {
            out.push(Tok {
                start: range.start + w,
                end: range.start + i,
                word: true,
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                start: range.start + i,
                end: range.start + i + c.len_utf8(),
                word: false,
            });
        }
    }
    if let Some(w) = word {
        out.push(Tok {
            start: range.start + w,
            end: range.end,
            word: true,
        });
    }
    out
}

/// Lines as byte ranges, without their line breaks.
fn lines_of(text: &str) -> Vec<Range<usize>> {
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

/// Sentences as byte ranges (see [`sentence_of`]).
fn sentences(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let width = lines
        .iter()
        .map(|l| text[l.clone()].trim_end().chars().count())
        .max()
        .unwrap_or(0);
    // A wrapped line fills most of the width; a shorter one ended where its author did.
    let short = |len: usize| width < 40 || len * 10 < width * 7;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |from: &mut Option<usize>, to: usize, out: &mut Vec<Range<usize>>| {
        if let Some(s) = from.take() {
            let piece = &text[s..to];
            let end = s + piece.trim_end().len();
            if end > s {
                out.push(s..end);
            }
        }
    };
    for line in lines {
        let l = &text[line.clone()];
        for (i, c) in l.char_indices() {
            let at = line.start + i;
            if start.is_none() && !c.is_whitespace() {
                start = Some(at);
            }
            if matches!(c, '.' | '!' | '?' | '…') && ends_sentence(l, i, c) {
                push(&mut start, at + c.len_utf8(), &mut out);
            }
        }
        if short(l.trim_end().chars().count()) {
            push(&mut start, line.end, &mut out);
        }
    }
    push(&mut start, text.len(), &mut out);
    out
}

/// Whether the mark `c` at byte `i` of `line` ends a sentence.
fn ends_sentence(line: &str, i: usize, c: char) -> bool {
    let rest = &line[i + c.len_utf8()..];
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    let following = rest.trim_start().chars().next();
    if !following.is_none_or(|f| f.is_uppercase() || f.is_numeric() || "«\"“(".contains(f)) {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word: String = line[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !initial && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
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

/// How far around a match its sentence is read, in bytes: longer than any real sentence.
const SENTENCE_REACH: usize = 600;

/// Whether `s` begins with a capital letter.
fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `w` (lowercase) names the host side: Kazakh, local, host, inviting, tenge.
fn is_host_word(w: &str) -> bool {
    HOST_WORDS.contains(&w) || HOST_STEMS.iter().any(|p| w.starts_with(p))
}

/// Whether a legal form begins at word `w` (`next` is the token after it).
fn is_legal_form(w: &str, next: Option<&str>) -> bool {
    // Capitalised only: "as", "co", "sa" are also plain words.
    if starts_upper(w) && is_legal_form_word(&w.to_lowercase()) {
        return true;
    }
    // S.r.l., S.L., K.K., B.V.: one capital letter and a dot.
    let single = w.chars().count() == 1 && starts_upper(w);
    single && next == Some(".")
}

/// Whether lowercase `w` is a legal form ("llp", "тоо").
fn is_legal_form_word(w: &str) -> bool {
    LEGAL_FORMS.contains(&w)
}

/// Whether `prefix` ends with a legal form ("ТОО ", "LLP ").
fn ends_with_legal_form(prefix: &str) -> bool {
    prefix
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| starts_upper(w) && is_legal_form_word(&w.to_lowercase()))
}

// ---------------------------------------------------------------------------
// Word lists: grammar, not lexicon, so they live with the code that reads them.

/// Lowercase legal forms that end a company name.
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    "llp", "llc", "ltd", "limited", "gmbh", "ag", "jsc", "plc", "inc", "corp",
    "corporation", "sas", "sarl", "sa", "spa", "srl", "bv", "nv", "oy", "ab", "as", "kk",
    "co", "company", "group", "holding", "holdings", "sp", "тоо", "ао", "ооо", "зао", "оао",
    "пао", "ип", "жшс", "ақ",
];

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

/// Words a `~` gap may not take in (phrases in the lexicon do not contain them).
const CONJUNCTIONS: &[&str] = &["and", "or", "и", "или", "либо", "және", "немесе"];

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

/// Lowercase abbreviations after which a full stop does not end a sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "no", "nr", "mr", "mrs", "ms", "dr", "st", "ave", "ref", "tel", "fax", "reg", "art",
    "p", "pp", "vs", "approx", "prof", "jr", "sr", "г", "ул", "им", "д", "кв", "обл", "пр",
    "просп", "исх", "вх", "т", "тел", "e.g", "i.e", "etc",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (category id, matched words) for each fact of `find_purposes`.
    fn found(text: &str) -> Vec<(String, String)> {
        find_purposes(text, Lexicon::builtin())
            .into_iter()
            .map(|f| (f.id, text[f.span].to_string()))
            .collect()
    }

    /// The distinct category ids of `find_purposes`, sorted.
    fn ids(text: &str) -> Vec<String> {
        let mut v: Vec<String> = find_purposes(text, Lexicon::builtin())
            .into_iter()
            .map(|f| f.id)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The distinct category ids of `employment_signals`, sorted.
    fn signals(text: &str, host: Option<&str>) -> Vec<String> {
        let mut v: Vec<String> = employment_signals(text, Lexicon::builtin(), host)
            .into_iter()
            .map(|f| f.id)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn v(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn builtin_lexicon_compiles_with_every_category() {
        let lex = Lexicon::builtin();
        for id in [
            "meetings",
            "negotiations",
            "contract-signing",
            "conference",
            "market-research",
            "investment",
            "site-visit",
            "training",
            "installation",
            "productive-training",
            "employment",
            "salary",
            "remote-work",
        ] {
            assert!(lex.spec(id).is_some(), "{id}");
        }
        assert!(lex.spec("salary").unwrap().risky);
        assert!(!lex.spec("training").unwrap().risky);
        assert_eq!(
            lex.spec("business negotiations").unwrap().id,
            "negotiations"
        );
        assert!(lex.spec("tourism").is_none());
    }

    #[test]
    fn bad_phrases_are_errors() {
        let spec = |p: &str| PurposeSpec {
            id: "x".into(),
            label: "x".into(),
            risky: false,
            phrases: vec![p.into()],
        };
        for bad in [
            "",
            "~ contract",
            "sign ~",
            "sign ~ ~ contract",
            "a**",
            "-x",
            "!only",
        ] {
            assert!(Lexicon::new(&[spec(bad)]).is_err(), "{bad:?}");
        }
        let twice = [spec("a"), spec("b")];
        assert!(Lexicon::new(&twice).is_err());
        assert!(Lexicon::new(&[spec("sign* ~ contract")]).is_ok());
    }

    #[test]
    fn phrase_syntax_stems_whole_words_gaps_and_exceptions() {
        let lex = Lexicon::new(&[PurposeSpec {
            id: "t".into(),
            label: "t".into(),
            risky: false,
            phrases: vec![
                "negotiat".into(),
                "expo$".into(),
                "делов* встреч".into(),
                "sign* ~ contract".into(),
                "start-up of$".into(),
                "удалённ* работ".into(),
                "!negotiating table".into(),
            ],
        }])
        .unwrap();
        let hits = |t: &str| -> Vec<String> {
            find_purposes(t, &lex)
                .into_iter()
                .map(|f| t[f.span].to_string())
                .collect()
        };
        assert_eq!(
            hits("Negotiations and NEGOTIATING"),
            v(&["Negotiations", "NEGOTIATING"])
        );
        assert_eq!(hits("renegotiation"), v(&[]));
        assert_eq!(hits("the Expo, exports, expos"), v(&["Expo"]));
        assert_eq!(hits("проведения деловых\nвстреч"), v(&["деловых\nвстреч"]));
        assert_eq!(
            hits("signing of the supply contract"),
            v(&["signing of the supply contract"])
        );
        assert_eq!(hits("signing of the big new supply contract"), v(&[]));
        assert_eq!(hits("sign. The contract"), v(&[]));
        assert_eq!(
            hits("startup of the line; start up of"),
            v(&["startup of", "start up of"])
        );
        assert_eq!(hits("удаленной работы"), v(&["удаленной работы"]));
        assert_eq!(hits("back at the negotiating table"), v(&[]));
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

    #[test]
    fn sentences_follow_punctuation_and_short_lines() {
        let t = "Purpose of visit Business negotiations\nIntended date of arrival 25 December 2026\nI declare that the information given in this application is correct and complete. I undertake to leave the\nterritory before the visa expires.";
        let s = sentence_of(t, t.find("negotiations").unwrap());
        assert_eq!(&t[s], "Purpose of visit Business negotiations");
        let at = t.find("territory").unwrap();
        assert_eq!(
            &t[sentence_of(t, at)],
            "I undertake to leave the\nterritory before the visa expires."
        );
        let t = "passport No. TH0076930, holder of Sp. z o.o. in Warsaw. Next one.";
        assert_eq!(
            &t[sentence_of(t, 0)],
            "passport No. TH0076930, holder of Sp. z o.o. in Warsaw."
        );
    }
}
