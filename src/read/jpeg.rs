//! JPEG data (standalone files and DCTDecode streams) decoded at a reduced IDCT scale.

use super::limits::MAX_PIXELS;
use crate::measure::{Chroma, Gray, chroma, estimate_quality, quant_tables};
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

/// Decodes at the smallest IDCT scale (1/8 .. 1) that keeps at least `want` of the full size.
pub fn decode(data: &[u8], want: f64) -> Result<DecodedJpeg, String> {
    let (w, h, components) = header(data)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "a {w} x {h} px JPEG is over the {} MP limit",
            MAX_PIXELS / 1_000_000
        ));
    }
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
    let (sw, sh) = (usize::from(sw), usize::from(sh));
    let n = sw * sh;
    let (luma, chroma_of) = match info.pixel_format {
        PixelFormat::L8 => (pixels, None),
        PixelFormat::L16 => (pixels.chunks_exact(2).map(|p| p[0]).collect(), None),
        PixelFormat::RGB24 => {
            let (luma, c) = luma_and_chroma(&pixels, sw);
            (luma, Some(c))
        }
        PixelFormat::CMYK32 => (
            pixels
                .chunks_exact(4)
                .map(|p| {
                    // jpeg-decoder hands Adobe CMYK as stored (inverted): 255 is no ink.
                    let k = u32::from(p[3]);
                    let avg = (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3;
                    (avg * k / 255) as u8
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
