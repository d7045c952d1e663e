//! Area-average downsampling of interleaved 8-bit pixels, any number of channels, any
//! factor, for any stretch of output rows: what re-encoding a scan at a lower resolution
//! needs, and what estimating its size from a sample of rows needs without resampling
//! the rest.
//!
//! An area average, not a sharpening filter: each output pixel is the mean of the source
//! area it covers, which keeps thin strokes of print as grey rather than dropping them.

use std::ops::Range;

/// One output index: its first source index and the weights of the sources it covers.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    first: usize,
    weights: Vec<f32>,
}

/// The spans of `n_out` outputs covering `n_src` sources evenly.
fn spans(n_src: usize, n_out: usize) -> Vec<Span> {
    let step = n_src as f64 / n_out as f64;
    (0..n_out)
        .map(|i| {
            let (a, b) = (i as f64 * step, ((i + 1) as f64 * step).min(n_src as f64));
            let first = a.floor() as usize;
            let last = (b.ceil() as usize).clamp(first + 1, n_src);
            let weights = (first..last)
                .map(|k| {
                    let overlap = (b.min(k as f64 + 1.0) - a.max(k as f64)).max(0.0);
                    (overlap / (b - a)) as f32
                })
                .collect();
            Span { first, weights }
        })
        .collect()
}

/// A downsampler of a `width` x `height` image of `channels` bytes a pixel to
/// `out_width` x `out_height`.
pub struct Area {
    width: usize,
    channels: usize,
    /// Each output column's first source column.
    firsts: Vec<usize>,
    /// Each output column's weights, [`Area::taps`] of them, zero-padded.
    weights: Vec<f32>,
    taps: usize,
    rows: Vec<Span>,
}

impl Area {
    /// The downsampler by `factor` (at most 1): sizes rounded, at least one pixel.
    pub fn new(width: usize, height: usize, channels: usize, factor: f64) -> Area {
        let scaled = |n: usize| ((n as f64 * factor.min(1.0)).round() as usize).clamp(1, n.max(1));
        let columns = spans(width, scaled(width));
        let taps = columns.iter().map(|s| s.weights.len()).max().unwrap_or(1);
        let mut weights = vec![0f32; columns.len() * taps];
        for (x, span) in columns.iter().enumerate() {
            weights[x * taps..x * taps + span.weights.len()].copy_from_slice(&span.weights);
        }
        Area {
            width,
            channels,
            firsts: columns.iter().map(|s| s.first).collect(),
            weights,
            taps,
            rows: spans(height, scaled(height)),
        }
    }

    /// The output's width.
    pub fn out_width(&self) -> usize {
        self.firsts.len()
    }

    /// The output's height.
    pub fn out_height(&self) -> usize {
        self.rows.len()
    }

    /// Output rows `rows` of `src`, top to bottom, interleaved like the source.
    pub fn rows(&self, src: &[u8], rows: Range<usize>) -> Vec<u8> {
        let ch = self.channels;
        let out_row = self.out_width() * ch;
        let mut out = Vec::with_capacity(rows.len() * out_row);
        let mut acc = vec![0f32; out_row];
        // Neighbouring output rows share source rows: the last few averaged across are kept.
        let mut cache: Vec<(usize, Vec<f32>)> = Vec::new();
        // A source row as floats, zero-padded so every output column reads `taps` pixels.
        let mut padded = vec![0f32; (self.width + self.taps) * ch];
        for y in rows {
            let Some(span) = self.rows.get(y) else {
                break;
            };
            acc.iter_mut().for_each(|v| *v = 0.0);
            for (k, wy) in span.weights.iter().enumerate() {
                let sy = span.first + k;
                let at = match cache.iter().position(|(r, _)| *r == sy) {
                    Some(i) => i,
                    None => {
                        let Some(row) = src.get(sy * self.width * ch..(sy + 1) * self.width * ch)
                        else {
                            continue;
                        };
                        for (p, &v) in padded.iter_mut().zip(row) {
                            *p = f32::from(v);
                        }
                        let mut line = if cache.len() >= 4 {
                            cache.remove(0).1
                        } else {
                            vec![0f32; out_row]
                        };
                        self.across(&padded, &mut line);
                        cache.push((sy, line));
                        cache.len() - 1
                    }
                };
                for (a, l) in acc.iter_mut().zip(&cache[at].1) {
                    *a += wy * l;
                }
            }
            out.extend(acc.iter().map(|v| (v + 0.5).clamp(0.0, 255.0) as u8));
        }
        out
    }

    /// The whole output.
    pub fn all(&self, src: &[u8]) -> Vec<u8> {
        self.rows(src, 0..self.out_height())
    }

    /// One padded source row averaged across into `line`.
    fn across(&self, row: &[f32], line: &mut [f32]) {
        match self.channels {
            1 => self.across_n::<1>(row, line),
            3 => self.across_n::<3>(row, line),
            4 => self.across_n::<4>(row, line),
            n => {
                for c in 0..n {
                    for (x, (&first, w)) in self
                        .firsts
                        .iter()
                        .zip(self.weights.chunks_exact(self.taps))
                        .enumerate()
                    {
                        line[x * n + c] = w
                            .iter()
                            .enumerate()
                            .map(|(k, wk)| wk * row[(first + k) * n + c])
                            .sum();
                    }
                }
            }
        }
    }

    /// [`Area::across`] for `CH` channels, known at compile time so the loops unroll.
    fn across_n<const CH: usize>(&self, row: &[f32], line: &mut [f32]) {
        let taps = self.taps;
        for ((&first, w), to) in self
            .firsts
            .iter()
            .zip(self.weights.chunks_exact(taps))
            .zip(line.chunks_exact_mut(CH))
        {
            let mut v = [0f32; CH];
            let from = &row[first * CH..(first + taps) * CH];
            for (px, &wk) in from.chunks_exact(CH).zip(w) {
                for c in 0..CH {
                    v[c] += wk * px[c];
                }
            }
            to.copy_from_slice(&v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_cover_each_output_once() {
        for (src, out) in [(3, 2), (2480, 1654), (10, 10), (7, 3)] {
            let s = spans(src, out);
            assert_eq!(s.len(), out);
            for span in &s {
                let sum: f32 = span.weights.iter().sum();
                assert!((sum - 1.0).abs() < 1e-4, "{src}->{out}: {sum}");
            }
            let total: f64 = s
                .iter()
                .flat_map(|s| s.weights.iter())
                .map(|&w| f64::from(w))
                .sum();
            assert!((total - out as f64).abs() < 1e-2);
        }
    }

    #[test]
    fn a_two_thirds_downsample_averages_the_area() {
        // 3 x 1 RGB: black, white, black -> 2 pixels, each a third black and half of
        // the white one.
        let src = [0, 0, 0, 255, 255, 255, 0, 0, 0];
        let a = Area::new(3, 1, 3, 2.0 / 3.0);
        assert_eq!((a.out_width(), a.out_height()), (2, 1));
        assert_eq!(a.all(&src), [85, 85, 85, 85, 85, 85]);
        // A flat image stays flat; a sampled stretch of rows is those rows of the whole.
        let flat = vec![200u8; 30 * 20];
        let a = Area::new(30, 20, 1, 0.5);
        assert!(a.all(&flat).iter().all(|&v| v == 200));
        let ramp: Vec<u8> = (0..30 * 20).map(|i| (i % 251) as u8).collect();
        let whole = a.all(&ramp);
        assert_eq!(a.rows(&ramp, 3..6), whole[3 * 15..6 * 15]);
    }
}
