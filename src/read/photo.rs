//! The visa photo: decoded in colour as it is displayed, at a reduced size, and
//! measured for the `photo/*` rules: size, colour, background, EXIF date, head.

use super::image_file::{failed, metadata, one_image, read_capped, resolution};
use super::limits::MAX_FILE_BYTES;
use super::{Reading, Scan, face, jpeg};
use crate::measure::rgb::oriented_size;
use crate::measure::{
    Background, Chroma, FaceBox, Head, Rect, Rgb, background, chroma, estimate_quality, head,
    quant_tables,
};
use crate::pack::role::KindRole;
use crate::pack::sniff::FileType;
use jiff::civil::DateTime;
use std::path::Path;

/// The photo is measured with its short side about this many pixels: enough for the
/// face detector and the background strips, and a 12 MP phone photo decodes at 1/8.
pub const ANALYSIS_SHORT_SIDE: f64 = 400.0;

/// What the photo rules measure on a photo.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Width and height as displayed (EXIF orientation applied).
    pub pixels: (u32, u32),
    /// Width and height as stored in the file.
    pub stored: (u32, u32),
    /// EXIF orientation (1 when none).
    pub orientation: u16,
    /// Components in the file: 1 gray, 3 colour, 4 CMYK.
    pub components: u8,
    /// Colour content, for colour files.
    pub chroma: Option<Chroma>,
    /// When the photo was taken (EXIF DateTimeOriginal, else DateTimeDigitized).
    pub taken: Option<DateTime>,
    /// The background strips, when there is enough of them to judge.
    pub background: Option<Background>,
    /// The face, in displayed pixels, when one is found with confidence.
    pub face: Option<FaceBox>,
    /// The head's extent, in displayed pixels.
    pub head: Option<Head>,
}

/// Reads a standalone photo (JPEG, PNG, TIFF).
pub fn read(path: &Path, kind: FileType, pictures: bool) -> Reading {
    let bytes = match read_capped(path, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    match analysed(&bytes, kind, true) {
        Ok((photo, scan, rgb)) => {
            let mut reading = Reading {
                photo: Some(photo),
                ..one_image(scan)
            };
            // The photo as measured is its picture: no second decode.
            if pictures && let Some(page) = reading.page_info.first_mut() {
                let small = super::thumbnail::narrowed(rgb);
                let shown = (small.width as f64, small.height as f64);
                page.picture =
                    super::thumbnail::page_of(1, &small, &super::frame::Frame::WHOLE, shown);
            }
            reading
        }
        Err(e) => failed(e),
    }
}

/// The photo inside a one-image PDF: its JPEG data measured like a JPEG file (the PDF
/// places it, so EXIF orientation does not apply). `None` for anything else.
pub fn from_pdf(path: &Path) -> Option<Photo> {
    let file = crate::pack::open::open_document(path).ok()?;
    let doc = lopdf::Document::load_from_with_options(file, super::pdf::load_options()).ok()?;
    let (_, &page) = doc.get_pages().iter().next()?;
    let images = doc.get_page_images(page).ok()?;
    let image = images.iter().max_by_key(|i| i.width * i.height)?;
    let dct = image
        .filters
        .as_ref()
        .is_some_and(|f| f.len() == 1 && f[0] == "DCTDecode");
    if !dct {
        return None;
    }
    analyse(image.content, FileType::Jpeg, false)
        .ok()
        .map(|(p, _)| p)
}

/// Decodes and measures a photo held in memory: the measures and the file's scan facts.
pub fn analyse(
    bytes: &[u8],
    kind: FileType,
    use_orientation: bool,
) -> Result<(Photo, Scan), String> {
    analysed(bytes, kind, use_orientation).map(|(photo, scan, _)| (photo, scan))
}

/// [`analyse`], with the photo as measured: upright, its short side about
/// [`ANALYSIS_SHORT_SIDE`].
pub fn analysed(
    bytes: &[u8],
    kind: FileType,
    use_orientation: bool,
) -> Result<(Photo, Scan, Rgb), String> {
    let meta = metadata(bytes, kind);
    let orientation = if use_orientation { meta.orientation } else { 1 };
    let (rgb, stored, components, quality, encoding) = match kind {
        FileType::Jpeg => {
            let (w, h, _) = jpeg::header(bytes)?;
            let want = ANALYSIS_SHORT_SIDE / f64::from(w.min(h).max(1));
            let (rgb, full, comps) = jpeg::decode_rgb(bytes, want)?;
            let quality = quant_tables(bytes)
                .and_then(|t| t.first().copied())
                .map(|t| estimate_quality(&t));
            (rgb, full, comps, quality, "jpeg")
        }
        FileType::Png | FileType::Tiff => {
            let (rgb, full, comps) = over_white(bytes, kind, None)?;
            let enc = if kind == FileType::Png { "png" } else { "tiff" };
            (rgb, full, comps, None, enc)
        }
        _ => return Err("not an image".into()),
    };
    let (dw, dh) = oriented_size(orientation, stored.0 as usize, stored.1 as usize);
    let pixels = (dw as u32, dh as u32);
    // Shrink first, then turn: the short side is the same either way.
    let short = rgb.width.min(rgb.height) as f64;
    let rgb = rgb
        .resample_area(ANALYSIS_SHORT_SIDE / short.max(1.0))
        .oriented(orientation);
    // Analysis pixels per displayed pixel.
    let scale = rgb.width as f64 / f64::from(pixels.0.max(1));
    let chroma = (components >= 3).then(|| chroma(&rgb.data));
    let luma = rgb.luma();
    let face = face::find_face(&luma);
    let exclude = face.map(|f| Rect {
        x0: f.x - 0.3 * f.size,
        y0: f.y - 0.9 * f.size,
        x1: f.x + 1.3 * f.size,
        y1: f.y + 1.4 * f.size,
    });
    let background = background(&rgb, exclude);
    // The crown is looked for against the background only when the background is plain.
    let level = background
        .filter(|b| b.spread < 12.0 && b.gradient < 25.0)
        .map(|b| b.lightness);
    let head = face.and_then(|f| head(&luma, f, level));
    let photo = Photo {
        pixels,
        stored,
        orientation,
        components,
        chroma,
        taken: meta.taken,
        background,
        face: face.map(|f| FaceBox {
            x: f.x / scale,
            y: f.y / scale,
            size: f.size / scale,
            score: f.score,
        }),
        head: head.map(|h| Head {
            crown: h.crown / scale,
            chin: h.chin / scale,
            ..h
        }),
    };
    let (dpi, dpi_source) = resolution(meta.dpi, stored, Some(KindRole::Photo));
    let scan = Scan {
        pixels: stored,
        dpi,
        dpi_source,
        encoding,
        components,
        bilevel: false,
        jpeg_quality: quality,
        measures: None,
        not_measured: Some("a photo, judged by the photo rules".into()),
        over_limit: false,
        frame: Default::default(),
    };
    Ok((photo, scan, rgb))
}

/// RGB of a PNG or TIFF, transparency laid over white paper as a print shows it, brought
/// to the analysis size row by row as it is decoded: only the small result is held.
fn over_white(
    bytes: &[u8],
    kind: FileType,
    factor: Option<f64>,
) -> Result<(Rgb, (u32, u32), u8), String> {
    let mut rows = super::image_rows::Rows::open(bytes, kind)?;
    let layout = rows.layout();
    let (w, h) = (layout.width as usize, layout.height as usize);
    let factor = factor.unwrap_or(ANALYSIS_SHORT_SIDE / w.min(h).max(1) as f64);
    let mut resampler = crate::measure::RgbResampler::new(w, h, factor);
    let mut rgb = Vec::with_capacity(w * 3);
    while let Some(row) = rows.next_row()? {
        super::image_rows::rgb_over_white_row(layout, row, &mut rgb);
        resampler.push(&rgb);
    }
    let full = (layout.width, layout.height);
    Ok((resampler.finish(), full, layout.stored_channels))
}

/// The photo at full size as it is displayed: EXIF orientation applied, gray and CMYK
/// made RGB, transparency laid over white. What `fix --photo` crops.
pub fn displayed(bytes: &[u8], kind: FileType) -> Result<Rgb, String> {
    let orientation = metadata(bytes, kind).orientation;
    let rgb = match kind {
        FileType::Jpeg => jpeg::decode_rgb(bytes, 1.0)?.0,
        FileType::Png | FileType::Tiff => over_white(bytes, kind, Some(1.0))?.0,
        _ => return Err("not an image".into()),
    };
    Ok(rgb.oriented(orientation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparency_is_laid_over_white() {
        let img = image::RgbaImage::from_raw(2, 1, vec![0, 0, 0, 0, 200, 10, 10, 255]).unwrap();
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let (rgb, full, comps) = over_white(&png, FileType::Png, None).unwrap();
        assert_eq!((full, comps), ((2, 1), 4));
        assert_eq!(rgb.at(0, 0), [255, 255, 255]);
        assert_eq!(rgb.at(1, 0), [200, 10, 10]);
    }
}
