//! `dossier::read::pdf::read` on arbitrary bytes written to a file: the path the CLI
//! takes. Unlike `read_bytes`, it loads with the image-deferring filter and reads large
//! image streams back from their xref offsets when their page is measured.
//!
//! `colour` (decode chroma too, jpeg-decoder at a reduced IDCT scale; without it, luma
//! only through zune-jpeg) follows the input's length: even lengths decode colour.
//!
//! Like the other targets, this bypasses `read::guard::catching`: any panic is a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("dossier-fuzz-{}.pdf", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let opts = dossier::read::ReadOptions {
        colour: data.len() % 2 == 0,
        ..dossier::read::ReadOptions::ALL
    };
    let _ = dossier::read::pdf::read(path, opts);
    let _ = std::fs::remove_file(path);
});
