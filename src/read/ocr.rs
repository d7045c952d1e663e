//! The words of scanned pages, read by Tesseract's command-line program.
//!
//! No Rust-usable OCR model reads Cyrillic, and linking libtesseract needs libclang and
//! system headers, so dossier runs `tesseract` as a subprocess: the decoded page goes in
//! as a PGM on stdin, TSV with word boxes and confidences comes back on stdout. Tesseract
//! is optional: without it the page keeps no text and says why ([`Skipped`]). Results are
//! cached by the hash of the page image, so a second check of an unchanged pack runs no
//! OCR.

use super::frame::Rect;
use super::limits::{MAX_OCR_PIXELS, OCR_TIMEOUT};
use super::text::{PageText, Source, TextBox};
use crate::measure::Gray;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Resolution pages are handed to Tesseract at: its models are trained on 300 dpi text.
pub const OCR_DPI: f64 = 300.0;

/// Words below this confidence (0-100) are kept in the text but marked uncertain.
pub const LOW_CONFIDENCE: f64 = 60.0;

/// How the run wants OCR: set once by the command, from `--no-ocr`, `--cache-dir`, `--no-cache`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--no-ocr`.
    pub off: bool,
    /// Where results are kept; `None` for no cache.
    pub cache: Option<PathBuf>,
}

/// Why a scanned page has no OCR text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// `--no-ocr`.
    Off,
    /// `tesseract` is not installed.
    Missing,
    /// Tesseract ran and failed, or read nothing; the text says which.
    Failed(String),
}

/// The Tesseract found on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    /// The program.
    program: PathBuf,
    /// `-l` arguments to try, in order: `eng`, then `rus+eng` when Russian is installed.
    languages: Vec<String>,
    /// First line of `tesseract --version`: part of the cache key.
    version: String,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();
static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();

/// Sets the run's OCR settings; the first call wins (one command per process).
pub fn configure(settings: Settings) {
    let _ = SETTINGS.set(settings);
}

/// The default cache folder: `$XDG_CACHE_HOME/dossier/ocr`, else `~/.cache/dossier/ocr`.
pub fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("dossier").join("ocr"))
}

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        off: false,
        cache: default_cache_dir(),
    })
}

/// The engine this run uses, or why there is none.
pub fn engine() -> Result<&'static Engine, Skipped> {
    if settings().off {
        return Err(Skipped::Off);
    }
    ENGINE
        .get_or_init(find_engine)
        .as_ref()
        .ok_or(Skipped::Missing)
}

/// `DOSSIER_TESSERACT` (a path, or empty to pretend there is none), else `tesseract`.
fn find_engine() -> Option<Engine> {
    let program = match std::env::var_os("DOSSIER_TESSERACT") {
        Some(p) if p.is_empty() => return None,
        Some(p) => PathBuf::from(p),
        None => PathBuf::from("tesseract"),
    };
    let run = |arg: &str| {
        Command::new(&program)
            .arg(arg)
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let version = run("--version")?;
    // Older builds print the version on stderr.
    let text = String::from_utf8_lossy(if version.stdout.is_empty() {
        &version.stderr
    } else {
        &version.stdout
    })
    .lines()
    .next()
    .unwrap_or_default()
    .to_string();
    let langs = run("--list-langs").map_or_else(String::new, |o| {
        String::from_utf8_lossy(&o.stdout).into_owned()
    });
    let has = |l: &str| langs.lines().any(|x| x.trim() == l);
    // English alone reads Latin text best: with Russian loaded too, Tesseract sprinkles
    // Cyrillic look-alikes into English words ("оп" for "on"), which no extractor reads.
    let languages = match (has("eng"), has("rus")) {
        (true, true) => vec!["eng".into(), "rus+eng".into()],
        (false, true) => vec!["rus".into()],
        _ => vec!["eng".into()],
    };
    Some(Engine {
        program,
        languages,
        version: text,
    })
}

/// The page image, decoded at most once and only when some reading is not cached.
struct PageImage<F> {
    decode: Option<F>,
    decoded: Option<(Gray, f64)>,
}

impl<F: FnOnce() -> Result<(Gray, f64), Skipped>> PageImage<F> {
    fn get(&mut self) -> Result<&(Gray, f64), Skipped> {
        if self.decoded.is_none() {
            let make = self
                .decode
                .take()
                .ok_or_else(|| Skipped::Failed("no image".into()))?;
            self.decoded = Some(fit(make()?)?);
        }
        self.decoded
            .as_ref()
            .ok_or_else(|| Skipped::Failed("no image".into()))
    }
}

/// Reads the words of the page image `decode` gives, cached under the bytes it is
/// decoded from (`source`): a cache hit neither decodes nor runs Tesseract.
///
/// A page read badly may be turned (a portrait letter scanned landscape): Tesseract's
/// orientation detection is asked then, and the page read again upright.
pub fn recognise_source(
    source: &[u8],
    decode: impl FnOnce() -> Result<(Gray, f64), Skipped>,
) -> Result<PageText, Skipped> {
    let engine = engine()?;
    let mut image = PageImage {
        decode: Some(decode),
        decoded: None,
    };
    let mut best = read_languages(engine, source, 0, &mut image)?;
    if best.as_ref().is_none_or(|(c, _)| *c < TURN_SUSPECT)
        && let Some(turn) = turn_of(engine, source, &mut image)?
        && let Some(turned) = read_languages(engine, source, turn, &mut image)?
        && best.as_ref().is_none_or(|(c, _)| turned.0 > *c)
    {
        best = Some(turned);
    }
    match best {
        Some((_, text)) if !text.text.trim().is_empty() => Ok(text),
        _ => Err(Skipped::Failed("OCR found no words".into())),
    }
}

/// The page read in each language in turn, turned `turn` degrees clockwise first: the
/// best reading with its mean confidence.
fn read_languages<F: FnOnce() -> Result<(Gray, f64), Skipped>>(
    engine: &Engine,
    source: &[u8],
    turn: u16,
    image: &mut PageImage<F>,
) -> Result<Option<(f64, PageText)>, Skipped> {
    let mut best: Option<(f64, PageText)> = None;
    for languages in &engine.languages {
        let key = cache_key(engine, &turned_key(languages, turn), source);
        let tsv = match cached(&key) {
            Some(tsv) => tsv,
            None => {
                let (gray, dpi) = image.get()?;
                let tsv = if turn == 0 {
                    run(engine, &ocr_args(languages, *dpi), gray)?
                } else {
                    let upright = super::image_file::orient(gray.clone(), exif_turn(turn));
                    run(engine, &ocr_args(languages, *dpi), &upright)?
                };
                if let Some(dir) = settings().cache.as_deref() {
                    store(dir, &key, &tsv);
                }
                tsv
            }
        };
        let confidence = mean_confidence(&tsv);
        if best.as_ref().is_none_or(|(c, _)| confidence > *c) {
            let mut text = from_tsv(&tsv);
            text.map_boxes(|r| Some(unturned(r, turn)));
            best = Some((confidence, text));
        }
        // A page English reads well is English (or numbers): Russian would only cost.
        if confidence >= GOOD_READING {
            break;
        }
    }
    Ok(best)
}

/// A box of the image turned `turn` degrees clockwise, in the image as it was.
fn unturned([x0, y0, x1, y1]: Rect, turn: u16) -> Rect {
    let back = |x: f32, y: f32| match turn {
        90 => (y, 1.0 - x),
        180 => (1.0 - x, 1.0 - y),
        270 => (1.0 - y, x),
        _ => (x, y),
    };
    let (a, b) = (back(x0, y0), back(x1, y1));
    [a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)]
}

/// How far the page must be turned clockwise to stand upright, by Tesseract's
/// orientation and script detection; None when it stands, or OSD is not installed or
/// not sure.
fn turn_of<F: FnOnce() -> Result<(Gray, f64), Skipped>>(
    engine: &Engine,
    source: &[u8],
    image: &mut PageImage<F>,
) -> Result<Option<u16>, Skipped> {
    let key = cache_key(engine, "osd", source);
    let report = match cached(&key) {
        Some(r) => r,
        None => {
            let (gray, dpi) = image.get()?;
            let dpi = format!("{}", dpi.round().max(70.0) as u32);
            // No OSD data, or too little text to tell: the page is left as it is.
            let report = run(engine, &["--psm", "0", "--dpi", &dpi], gray).unwrap_or_default();
            if let Some(dir) = settings().cache.as_deref() {
                store(dir, &key, &report);
            }
            report
        }
    };
    Ok(parse_turn(&report))
}

/// `Rotate: 90` and `Orientation confidence: 18.1` of Tesseract's `--psm 0` report.
fn parse_turn(report: &str) -> Option<u16> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let turn = field("Rotate:")?;
    let sure = field("Orientation confidence:")?;
    let turn = turn.round() as u16;
    (sure >= MIN_TURN_CONFIDENCE && matches!(turn, 90 | 180 | 270)).then_some(turn)
}

/// Below this mean word confidence a page may be turned: upright pages read at 80-95,
/// the same pages sideways at 30-45.
const TURN_SUSPECT: f64 = 55.0;

/// Tesseract's orientation confidence under which its guess is ignored: a few words on
/// a photo give 0.5-1.5, a page of text on its side 10-20.
const MIN_TURN_CONFIDENCE: f64 = 2.0;

/// The EXIF orientation that turns an image `turn` degrees clockwise.
fn exif_turn(turn: u16) -> u16 {
    match turn {
        90 => 6,
        180 => 3,
        270 => 8,
        _ => 1,
    }
}

fn turned_key(languages: &str, turn: u16) -> String {
    if turn == 0 {
        languages.to_string()
    } else {
        format!("{languages}@{turn}")
    }
}

fn cached(key: &str) -> Option<String> {
    settings()
        .cache
        .as_deref()
        .and_then(|dir| std::fs::read_to_string(dir.join(key)).ok())
}

fn ocr_args(languages: &str, dpi: f64) -> [String; 7] {
    [
        "-l".into(),
        languages.into(),
        "--psm".into(),
        "3".into(),
        "--dpi".into(),
        format!("{}", dpi.round().max(70.0) as u32),
        "tsv".into(),
    ]
}

/// A page image as Tesseract gets it: not tiny, and past the pixel cap scaled down
/// (text at 300 dpi has pixels to spare).
fn fit((gray, dpi): (Gray, f64)) -> Result<(Gray, f64), Skipped> {
    if gray.width < 16 || gray.height < 16 {
        return Err(Skipped::Failed(
            "the page image is too small to read".into(),
        ));
    }
    if gray.width * gray.height > MAX_OCR_PIXELS {
        let k = (MAX_OCR_PIXELS as f64 / (gray.width * gray.height) as f64).sqrt();
        return Ok((crate::measure::resample_area(&gray, k), dpi * k));
    }
    Ok((gray, dpi))
}

/// Mean word confidence at or above which a reading is kept without trying another
/// language: clean English pages read at 80-95, English read as Russian below 60.
const GOOD_READING: f64 = 75.0;

/// Mean confidence (0-100) of the words of a TSV; 0 when it holds none.
fn mean_confidence(tsv: &str) -> f64 {
    let confs: Vec<f64> = words(tsv).filter_map(|w| w.conf).collect();
    if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f64>() / confs.len() as f64
    }
}

/// One recognised word of Tesseract's TSV.
struct Word<'t> {
    /// Block, paragraph and line it stands in.
    at: (u32, u32, u32),
    /// Confidence, 0-100.
    conf: Option<f64>,
    text: &'t str,
    /// Left, top, width and height in pixels of the image read.
    bounds: [f64; 4],
}

/// The width and height of the image a TSV was read from (its level-1 row).
fn image_size(tsv: &str) -> Option<(f64, f64)> {
    tsv.lines().skip(1).find_map(|row| {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.first() != Some(&"1") {
            return None;
        }
        let w = cols.get(8)?.parse::<f64>().ok()?;
        let h = cols.get(9)?.parse::<f64>().ok()?;
        (w > 0.0 && h > 0.0).then_some((w, h))
    })
}

/// The word rows (level 5) of a TSV, empty words left out.
fn words(tsv: &str) -> impl Iterator<Item = Word<'_>> {
    tsv.lines().skip(1).filter_map(|row| {
        let cols: Vec<&str> = row.split('\t').collect();
        let text = cols.get(11)?.trim();
        if cols[0] != "5" || text.is_empty() {
            return None;
        }
        let num = |i: usize| cols[i].parse::<u32>().unwrap_or(0);
        Some(Word {
            at: (num(2), num(3), num(4)),
            conf: cols[10].parse().ok(),
            text,
            bounds: [6, 7, 8, 9].map(|i| f64::from(num(i))),
        })
    })
}

fn cache_key(engine: &Engine, languages: &str, source: &[u8]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(engine.version.as_bytes());
    hasher.update(languages.as_bytes());
    hasher.update(&(OCR_DPI as u64).to_le_bytes());
    hasher.update(source);
    format!("{:032x}.tsv", hasher.digest128())
}

/// Writes through a temporary file, so a killed run never leaves half an entry.
fn store(dir: &Path, key: &str, tsv: &str) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
        && tmp.write_all(tsv.as_bytes()).is_ok()
    {
        let _ = tmp.persist(dir.join(key));
    }
}

/// Runs Tesseract on `gray` (a PGM on stdin) with `args`, and returns its stdout.
fn run(
    engine: &Engine,
    args: &[impl AsRef<std::ffi::OsStr>],
    gray: &Gray,
) -> Result<String, Skipped> {
    let mut pgm = format!("P5\n{} {}\n255\n", gray.width, gray.height).into_bytes();
    pgm.extend_from_slice(&gray.data);
    let mut child = Command::new(&engine.program)
        .args(["stdin", "stdout"])
        .args(args)
        // Parallelism comes from dossier's own jobs; Tesseract's OpenMP threads on top
        // of them only fight for the same cores.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Skipped::Failed(format!("tesseract did not start: {e}")))?;
    // Feed stdin on a thread so a full stdout pipe cannot stall either side.
    let mut stdin = child.stdin.take();
    let feeder = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&pgm);
        }
        drop(stdin);
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > OCR_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Skipped::Failed(format!(
                    "OCR took over {} s on one page",
                    OCR_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => return Err(Skipped::Failed(format!("tesseract failed: {e}"))),
        }
    };
    let _ = feeder.join();
    let out = stdout.join().unwrap_or_default();
    if !status.success() {
        let err = stderr.join().unwrap_or_default();
        let why = String::from_utf8_lossy(&err);
        let why = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(Skipped::Failed(format!("tesseract failed: {why}")));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Reads a child's pipe to the end on a thread, so neither pipe can fill and stall it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut v);
        }
        v
    })
}

/// Turns Tesseract's TSV into lines of text: one line per TSV line, a blank line between
/// blocks, words below [`LOW_CONFIDENCE`] marked uncertain, each word's box in fractions
/// of the image read.
pub fn from_tsv(tsv: &str) -> PageText {
    let mut text = String::new();
    let mut uncertain = Vec::new();
    let mut boxes = Vec::new();
    let size = image_size(tsv);
    let mut last: Option<(u32, u32, u32)> = None;
    for word in words(tsv) {
        match last {
            Some(prev) if prev == word.at => text.push(' '),
            Some(prev) if prev.0 != word.at.0 => text.push_str("\n\n"),
            Some(_) => text.push('\n'),
            None => {}
        }
        last = Some(word.at);
        let start = text.len();
        text.push_str(word.text);
        if word.conf.unwrap_or(0.0) < LOW_CONFIDENCE {
            uncertain.push(start..text.len());
        }
        if let Some((w, h)) = size {
            let [l, t, bw, bh] = word.bounds;
            let rect = [l / w, t / h, (l + bw) / w, (t + bh) / h].map(|v| v.clamp(0.0, 1.0) as f32);
            if rect[2] > rect[0] && rect[3] > rect[1] {
                boxes.push(TextBox {
                    span: start..text.len(),
                    rect,
                });
            }
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    PageText {
        text,
        garbage: false,
        source: Source::Ocr,
        uncertain,
        boxes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_becomes_lines_and_blocks() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96\tLetter\n\
5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t95\tof\n\
5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t41\tInv1tation\n\
5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t90\tAlmaty\n";
        let t = from_tsv(tsv);
        assert_eq!(t.text, "Letter of\nInv1tation\n\nAlmaty\n");
        assert_eq!(t.source, Source::Ocr);
        assert_eq!(t.uncertain.len(), 1);
        assert_eq!(&t.text[t.uncertain[0].clone()], "Inv1tation");
        // Each word's box, in fractions of the 100 x 100 image.
        assert_eq!(t.boxes.len(), 4);
        assert_eq!(t.rects_of(&(0..6)), vec![[0.0, 0.0, 0.09, 0.09]]);
    }

    #[test]
    fn a_turned_page_s_boxes_go_back_to_the_image_as_stored() {
        // The top-left corner of the page read after a quarter turn clockwise was the
        // stored image's bottom-left.
        assert_eq!(unturned([0.0, 0.0, 0.1, 0.2], 90), [0.0, 0.9, 0.2, 1.0]);
        assert_eq!(unturned([0.0, 0.0, 0.1, 0.2], 180), [0.9, 0.8, 1.0, 1.0]);
        assert_eq!(unturned([0.0, 0.0, 0.1, 0.2], 270), [0.8, 0.0, 1.0, 0.1]);
        assert_eq!(unturned([0.0, 0.0, 0.1, 0.2], 0), [0.0, 0.0, 0.1, 0.2]);
    }

    #[test]
    fn odd_tsv_never_panics() {
        for tsv in [
            "",
            "\n",
            "x\n5\t\t\t",
            "h\n5\ta\tb\tc\td\te\tf\tg\th\ti\tj\tword\n",
        ] {
            let _ = from_tsv(tsv);
        }
    }
}
