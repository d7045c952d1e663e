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
        if !drawable.get(i).copied().unwrap_or(false) {
            continue;
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

/// Which of the first pages are safe to draw, by what lopdf reads of them within the read
/// layer's limits: content that decodes to a bounded size, images of bounded size. Pages
/// lopdf cannot read are not drawn either.
fn drawable_pages(bytes: &[u8]) -> Vec<bool> {
    let Ok(doc) = lopdf::Document::load_mem_with_options(bytes, super::pdf::load_options()) else {
        return Vec::new();
    };
    doc.get_pages()
        .values()
        .take(MAX_PAGES)
        .map(|&id| {
            let content = doc
                .get_page_content_with_limit(id, MAX_CONTENT_BYTES)
                .is_ok();
            let images = doc.get_page_images(id).is_ok_and(|images| {
                images
                    .iter()
                    .all(|i| i.width.saturating_mul(i.height) <= MAX_IMAGE_PIXELS)
            });
            content && images
        })
        .collect()
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
