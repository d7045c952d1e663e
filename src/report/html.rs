//! `--format html`: one self-contained page an applicant can open, read on a phone and
//! print: a summary band per pack, then each document in order with its findings (rule,
//! severity as a word, an icon and a colour, message, help), and the documentation of
//! every rule that spoke, in the same file. CSS inline, no script, no request of any kind.
//!
//! Packs are kept until the end, so that a batch's file can open with its table of packs.

use super::{PackReport, RunSummary, Sink};
use crate::finding::{Finding, Severity};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The page's style: readable on a phone, plain when printed.
const CSS: &str = r#"
:root { --err: #b3261e; --warn: #8a5a00; --info: #1f5f99; --ok: #1e6b34; --line: #d8d8d8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
  max-width: 60rem; padding: 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-top: 2px solid #333; padding-top: 1rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; word-break: break-all; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.band { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem .8rem;
  border-radius: .4rem; background: #f4f4f4; border-left: .4rem solid var(--ok); }
.band.band-error { border-left-color: var(--err); } .band.band-warning { border-left-color: var(--warn); }
.count { font-weight: 600; } .count.error { color: var(--err); } .count.warning { color: var(--warn); }
.count.info { color: var(--info); }
.meta { color: #555; font-size: .9rem; margin: 0; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .3rem 1rem;
  margin: .5rem 0 0; padding: .5rem .8rem; background: #fafafa; border: 1px solid var(--line); border-radius: .4rem; }
dl.facts dt { font-size: .8rem; color: #555; text-transform: uppercase; letter-spacing: .03em; }
dl.facts dd { margin: 0; font-weight: 600; word-break: break-word; }
dl.facts .src { display: block; font-weight: 400; font-size: .8rem; color: #555; }
ul.findings { list-style: none; padding: 0; margin: .25rem 0 0; }
.finding { border: 1px solid var(--line); border-left: .35rem solid var(--info); border-radius: .3rem;
  padding: .5rem .75rem; margin: .4rem 0; }
.finding.error { border-left-color: var(--err); } .finding.warning { border-left-color: var(--warn); }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .03em; }
.sev.error { color: var(--err); } .sev.warning { color: var(--warn); } .sev.info { color: var(--info); }
.finding p { margin: .2rem 0; } .help { color: #333; }
.ok { color: var(--ok); font-weight: 600; }
table.packs { border-collapse: collapse; width: 100%; font-size: .95rem; }
table.packs th, table.packs td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
details.rule { border: 1px solid var(--line); border-radius: .3rem; padding: .4rem .75rem; margin: .4rem 0; }
details.rule summary { cursor: pointer; font-weight: 600; }
details.rule pre { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; border-radius: .3rem; }
footer { margin-top: 2rem; color: #555; font-size: .85rem; }
.doc { display: grid; grid-template-columns: auto 1fr; gap: 0 1rem; align-items: start; }
.doc > h3, .doc > .meta { grid-column: 1 / -1; }
.doc > .pages { grid-column: 1; } .doc > ul.findings, .doc > .ok { grid-column: 2; }
@media (max-width: 40rem) { .doc { display: block; } }
.pages { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; max-width: 30rem; }
.page { position: relative; display: block; cursor: zoom-in; }
.page input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.sheet { position: relative; display: block; width: 9rem; }
.sheet img { display: block; width: 100%; height: auto; border: 1px solid #bbb; background: #fff; }
.page.error img { outline: .2rem solid var(--err); } .page.warning img { outline: .2rem solid var(--warn); }
.page input:checked + .sheet { width: min(100%, 28rem); cursor: zoom-out; }
.page input:focus-visible + .sheet { box-shadow: 0 0 0 .2rem #1f5f99; }
.caption { display: block; font-size: .8rem; color: #555; }
.mark { position: absolute; min-width: 6px; min-height: 6px; border: 2px solid var(--info);
  background: rgb(31 95 153 / .12); border-radius: 2px; }
.mark.error { border-color: var(--err); background: rgb(179 38 30 / .14); }
.mark.warning { border-color: #c77d00; background: rgb(199 125 0 / .14); }
.mark b { position: absolute; top: -.55rem; left: -.55rem; font: 700 .65rem/1rem system-ui, sans-serif;
  min-width: 1rem; text-align: center; color: #fff; background: var(--info); border-radius: .5rem; }
.mark.error b, .num.error { background: var(--err); } .mark.warning b, .num.warning { background: var(--warn); }
.num { display: inline-block; min-width: 1.3rem; text-align: center; color: #fff; background: var(--info);
  border-radius: .65rem; font-weight: 700; font-size: .8rem; }
@media print { body { max-width: none; } details.rule { break-inside: avoid; }
  details.rule > * { display: block; } a { color: inherit; text-decoration: none; } }
"#;

/// Writes the run as one HTML document.
#[derive(Default)]
pub struct Html {
    /// Each pack's section, written out at the end after the table of packs.
    sections: Vec<String>,
    /// One table row per pack.
    rows: Vec<String>,
    /// Every rule that has a finding, for the documentation at the end.
    rules: BTreeSet<&'static str>,
    /// The rules with a finding in each pack, for a split report's pages.
    pack_rules: Vec<BTreeSet<&'static str>>,
    /// Written as a folder of pages rather than one.
    split: Option<std::path::PathBuf>,
}

/// Stands for a pack row's link until the table is written, one page or many.
const HREF: &str = "\u{1}href\u{1}";

/// `text` with the five HTML special characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The fragment id of a rule's documentation: `rule-scan-resolution`.
fn rule_anchor(rule: &str) -> String {
    format!("rule-{}", rule.replace('/', "-"))
}

fn word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The icon beside the word: the severity reads without colour too.
fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The worst severity among `findings`, as a class name; `ok` for none.
fn status(errors: usize, warnings: usize) -> &'static str {
    if errors > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else {
        "ok"
    }
}

/// A finding; `number` is its tag on the document's pages, when it has marks there.
fn finding_item(f: &Finding, number: Option<usize>, out: &mut String) {
    let sev = word(f.severity);
    let page = f.page.map(|p| format!(" · page {p}")).unwrap_or_default();
    let tag = number
        .map(|n| format!("<span class=\"num {sev}\" title=\"marked {n} on the page\">{n}</span> "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<li class=\"finding {sev}\">{tag}<span class=\"sev {sev}\">{} {sev}</span> \
         <a href=\"#{}\"><code>{}</code></a>{page}\
         <p class=\"msg\">{}</p><p class=\"help\"><strong>What to do:</strong> {}</p></li>",
        icon(f.severity),
        rule_anchor(f.rule),
        escape(f.rule),
        escape(&f.message),
        escape(&f.help),
    );
}

/// The pictures of a document's pages (the first few of a long one, the rest counted),
/// each enlarged on click (a checkbox, no script), outlined in the colour of the worst
/// finding about it, with every finding's marks drawn where they lie and tagged with
/// the finding's number; its alt text says what was found.
fn pages(
    file: &str,
    pictures: &[super::PagePicture],
    pages_total: u32,
    findings: &[&Finding],
    out: &mut String,
) {
    use base64::Engine as _;
    let about = |page: u32| -> Vec<&Finding> {
        findings
            .iter()
            .copied()
            .filter(|f| {
                f.page.is_none_or(|p| p == page) || f.marks().iter().any(|m| m.page == page)
            })
            .collect()
    };
    out.push_str("<div class=\"pages\">\n");
    for pic in pictures {
        let found = about(pic.page);
        let worst = found.iter().map(|f| f.severity).max();
        let class = match worst {
            Some(Severity::Error) => " error",
            Some(Severity::Warning) => " warning",
            _ => "",
        };
        let said = if found.is_empty() {
            "no findings".to_string()
        } else {
            let rules: BTreeSet<&str> = found.iter().map(|f| f.rule).collect();
            format!(
                "{}: {}",
                plural(found.len(), "finding"),
                rules.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        let mut marks = String::new();
        let mut marked = Vec::new();
        for (n, f) in findings.iter().enumerate() {
            for m in f.marks().iter().filter(|m| m.page == pic.page) {
                let [l, t, r, b] = m.rect.map(|v| f64::from(v) * 100.0);
                let _ = write!(
                    marks,
                    "<span class=\"mark {}\" style=\"left:{l:.2}%;top:{t:.2}%;width:{:.2}%;height:{:.2}%\" \
                     title=\"{}: {}\"><b>{}</b></span>",
                    word(f.severity),
                    (r - l).max(0.0),
                    (b - t).max(0.0),
                    escape(f.rule),
                    escape(&m.label),
                    n + 1,
                );
                marked.push(format!("{} ({}) at {}", n + 1, f.rule, m.label));
            }
        }
        let alt = if marked.is_empty() {
            format!("page {} of {file}, {said}", pic.page)
        } else {
            format!(
                "page {} of {file}, {said}; marked: {}",
                pic.page,
                marked.join("; ")
            )
        };
        let _ = writeln!(
            out,
            "<label class=\"page{class}\"><input type=\"checkbox\" aria-label=\"enlarge page {}\">\
             <span class=\"sheet\"><img src=\"data:image/jpeg;base64,{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" alt=\"{}\">{marks}</span>\
             <span class=\"caption\">page {}</span></label>",
            pic.page,
            base64::engine::general_purpose::STANDARD.encode(&pic.jpeg),
            pic.size.0,
            pic.size.1,
            escape(&alt),
            pic.page
        );
    }
    if let Some(more) = pages_total
        .checked_sub(pictures.len() as u32)
        .filter(|n| *n > 0)
    {
        let _ = writeln!(
            out,
            "<p class=\"meta\">and {} more</p>",
            plural(more as usize, "page")
        );
    }
    out.push_str("</div>\n");
}

impl Html {
    fn section(&mut self, n: usize, pack: &PackReport) -> String {
        let id = format!("pack-{n}");
        let t = pack.summary;
        let state = status(t.errors, t.warnings);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<section class=\"pack\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>",
            escape(&pack.path)
        );
        let _ = writeln!(
            s,
            "<div class=\"band band-{state}\" role=\"status\"><span class=\"count error\">{} {}</span>\
             <span class=\"count warning\">{} {}</span><span class=\"count info\">{} {}</span>\
             <span>profile <code>{}</code></span><span>{}</span></div>",
            icon(Severity::Error),
            plural(t.errors, "error"),
            icon(Severity::Warning),
            plural(t.warnings, "warning"),
            icon(Severity::Info),
            plural(t.infos, "info"),
            escape(&pack.profile),
            plural(pack.documents.len(), "document"),
        );
        if !pack.facts.is_empty() {
            s.push_str("<dl class=\"facts\" aria-label=\"what the pack is checked against\">\n");
            for fact in &pack.facts {
                let _ = writeln!(
                    s,
                    "<div><dt>{}</dt><dd>{} <span class=\"src\">from {}</span></dd></div>",
                    escape(fact.name),
                    escape(&fact.value),
                    escape(&fact.source)
                );
            }
            s.push_str("</dl>\n");
        }
        for f in &pack.findings {
            self.rules.insert(f.rule);
        }
        let whole: Vec<&Finding> = pack.findings.iter().filter(|f| f.file.is_none()).collect();
        if !whole.is_empty() {
            s.push_str("<h3>The pack as a whole</h3>\n<ul class=\"findings\">\n");
            for f in whole {
                finding_item(f, None, &mut s);
            }
            s.push_str("</ul>\n");
        }
        // The documents in the pack's order, then any other file a finding is about.
        let mut files: Vec<&str> = pack.documents.iter().map(|d| d.file.as_str()).collect();
        for f in &pack.findings {
            if let Some(file) = f.file.as_deref()
                && !files.contains(&file)
            {
                files.push(file);
            }
        }
        for (k, file) in files.iter().enumerate() {
            let _ = writeln!(
                s,
                "<section class=\"doc\" id=\"{id}-doc-{k}\" aria-labelledby=\"{id}-doc-{k}-h\">\
                 <h3 id=\"{id}-doc-{k}-h\">{}</h3>",
                escape(file)
            );
            if let Some(d) = pack.documents.iter().find(|d| d.file == *file) {
                let mut meta = Vec::new();
                if let Some(kind) = &d.kind {
                    meta.push(escape(kind));
                }
                if let Some(p) = d.pages {
                    meta.push(plural(p as usize, "page"));
                }
                meta.push(format!("{:.0} kB", d.bytes as f64 / 1000.0));
                let _ = writeln!(s, "<p class=\"meta\">{}</p>", meta.join(" · "));
            }
            let own: Vec<&Finding> = pack
                .findings
                .iter()
                .filter(|f| f.file.as_deref() == Some(*file))
                .collect();
            let pictures = pack.pictures.get(*file).filter(|p| !p.is_empty());
            if let Some(pictures) = pictures {
                let total = pack
                    .documents
                    .iter()
                    .find(|d| d.file == *file)
                    .and_then(|d| d.pages)
                    .unwrap_or(0);
                pages(file, pictures, total, &own, &mut s);
            }
            if own.is_empty() {
                s.push_str("<p class=\"ok\">✔ no findings</p>\n");
            } else {
                s.push_str("<ul class=\"findings\">\n");
                for (n, f) in own.iter().enumerate() {
                    // Numbered where the pictures show its marks.
                    let shown = pictures.is_some_and(|p| {
                        f.marks()
                            .iter()
                            .any(|m| p.iter().any(|pic| pic.page == m.page))
                    });
                    finding_item(f, shown.then_some(n + 1), &mut s);
                }
                s.push_str("</ul>\n");
            }
            s.push_str("</section>\n");
        }
        s.push_str("</section>\n");
        self.rows.push(format!(
            "<tr><td><span class=\"sev {state}\">{} {state}</span></td><td><a href=\"{HREF}\">{}</a></td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            match state {
                "error" => icon(Severity::Error),
                "warning" => icon(Severity::Warning),
                _ => "✔",
            },
            escape(&pack.path),
            t.errors,
            t.warnings,
            t.infos
        ));
        s
    }
}

impl Sink for Html {
    fn pack(&mut self, pack: &PackReport, _out: &mut dyn Write) -> io::Result<()> {
        let n = self.sections.len() + 1;
        let section = self.section(n, pack);
        self.sections.push(section);
        self.pack_rules
            .push(pack.findings.iter().map(|f| f.rule).collect());
        Ok(())
    }

    fn end(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        match self.split.clone() {
            None => self.whole(summary, out),
            Some(dir) => self.split_into(&dir, summary, out),
        }
    }
}

/// The file of pack `n` when the report is split: `pack-0001.html`.
fn pack_page(n: usize) -> String {
    format!("pack-{n:04}.html")
}

impl Html {
    /// A report written as a folder: `index.html` with the table of packs, and a page per
    /// pack (`pack-0001.html`, ...), each with the documentation of its own rules.
    pub fn split(dir: std::path::PathBuf) -> Html {
        Html {
            split: Some(dir),
            ..Html::default()
        }
    }

    /// The title of the report.
    fn title(&self) -> String {
        match self.sections.len() {
            1 => "dossier report".to_string(),
            n => format!("dossier report: {n} packs"),
        }
    }

    /// The page's head and header, up to `<main>`'s opening.
    fn head(title: &str, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n\
             <p class=\"meta\">{}, {}: {}, {}, {}. Made on this computer by dossier {}; nothing was uploaded.</p>\n</header>\n",
            plural(summary.packs, "pack"),
            plural(summary.documents, "document"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info"),
            env!("CARGO_PKG_VERSION"),
        )
    }

    /// The table of packs, each row linking to `href(n)`.
    fn table(&self, href: impl Fn(usize) -> String, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(
            b"<nav aria-label=\"packs\"><table class=\"packs\">\n<thead><tr><th>status</th><th>pack</th>\
              <th>errors</th><th>warnings</th><th>infos</th></tr></thead>\n<tbody>\n",
        )?;
        for (k, row) in self.rows.iter().enumerate() {
            writeln!(out, "{}", row.replace(HREF, &href(k + 1)))?;
        }
        out.write_all(b"</tbody></table></nav>\n")
    }

    /// The documentation of `rules`, and the page's end.
    fn tail<'r>(
        rules: impl IntoIterator<Item = &'r &'static str>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut rules = rules.into_iter().peekable();
        if rules.peek().is_some() {
            out.write_all(
                b"<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 id=\"rules-h\">The rules in this report</h2>\n",
            )?;
            for rule in rules {
                let doc = crate::rules::registry::find(rule)
                    .map(crate::rules::registry::markdown)
                    .unwrap_or_default();
                writeln!(
                    out,
                    "<details class=\"rule\" id=\"{}\"><summary><code>{}</code>: {}</summary>\n{}</details>",
                    rule_anchor(rule),
                    escape(rule),
                    escape(crate::rules::registry::summary(rule)),
                    markdown_to_html(&doc)
                )?;
            }
            out.write_all(b"</section>\n")?;
        }
        out.write_all(b"<footer>dossier checks packs offline: this file makes no request and runs no script.</footer>\n</body>\n</html>\n")
    }

    /// The run as one page.
    fn whole(&self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        Self::head(&self.title(), summary, out)?;
        if self.sections.len() > 1 {
            self.table(|n| format!("#pack-{n}"), out)?;
        }
        out.write_all(b"<main>\n")?;
        for s in &self.sections {
            out.write_all(s.as_bytes())?;
        }
        out.write_all(b"</main>\n")?;
        Self::tail(&self.rules, out)
    }

    /// The run as a folder of pages; `out` gets the index's path.
    fn split_into(
        &self,
        dir: &std::path::Path,
        summary: &RunSummary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut index = Vec::new();
        Self::head(&self.title(), summary, &mut index)?;
        self.table(pack_page, &mut index)?;
        Self::tail(std::iter::empty(), &mut index)?;
        for (k, section) in self.sections.iter().enumerate() {
            let mut page = Vec::new();
            Self::head(&self.title(), summary, &mut page)?;
            page.write_all("<p><a href=\"index.html\">← all packs</a></p>\n<main>\n".as_bytes())?;
            page.write_all(section.as_bytes())?;
            page.write_all(b"</main>\n")?;
            Self::tail(&self.pack_rules[k], &mut page)?;
            write_whole(&dir.join(pack_page(k + 1)), &page)?;
        }
        let index_path = dir.join("index.html");
        write_whole(&index_path, &index)?;
        writeln!(out, "{}", index_path.display())
    }
}

/// Writes `bytes` to `path` through a temporary file beside it: a reader never sees half
/// a page, and an interrupted run leaves the old one.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".dossier-report-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// The rule pages' markdown as HTML: headings, paragraphs, lists, fenced code, inline
/// code and bold; all the generated pages use.
pub fn markdown_to_html(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list = false;
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", inline(&para.join(" ")));
            para.clear();
        }
    };
    for line in md.lines() {
        if let Some(block) = code.as_mut() {
            if line.starts_with("```") {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(&block.join("\n")));
                code = None;
            } else {
                block.push(line);
            }
            continue;
        }
        let t = line.trim_end();
        if t.starts_with("```") {
            flush(&mut para, &mut out);
            code = Some(Vec::new());
        } else if let Some(h) = t.strip_prefix("## ") {
            flush(&mut para, &mut out);
            let _ = writeln!(out, "<h4>{}</h4>", inline(h));
        } else if t.starts_with("# ") {
            // The page's title is the summary line's.
            flush(&mut para, &mut out);
        } else if let Some(item) = t.strip_prefix("- ") {
            flush(&mut para, &mut out);
            if !list {
                out.push_str("<ul>\n");
                list = true;
            }
            let _ = writeln!(out, "<li>{}</li>", inline(item));
        } else if t.is_empty() {
            flush(&mut para, &mut out);
            if list {
                out.push_str("</ul>\n");
                list = false;
            }
        } else if list && line.starts_with("  ") {
            // A list item's continuation line.
            out.truncate(out.trim_end_matches("</li>\n").len());
            let _ = writeln!(out, " {}</li>", inline(t.trim_start()));
        } else {
            para.push(t);
        }
    }
    flush(&mut para, &mut out);
    if list {
        out.push_str("</ul>\n");
    }
    if let Some(block) = code {
        let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(&block.join("\n")));
    }
    out
}

/// Inline markdown: `code` and **bold**, the rest escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            for (j, bit) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<strong>{}</strong>", escape(bit));
                } else {
                    out.push_str(&escape(bit));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_and_messages_is_text() {
        assert_eq!(
            escape("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
        let html = markdown_to_html(
            "# a/b\n\nDefault severity: **error**\n\n## What it does\nOne `<x>` line\ngoes on.\n\n- one\n  more\n- two\n\n```text\nA <b> & c\n```\n",
        );
        assert_eq!(
            html,
            "<p>Default severity: <strong>error</strong></p>\n<h4>What it does</h4>\n\
             <p>One <code>&lt;x&gt;</code> line goes on.</p>\n<ul>\n<li>one more</li>\n<li>two</li>\n</ul>\n\
             <pre><code>A &lt;b&gt; &amp; c</code></pre>\n"
        );
    }
}
