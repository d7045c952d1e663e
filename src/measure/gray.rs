//! The 8-bit luma image every pixel measure works on, and the area-average downscale.

/// An 8-bit luma image, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` luma values, row after row, 0 = black.
    pub data: Vec<u8>,
}

impl Gray {
    /// Wraps `data` as a `width` x `height` image.
    ///
    /// Panics when `data.len() != width * height`: that is a bug in the caller, never a
    /// property of a file.
    pub fn new(width: usize, height: usize, data: Vec<u8>) -> Gray {
        assert_eq!(
            width.checked_mul(height),
            Some(data.len()),
            "Gray::new: {width}x{height} needs {} bytes, got {}",
            width.saturating_mul(height),
            data.len()
        );
        Gray {
            width,
            height,
            data,
        }
    }

    /// The luma at column `x`, row `y` (panics out of bounds, like slice indexing).
    pub fn at(&self, x: usize, y: usize) -> u8 {
        assert!(
            x < self.width && y < self.height,
            "Gray::at({x}, {y}) out of bounds"
        );
        self.data[y * self.width + x]
    }

    /// Row `y` as a slice.
    pub fn row(&self, y: usize) -> &[u8] {
        &self.data[y * self.width..(y + 1) * self.width]
    }

    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the image has no pixel at all.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// Area-average downscale by a factor in (0, 1]; factor 1 returns a copy. Output size = round(w*f) x round(h*f), at least 1x1;
/// for an integer reduction (1/2, 1/4) floor(w*f) x floor(h*f), a plain box average.
///
/// Every output pixel is the mean of the source area it covers, partial pixels weighted
/// by their overlap: the resampling that keeps a page's blur and ink density the same
/// at any scan resolution. A factor above 1 (or NaN) returns a copy: upscaling adds no
/// information to measure. An empty image stays empty.
pub fn resample_area(src: &Gray, factor: f64) -> Gray {
    if src.is_empty() || factor.is_nan() || factor >= 1.0 {
        return src.clone();
    }
    let mut resampler = AreaResampler::new(src.width, src.height, factor);
    for y in 0..src.height {
        resampler.push(src.row(y));
    }
    resampler.finish()
}

/// [`resample_area`] fed one source row at a time, top to bottom, so a source too big to
/// hold (a 100 MP scan) is never held whole: only the rows an output row still needs are.
pub struct AreaResampler {
    src_width: usize,
    out_width: usize,
    out_height: usize,
    seen: usize,
    data: Vec<u8>,
    mode: Mode,
}

enum Mode {
    /// No reduction: the rows are kept as they come.
    Copy,
    /// An integer factor `k`: column totals of the current band of `k` rows.
    Box { k: usize, columns: Vec<u16> },
    /// Any other factor: per open output row, its weighted column mix so far.
    Weighted {
        xs: AreaWeights,
        ys: AreaWeights,
        next_open: usize,
        open: std::collections::VecDeque<(usize, Vec<f32>)>,
    },
}

impl AreaResampler {
    /// A resampler of a `width` x `height` source by `factor` (see [`resample_area`]).
    pub fn new(width: usize, height: usize, factor: f64) -> AreaResampler {
        let copy = AreaResampler {
            src_width: width,
            out_width: width,
            out_height: height,
            seen: 0,
            data: Vec::new(),
            mode: Mode::Copy,
        };
        if width == 0 || height == 0 || factor.is_nan() || factor >= 1.0 {
            return copy;
        }
        let scaled = |n: usize| ((n as f64 * factor).round() as usize).clamp(1, n);
        let (out_w, out_h) = (scaled(width), scaled(height));
        if out_w == width && out_h == height {
            return copy;
        }
        // 300 -> 150 dpi, 600 -> 150 dpi: an integer factor is a plain box average, in
        // integers, several times faster than the weighted path.
        let k = (1.0 / factor).round() as usize;
        // An odd last row or column (2481 px at 300 dpi) is dropped: a third of a millimetre.
        if (2..=257).contains(&k)
            && ((1.0 / factor) - k as f64).abs() < 1e-9
            && width >= k
            && height >= k
        {
            return AreaResampler {
                out_width: width / k,
                out_height: height / k,
                data: Vec::with_capacity((width / k) * (height / k)),
                mode: Mode::Box {
                    k,
                    columns: vec![0; (width / k) * k],
                },
                ..copy
            };
        }
        AreaResampler {
            out_width: out_w,
            out_height: out_h,
            data: Vec::with_capacity(out_w * out_h),
            mode: Mode::Weighted {
                xs: AreaWeights::new(width, out_w),
                ys: AreaWeights::new(height, out_h),
                next_open: 0,
                open: std::collections::VecDeque::new(),
            },
            ..copy
        }
    }

    /// Adds the next source row (`width` samples; extra rows past the height are ignored).
    pub fn push(&mut self, row: &[u8]) {
        let y = self.seen;
        self.seen += 1;
        let row = &row[..self.src_width.min(row.len())];
        let out_w = self.out_width;
        match &mut self.mode {
            Mode::Copy => {
                if y < self.out_height {
                    self.data.extend_from_slice(row);
                    self.data.resize((y + 1) * out_w, 0);
                }
            }
            Mode::Box { k, columns } => {
                let k = *k;
                if y >= self.out_height * k {
                    return;
                }
                // A column total is at most k * 255: u16 holds it for any k up to 257.
                for (c, &v) in columns.iter_mut().zip(row) {
                    *c += u16::from(v);
                }
                if (y + 1).is_multiple_of(k) {
                    // `k` rows are added column by column (a straight loop that
                    // vectorises), then each output pixel sums `k` column totals.
                    let area = (k * k) as u32;
                    self.data.extend(columns.chunks_exact(k).map(|block| {
                        let sum: u32 = block.iter().map(|&c| u32::from(c)).sum();
                        ((sum + area / 2) / area) as u8
                    }));
                    columns.fill(0);
                }
            }
            Mode::Weighted {
                xs,
                ys,
                next_open,
                open,
            } => {
                while *next_open < self.out_height && ys.of(*next_open).0 <= y {
                    open.push_back((*next_open, vec![0f32; self.src_width]));
                    *next_open += 1;
                }
                // Vertical pass first, a whole row at a time (the inner loop runs along
                // the row, which vectorises), then the horizontal pass on output rows.
                for (oy, mix) in open.iter_mut() {
                    let (start, weights) = ys.of(*oy);
                    if let Some(&wy) = y.checked_sub(start).and_then(|i| weights.get(i)) {
                        for (m, &v) in mix.iter_mut().zip(row) {
                            *m += f32::from(v) * wy;
                        }
                    }
                }
                while let Some((oy, _)) = open.front() {
                    let (start, weights) = ys.of(*oy);
                    if start + weights.len() > y + 1 {
                        break;
                    }
                    let Some((_, mix)) = open.pop_front() else {
                        break;
                    };
                    self.data.extend((0..out_w).map(|ox| {
                        let (start, weights) = xs.of(ox);
                        let v: f32 = mix[start..start + weights.len()]
                            .iter()
                            .zip(weights)
                            .map(|(&m, &wx)| m * wx)
                            .sum();
                        (v + 0.5).clamp(0.0, 255.0) as u8
                    }));
                }
            }
        }
    }

    /// The resampled image; rows never pushed are black.
    pub fn finish(mut self) -> Gray {
        self.data.resize(self.out_width * self.out_height, 0);
        Gray::new(self.out_width, self.out_height, self.data)
    }
}

/// For each output index along one axis: the first source index it covers and the
/// weights (summing to 1) of the source indices from there.
struct AreaWeights {
    starts: Vec<usize>,
    spans: Vec<(usize, usize)>,
    weights: Vec<f32>,
}

impl AreaWeights {
    fn new(src_len: usize, dst_len: usize) -> AreaWeights {
        let scale = src_len as f64 / dst_len as f64;
        let mut starts = Vec::with_capacity(dst_len);
        let mut spans = Vec::with_capacity(dst_len);
        let mut weights = Vec::new();
        for o in 0..dst_len {
            let (a, b) = (o as f64 * scale, (o + 1) as f64 * scale);
            let first = (a.floor() as usize).min(src_len - 1);
            let last = ((b.ceil() as usize).max(first + 1)).min(src_len);
            let from = weights.len();
            for i in first..last {
                let overlap = (b.min((i + 1) as f64) - a.max(i as f64)).max(0.0);
                weights.push((overlap / scale) as f32);
            }
            starts.push(first);
            spans.push((from, weights.len()));
        }
        AreaWeights {
            starts,
            spans,
            weights,
        }
    }

    fn of(&self, o: usize) -> (usize, &[f32]) {
        let (from, to) = self.spans[o];
        (self.starts[o], &self.weights[from..to])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_reads_row_major() {
        let g = Gray::new(3, 2, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(g.at(2, 0), 2);
        assert_eq!(g.at(0, 1), 3);
        assert_eq!(g.row(1), &[3, 4, 5]);
    }

    #[test]
    #[should_panic]
    fn new_rejects_wrong_length() {
        Gray::new(3, 2, vec![0; 5]);
    }

    #[test]
    fn factor_one_is_a_copy() {
        let g = Gray::new(3, 2, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(resample_area(&g, 1.0), g);
        assert_eq!(resample_area(&g, 2.0), g);
        assert_eq!(resample_area(&g, f64::NAN), g);
    }

    #[test]
    fn half_averages_two_by_two_blocks() {
        let g = Gray::new(4, 2, vec![0, 100, 200, 200, 100, 0, 50, 50]);
        let r = resample_area(&g, 0.5);
        assert_eq!((r.width, r.height), (2, 1));
        assert_eq!(r.data, vec![50, 125]);
    }

    #[test]
    fn odd_factor_keeps_the_mean() {
        let data: Vec<u8> = (0..300 * 200).map(|i| ((i * 7919) % 256) as u8).collect();
        let g = Gray::new(300, 200, data);
        let r = resample_area(&g, 150.0 / 200.0);
        assert_eq!((r.width, r.height), (225, 150));
        let mean = |g: &Gray| g.data.iter().map(|&v| f64::from(v)).sum::<f64>() / g.len() as f64;
        assert!(
            (mean(&g) - mean(&r)).abs() < 0.6,
            "{} vs {}",
            mean(&g),
            mean(&r)
        );
    }

    #[test]
    fn tiny_factor_gives_at_least_one_pixel() {
        let g = Gray::new(4, 2, vec![10, 20, 30, 40, 50, 60, 70, 80]);
        let r = resample_area(&g, 0.01);
        assert_eq!((r.width, r.height, r.data[0]), (1, 1, 45));
        let empty = Gray::new(0, 0, Vec::new());
        assert!(resample_area(&empty, 0.5).is_empty());
    }
}

#[cfg(test)]
mod box_tests {
    use super::*;

    #[test]
    fn integer_factors_match_the_weighted_path() {
        // A 7 x 5 ramp, halved: the box path and the area weights must agree.
        let data: Vec<u8> = (0..35).map(|i| (i * 7) as u8).collect();
        let g = Gray::new(6, 4, data[..24].to_vec());
        let fast = resample_area(&g, 0.5);
        assert_eq!((fast.width, fast.height), (3, 2));
        // Block (0,0) = mean of 0, 7, 42, 49.
        assert_eq!(fast.at(0, 0), 25);
        // Odd sizes drop the last partial column and row.
        let odd = Gray::new(7, 5, data.clone());
        let halved = resample_area(&odd, 0.5);
        assert_eq!((halved.width, halved.height), (3, 2));
        // Rows are 7 wide here: mean of 0, 7, 49, 56.
        assert_eq!(halved.at(0, 0), 28);
        // A non-integer factor keeps the weighted path and rounds the size.
        let third = resample_area(&odd, 0.6);
        assert_eq!((third.width, third.height), (4, 3));
    }

    /// Every pixel of the box path is the rounded mean of its block, for the factors
    /// scans meet (300, 400, 600, 1200 dpi to 150) on bright and dark extremes.
    #[test]
    fn box_path_is_the_rounded_block_mean() {
        for k in [2usize, 3, 4, 8] {
            let (w, h) = (k * 5 + 1, k * 3 + 1);
            let data: Vec<u8> = (0..w * h)
                .map(|i| {
                    if i % 7 == 0 {
                        255
                    } else {
                        (i * 37 % 251) as u8
                    }
                })
                .collect();
            let g = Gray::new(w, h, data);
            let out = resample_area(&g, 1.0 / k as f64);
            assert_eq!((out.width, out.height), (5, 3));
            for oy in 0..3 {
                for ox in 0..5 {
                    let mut sum = 0u32;
                    for y in oy * k..oy * k + k {
                        for x in ox * k..ox * k + k {
                            sum += u32::from(g.at(x, y));
                        }
                    }
                    let area = (k * k) as u32;
                    assert_eq!(u32::from(out.at(ox, oy)), (sum + area / 2) / area, "k {k}");
                }
            }
        }
    }
}
