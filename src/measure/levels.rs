//! Where a page's ink and paper sit on the luma scale: percentiles and clipping.

use super::gray::Gray;

/// Luma percentiles and the share of clipped pixels of one image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    /// 0.1st percentile: the ink level even of a sparse page (a receipt with 1% ink,
    /// whose p1 is already the anti-aliased edge of its strokes).
    pub p0_1: u8,
    /// 1st percentile: the ink level of a page with some text.
    pub p1: u8,
    /// 5th percentile.
    pub p5: u8,
    /// Median: the paper level of most pages.
    pub median: u8,
    /// 95th percentile.
    pub p95: u8,
    /// 99th percentile: the paper level, robust to a few specks of dust.
    pub p99: u8,
    /// Fraction of pixels >= 254 (blown-out white).
    pub clipped_white: f64,
    /// Fraction of pixels <= 1 (crushed black).
    pub clipped_black: f64,
}

/// Luma histogram of an image: 256 counts.
pub fn histogram(g: &Gray) -> [u64; 256] {
    // Four interleaved histograms: consecutive equal pixels (paper) would otherwise
    // make every increment wait for the previous one to the same counter.
    let mut h = [[0u32; 256]; 4];
    let mut total = [0u64; 256];
    // Flushed every 2^24 pixels per histogram so the u32 counters cannot overflow.
    for chunk in g.data.chunks(4 << 24) {
        let mut quads = chunk.chunks_exact(4);
        for q in &mut quads {
            h[0][usize::from(q[0])] += 1;
            h[1][usize::from(q[1])] += 1;
            h[2][usize::from(q[2])] += 1;
            h[3][usize::from(q[3])] += 1;
        }
        for &v in quads.remainder() {
            h[0][usize::from(v)] += 1;
        }
        for sub in &mut h {
            for (t, c) in total.iter_mut().zip(sub.iter_mut()) {
                *t += u64::from(*c);
                *c = 0;
            }
        }
    }
    total
}

/// The value at quantile `q` (0..=1) of a histogram: the sorted value at index
/// `round(q * (n - 1))` (nearest rank). 0 for an empty histogram.
pub fn quantile(hist: &[u64; 256], q: f64) -> u8 {
    let n: u64 = hist.iter().sum();
    if n == 0 {
        return 0;
    }
    let rank = (q.clamp(0.0, 1.0) * (n - 1) as f64).round() as u64;
    let mut seen = 0u64;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen > rank {
            return v as u8;
        }
    }
    255
}

/// Percentiles and clipping of a histogram (see [`levels`]).
pub fn levels_of_histogram(hist: &[u64; 256]) -> Levels {
    let n: u64 = hist.iter().sum();
    let share = |count: u64| if n == 0 { 0.0 } else { count as f64 / n as f64 };
    Levels {
        p0_1: quantile(hist, 0.001),
        p1: quantile(hist, 0.01),
        p5: quantile(hist, 0.05),
        median: quantile(hist, 0.5),
        p95: quantile(hist, 0.95),
        p99: quantile(hist, 0.99),
        clipped_white: share(hist[254] + hist[255]),
        clipped_black: share(hist[0] + hist[1]),
    }
}

/// Percentiles (nearest rank) and clipping of an image, from one histogram pass: O(n).
///
/// An empty image has every level 0 and nothing clipped.
pub fn levels(g: &Gray) -> Levels {
    levels_of_histogram(&histogram(g))
}

/// Paper level minus ink level: p99 - p1 (the issue defines scan/contrast this way).
///
/// On a page with almost no ink the 1st percentile is paper too, so a nearly blank
/// page reads as low contrast: the blank-page measure tells the two apart.
pub fn contrast(l: &Levels) -> u8 {
    l.p99.saturating_sub(l.p1)
}

/// Paper level minus the ink level of the darkest 0.1%: p99 - p0.1.
///
/// What a reader sees as text contrast, also on sparse pages: a receipt or a short
/// letter is about 1% ink, so its p1 falls on the anti-aliased edges of strokes and
/// [`contrast`] reads a clean scan as faint. The darkest 0.1% (2,000 pixels of an A4
/// page at 150 dpi) is still the core of the strokes there, and far more than dust.
pub fn ink_contrast(l: &Levels) -> u8 {
    l.p99.saturating_sub(l.p0_1)
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, box_blur, fill, text_block, text_page};
    use super::*;

    #[test]
    fn percentiles_of_a_ramp() {
        let data: Vec<u8> = (0..=255).collect();
        let l = levels(&Gray::new(256, 1, data));
        assert_eq!(
            (l.p0_1, l.p1, l.p5, l.median, l.p95, l.p99),
            (0, 3, 13, 128, 242, 252)
        );
        assert!((l.clipped_white - 2.0 / 256.0).abs() < 1e-12);
        assert!((l.clipped_black - 2.0 / 256.0).abs() < 1e-12);
    }

    #[test]
    fn text_page_has_high_contrast_and_washed_out_one_low() {
        let page = text_page(1);
        let l = levels(&page);
        assert_eq!((l.p1, l.p99, l.median), (0, 255, 255));
        assert_eq!(contrast(&l), 255);
        // Map to 100..180, as a faded photocopy.
        let faded = Gray::new(
            page.width,
            page.height,
            page.data
                .iter()
                .map(|&v| 100 + (u16::from(v) * 80 / 255) as u8)
                .collect(),
        );
        let l = levels(&faded);
        assert_eq!(contrast(&l), 80);
        assert_eq!(l.clipped_white, 0.0);
    }

    #[test]
    fn sparse_page_keeps_its_ink_contrast() {
        // Three lines on a page, anti-aliased: under 1% solid ink, so p1 is a stroke's
        // grey edge, while p0.1 is still the stroke.
        let mut g = blank(600, 800, 245);
        text_block(&mut g, 1, (60, 60, 540, 124));
        let g = box_blur(&g, 1);
        let l = levels(&g);
        assert!(contrast(&l) < 100, "{l:?}");
        assert!(ink_contrast(&l) > 150, "{l:?}");
        // Faded to 100..180, it is low either way.
        let faded = Gray::new(
            g.width,
            g.height,
            g.data
                .iter()
                .map(|&v| 100 + (u16::from(v) * 80 / 255) as u8)
                .collect(),
        );
        assert!(ink_contrast(&levels(&faded)) < 80);
    }

    #[test]
    fn clipping_counts_blown_out_paper() {
        let mut g = blank(100, 100, 255);
        fill(&mut g, 0, 0, 100, 30, 128);
        let l = levels(&g);
        assert!((l.clipped_white - 0.7).abs() < 1e-12);
        assert_eq!(l.clipped_black, 0.0);
        assert_eq!(l.median, 255);
    }

    #[test]
    fn empty_image_is_all_zero() {
        let l = levels(&Gray::new(0, 0, Vec::new()));
        assert_eq!((l.p1, l.p99, l.clipped_white), (0, 0, 0.0));
    }

    #[test]
    fn histogram_counts_every_pixel() {
        let data: Vec<u8> = (0..1003u32).map(|i| (i % 7) as u8).collect();
        let h = histogram(&Gray::new(1003, 1, data));
        assert_eq!(h.iter().sum::<u64>(), 1003);
        assert_eq!(h[0], 144);
    }
}
