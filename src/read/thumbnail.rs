//! Small pictures of a document's pages for the HTML report: PDF pages rendered by hayro
//! (a pure-Rust PDF renderer: no system library, nothing leaves the machine), image files
//! decoded, turned upright and shrunk. Each a JPEG about [`WIDTH`] pixels wide.

use super::frame::Frame;
use super::guard::catching_value;
use super::image_file::{decode_dynamic, metadata, read_capped};
use super::limits::MAX_FILE_BYTES;
use crate::measure::{Gray, Rgb};
use crate::pack::sniff::FileType;
use std::path::Path;

/// A thumbnail's width in pixels: shown at about half that, twice it when enlarged;
/// 10-20 kB a page.
pub const WIDTH: u32 = 360;
/// A page larger than this many points on a side is not rendered (a poster, a hostile
/// page size): no picture, rather than a huge one.
const MAX_SIDE_PT: f32 = 14_400.0;
/// JPEG quality of the thumbnails.
const QUALITY: u8 = 70;
/// Pages drawn per document: the report shows the first ones and counts the rest, and a
/// 2000-page file must not cost 2000 renderings.
pub const MAX_PAGES: usize = 12;
/// A page whose content streams decode to more than this is not drawn: the renderer
/// holds what it draws, and a 64 MiB page of a hostile file took gigabytes.
const MAX_CONTENT_BYTES: usize = 8 << 20;
/// A page drawing an image of more pixels than this is not drawn (the read layer measures
/// such an image without decoding all of it; the renderer would decode it whole).
const MAX_IMAGE_PIXELS: i64 = 40_000_000;

/// One page's picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// 1-based page number.
    pub page: u32,
    /// The JPEG.
    pub jpeg: Vec<u8>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

/// The thumbnails of the document at `path`, of type `kind` and `pages` pages (when
/// known), page by page, but for the pages in `have`; a page that cannot be drawn has
/// none. Never fails: a file that cannot be read has no pictures.
pub fn thumbnails(path: &Path, kind: FileType, pages: Option<u32>, have: &[u32]) -> Vec<Thumbnail> {
    let wanted = pages
        .unwrap_or(MAX_PAGES as u32)
        .min(MAX_PAGES as u32)
        .max(1);
    if (1..=wanted).all(|p| have.contains(&p)) {
        return Vec::new();
    }
    let Ok(bytes) = read_capped(path, MAX_FILE_BYTES) else {
        return Vec::new();
    };
    catching_value(|| match kind {
        FileType::Pdf => pdf_pages(bytes, have),
        FileType::Jpeg | FileType::Png | FileType::Tiff => {
            image(&bytes, kind).into_iter().collect()
        }
        _ => Vec::new(),
    })
    .unwrap_or_default()
}

fn pdf_pages(bytes: Vec<u8>, have: &[u32]) -> Vec<Thumbnail> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings, render};
    let drawable = drawable_pages(&bytes);
    let Ok(pdf) = Pdf::new(bytes) else {
        return Vec::new();
    };
    let settings = InterpreterSettings::default();
    let cache = RenderCache::new();
    let mut out = Vec::new();
    for (i, page) in pdf.pages().iter().enumerate().take(MAX_PAGES) {
        if have.contains(&(i as u32 + 1)) {
            continue;
        }
        match drawable.get(i) {
            Some(Draw::Render) => {}
            Some(Draw::Scan(data)) => {
                out.extend(scan_thumbnail(i as u32 + 1, data));
                continue;
            }
            Some(Draw::Skip) | None => continue,
        }
        let (w, h) = page.render_dimensions();
        if !(w > 0.0 && h > 0.0 && w.max(h) <= MAX_SIDE_PT) {
            continue;
        }
        let scale = WIDTH as f32 / w;
        let drawn = catching_value(|| {
            render(
                page,
                &cache,
                &settings,
                &RenderSettings::default(),
                &PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: WHITE,
                },
            )
        });
        let Some(pixmap) = drawn else {
            continue;
        };
        let (pw, ph) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        // Premultiplied RGBA over white: the background is opaque, so the colour is as is.
        let rgb: Vec<u8> = pixmap
            .data_as_u8_slice()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        if let Some(jpeg) = encode_page(&rgb, pw, ph) {
            out.push(Thumbnail {
                page: i as u32 + 1,
                jpeg,
                size: (pw, ph),
            });
        }
    }
    out
}

/// How one of the first pages is drawn.
enum Draw {
    /// Not at all: it would cost too much, or lopdf cannot read it.
    Skip,
    /// By the renderer.
    Render,
    /// A scanner's page (one upright JPEG filling it, nothing else): its JPEG decoded at
    /// the smallest IDCT scale that keeps the thumbnail's width, 20 times faster than
    /// rendering it at full size.
    Scan(Vec<u8>),
}

/// How each of the first pages is drawn, by what lopdf reads of them within the read
/// layer's limits: content that decodes to a bounded size, images of bounded size.
fn drawable_pages(bytes: &[u8]) -> Vec<Draw> {
    let Ok(doc) = lopdf::Document::load_mem_with_options(bytes, super::pdf::load_options()) else {
        return Vec::new();
    };
    doc.get_pages()
        .values()
        .take(MAX_PAGES)
        .map(|&id| {
            let Ok(content) = doc.get_page_content_with_limit(id, MAX_CONTENT_BYTES) else {
                return Draw::Skip;
            };
            let Ok(images) = doc.get_page_images(id) else {
                return Draw::Skip;
            };
            if images
                .iter()
                .any(|i| i.width.saturating_mul(i.height) > MAX_IMAGE_PIXELS)
            {
                return Draw::Skip;
            }
            match (scan_page(&doc, id, &content), images.as_slice()) {
                (true, [image]) if is_plain_jpeg(image) => Draw::Scan(image.content.to_vec()),
                _ => Draw::Render,
            }
        })
        .collect()
}

/// Whether the page only draws one image upright over the whole of it: `q W 0 0 H X Y cm
/// /Name Do Q`, unrotated, the image's shape the page's.
fn scan_page(doc: &lopdf::Document, id: lopdf::ObjectId, content: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(content) else {
        return false;
    };
    let t: Vec<&str> = text.split_whitespace().collect();
    let num = |s: &str| s.parse::<f64>().ok();
    let upright = matches!(t.as_slice(), ["q", a, b, c, d, _, _, "cm", name, "Do", "Q"]
        if num(a).is_some_and(|v| v > 0.0) && num(b) == Some(0.0) && num(c) == Some(0.0)
            && num(d).is_some_and(|v| v > 0.0) && name.starts_with('/'));
    let Ok(page) = doc.get_dictionary(id) else {
        return false;
    };
    let rotated = super::content::inherited(doc, page, b"Rotate")
        .and_then(|r| r.as_i64().ok())
        .is_some_and(|r| r % 360 != 0);
    let fills = super::content::inherited(doc, page, b"MediaBox")
        .and_then(|m| m.as_array().ok())
        .and_then(|m| {
            let v: Vec<f64> = m
                .iter()
                .filter_map(|o| o.as_float().ok())
                .map(f64::from)
                .collect();
            let (Some(a), Some(d)) = (t.get(1).and_then(|s| num(s)), t.get(4).and_then(|s| num(s)))
            else {
                return None;
            };
            let [x0, y0, x1, y1] = v[..] else {
                return None;
            };
            Some((a - (x1 - x0).abs()).abs() < 2.0 && (d - (y1 - y0).abs()).abs() < 2.0)
        })
        .unwrap_or(false);
    upright && !rotated && fills
}

/// A baseline JPEG in gray or RGB, as scanners write them.
fn is_plain_jpeg(image: &lopdf::xobject::PdfImage) -> bool {
    let jpeg = image
        .filters
        .as_ref()
        .is_some_and(|f| f.len() == 1 && f[0] == "DCTDecode");
    let space = image
        .color_space
        .as_deref()
        .is_some_and(|c| c == "DeviceRGB" || c == "DeviceGray");
    jpeg && space && !image.origin_dict.has(b"Decode") && !image.origin_dict.has(b"SMask")
}

/// A scan page's thumbnail from its JPEG data.
fn scan_thumbnail(page: u32, data: &[u8]) -> Option<Thumbnail> {
    let (w, _, _) = super::jpeg::header(data).ok()?;
    let (rgb, _, _) = super::jpeg::decode_rgb(data, f64::from(WIDTH) / f64::from(w.max(1))).ok()?;
    let rgb = rgb.resample_area(f64::from(WIDTH) / rgb.width.max(1) as f64);
    let (tw, th) = (rgb.width as u32, rgb.height as u32);
    let jpeg = encode_page(&rgb.data, tw, th)?;
    Some(Thumbnail {
        page,
        jpeg,
        size: (tw, th),
    })
}

/// A picture as JPEG: one channel when it has no colour (most letters, every gray
/// scan), a third of the work and the bytes of three.
fn encode_page(rgb: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
    if rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]) {
        let luma: Vec<u8> = rgb.chunks_exact(3).map(|p| p[0]).collect();
        super::jpeg::encode(&luma, w, h, true, QUALITY)
    } else {
        super::jpeg::encode(rgb, w, h, false, QUALITY)
    }
}

/// A scan at a picture's width (no wider than it was decoded), from its colour pixels
/// when it was decoded in colour, else from its luma.
pub fn shrunk(colour: Option<Rgb>, gray: &Gray) -> Rgb {
    match colour {
        Some(rgb) => narrowed(rgb),
        // Shrunk first: a third of the pixels to average.
        None => {
            let factor = f64::from(WIDTH) / gray.width.max(1) as f64;
            if factor < 1.0 {
                Rgb::from_gray(&crate::measure::gray::resample_area(gray, factor))
            } else {
                Rgb::from_gray(gray)
            }
        }
    }
}

/// An image at a picture's width, or as it is when narrower.
pub fn narrowed(rgb: Rgb) -> Rgb {
    let factor = f64::from(WIDTH) / rgb.width.max(1) as f64;
    if factor < 1.0 {
        rgb.resample_area(factor)
    } else {
        rgb
    }
}

/// Page `page`'s picture from its scan at a picture's width (`small`), drawn where the
/// frame puts it on a white page of `shown` points; `None` unless the scan is upright.
pub fn page_of(page: u32, small: &Rgb, frame: &Frame, (pw, ph): (f64, f64)) -> Option<Thumbnail> {
    let [l, t, r, b] = frame.upright()?;
    if !(pw > 0.0 && ph > 0.0 && small.width > 0 && small.height > 0) {
        return None;
    }
    let cw = WIDTH as usize;
    let ch = ((f64::from(WIDTH) * ph / pw).round() as usize).clamp(1, 4 * cw);
    // The scan's box in the picture's pixels.
    let (x0, y0) = ((l * cw as f64).round(), (t * ch as f64).round());
    let (x1, y1) = ((r * cw as f64).round(), (b * ch as f64).round());
    let (tw, th) = ((x1 - x0).max(1.0) as usize, (y1 - y0).max(1.0) as usize);
    if tw > 4 * cw || th > 4 * ch {
        return None;
    }
    let resized;
    let scaled = if (tw, th) == (small.width, small.height) {
        small
    } else {
        resized = small.resample_area(tw as f64 / small.width as f64);
        &resized
    };
    let mut canvas = vec![255u8; cw * ch * 3];
    for y in 0..th.min(scaled.height) {
        let cy = y0 as i64 + y as i64;
        if !(0..ch as i64).contains(&cy) {
            continue;
        }
        for x in 0..tw.min(scaled.width) {
            let cx = x0 as i64 + x as i64;
            if !(0..cw as i64).contains(&cx) {
                continue;
            }
            let from = (y * scaled.width + x) * 3;
            let to = (cy as usize * cw + cx as usize) * 3;
            canvas[to..to + 3].copy_from_slice(&scaled.data[from..from + 3]);
        }
    }
    let jpeg = encode_page(&canvas, cw as u32, ch as u32)?;
    Some(Thumbnail {
        page,
        jpeg,
        size: (cw as u32, ch as u32),
    })
}

fn image(bytes: &[u8], kind: FileType) -> Option<Thumbnail> {
    let turned = metadata(bytes, kind).orientation;
    let rgb = match kind {
        // Decoded at the smallest IDCT scale that keeps the width: a 12 MP photo at 1/8.
        FileType::Jpeg => {
            let (w, _, _) = super::jpeg::header(bytes).ok()?;
            super::jpeg::decode_rgb(bytes, f64::from(WIDTH) / f64::from(w.max(1)))
                .ok()?
                .0
        }
        _ => {
            let img = decode_dynamic(bytes, kind).ok()?.to_rgb8();
            let (w, h) = img.dimensions();
            Rgb::new(w as usize, h as usize, img.into_raw())
        }
    };
    let rgb = rgb.oriented(turned);
    let rgb = rgb.resample_area(f64::from(WIDTH) / rgb.width.max(1) as f64);
    let (w, h) = (rgb.width as u32, rgb.height as u32);
    let jpeg = encode_page(&rgb.data, w, h)?;
    Some(Thumbnail {
        page: 1,
        jpeg,
        size: (w, h),
    })
}
