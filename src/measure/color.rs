//! Whether an RGB image actually holds colour, or is grayscale stored as RGB.

/// Pixels whose chroma is at most this count as gray: JPEG chroma subsampling and
/// scanner colour noise leave a few levels on neutral paper and black ink.
pub const GRAY_CHROMA: u8 = 4;

/// An image whose 99th-percentile chroma is at most this holds no colour at all: JPEG
/// noise leaves a few levels on a gray image, a real face or stamp at least 20.
pub const NO_COLOUR_P99: u8 = 8;

/// Colour content of an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chroma {
    /// Mean chroma (`max(r,g,b) - min(r,g,b)`), 0..=255.
    pub mean: f64,
    /// 99th percentile of chroma (nearest rank).
    pub p99: u8,
    /// Share of pixels with chroma <= [`GRAY_CHROMA`].
    pub gray_fraction: f64,
}

/// Colour content of an interleaved RGB8 buffer: mean and p99 of chroma (max(r,g,b) - min(r,g,b)), and the fraction of pixels with chroma <= 4. A "grayscale stored as RGB" image has p99 chroma ~0.
///
/// A trailing partial pixel is ignored. An empty buffer reads as gray: mean 0, p99 0,
/// gray fraction 1.
pub fn chroma(rgb: &[u8]) -> Chroma {
    let mut count = ChromaCount::default();
    count.add(rgb);
    count.finish()
}

/// [`chroma`] counted a row at a time, for an image too big to hold whole.
#[derive(Debug, Clone)]
pub struct ChromaCount {
    hist: [u64; 256],
}

impl Default for ChromaCount {
    fn default() -> ChromaCount {
        ChromaCount { hist: [0; 256] }
    }
}

impl ChromaCount {
    /// Counts interleaved RGB pixels (a trailing partial pixel is ignored).
    pub fn add(&mut self, rgb: &[u8]) {
        for px in rgb.chunks_exact(3) {
            let (r, g, b) = (px[0], px[1], px[2]);
            let c = r.max(g).max(b) - r.min(g).min(b);
            self.hist[usize::from(c)] += 1;
        }
    }

    /// The chroma of every pixel counted.
    pub fn finish(&self) -> Chroma {
        let hist = &self.hist;
        let n: u64 = hist.iter().sum();
        if n == 0 {
            return Chroma {
                mean: 0.0,
                p99: 0,
                gray_fraction: 1.0,
            };
        }
        let total: u64 = hist.iter().enumerate().map(|(c, &k)| c as u64 * k).sum();
        let gray: u64 = hist[..=usize::from(GRAY_CHROMA)].iter().sum();
        Chroma {
            mean: total as f64 / n as f64,
            p99: super::levels::quantile(hist, 0.99),
            gray_fraction: gray as f64 / n as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gray_stored_as_rgb_has_no_chroma() {
        let rgb: Vec<u8> = (0..3000u32).map(|i| ((i / 3) % 256) as u8).collect();
        let c = chroma(&rgb);
        assert_eq!((c.mean, c.p99, c.gray_fraction), (0.0, 0, 1.0));
    }

    #[test]
    fn coloured_image_has_chroma() {
        // White paper with a red stamp and a blue signature over a fifth of it.
        let mut rgb = Vec::new();
        for i in 0..10_000 {
            let px: [u8; 3] = match i % 10 {
                0 => [200, 30, 40],
                1 => [20, 40, 160],
                _ => [246, 244, 243],
            };
            rgb.extend_from_slice(&px);
        }
        let c = chroma(&rgb);
        assert_eq!(c.p99, 170);
        assert!((c.gray_fraction - 0.8).abs() < 1e-12);
        assert!((c.mean - (170.0 + 140.0 + 8.0 * 3.0) / 10.0).abs() < 1e-9);
    }

    #[test]
    fn empty_and_partial_buffers() {
        assert_eq!(chroma(&[]).gray_fraction, 1.0);
        assert_eq!(chroma(&[255, 0]).p99, 0);
        assert_eq!(chroma(&[255, 0, 0, 9]).p99, 255);
    }
}
