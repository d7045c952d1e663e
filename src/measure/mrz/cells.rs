//! Reading a proposed zone: each line resampled upright at a 16 px pitch (which undoes
//! rotation, skew and scale at once), cut into fixed-pitch cells, each cell's glyph
//! centred on its ink and scored against every template.

use super::glyphs::{self, FEATURES, WIN_H, WIN_W};
use super::locate::Proposal;
use crate::measure::Gray;

/// The normalised pitch (px) the templates were made at.
pub(super) const PITCH: f32 = 16.0;
/// Strip height: 2.5 pitches around the line's centre.
const STRIP_H: usize = 40;
/// Half-height of the band the vertical centroid looks in: a glyph is about 8.5 px
/// high each side of centre, and the next line's glyphs start 1.45 pitches away.
const BAND: f32 = 11.0;
/// Darkness above which a pixel counts for the centroid (the script uses the same).
const INK_CUT: f32 = 0.35;
/// OCR-B glyphs leave about 0.16 pitch of paper each side of their cell.
const SIDE_BEARING: f32 = 0.16;

/// What one orientation of a proposal reads as.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// Per line, per cell, the score of each character of [`glyphs::MRZ_ALPHABET`].
    pub scores: Vec<Vec<[f32; 37]>>,
    /// Zone corners in image pixels: top-left, top-right, bottom-right, bottom-left as read.
    pub corners: [(f32, f32); 4],
    /// Unit vector of the reading direction, in image pixels (y down).
    pub direction: (f32, f32),
    /// Pitch in image pixels.
    pub pitch: f32,
    /// Mean over cells of the best score.
    pub mean_best: f32,
}

type Pt = (f32, f32);

fn add(a: Pt, b: Pt) -> Pt {
    (a.0 + b.0, a.1 + b.1)
}
fn scale(a: Pt, k: f32) -> Pt {
    (a.0 * k, a.1 * k)
}
fn sub(a: Pt, b: Pt) -> Pt {
    (a.0 - b.0, a.1 - b.1)
}
fn norm(a: Pt) -> f32 {
    (a.0 * a.0 + a.1 * a.1).sqrt()
}

/// Cells scored when choosing between a zone and its 180-degree turn: every third is
/// plenty to tell upright OCR-B from upside-down, at a third of the cost.
const ORIENTATION_STEP: usize = 3;

/// At this pitch (px) or more in the detection image, strips are sampled from it rather
/// than from the full image: 1.5 template pitches already hold every detail the 16 px
/// templates compare, and a 12-megapixel photo costs 4 times fewer taps.
const DETECTION_PITCH_ENOUGH: f32 = 24.0;

/// Reads a proposal found in `det`, the image `k` times smaller than `gray`, upright
/// or turned 180 degrees, whichever looks more like OCR-B.
pub(super) fn read(gray: &Gray, det: &Gray, proposal: &Proposal, k: f32) -> Option<Reading> {
    let n = proposal.chars;
    // Line ends in image pixels, left to right in the detection frame.
    let mut ends: Vec<(Pt, Pt)> = proposal
        .lines
        .iter()
        .map(|l| {
            let (a, b) = l.ends();
            let to_image = |p: Pt| {
                let p = if proposal.transposed { (p.1, p.0) } else { p };
                scale(p, k)
            };
            (to_image(a), to_image(b))
        })
        .collect();
    let lengths: Vec<f32> = ends.iter().map(|(a, b)| norm(sub(*b, *a))).collect();
    let pitch =
        lengths.iter().sum::<f32>() / lengths.len() as f32 / (n as f32 - 2.0 * SIDE_BEARING);
    if !(pitch.is_finite() && pitch >= 4.0) {
        return None;
    }
    let mut dir = (0.0, 0.0);
    for (a, b) in &ends {
        dir = add(dir, sub(*b, *a));
    }
    let u = scale(dir, 1.0 / norm(dir));
    let normal = (-u.1, u.0);
    let along_normal = |p: Pt| p.0 * normal.0 + p.1 * normal.1;
    ends.sort_by(|x, y| along_normal(x.0).total_cmp(&along_normal(y.0)));

    let s = pitch / PITCH;
    // Sample from the detection image when it is sharp enough (coordinates / k).
    let (source, shrink) = if k > 1.0 && pitch / k >= DETECTION_PITCH_ENOUGH {
        (det, k)
    } else {
        (gray, 1.0)
    };
    let mut origins = Vec::with_capacity(ends.len());
    let mut strips = Vec::with_capacity(ends.len());
    for (a, b) in &ends {
        // Each line keeps its own direction (perspective tilts them a little apart).
        let lu = scale(sub(*b, *a), 1.0 / norm(sub(*b, *a)));
        let ln = (-lu.1, lu.0);
        let cell0 = sub(*a, scale(lu, SIDE_BEARING * pitch));
        origins.push(cell0);
        strips.push(Strip::sample(
            source,
            scale(cell0, 1.0 / shrink),
            lu,
            ln,
            s / shrink,
            n,
        ));
    }
    // The strip spans the same margin past both ends, so the zone turned 180 degrees
    // is the strips reversed, each turned: no second sampling.
    let turned: Vec<Strip> = strips.iter().rev().map(Strip::turned).collect();
    let look = |set: &[Strip], step: usize| {
        let lines: Vec<Vec<[f32; 37]>> = set.iter().map(|st| st.read_cells(n, step)).collect();
        let (mut sum, mut count) = (0.0, 0usize);
        for line in &lines {
            for cell in line.iter().step_by(step) {
                sum += cell.iter().copied().fold(f32::MIN, f32::max);
                count += 1;
            }
        }
        (lines, sum / count.max(1) as f32)
    };
    let upright = look(&strips, ORIENTATION_STEP).1 >= look(&turned, ORIENTATION_STEP).1;
    let (scores, mean_best) = look(if upright { &strips } else { &turned }, 1);

    let half = scale(normal, 0.75 * pitch);
    let width = scale(u, n as f32 * pitch);
    let (first, last) = (origins[0], origins[origins.len() - 1]);
    let corners = [
        sub(first, half),
        add(sub(first, half), width),
        add(add(last, half), width),
        add(last, half),
    ];
    Some(Reading {
        scores,
        corners: if upright {
            corners
        } else {
            [corners[2], corners[3], corners[0], corners[1]]
        },
        direction: if upright { u } else { scale(u, -1.0) },
        pitch,
        mean_best,
    })
}

/// One line resampled upright: `(n + 2) * 16` x 40 luma values, one pitch of margin each side.
struct Strip {
    w: usize,
    luma: Vec<f32>,
}

impl Strip {
    fn sample(gray: &Gray, cell0: Pt, u: Pt, nrm: Pt, s: f32, n: usize) -> Strip {
        let w = (n + 2) * PITCH as usize;
        let mut luma = vec![255f32; w * STRIP_H];
        // Area-average when shrinking: m x m bilinear taps per output pixel.
        let m = (s.ceil() as usize).clamp(1, 4);
        let origin = sub(cell0, scale(u, PITCH * s));
        let origin = sub(origin, scale(nrm, STRIP_H as f32 / 2.0 * s));
        for r in 0..STRIP_H {
            for i in 0..w {
                let mut acc = 0.0;
                for sy in 0..m {
                    for sx in 0..m {
                        let fx = i as f32 + (sx as f32 + 0.5) / m as f32;
                        let fy = r as f32 + (sy as f32 + 0.5) / m as f32;
                        let p = add(origin, add(scale(u, fx * s), scale(nrm, fy * s)));
                        acc += bilinear_gray(gray, p.0 - 0.5, p.1 - 0.5);
                    }
                }
                luma[r * w + i] = acc / (m * m) as f32;
            }
        }
        Strip { w, luma }
    }

    /// The strip turned 180 degrees.
    fn turned(&self) -> Strip {
        Strip {
            w: self.w,
            luma: self.luma.iter().rev().copied().collect(),
        }
    }

    /// Paper and ink levels around cell `c`: 80th and 3rd percentiles of the cell and
    /// half a cell each side, so uneven light along the line is followed.
    fn levels(&self, c: usize) -> (f32, f32) {
        let x0 = (c as f32 * PITCH + PITCH / 2.0) as usize;
        let x1 = (x0 + 2 * PITCH as usize).min(self.w);
        let mut hist = [0u32; 256];
        let mut total = 0u32;
        for r in 0..STRIP_H {
            for &v in &self.luma[r * self.w + x0..r * self.w + x1] {
                hist[v.clamp(0.0, 255.0) as usize] += 1;
                total += 1;
            }
        }
        let pct = |q: f32| {
            let target = (total as f32 * q) as u32;
            let mut seen = 0;
            for (v, &h) in hist.iter().enumerate() {
                seen += h;
                if seen > target {
                    return v as f32;
                }
            }
            255.0
        };
        (pct(0.8), pct(0.03))
    }

    fn darkness(&self, x: isize, y: isize, paper: f32, span: f32) -> f32 {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= STRIP_H {
            return 0.0;
        }
        ((paper - self.luma[y as usize * self.w + x as usize]) / span).clamp(0.0, 1.0)
    }

    /// The ink centroid near `cx` (strip px, continuous), within `half` px across and
    /// [`BAND`] up and down from the line's centre.
    fn centroid(&self, cx: f32, half: f32, paper: f32, span: f32) -> Option<Pt> {
        let mid = STRIP_H as f32 / 2.0;
        let (xa, xb) = ((cx - half).round() as isize, (cx + half).round() as isize);
        let (ya, yb) = ((mid - BAND) as isize, (mid + BAND) as isize);
        let (mut sw, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for y in ya..yb {
            for x in xa..xb {
                let d = self.darkness(x, y, paper, span);
                if d > INK_CUT {
                    sw += d;
                    sx += d * (x as f32 + 0.5);
                    sy += d * (y as f32 + 0.5);
                }
            }
        }
        (sw > 1.0).then(|| (sx / sw, sy / sw))
    }

    fn window(&self, c: Pt, paper: f32, span: f32) -> [f32; FEATURES] {
        let mut f = [0f32; FEATURES];
        for j in 0..WIN_H {
            for i in 0..WIN_W {
                let (x, y) = (
                    c.0 - WIN_W as f32 / 2.0 + i as f32,
                    c.1 - WIN_H as f32 / 2.0 + j as f32,
                );
                let (x0, y0) = (x.floor(), y.floor());
                let (fx, fy) = (x - x0, y - y0);
                let (x0, y0) = (x0 as isize, y0 as isize);
                let d = |xx, yy| self.darkness(xx, yy, paper, span);
                f[j * WIN_W + i] = (1.0 - fx) * (1.0 - fy) * d(x0, y0)
                    + fx * (1.0 - fy) * d(x0 + 1, y0)
                    + (1.0 - fx) * fy * d(x0, y0 + 1)
                    + fx * fy * d(x0 + 1, y0 + 1);
            }
        }
        f
    }

    /// Finds each cell's glyph centre by mean shift from its grid position, refits the
    /// grid through the centres (a pitch a little off drifts along 44 cells), then scores
    /// every `step`-th cell (the others score 0).
    fn read_cells(&self, n: usize, step: usize) -> Vec<[f32; 37]> {
        let levels: Vec<(f32, f32)> = (0..n)
            .map(|c| {
                let (paper, ink) = self.levels(c);
                (paper, (paper - ink).max(24.0))
            })
            .collect();
        let grid = |c: usize| (c as f32 + 1.5) * PITCH;
        // First pass: each glyph's centroid within half a pitch of its nominal cell.
        let first: Vec<Option<Pt>> = (0..n)
            .map(|c| {
                let (paper, span) = levels[c];
                self.centroid(grid(c), PITCH / 2.0, paper, span)
            })
            .collect();
        let fit = fit_grid(&first);
        (0..n)
            .map(|c| {
                let start = fit.map_or(grid(c), |(o, q)| o + q * c as f32);
                let (paper, span) = levels[c];
                // A glyph spans 0.35 pitch each side of its centre and its neighbours
                // start 0.65 pitch away: a window of 0.44 pitch each side of the fitted
                // centre holds the one and not the others, and the centroid may not
                // wander further than a glyph's own asymmetry (L, J, P) explains.
                let centre = self
                    .centroid(start, 0.44 * PITCH, paper, span)
                    .map_or((start, STRIP_H as f32 / 2.0), |(x, y)| {
                        (x.clamp(start - 3.5, start + 3.5), y)
                    });
                if c % step != 0 {
                    return [0.0; 37];
                }
                let mut f = self.window(centre, paper, span);
                match glyphs::normalise(&mut f) {
                    Some(()) => glyphs::scores(&f),
                    None => [0.0; 37],
                }
            })
            .collect()
    }
}

/// Least squares `x = o + q c` through the found centres, once more without those
/// more than 3 px off; None when too few cells had ink.
fn fit_grid(centres: &[Option<Pt>]) -> Option<(f32, f32)> {
    let fit = |keep: &dyn Fn(usize, f32) -> bool| {
        let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0f32, 0.0, 0.0, 0.0, 0.0);
        for (c, p) in centres.iter().enumerate() {
            let Some(p) = p else { continue };
            if !keep(c, p.0) {
                continue;
            }
            let x = c as f32;
            n += 1.0;
            sx += x;
            sy += p.0;
            sxx += x * x;
            sxy += x * p.0;
        }
        let den = n * sxx - sx * sx;
        if n < 6.0 || den.abs() < 1e-6 {
            return None;
        }
        let q = (n * sxy - sx * sy) / den;
        Some(((sy - q * sx) / n, q))
    };
    let (o, q) = fit(&|_, _| true)?;
    let refit = fit(&|c, x| (x - (o + q * c as f32)).abs() <= 3.0)?;
    // A pitch more than 6 % off the estimate is a wrong fit, not a better one.
    ((refit.1 / PITCH - 1.0).abs() < 0.06).then_some(refit)
}

fn bilinear_gray(g: &Gray, x: f32, y: f32) -> f32 {
    let (w, h) = (g.width as isize, g.height as isize);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as isize, y0 as isize);
    // Outside the image reads as paper: a zone cut by the edge reads as missing ink.
    let at = |xx: isize, yy: isize| {
        if xx < 0 || yy < 0 || xx >= w || yy >= h {
            255.0
        } else {
            f32::from(g.data[yy as usize * g.width + xx as usize])
        }
    };
    (1.0 - fx) * (1.0 - fy) * at(x0, y0)
        + fx * (1.0 - fy) * at(x0 + 1, y0)
        + (1.0 - fx) * fy * at(x0, y0 + 1)
        + fx * fy * at(x0 + 1, y0 + 1)
}
