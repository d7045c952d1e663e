//! `dossier::read::image_file::measure_bytes` on arbitrary bytes: the first byte picks
//! the sniffed type (`% 3`: 0 JPEG, 1 PNG, 2 TIFF) and whether colour is decoded
//! (`/ 3 % 2`: 0 colour, 1 luma only), the rest is the file. So 0, 1, 2 are the colour
//! reads and 3, 4, 5 the luma-only reads of a JPEG, a PNG and a TIFF.
//!
//! Like `read_pdf`, this bypasses `read::guard::catching`: any panic is a crash.

#![no_main]

use dossier::pack::sniff::FileType;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let kind = match pick % 3 {
        0 => FileType::Jpeg,
        1 => FileType::Png,
        _ => FileType::Tiff,
    };
    let colour = (pick / 3) % 2 == 0;
    let _ = dossier::read::image_file::measure_bytes(file, kind, None, colour);
});
