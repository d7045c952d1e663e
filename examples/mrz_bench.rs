//! Benchmarks the embedded MRZ reader on a folder made by `scripts/mrz-synth.py`.
//!
//! ```text
//! cargo run --release --example mrz_bench -- DIR [--verbose] [--scale F]
//! ```
//! Reads `DIR/truth.json`, decodes each JPEG to luma (not timed; `--scale 0.5` then
//! area-reduces it, as the read layer reduces a 300 dpi scan to 150 dpi), then times
//! `measure::mrz::recognise` plus `extract::mrz_cells::decode` and prints per condition:
//! the share read fully right with every check digit valid, the share reported valid
//! although a character is wrong (must be 0), and the median and p95 milliseconds.
//! `scripts/bench-mrz.sh` generates the set and runs this.

use dossier::extract::mrz_cells;
use dossier::measure::{Gray, mrz, resample_area};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Default)]
struct Tally {
    total: usize,
    right_valid: usize,
    wrong_valid: usize,
    not_found: usize,
    reported_invalid: usize,
    ms: Vec<f64>,
}

fn main() -> ExitCode {
    let mut dir = None;
    let mut verbose = false;
    let mut scale = 1.0f64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--scale" => match args.next().and_then(|v| v.parse::<f64>().ok()) {
                Some(f) if f > 0.0 && f <= 1.0 => scale = f,
                _ => {
                    eprintln!("--scale needs a factor in (0, 1]");
                    return ExitCode::from(2);
                }
            },
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: mrz_bench DIR [--verbose] [--scale F]");
        return ExitCode::from(2);
    };
    let truth: serde_json::Value = match std::fs::read_to_string(dir.join("truth.json"))
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{}: {e}", dir.join("truth.json").display());
            return ExitCode::from(2);
        }
    };
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for record in truth.as_array().into_iter().flatten() {
        let file = record["file"].as_str().unwrap_or_default();
        let condition = record["condition"].as_str().unwrap_or("?").to_string();
        let expected: Vec<String> = record["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_string))
            .collect();
        let img = match image::open(dir.join(file)) {
            Ok(i) => i.to_luma8(),
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let gray = Gray::new(img.width() as usize, img.height() as usize, img.into_raw());
        let gray = resample_area(&gray, scale);
        let start = Instant::now();
        let cells = mrz::recognise(&gray);
        let reading = cells.as_ref().and_then(mrz_cells::decode);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let t = tallies.entry(condition).or_default();
        t.total += 1;
        t.ms.push(ms);
        match &reading {
            None => {
                t.not_found += 1;
                if verbose {
                    let raw = cells.map(|c| c.best_lines());
                    println!("{file}: not read {raw:?}");
                }
            }
            Some(r) => {
                let right = r.lines == expected;
                match (r.is_valid(), right) {
                    (true, true) => t.right_valid += 1,
                    (true, false) => {
                        t.wrong_valid += 1;
                        println!("{file}: WRONG BUT VALID {:?} vs {:?}", r.lines, expected);
                    }
                    (false, _) => {
                        t.reported_invalid += 1;
                        if verbose {
                            // The characters the reader would not vouch for.
                            let unsure: Vec<(usize, usize, f32)> = r
                                .confidence
                                .iter()
                                .enumerate()
                                .flat_map(|(l, line)| {
                                    line.iter().enumerate().map(move |(c, &v)| (l, c, v))
                                })
                                .filter(|&(_, _, v)| v < mrz_cells::MIN_CONFIDENCE)
                                .collect();
                            println!(
                                "{file}: invalid {:?} checks {:?} unsure {unsure:?}\n   read {:?}\n   want {:?}",
                                r.format, r.checks, r.lines, expected
                            );
                        }
                    }
                }
            }
        }
    }
    println!(
        "{:<10} {:>5} {:>9} {:>12} {:>9} {:>9} {:>8} {:>8}",
        "condition", "n", "right %", "wrong-valid", "invalid", "none", "med ms", "p95 ms"
    );
    let mut wrong = 0;
    for (name, t) in &mut tallies {
        t.ms.sort_by(f64::total_cmp);
        let pct = |q: f64| t.ms[((t.ms.len() as f64 - 1.0) * q).round() as usize];
        wrong += t.wrong_valid;
        println!(
            "{:<10} {:>5} {:>9.1} {:>12} {:>9} {:>9} {:>8.1} {:>8.1}",
            name,
            t.total,
            100.0 * t.right_valid as f64 / t.total as f64,
            t.wrong_valid,
            t.reported_invalid,
            t.not_found,
            pct(0.5),
            pct(0.95)
        );
    }
    if wrong > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
