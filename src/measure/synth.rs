//! Synthetic pages for the measures' unit tests: text-like glyphs, blur, rotation, noise.

use super::gray::Gray;

/// A small deterministic generator (xorshift), so tests never depend on a crate's RNG.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `lo..hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo) as u64) as usize
    }
}

/// A white page.
pub fn blank(width: usize, height: usize, paper: u8) -> Gray {
    Gray::new(width, height, vec![paper; width * height])
}

/// Fills the rectangle `[x0, x1) x [y0, y1)` (clipped to the page).
pub fn fill(g: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize, v: u8) {
    for y in y0.min(g.height)..y1.min(g.height) {
        let w = g.width;
        g.data[y * w + x0.min(w)..y * w + x1.min(w)].fill(v);
    }
}

/// Black text-like lines on white, at `scale` x the 150 dpi geometry (`scale` 2 is the
/// same page at 300 dpi), in `[x0, x1) x [y0, y1)` given at 150 dpi.
///
/// A glyph is a few 2-px stems and bars in a 7-px x-height box, words are 2-6 glyphs,
/// lines are 24 px apart: roughly 10 pt type at 150 dpi.
pub fn text_block(g: &mut Gray, scale: usize, (x0, y0, x1, y1): (usize, usize, usize, usize)) {
    let mut rng = Rng::new(7);
    let s = scale;
    let mut y = y0;
    while y + 12 <= y1 {
        let mut x = x0;
        while x + 40 <= x1 {
            for _ in 0..rng.range(2, 7) {
                let gw = rng.range(4, 8);
                let tall = rng.range(0, 4) == 0;
                let top = if tall { y } else { y + 3 };
                // Stems.
                fill(g, s * x, s * top, s * (x + 2), s * (y + 10), 0);
                if rng.range(0, 2) == 0 {
                    fill(
                        g,
                        s * (x + gw - 2),
                        s * (y + 3),
                        s * (x + gw),
                        s * (y + 10),
                        0,
                    );
                }
                // Bars.
                match rng.range(0, 3) {
                    0 => fill(g, s * x, s * (y + 3), s * (x + gw), s * (y + 5), 0),
                    1 => fill(g, s * x, s * (y + 8), s * (x + gw), s * (y + 10), 0),
                    _ => fill(g, s * x, s * (y + 5), s * (x + gw), s * (y + 7), 0),
                }
                x += gw + 2;
            }
            x += 5;
        }
        y += 24;
    }
}

/// An A5-ish page at 150 dpi (`scale` 1) or 300 dpi (`scale` 2) with a centred text block.
pub fn text_page(scale: usize) -> Gray {
    let mut g = blank(480 * scale, 360 * scale, 255);
    text_block(&mut g, scale, (40, 40, 440, 320));
    g
}

/// Box blur of radius `r` (a `2r+1` square), edges clamped.
pub fn box_blur(g: &Gray, r: usize) -> Gray {
    let pass = |src: &[u8], w: usize, h: usize| -> Vec<u8> {
        // Blurs along rows; called on the transpose for columns.
        let mut out = vec![0u8; w * h];
        let n = (2 * r + 1) as u32;
        for y in 0..h {
            let row = &src[y * w..(y + 1) * w];
            let at = |i: isize| u32::from(row[i.clamp(0, w as isize - 1) as usize]);
            let mut sum: u32 = (-(r as isize)..=r as isize).map(at).sum();
            for x in 0..w {
                out[y * w + x] = ((sum + n / 2) / n) as u8;
                sum += at(x as isize + r as isize + 1);
                sum -= at(x as isize - r as isize);
            }
        }
        out
    };
    let rows = pass(&g.data, g.width, g.height);
    let t = transpose(&rows, g.width, g.height);
    let cols = pass(&t, g.height, g.width);
    Gray::new(g.width, g.height, transpose(&cols, g.height, g.width))
}

fn transpose(src: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            out[x * h + y] = src[y * w + x];
        }
    }
    out
}

/// Rotates clockwise by `degrees` about the centre (bilinear), filling with `paper`.
pub fn rotate(g: &Gray, degrees: f64, paper: u8) -> Gray {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (g.width as f64 / 2.0, g.height as f64 / 2.0);
    let mut data = vec![paper; g.len()];
    for y in 0..g.height {
        for x in 0..g.width {
            // Inverse mapping: rotate the output point anticlockwise into the source.
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let sx = cos * dx + sin * dy + cx;
            let sy = -sin * dx + cos * dy + cy;
            if sx < 0.0 || sy < 0.0 || sx >= (g.width - 1) as f64 || sy >= (g.height - 1) as f64 {
                continue;
            }
            let (ix, iy) = (sx as usize, sy as usize);
            let (fx, fy) = (sx - ix as f64, sy - iy as f64);
            let p = |x: usize, y: usize| f64::from(g.at(x, y));
            let v = p(ix, iy) * (1.0 - fx) * (1.0 - fy)
                + p(ix + 1, iy) * fx * (1.0 - fy)
                + p(ix, iy + 1) * (1.0 - fx) * fy
                + p(ix + 1, iy + 1) * fx * fy;
            data[y * g.width + x] = v.round() as u8;
        }
    }
    Gray::new(g.width, g.height, data)
}

/// Adds uniform noise of +-`amp` levels, as a scanner's sensor does.
pub fn noise(g: &mut Gray, amp: u8, seed: u64) {
    let mut rng = Rng::new(seed);
    let span = 2 * usize::from(amp) + 1;
    for v in &mut g.data {
        let d = rng.range(0, span) as i32 - i32::from(amp);
        *v = (i32::from(*v) + d).clamp(0, 255) as u8;
    }
}
