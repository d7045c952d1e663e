//! The glyph templates (`models/mrz-ocrb.bin`, made by `scripts/mrz-templates.py` from
//! Debian's public-domain OCR-B) and the normalised cross-correlation against them.

use std::sync::OnceLock;

/// The 37 characters an MRZ may hold, in the template file's order.
pub const MRZ_ALPHABET: [char; 37] = [
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I',
    'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', '<',
];

/// Window size of a cell's glyph (px at a 16 px pitch); the script writes the same.
pub(super) const WIN_W: usize = 16;
pub(super) const WIN_H: usize = 20;
pub(super) const FEATURES: usize = WIN_W * WIN_H;

static MODEL: &[u8] = include_bytes!("../../../models/mrz-ocrb.bin");

struct Templates {
    /// Per character, its variants (stroke weights), each zero-mean and unit-norm.
    variants: Vec<Vec<[f32; FEATURES]>>,
}

fn templates() -> &'static Templates {
    static CELL: OnceLock<Templates> = OnceLock::new();
    CELL.get_or_init(|| {
        parse(MODEL).unwrap_or(Templates {
            variants: Vec::new(),
        })
    })
}

fn parse(bytes: &[u8]) -> Option<Templates> {
    let (head, mut rest) = bytes.split_at_checked(8)?;
    if &head[..4] != b"MRZT" || head[4] != 1 || head[5] as usize != WIN_W {
        return None;
    }
    if head[6] as usize != WIN_H {
        return None;
    }
    let per_char = head[7] as usize;
    let mut variants = Vec::with_capacity(MRZ_ALPHABET.len());
    for &ch in &MRZ_ALPHABET {
        let (&c, tail) = rest.split_first()?;
        if char::from(c) != ch {
            return None;
        }
        rest = tail;
        let mut list = Vec::with_capacity(per_char);
        for _ in 0..per_char {
            let (window, tail) = rest.split_at_checked(FEATURES)?;
            rest = tail;
            let mut t = [0f32; FEATURES];
            for (o, &v) in t.iter_mut().zip(window) {
                *o = f32::from(v) / 255.0;
            }
            normalise(&mut t)?;
            list.push(t);
        }
        variants.push(list);
    }
    Some(Templates { variants })
}

/// Zero mean, unit norm; None for a flat window (no glyph to compare).
pub(super) fn normalise(f: &mut [f32; FEATURES]) -> Option<()> {
    let mean = f.iter().sum::<f32>() / FEATURES as f32;
    let mut norm = 0.0;
    for v in f.iter_mut() {
        *v -= mean;
        norm += *v * *v;
    }
    let norm = norm.sqrt();
    if norm < 1e-3 {
        return None;
    }
    for v in f.iter_mut() {
        *v /= norm;
    }
    Some(())
}

/// Each character's score for a normalised window: the best correlation over its variants.
pub(super) fn scores(f: &[f32; FEATURES]) -> [f32; 37] {
    let mut out = [0f32; 37];
    for (o, list) in out.iter_mut().zip(&templates().variants) {
        *o = list.iter().map(|t| dot(t, f)).fold(-1.0, f32::max);
    }
    out
}

/// Dot product in 8 lanes: a plain `sum()` of floats cannot be reordered, so it would
/// not vectorise, and this is where the reader spends its time.
fn dot(a: &[f32; FEATURES], b: &[f32; FEATURES]) -> f32 {
    let mut lanes = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_model_parses() {
        assert_eq!(templates().variants.len(), 37);
        // A template correlates perfectly with itself and less with every other character.
        let zero = templates().variants[0][1];
        let s = scores(&zero);
        assert!((s[0] - 1.0).abs() < 1e-4);
        assert!(s[1..].iter().all(|&v| v < 0.999));
    }
}
