//! Image files as PDF pages. lopdf's own `xobject::image_from` marks CMYK JPEGs as RGB,
//! drops PNG transparency and ignores EXIF orientation, so the XObject is built here:
//! JPEGs go in untouched (a re-encode would lose quality a visa officer may need), PNG and
//! TIFF pixels are Flate-compressed, and orientation lives only in the placement matrix.

use crate::pack::sniff::FileType;
use crate::read::image_file::metadata;
use crate::read::jpeg;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, Stream};
use std::io::Write;

/// An image file turned into one PDF page.
pub struct ImagePage {
    /// Page size in PDF points (width, height), as displayed.
    pub size: (f64, f64),
    /// The page's content stream bytes: draws the XObject named `/Im0` (nothing else).
    pub content: Vec<u8>,
    /// The image XObject. When `smask` is Some, the caller adds the mask as an object and sets `/SMask` on this dictionary itself.
    pub image: Stream,
    /// The alpha channel as a DeviceGray soft-mask image, when the image has real transparency.
    pub smask: Option<Stream>,
}

/// Points per inch (PDF user space).
const POINTS_PER_INCH: f64 = 72.0;

/// A declared resolution that makes the long side longer than this is a placeholder
/// (cameras write 72 dpi for any photo), as in `read::image_file::resolution`.
const MAX_PHYSICAL_MM: f64 = 1000.0;

/// Builds the pages of an image file: one, or one per image of a multi-page TIFF. A
/// later TIFF page that cannot be placed fails the file rather than leaving it out: a
/// built pack never silently lacks a page of its source.
pub fn image_pages(
    bytes: &[u8],
    kind: FileType,
    paper: (f64, f64),
) -> Result<Vec<ImagePage>, String> {
    if kind != FileType::Tiff {
        return image_page(bytes, kind, paper).map(|p| vec![p]);
    }
    let offsets = crate::read::tiff_frames::ifd_offsets(bytes);
    if offsets.len() <= 1 {
        return image_page(bytes, kind, paper).map(|p| vec![p]);
    }
    (0..offsets.len())
        .map(|k| {
            let frame = crate::read::tiff_frames::frame(bytes, &offsets, k)
                .ok_or_else(|| format!("page {} of the TIFF is missing", k + 1))?;
            image_page(&frame, kind, paper).map_err(|e| format!("page {} of the TIFF: {e}", k + 1))
        })
        .collect()
}

/// Builds the page for an image file's bytes. `paper` is the page size (points, portrait: A4 = (595.276, 841.89)) used when the image's physical size is unknown.
pub fn image_page(bytes: &[u8], kind: FileType, paper: (f64, f64)) -> Result<ImagePage, String> {
    if !(paper.0.is_finite() && paper.1.is_finite() && paper.0 > 0.0 && paper.1 > 0.0) {
        return Err(format!(
            "the paper size {} x {} pt is not a page size",
            paper.0, paper.1
        ));
    }
    let Encoded {
        image,
        smask,
        pixels: (w, h),
    } = match kind {
        FileType::Jpeg => jpeg_xobject(bytes)?,
        FileType::Png | FileType::Tiff => raster_xobject(bytes, kind)?,
        other => {
            return Err(format!(
                "a {} cannot be placed on a page as an image",
                other.label()
            ));
        }
    };
    let meta = metadata(bytes, kind);
    // Values outside 1..=8 are written by broken tools; showing the pixels as stored is
    // what viewers do with them.
    let orientation = if (1..=8).contains(&meta.orientation) {
        meta.orientation
    } else {
        1
    };
    let displayed = if orientation >= 5 { (h, w) } else { (w, h) };
    let (size, rect) = place(displayed, meta.dpi, paper);
    Ok(ImagePage {
        size,
        content: draw(orientation, rect),
        image,
        smask,
    })
}

/// An image file's XObject, before it is placed.
struct Encoded {
    image: Stream,
    smask: Option<Stream>,
    /// Stored pixel size (width, height), before EXIF orientation.
    pixels: (u32, u32),
}

/// The JPEG's own bytes as a DCTDecode image.
fn jpeg_xobject(bytes: &[u8]) -> Result<Encoded, String> {
    let (w, h, components) = jpeg::header(bytes)?;
    if w == 0 || h == 0 {
        return Err("the JPEG header gives the image no width or height".into());
    }
    if !jpeg::is_complete(bytes) {
        return Err("the JPEG data ends early: the file was cut short".into());
    }
    let frame = jpeg_frame(bytes);
    // PDF's DCTDecode is baseline, extended or progressive Huffman coding at 8 bits
    // (ISO 32000-1 §7.4.8); viewers show anything else as a blank or an error.
    match frame.sof {
        Some(0xC0..=0xC2) => {}
        Some(_) => {
            return Err(
                "the JPEG is lossless, hierarchical or arithmetic-coded, which PDF viewers cannot show"
                    .into(),
            );
        }
        None => return Err("the JPEG header is damaged: no frame header before the scan".into()),
    }
    if frame.precision != Some(8) {
        return Err("the JPEG has 12 or 16 bits per sample, which PDF viewers cannot show".into());
    }
    let colour_space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("the JPEG has {n} colour components")),
    };
    let mut dict = image_dict((w, h), colour_space, 8);
    dict.set("Filter", "DCTDecode");
    // Adobe (Photoshop, Pillow, libjpeg with an APP14 marker) stores CMYK inverted; the
    // Decode array turns it back, as img2pdf and Ghostscript do.
    if components == 4 && frame.adobe {
        dict.set(
            "Decode",
            [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec(),
        );
    }
    Ok(Encoded {
        image: Stream::new(dict, bytes.to_vec()).with_compression(false),
        smask: None,
        pixels: (w, h),
    })
}

/// What the header segments before the first scan say beyond the pixel size.
#[derive(Debug, Default)]
struct JpegFrame {
    /// Start-of-frame marker (0xC0 baseline, 0xC2 progressive, ...).
    sof: Option<u8>,
    /// Bits per sample.
    precision: Option<u8>,
    /// Whether an Adobe APP14 segment is present.
    adobe: bool,
}

/// Walks the marker segments up to the first scan.
fn jpeg_frame(d: &[u8]) -> JpegFrame {
    let mut frame = JpegFrame::default();
    let mut i = 2;
    while i + 1 < d.len() {
        if d[i] != 0xFF {
            // Stray bytes between segments: libjpeg skips them with a warning, so do we.
            i += 1;
            continue;
        }
        let marker = d[i + 1];
        match marker {
            // Fill bytes before a marker.
            0xFF => {
                i += 1;
                continue;
            }
            0x01 | 0xD0..=0xD8 => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let Some(len) = d
            .get(i + 2..i + 4)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            break;
        };
        let Some(segment) = (len >= 2).then(|| d.get(i + 4..i + 2 + len)).flatten() else {
            break;
        };
        match marker {
            0xEE if segment.starts_with(b"Adobe") => frame.adobe = true,
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) && frame.sof.is_none() => {
                frame.sof = Some(marker);
                frame.precision = segment.first().copied();
            }
            0xDA => break,
            _ => {}
        }
        i += 2 + len;
    }
    frame
}

/// A PNG or TIFF decoded to 8-bit Gray or RGB, Flate-compressed, with its alpha channel
/// as a soft mask when any pixel is not opaque. Rows are compressed as they are decoded,
/// so a 100 MP image costs its compressed size, not 800 MB of 16-bit samples.
fn raster_xobject(bytes: &[u8], kind: FileType) -> Result<Encoded, String> {
    let mut rows = crate::read::image_rows::Rows::open(bytes, kind)?;
    let layout = rows.layout();
    let (w, h) = (layout.width, layout.height);
    if w == 0 || h == 0 {
        return Err("the image has no width or height".into());
    }
    // The image crate hands CMYK TIFFs over as RGB and palettes come expanded, so Gray
    // and RGB (with or without alpha) are all there is; 16-bit samples are scaled to 8.
    let colours: usize = if layout.colour() { 3 } else { 1 };
    // Row filters made 200-300 dpi page scans 10-25% and a portrait photo 44% smaller
    // than plain deflate, in about the same time (deflate gets less to chew on).
    let space = if layout.colour() {
        "DeviceRGB"
    } else {
        "DeviceGray"
    };
    let mut image = FlateRows::new((w, h), space, 8, Some(colours as u8));
    // A bilevel fax or scan: one bit a pixel is an eighth of the data before compression,
    // and PDF's DeviceGray at 1 bit reads 1 as white. While every sample so far is black
    // or white, rows are only packed; the first gray one replays them as 8-bit rows.
    let mut bilevel = (!layout.colour()).then(Vec::new);
    let row_bits = (w as usize).div_ceil(8);
    // Left unfiltered: masks are mostly flat areas with hard edges, where row filters
    // made a screenshot-like image slightly larger.
    let mut smask = layout
        .alpha()
        .then(|| FlateRows::new((w, h), "DeviceGray", 8, None));
    let mut translucent = false;
    let (mut samples, mut alpha) = (Vec::new(), Vec::new());
    let c = layout.channels;
    while let Some(row) = rows.next_row()? {
        samples.clear();
        alpha.clear();
        for px in row.chunks_exact(c) {
            samples.extend_from_slice(&px[..colours]);
            if layout.alpha() {
                alpha.push(px[c - 1]);
            }
        }
        if let Some(mask) = smask.as_mut() {
            translucent |= alpha.iter().any(|&v| v < 255);
            mask.push(&alpha)?;
        }
        if let Some(packed) = bilevel.as_mut() {
            if samples.iter().all(|&v| v == 0 || v == 255) {
                pack_bits(&samples, packed);
                continue;
            }
            for bits in packed.chunks_exact(row_bits) {
                image.push(&unpack_bits(bits, w as usize))?;
            }
            bilevel = None;
        }
        image.push(&samples)?;
    }
    let image = match bilevel {
        Some(packed) => {
            let mut bits = FlateRows::new((w, h), "DeviceGray", 1, None);
            bits.push(&packed)?;
            bits.finish()?
        }
        None => image.finish()?,
    };
    let smask = match smask {
        Some(mask) if translucent => Some(mask.finish()?),
        _ => None,
    };
    Ok(Encoded {
        image,
        smask,
        pixels: (w, h),
    })
}

/// Appends one row of 0/255 gray samples packed to one bit each (255 → 1), padded to
/// whole bytes.
fn pack_bits(row: &[u8], out: &mut Vec<u8>) {
    for eight in row.chunks(8) {
        let mut byte = 0u8;
        for (k, &v) in eight.iter().enumerate() {
            if v == 255 {
                byte |= 0x80 >> k;
            }
        }
        out.push(byte);
    }
}

/// One packed row back as `width` 0/255 samples.
fn unpack_bits(bits: &[u8], width: usize) -> Vec<u8> {
    (0..width)
        .map(|x| {
            if bits[x / 8] & (0x80 >> (x % 8)) != 0 {
                255
            } else {
                0
            }
        })
        .collect()
}

/// An image XObject whose data is Flate-compressed as it is pushed, row by row; with PNG
/// row filters first when `predict` gives the samples per pixel (8-bit data only).
struct FlateRows {
    dict: Dictionary,
    filter: Option<RowFilter>,
    filtered: Vec<u8>,
    z: ZlibEncoder<Vec<u8>>,
}

impl FlateRows {
    fn new((w, h): (u32, u32), colour_space: &str, bits: u8, predict: Option<u8>) -> FlateRows {
        let mut dict = image_dict((w, h), colour_space, bits);
        dict.set("Filter", "FlateDecode");
        let filter = predict.map(|colors| {
            let mut parms = Dictionary::new();
            // 15: a PNG filter chosen per row, each row led by its filter byte.
            parms.set("Predictor", 15);
            parms.set("Colors", i64::from(colors));
            parms.set("BitsPerComponent", i64::from(bits));
            parms.set("Columns", i64::from(w));
            dict.set("DecodeParms", parms);
            RowFilter::new(w as usize * usize::from(colors), usize::from(colors))
        });
        FlateRows {
            dict,
            filter,
            filtered: Vec::new(),
            z: ZlibEncoder::new(Vec::new(), Compression::default()),
        }
    }

    /// Adds one row (or, unfiltered, any run of bytes).
    fn push(&mut self, row: &[u8]) -> Result<(), String> {
        let data = match self.filter.as_mut() {
            Some(filter) => {
                filter.filter(row, &mut self.filtered);
                &self.filtered
            }
            None => row,
        };
        self.z
            .write_all(data)
            .map_err(|e| format!("compressing the image failed: {e}"))
    }

    fn finish(self) -> Result<Stream, String> {
        let compressed = self
            .z
            .finish()
            .map_err(|e| format!("compressing the image failed: {e}"))?;
        Ok(Stream::new(self.dict, compressed).with_compression(false))
    }
}

/// PNG row filtering (RFC 2083 §6), choosing each row's filter the way libpng does by
/// default: the one whose output, read as signed bytes, has the smallest absolute sum.
struct RowFilter {
    bpp: usize,
    above: Vec<u8>,
    candidates: [Vec<u8>; 5],
}

impl RowFilter {
    fn new(row_bytes: usize, bpp: usize) -> RowFilter {
        RowFilter {
            bpp,
            above: vec![0; row_bytes],
            candidates: std::array::from_fn(|_| vec![0; row_bytes]),
        }
    }

    /// Writes `row` filtered, led by its filter byte, into `out` (emptied first).
    fn filter(&mut self, row: &[u8], out: &mut Vec<u8>) {
        let (bpp, above, candidates) = (self.bpp, &self.above, &mut self.candidates);
        let row = &row[..above.len().min(row.len())];
        for i in 0..row.len() {
            let left = if i >= bpp { row[i - bpp] } else { 0 };
            let up = above[i];
            let up_left = if i >= bpp { above[i - bpp] } else { 0 };
            let x = row[i];
            candidates[0][i] = x;
            candidates[1][i] = x.wrapping_sub(left);
            candidates[2][i] = x.wrapping_sub(up);
            candidates[3][i] = x.wrapping_sub(((u16::from(left) + u16::from(up)) / 2) as u8);
            candidates[4][i] = x.wrapping_sub(paeth(left, up, up_left));
        }
        let cost =
            |c: &[u8]| -> u64 { c.iter().map(|&v| u64::from((v as i8).unsigned_abs())).sum() };
        let best = (0..5u8)
            .min_by_key(|&k| cost(&candidates[usize::from(k)]))
            .unwrap_or(0);
        out.clear();
        out.push(best);
        out.extend_from_slice(&candidates[usize::from(best)]);
        self.above[..row.len()].copy_from_slice(row);
    }
}

/// The PNG Paeth predictor: whichever neighbour is closest to left + up - up_left.
fn paeth(left: u8, up: u8, up_left: u8) -> u8 {
    let p = i16::from(left) + i16::from(up) - i16::from(up_left);
    let (pa, pb, pc) = (
        (p - i16::from(left)).abs(),
        (p - i16::from(up)).abs(),
        (p - i16::from(up_left)).abs(),
    );
    if pa <= pb && pa <= pc {
        left
    } else if pb <= pc {
        up
    } else {
        up_left
    }
}

/// The keys every image XObject has.
fn image_dict((w, h): (u32, u32), colour_space: &str, bits: u8) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Image");
    dict.set("Width", i64::from(w));
    dict.set("Height", i64::from(h));
    dict.set("ColorSpace", Object::Name(colour_space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", i64::from(bits));
    dict
}

/// Where the image goes on the page, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The page size and the rectangle the displayed image fills: at its physical size when
/// that is known (the page grown to hold it, never the image shrunk), else fitted to the
/// paper. The paper is turned landscape for a wide image. Numbers are rounded to what the
/// content stream writes, so the page and the drawing agree exactly.
fn place(
    (w, h): (u32, u32),
    dpi: Option<f64>,
    (paper_w, paper_h): (f64, f64),
) -> ((f64, f64), Rect) {
    let (iw, ih) = (f64::from(w), f64::from(h));
    let (short, long) = (paper_w.min(paper_h), paper_w.max(paper_h));
    let (pw, ph) = if iw > ih {
        (long, short)
    } else {
        (short, long)
    };
    let physical = dpi
        .filter(|d| d.is_finite() && *d >= 1.0)
        .filter(|d| iw.max(ih) / d * 25.4 <= MAX_PHYSICAL_MM)
        .map(|d| (iw / d * POINTS_PER_INCH, ih / d * POINTS_PER_INCH));
    let (page, dw, dh) = match physical {
        Some((dw, dh)) => ((round4(pw.max(dw)), round4(ph.max(dh))), dw, dh),
        None => {
            let scale = (pw / iw).min(ph / ih);
            ((round4(pw), round4(ph)), iw * scale, ih * scale)
        }
    };
    let (dw, dh) = (round4(dw), round4(dh));
    let rect = Rect {
        x: round4((page.0 - dw) / 2.0),
        y: round4((page.1 - dh) / 2.0),
        w: dw,
        h: dh,
    };
    (page, rect)
}

/// Rounds to the 4 decimals the content stream keeps.
fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The content stream drawing `/Im0` into `r`, turned and mirrored as the EXIF orientation
/// says. The image's unit square has the stored image's first row at the top (y = 1).
fn draw(orientation: u16, r: Rect) -> Vec<u8> {
    let m = orientation_matrix(orientation, r);
    let [a, b, c, d, e, f] = m.map(number);
    format!("q {a} {b} {c} {d} {e} {f} cm /Im0 Do Q").into_bytes()
}

/// The `cm` matrix [a b c d e f] taking the stored image's unit square onto `r` as
/// displayed. EXIF names the sides the stored first row and first column are shown on;
/// each case below is that, worked out for (u, v) ↦ (a·u + c·v + e, b·u + d·v + f).
fn orientation_matrix(orientation: u16, Rect { x, y, w, h }: Rect) -> [f64; 6] {
    match orientation {
        // Mirrored left to right.
        2 => [-w, 0.0, 0.0, h, x + w, y],
        // Turned 180°.
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        // Mirrored top to bottom.
        4 => [w, 0.0, 0.0, -h, x, y + h],
        // Transposed: first row shown as the left column.
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        // Turned 90° clockwise: first row shown as the right column, top down.
        6 => [0.0, -h, w, 0.0, x, y + h],
        // Transversed: first row shown as the right column, bottom up.
        7 => [0.0, h, w, 0.0, x, y],
        // Turned 90° anticlockwise: first row shown as the left column, bottom up.
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// A number as the content stream writes it: at most 4 decimals, trailing zeros trimmed,
/// never `-0` or an exponent.
fn number(v: f64) -> String {
    let r = round4(v);
    if r == 0.0 || !r.is_finite() {
        return "0".into();
    }
    let s = format!("{r:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::rgb::source_of;
    use image::codecs::jpeg::{JpegEncoder, PixelDensity};
    use std::io::{Cursor, Read};

    const A4: (f64, f64) = (595.276, 841.89);

    fn photo(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/fixtures/assets/photos/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn jpeg_of<I>(img: &I, density: Option<u16>) -> Vec<u8>
    where
        I: image::GenericImageView,
        I::Pixel: image::PixelWithColorType,
    {
        let mut out = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut out, 85);
        if let Some(dpi) = density {
            enc.set_pixel_density(PixelDensity::dpi(dpi));
        }
        enc.encode_image(img).unwrap();
        out
    }

    fn rgb_jpeg(w: u32, h: u32, density: Option<u16>) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        jpeg_of(&img, density)
    }

    /// An EXIF APP1 segment holding only an Orientation tag, inserted right after SOI.
    fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&1u16.to_be_bytes());
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes());
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // value padding, no next IFD
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn png_of(img: &image::DynamicImage) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// Undoes PNG row filters (Predictor 15), as a PDF reader does.
    fn unfilter(data: &[u8], row_bytes: usize, bpp: usize) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        for (r, row) in data.chunks_exact(row_bytes + 1).enumerate() {
            let base = out.len();
            for i in 0..row_bytes {
                let left = if i >= bpp { out[base + i - bpp] } else { 0 };
                let up = if r > 0 { out[base + i - row_bytes] } else { 0 };
                let up_left = if r > 0 && i >= bpp {
                    out[base + i - bpp - row_bytes]
                } else {
                    0
                };
                let pred = match row[0] {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                    4 => paeth(left, up, up_left),
                    f => panic!("filter type {f}"),
                };
                out.push(row[1 + i].wrapping_add(pred));
            }
        }
        out
    }

    /// The pixels an 8-bit Flate image with Predictor 15 holds, checking its parameters.
    fn predicted_pixels(image: &Stream, colors: i64) -> Vec<u8> {
        let d = &image.dict;
        assert_eq!(d.get(b"Filter").unwrap().as_name().unwrap(), b"FlateDecode");
        assert_eq!(d.get(b"BitsPerComponent").unwrap().as_i64().unwrap(), 8);
        let parms = d.get(b"DecodeParms").unwrap().as_dict().unwrap();
        assert_eq!(parms.get(b"Predictor").unwrap().as_i64().unwrap(), 15);
        assert_eq!(parms.get(b"Colors").unwrap().as_i64().unwrap(), colors);
        let columns = parms.get(b"Columns").unwrap().as_i64().unwrap();
        assert_eq!(columns, d.get(b"Width").unwrap().as_i64().unwrap());
        let bpp = colors as usize;
        unfilter(&inflate(&image.content), columns as usize * bpp, bpp)
    }

    fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a str {
        std::str::from_utf8(d.get(key).unwrap().as_name().unwrap()).unwrap()
    }

    fn int(d: &Dictionary, key: &[u8]) -> i64 {
        d.get(key).unwrap().as_i64().unwrap()
    }

    fn matrix(content: &[u8]) -> [f64; 6] {
        let s = std::str::from_utf8(content).unwrap();
        let parts: Vec<&str> = s.split(' ').collect();
        assert_eq!(parts.len(), 11, "{s}");
        assert_eq!(
            (parts[0], &parts[7..]),
            ("q", &["cm", "/Im0", "Do", "Q"][..]),
            "{s}"
        );
        std::array::from_fn(|i| parts[i + 1].parse().unwrap())
    }

    fn apply([a, b, c, d, e, f]: [f64; 6], (u, v): (f64, f64)) -> (f64, f64) {
        (a * u + c * v + e, b * u + d * v + f)
    }

    fn assert_jpeg_passthrough(bytes: &[u8], page: &ImagePage, space: &str, (w, h): (i64, i64)) {
        let d = &page.image.dict;
        assert_eq!(
            page.image.content, bytes,
            "the JPEG must go in byte for byte"
        );
        assert!(!page.image.allows_compression);
        assert_eq!(name(d, b"Type"), "XObject");
        assert_eq!(name(d, b"Subtype"), "Image");
        assert_eq!(name(d, b"Filter"), "DCTDecode");
        assert_eq!(name(d, b"ColorSpace"), space);
        assert_eq!(int(d, b"BitsPerComponent"), 8);
        assert_eq!((int(d, b"Width"), int(d, b"Height")), (w, h));
        assert_eq!(int(d, b"Length"), bytes.len() as i64);
        assert!(!d.has(b"DecodeParms"));
        assert!(page.smask.is_none());
    }

    #[test]
    fn rgb_jpeg_goes_in_untouched() {
        let bytes = photo("face_ok.jpg");
        let (w, h, _) = jpeg::header(&bytes).unwrap();
        let page = image_page(&bytes, FileType::Jpeg, A4).unwrap();
        assert_jpeg_passthrough(&bytes, &page, "DeviceRGB", (w.into(), h.into()));
        assert!(!page.image.dict.has(b"Decode"));
    }

    #[test]
    fn adobe_cmyk_jpeg_is_decoded_inverted() {
        let bytes = photo("face_cmyk.jpg");
        let (w, h, _) = jpeg::header(&bytes).unwrap();
        let page = image_page(&bytes, FileType::Jpeg, A4).unwrap();
        assert_jpeg_passthrough(&bytes, &page, "DeviceCMYK", (w.into(), h.into()));
        let decode: Vec<i64> = page
            .image
            .dict
            .get(b"Decode")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_i64().unwrap())
            .collect();
        assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);

        // The same data without its APP14 segment is plain CMYK: no Decode.
        let app14 = bytes
            .windows(9)
            .position(|w| w == b"\xFF\xEE\x00\x0EAdobe")
            .unwrap();
        let mut plain = bytes[..app14].to_vec();
        plain.extend_from_slice(&bytes[app14 + 2 + 14..]);
        let page = image_page(&plain, FileType::Jpeg, A4).unwrap();
        assert_jpeg_passthrough(&plain, &page, "DeviceCMYK", (w.into(), h.into()));
        assert!(!page.image.dict.has(b"Decode"));
    }

    #[test]
    fn gray_jpeg_is_device_gray() {
        let img =
            image::GrayImage::from_fn(40, 30, |x, y| image::Luma([((x * 5 + y) % 256) as u8]));
        let bytes = jpeg_of(&img, None);
        let page = image_page(&bytes, FileType::Jpeg, A4).unwrap();
        assert_jpeg_passthrough(&bytes, &page, "DeviceGray", (40, 30));
    }

    #[test]
    fn jpegs_pdf_cannot_show_are_refused() {
        let bytes = rgb_jpeg(16, 16, None);
        let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        // Lossless (SOF3) and 12-bit baseline-marked data.
        let mut lossless = bytes.clone();
        lossless[sof + 1] = 0xC3;
        assert!(image_page(&lossless, FileType::Jpeg, A4).is_err());
        let mut twelve = bytes.clone();
        twelve[sof + 1] = 0xC1;
        twelve[sof + 4] = 12;
        assert!(image_page(&twelve, FileType::Jpeg, A4).is_err());
        let cut = &bytes[..bytes.len() - 40];
        let err = image_page(cut, FileType::Jpeg, A4).err().unwrap();
        assert!(err.contains("cut short"), "{err}");
    }

    #[test]
    fn transparent_png_gets_a_soft_mask_of_its_alpha() {
        let img = image::RgbaImage::from_fn(9, 5, |x, y| {
            let alpha = match x {
                0..=2 => 0,
                3..=5 => 128,
                _ => 255,
            };
            image::Rgba([(x * 20) as u8, (y * 40) as u8, 200, alpha])
        });
        let page = image_page(&png_of(&img.clone().into()), FileType::Png, A4).unwrap();
        assert_eq!(name(&page.image.dict, b"ColorSpace"), "DeviceRGB");
        let rgb: Vec<u8> = img.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(predicted_pixels(&page.image, 3), rgb);
        let smask = page.smask.expect("a transparent PNG needs a soft mask");
        let d = &smask.dict;
        assert_eq!(name(d, b"Subtype"), "Image");
        assert_eq!(name(d, b"ColorSpace"), "DeviceGray");
        assert_eq!(name(d, b"Filter"), "FlateDecode");
        assert_eq!(int(d, b"BitsPerComponent"), 8);
        assert_eq!((int(d, b"Width"), int(d, b"Height")), (9, 5));
        let alpha: Vec<u8> = img.pixels().map(|p| p[3]).collect();
        assert_eq!(inflate(&smask.content), alpha);
        // The caller adds the mask and links it.
        assert!(!page.image.dict.has(b"SMask"));

        // Gray with alpha: a gray image and the same kind of mask.
        let img = image::GrayAlphaImage::from_fn(4, 3, |x, _| {
            image::LumaA([(x * 60) as u8, (x * 80) as u8])
        });
        let page = image_page(&png_of(&img.clone().into()), FileType::Png, A4).unwrap();
        assert_eq!(name(&page.image.dict, b"ColorSpace"), "DeviceGray");
        let gray: Vec<u8> = img.pixels().map(|p| p[0]).collect();
        assert_eq!(predicted_pixels(&page.image, 1), gray);
        let alpha: Vec<u8> = img.pixels().map(|p| p[1]).collect();
        assert_eq!(inflate(&page.smask.unwrap().content), alpha);
    }

    #[test]
    fn opaque_png_has_no_soft_mask() {
        let rgba = image::RgbaImage::from_fn(6, 4, |x, y| {
            image::Rgba([x as u8 * 30, y as u8 * 50, 7, 255])
        });
        let page = image_page(&png_of(&rgba.clone().into()), FileType::Png, A4).unwrap();
        assert!(page.smask.is_none());
        let rgb: Vec<u8> = rgba.pixels().flat_map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(predicted_pixels(&page.image, 3), rgb);
        let rgb = image::RgbImage::from_raw(6, 4, rgb).unwrap();
        assert!(
            image_page(&png_of(&rgb.into()), FileType::Png, A4)
                .unwrap()
                .smask
                .is_none()
        );
    }

    #[test]
    fn sixteen_bit_png_is_reduced_to_eight() {
        let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(7, 3, |x, y| {
            image::Rgb([x as u16 * 30 * 257, y as u16 * 100 * 257, 65535])
        });
        let page = image_page(&png_of(&img.into()), FileType::Png, A4).unwrap();
        assert_eq!(name(&page.image.dict, b"ColorSpace"), "DeviceRGB");
        let expected: Vec<u8> = (0..3u8)
            .flat_map(|y| (0..7u8).flat_map(move |x| [x * 30, y * 100, 255]))
            .collect();
        assert_eq!(predicted_pixels(&page.image, 3), expected);

        let img = image::ImageBuffer::<image::Luma<u16>, _>::from_fn(5, 2, |x, _| {
            image::Luma([x as u16 * 257 * 50])
        });
        let page = image_page(&png_of(&img.into()), FileType::Png, A4).unwrap();
        assert_eq!(name(&page.image.dict, b"ColorSpace"), "DeviceGray");
        assert_eq!(
            predicted_pixels(&page.image, 1),
            [0, 50, 100, 150, 200].repeat(2)
        );
    }

    /// A chunk of a hand-built PNG.
    fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }

    #[test]
    fn palette_png_is_expanded_with_its_transparency() {
        // 4 x 2, 8-bit palette: red, green, and a half-transparent blue.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png_chunk(&mut png, b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 2, 8, 3, 0, 0, 0]);
        png_chunk(&mut png, b"PLTE", &[255, 0, 0, 0, 255, 0, 0, 0, 255]);
        png_chunk(&mut png, b"tRNS", &[255, 255, 100]);
        let rows = [0, 0, 1, 2, 1, 0, 2, 2, 1, 0];
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(&rows).unwrap();
        png_chunk(&mut png, b"IDAT", &z.finish().unwrap());
        png_chunk(&mut png, b"IEND", &[]);
        let page = image_page(&png, FileType::Png, A4).unwrap();
        let (r, g, b) = ([255, 0, 0], [0, 255, 0], [0, 0, 255]);
        let expected = [r, g, b, g, b, b, g, r].concat();
        assert_eq!(predicted_pixels(&page.image, 3), expected);
        let alpha = inflate(&page.smask.unwrap().content);
        assert_eq!(alpha, [255, 255, 100, 255, 100, 100, 255, 255]);
    }

    /// A 1-bit uncompressed TIFF as fax software writes it (WhiteIsZero), at 200 dpi.
    fn bilevel_tiff(w: u16, h: u16, black: impl Fn(u16, u16) -> bool) -> Vec<u8> {
        let row_bytes = usize::from(w).div_ceil(8);
        let mut strip = vec![0u8; row_bytes * usize::from(h)];
        for y in 0..h {
            for x in 0..w {
                if black(x, y) {
                    strip[usize::from(y) * row_bytes + usize::from(x) / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        let entries: [(u16, u16, u32); 12] = [
            (256, 3, w.into()),
            (257, 3, h.into()),
            (258, 3, 1),
            (259, 3, 1),
            (262, 3, 0),
            (273, 4, 174),
            (277, 3, 1),
            (278, 3, h.into()),
            (279, 4, strip.len() as u32),
            (282, 5, 158),
            (283, 5, 166),
            (296, 3, 2),
        ];
        let mut tiff = b"II*\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&12u16.to_le_bytes());
        for (tag, kind, value) in entries {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&1u32.to_le_bytes());
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        for _ in 0..2 {
            tiff.extend_from_slice(&200u32.to_le_bytes());
            tiff.extend_from_slice(&1u32.to_le_bytes());
        }
        assert_eq!(tiff.len(), 174);
        tiff.extend_from_slice(&strip);
        tiff
    }

    #[test]
    fn bilevel_tiff_is_packed_to_one_bit() {
        let black = |x: u16, y: u16| (x + 2 * y).is_multiple_of(5);
        let (w, h) = (19u16, 23u16);
        let page = image_page(&bilevel_tiff(w, h, black), FileType::Tiff, A4).unwrap();
        let d = &page.image.dict;
        assert_eq!(name(d, b"ColorSpace"), "DeviceGray");
        assert_eq!(name(d, b"Filter"), "FlateDecode");
        assert_eq!(int(d, b"BitsPerComponent"), 1);
        assert_eq!((int(d, b"Width"), int(d, b"Height")), (19, 23));
        assert!(!d.has(b"DecodeParms"));
        let packed = inflate(&page.image.content);
        assert_eq!(packed.len(), 3 * 23, "rows padded to whole bytes");
        for y in 0..h {
            for x in 0..w {
                let bit = packed[usize::from(y) * 3 + usize::from(x) / 8] & (0x80 >> (x % 8));
                // DeviceGray at 1 bit: 1 is white.
                assert_eq!(bit == 0, black(x, y), "pixel ({x}, {y})");
            }
        }
        assert!(page.smask.is_none());
        // The TIFF's 200 dpi is a physical size: 19 x 23 px is 6.84 x 8.28 pt, centred on A4.
        assert_eq!(page.size, A4);
        let [a, _, _, dd, e, f] = matrix(&page.content);
        assert_eq!((a, dd), (6.84, 8.28));
        assert_eq!((e, f), (294.218, 416.805));

        // One mid-gray pixel and it is an 8-bit image.
        let mut img =
            image::GrayImage::from_fn(9, 4, |x, _| image::Luma([if x % 2 == 0 { 0 } else { 255 }]));
        let mut tiff = Cursor::new(Vec::new());
        img.write_to(&mut tiff, image::ImageFormat::Tiff).unwrap();
        let page = image_page(tiff.get_ref(), FileType::Tiff, A4).unwrap();
        assert_eq!(int(&page.image.dict, b"BitsPerComponent"), 1);
        img.put_pixel(3, 2, image::Luma([128]));
        let mut tiff = Cursor::new(Vec::new());
        img.write_to(&mut tiff, image::ImageFormat::Tiff).unwrap();
        let page = image_page(tiff.get_ref(), FileType::Tiff, A4).unwrap();
        assert_eq!(predicted_pixels(&page.image, 1), img.into_raw());
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Side {
        Top,
        Bottom,
        Left,
        Right,
    }

    /// Where EXIF (CIPA DC-008, Orientation tag) shows the stored image's first row and
    /// first column.
    fn exif_sides(orientation: u16) -> (Side, Side) {
        use Side::*;
        match orientation {
            1 => (Top, Left),
            2 => (Top, Right),
            3 => (Bottom, Right),
            4 => (Bottom, Left),
            5 => (Left, Top),
            6 => (Right, Top),
            7 => (Right, Bottom),
            8 => (Left, Bottom),
            _ => unreachable!(),
        }
    }

    fn corner(r: Rect, a: Side, b: Side) -> (f64, f64) {
        let on = |s: Side| match s {
            Side::Top => (None, Some(r.y + r.h)),
            Side::Bottom => (None, Some(r.y)),
            Side::Left => (Some(r.x), None),
            Side::Right => (Some(r.x + r.w), None),
        };
        let (ax, ay) = on(a);
        let (bx, by) = on(b);
        (ax.or(bx).unwrap(), ay.or(by).unwrap())
    }

    fn opposite(s: Side) -> Side {
        match s {
            Side::Top => Side::Bottom,
            Side::Bottom => Side::Top,
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    /// The matrix maps the unit square onto `r`, the stored first row's start to where EXIF
    /// shows the first row meeting the first column, and the row's end along that side.
    fn assert_orientation(orientation: u16, m: [f64; 6], r: Rect) {
        let mut got: Vec<(f64, f64)> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .map(|p| apply(m, p))
            .to_vec();
        let mut want = vec![
            (r.x, r.y),
            (r.x + r.w, r.y),
            (r.x, r.y + r.h),
            (r.x + r.w, r.y + r.h),
        ];
        got.sort_by(|a, b| a.partial_cmp(b).unwrap());
        want.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(got, want, "orientation {orientation}: corners");
        let (row, column) = exif_sides(orientation);
        // Unit square (0, 1) is the stored top-left pixel corner, (1, 1) the top-right.
        assert_eq!(
            apply(m, (0.0, 1.0)),
            corner(r, row, column),
            "orientation {orientation}: top-left"
        );
        assert_eq!(
            apply(m, (1.0, 1.0)),
            corner(r, row, opposite(column)),
            "orientation {orientation}: top-right"
        );
    }

    #[test]
    fn orientation_matrices_follow_exif() {
        let r = Rect {
            x: 10.0,
            y: 20.0,
            w: 300.0,
            h: 400.0,
        };
        for orientation in 1..=8 {
            assert_orientation(orientation, matrix(&draw(orientation, r)), r);
        }
    }

    #[test]
    fn orientation_matrices_agree_with_the_pixel_reorientation() {
        // Every stored pixel's centre lands on the centre of the displayed pixel that
        // `measure::rgb::source_of` (which the rules measure) says shows it.
        let (sw, sh) = (4usize, 3usize);
        for orientation in 1..=8u16 {
            let (dw, dh) = if orientation >= 5 { (sh, sw) } else { (sw, sh) };
            let r = Rect {
                x: 0.0,
                y: 0.0,
                w: dw as f64,
                h: dh as f64,
            };
            let m = matrix(&draw(orientation, r));
            for y in 0..dh {
                for x in 0..dw {
                    let (sx, sy) = source_of(orientation, sw, sh, x, y);
                    let u = (sx as f64 + 0.5) / sw as f64;
                    let v = 1.0 - (sy as f64 + 0.5) / sh as f64;
                    let want = (x as f64 + 0.5, dh as f64 - (y as f64 + 0.5));
                    let (px, py) = apply(m, (u, v));
                    assert!(
                        (px - want.0).abs() < 1e-9 && (py - want.1).abs() < 1e-9,
                        "orientation {orientation}: stored ({sx}, {sy}) at ({px}, {py}), want {want:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn exif_orientation_turns_the_page_not_the_pixels() {
        let stored = rgb_jpeg(200, 100, None);
        let paper = (500.0, 800.0);
        for orientation in 1..=8 {
            let bytes = with_orientation(&stored, orientation);
            assert_eq!(
                crate::read::image_file::metadata(&bytes, FileType::Jpeg).orientation,
                orientation
            );
            let page = image_page(&bytes, FileType::Jpeg, paper).unwrap();
            assert_eq!(page.image.content, bytes);
            assert_eq!(
                (
                    int(&page.image.dict, b"Width"),
                    int(&page.image.dict, b"Height")
                ),
                (200, 100)
            );
            // No density: fitted to the paper, turned to suit the displayed shape.
            let (size, r) = if orientation >= 5 {
                (
                    (500.0, 800.0),
                    Rect {
                        x: 50.0,
                        y: 0.0,
                        w: 400.0,
                        h: 800.0,
                    },
                )
            } else {
                (
                    (800.0, 500.0),
                    Rect {
                        x: 0.0,
                        y: 50.0,
                        w: 800.0,
                        h: 400.0,
                    },
                )
            };
            assert_eq!(page.size, size, "orientation {orientation}");
            assert_orientation(orientation, matrix(&page.content), r);
        }
    }

    #[test]
    fn a4_scan_at_300_dpi_is_drawn_at_its_size() {
        let bytes = rgb_jpeg(2480, 3508, Some(300));
        let page = image_page(&bytes, FileType::Jpeg, A4).unwrap();
        // 3508 px at 300 dpi is 841.92 pt, 0.01 mm over A4: the page grows, the image
        // keeps its size.
        assert_eq!(page.size, (595.276, 841.92));
        let [a, b, c, d, e, f] = matrix(&page.content);
        assert_eq!([a, b, c, d], [595.2, 0.0, 0.0, 841.92]);
        assert_eq!((e, f), (0.038, 0.0));
        // Small on big paper: centred at its size, not blown up.
        let page = image_page(&rgb_jpeg(600, 300, Some(300)), FileType::Jpeg, A4).unwrap();
        assert_eq!(page.size, (841.89, 595.276));
        assert_eq!(
            matrix(&page.content),
            [144.0, 0.0, 0.0, 72.0, 348.945, 261.638]
        );
    }

    #[test]
    fn phone_photo_at_72_dpi_is_fitted_to_landscape_a4() {
        let bytes = rgb_jpeg(4032, 3024, Some(72));
        let page = image_page(&bytes, FileType::Jpeg, A4).unwrap();
        assert_eq!(page.size, (841.89, 595.276));
        let [a, b, c, d, e, f] = matrix(&page.content);
        let w = round4(4032.0 * 595.276 / 3024.0);
        assert_eq!([a, b, c, d, f], [w, 0.0, 0.0, 595.276, 0.0]);
        assert_eq!(e, round4((841.89 - w) / 2.0));
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(841.889_96), "841.89");
        assert_eq!(number(0.000_05), "0.0001");
        assert_eq!(number(1e-7), "0");
        assert_eq!(number(1.5e15), "1500000000000000");
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let jpeg = with_orientation(&rgb_jpeg(33, 17, Some(96)), 6);
        let rgba = image::RgbaImage::from_fn(13, 11, |x, y| {
            image::Rgba([x as u8, y as u8, 3, (x * 19) as u8])
        });
        let png = png_of(&rgba.into());
        let tiff = bilevel_tiff(21, 9, |x, y| x == y);
        for (kind, file) in [
            (FileType::Jpeg, &jpeg),
            (FileType::Png, &png),
            (FileType::Tiff, &tiff),
        ] {
            assert!(image_page(file, kind, A4).is_ok());
            // Cut anywhere before the end of the pixel data (a PNG's last 12 bytes are
            // its end chunk; the TIFF's strip is last).
            for cut in 0..file.len() - 12 {
                let r = image_page(&file[..cut], kind, A4);
                assert!(r.is_err(), "{kind:?} cut at {cut} was accepted");
            }
            // Bytes flipped in the headers: anything but a panic.
            let mut seed = 0x2545_f491_4f6c_dd1du64;
            for _ in 0..400 {
                let mut damaged = file.clone();
                for _ in 0..3 {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let at = (seed % 240) as usize % damaged.len();
                    damaged[at] = (seed >> 32) as u8;
                }
                let _ = image_page(&damaged, kind, A4);
            }
            let garbage: Vec<u8> = (0..500u32).map(|i| (i * 7919 % 251) as u8).collect();
            assert!(image_page(&garbage, kind, A4).is_err());
            assert!(image_page(&[], kind, A4).is_err());
        }
        assert!(image_page(&png, FileType::Gif, A4).is_err());
        assert!(image_page(&jpeg, FileType::Jpeg, (0.0, 10.0)).is_err());
        assert!(image_page(&jpeg, FileType::Jpeg, (f64::NAN, 10.0)).is_err());
    }
}
