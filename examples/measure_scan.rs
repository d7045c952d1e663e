//! Prints every scan measure of image files, to calibrate the profile's thresholds.
//!
//! ```text
//! cargo run --release --example measure_scan -- [--dpi N] [--tile N] [--repeat N] FILE...
//! ```
//! Each file (JPEG, PNG, TIFF) is decoded, converted to luma and resampled to 150 dpi
//! (the analysis image the read layer hands to the measures), then measured. The
//! resolution is `--dpi` when given, else the file's own (JFIF, EXIF/TIFF or PNG
//! pHYs), else 300. `--tile N` sets the shadow tile (default 48 px at 150 dpi);
//! `--repeat N` runs the measures N times and reports the fastest.

use dossier::measure::{self, Gray};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The analysis resolution the measures are calibrated at.
const ANALYSIS_DPI: f64 = 150.0;
/// Shadow (and paper map) tile side at 150 dpi: about 8 mm.
const SHADOW_TILE: usize = measure::paper::INK_TILE;
/// Edge strip of the cropped measure: 3 mm.
const EDGE_MM: f64 = 3.0;

fn main() -> ExitCode {
    let mut dpi_override = None;
    let mut repeat = 1usize;
    let mut tile = SHADOW_TILE;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<f64> {
            let value = args.next().and_then(|v| v.parse::<f64>().ok());
            if value.is_none() {
                eprintln!("{name} needs a number");
            }
            value
        };
        match arg.as_str() {
            "--dpi" => match number("--dpi") {
                Some(v) if v > 0.0 => dpi_override = Some(v),
                _ => return ExitCode::from(2),
            },
            "--tile" => match number("--tile") {
                Some(v) if v >= 1.0 => tile = v as usize,
                _ => return ExitCode::from(2),
            },
            "--repeat" => match number("--repeat") {
                Some(v) if v >= 1.0 => repeat = v as usize,
                _ => return ExitCode::from(2),
            },
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("usage: measure_scan [--dpi N] [--tile N] [--repeat N] FILE...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for file in &files {
        match measure_file(Path::new(file), dpi_override, tile, repeat) {
            Ok(line) => println!("{file}: {line}"),
            Err(e) => {
                println!("{file}: error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// All measures of one file, as one line of `key=value`.
fn measure_file(
    path: &Path,
    dpi_override: Option<f64>,
    tile: usize,
    repeat: usize,
) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let image = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| e.to_string())?;
    let (dpi, dpi_source) = match dpi_override {
        Some(d) => (d, "arg"),
        None => match file_dpi(&bytes) {
            Some(d) => (d, "file"),
            None => (300.0, "default"),
        },
    };
    let luma = image.to_luma8();
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let full = Gray::new(w, h, luma.into_raw());
    let analysis = measure::resample_area(&full, ANALYSIS_DPI / dpi);
    let strip = (EDGE_MM / 25.4 * ANALYSIS_DPI.min(dpi)).round() as usize;

    let mut best = Duration::MAX;
    let mut measured = None;
    for _ in 0..repeat {
        let start = Instant::now();
        let m = measure_all(&analysis, strip, tile);
        best = best.min(start.elapsed());
        measured = Some(m);
    }
    let m = measured.ok_or("nothing measured")?;

    let mut line = format!(
        "dpi={dpi:.0}({dpi_source}) size={w}x{h} analysis={}x{} blur={:.3} p0.1={} p1={} median={} p99={} contrast={} ink_contrast={} clipped_white={:.3} clipped_black={:.3}",
        analysis.width,
        analysis.height,
        m.blur,
        m.levels.p0_1,
        m.levels.p1,
        m.levels.median,
        m.levels.p99,
        measure::contrast(&m.levels),
        measure::ink_contrast(&m.levels),
        m.levels.clipped_white,
        m.levels.clipped_black,
    );
    match m.shadow {
        Some(s) => line += &format!(" shadow={:.3}({},{} tiles)", s.ratio, s.darkest, s.tiles),
        None => line += " shadow=none",
    }
    line += &format!(
        " edge={:.3}({}) page_ink={:.4}",
        m.edges.max_ratio, m.edges.side, m.edges.page_ink
    );
    match m.skew {
        Some(s) => line += &format!(" skew={s:.2}"),
        None => line += " skew=none",
    }
    line += &format!(" ink={:.4} spread={}", m.ink.fraction, m.ink.spread);
    if let Some(tables) = measure::quant_tables(&bytes) {
        line += &format!(" jpeg_q={}", measure::estimate_quality(&tables[0]));
    }
    if image.color().has_color() {
        let c = measure::chroma(image.to_rgb8().as_raw());
        line += &format!(
            " chroma_p99={} chroma_mean={:.2} gray_frac={:.3}",
            c.p99, c.mean, c.gray_fraction
        );
    }
    line += &format!(" time_ms={:.2}", best.as_secs_f64() * 1000.0);
    Ok(line)
}

/// Every page measure, as the rules will take them from one analysis image.
struct Measured {
    blur: f64,
    levels: measure::Levels,
    shadow: Option<measure::Shadow>,
    edges: measure::Edges,
    skew: Option<f64>,
    ink: measure::Ink,
}

/// Every measure from one histogram and one paper map, as the rules should share them.
fn measure_all(g: &Gray, strip: usize, tile: usize) -> Measured {
    let hist = measure::histogram(g);
    let levels = measure::levels_of_histogram(&hist);
    let paper = measure::PaperMap::new(g, tile);
    Measured {
        blur: measure::blur_effect(g),
        levels,
        shadow: measure::shadow_of(&paper),
        edges: measure::edge_ink_with(g, strip, &paper, &levels),
        skew: measure::skew_degrees_with(g, &paper, &levels),
        ink: measure::ink_of_histogram(&hist),
    }
}

/// The resolution a file states: JFIF density, else EXIF/TIFF XResolution, else PNG pHYs.
fn file_dpi(bytes: &[u8]) -> Option<f64> {
    jfif_dpi(bytes)
        .or_else(|| exif_dpi(bytes))
        .or_else(|| png_dpi(bytes))
        .filter(|d| d.is_finite() && *d >= 10.0)
}

/// JFIF APP0 density, when its unit is dots per inch (1) or per cm (2).
fn jfif_dpi(bytes: &[u8]) -> Option<f64> {
    if bytes.get(..2)? != [0xFF, 0xD8] || bytes.get(2..4)? != [0xFF, 0xE0] {
        return None;
    }
    let app0 = bytes.get(6..18)?;
    if &app0[..5] != b"JFIF\0" {
        return None;
    }
    let density = f64::from(u16::from_be_bytes([app0[8], app0[9]]));
    match app0[7] {
        1 => Some(density),
        2 => Some(density * 2.54),
        _ => None,
    }
}

/// EXIF (or TIFF) XResolution with its ResolutionUnit.
fn exif_dpi(bytes: &[u8]) -> Option<f64> {
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()?;
    let x = match &exif
        .get_field(exif::Tag::XResolution, exif::In::PRIMARY)?
        .value
    {
        exif::Value::Rational(v) => v.first()?.to_f64(),
        _ => return None,
    };
    let unit = exif
        .get_field(exif::Tag::ResolutionUnit, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .unwrap_or(2);
    match unit {
        2 => Some(x),
        3 => Some(x * 2.54),
        _ => None,
    }
}

/// PNG pHYs, when its unit is the metre.
fn png_dpi(bytes: &[u8]) -> Option<f64> {
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let mut at = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        if &head[4..8] == b"pHYs" {
            let body = bytes.get(at + 8..at + 17)?;
            let per_metre = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
            return (body[8] == 1).then_some(f64::from(per_metre) * 0.0254);
        }
        if &head[4..8] == b"IDAT" {
            return None;
        }
        at += 12 + len;
    }
    None
}
