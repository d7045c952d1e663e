//! How much is on a page at all, to catch blank pages.

use super::gray::Gray;
use super::levels::{histogram, quantile};

/// How far below the paper level a pixel must be to count as ink. Scanner noise and
/// paper texture stay within about 20 levels of the paper; pencil and the faintest
/// stamp are still 60+ below it.
pub const INK_BELOW_PAPER: u8 = 60;

/// Fraction of "ink" pixels and the luma spread of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    /// Share of pixels more than [`INK_BELOW_PAPER`] levels darker than the paper level
    /// (the page's 95th percentile).
    pub fraction: f64,
    /// p99 - p1 of luma.
    pub spread: u8,
}

/// Fraction of "ink" pixels (clearly darker than the paper level, e.g. paper p95 minus 60, document it) and the spread p99 - p1 of luma. A blank page: fraction < 0.001 and spread < 30.
///
/// The paper level is the 95th percentile, so up to 5% of a page may be brighter than
/// paper (glare, white stickers) without moving it. Ink is any pixel below
/// `paper - 60`; a page whose paper is darker than 60 has no ink by this measure (it
/// is dark all over, which the exposure measure reports). An empty image has none.
pub fn ink(g: &Gray) -> Ink {
    ink_of_histogram(&histogram(g))
}

/// [`ink`] from the page's luma histogram.
pub fn ink_of_histogram(hist: &[u64; 256]) -> Ink {
    let n: u64 = hist.iter().sum();
    if n == 0 {
        return Ink {
            fraction: 0.0,
            spread: 0,
        };
    }
    let paper = quantile(hist, 0.95);
    let below = usize::from(paper.saturating_sub(INK_BELOW_PAPER));
    let dark: u64 = if paper < INK_BELOW_PAPER {
        0
    } else {
        hist[..below].iter().sum()
    };
    Ink {
        fraction: dark as f64 / n as f64,
        spread: quantile(hist, 0.99).saturating_sub(quantile(hist, 0.01)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, noise, text_block};
    use super::*;

    #[test]
    fn noisy_blank_page_has_no_ink() {
        let mut g = blank(600, 800, 235);
        noise(&mut g, 8, 3);
        let i = ink(&g);
        assert_eq!(i.fraction, 0.0);
        assert!(i.spread < 30, "{i:?}");
    }

    #[test]
    fn a_few_lines_of_text_are_ink() {
        let mut g = blank(600, 800, 235);
        text_block(&mut g, 1, (60, 60, 540, 130));
        noise(&mut g, 8, 3);
        let i = ink(&g);
        // Three lines on a page: the fraction alone tells it is not blank (p1 is
        // still paper, so the spread stays small).
        assert!(i.fraction > 0.003, "{i:?}");
        let mut full = blank(600, 800, 235);
        text_block(&mut full, 1, (60, 60, 540, 740));
        assert!(ink(&full).spread > 150, "{:?}", ink(&full));
    }

    #[test]
    fn dark_page_and_empty_image() {
        assert_eq!(ink(&blank(10, 10, 40)).fraction, 0.0);
        assert_eq!(ink(&Gray::new(0, 0, Vec::new())).spread, 0);
    }
}
