//! How blurred a page is, without a sharp reference: the Crete-Roffet blur effect.

use super::gray::Gray;

/// Width of the re-blurring box filter; scikit-image's default `h_size`.
const H_SIZE: usize = 11;

/// Crete-Roffet blur effect (F. Crete et al. 2007, "The blur effect: perception and estimation with a new no-reference perceptual blur metric"), 0 = sharp .. 1 = blurred; max of the horizontal and vertical values, as scikit-image's `blur_effect` does (h_size = 11). Compute it on the image as given (the caller supplies the 150 dpi analysis image).
///
/// The idea: blur the image again with an 11-px box; a sharp image loses much of its
/// gradient, an already blurred one loses little. Per axis, with Sobel gradients `S`
/// of the image and `B` of the re-blurred image, the value is
/// `1 - sum(max(0, S - B)) / sum(S)` over the interior (2 px in from the top/left,
/// 1 px from the bottom/right, as scikit-image slices it). Borders reflect as in
/// scipy's `mode="reflect"`. Computed in exact integers, so it matches scikit-image to
/// float rounding. The value depends on resolution: the 11-px box is 1.9 mm at 150 dpi,
/// which is why the caller resamples first.
///
/// Returns 0 for an image with no gradient at all (a blank page is not "blurred"; the
/// blank-page measure speaks for it) or smaller than 4x4.
pub fn blur_effect(g: &Gray) -> f64 {
    if g.width < 4 || g.height < 4 {
        return 0.0;
    }
    along_rows(g).max(along_columns(g))
}

/// Reach of the box's derivative beyond the pixel: rows/columns `+-(H_SIZE / 2 + 1)`.
const REACH: usize = H_SIZE / 2 + 1;

/// Blur effect of the horizontal gradient (scikit-image `axis=1`).
fn along_rows(g: &Gray) -> f64 {
    let (w, h) = (g.width, g.height);
    // One row of the Sobel cross-smoothing [1 2 1] down the column, reflect-padded by
    // REACH on each side for the box filter.
    let mut padded = vec![0i16; w + 2 * REACH];
    let mut sums = Sums::new(w - 3);
    for y in 2..h - 1 {
        let (up, mid, down) = (g.row(y - 1), g.row(y), g.row(y + 1));
        let smooth = &mut padded[REACH..REACH + w];
        for (((s, &a), &b), &c) in smooth.iter_mut().zip(up).zip(mid).zip(down) {
            *s = i16::from(a) + 2 * i16::from(b) + i16::from(c);
        }
        for k in 0..REACH {
            padded[REACH - 1 - k] = padded[REACH + reflect(-1 - k as isize, w)];
            padded[REACH + w + k] = padded[REACH + reflect((w + k) as isize, w)];
        }
        // For x in 2..w-1 (p = x + REACH): the sharp gradient p+1 - p-1, and the
        // re-blurred one: d/dx of the 11-px box sum, (x+5) + (x+6) in, (x-5) + (x-6) out.
        let n = w - 3;
        let at = |offset: isize| {
            let from = (REACH as isize + 2 + offset) as usize;
            &padded[from..from + n]
        };
        sums.add(at(1), at(-1), [at(6), at(5), at(-5), at(-6)]);
    }
    sums.effect()
}

/// Blur effect of the vertical gradient (scikit-image `axis=0`).
fn along_columns(g: &Gray) -> f64 {
    let (w, h) = (g.width, g.height);
    // The [1 2 1] cross-smoothing along each row, for the 13 rows around `y` that the
    // box and the derivative reach: a ring of 16 rows instead of a whole image.
    const RING: usize = 16;
    let n = w - 3;
    let mut ring = vec![0i16; RING * n];
    let mut held = [usize::MAX; RING];
    let mut sums = Sums::new(n);
    for y in 2..h - 1 {
        let yi = y as isize;
        let reach = REACH as isize;
        let rows = [
            y + 1,
            y - 1,
            reflect(yi + reach, h),
            reflect(yi + reach - 1, h),
            reflect(yi - reach + 1, h),
            reflect(yi - reach, h),
        ];
        for row in rows {
            let slot = row % RING;
            if held[slot] != row {
                // Columns 2..w-1 only: the interior scikit-image sums over.
                let src = g.row(row);
                let out = &mut ring[slot * n..(slot + 1) * n];
                for (((o, &a), &b), &c) in
                    out.iter_mut().zip(&src[1..]).zip(&src[2..]).zip(&src[3..])
                {
                    *o = i16::from(a) + 2 * i16::from(b) + i16::from(c);
                }
                held[slot] = row;
            }
        }
        let at = |k: usize| &ring[(rows[k] % RING) * n..(rows[k] % RING + 1) * n];
        sums.add(at(0), at(1), [at(2), at(3), at(4), at(5)]);
    }
    sums.effect()
}

/// Running sums of Crete et al.'s M1 (sharp gradient) and `H_SIZE` x M2 (gradient lost
/// to the re-blur), kept in integers.
///
/// Per pixel, `|next - prev| <= 1020`, 11 x that `<= 11220` and the box difference
/// `<= 2040` all fit 16-bit lanes, so lines are summed column by column in u16 (5
/// lines of the lost gradient stay below 2^16), then folded into u32 columns and
/// finally u64 totals. The per-pixel loop is then plain 16-bit arithmetic, which
/// baseline SSE2 runs 8 pixels at a time; widening every pixel to 32 bits cost 3x.
struct Sums {
    sharp16: Vec<u16>,
    lost16: Vec<u16>,
    lines16: usize,
    sharp32: Vec<u32>,
    lost32: Vec<u32>,
    lines32: usize,
    sharp: u64,
    lost: u64,
}

/// Lines summed in u16 before folding: 5 x 11220 < 2^16.
const LINES_U16: usize = 5;
/// Lines summed in u32 before folding: 300,000 x 11220 < 2^32.
const LINES_U32: usize = 300_000;

impl Sums {
    /// Sums for lines of `n` pixels.
    fn new(n: usize) -> Sums {
        Sums {
            sharp16: vec![0; n],
            lost16: vec![0; n],
            lines16: 0,
            sharp32: vec![0; n],
            lost32: vec![0; n],
            lines32: 0,
            sharp: 0,
            lost: 0,
        }
    }

    /// Adds one line: the sharp gradient is `next - prev`, the re-blurred one
    /// `box[0] + box[1] - box[2] - box[3]` (all slices of the `n` given to `new`).
    fn add(&mut self, next: &[i16], prev: &[i16], boxed: [&[i16]; 4]) {
        let n = self.sharp16.len();
        let [a, b, c, d] = boxed;
        let (next, prev, a, b, c, d) = (&next[..n], &prev[..n], &a[..n], &b[..n], &c[..n], &d[..n]);
        let (sharp16, lost16) = (&mut self.sharp16[..n], &mut self.lost16[..n]);
        for k in 0..n {
            let s = next[k].abs_diff(prev[k]);
            let blurred = (a[k] + b[k] - c[k] - d[k]).unsigned_abs();
            sharp16[k] += s;
            lost16[k] += (H_SIZE as u16 * s).saturating_sub(blurred);
        }
        self.lines16 += 1;
        if self.lines16 == LINES_U16 {
            self.fold16();
        }
    }

    fn fold16(&mut self) {
        for (wide, narrow) in [
            (&mut self.sharp32, &mut self.sharp16),
            (&mut self.lost32, &mut self.lost16),
        ] {
            for (w, n) in wide.iter_mut().zip(narrow.iter_mut()) {
                *w += u32::from(*n);
                *n = 0;
            }
        }
        self.lines32 += self.lines16;
        self.lines16 = 0;
        if self.lines32 >= LINES_U32 {
            self.fold32();
        }
    }

    fn fold32(&mut self) {
        self.sharp += self.sharp32.iter().map(|&v| u64::from(v)).sum::<u64>();
        self.lost += self.lost32.iter().map(|&v| u64::from(v)).sum::<u64>();
        self.sharp32.fill(0);
        self.lost32.fill(0);
        self.lines32 = 0;
    }

    fn effect(mut self) -> f64 {
        self.fold16();
        self.fold32();
        effect(self.sharp, self.lost)
    }
}

/// `(M1 - M2) / M1` of Crete et al., with `lost` = `H_SIZE` x M2 kept in integers.
fn effect(sharp: u64, lost: u64) -> f64 {
    if sharp == 0 {
        return 0.0;
    }
    let sharp = sharp as f64;
    ((sharp - lost as f64 / H_SIZE as f64) / sharp).clamp(0.0, 1.0)
}

/// scipy's `mode="reflect"` (half-sample symmetric: `d c b a | a b c d | d c b a`).
fn reflect(i: isize, n: usize) -> usize {
    let period = 2 * n as isize;
    let m = i.rem_euclid(period);
    if m < n as isize {
        m as usize
    } else {
        (period - 1 - m) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::super::gray::resample_area;
    use super::super::synth::{box_blur, text_page};
    use super::*;

    #[test]
    fn reflect_matches_scipy() {
        let got: Vec<usize> = (-4..8).map(|i| reflect(i, 4)).collect();
        assert_eq!(got, vec![3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0]);
        assert_eq!(reflect(-3, 1), 0);
    }

    #[test]
    fn blur_rises_with_blur_radius() {
        let sharp = text_page(1);
        let b0 = blur_effect(&sharp);
        let b1 = blur_effect(&box_blur(&sharp, 1));
        let b3 = blur_effect(&box_blur(&sharp, 3));
        assert!(b0 < 0.3, "sharp {b0}");
        assert!(b1 > b0 + 0.05, "{b0} -> {b1}");
        assert!(b3 > b1 + 0.1 && b3 > 0.4, "{b1} -> {b3}");
    }

    #[test]
    fn blur_is_scale_consistent_after_resampling() {
        for r in [1, 2, 3] {
            let at150 = blur_effect(&box_blur(&text_page(1), r));
            let at300 = box_blur(&text_page(2), 2 * r);
            let at300 = blur_effect(&resample_area(&at300, 0.5));
            assert!(
                (at150 - at300).abs() < 0.06,
                "radius {r}: {at150} vs {at300}"
            );
        }
    }

    #[test]
    fn matches_scikit_image() {
        // skimage.measure.blur_effect(img) with scikit-image 0.26, on this 12x9 pattern
        // (img = ((i*i*37 + i*11) % 251).reshape(9, 12) for i in 0..108).
        let data: Vec<u8> = (0..12 * 9u32)
            .map(|i| ((i * i * 37 + i * 11) % 251) as u8)
            .collect();
        let b = blur_effect(&Gray::new(12, 9, data));
        assert!((b - 0.14517234869185872).abs() < 1e-12, "{b}");
    }

    #[test]
    fn flat_and_tiny_images_read_as_zero() {
        assert_eq!(blur_effect(&Gray::new(50, 40, vec![200; 2000])), 0.0);
        assert_eq!(
            blur_effect(&Gray::new(3, 3, vec![0, 255, 0, 255, 0, 255, 0, 255, 0])),
            0.0
        );
        assert_eq!(blur_effect(&Gray::new(0, 0, Vec::new())), 0.0);
    }
}
