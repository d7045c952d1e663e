//! Content running into the edge of a scan: ink in the outer strips against the page.

use super::gray::Gray;
use super::levels::{Levels, histogram, levels_of_histogram};
use super::paper::{INK_TILE, MIN_INK_SPREAD, PaperMap, count_below, ink_share};

/// A line of a strip (parallel to its edge) that is more than this share ink is a
/// scanner artefact — the dark edge of the platen, a frame line, the shadow of the lid
/// — not content, and is left out of the strip's density.
const BORDER_LINE: f64 = 0.6;

/// Ink near the edges of a page, relative to the page as a whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edges {
    /// The largest of the four sides' `strip density / page density`.
    pub max_ratio: f64,
    /// The side it comes from: `left`, `right`, `top`, `bottom`; `none` when no side
    /// has ink.
    pub side: &'static str,
    /// Share of the page's pixels that are ink.
    pub page_ink: f64,
    /// Ratio per side: left, right, top, bottom.
    pub ratios: [f64; 4],
    /// The strip's width as shares of the page's width and height.
    pub strip: (f64, f64),
}

impl Edges {
    /// The strip of the side with the most ink, in fractions of the page
    /// (`[left, top, right, bottom]`); `None` when no side has ink.
    pub fn region(&self) -> Option<[f64; 4]> {
        let (sx, sy) = self.strip;
        match self.side {
            "left" => Some([0.0, 0.0, sx, 1.0]),
            "right" => Some([1.0 - sx, 0.0, 1.0, 1.0]),
            "top" => Some([0.0, 0.0, 1.0, sy]),
            "bottom" => Some([0.0, 1.0 - sy, 1.0, 1.0]),
            _ => None,
        }
    }
}

/// Ink density in the outer strip of `strip` px on each side, divided by the page's ink density; "ink" = pixels darker than a threshold derived from levels (document it; e.g. below the midpoint between p1 and p99). Return per side and the max.
///
/// Ink is measured against the local paper ([`PaperMap`], tiles of [`INK_TILE`] px): a
/// pixel is ink below [`ink_share`]`(p0.1, p99)` of its tile's paper level, that is
/// halfway between paper and the page's darkest ink, relative to the paper around it.
/// So a shadow or a dark scanner border is not ink; only marks on the paper are. A
/// page whose spread p99 - p0.1 is under 40 has no ink and all ratios 0.
///
/// Lines of a strip (columns of the left and right strips, rows of the top and bottom
/// ones) that are more than 60% ink are left out, and so are their pixels in the
/// crossing strips: a thin dark frame or platen edge along the border is not content
/// cut off. A centred page of text has ratio 0; text running off one side 1 or more
/// (the strip is all text, while the page's density includes its margins).
/// `strip` is clamped to a quarter of the smaller side.
pub fn edge_ink(g: &Gray, strip: usize) -> Edges {
    let hist = histogram(g);
    edge_ink_with(
        g,
        strip,
        &PaperMap::new(g, INK_TILE),
        &levels_of_histogram(&hist),
    )
}

/// [`edge_ink`] with the page's paper map and levels already measured.
pub fn edge_ink_with(g: &Gray, strip: usize, map: &PaperMap, l: &Levels) -> Edges {
    let none = Edges {
        max_ratio: 0.0,
        side: "none",
        page_ink: 0.0,
        ratios: [0.0; 4],
        strip: (0.0, 0.0),
    };
    if g.is_empty() || l.p99.saturating_sub(l.p0_1) < MIN_INK_SPREAD {
        return none;
    }
    let (w, h) = (g.width, g.height);
    let thresholds = map.ink_thresholds(ink_share(l.p0_1, l.p99));
    let ink_at = |x: usize, y: usize| {
        g.data[y * w + x] < thresholds[map.row_of(y) * map.cols + map.col_of(x)]
    };
    let strip = strip.clamp(1, (w.min(h) / 4).max(1));
    // The lines of each strip, outermost first: columns x of the left and right strips,
    // rows y of the top and bottom ones.
    let cols: Vec<usize> = (0..strip).chain((0..strip).map(|k| w - 1 - k)).collect();
    let rows: Vec<usize> = (0..strip).chain((0..strip).map(|k| h - 1 - k)).collect();

    // One pass, row by row (columns of a large page are a cache miss per pixel): ink per
    // row, and per column of the side strips.
    let mut row_ink = vec![0usize; h];
    let mut col_ink = vec![0usize; cols.len()];
    let mut limits = vec![0u8; w];
    for (y, ink) in row_ink.iter_mut().enumerate() {
        if y == 0 || map.row_of(y) != map.row_of(y - 1) {
            map.expand_row(&thresholds, map.row_of(y), &mut limits);
        }
        let row = g.row(y);
        *ink = count_below(row, &limits);
        for (count, &x) in col_ink.iter_mut().zip(&cols) {
            *count += usize::from(row[x] < limits[x]);
        }
    }
    let page_count: usize = row_ink.iter().sum();
    if page_count == 0 {
        return none;
    }
    let page_ink = page_count as f64 / g.len() as f64;

    let border = |count: usize, len: usize| count as f64 > BORDER_LINE * len as f64;
    let border_cols: Vec<usize> = (0..cols.len()).filter(|&k| border(col_ink[k], h)).collect();
    let border_rows: Vec<usize> = (0..rows.len())
        .filter(|&k| border(row_ink[rows[k]], w))
        .collect();
    // Take the other strips' border lines out where they cross (a frame's corner is no
    // more content than its sides).
    for (k, count) in col_ink.iter_mut().enumerate() {
        *count = count.saturating_sub(
            border_rows
                .iter()
                .filter(|&&r| ink_at(cols[k], rows[r]))
                .count(),
        );
    }
    let mut strip_row_ink: Vec<usize> = rows.iter().map(|&y| row_ink[y]).collect();
    for (k, count) in strip_row_ink.iter_mut().enumerate() {
        *count = count.saturating_sub(
            border_cols
                .iter()
                .filter(|&&c| ink_at(cols[c], rows[k]))
                .count(),
        );
    }
    // (On a page 1 px wide or high both strips are the same line: hence the saturation.)
    let rows_kept = h - border_rows.len().min(h);
    let cols_kept = w - border_cols.len().min(w);
    let density = |counts: &[usize], borders: &[usize], offset: usize, len: usize| {
        let kept: Vec<usize> = (offset..offset + strip)
            .filter(|k| !borders.contains(k))
            .collect();
        let ink: usize = kept.iter().map(|&k| counts[k]).sum();
        ink as f64 / (kept.len() * len).max(1) as f64
    };
    let ratios = [
        density(&col_ink, &border_cols, 0, rows_kept) / page_ink,
        density(&col_ink, &border_cols, strip, rows_kept) / page_ink,
        density(&strip_row_ink, &border_rows, 0, cols_kept) / page_ink,
        density(&strip_row_ink, &border_rows, strip, cols_kept) / page_ink,
    ];
    let names = ["left", "right", "top", "bottom"];
    let (best, &max_ratio) = ratios
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap_or((0, &0.0));
    Edges {
        max_ratio,
        side: if max_ratio > 0.0 { names[best] } else { "none" },
        page_ink,
        ratios,
        strip: (strip as f64 / w as f64, strip as f64 / h as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, fill, noise, text_block};
    use super::*;

    #[test]
    fn centred_text_has_clean_edges() {
        let mut g = blank(620, 880, 245);
        text_block(&mut g, 1, (80, 80, 540, 800));
        noise(&mut g, 5, 2);
        let e = edge_ink(&g, 18);
        assert!(e.max_ratio < 0.05, "{e:?}");
        assert!(e.page_ink > 0.02, "{e:?}");
    }

    #[test]
    fn text_off_the_left_edge_is_cropped() {
        let mut g = blank(620, 880, 245);
        // The block starts 40 px left of the page: every line runs off the edge.
        let mut wide = blank(700, 880, 245);
        text_block(&mut wide, 1, (40, 80, 640, 800));
        for y in 0..880 {
            g.data[y * 620..(y + 1) * 620].copy_from_slice(&wide.row(y)[80..700]);
        }
        noise(&mut g, 5, 2);
        let e = edge_ink(&g, 18);
        assert_eq!(e.side, "left");
        assert!(e.max_ratio > 0.5, "{e:?}");
    }

    #[test]
    fn scanner_border_line_is_not_content() {
        let mut g = blank(620, 880, 245);
        text_block(&mut g, 1, (80, 80, 540, 800));
        // A 3-px black edge on the left, as a platen edge leaves it.
        fill(&mut g, 0, 0, 3, 880, 20);
        let e = edge_ink(&g, 18);
        assert!(e.max_ratio < 0.05, "{e:?}");
    }

    #[test]
    fn shadow_is_not_ink() {
        // A dark gradient over the left half, down to 12% of the paper at the edge (what
        // a book's gutter or a lifted lid does): paper in the dark is still paper.
        let mut g = blank(620, 880, 245);
        text_block(&mut g, 1, (80, 80, 540, 800));
        for y in 0..880 {
            for x in 0..310 {
                let f = 0.12 + 0.88 * x as f64 / 310.0;
                let v = &mut g.data[y * 620 + x];
                *v = (f64::from(*v) * f).round() as u8;
            }
        }
        noise(&mut g, 3, 4);
        let e = edge_ink(&g, 18);
        assert!(e.max_ratio < 0.1, "{e:?}");
    }

    #[test]
    fn blank_page_has_no_ink() {
        let mut g = blank(300, 300, 240);
        noise(&mut g, 8, 9);
        let e = edge_ink(&g, 18);
        assert_eq!((e.max_ratio, e.side, e.page_ink), (0.0, "none", 0.0));
    }
}
