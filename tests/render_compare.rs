//! Every built page looks like its source: each PDF fixture's pages rendered by poppler
//! (`pdftoppm -r 50 -gray`) against the same pages of `dossier build`'s output, so a page
//! the merge blanks, loses, reorders or changes (a hidden layer shown, a form value lost)
//! fails the test. Without `pdftoppm` it skips, except with `CI` set, where it fails.
//!
//! The packs are every folder under `fixtures/` holding `NN_Title.ext` documents; every
//! other PDF under `fixtures/` goes in as the one document of a pack made for it. The
//! built file's outline (one bookmark per included document, on its first page) says
//! which output pages hold which document; image documents are counted, not compared.

mod common;

use common::{dossier, root};
use lopdf::{Document, Object, ObjectId};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// The resolution of both renders.
const DPI: &str = "50";
// Two renders of the same page by the same poppler are the same pixels (every page of
// the fixtures differs by exactly 0, one only once its page box is cut to lopdf's
// precision: see `render_at_lopdf_precision`), so the limits are tight: one
// changed letter (about 6 changed pixels at 50 dpi), an added line, a faint watermark
// over a tenth of the page, a blank page all fail.
/// Largest mean difference, in grey levels, of two renders of the same page.
const MAX_MEAN: f64 = 0.25;
/// A pixel this many levels off counts as changed ...
const FAR: u8 = 64;
/// ... and at most this many of a page's pixels may be changed.
const MAX_FAR_PIXELS: u64 = 3;
/// Width and height may differ by a rounding pixel.
const SIZE_SLACK: usize = 1;

/// Whether TOOL runs; without it the test skips, except in CI where it fails (as
/// `tests/build.rs` treats its validators).
fn have(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .or_else(|_| Command::new(tool).arg("-v").stderr(Stdio::null()).status())
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have `{tool}` (.ci/run installs it)"
        );
        eprintln!("skipped: `{tool}` is not installed");
    }
    found
}

/// poppler renders; qpdf repairs a source poppler finds damaged.
fn tools() -> bool {
    have("pdftoppm") && have("qpdf")
}

/// A greyscale raster, one byte a pixel, rows top to bottom.
#[derive(Clone, PartialEq, Eq)]
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Gray {
    /// A binary PGM (`P5`, maxval below 256), as `pdftoppm -gray` writes it.
    fn parse(bytes: &[u8]) -> Result<Gray, String> {
        let mut at = 0;
        let mut field = || -> Result<&[u8], String> {
            loop {
                while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                    at += 1;
                }
                if bytes.get(at) != Some(&b'#') {
                    break;
                }
                while bytes.get(at).is_some_and(|&b| b != b'\n') {
                    at += 1;
                }
            }
            let start = at;
            while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
                at += 1;
            }
            if start == at {
                return Err("the PGM header is cut short".into());
            }
            Ok(&bytes[start..at])
        };
        if field()? != b"P5" {
            return Err("not a binary PGM (P5)".into());
        }
        let mut number = || -> Result<usize, String> {
            let f = field()?;
            std::str::from_utf8(f)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("bad PGM header field {:?}", String::from_utf8_lossy(f)))
        };
        let (w, h, max) = (number()?, number()?, number()?);
        if max == 0 || max > 255 {
            return Err(format!("PGM maxval {max}: only 8-bit greys are read"));
        }
        // One whitespace byte ends the header.
        let data = bytes.get(at + 1..).unwrap_or_default();
        if data.len() < w * h {
            return Err(format!("PGM of {w} x {h} holds {} bytes", data.len()));
        }
        let px = data[..w * h]
            .iter()
            .map(|&v| (usize::from(v) * 255 / max) as u8)
            .collect();
        Ok(Gray { w, h, px })
    }

    /// A white page of the same size.
    fn blank_like(&self) -> Gray {
        Gray {
            w: self.w,
            h: self.h,
            px: vec![255; self.w * self.h],
        }
    }

    fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.w, self.h).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }
}

/// How far apart two renders are, over the area both cover.
#[derive(Debug, Clone, Copy, Default)]
struct Diff {
    mean: f64,
    far: u64,
    /// `far` over the pixels compared, for the report.
    far_share: f64,
}

impl Diff {
    fn passes(&self) -> bool {
        self.mean <= MAX_MEAN && self.far <= MAX_FAR_PIXELS
    }
}

/// Why two renders of what should be the same page are not the same page, or `None`.
fn differs(source: &Gray, built: &Gray) -> Option<String> {
    match measure(source, built) {
        Err(why) => Some(why),
        Ok(d) if !d.passes() => Some(format!(
            "mean difference {:.2} levels (at most {MAX_MEAN}), {} pixels ({:.3}%) off by \
             more than {FAR} (at most {MAX_FAR_PIXELS})",
            d.mean,
            d.far,
            d.far_share * 100.0,
        )),
        Ok(_) => None,
    }
}

/// The mean difference and the changed pixels of two renders, pixel by pixel over the
/// area both cover: no tolerance for moved content, since the same page rendered twice
/// is the same pixels, and at 50 dpi a changed digit is a handful of pixels.
fn measure(a: &Gray, b: &Gray) -> Result<Diff, String> {
    if a.w.abs_diff(b.w) > SIZE_SLACK || a.h.abs_diff(b.h) > SIZE_SLACK {
        return Err(format!(
            "size {} x {} px, the source's {} x {} px",
            b.w, b.h, a.w, a.h
        ));
    }
    let (w, h) = (a.w.min(b.w), a.h.min(b.h));
    if w == 0 || h == 0 {
        return Ok(Diff::default());
    }
    let (mut sum, mut far) = (0u64, 0u64);
    for y in 0..h {
        let ra = &a.px[y * a.w..][..w];
        let rb = &b.px[y * b.w..][..w];
        for (&p, &q) in ra.iter().zip(rb) {
            let d = p.abs_diff(q);
            sum += u64::from(d);
            far += u64::from(d > FAR);
        }
    }
    let n = (w * h) as f64;
    Ok(Diff {
        mean: sum as f64 / n,
        far,
        far_share: far as f64 / n,
    })
}

/// Poppler's render of a file: its pages, or why there are none, and whether poppler
/// reported the file damaged on the way.
struct Rendered {
    pages: Result<Vec<Gray>, String>,
    damaged: bool,
}

/// Every page of PDF rendered at [`DPI`] in grey, in order.
fn render(pdf: &Path) -> Rendered {
    let fail = |e: String| Rendered {
        pages: Err(e),
        damaged: true,
    };
    let Ok(dir) = tempfile::tempdir() else {
        return fail("no temporary folder".into());
    };
    let out = match Command::new("pdftoppm")
        .args(["-r", DPI, "-gray"])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) => out,
        Err(e) => return fail(format!("pdftoppm does not run: {e}")),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let damaged = !out.status.success() || stderr.contains("Error");
    // Page files are `p-1.pgm`, `p-01.pgm`, ... padded to the page count's digits.
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    files.sort();
    if files.is_empty() {
        let first = stderr.lines().next().unwrap_or_default();
        return fail(format!(
            "pdftoppm renders no page ({}): {first}",
            out.status
        ));
    }
    let pages = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| e.to_string())?;
            Gray::parse(&bytes).map_err(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    Rendered { pages, damaged }
}

/// What a source looks like: poppler's render of the file and, when poppler finds it
/// damaged, poppler's render of the file as qpdf repairs it (a second, independent
/// reading: a direct page object, a broken cross-reference table). A built page that
/// matches either is faithful; a source neither can read has no reference.
struct Reference {
    renders: Vec<Vec<Gray>>,
    why_none: String,
}

fn reference(path: &Path) -> Reference {
    let first = render(path);
    let mut renders = Vec::new();
    let mut why = Vec::new();
    match first.pages {
        Ok(pages) => renders.push(pages),
        Err(e) => why.push(e),
    }
    if first.damaged {
        let dir = tempfile::tempdir().unwrap();
        let fixed = dir.path().join("repaired.pdf");
        // Linearizing makes qpdf walk (and mend) the page tree; the pages stay as they are.
        let qpdf = Command::new("qpdf")
            .arg("--linearize")
            .arg(path)
            .arg(&fixed)
            .stdin(Stdio::null())
            .output();
        // qpdf exits 3 when it repaired the file with warnings.
        match qpdf {
            Ok(out) if fixed.is_file() && matches!(out.status.code(), Some(0 | 3)) => {
                match render(&fixed).pages {
                    Ok(pages) => renders.push(pages),
                    Err(e) => why.push(format!("repaired by qpdf, {e}")),
                }
            }
            Ok(out) => why.push(format!(
                "qpdf cannot repair it: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or_default()
            )),
            Err(e) => why.push(format!("qpdf does not run: {e}")),
        }
    }
    Reference {
        renders,
        why_none: why.join("; "),
    }
}

/// Poppler's render of the source with every number outside its streams cut to the
/// precision lopdf holds (32-bit floats): a page box of `595.275591` is written
/// `595.2756`, which moves the page by a hundred-thousandth of a point, and poppler then
/// resamples a scan a pixel-phase apart. Only a page that matches no other reference is
/// tried against this one; qpdf writes the copy (QDF keeps every object as text) and
/// `fix-qdf` mends its offsets.
fn render_at_lopdf_precision(path: &Path) -> Result<Vec<Gray>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let qdf = dir.path().join("source.qdf");
    let out = Command::new("qpdf")
        .args([
            "--qdf",
            "--object-streams=disable",
            "--stream-data=preserve",
        ])
        .arg(path)
        .arg(&qdf)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("qpdf does not run: {e}"))?;
    if !qdf.is_file() || !matches!(out.status.code(), Some(0 | 3)) {
        return Err("qpdf cannot rewrite it".into());
    }
    let bytes = std::fs::read(&qdf).map_err(|e| e.to_string())?;
    let mut rounded = Vec::with_capacity(bytes.len());
    let mut in_stream = false;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let bare = line.trim_ascii_end();
        if in_stream {
            in_stream = bare != b"endstream" && !bare.ends_with(b"endstream");
            rounded.extend_from_slice(line);
        } else {
            in_stream = bare == b"stream";
            rounded.extend_from_slice(&round_reals(line));
        }
    }
    let fixed = Command::new("fix-qdf")
        .stdin(
            std::fs::File::open({
                std::fs::write(&qdf, &rounded).map_err(|e| e.to_string())?;
                &qdf
            })
            .map_err(|e| e.to_string())?,
        )
        .output()
        .map_err(|e| format!("fix-qdf does not run: {e}"))?;
    let copy = dir.path().join("rounded.pdf");
    std::fs::write(&copy, &fixed.stdout).map_err(|e| e.to_string())?;
    render(&copy).pages
}

/// The line with each real number outside a string as an `f32` writes it.
fn round_reals(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        let starts_number = depth == 0
            && (b.is_ascii_digit() || b"+-.".contains(&b))
            && (i == 0 || b" \t[<>/".contains(&line[i - 1]) || line[i - 1] == b']');
        if starts_number {
            let end = line[i..]
                .iter()
                .position(|c| !(c.is_ascii_digit() || b"+-.".contains(c)))
                .map_or(line.len(), |n| i + n);
            let token = &line[i..end];
            let real = std::str::from_utf8(token)
                .ok()
                .filter(|t| t.contains('.'))
                .and_then(|t| t.parse::<f64>().ok());
            match real {
                Some(x) => {
                    let mut text = (x as f32).to_string();
                    if !text.contains('.') {
                        text.push_str(".0");
                    }
                    out.extend_from_slice(text.as_bytes());
                }
                None => out.extend_from_slice(token),
            }
            i = end;
            continue;
        }
        match b {
            b'\\' if depth > 0 => {
                out.extend_from_slice(&line[i..(i + 2).min(line.len())]);
                i += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(b);
        i += 1;
    }
    out
}

/// References of source files, shared by every pack holding the same bytes (the rule
/// fixtures are copies of one pack with one file changed).
#[derive(Default)]
struct Sources {
    by_content: Mutex<HashMap<u128, Arc<OnceLock<Reference>>>>,
}

impl Sources {
    fn reference(&self, path: &Path) -> Arc<OnceLock<Reference>> {
        let bytes = std::fs::read(path).unwrap_or_default();
        let key = xxhash_rust::xxh3::xxh3_128(&bytes);
        let cell = self
            .by_content
            .lock()
            .unwrap()
            .entry(key)
            .or_default()
            .clone();
        cell.get_or_init(|| reference(path));
        cell
    }
}

/// Whether the file's content is a PDF, whatever its name says.
fn is_pdf(path: &Path) -> bool {
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    memchr::memmem::find(&head[..n], b"%PDF-").is_some()
}

/// The leading number of `NN_Title.ext`, for the order `build` puts documents in.
fn leading_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || !name[digits.len()..].starts_with('_') {
        return None;
    }
    digits.parse().ok()
}

/// The bookmark titles `build` may give a file: `NN Title` for `NN_Title.ext`, or
/// `— name` for a name it cannot parse.
fn headings(name: &str) -> Vec<String> {
    let mut all = vec![format!("— {name}")];
    if let Some(n) = leading_number(name) {
        let rest = &name[name.find('_').unwrap() + 1..];
        let title = rest.rsplit_once('.').map_or(rest, |(t, _)| t);
        all.push(format!("{n:02} {}", title.replace('_', " ").trim()));
    }
    all
}

/// A PDF text string: UTF-16BE with its byte-order mark, or PDFDocEncoding (ASCII here).
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// The built file's pages (0-based) and its outline: (title, first page, 0-based).
fn outline(pdf: &Path) -> Result<(usize, Vec<(String, usize)>), String> {
    let doc = Document::load(pdf).map_err(|e| format!("lopdf cannot read the output: {e}"))?;
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    let index_of: HashMap<ObjectId, usize> =
        pages.values().enumerate().map(|(i, &id)| (id, i)).collect();
    let catalog = doc.catalog().map_err(|e| e.to_string())?;
    let mut items = Vec::new();
    let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) else {
        return Ok((pages.len(), items));
    };
    let root = doc.get_dictionary(root).map_err(|e| e.to_string())?;
    let mut next = root.get(b"First").and_then(Object::as_reference).ok();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        let title = item
            .get(b"Title")
            .and_then(Object::as_str)
            .map(text_string)
            .map_err(|e| format!("a bookmark without a title: {e}"))?;
        let page = item
            .get(b"Dest")
            .and_then(Object::as_array)
            .ok()
            .and_then(|d| d.first()?.as_reference().ok())
            .and_then(|p| index_of.get(&p).copied())
            .ok_or_else(|| format!("bookmark {title:?} does not go to a page of the file"))?;
        items.push((title, page));
        next = item.get(b"Next").and_then(Object::as_reference).ok();
        if items.len() > pages.len() {
            return Err("the outline has more items than the file has pages".into());
        }
    }
    Ok((pages.len(), items))
}

/// What one pack's comparison covered, and what failed.
#[derive(Default)]
struct Outcome {
    compared: usize,
    image_pages: usize,
    omitted: usize,
    failures: Vec<String>,
    /// Included PDFs with no reference render (neither poppler nor qpdf reads them).
    unreferenced: Vec<String>,
    /// Pages that match only the source at lopdf's number precision.
    at_lopdf_precision: usize,
    worst: Diff,
}

/// One page that differs, kept to be written out.
struct Mismatch {
    source: Gray,
    built: Gray,
}

/// Builds PACK, then compares every page of every included PDF with its source.
fn compare_pack(pack: &Path, shown: &str, sources: &Sources, keep: &Keep) -> Outcome {
    let mut outcome = Outcome::default();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.pdf");
    // The check runs (it decides which documents are left out), without OCR: its words
    // change no page. `--force`: a fixture made to fail a rule must build all the same.
    let run = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "--force",
        // The pages as they are: a build fitted to a size limit re-encodes scans.
        "--no-fit",
        "--no-ocr",
        "--color",
        "never",
        "-o",
        out.to_str().unwrap(),
        "--today",
        "2026-11-24",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    if run.status.code() != Some(0) || !out.is_file() {
        outcome.failures.push(format!(
            "{shown}: build exited {:?}: {}",
            run.status.code(),
            stderr.trim()
        ));
        return outcome;
    }
    let left_out: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: ")?.split_once(" is not in "))
        .map(|(file, _)| file)
        .collect();
    outcome.omitted = left_out.len();

    let (page_count, items) = match outline(&out) {
        Ok(o) => o,
        Err(e) => {
            outcome.failures.push(format!("{shown}: {e}"));
            return outcome;
        }
    };
    let built = match render(&out).pages {
        Ok(pages) if pages.len() == page_count => pages,
        Ok(pages) => {
            outcome.failures.push(format!(
                "{shown}: poppler renders {} pages of the output's {page_count}",
                pages.len()
            ));
            return outcome;
        }
        Err(e) => {
            outcome.failures.push(format!("{shown}: the output: {e}"));
            return outcome;
        }
    };

    // The pack's files in build's order: by number, then name.
    let mut files: Vec<String> = std::fs::read_dir(pack)
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            e.file_type().ok()?.is_file().then_some(())?;
            e.file_name().into_string().ok()
        })
        .collect();
    files.sort_by_key(|n| (leading_number(n).unwrap_or(u32::MAX), n.clone()));
    let mut used = vec![false; files.len()];

    for (i, (title, first)) in items.iter().enumerate() {
        let end = items.get(i + 1).map_or(page_count, |next| next.1);
        let Some(k) = (0..files.len()).find(|&k| !used[k] && headings(&files[k]).contains(title))
        else {
            outcome.failures.push(format!(
                "{shown}: bookmark {title:?} names no file of the pack ({})",
                files.join(", ")
            ));
            continue;
        };
        used[k] = true;
        let file = &files[k];
        let path = pack.join(file);
        let span = *first..end;
        if span.is_empty() {
            outcome.failures.push(format!(
                "{shown}/{file}: no pages in the output (bookmark on page {})",
                first + 1
            ));
            continue;
        }
        if !is_pdf(&path) {
            outcome.image_pages += span.len();
            continue;
        }
        let cell = sources.reference(&path);
        let reference = cell.get().unwrap();
        let pages = &built[span.clone()];
        // The renders of the source with as many pages as the output holds of it.
        let fitting: Vec<&Vec<Gray>> = reference
            .renders
            .iter()
            .filter(|r| r.len() == span.len())
            .collect();
        if reference.renders.is_empty() {
            outcome.unreferenced.push(format!(
                "{shown}/{file} (output pages {}-{}): {}",
                span.start + 1,
                span.end,
                reference.why_none
            ));
            continue;
        }
        if fitting.is_empty() {
            let counts: Vec<String> = reference
                .renders
                .iter()
                .map(|r| r.len().to_string())
                .collect();
            outcome.failures.push(format!(
                "{shown}/{file}: {} pages in the source, {} in the output (pages {}-{})",
                counts.join(" or "),
                span.len(),
                span.start + 1,
                span.end
            ));
            continue;
        }
        let mut rounded = None;
        for (p, page) in pages.iter().enumerate() {
            outcome.compared += 1;
            let out_page = span.start + p + 1;
            let best = fitting
                .iter()
                .filter_map(|r| measure(&r[p], page).ok())
                .find(|d| d.passes());
            if let Some(d) = best {
                outcome.worst.mean = outcome.worst.mean.max(d.mean);
                outcome.worst.far = outcome.worst.far.max(d.far);
                continue;
            }
            let rounded = rounded
                .get_or_insert_with(|| render_at_lopdf_precision(&pack.join(file)))
                .as_ref()
                .ok()
                .and_then(|r| r.get(p))
                .and_then(|r| measure(r, page).ok())
                .filter(Diff::passes);
            if rounded.is_some() {
                outcome.at_lopdf_precision += 1;
                continue;
            }
            // Reported against the closest reference.
            let source = fitting
                .iter()
                .map(|r| &r[p])
                .min_by(|a, b| {
                    let mean = |g: &Gray| measure(g, page).map_or(f64::MAX, |d| d.mean);
                    mean(a).total_cmp(&mean(b))
                })
                .unwrap();
            let why = differs(source, page).unwrap_or_default();
            let saved = keep.save(
                &format!("{shown}/{file}/{}", p + 1),
                Mismatch {
                    source: source.clone(),
                    built: page.clone(),
                },
            );
            outcome.failures.push(format!(
                "{shown}/{file}: source page {} differs from output page {out_page}: {why}\n    \
                 source {}\n    built  {}",
                p + 1,
                saved.0.display(),
                saved.1.display()
            ));
        }
    }
    // A PDF document neither in the output nor announced as left out went missing.
    for (k, file) in files.iter().enumerate() {
        if !used[k]
            && leading_number(file).is_some()
            && is_pdf(&pack.join(file))
            && !left_out.contains(&file.as_str())
        {
            outcome.failures.push(format!(
                "{shown}/{file}: a PDF document that is not in the output, and build did not say it left it out"
            ));
        }
    }
    outcome
}

/// Where differing renders are written, made on the first one.
#[derive(Default)]
struct Keep {
    dir: OnceLock<PathBuf>,
    count: Mutex<usize>,
}

impl Keep {
    fn save(&self, what: &str, m: Mismatch) -> (PathBuf, PathBuf) {
        let dir = self.dir.get_or_init(|| {
            tempfile::Builder::new()
                .prefix("dossier-render-compare-")
                .tempdir()
                .unwrap()
                .keep()
        });
        let n = {
            let mut c = self.count.lock().unwrap();
            *c += 1;
            *c
        };
        let stem: String = what
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let a = dir.join(format!("{n:03}-{stem}-source.pgm"));
        let b = dir.join(format!("{n:03}-{stem}-built.pgm"));
        std::fs::write(&a, m.source.to_pgm()).unwrap();
        std::fs::write(&b, m.built.to_pgm()).unwrap();
        (a, b)
    }
}

/// Folders under `fixtures/` that hold numbered documents, sorted.
fn pack_folders() -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .filter(|dir| {
            std::fs::read_dir(dir).is_ok_and(|mut it| {
                it.any(|e| {
                    e.ok().is_some_and(|e| {
                        e.file_type().is_ok_and(|t| t.is_file())
                            && e.file_name()
                                .to_str()
                                .is_some_and(|n| leading_number(n).is_some())
                    })
                })
            })
        })
        .collect();
    packs.sort();
    packs
}

/// Every other PDF under `fixtures/` (loose test files, a pack's sub-folder drafts).
fn loose_pdfs(packs: &[PathBuf]) -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
        .filter(|p| !p.parent().is_some_and(|dir| packs.iter().any(|k| k == dir)))
        .collect();
    pdfs.sort();
    pdfs
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_built_page_renders_as_its_source() {
    if !tools() {
        return;
    }
    let started = Instant::now();
    let packs = pack_folders();
    assert!(
        packs.len() >= 100,
        "only {} packs under fixtures/",
        packs.len()
    );
    // A loose PDF goes in as the one document of a pack of its own.
    let scratch = tempfile::tempdir().unwrap();
    let loose: Vec<(PathBuf, String)> = loose_pdfs(&packs)
        .into_iter()
        .enumerate()
        .map(|(i, pdf)| {
            let pack = scratch.path().join(format!("loose-{i:03}"));
            std::fs::create_dir(&pack).unwrap();
            std::fs::copy(&pdf, pack.join("01_Invitation.pdf")).unwrap();
            (pack, relative(&pdf))
        })
        .collect();
    let all: Vec<(PathBuf, String)> = packs
        .iter()
        .map(|p| (p.clone(), relative(p)))
        .chain(loose.iter().cloned())
        .collect();

    let sources = Sources::default();
    let keep = Keep::default();
    let outcomes: Vec<Outcome> = all
        .par_iter()
        .map(|(pack, shown)| compare_pack(pack, shown, &sources, &keep))
        .collect();

    let compared: usize = outcomes.iter().map(|o| o.compared).sum();
    let images: usize = outcomes.iter().map(|o| o.image_pages).sum();
    let omitted: usize = outcomes.iter().map(|o| o.omitted).sum();
    let rounded: usize = outcomes.iter().map(|o| o.at_lopdf_precision).sum();
    let worst = outcomes.iter().fold(Diff::default(), |w, o| Diff {
        mean: w.mean.max(o.worst.mean),
        far: w.far.max(o.worst.far),
        far_share: 0.0,
    });
    let failures: Vec<&String> = outcomes.iter().flat_map(|o| &o.failures).collect();
    for u in outcomes.iter().flat_map(|o| &o.unreferenced) {
        eprintln!("not compared, no reference render: {u}");
    }
    eprintln!(
        "{} packs ({} folders, {} loose PDFs): {compared} PDF pages compared, {images} image \
         pages counted, {omitted} documents left out by build; worst mean {:.3} levels, at \
         most {} pixels changed; {rounded} pages match only at lopdf's number precision; \
         {:.1} s",
        all.len(),
        packs.len(),
        loose.len(),
        worst.mean,
        worst.far,
        started.elapsed().as_secs_f64()
    );
    assert!(compared >= 500, "only {compared} pages compared");
    let mut report = String::new();
    for f in &failures {
        writeln!(report, "  {f}").unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} built pages or documents do not match their source:\n{report}",
        failures.len()
    );
}

/// A one-page A4 PDF drawing `ops` in Helvetica.
fn page_with(ops: &str) -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    common::one_page_pdf(
        &mut doc,
        Stream::new(dictionary! {}, ops.as_bytes().to_vec()),
        dictionary! { "Font" => dictionary! { "F1" => font } },
        common::A4,
    )
}

fn render_bytes(pdf: &[u8]) -> Gray {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.pdf");
    std::fs::write(&path, pdf).unwrap();
    render(&path).pages.unwrap().remove(0)
}

#[test]
fn the_comparator_tells_pages_apart() {
    if !have("pdftoppm") {
        return;
    }
    let letter = root().join("fixtures/packs/012-lee");
    let first = std::fs::read_dir(&letter)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .min()
        .unwrap();
    let pages = render(&first).pages.unwrap();
    let page = &pages[0];
    // The same render passes; so does a render a pixel narrower.
    assert_eq!(differs(page, &render(&first).pages.unwrap()[0]), None);
    let mut narrower = Gray {
        w: page.w - 1,
        h: page.h,
        px: Vec::new(),
    };
    for row in page.px.chunks(page.w) {
        narrower.px.extend_from_slice(&row[..page.w - 1]);
    }
    assert_eq!(differs(page, &narrower), None);

    // A blank page, another document's page, a page of another size all fail.
    assert!(
        differs(page, &page.blank_like()).is_some(),
        "a blank page passed"
    );
    let other = std::fs::read_dir(&letter)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf") && *p != first)
        .min()
        .unwrap();
    assert!(differs(page, &render(&other).pages.unwrap()[0]).is_some());
    let half = Gray {
        w: page.w / 2,
        h: page.h,
        px: vec![255; page.w / 2 * page.h],
    };
    assert!(differs(page, &half).unwrap().starts_with("size"));

    // A letter against itself drawn again, moved by a pixel, with a digit of a date
    // changed, with a line added (a hidden layer shown), under a faint grey box.
    let letter = |dy: f32, date: &str, more: &str| {
        render_bytes(&page_with(&format!(
            "BT /F1 11 Tf 72 {} Td 16 TL (To whom it may concern,) ' \
             (Minjun Lee, passport M98521844, is our sales director.) ' \
             (He travels to Almaty from {date} to meet our partners.) ' ET\n{more}",
            760.0 + dy
        )))
    };
    let one = letter(0.0, "2026-12-01", "");
    let cases = [
        ("drawn again", letter(0.0, "2026-12-01", ""), true),
        // Moved content is changed content: the build never moves anything.
        (
            "a pixel lower",
            letter(-72.0 / 50.0, "2026-12-01", ""),
            false,
        ),
        ("another date", letter(0.0, "2026-12-07", ""), false),
        (
            "a line added",
            letter(0.0, "2026-12-01", "BT /F1 11 Tf 72 600 Td (DRAFT) Tj ET"),
            false,
        ),
        (
            "a faint box",
            letter(0.0, "2026-12-01", "0.88 g 72 300 300 150 re f"),
            false,
        ),
    ];
    for (what, other, same) in &cases {
        assert_eq!(
            differs(&one, other).is_none(),
            *same,
            "{what}: {:?}",
            measure(&one, other)
        );
    }
}

#[test]
fn pgm_headers_with_comments_and_small_maxval_parse() {
    let g = Gray::parse(b"P5\n# made by hand\n2 1\n15\n\x00\x0f").unwrap();
    assert_eq!((g.w, g.h, g.px), (2, 1, vec![0, 255]));
    assert!(Gray::parse(b"P6\n1 1\n255\n\x00\x00\x00").is_err());
    assert!(Gray::parse(b"P5\n4 4\n255\n\x00").is_err());
}
