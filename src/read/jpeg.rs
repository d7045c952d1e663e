//! JPEG data (standalone files and DCTDecode streams) decoded at a reduced IDCT scale.

use super::limits::MAX_PIXELS;
use crate::measure::{Chroma, Gray, Rgb, chroma, estimate_quality, quant_tables};
use jpeg_decoder::{Decoder, PixelFormat};
use std::io::Cursor;

/// A JPEG decoded for measuring.
pub struct DecodedJpeg {
    /// Luma at the decoded scale.
    pub gray: Gray,
    /// Colour content, for colour JPEGs.
    pub chroma: Option<Chroma>,
    /// Components in the file (1, 3, 4).
    pub components: u8,
    /// Full pixel size.
    pub full: (u32, u32),
    /// Decoded width over full width.
    pub scale: f64,
    /// Estimated IJG quality.
    pub quality: Option<u8>,
    /// The colour pixels at the decoded scale, when decoded in colour.
    pub rgb: Option<Rgb>,
}

/// The pixel size and components from the header, without decoding.
pub fn header(data: &[u8]) -> Result<(u32, u32, u8), String> {
    let mut dec = Decoder::new(Cursor::new(data));
    dec.read_info()
        .map_err(|e| format!("the JPEG header is damaged: {e}"))?;
    let info = dec.info().ok_or("JPEG header: no frame")?;
    let comps = match info.pixel_format {
        PixelFormat::L8 | PixelFormat::L16 => 1,
        PixelFormat::RGB24 => 3,
        PixelFormat::CMYK32 => 4,
    };
    Ok((u32::from(info.width), u32::from(info.height), comps))
}

/// The header, once the size is under the pixel cap and the data runs to its end.
fn checked_header(data: &[u8]) -> Result<(u32, u32, u8), String> {
    let (w, h, components) = header(data)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "a {w} x {h} px JPEG is over the {} MP limit",
            MAX_PIXELS / 1_000_000
        ));
    }
    if !is_complete(data) {
        return Err("the JPEG data ends early: the file was cut short".into());
    }
    Ok((w, h, components))
}

/// Whether the JPEG runs to its end-of-image marker. Decoders fill a cut-off image with
/// gray rather than fail, so the segments are walked to the EOI that ends the main image
/// (an EXIF thumbnail's EOI sits inside its APP1 segment and is skipped with it).
pub fn is_complete(d: &[u8]) -> bool {
    if !d.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    while i + 1 < d.len() {
        if d[i] != 0xFF {
            // Entropy-coded data after a scan header: jump to the next 0xFF.
            match memchr::memchr(0xFF, &d[i..]) {
                Some(n) => i += n,
                None => return false,
            }
            continue;
        }
        let marker = d[i + 1];
        match marker {
            0xD9 => return true,
            // Fill bytes, stuffed zero, restart markers: inside entropy-coded data.
            0xFF => i += 1,
            0x00 | 0xD0..=0xD7 | 0x01 => i += 2,
            _ => {
                let Some(len) = d
                    .get(i + 2..i + 4)
                    .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
                else {
                    return false;
                };
                if len < 2 {
                    return false;
                }
                i += 2 + len;
            }
        }
    }
    false
}

/// Decodes a JPEG for measuring. Colour is decoded only when `colour` asks for it:
/// then at the smallest IDCT scale (1/8 .. 1) that keeps at least `want` of the full
/// size (jpeg-decoder); otherwise luma alone at full size (zune-jpeg, which skips colour
/// conversion and is the faster decoder), to be resampled by the caller.
pub fn decode(data: &[u8], want: f64, colour: bool) -> Result<DecodedJpeg, String> {
    let (w, h, components) = checked_header(data)?;
    if !colour && components != 4 {
        return decode_luma(data, (w, h), components);
    }
    let (pixels, format, sw, sh) = decode_scaled(data, (w, h), want)?;
    let n = sw * sh;
    // CMYK comes out of jpeg-decoder as ink (0 = none): it undoes the inversion Adobe
    // and Pillow store, as measured on Pillow's CMYK JPEGs.
    let mut rgb = None;
    let (luma, chroma_of) = match format {
        PixelFormat::L8 => (pixels, None),
        PixelFormat::L16 => (pixels.chunks_exact(2).map(|p| p[0]).collect(), None),
        PixelFormat::RGB24 => {
            let (luma, c) = luma_and_chroma(&pixels, sw);
            if pixels.len() >= n * 3 {
                rgb = Some(Rgb::new(sw, sh, pixels));
            }
            (luma, Some(c))
        }
        PixelFormat::CMYK32 => (
            pixels
                .chunks_exact(4)
                .map(|p| {
                    let k = 255 - u32::from(p[3]);
                    let avg = (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3;
                    ((255 - avg) * k / 255) as u8
                })
                .collect(),
            None,
        ),
    };
    if luma.len() < n {
        return Err("JPEG: fewer pixels than the header promises".into());
    }
    let mut luma = luma;
    luma.truncate(n);
    Ok(DecodedJpeg {
        gray: Gray::new(sw, sh, luma),
        chroma: chroma_of,
        components,
        full: (w, h),
        scale: sw as f64 / f64::from(w),
        quality: quant_tables(data)
            .and_then(|t| t.first().copied())
            .map(|t| estimate_quality(&t)),
        rgb,
    })
}

/// Decodes at the smallest IDCT scale (1/8 .. 1) that keeps at least `want` of the full
/// size: the pixels, their format and the decoded size.
fn decode_scaled(
    data: &[u8],
    (w, h): (u32, u32),
    want: f64,
) -> Result<(Vec<u8>, PixelFormat, usize, usize), String> {
    let mut dec = Decoder::new(Cursor::new(data));
    let want = want.clamp(0.125, 1.0);
    let (sw, sh) = if want < 1.0 {
        let rw = ((f64::from(w) * want).ceil() as u16).max(1);
        let rh = ((f64::from(h) * want).ceil() as u16).max(1);
        dec.scale(rw, rh).map_err(|e| format!("JPEG: {e}"))?
    } else {
        (w as u16, h as u16)
    };
    let pixels = dec.decode().map_err(|e| {
        let e = e.to_string();
        if e.contains("fill whole buffer") || e.contains("EOF") {
            format!("the JPEG data ends early: the file was cut short ({e})")
        } else {
            format!("the JPEG data is damaged: {e}")
        }
    })?;
    let info = dec.info().ok_or("JPEG: no frame after decoding")?;
    Ok((pixels, info.pixel_format, usize::from(sw), usize::from(sh)))
}

/// Decodes a JPEG to RGB at the smallest IDCT scale that keeps `want` of its size
/// (gray and CMYK JPEGs converted): the photo rules' image, and the full pixel size.
pub fn decode_rgb(data: &[u8], want: f64) -> Result<(Rgb, (u32, u32), u8), String> {
    let (w, h, components) = checked_header(data)?;
    let (pixels, format, sw, sh) = decode_scaled(data, (w, h), want)?;
    let n = sw * sh;
    let mut rgb: Vec<u8> = match format {
        PixelFormat::RGB24 => pixels,
        PixelFormat::L8 => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        PixelFormat::L16 => pixels.chunks_exact(2).flat_map(|p| [p[0]; 3]).collect(),
        PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - u32::from(p[3]);
                [0, 1, 2].map(|c| ((255 - u32::from(p[c])) * k / 255) as u8)
            })
            .collect(),
    };
    if rgb.len() < n * 3 {
        return Err("JPEG: fewer pixels than the header promises".into());
    }
    rgb.truncate(n * 3);
    Ok((Rgb::new(sw, sh, rgb), (w, h), components))
}

fn decode_luma(data: &[u8], full: (u32, u32), components: u8) -> Result<DecodedJpeg, String> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(full.0 as usize)
        .set_max_height(full.1 as usize);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    let pixels = dec.decode().map_err(|e| {
        let e = format!("{e:?}");
        if e.contains("EOF") || e.contains("Exhausted") || e.contains("No more bytes") {
            format!("the JPEG data ends early: the file was cut short ({e})")
        } else {
            format!("the JPEG data is damaged: {e}")
        }
    })?;
    let (w, h) = dec.dimensions().ok_or("JPEG: no frame after decoding")?;
    if pixels.len() < w * h {
        return Err("JPEG: fewer pixels than the header promises".into());
    }
    let mut pixels = pixels;
    pixels.truncate(w * h);
    Ok(DecodedJpeg {
        gray: Gray::new(w, h, pixels),
        chroma: None,
        components,
        full,
        scale: w as f64 / f64::from(full.0),
        quality: quant_tables(data)
            .and_then(|t| t.first().copied())
            .map(|t| estimate_quality(&t)),
        rgb: None,
    })
}

/// ITU-R BT.601 luma of interleaved RGB8.
pub fn rgb_to_luma(rgb: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgb.len() / 3);
    out.extend(rgb.chunks_exact(3).map(luma_of));
    out
}

fn luma_of(p: &[u8]) -> u8 {
    ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
}

/// Luma of every pixel and the colour content of every other pixel of every other row,
/// in one pass: a percentile over a million pixels is as good as over four, for a
/// quarter of the work.
pub fn luma_and_chroma(rgb: &[u8], width: usize) -> (Vec<u8>, Chroma) {
    let luma = rgb_to_luma(rgb);
    let row = width * 3;
    let mut sample = Vec::with_capacity(rgb.len() / 4 + 3);
    if row > 0 {
        for line in rgb.chunks_exact(row).step_by(2) {
            for px in line.chunks_exact(3).step_by(2) {
                sample.extend_from_slice(px);
            }
        }
    }
    (luma, chroma(&sample))
}

/// `pixels` (8-bit gray, or RGB) as a baseline JPEG at `quality`, chroma 4:2:0.
///
/// jpeg-encoder, not `image`'s encoder: it subsamples chroma (4:2:0, as scanners and
/// cameras do), which `image`'s does not; `image`'s at q 65 was larger than a scanner's
/// original at q 85. Its optimised Huffman tables stay off: zune-jpeg (what `image`
/// decodes with) misreads them, a flat page coming back with dark blocks, though libjpeg
/// reads them right.
pub fn encode(pixels: &[u8], w: u32, h: u32, gray: bool, quality: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    enc.set_optimized_huffman_tables(false);
    let (w16, h16) = (u16::try_from(w).ok()?, u16::try_from(h).ok()?);
    let colour = if gray {
        jpeg_encoder::ColorType::Luma
    } else {
        jpeg_encoder::ColorType::Rgb
    };
    enc.encode(pixels, w16, h16, colour).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::is_complete;

    #[test]
    fn cut_jpegs_are_incomplete() {
        let mut jpeg = Vec::new();
        let img =
            image::GrayImage::from_fn(64, 48, |x, y| image::Luma([((x * 7 + y * 3) % 256) as u8]));
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode_image(&img)
            .unwrap();
        assert!(is_complete(&jpeg));
        for cut in [jpeg.len() - 2, jpeg.len() / 2, 300, 4] {
            assert!(!is_complete(&jpeg[..cut]), "cut at {cut}");
        }
        // Bytes after the end-of-image marker (camera trailers) do not matter.
        let mut trailed = jpeg.clone();
        trailed.extend_from_slice(b"MPF trailer");
        assert!(is_complete(&trailed));
        assert!(!is_complete(b"not a jpeg"));
    }
}
