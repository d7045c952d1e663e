//! The local paper level of a page, tile by tile: the background ink is measured against.

use super::gray::Gray;
use super::levels::quantile;

/// Side of the paper-map tiles when the caller has no map: about 8 mm at 150 dpi, small
/// enough to follow a shadow's gradient, large enough to hold paper between lines.
pub const INK_TILE: usize = 48;

/// Below this p99 - p0.1 spread a page has no ink to speak of (a blank or nearly blank
/// page): a threshold between its ink and paper would only split paper noise.
pub const MIN_INK_SPREAD: u8 = 40;

/// The paper level (and median) of each tile of a page.
///
/// Measuring ink against the local paper instead of one page-wide threshold keeps a
/// shadow, a dark corner or a yellowed edge from reading as ink: a shaded page's paper
/// is still paper. Tiles are `round(w / tile)` x `round(h / tile)` near-square cells
/// covering the whole page; their statistics come from every second pixel of every
/// second row (a quarter of the pixels, ample for two percentiles of ~500 samples, and
/// four times faster).
#[derive(Debug, Clone, PartialEq)]
pub struct PaperMap {
    /// Page width.
    pub width: usize,
    /// Page height.
    pub height: usize,
    /// Tiles across.
    pub cols: usize,
    /// Tiles down.
    pub rows: usize,
    /// Per tile, row-major: the 95th percentile of luma, the paper level when the tile
    /// is at least 5% paper.
    pub paper: Vec<u8>,
    /// Per tile: the median luma.
    pub median: Vec<u8>,
    /// Histogram of the sampled pixels of the whole page.
    pub sampled: [u64; 256],
}

impl PaperMap {
    /// Measures `g` in tiles of about `tile` px (at least 1 px, at most the page).
    pub fn new(g: &Gray, tile: usize) -> PaperMap {
        let tile = tile.max(1);
        let cols = ((g.width as f64 / tile as f64).round() as usize).max(1);
        let rows = ((g.height as f64 / tile as f64).round() as usize).max(1);
        let mut map = PaperMap {
            width: g.width,
            height: g.height,
            cols,
            rows,
            paper: vec![0; cols * rows],
            median: vec![0; cols * rows],
            sampled: [0; 256],
        };
        if g.is_empty() {
            return map;
        }
        // Two histograms, alternate samples: runs of equal paper pixels would otherwise
        // make every increment wait for the previous one to the same counter.
        let mut hist: [[u32; 256]; 2];
        // u32 is plenty: a page of 2^32 sampled pixels would be 17 gigapixels.
        let mut page_hist = [0u32; 256];
        for ty in 0..rows {
            let (y0, y1) = map.y_span(ty);
            for tx in 0..cols {
                let (x0, x1) = map.x_span(tx);
                hist = [[0; 256]; 2];
                let mut n = 0u64;
                // Every second pixel of every second row; a one-pixel tile keeps its pixel.
                for y in (y0..y1).step_by(2) {
                    let row = &g.row(y)[x0..x1];
                    let mut pairs = row.chunks_exact(4);
                    for p in &mut pairs {
                        hist[0][usize::from(p[0])] += 1;
                        hist[1][usize::from(p[2])] += 1;
                    }
                    for &v in pairs.remainder().iter().step_by(2) {
                        hist[0][usize::from(v)] += 1;
                    }
                    n += row.len().div_ceil(2) as u64;
                }
                let [h0, h1] = &hist;
                for ((page, &a), &b) in page_hist.iter_mut().zip(h0).zip(h1) {
                    *page += a + b;
                }
                // Nearest-rank quantiles as `levels::quantile`, scanning down from white:
                // on paper both sit within a few levels of the top.
                let from_top = |q: f64| {
                    let below =
                        n.saturating_sub(1) - (q * n.saturating_sub(1) as f64).round() as u64;
                    let mut seen = 0u64;
                    for v in (0..256).rev() {
                        seen += u64::from(h0[v]) + u64::from(h1[v]);
                        if seen > below {
                            return Some(v as u8);
                        }
                    }
                    None
                };
                let (paper, median) = (from_top(0.95), from_top(0.5));
                map.paper[ty * cols + tx] = paper.unwrap_or(0);
                map.median[ty * cols + tx] = median.unwrap_or(0);
            }
        }
        for (s, &c) in map.sampled.iter_mut().zip(&page_hist) {
            *s = u64::from(c);
        }
        map
    }

    /// Columns `[x0, x1)` of tile column `tx`.
    pub fn x_span(&self, tx: usize) -> (usize, usize) {
        (
            tx * self.width / self.cols,
            (tx + 1) * self.width / self.cols,
        )
    }

    /// Rows `[y0, y1)` of tile row `ty`.
    pub fn y_span(&self, ty: usize) -> (usize, usize) {
        (
            ty * self.height / self.rows,
            (ty + 1) * self.height / self.rows,
        )
    }

    /// Tile column holding page column `x`.
    pub fn col_of(&self, x: usize) -> usize {
        // The inverse of `x_span`: the last tile whose start is <= x.
        (((x + 1) * self.cols).saturating_sub(1) / self.width.max(1)).min(self.cols - 1)
    }

    /// Tile row holding page row `y`.
    pub fn row_of(&self, y: usize) -> usize {
        (((y + 1) * self.rows).saturating_sub(1) / self.height.max(1)).min(self.rows - 1)
    }

    /// The 99th percentile of the sampled page: its paper level.
    pub fn page_paper(&self) -> u8 {
        quantile(&self.sampled, 0.99)
    }

    /// Whether tile `i` is mostly paper: its median within `16 + p95 / 16` levels of
    /// its p95 (about 32 on white paper), so at least half of it is paper.
    pub fn is_paper(&self, i: usize) -> bool {
        let (paper, median) = (self.paper[i], self.median[i]);
        paper - median.min(paper) <= 16 + paper / 16
    }

    /// The paper level at the middle of tile `i`: its median when the tile is mostly
    /// paper, else its p95.
    ///
    /// Under a steep shadow the p95 is the paper at the tile's bright side; the median is
    /// the paper at its centre, which halves the error at the dark side.
    pub fn background(&self, i: usize) -> u8 {
        if self.is_paper(i) {
            self.median[i]
        } else {
            self.paper[i]
        }
    }

    /// Per tile, the luma below which a pixel is ink: `share` of the tile's
    /// [`background`](Self::background).
    pub fn ink_thresholds(&self, share: f64) -> Vec<u8> {
        (0..self.paper.len())
            .map(|i| {
                (f64::from(self.background(i)) * share)
                    .round()
                    .clamp(0.0, 255.0) as u8
            })
            .collect()
    }

    /// Expands per-tile `values` to one per pixel along the page's tile row `ty`.
    pub fn expand_row(&self, values: &[u8], ty: usize, out: &mut [u8]) {
        for tx in 0..self.cols {
            let (x0, x1) = self.x_span(tx);
            out[x0..x1].fill(values[ty * self.cols + tx]);
        }
    }
}

/// How many of `values` are below their `limits` (pairwise): a loop the compiler turns
/// into byte compares, 16 or 32 at a time.
pub fn count_below(values: &[u8], limits: &[u8]) -> usize {
    // u8 partial sums over chunks of 255 cannot overflow.
    values
        .chunks(255)
        .zip(limits.chunks(255))
        .map(|(v, l)| v.iter().zip(l).map(|(&a, &b)| u8::from(a < b)).sum::<u8>() as usize)
        .sum()
}

/// The share of the local paper level below which a pixel is ink: halfway between the
/// ink's share of the paper (`ink / paper`, page-wide) and 1. With ink at 20 and paper
/// at 245 that is 0.54: a pixel is ink below 54% of its tile's paper, so multiplicative
/// shading (what a shadow does) leaves the classification unchanged.
pub fn ink_share(ink: u8, paper: u8) -> f64 {
    if paper == 0 {
        return 0.0;
    }
    (1.0 + f64::from(ink.min(paper)) / f64::from(paper)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, fill};
    use super::*;

    #[test]
    fn tiles_cover_the_page_and_invert() {
        let map = PaperMap::new(&blank(100, 70, 200), 32);
        assert_eq!((map.cols, map.rows), (3, 2));
        assert_eq!(map.x_span(0), (0, 33));
        assert_eq!(map.x_span(2), (66, 100));
        for x in 0..100 {
            let (x0, x1) = map.x_span(map.col_of(x));
            assert!(x0 <= x && x < x1, "{x}");
        }
        for y in 0..70 {
            let (y0, y1) = map.y_span(map.row_of(y));
            assert!(y0 <= y && y < y1, "{y}");
        }
    }

    #[test]
    fn paper_level_ignores_text_but_follows_shading() {
        let mut g = blank(128, 64, 240);
        // Text-like ink over a third of the left tile, the right half shaded to 120.
        for y in (0..64).step_by(6) {
            fill(&mut g, 0, y, 64, y + 2, 10);
        }
        fill(&mut g, 64, 0, 128, 64, 120);
        let map = PaperMap::new(&g, 64);
        assert_eq!(map.paper, vec![240, 120]);
        assert_eq!(map.page_paper(), 240);
        assert_eq!(map.ink_thresholds(0.5), vec![120, 60]);
        assert!(map.is_paper(0) && map.is_paper(1));
    }

    #[test]
    fn expanded_rows_and_counts() {
        let map = PaperMap::new(&blank(100, 70, 200), 32);
        let mut row = vec![0u8; 100];
        map.expand_row(&[1, 2, 3, 4, 5, 6], 1, &mut row);
        assert_eq!((row[0], row[32], row[33], row[99]), (4, 4, 5, 6));
        let values: Vec<u8> = (0..1000u32).map(|i| (i % 256) as u8).collect();
        assert_eq!(count_below(&values, &vec![100; 1000]), 400);
    }

    #[test]
    fn empty_page_has_one_dark_tile() {
        let map = PaperMap::new(&Gray::new(0, 0, Vec::new()), 32);
        assert_eq!((map.cols, map.rows, map.paper[0]), (1, 1, 0));
        assert_eq!(ink_share(20, 0), 0.0);
        assert!((ink_share(20, 240) - 0.541_666).abs() < 1e-5);
    }
}
