//! Standalone JPEG, PNG and TIFF files: size, resolution, orientation, and the measures.

use super::limits::{ANALYSIS_DPI, MAX_PIXELS};
use super::{DpiSource, Failure, PageInfo, Reading, Scan, analyse, expected_paper_mm, jpeg};
use crate::measure::Gray;
use crate::measure::rgb::{oriented_size, source_of};
use crate::pack::role::KindRole;
use crate::pack::sniff::FileType;
use std::io::{Cursor, Read};
use std::path::Path;

/// Reads a whole file, refusing one over `cap` bytes.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_capped_into(path, cap, &mut bytes)?;
    Ok(bytes)
}

/// Reads a whole file into `buf` (emptied first, its allocation reused), refusing one
/// over `cap` bytes. The size on disk sizes the buffer once: `take` hides it from
/// `read_to_end`, which would otherwise regrow and copy the buffer a dozen times.
pub fn read_capped_into(path: &Path, cap: u64, buf: &mut Vec<u8>) -> Result<(), String> {
    let file = crate::pack::open::open_document(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    let too_big = || format!("the file is over the {} MB limit", cap >> 20);
    if len > cap {
        return Err(too_big());
    }
    buf.clear();
    buf.reserve(len as usize);
    file.take(cap + 1)
        .read_to_end(buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(())
}

/// What the file's metadata says.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImageMeta {
    /// Declared resolution, dots per inch.
    pub dpi: Option<f64>,
    /// EXIF orientation (1..=8).
    pub orientation: u16,
    /// When the photo was taken (EXIF DateTimeOriginal, else DateTimeDigitized).
    pub taken: Option<jiff::civil::DateTime>,
}

/// Reads a standalone image of the given (sniffed) type.
pub fn read(
    path: &Path,
    kind: FileType,
    role: Option<KindRole>,
    opts: super::ReadOptions,
) -> Reading {
    let bytes = match read_capped(path, super::limits::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    if kind != FileType::Tiff {
        return match read_frame(&bytes, kind, role, opts) {
            Ok(page) => Reading {
                pages: Some(1),
                page_info: vec![page],
                ..Reading::default()
            },
            Err(e) => failed(e),
        };
    }
    // Every image of a TIFF is a page of the document: a statement scanned as one
    // multi-page TIFF must not lose its later pages.
    let offsets = super::tiff_frames::ifd_offsets(&bytes);
    let mut page_info = Vec::with_capacity(offsets.len());
    for index in 0..offsets.len().max(1) {
        let frame = super::tiff_frames::frame(&bytes, &offsets, index)
            .unwrap_or(std::borrow::Cow::Borrowed(&bytes[..]));
        match read_frame(&frame, kind, role, opts) {
            Ok(mut page) => {
                page.number = index as u32 + 1;
                if let Some(p) = page.picture.as_mut() {
                    p.page = page.number;
                }
                // A picture for the first pages only, as for a PDF.
                if index >= super::thumbnail::MAX_PAGES {
                    page.picture = None;
                }
                page_info.push(page);
            }
            Err(e) if index == 0 => return failed(e),
            Err(e) => page_info.push(PageInfo {
                number: index as u32 + 1,
                damaged: Some(e),
                ..PageInfo::default()
            }),
        }
    }
    Reading {
        pages: Some(page_info.len() as u32),
        page_info,
        ..Reading::default()
    }
}

/// One image (a TIFF's page, or the whole JPEG or PNG): measured, its zone and words read.
fn read_frame(
    bytes: &[u8],
    kind: FileType,
    role: Option<KindRole>,
    opts: super::ReadOptions,
) -> Result<PageInfo, String> {
    let (scan, small) = if opts.pixels {
        measure_bytes(bytes, kind, role, opts.colour, opts.pictures)?
    } else {
        (size_bytes(bytes, kind, role)?, None)
    };
    // The image is the page: its picture is the measured pixels.
    let picture = small.and_then(|s| {
        let shown = (s.width as f64, s.height as f64);
        super::thumbnail::page_of(1, &s, &super::frame::Frame::WHOLE, shown)
    });
    let mut page = PageInfo {
        number: 1,
        has_content: true,
        scan: Some(scan),
        picture,
        ..PageInfo::default()
    };
    if opts.mrz {
        // A phone photo's passport may be small in the frame: the full image, upright.
        if let Ok((gray, _)) = upright_luma(bytes, kind, role, None) {
            let page = &mut page;
            match crate::measure::mrz::find(&gray) {
                Ok(cells) => {
                    // A phone's 72 dpi means nothing; the zone's pitch is 2.54 mm on
                    // every passport, so it measures the photo against the paper.
                    if let Some(scan) = page
                        .scan
                        .as_mut()
                        .filter(|s| s.dpi_source == DpiSource::InferredFromPaper)
                    {
                        scan.dpi = f64::from(cells.pitch_px) * MRZ_PITCHES_PER_INCH;
                        scan.dpi_source = DpiSource::MeasuredFromMrz;
                    }
                    page.mrz_lines = super::pdf::zone_lines(&cells, &super::frame::Frame::WHOLE);
                    page.mrz = Some(cells);
                }
                Err(miss) => page.mrz_miss = Some(miss),
            }
        }
    }
    if opts.ocr {
        match ocr_image(bytes, kind, role) {
            Ok(text) => page.text = Some(text),
            Err(why) => page.ocr_skipped = Some(why),
        }
    }
    Ok(page)
}

/// ICAO 9303 prints the zone at 10 characters per inch.
const MRZ_PITCHES_PER_INCH: f64 = 10.0;

/// The words of an image, read by OCR near 300 dpi, upright.
fn ocr_image(
    bytes: &[u8],
    kind: FileType,
    role: Option<KindRole>,
) -> Result<super::text::PageText, super::ocr::Skipped> {
    use super::ocr::recognise_source;
    // Keyed by the file's bytes (and the paper its role implies), so a hit decodes nothing.
    let mut source = format!("image {role:?}\n").into_bytes();
    source.extend_from_slice(bytes);
    recognise_source(&source, || {
        upright_luma(bytes, kind, role, Some(super::ocr::OCR_DPI))
            .map_err(super::ocr::Skipped::Failed)
    })
}

/// The image's luma, upright, near `dpi` when given (never above its own resolution)
/// or at full size, and the resolution it came out at.
fn upright_luma(
    bytes: &[u8],
    kind: FileType,
    role: Option<KindRole>,
    dpi: Option<f64>,
) -> Result<(Gray, f64), String> {
    let meta = metadata(bytes, kind);
    let (gray, full, scale) = match kind {
        FileType::Jpeg => {
            let (w, h, _) = jpeg::header(bytes)?;
            let own = resolution(meta.dpi, (w, h), role).0;
            let want = dpi.map_or(1.0, |d| (d / own).min(1.0));
            let j = jpeg::decode(bytes, want, false)?;
            (j.gray, j.full, j.scale)
        }
        _ => {
            // Scaled as it streams in: a 100 MP image is never held at full size when
            // OCR wants 300 dpi of it.
            let full = super::image_rows::dimensions(bytes, kind)?;
            let own = resolution(meta.dpi, full, role).0;
            let factor = dpi.filter(|&d| own > d * 1.05).map_or(1.0, |d| d / own);
            let (g, _, full, _) = stream_luma(bytes, kind, false, factor)?;
            (g, full, factor)
        }
    };
    let own = resolution(meta.dpi, full, role).0 * scale;
    let (gray, own) = match dpi {
        Some(d) if own > d * 1.05 => (crate::measure::resample_area(&gray, d / own), d),
        _ => (gray, own),
    };
    Ok((orient(gray, meta.orientation), own))
}

/// The reading of a standalone image: one page, that image.
pub fn one_image(scan: Scan) -> Reading {
    Reading {
        pages: Some(1),
        page_info: vec![PageInfo {
            number: 1,
            has_content: true,
            scan: Some(scan),
            ..PageInfo::default()
        }],
        ..Reading::default()
    }
}

/// The reading of a file that cannot be used.
pub fn failed(reason: String) -> Reading {
    Reading {
        failure: Some(Failure::Unreadable(reason)),
        ..Reading::default()
    }
}

/// An image held in memory, sized from its header and left undecoded: what a run whose
/// rules look at no pixels needs of it.
pub fn size_bytes(bytes: &[u8], kind: FileType, role: Option<KindRole>) -> Result<Scan, String> {
    let meta = metadata(bytes, kind);
    let (full, components, encoding) = match kind {
        FileType::Jpeg => {
            let (w, h, c) = jpeg::header(bytes)?;
            ((w, h), c, "jpeg")
        }
        FileType::Png | FileType::Tiff => {
            let format = match kind {
                FileType::Png => image::ImageFormat::Png,
                _ => image::ImageFormat::Tiff,
            };
            let (w, h) = image::ImageReader::with_format(Cursor::new(bytes), format)
                .into_dimensions()
                .map_err(|e| format!("image header: {e}"))?;
            let enc = if kind == FileType::Png { "png" } else { "tiff" };
            ((w, h), 0, enc)
        }
        _ => return Err("not an image".into()),
    };
    let (dpi, dpi_source) = resolution(meta.dpi, full, role);
    Ok(Scan {
        pixels: full,
        dpi,
        dpi_source,
        encoding,
        components,
        bilevel: false,
        jpeg_quality: None,
        measures: None,
        not_measured: Some(super::PIXELS_NOT_WANTED.into()),
        over_limit: false,
        frame: Default::default(),
    })
}

/// Decodes and measures an image held in memory; colour content only when `colour`; with
/// `picture`, the image upright at a picture's width too.
pub fn measure_bytes(
    bytes: &[u8],
    kind: FileType,
    role: Option<KindRole>,
    colour: bool,
    picture: bool,
) -> Result<(Scan, Option<crate::measure::Rgb>), String> {
    let meta = metadata(bytes, kind);
    let mut rgb = None;
    let (gray, chroma_of, full, scale, components, quality, encoding) = match kind {
        FileType::Jpeg => {
            let (w, h, _) = jpeg::header(bytes)?;
            let dpi = resolution(meta.dpi, (w, h), role).0;
            let j = jpeg::decode(bytes, (ANALYSIS_DPI / dpi).min(1.0), colour)?;
            rgb = j.rgb.filter(|_| picture);
            (
                j.gray,
                j.chroma,
                j.full,
                j.scale,
                j.components,
                j.quality,
                "jpeg",
            )
        }
        _ => {
            // Brought to the analysis resolution as it streams in, exactly as
            // `analyse::measure` would have scaled the whole image.
            let full = super::image_rows::dimensions(bytes, kind)?;
            let dpi = resolution(meta.dpi, full, role).0;
            let factor = if dpi > ANALYSIS_DPI * 1.05 {
                ANALYSIS_DPI / dpi
            } else {
                1.0
            };
            let (g, c, full, comps) = stream_luma(bytes, kind, colour, factor)?;
            let enc = if kind == FileType::Png { "png" } else { "tiff" };
            (g, c, full, factor.min(1.0), comps, None, enc)
        }
    };
    let (dpi, source) = resolution(meta.dpi, full, role);
    let gray = orient(gray, meta.orientation);
    let mut small = None;
    let measures = analyse::measure_keeping(gray, dpi * scale, chroma_of, |g| {
        if picture {
            let upright = rgb.map(|c| c.oriented(meta.orientation));
            small = Some(super::thumbnail::shrunk(upright, g));
        }
    });
    let scan = Scan {
        pixels: full,
        dpi,
        dpi_source: source,
        encoding,
        components,
        bilevel: false,
        jpeg_quality: quality,
        measures: Some(measures),
        not_measured: None,
        over_limit: false,
        frame: Default::default(),
    };
    Ok((scan, small))
}

/// The resolution to use: the declared one when it is plausible, else one inferred from
/// the paper the document kind is printed on.
pub fn resolution(
    declared: Option<f64>,
    (w, h): (u32, u32),
    role: Option<KindRole>,
) -> (f64, DpiSource) {
    let (pw, ph) = expected_paper_mm(role);
    let (long_px, long_mm) = (w.max(h) as f64, pw.max(ph));
    if let Some(dpi) = declared.filter(|d| d.is_finite() && *d >= 1.0) {
        // Cameras write 72 dpi whatever they photograph; a tag that makes a page over a
        // metre long is a placeholder, not a scanner setting.
        if long_px / dpi * 25.4 <= 1000.0 {
            return (dpi, DpiSource::Declared);
        }
    }
    (long_px / (long_mm / 25.4), DpiSource::InferredFromPaper)
}

/// Declared resolution and orientation from JFIF, EXIF, PNG pHYs or TIFF tags.
pub fn metadata(bytes: &[u8], kind: FileType) -> ImageMeta {
    let mut meta = ImageMeta {
        dpi: None,
        orientation: 1,
        taken: None,
    };
    if kind == FileType::Jpeg {
        meta.dpi = jfif_density(bytes);
    }
    if kind == FileType::Png {
        meta.dpi = png_phys(bytes);
    }
    if let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        if let Some(o) = exif
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
        {
            meta.orientation = u16::try_from(o).unwrap_or(1);
        }
        meta.taken = [exif::Tag::DateTimeOriginal, exif::Tag::DateTimeDigitized]
            .iter()
            .find_map(
                |&tag| match &exif.get_field(tag, exif::In::PRIMARY)?.value {
                    exif::Value::Ascii(v) => parse_exif_datetime(v.first()?),
                    _ => None,
                },
            );
        if meta.dpi.is_none() {
            let unit = exif
                .get_field(exif::Tag::ResolutionUnit, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
                .unwrap_or(2);
            let x = exif
                .get_field(exif::Tag::XResolution, exif::In::PRIMARY)
                .and_then(|f| match &f.value {
                    exif::Value::Rational(r) => r.first().map(|r| r.to_f64()),
                    _ => None,
                });
            meta.dpi = x.map(|x| if unit == 3 { x * 2.54 } else { x });
        }
        // A camera (EXIF names its maker or model) writes 72 or 96 dpi whatever it
        // photographed: the density says nothing, and the paper must tell the size.
        let camera = [exif::Tag::Make, exif::Tag::Model]
            .iter()
            .any(|&tag| exif.get_field(tag, exif::In::PRIMARY).is_some());
        if camera && meta.dpi.is_some_and(|d| d <= 96.5) {
            meta.dpi = None;
        }
    }
    meta
}

/// Parses EXIF's `YYYY:MM:DD HH:MM:SS` (blank or zero dates are "unknown").
pub fn parse_exif_datetime(raw: &[u8]) -> Option<jiff::civil::DateTime> {
    let s = std::str::from_utf8(raw).ok()?.trim_end_matches('\0').trim();
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (
        num(11..13).unwrap_or(0),
        num(14..16).unwrap_or(0),
        num(17..19).unwrap_or(0),
    );
    jiff::civil::DateTime::new(y, mo as i8, d as i8, h as i8, mi as i8, sec as i8, 0).ok()
}

fn jfif_density(b: &[u8]) -> Option<f64> {
    // APP0 "JFIF\0": version(2) units(1) Xdensity(2) Ydensity(2)
    if b.len() < 20 || &b[2..4] != b"\xFF\xE0" || &b[6..11] != b"JFIF\0" {
        return None;
    }
    let units = b[13];
    let x = f64::from(u16::from_be_bytes([b[14], b[15]]));
    match units {
        1 if x > 0.0 => Some(x),
        2 if x > 0.0 => Some(x * 2.54),
        _ => None,
    }
}

fn png_phys(b: &[u8]) -> Option<f64> {
    let mut i = 8;
    while i + 12 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let kind = &b[i + 4..i + 8];
        if kind == b"pHYs" && len >= 9 && i + 8 + 9 <= b.len() {
            let d = &b[i + 8..];
            let ppu = f64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]]));
            return (d[8] == 1 && ppu > 0.0).then_some(ppu * 0.0254);
        }
        if kind == b"IDAT" || kind == b"IEND" {
            return None;
        }
        i += 12 + len;
    }
    None
}

type DecodedImage = (Gray, Option<crate::measure::Chroma>, (u32, u32), u8);

/// Decodes a PNG or TIFF through the `image` crate, within the pixel and memory caps.
pub fn decode_dynamic(bytes: &[u8], kind: FileType) -> Result<image::DynamicImage, String> {
    let format = match kind {
        FileType::Png => image::ImageFormat::Png,
        _ => image::ImageFormat::Tiff,
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    let side = u32::try_from(MAX_PIXELS / 4).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side.min(65_535 * 4));
    limits.max_image_height = Some(side.min(65_535 * 4));
    reader.limits(limits);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("image header: {e}"))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "a {w} x {h} px image is over the {} MP limit",
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    reader.decode().map_err(|e| format!("image data: {e}"))
}

/// A PNG or TIFF's luma, area-resampled by `factor` row by row as it is decoded (so only
/// the result is held), with the chroma of every pixel when `colour`.
fn stream_luma(
    bytes: &[u8],
    kind: FileType,
    colour: bool,
    factor: f64,
) -> Result<DecodedImage, String> {
    let mut rows = super::image_rows::Rows::open(bytes, kind)?;
    let layout = rows.layout();
    let (w, h) = (layout.width as usize, layout.height as usize);
    let kept = if factor < 1.0 { factor * factor } else { 1.0 };
    let _share = super::budget::reserve((w as f64 * h as f64 * kept) as u64);
    let mut resampler = crate::measure::AreaResampler::new(w, h, factor);
    let mut count = (colour && layout.colour()).then(crate::measure::ChromaCount::default);
    let (mut luma, mut rgb) = (Vec::with_capacity(w), Vec::new());
    while let Some(row) = rows.next_row()? {
        super::image_rows::luma_row(layout, row, &mut luma);
        resampler.push(&luma);
        if let Some(count) = count.as_mut() {
            super::image_rows::rgb_row(layout, row, &mut rgb);
            count.add(&rgb);
        }
    }
    Ok((
        resampler.finish(),
        count.map(|c| c.finish()),
        (layout.width, layout.height),
        layout.stored_channels,
    ))
}

/// Turns an image stored sideways into the way it is displayed (EXIF orientation).
pub fn orient(g: Gray, orientation: u16) -> Gray {
    if !(2..=8).contains(&orientation) {
        return g;
    }
    let (nw, nh) = oriented_size(orientation, g.width, g.height);
    let mut data = Vec::with_capacity(g.len());
    for y in 0..nh {
        for x in 0..nw {
            let (sx, sy) = source_of(orientation, g.width, g.height, x, y);
            data.push(g.at(sx, sy));
        }
    }
    Gray::new(nw, nh, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_dates() {
        let dt = parse_exif_datetime(b"2026:10:01 10:00:00").unwrap();
        assert_eq!(dt.to_string(), "2026-10-01T10:00:00");
        assert!(parse_exif_datetime(b"0000:00:00 00:00:00").is_none());
        assert!(parse_exif_datetime(b"    :  :     :  :  ").is_none());
        assert!(parse_exif_datetime(b"2026:13:01 10:00:00").is_none());
        assert_eq!(
            parse_exif_datetime(b"2026:02:03").unwrap().to_string(),
            "2026-02-03T00:00:00"
        );
    }

    #[test]
    fn a_cameras_72_dpi_is_not_a_scan_setting() {
        // SOI, JFIF at 72 dpi, then EXIF naming the maker, as phones write them.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\x01\0\x48\0\x48\0\0");
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&1u16.to_le_bytes());
        // Make, ASCII, 6 bytes, at offset 26 (after this one-entry IFD).
        tiff.extend_from_slice(&[0x0F, 0x01, 2, 0, 6, 0, 0, 0, 26, 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"Apple\0");
        let app1_len = (2 + 6 + tiff.len()) as u16;
        jpeg.extend_from_slice(&[0xFF, 0xE1]);
        jpeg.extend_from_slice(&app1_len.to_be_bytes());
        jpeg.extend_from_slice(b"Exif\0\0");
        jpeg.extend_from_slice(&tiff);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(
            metadata(&jpeg, FileType::Jpeg).dpi,
            None,
            "a camera's 72 dpi"
        );
        // Without a camera's name the same density is a scanner's word.
        let plain: Vec<u8> = jpeg[..20].iter().chain(&[0xFF, 0xD9]).copied().collect();
        assert_eq!(metadata(&plain, FileType::Jpeg).dpi, Some(72.0));
    }

    #[test]
    fn placeholder_densities_are_not_trusted() {
        // A 4032 px phone photo tagged 72 dpi would be 1.4 m long.
        let (dpi, src) = resolution(Some(72.0), (4032, 3024), Some(KindRole::EmployerLetter));
        assert_eq!(src, DpiSource::InferredFromPaper);
        assert!((dpi - 4032.0 / (297.0 / 25.4)).abs() < 0.01);
        // An 85 dpi fax-quality scan of A4 is what it says.
        assert_eq!(
            resolution(Some(85.0), (703, 994), None),
            (85.0, DpiSource::Declared)
        );
        // A passport bio page with no tag: 125 mm across.
        let (dpi, _) = resolution(None, (1476, 1039), Some(KindRole::Passport));
        assert!((dpi - 300.0).abs() < 1.0);
    }

    #[test]
    fn orientation_six_turns_the_image_upright() {
        // 2 x 1 stored, displayed 1 x 2 rotated clockwise.
        let g = Gray::new(2, 1, vec![10, 20]);
        let o = orient(g, 6);
        assert_eq!((o.width, o.height), (1, 2));
        assert_eq!(o.data, vec![10, 20]);
        let g = Gray::new(2, 1, vec![10, 20]);
        assert_eq!(orient(g, 8).data, vec![20, 10]);
    }
}
