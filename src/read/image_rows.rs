//! PNG and TIFF pixels handed over one row at a time, as 8-bit samples: a 16-bit
//! 100 MP PNG is 800 MB decoded, and no measure or build step needs it whole.

use super::budget::{self, Share};
use super::limits::MAX_PIXELS;
use crate::pack::sniff::FileType;
use std::io::Cursor;

/// What each row holds: `channels` 8-bit samples a pixel, Gray, Gray+alpha, RGB or RGBA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (the number of rows).
    pub height: u32,
    /// Samples a pixel: 1 (gray), 2 (gray, alpha), 3 (RGB) or 4 (RGBA).
    pub channels: usize,
    /// Channels the file stores (a palette is 1; CMYK TIFF is 4), as measures report it.
    pub stored_channels: u8,
}

impl Layout {
    /// Whether the samples are colour (RGB) rather than gray.
    pub fn colour(&self) -> bool {
        self.channels >= 3
    }

    /// Whether the last sample of each pixel is alpha.
    pub fn alpha(&self) -> bool {
        self.channels.is_multiple_of(2)
    }

    /// Bytes in one row.
    pub fn row_bytes(&self) -> usize {
        self.width as usize * self.channels
    }
}

/// An open image, read a row at a time with [`Rows::next_row`].
pub struct Rows<'a> {
    layout: Layout,
    source: Source<'a>,
    y: u32,
    row: Vec<u8>,
    /// Set once the end of the image data has been checked.
    finished: bool,
    _share: Share,
}

enum Source<'a> {
    /// A non-interlaced PNG, decoded as it is read; `wide` when its samples are 16-bit.
    Png {
        reader: Box<png::Reader<Cursor<&'a [u8]>>>,
        wide: bool,
    },
    /// Every row already decoded (a TIFF, an interlaced PNG), held under the run's budget.
    Whole(Vec<u8>),
}

/// The pixel size in the file's header, refused past the pixel cap.
pub fn dimensions(bytes: &[u8], kind: FileType) -> Result<(u32, u32), String> {
    let (w, h) = match kind {
        FileType::Png => {
            let reader = png_reader(bytes)?;
            reader.info().size()
        }
        _ => image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Tiff)
            .into_dimensions()
            .map_err(|e| format!("image header: {e}"))?,
    };
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "a {w} x {h} px image is over the {} MP limit",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok((w, h))
}

fn png_reader(bytes: &[u8]) -> Result<png::Reader<Cursor<&[u8]>>, String> {
    // The row buffers and one decoded frame (for an interlaced file) must fit.
    let limits = png::Limits {
        bytes: (MAX_PIXELS * 4) as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    // Palettes and low bit depths become 8-bit samples, tRNS an alpha channel; 16-bit
    // samples stay 16-bit here and are rounded to 8 below, as the `image` crate does.
    decoder.set_transformations(png::Transformations::EXPAND);
    decoder
        .read_info()
        .map_err(|e| format!("image header: {e}"))
}

impl<'a> Rows<'a> {
    /// Opens a PNG or TIFF held in memory.
    pub fn open(bytes: &'a [u8], kind: FileType) -> Result<Rows<'a>, String> {
        let (w, h) = dimensions(bytes, kind)?;
        if kind == FileType::Png {
            let reader = png_reader(bytes)?;
            let stored = reader.info().color_type.samples() as u8;
            let (colour, depth) = reader.output_color_type();
            let layout = Layout {
                width: w,
                height: h,
                channels: colour.samples(),
                stored_channels: stored,
            };
            let wide = depth == png::BitDepth::Sixteen;
            if !reader.info().interlaced {
                return Ok(Rows {
                    layout,
                    source: Source::Png {
                        reader: Box::new(reader),
                        wide,
                    },
                    y: 0,
                    row: Vec::with_capacity(layout.row_bytes()),
                    finished: false,
                    _share: budget::reserve(0),
                });
            }
            // Adam7 hands rows over pass by pass: the frame is decoded whole.
            let per_sample = if wide { 2 } else { 1 };
            let share = budget::reserve(layout.row_bytes() as u64 * u64::from(h) * per_sample);
            let mut reader = reader;
            let size = reader
                .output_buffer_size()
                .ok_or("image data: the image is too large")?;
            let mut frame = vec![0; size];
            reader
                .next_frame(&mut frame)
                .map_err(|e| format!("image data: {e}"))?;
            if wide {
                frame = frame.chunks_exact(2).map(narrow).collect();
            }
            return Ok(Rows::whole(layout, frame, share));
        }
        // The TIFF decoder has no row interface; the decoded image counts against the
        // run's budget at its own sample width.
        let share = budget::reserve(u64::from(w) * u64::from(h) * 8);
        let img = super::image_file::decode_dynamic(bytes, kind)?;
        let stored = img.color().channel_count().min(4);
        let (channels, samples) = match img {
            image::DynamicImage::ImageLuma8(i) => (1, i.into_raw()),
            image::DynamicImage::ImageLumaA8(i) => (2, i.into_raw()),
            image::DynamicImage::ImageRgb8(i) => (3, i.into_raw()),
            image::DynamicImage::ImageRgba8(i) => (4, i.into_raw()),
            other => match (other.color().has_color(), other.color().has_alpha()) {
                (false, false) => (1, other.into_luma8().into_raw()),
                (false, true) => (2, other.into_luma_alpha8().into_raw()),
                (true, false) => (3, other.into_rgb8().into_raw()),
                (true, true) => (4, other.into_rgba8().into_raw()),
            },
        };
        let layout = Layout {
            width: w,
            height: h,
            channels,
            stored_channels: stored,
        };
        Ok(Rows::whole(layout, samples, share))
    }

    fn whole(layout: Layout, samples: Vec<u8>, share: Share) -> Rows<'a> {
        Rows {
            layout,
            source: Source::Whole(samples),
            y: 0,
            row: Vec::new(),
            finished: true,
            _share: share,
        }
    }

    /// What every row holds.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The next row, top to bottom; `None` after the last. A damaged row is an error.
    pub fn next_row(&mut self) -> Result<Option<&[u8]>, String> {
        if self.y >= self.layout.height {
            // Past the last row the PNG decoder reads the rest of the image data, as a
            // whole-image decode does: a file cut inside its final deflate block is an
            // error, not an image whose rows happened to be complete.
            if let Source::Png { reader, .. } = &mut self.source
                && !self.finished
            {
                self.finished = true;
                reader.next_row().map_err(|e| format!("image data: {e}"))?;
            }
            return Ok(None);
        }
        let y = self.y as usize;
        self.y += 1;
        let n = self.layout.row_bytes();
        match &mut self.source {
            Source::Whole(samples) => Ok(samples.get(y * n..(y + 1) * n)),
            Source::Png { reader, wide } => {
                let row = reader
                    .next_row()
                    .map_err(|e| format!("image data: {e}"))?
                    .ok_or("image data: the image ends early")?;
                self.row.clear();
                if *wide {
                    self.row.extend(row.data().chunks_exact(2).map(narrow));
                } else {
                    self.row.extend_from_slice(row.data());
                }
                self.row.resize(n, 0);
                Ok(Some(&self.row))
            }
        }
    }
}

/// A big-endian 16-bit sample rounded to 8 bits, as `image` converts it.
fn narrow(be: &[u8]) -> u8 {
    ((u32::from(u16::from_be_bytes([be[0], be[1]])) + 128) / 257) as u8
}

/// Luma of one row of samples (alpha ignored), by the `image` crate's own conversion, so a
/// streamed image measures exactly as a decoded one did.
pub fn luma_row(layout: Layout, row: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let c = layout.channels;
    if !layout.colour() {
        out.extend(row.iter().step_by(c));
        return;
    }
    let w = layout.width;
    let img = match c {
        3 => image::RgbImage::from_raw(w, 1, row.to_vec()).map(image::DynamicImage::ImageRgb8),
        _ => image::RgbaImage::from_raw(w, 1, row.to_vec()).map(image::DynamicImage::ImageRgba8),
    };
    if let Some(img) = img {
        out.extend_from_slice(img.into_luma8().as_raw());
    }
}

/// RGB of one row (alpha dropped, gray repeated), as `to_rgb8` gives it.
pub fn rgb_row(layout: Layout, row: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let c = layout.channels;
    for p in row.chunks_exact(c) {
        if layout.colour() {
            out.extend_from_slice(&p[..3]);
        } else {
            out.extend_from_slice(&[p[0]; 3]);
        }
    }
}

/// RGB of one row with transparency laid over white paper, as a print shows it.
pub fn rgb_over_white_row(layout: Layout, row: &[u8], out: &mut Vec<u8>) {
    if !layout.alpha() {
        return rgb_row(layout, row, out);
    }
    out.clear();
    let c = layout.channels;
    for p in row.chunks_exact(c) {
        let a = u32::from(p[c - 1]);
        let over = |v: u8| ((u32::from(v) * a + 255 * (255 - a) + 127) / 255) as u8;
        if layout.colour() {
            out.extend_from_slice(&[over(p[0]), over(p[1]), over(p[2])]);
        } else {
            out.extend_from_slice(&[over(p[0]); 3]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, colour: png::ColorType, depth: png::BitDepth, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(colour);
        enc.set_depth(depth);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(data).unwrap();
        writer.finish().unwrap();
        out
    }

    fn all_rows(bytes: &[u8], kind: FileType) -> (Layout, Vec<u8>) {
        let mut rows = Rows::open(bytes, kind).unwrap();
        let layout = rows.layout();
        let mut all = Vec::new();
        while let Some(row) = rows.next_row().unwrap() {
            all.extend_from_slice(row);
        }
        (layout, all)
    }

    #[test]
    fn sixteen_bit_rows_match_the_image_crate() {
        let data: Vec<u8> = (0..2 * 2 * 8u32).map(|i| (i * 37 % 256) as u8).collect();
        let bytes = png(2, 2, png::ColorType::Rgba, png::BitDepth::Sixteen, &data);
        let (layout, rows) = all_rows(&bytes, FileType::Png);
        assert_eq!((layout.channels, layout.stored_channels), (4, 4));
        let expected = image::load_from_memory(&bytes)
            .unwrap()
            .into_rgba8()
            .into_raw();
        assert_eq!(rows, expected);
    }

    #[test]
    fn palettes_and_transparency_expand() {
        let mut bytes = Vec::new();
        let mut enc = png::Encoder::new(&mut bytes, 3, 1);
        enc.set_color(png::ColorType::Indexed);
        enc.set_palette(vec![255, 0, 0, 0, 0, 255]);
        enc.set_trns(vec![255, 0]);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 1, 0]).unwrap();
        w.finish().unwrap();
        let (layout, rows) = all_rows(&bytes, FileType::Png);
        assert_eq!((layout.channels, layout.stored_channels), (4, 1));
        let expected = image::load_from_memory(&bytes)
            .unwrap()
            .into_rgba8()
            .into_raw();
        assert_eq!(rows, expected);
        let mut out = Vec::new();
        rgb_over_white_row(layout, &rows, &mut out);
        assert_eq!(out, [255, 0, 0, 255, 255, 255, 255, 0, 0]);
    }

    #[test]
    fn luma_is_the_image_crates() {
        let data: Vec<u8> = (0..4 * 4 * 3u32).map(|i| (i * 53 % 256) as u8).collect();
        let bytes = png(4, 4, png::ColorType::Rgb, png::BitDepth::Eight, &data);
        let (layout, rows) = all_rows(&bytes, FileType::Png);
        let (mut luma, mut one) = (Vec::new(), Vec::new());
        for row in rows.chunks_exact(layout.row_bytes()) {
            luma_row(layout, row, &mut one);
            luma.extend_from_slice(&one);
        }
        let expected = image::load_from_memory(&bytes)
            .unwrap()
            .into_luma8()
            .into_raw();
        assert_eq!(luma, expected);
    }

    #[test]
    fn a_truncated_png_is_an_error_not_a_short_image() {
        let data = vec![7u8; 64 * 64];
        let bytes = png(
            64,
            64,
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            &data,
        );
        let cut = &bytes[..bytes.len() - 30];
        let mut rows = Rows::open(cut, FileType::Png).unwrap();
        let mut result = Ok(());
        while let Some(r) = rows.next_row().transpose() {
            if let Err(e) = r {
                result = Err(e);
                break;
            }
        }
        assert!(result.is_err());
    }
}
