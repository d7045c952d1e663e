//! Uneven lighting: how much darker the paper is in the worst part of the page.

use super::gray::Gray;
use super::paper::PaperMap;

/// A tile's paper must be at least this share of the page's paper level (p99) to count:
/// darker tiles are a dark object (a photo, a black border, a filled table header),
/// not shaded paper. Shading that deep still shows, through the tiles around it.
const MIN_BRIGHTNESS: f64 = 0.35;

/// Fewest paper-like tiles for a ratio worth reporting.
const MIN_TILES: usize = 8;

/// Uneven lighting measured on the paper of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shadow {
    /// p5 / p95 of the paper levels of the paper-like tiles: 1 = evenly lit.
    pub ratio: f64,
    /// Where the shading lies: `left`, `right`, `top`, `bottom`, `top-left`,
    /// `top-right`, `bottom-left`, `bottom-right`, `centre`, or `none` when no tile is
    /// darker than the rest.
    pub darkest: &'static str,
    /// Number of paper-like tiles the ratio comes from.
    pub tiles: usize,
    /// The box around the tiles whose paper is darker than halfway between the darkest
    /// and the brightest (p5 and p95), in fractions of the page: where the shadow lies.
    pub region: [f64; 4],
}

/// Uneven lighting: split into square tiles of `tile` px; for each tile take its p95 (the paper level if the tile holds paper); keep "paper-like" tiles (tile p95 reasonably bright relative to the page's p99 AND tile mostly uniform, i.e. not a photo/dense ink block — define and document your criterion); return (p5 of the kept tiles' paper levels) / (p95 of them). None when fewer than ~8 tiles qualify. Also return where the darkest region is (e.g. `side: "left"|"right"|"top"|"bottom"|"corner"|"centre"`) for the evidence.
///
/// Tiles: `round(w / tile)` x `round(h / tile)` near-square tiles covering the whole
/// page (so the outermost strip, where shadows fall, is never dropped), sampled as
/// [`PaperMap`] does.
///
/// A tile is paper-like when
/// - its p95 (paper level) is at least 35% of the page's p99: darker is an object, and
/// - its median is within `16 + p95 / 16` levels of its p95 (about 32 on white paper):
///   at least half of the tile is paper. Text at any usual density passes (ink covers
///   well under half of a tile), and so does a shading gradient across the tile; a
///   photo, a dense ink block or a patterned background does not.
///
/// The ratio uses p5 and p95 over the kept tiles, so a few odd tiles (a stamp, a
/// coloured logo) do not make a shadow; a shadow has to cover about 5% of the paper.
///
/// The darkest region is located by the centroid of the tiles' darkness (how far each
/// tile's paper is below the p95 of all), in page coordinates from -1 to 1: beyond 0.2
/// on one axis only names a side, on both (the smaller at least half the larger) a
/// corner, neither the centre.
pub fn shadow(g: &Gray, tile: usize) -> Option<Shadow> {
    if tile == 0 || g.is_empty() {
        return None;
    }
    shadow_of(&PaperMap::new(g, tile))
}

/// [`shadow`] from a page's tile map (its tiles are the shadow tiles).
pub fn shadow_of(map: &PaperMap) -> Option<Shadow> {
    let page_paper = f64::from(map.page_paper());
    let mut kept: Vec<(f64, (f64, f64))> = Vec::with_capacity(map.paper.len());
    let mut spans: Vec<[f64; 4]> = Vec::with_capacity(map.paper.len());
    for ty in 0..map.rows {
        let (y0, y1) = map.y_span(ty);
        for tx in 0..map.cols {
            let (x0, x1) = map.x_span(tx);
            let i = ty * map.cols + tx;
            let paper = map.paper[i];
            let bright = f64::from(paper) >= MIN_BRIGHTNESS * page_paper;
            if bright && map.is_paper(i) && x1 > x0 && y1 > y0 {
                let centre = (
                    (x0 + x1) as f64 / map.width as f64 - 1.0,
                    (y0 + y1) as f64 / map.height as f64 - 1.0,
                );
                kept.push((f64::from(paper), centre));
                let (w, h) = (map.width as f64, map.height as f64);
                spans.push([x0 as f64 / w, y0 as f64 / h, x1 as f64 / w, y1 as f64 / h]);
            }
        }
    }
    if kept.len() < MIN_TILES {
        return None;
    }
    let mut levels: Vec<f64> = kept.iter().map(|&(paper, _)| paper).collect();
    levels.sort_by(f64::total_cmp);
    let at = |q: f64| levels[(q * (levels.len() - 1) as f64).round() as usize];
    let (low, high) = (at(0.05), at(0.95));
    let ratio = if high > 0.0 { low / high } else { 1.0 };
    let halfway = (low + high) / 2.0;
    let region = kept
        .iter()
        .zip(&spans)
        .filter(|((paper, _), _)| *paper <= halfway)
        .map(|(_, s)| *s)
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
        .unwrap_or([0.0, 0.0, 1.0, 1.0]);
    let darkest = darkest_region(&kept, high);
    Some(Shadow {
        ratio,
        darkest,
        tiles: kept.len(),
        region: to_the_edge(region, darkest),
    })
}

/// The shaded region carried out to the edge it darkens towards: the darkest strip by
/// the edge is often too dark to count as paper (a book's spine, the lid's shadow), yet
/// it is the heart of the shadow.
fn to_the_edge([mut l, mut t, mut r, mut b]: [f64; 4], darkest: &str) -> [f64; 4] {
    if darkest.contains("left") {
        l = 0.0;
    }
    if darkest.contains("right") {
        r = 1.0;
    }
    if darkest.contains("top") {
        t = 0.0;
    }
    if darkest.contains("bottom") {
        b = 1.0;
    }
    [l, t, r, b]
}

/// Names the region where the tiles' paper is darker than `reference` (see [`shadow`]).
fn darkest_region(tiles: &[(f64, (f64, f64))], reference: f64) -> &'static str {
    let (mut sum, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for &(paper, (x, y)) in tiles {
        let weight = (reference - paper).max(0.0);
        sum += weight;
        cx += weight * x;
        cy += weight * y;
    }
    if sum <= 0.0 {
        return "none";
    }
    let (cx, cy) = (cx / sum, cy / sum);
    let (ax, ay) = (cx.abs(), cy.abs());
    const OFF_CENTRE: f64 = 0.2;
    if ax < OFF_CENTRE && ay < OFF_CENTRE {
        return "centre";
    }
    if ax >= OFF_CENTRE && ay >= OFF_CENTRE && ax.min(ay) >= 0.5 * ax.max(ay) {
        return match (cx < 0.0, cy < 0.0) {
            (true, true) => "top-left",
            (false, true) => "top-right",
            (true, false) => "bottom-left",
            (false, false) => "bottom-right",
        };
    }
    match (ax > ay, cx < 0.0, cy < 0.0) {
        (true, true, _) => "left",
        (true, false, _) => "right",
        (false, _, true) => "top",
        (false, _, false) => "bottom",
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{blank, fill, noise, text_block};
    use super::*;

    fn page() -> Gray {
        let mut g = blank(620, 880, 240);
        text_block(&mut g, 1, (60, 60, 560, 820));
        g
    }

    /// Darkens the left half towards the edge, down to `min` x the paper there.
    fn shade_left(g: &mut Gray, min: f64) {
        let half = g.width / 2;
        for y in 0..g.height {
            for x in 0..half {
                let f = min + (1.0 - min) * x as f64 / half as f64;
                let v = &mut g.data[y * g.width + x];
                *v = (f64::from(*v) * f).round() as u8;
            }
        }
    }

    #[test]
    fn evenly_lit_page_is_near_one() {
        let mut g = page();
        noise(&mut g, 6, 1);
        let s = shadow(&g, 32).expect("paper tiles");
        assert!(s.ratio > 0.95, "{s:?}");
        assert!(s.tiles > 300, "{s:?}");
    }

    #[test]
    fn left_gradient_is_a_left_shadow() {
        let mut g = page();
        shade_left(&mut g, 0.3);
        noise(&mut g, 6, 1);
        let s = shadow(&g, 32).expect("paper tiles");
        assert!(s.ratio < 0.8, "{s:?}");
        assert_eq!(s.darkest, "left");
        // The shaded half's outer part, from top to bottom, is the region.
        let [x0, y0, x1, y1] = s.region;
        assert!(x0 < 0.05 && x1 > 0.1 && x1 <= 0.5, "{s:?}");
        assert!(y0 < 0.05 && y1 > 0.95, "{s:?}");
    }

    #[test]
    fn dark_photo_block_is_not_a_shadow() {
        let mut g = page();
        // A passport photo: textured, mid-grey, a tenth of the page.
        for y in 100..300 {
            for x in 80..300 {
                g.data[y * g.width + x] = (60 + (x * 7 + y * 13) % 90) as u8;
            }
        }
        // And a solid black bar.
        fill(&mut g, 0, 840, 620, 880, 10);
        let s = shadow(&g, 32).expect("paper tiles");
        assert!(s.ratio > 0.9, "{s:?}");
    }

    #[test]
    fn dark_corner_is_named() {
        let mut g = page();
        for y in 0..300 {
            for x in 0..250 {
                let v = &mut g.data[y * 620 + x];
                *v = (f64::from(*v) * 0.6) as u8;
            }
        }
        let s = shadow(&g, 32).expect("paper tiles");
        assert!(s.ratio < 0.7, "{s:?}");
        assert_eq!(s.darkest, "top-left");
    }

    #[test]
    fn too_few_tiles_is_none() {
        assert!(shadow(&blank(64, 64, 250), 32).is_none());
        assert!(shadow(&blank(640, 640, 250), 0).is_none());
        assert!(shadow(&Gray::new(0, 0, Vec::new()), 32).is_none());
    }
}
