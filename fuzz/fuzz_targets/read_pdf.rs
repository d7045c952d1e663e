//! `dossier::read::pdf::read_bytes` on arbitrary bytes: lopdf's loader, the page tree,
//! the content-stream walk, the image decoders and the measures.
//!
//! The target calls `read_bytes` directly, outside `read::guard::catching`, so a panic
//! anywhere is reported as a crash even though the CLI would turn it into a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dossier::read::pdf::read_bytes(data);
});
