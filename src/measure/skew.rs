//! The slant of a scanned page, from the projection profile of its text lines.

use super::gray::Gray;
use super::levels::{Levels, histogram, levels_of_histogram};
use super::paper::{INK_TILE, MIN_INK_SPREAD, PaperMap, ink_share};

/// Largest slant searched, in degrees either way.
const MAX_DEGREES: f64 = 10.0;
/// Coarse search step, in degrees: narrower than the peak a line of text makes
/// (x-height / page width, about 0.5 degree), so the coarse search cannot step over it.
const COARSE_STEP: f64 = 0.5;
/// Fine search step, in degrees.
const FINE_STEP: f64 = 0.1;
/// Width in pixels of the vertical strips that are shifted as one (at 150 dpi).
const STRIP: usize = 16;
/// Fewest ink pixels (share of the page) for a profile worth reading.
const MIN_INK: f64 = 0.002;
/// Text lines make the best shear's profile this much "peakier" (sum of squares) than
/// the average shear; random marks, a photo or a single word do not.
const MIN_PEAKINESS: f64 = 1.15;

/// Projection-profile skew of text lines, in degrees (positive = clockwise), searching -10..10 degrees with a coarse step then a fine one (0.1 deg). None when the page has too little ink / no line structure to say. Must be fast: work on a binarised, further downscaled copy (e.g. ~75 dpi) and shear rows instead of rotating pixels.
///
/// Clockwise means the right end of a line of text is lower than its left end (as a
/// page turned clockwise on the platen). The page is binarised against its local paper
/// level as [`edge_ink`](super::cropped::edge_ink) does it (so a shadow is not ink) and
/// reduced to ink counts in blocks of 16 x 1 px. For a candidate angle each 16-px strip
/// is shifted vertically by `x * tan(angle)` (a shear, which for a few degrees is a
/// rotation to within a fraction of a pixel) and the rows summed; the angle whose row
/// profile has the largest sum of squares is the one that lines the text up. The coarse search (0.5 degree steps) works on blocks pooled in pairs both
/// ways (32 x 2 px: 75 dpi rows); the fine one (0.1 degree) on 16 x 1 px blocks,
/// refined by a parabola through the best three.
///
/// `None` when less than 0.2% of the page is ink, when the best angle's profile is not
/// at least 15% peakier than the average angle's (no line structure), or when the best
/// angle is at the edge of the search (a page turned more than 10 degrees, or a
/// picture).
pub fn skew_degrees(g: &Gray) -> Option<f64> {
    let hist = histogram(g);
    skew_degrees_with(g, &PaperMap::new(g, INK_TILE), &levels_of_histogram(&hist))
}

/// [`skew_degrees`] with the page's paper map and levels already measured.
pub fn skew_degrees_with(g: &Gray, map: &PaperMap, l: &Levels) -> Option<f64> {
    if g.is_empty() || l.p99.saturating_sub(l.p0_1) < MIN_INK_SPREAD {
        return None;
    }
    let thresholds = map.ink_thresholds(ink_share(l.p0_1, l.p99));
    let strips = g.width.div_ceil(STRIP);
    // counts[s * h + y]: ink pixels of strip `s` in row `y`.
    let h = g.height;
    let mut counts = vec![0u16; strips * h];
    let mut ink = 0u64;
    let mut limits = vec![0u8; g.width];
    for y in 0..h {
        if y == 0 || map.row_of(y) != map.row_of(y - 1) {
            map.expand_row(&thresholds, map.row_of(y), &mut limits);
        }
        for (s, (chunk, lim)) in g.row(y).chunks(STRIP).zip(limits.chunks(STRIP)).enumerate() {
            let c = chunk
                .iter()
                .zip(lim)
                .map(|(&v, &t)| u16::from(v < t))
                .sum::<u16>();
            counts[s * h + y] = c;
            ink += u64::from(c);
        }
    }
    if (ink as f64) < MIN_INK * g.len() as f64 {
        return None;
    }
    // Strip centres relative to the page centre, so shifts stay small both ways.
    let centres: Vec<f64> = (0..strips)
        .map(|s| ((s * STRIP) as f64 + STRIP as f64 / 2.0) - g.width as f64 / 2.0)
        .collect();

    // Coarse: blocks pooled in pairs both ways (32 x 2 px, 75 dpi rows).
    let pooled_h = h.div_ceil(2);
    let pooled_strips = strips.div_ceil(2);
    let mut pooled = vec![0u16; pooled_strips * pooled_h];
    for s in 0..strips {
        let column = &counts[s * h..(s + 1) * h];
        let out = &mut pooled[(s / 2) * pooled_h..(s / 2 + 1) * pooled_h];
        for (y, &c) in column.iter().enumerate() {
            out[y / 2] += c;
        }
    }
    let pooled_centres: Vec<f64> = (0..pooled_strips)
        .map(|s| ((s * 2 * STRIP) as f64 + STRIP as f64) - g.width as f64 / 2.0)
        .collect();
    let coarse = Profiles::new(&pooled, pooled_h, &pooled_centres, 0.5);
    let steps = (MAX_DEGREES / COARSE_STEP).round() as i32;
    let scores: Vec<(f64, f64)> = (-steps..=steps)
        .map(|i| {
            let a = f64::from(i) * COARSE_STEP;
            (a, coarse.score(a))
        })
        .collect();
    let mean = scores.iter().map(|s| s.1).sum::<f64>() / scores.len() as f64;
    let &(best, top) = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    if mean <= 0.0 || top < MIN_PEAKINESS * mean || best.abs() >= MAX_DEGREES {
        return None;
    }

    // Fine: single rows, +-COARSE_STEP around the coarse best.
    let fine = Profiles::new(&counts, h, &centres, 1.0);
    let n = (COARSE_STEP / FINE_STEP).round() as i32;
    let fine_scores: Vec<(f64, f64)> = (-n..=n)
        .map(|i| {
            let a = best + f64::from(i) * FINE_STEP;
            (a, fine.score(a))
        })
        .collect();
    let k = fine_scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
        .map(|(k, _)| k)?;
    let mut angle = fine_scores[k].0;
    if k > 0 && k + 1 < fine_scores.len() {
        let (l, c, r) = (fine_scores[k - 1].1, fine_scores[k].1, fine_scores[k + 1].1);
        let curvature = l - 2.0 * c + r;
        if curvature < 0.0 {
            angle += FINE_STEP * (0.5 * (l - r) / curvature).clamp(-0.5, 0.5);
        }
    }
    Some(angle)
}

/// Ink counts per strip and row, ready to be sheared and summed.
struct Profiles<'a> {
    counts: &'a [u16],
    rows: usize,
    centres: &'a [f64],
    /// Rows per source pixel (0.5 when rows are pooled in pairs).
    rows_per_px: f64,
}

impl<'a> Profiles<'a> {
    fn new(counts: &'a [u16], rows: usize, centres: &'a [f64], rows_per_px: f64) -> Self {
        Profiles {
            counts,
            rows,
            centres,
            rows_per_px,
        }
    }

    /// Sum of squares of the row profile after shearing by `degrees`.
    fn score(&self, degrees: f64) -> f64 {
        let tan = degrees.to_radians().tan();
        let shifts: Vec<isize> = self
            .centres
            .iter()
            .map(|&x| (-x * tan * self.rows_per_px).round() as isize)
            .collect();
        let lo = shifts.iter().copied().min().unwrap_or(0);
        let hi = shifts.iter().copied().max().unwrap_or(0);
        let mut profile = vec![0u32; self.rows + (hi - lo) as usize];
        for (s, &shift) in shifts.iter().enumerate() {
            let at = (shift - lo) as usize;
            let column = &self.counts[s * self.rows..(s + 1) * self.rows];
            for (p, &c) in profile[at..at + self.rows].iter_mut().zip(column) {
                *p += u32::from(c);
            }
        }
        profile.iter().map(|&p| f64::from(p) * f64::from(p)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, noise, rotate, text_block};
    use super::*;

    fn page() -> Gray {
        let mut g = blank(620, 880, 250);
        text_block(&mut g, 1, (70, 70, 550, 810));
        g
    }

    #[test]
    fn straight_text_reads_zero() {
        let a = skew_degrees(&page()).expect("text lines");
        assert!(a.abs() <= 0.1, "{a}");
    }

    #[test]
    fn three_degrees_clockwise_is_found() {
        for (deg, seed) in [(3.0, 1), (-3.0, 2), (1.3, 3), (-7.4, 4)] {
            let mut g = rotate(&page(), deg, 250);
            noise(&mut g, 6, seed);
            let a = skew_degrees(&g).expect("text lines");
            assert!((a - deg).abs() <= 0.3, "rotated {deg}, measured {a}");
        }
    }

    #[test]
    fn shadow_does_not_hide_the_lines() {
        let mut g = rotate(&page(), 2.0, 250);
        for y in 0..g.height {
            for x in 0..310 {
                let f = 0.15 + 0.85 * x as f64 / 310.0;
                let v = &mut g.data[y * g.width + x];
                *v = (f64::from(*v) * f).round() as u8;
            }
        }
        let a = skew_degrees(&g).expect("text lines");
        assert!((a - 2.0).abs() <= 0.3, "{a}");
    }

    #[test]
    fn no_text_no_skew() {
        let mut g = blank(620, 880, 250);
        noise(&mut g, 6, 5);
        assert_eq!(skew_degrees(&g), None);
        // Random specks: ink, but no lines.
        let mut specks = blank(620, 880, 250);
        let mut rng = super::super::synth::Rng::new(11);
        for _ in 0..3000 {
            let (x, y) = (rng.range(0, 618), rng.range(0, 878));
            super::super::synth::fill(&mut specks, x, y, x + 2, y + 2, 0);
        }
        assert_eq!(skew_degrees(&specks), None);
        assert_eq!(skew_degrees(&Gray::new(0, 0, Vec::new())), None);
    }
}
