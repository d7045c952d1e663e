//! Prints the photo measures of image files and how long the whole photo check takes.
//!
//! ```text
//! cargo run --release --example measure_photo -- [--repeat N] FILE...
//! ```
//! Each file goes through exactly what `dossier check` does for a photo (decode at the
//! analysis size, orientation, colour, background, face and head); `--repeat N` reports
//! the median of N runs, the figure the benchmark script compares with its target.

use dossier::pack::sniff::sniff;
use dossier::read::photo;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut repeat = 1usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => repeat = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            _ => files.push(arg),
        }
    }
    let mut failed = false;
    for file in files {
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                failed = true;
                continue;
            }
        };
        let kind = sniff(&bytes);
        let mut times: Vec<Duration> = Vec::new();
        let mut result = None;
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let r = photo::analyse(&bytes, kind, true);
            times.push(t.elapsed());
            result = Some(r);
        }
        times.sort_unstable();
        let median = times[times.len() / 2];
        match result {
            Some(Ok((p, _))) => {
                let bg = p.background.map(|b| {
                    format!(
                        "L {:.0} C {:.1} sd {:.1} grad {:.1} dark {}",
                        b.lightness,
                        b.chroma,
                        b.spread,
                        b.gradient,
                        b.darkest.as_str()
                    )
                });
                let head = p.head.map(|h| {
                    format!(
                        "{:.2} (crown {:.0}{}, chin {:.0})",
                        h.ratio,
                        h.crown,
                        if h.crown_found { "" } else { " est." },
                        h.chin
                    )
                });
                println!(
                    "{file}: {:.1} ms  {}x{} (stored {}x{}, o{})  comps {}  chroma p99 {:?}  taken {:?}\n    background {}\n    face {}  head {}",
                    median.as_secs_f64() * 1000.0,
                    p.pixels.0,
                    p.pixels.1,
                    p.stored.0,
                    p.stored.1,
                    p.orientation,
                    p.components,
                    p.chroma.map(|c| c.p99),
                    p.taken.map(|t| t.to_string()),
                    bg.unwrap_or_else(|| "-".into()),
                    p.face
                        .map(|f| format!(
                            "{:.0},{:.0} {:.0}px score {:.1}",
                            f.x, f.y, f.size, f.score
                        ))
                        .unwrap_or_else(|| "-".into()),
                    head.unwrap_or_else(|| "-".into()),
                );
            }
            Some(Err(e)) => {
                println!("{file}: {e}");
            }
            None => {}
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
