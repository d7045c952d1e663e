//! How hard a JPEG was compressed, read from its quantisation tables.

/// JPEG zigzag scan position -> natural (row-major) index (ITU T.81 figure A.6).
const ZIGZAG_TO_NATURAL: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The luminance table of ITU T.81 Annex K (table K.1), natural order: libjpeg's
/// quality 50.
#[rustfmt::skip]
const ANNEX_K_LUMA: [u16; 64] = [
    16, 11, 10, 16,  24,  40,  51,  61,
    12, 12, 14, 19,  26,  58,  60,  55,
    14, 13, 16, 24,  40,  57,  69,  56,
    14, 17, 22, 29,  51,  87,  80,  62,
    18, 22, 37, 56,  68, 109, 103,  77,
    24, 35, 55, 64,  81, 104, 113,  92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103,  99,
];

/// The quantisation tables of a baseline/progressive JPEG from its raw bytes (DQT markers, 8- and 16-bit precision, stopping at SOS), in natural or zigzag order — say which in the doc. None if no DQT is found. Never panic on garbage/truncated input.
///
/// Tables come back in **natural (row-major 8x8) order**, converted from the zigzag
/// order in which the file stores them, ordered by their destination slot (0..=3): slot
/// 0 is the luma table in every encoder we know of (libjpeg, the `image` crate,
/// cameras), slot 1 the chroma one. A slot defined twice keeps its last definition. A
/// truncated table is dropped, the complete ones before it kept. Returns `None` when
/// the bytes do not start with a JPEG SOI marker or hold no complete DQT before SOS.
pub fn quant_tables(jpeg: &[u8]) -> Option<Vec<[u16; 64]>> {
    if jpeg.get(..2) != Some(&[0xFF, 0xD8]) {
        return None;
    }
    let mut slots: [Option<[u16; 64]>; 4] = [None; 4];
    let mut at = 2;
    while at + 1 < jpeg.len() {
        if jpeg[at] != 0xFF {
            // Not at a marker: the file is damaged; stop with what we have.
            break;
        }
        let marker = jpeg[at + 1];
        at += 2;
        match marker {
            // Fill bytes before a marker.
            0xFF => {
                at -= 1;
                continue;
            }
            // Markers without a length: TEM, RSTn, SOI.
            0x01 | 0xD0..=0xD8 => continue,
            // SOS: entropy-coded data follows; EOI: the end.
            0xDA | 0xD9 => break,
            _ => {}
        }
        let Some(len) = jpeg
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            break;
        };
        if len < 2 {
            break;
        }
        let end = (at + len).min(jpeg.len());
        if marker == 0xDB {
            read_dqt(&jpeg[at + 2..end], &mut slots);
        }
        at += len;
    }
    let tables: Vec<[u16; 64]> = slots.into_iter().flatten().collect();
    (!tables.is_empty()).then_some(tables)
}

/// Reads the tables of one DQT segment's payload into their slots.
fn read_dqt(mut payload: &[u8], slots: &mut [Option<[u16; 64]>; 4]) {
    while let Some((&pq_tq, rest)) = payload.split_first() {
        let wide = pq_tq >> 4 != 0;
        let slot = usize::from(pq_tq & 0x0F);
        let size = if wide { 128 } else { 64 };
        let Some(values) = rest.get(..size) else {
            return;
        };
        let mut table = [0u16; 64];
        for (k, &natural) in ZIGZAG_TO_NATURAL.iter().enumerate() {
            table[natural] = if wide {
                u16::from_be_bytes([values[2 * k], values[2 * k + 1]])
            } else {
                u16::from(values[k])
            };
        }
        if let Some(s) = slots.get_mut(slot) {
            *s = Some(table);
        }
        payload = &rest[size..];
    }
}

/// The luma table libjpeg writes for `quality` (1..=100), as `jpeg_set_quality` does:
/// Annex K scaled by `5000 / q` below 50 and `200 - 2q` from 50, rounded, clamped to
/// 1..=`max` (255 for baseline files).
pub fn ijg_luma_table(quality: u8, max: u16) -> [u16; 64] {
    let q = u32::from(quality.clamp(1, 100));
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    ANNEX_K_LUMA.map(|v| ((u32::from(v) * scale + 50) / 100).clamp(1, u32::from(max)) as u16)
}

/// IJG quality (1..=100) that best explains a luma table, by inverting libjpeg's scaling of the standard Annex K table (the method ImageMagick's `identify -verbose` and Pillow users use); for non-IJG tables return the nearest.
///
/// `luma` is in natural order, as [`quant_tables`] returns it. Every quality's table is
/// compared with `luma` by the sum of absolute differences; the closest wins, the
/// higher quality on a tie (qualities above about 97 give nearly the same all-ones
/// table). A table from another encoder (a camera, Photoshop) gets the IJG quality
/// whose table is nearest in that sense: comparable, not exact.
pub fn estimate_quality(luma: &[u16; 64]) -> u8 {
    // 16-bit tables are not clamped to 255 by libjpeg (force_baseline off).
    let max = if luma.iter().any(|&v| v > 255) {
        32767
    } else {
        255
    };
    let mut best = (u64::MAX, 100u8);
    for q in (1..=100u8).rev() {
        let table = ijg_luma_table(q, max);
        let distance: u64 = table
            .iter()
            .zip(luma)
            .map(|(&a, &b)| u64::from(a.abs_diff(b)))
            .sum();
        if distance < best.0 {
            best = (distance, q);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::jpeg::JpegEncoder;
    use image::{ExtendedColorType, ImageEncoder};

    fn encode(quality: u8, color: bool) -> Vec<u8> {
        let (w, h) = (32u32, 24u32);
        let channels = if color { 3 } else { 1 };
        let pixels: Vec<u8> = (0..w * h * channels)
            .map(|i| (i * 37 % 256) as u8)
            .collect();
        let mut out = Vec::new();
        let kind = if color {
            ExtendedColorType::Rgb8
        } else {
            ExtendedColorType::L8
        };
        JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(&pixels, w, h, kind)
            .expect("encode to memory");
        out
    }

    #[test]
    fn known_qualities_are_recovered() {
        for q in [30, 75, 95] {
            for color in [false, true] {
                let tables = quant_tables(&encode(q, color)).expect("DQT");
                assert_eq!(tables.len(), if color { 2 } else { 1 });
                let got = estimate_quality(&tables[0]);
                assert!(got.abs_diff(q) <= 2, "quality {q}: estimated {got}");
            }
        }
    }

    #[test]
    fn tables_are_in_natural_order() {
        let tables = quant_tables(&encode(50, false)).expect("DQT");
        assert_eq!(tables[0], ANNEX_K_LUMA);
    }

    #[test]
    fn every_ijg_quality_inverts_exactly() {
        for q in 1..=95 {
            assert_eq!(estimate_quality(&ijg_luma_table(q, 255)), q);
        }
        assert_eq!(estimate_quality(&[1; 64]), 100);
    }

    #[test]
    fn sixteen_bit_tables_are_read() {
        let mut dqt = vec![0xFF, 0xD8, 0xFF, 0xDB, 0, 2 + 1 + 128, 0x10];
        for k in 0..64u16 {
            dqt.extend_from_slice(&(300 + k).to_be_bytes());
        }
        dqt.extend_from_slice(&[0xFF, 0xDA, 0, 2]);
        let tables = quant_tables(&dqt).expect("DQT");
        assert_eq!(tables[0][0], 300);
        // Zigzag position 2 is natural index 8 (row 1, column 0).
        assert_eq!(tables[0][8], 302);
    }

    #[test]
    fn garbage_and_truncation_never_panic() {
        let good = encode(75, true);
        for cut in 0..good.len().min(700) {
            let _ = quant_tables(&good[..cut]);
        }
        assert_eq!(quant_tables(&[]), None);
        assert_eq!(quant_tables(b"not a jpeg at all"), None);
        assert_eq!(quant_tables(&[0xFF, 0xD8, 0xFF, 0xDB, 0xFF, 0xFF]), None);
        assert_eq!(quant_tables(&[0xFF, 0xD8, 0xFF, 0xDB, 0x00]), None);
        let mut rng = super::super::synth::Rng::new(5);
        for len in 0..400 {
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            if len >= 2 {
                bytes[0] = 0xFF;
                bytes[1] = 0xD8;
            }
            let _ = quant_tables(&bytes);
        }
        // A DQT cut inside its second table keeps the first.
        let mut cut = good.clone();
        let dqt = cut.windows(2).position(|w| w == [0xFF, 0xDB]).expect("DQT");
        cut.truncate(dqt + 4 + 65 + 10);
        assert_eq!(quant_tables(&cut).map(|t| t.len()), Some(1));
    }
}
