//! The RGB image the photo measures work on: orientation and area downscale.

use super::gray::{AreaResampler, Gray};

/// An 8-bit RGB image, row-major, three bytes a pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgb {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height * 3` bytes.
    pub data: Vec<u8>,
}

impl Rgb {
    /// Wraps `data` as a `width` x `height` image (panics on a length mismatch: a caller bug).
    pub fn new(width: usize, height: usize, data: Vec<u8>) -> Rgb {
        assert_eq!(
            width.checked_mul(height).and_then(|n| n.checked_mul(3)),
            Some(data.len()),
            "Rgb::new: {width}x{height} needs three bytes a pixel"
        );
        Rgb {
            width,
            height,
            data,
        }
    }

    /// A gray image stored as RGB.
    pub fn from_gray(g: &Gray) -> Rgb {
        let data = g.data.iter().flat_map(|&v| [v, v, v]).collect();
        Rgb::new(g.width, g.height, data)
    }

    /// The pixel at column `x`, row `y`.
    pub fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }

    /// ITU-R BT.601 luma.
    pub fn luma(&self) -> Gray {
        let data = self.data.chunks_exact(3).map(luma_of).collect();
        Gray::new(self.width, self.height, data)
    }

    /// Area-average downscale by `factor` (see [`resample_area`]), channel by channel.
    pub fn resample_area(&self, factor: f64) -> Rgb {
        let mut resampler = RgbResampler::new(self.width, self.height, factor);
        for row in self.data.chunks_exact(self.width * 3) {
            resampler.push(row);
        }
        resampler.finish()
    }

    /// The image as displayed under EXIF `orientation` (1..=8; anything else is 1).
    pub fn oriented(self, orientation: u16) -> Rgb {
        if !(2..=8).contains(&orientation) {
            return self;
        }
        let (w, h) = oriented_size(orientation, self.width, self.height);
        let mut data = Vec::with_capacity(self.data.len());
        for y in 0..h {
            for x in 0..w {
                let (sx, sy) = source_of(orientation, self.width, self.height, x, y);
                data.extend_from_slice(&self.at(sx, sy));
            }
        }
        Rgb::new(w, h, data)
    }
}

/// [`Rgb::resample_area`] fed one interleaved RGB row at a time, top to bottom.
pub struct RgbResampler {
    planes: [AreaResampler; 3],
    plane_row: Vec<u8>,
}

impl RgbResampler {
    /// A resampler of a `width` x `height` RGB source by `factor`.
    pub fn new(width: usize, height: usize, factor: f64) -> RgbResampler {
        RgbResampler {
            planes: std::array::from_fn(|_| AreaResampler::new(width, height, factor)),
            plane_row: Vec::with_capacity(width),
        }
    }

    /// Adds the next source row, three bytes a pixel.
    pub fn push(&mut self, row: &[u8]) {
        for (c, plane) in self.planes.iter_mut().enumerate() {
            self.plane_row.clear();
            self.plane_row
                .extend(row.iter().skip(c).step_by(3).copied());
            plane.push(&self.plane_row);
        }
    }

    /// The resampled image.
    pub fn finish(self) -> Rgb {
        let planes = self.planes.map(AreaResampler::finish);
        let (w, h) = (planes[0].width, planes[0].height);
        let mut data = Vec::with_capacity(w * h * 3);
        for i in 0..w * h {
            data.extend(planes.iter().map(|p| p.data[i]));
        }
        Rgb::new(w, h, data)
    }
}

/// BT.601 luma of one RGB pixel, in integers.
pub fn luma_of(p: &[u8]) -> u8 {
    ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
}

/// Size as displayed of a `w` x `h` stored image under EXIF `orientation`.
pub fn oriented_size(orientation: u16, w: usize, h: usize) -> (usize, usize) {
    if (5..=8).contains(&orientation) {
        (h, w)
    } else {
        (w, h)
    }
}

/// The stored pixel shown at displayed (`x`, `y`) of a `w` x `h` stored image.
pub fn source_of(orientation: u16, w: usize, h: usize, x: usize, y: usize) -> (usize, usize) {
    match orientation {
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        8 => (w - 1 - y, x),
        _ => (x, y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_six_shows_a_sideways_photo_upright() {
        // Stored 2 x 1 (red, blue); displayed 1 x 2 turned clockwise: red on top.
        let img = Rgb::new(2, 1, vec![255, 0, 0, 0, 0, 255]);
        let o = img.clone().oriented(6);
        assert_eq!((o.width, o.height), (1, 2));
        assert_eq!(o.at(0, 0), [255, 0, 0]);
        let o = img.oriented(8);
        assert_eq!(o.at(0, 0), [0, 0, 255]);
    }

    #[test]
    fn every_orientation_is_a_permutation() {
        let img = Rgb::new(3, 2, (0..18).collect());
        for o in 1..=8 {
            let t = img.clone().oriented(o);
            let mut px: Vec<u8> = t.data.chunks(3).map(|p| p[0]).collect();
            px.sort_unstable();
            assert_eq!(px, vec![0, 3, 6, 9, 12, 15], "orientation {o}");
        }
    }

    #[test]
    fn downscale_keeps_colour() {
        let img = Rgb::new(4, 4, [200u8, 30, 40].repeat(16));
        let s = img.resample_area(0.5);
        assert_eq!((s.width, s.height), (2, 2));
        assert_eq!(s.at(1, 1), [200, 30, 40]);
        assert_eq!(s.luma().at(0, 0), luma_of(&[200, 30, 40]));
    }
}
