//! Prints each page's extracted text, as the content rules see it.
//!
//! ```text
//! cargo run --release --example extract_text -- FILE.pdf...
//! ```

use dossier::read::text::page_text;
use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let t = Instant::now();
        let doc =
            match lopdf::Document::load_with_options(&path, dossier::read::pdf::load_options()) {
                Ok(d) => d,
                Err(e) => {
                    println!("== {path}: {e}");
                    continue;
                }
            };
        let pages: Vec<_> = doc.get_pages().into_iter().collect();
        let texts: Vec<_> = pages.iter().map(|(_, id)| page_text(&doc, *id)).collect();
        println!("== {path} ({:.1} ms)", t.elapsed().as_secs_f64() * 1000.0);
        for ((n, _), p) in pages.iter().zip(texts) {
            println!(
                "-- page {n}{}",
                if p.garbage {
                    " (garbage: no text layer)"
                } else {
                    ""
                }
            );
            println!("{}", p.text);
        }
    }
}
