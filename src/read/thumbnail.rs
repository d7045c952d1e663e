//! Small pictures of a document's pages for the HTML report: PDF pages rendered by hayro
//! (a pure-Rust PDF renderer: no system library, nothing leaves the machine), image files
//! decoded, turned upright and shrunk. Each a JPEG about [`WIDTH`] pixels wide.

use super::guard::catching_value;
use super::image_file::{decode_dynamic, metadata, read_capped};
use super::limits::MAX_FILE_BYTES;
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

/// The thumbnails of the document at `path`, of type `kind`, page by page; a page that
/// cannot be drawn has none. Never fails: a file that cannot be read has no pictures.
pub fn thumbnails(path: &Path, kind: FileType) -> Vec<Thumbnail> {
    let Ok(bytes) = read_capped(path, MAX_FILE_BYTES) else {
        return Vec::new();
    };
    catching_value(|| match kind {
        FileType::Pdf => pdf_pages(bytes),
        FileType::Jpeg | FileType::Png | FileType::Tiff => {
            image(&bytes, kind).into_iter().collect()
        }
        _ => Vec::new(),
    })
    .unwrap_or_default()
}

fn pdf_pages(bytes: Vec<u8>) -> Vec<Thumbnail> {
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
        if let Some(jpeg) = super::jpeg::encode(&rgb, pw, ph, false, QUALITY) {
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
    let jpeg = super::jpeg::encode(&rgb.data, tw, th, false, QUALITY)?;
    Some(Thumbnail {
        page,
        jpeg,
        size: (tw, th),
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
            crate::measure::Rgb::new(w as usize, h as usize, img.into_raw())
        }
    };
    let rgb = rgb.oriented(turned);
    let rgb = rgb.resample_area(f64::from(WIDTH) / rgb.width.max(1) as f64);
    let (w, h) = (rgb.width as u32, rgb.height as u32);
    let jpeg = super::jpeg::encode(&rgb.data, w, h, false, QUALITY)?;
    Some(Thumbnail {
        page: 1,
        jpeg,
        size: (w, h),
    })
}
