//! Fitting a document under a portal's size limit without losing legibility: after a
//! lossless pass ([`super::tidy`]), only its scans (JPEG, or 8-bit deflated) are
//! re-encoded as JPEG, at the highest resolution and quality that fit, never
//! below the profile's recommended scan resolution (so `scan/resolution` says of the
//! result what it said of the source) nor a quality near `scan/compression`'s threshold.
//! Text, vector content, fonts, fields, links and bookmarks are left as they are.
//!
//! The usual recipe, Ghostscript's `/ebook`, takes every image to 150 dpi, below what
//! small print and stamps need; this stops at the profile's floor and says when that is
//! not enough, rather than writing an illegible file.

use super::resample::Area;
use lopdf::{Document, Object, ObjectId};
use std::borrow::Cow;

/// The floors a shrunk scan keeps.
#[derive(Debug, Clone, Copy)]
pub struct Floors {
    /// Lowest effective resolution a scan is taken to (the profile's recommended DPI).
    pub dpi: f64,
    /// Lowest JPEG quality written (well above the profile's `min_jpeg_quality`).
    pub quality: u8,
}

/// A document made to fit, and what was done to it.
#[derive(Debug, Clone)]
pub struct Shrunk {
    /// The new file.
    pub bytes: Vec<u8>,
    /// What changed, in plain words: `3 scans at 300 -> 200 dpi, q 80`.
    pub changes: String,
}

/// Why a document could not be made to fit.
#[derive(Debug, Clone)]
pub struct NoFit {
    /// The smallest size reached, in bytes.
    pub smallest: u64,
    /// Why no smaller, in plain words.
    pub why: String,
    /// The smallest legible document reached, when it is smaller than the original: what
    /// a merged build, which needs every byte the documents can give, takes instead.
    pub best: Option<Shrunk>,
}

/// One JPEG image of the document, where it is drawn largest.
struct Scan {
    id: ObjectId,
    /// Effective resolution on its page, taking the page's size as its drawn size: a
    /// scan drawn smaller has a higher one, so this errs towards keeping pixels.
    dpi: f64,
    bytes: usize,
    /// Bytes of its decoded pixels.
    pixels: u64,
}

/// Decoded pixels a document's scans may hold between the two passes, in bytes: one or two
/// 300 dpi colour pages (26 MB each) are not decoded twice, a long statement is.
const KEEP_DECODED: u64 = 80 << 20;

/// Rewrites the document losslessly, then, when that is not enough, re-encodes its scans
/// step by step from the gentlest until the file is at most `budget` bytes and `legible`
/// accepts it (the caller checks it with the scan rules); the first such step is kept.
pub fn shrink(
    pdf: &[u8],
    budget: u64,
    floors: Floors,
    legible: &(dyn Fn(&[u8]) -> bool + Sync),
) -> Result<Shrunk, NoFit> {
    let nofit = |smallest: u64, why: &str| NoFit {
        smallest,
        why: why.to_string(),
        best: None,
    };
    let original = pdf.len() as u64;
    let mut doc =
        Document::load_mem(pdf).map_err(|_| nofit(original, "it cannot be read again"))?;
    // Lossless first: when dropping what does not show and recompressing is enough, no
    // pixel changes.
    let tidied = super::tidy::tidy(&mut doc);
    let lossless = save(doc.clone()).ok();
    let base = lossless.as_ref().map_or(original, |b| b.len() as u64);
    if base <= budget
        && base < original
        && let Some(bytes) = lossless.clone()
    {
        return Ok(Shrunk {
            bytes,
            changes: format!("rewritten losslessly: {}", tidied.describe()),
        });
    }
    let mut best = lossless.filter(|_| base < original).map(|bytes| Shrunk {
        bytes,
        changes: format!("rewritten losslessly: {}", tidied.describe()),
    });
    let mut scans = scans_of(&doc);
    if scans.is_empty() {
        let why = if base < original {
            "it holds no scan to re-encode, its text and drawings are kept as they are, and a lossless rewrite is not enough"
        } else {
            "it holds no scan to re-encode, and its text and drawings are kept as they are"
        };
        return Err(NoFit {
            best,
            ..nofit(base.min(original), why)
        });
    }
    scans.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.id.cmp(&b.id)));
    let source_dpi = scans.iter().map(|s| s.dpi).fold(0.0, f64::max);
    // From the gentlest: full resolution at a lower quality, then lower resolutions.
    let mut steps: Vec<(f64, u8)> = Vec::new();
    for dpi in [300.0, 250.0, 200.0, 150.0] {
        for q in [85u8, 75, 65] {
            steps.push((f64::min(dpi, source_dpi), q));
        }
    }
    steps.retain(|&(d, q)| d >= floors.dpi.min(source_dpi) && q >= floors.quality);
    steps.dedup();
    // What is not a scan stays as the lossless pass left it.
    let rest = base.saturating_sub(scans.iter().map(|s| s.bytes as u64).sum());
    use rayon::prelude::*;
    // The scans' data leaves the base document, so that each try's copy of it is small;
    // a scan a try does not make smaller gets its original back.
    let originals: Vec<lopdf::Stream> = scans
        .iter()
        .map(
            |s| match doc.get_object_mut(s.id).and_then(Object::as_stream_mut) {
                Ok(stream) => {
                    lopdf::Stream::new(stream.dict.clone(), std::mem::take(&mut stream.content))
                }
                Err(_) => lopdf::Stream::new(lopdf::Dictionary::new(), Vec::new()),
            },
        )
        .collect();
    // First pass, a scan at a time (so only two are decoded at once): every step's size
    // estimated from a sample of its rows. Encoding every step in full was most of the
    // time, and holding every page decoded most of the memory.
    // A document whose scans are small decoded keeps them for the second pass.
    let keep = scans.iter().map(|s| s.pixels).sum::<u64>() <= KEEP_DECODED;
    // A kept scan's estimates are made step by step, as the steps are tried: most
    // documents fit at the first.
    let (estimates, kept): (Vec<Option<Vec<u64>>>, Vec<Option<Pixels>>) = scans
        .par_iter()
        .zip(&originals)
        .map(|(s, o)| match decode(o) {
            Some(full) if keep => (None, Some(full)),
            Some(full) => (Some(estimate_steps(&full, s, &steps)), None),
            None => (Some(vec![s.bytes as u64; steps.len()]), None),
        })
        .unzip();
    let estimate = |k: usize| {
        let (dpi, quality) = steps[k];
        let scans_total: u64 = scans
            .par_iter()
            .zip(&estimates)
            .zip(&kept)
            .map(|((s, e), p)| match (e, p) {
                (Some(e), _) => e[k],
                (None, Some(p)) => p.sample(dpi.min(s.dpi) / s.dpi).estimate(quality),
                (None, None) => s.bytes as u64,
            })
            .sum();
        rest + scans_total
    };
    let mut smallest = base.min(original);
    let mut illegible = None;
    // How far the estimates have been off: a real size over the estimate scales the next.
    let mut error = 1.0f64;
    let last = steps.len().saturating_sub(1);
    for (k, &(dpi, quality)) in steps.iter().enumerate() {
        let tried_smallest = smallest < base.min(original);
        let estimated = estimate(k);
        // The last step is encoded even when over, so the smallest size reached is real.
        if (tried_smallest || k != last) && (estimated as f64 * error) > budget as f64 {
            continue;
        }
        // Second pass, for the chosen step only: decode, resample and encode each scan.
        let encoded: Vec<Option<(Vec<u8>, u32, u32)>> = scans
            .par_iter()
            .zip(&originals)
            .zip(&kept)
            .map(|((s, o), k)| {
                let decoded;
                let full = match k {
                    Some(full) => full,
                    None => {
                        decoded = decode(o)?;
                        &decoded
                    }
                };
                full.at(dpi.min(s.dpi) / s.dpi).encode(quality)
            })
            .collect();
        let mut doc = doc.clone();
        let mut changed = 0usize;
        let mut lowest_from = 0.0f64;
        for ((s, e), original) in scans.iter().zip(encoded).zip(&originals) {
            if replace(&mut doc, s, e, &original.content) {
                changed += 1;
                lowest_from = lowest_from.max(s.dpi);
            }
        }
        if changed == 0 {
            continue;
        }
        let Ok(bytes) = save(doc) else {
            continue;
        };
        let size = bytes.len() as u64;
        error = error.max(size as f64 / estimated.max(1) as f64);
        smallest = smallest.min(size);
        let plural = if changed == 1 { "" } else { "s" };
        let changes = if dpi + 0.5 < lowest_from {
            format!(
                "{changed} scan{plural} at {:.0} -> {dpi:.0} dpi, q {quality}",
                lowest_from
            )
        } else {
            format!("{changed} scan{plural} re-encoded at q {quality}")
        };
        if size > budget {
            // Over, at the floor: kept as the best reached, once it checks as legible.
            if k == last
                && best.as_ref().is_none_or(|b| size < b.bytes.len() as u64)
                && legible(&bytes)
            {
                best = Some(Shrunk { bytes, changes });
            }
            continue;
        }
        if !legible(&bytes) {
            illegible.get_or_insert((dpi, quality));
            continue;
        }
        return Ok(Shrunk { bytes, changes });
    }
    if let Some((dpi, quality)) = illegible {
        return Err(NoFit {
            best,
            ..nofit(
                smallest,
                &format!(
                    "at {dpi:.0} dpi and JPEG quality {quality} it would fit, but its scans then fail a scan check the original passes"
                ),
            )
        });
    }
    Err(NoFit {
        best,
        ..nofit(
            smallest,
            &format!(
                "its scans are at the floor of {:.0} dpi and JPEG quality {} that keeps them legible",
                floors.dpi.min(source_dpi),
                floors.quality
            ),
        )
    })
}

/// The JPEG images in 8-bit gray or RGB that pages draw, each with its resolution.
fn scans_of(doc: &Document) -> Vec<Scan> {
    let mut found: std::collections::BTreeMap<ObjectId, Scan> = Default::default();
    for page in doc.get_pages().into_values() {
        let Ok(dict) = doc.get_dictionary(page) else {
            continue;
        };
        let media = crate::read::content::inherited(doc, dict, b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_float().ok())
                    .collect::<Vec<f32>>()
            })
            .filter(|a| a.len() == 4)
            .map_or((595.0, 842.0), |a| {
                (
                    f64::from((a[2] - a[0]).abs()),
                    f64::from((a[3] - a[1]).abs()),
                )
            });
        let resources = crate::read::content::inherited(doc, dict, b"Resources")
            .and_then(|r| deref(doc, r).as_dict().ok());
        let Some(xobjects) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| deref(doc, x).as_dict().ok())
        else {
            continue;
        };
        for (_, obj) in xobjects.iter() {
            let Ok(id) = obj.as_reference() else {
                continue;
            };
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let d = &stream.dict;
            let is = |k: &[u8], v: &[u8]| d.get(k).and_then(Object::as_name).is_ok_and(|n| n == v);
            let simple_space = ["DeviceGray", "DeviceRGB"]
                .iter()
                .any(|s| is(b"ColorSpace", s.as_bytes()));
            let filters = stream.filters().unwrap_or_default();
            let jpeg = filters.last().is_some_and(|l| *l == b"DCTDecode");
            // A scan stored losslessly (a scanner's or img2pdf's PNG): 8-bit samples.
            let flate = filters.as_slice() == [b"FlateDecode".as_slice()]
                && d.get(b"BitsPerComponent").and_then(Object::as_i64).ok() == Some(8);
            if !(is(b"Subtype", b"Image") && (jpeg || flate) && simple_space)
                || d.has(b"Decode")
                || d.has(b"ImageMask")
            {
                continue;
            }
            let px = |k: &[u8]| d.get(k).and_then(Object::as_i64).unwrap_or(0) as f64;
            let dpi = f64::max(
                px(b"Width") / (media.0 / 72.0),
                px(b"Height") / (media.1 / 72.0),
            );
            let components = if is(b"ColorSpace", b"DeviceGray") {
                1
            } else {
                3
            };
            let scan = found.entry(id).or_insert(Scan {
                id,
                dpi,
                bytes: stream.content.len(),
                pixels: (px(b"Width") * px(b"Height")) as u64 * components,
            });
            scan.dpi = scan.dpi.min(dpi);
        }
    }
    found.into_values().collect()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    crate::read::content::deref(doc, o)
}

/// A scan's pixels, 8-bit gray or RGB.
#[derive(Clone)]
struct Pixels {
    data: Vec<u8>,
    width: usize,
    height: usize,
    gray: bool,
}

/// Rows kept of each band of [`BAND`] rows when a size is estimated: an eighth.
const SAMPLED: usize = 16;
/// The band length of the estimate. Bands of 16 rows: JPEG's colour MCU, so no sampled
/// band is padded.
const BAND: usize = 128;

impl Pixels {
    /// The pixels area-averaged by `factor` (1 keeps them).
    fn at(&self, factor: f64) -> Cow<'_, Pixels> {
        if factor >= 1.0 {
            return Cow::Borrowed(self);
        }
        let area = Area::new(self.width, self.height, self.channels(), factor);
        Cow::Owned(Pixels {
            data: area.all(&self.data),
            width: area.out_width(),
            height: area.out_height(),
            gray: self.gray,
        })
    }

    fn channels(&self) -> usize {
        if self.gray { 1 } else { 3 }
    }

    /// As JPEG at `quality`, with its size.
    fn encode(&self, quality: u8) -> Option<(Vec<u8>, u32, u32)> {
        let (w, h) = (self.width as u32, self.height as u32);
        crate::read::jpeg::encode(&self.data, w, h, self.gray, quality).map(|b| (b, w, h))
    }

    /// The first rows of every band of the pixels at `factor`: what a size is estimated
    /// from, resampled without the rest.
    fn sample(&self, factor: f64) -> Sample {
        let row = self.width * self.channels();
        let area = Area::new(self.width, self.height, self.channels(), factor.min(1.0));
        let (w, h) = (area.out_width(), area.out_height());
        let same = (w, h) == (self.width, self.height);
        let mut rows = Pixels {
            data: Vec::new(),
            width: w,
            height: 0,
            gray: self.gray,
        };
        for band in (0..h).step_by(BAND) {
            let end = (band + SAMPLED).min(h);
            if same {
                rows.data
                    .extend_from_slice(&self.data[band * row..end * row]);
            } else {
                rows.data.extend(area.rows(&self.data, band..end));
            }
            rows.height += end - band;
        }
        Sample { rows, height: h }
    }
}

/// Sampled rows of a scan at one resolution, and the height they stand for.
struct Sample {
    rows: Pixels,
    height: usize,
}

impl Sample {
    /// The JPEG size of the whole at `quality`, from the sample's.
    fn estimate(&self, quality: u8) -> u64 {
        let bytes = self.rows.encode(quality).map_or(0, |(b, _, _)| b.len());
        (bytes as f64 * self.height as f64 / self.rows.height.max(1) as f64) as u64
    }
}

/// The estimated size of `scan` at each step, from its decoded pixels `full`.
fn estimate_steps(full: &Pixels, scan: &Scan, steps: &[(f64, u8)]) -> Vec<u64> {
    let mut level: Option<(f64, Sample)> = None;
    steps
        .iter()
        .map(|&(dpi, quality)| {
            if level.as_ref().is_none_or(|(d, _)| *d != dpi) {
                level = Some((dpi, full.sample(dpi.min(scan.dpi) / scan.dpi)));
            }
            level
                .as_ref()
                .map_or(scan.bytes as u64, |(_, s)| s.estimate(quality))
        })
        .collect()
}

/// A scan's pixels as decoded from its JPEG data.
fn decode(stream: &lopdf::Stream) -> Option<Pixels> {
    let gray = stream
        .dict
        .get(b"ColorSpace")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"DeviceGray");
    let is_flate = stream
        .filters()
        .is_ok_and(|f| f.last().is_some_and(|l| *l == b"FlateDecode"));
    if is_flate {
        let px = |k: &[u8]| {
            stream
                .dict
                .get(k)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|v| usize::try_from(v).ok())
        };
        let (width, height) = (px(b"Width")?, px(b"Height")?);
        let channels = if gray { 1 } else { 3 };
        let mut data = stream.decompressed_content().ok()?;
        if data.len() < width * height * channels {
            return None;
        }
        data.truncate(width * height * channels);
        return Some(Pixels {
            data,
            width,
            height,
            gray,
        });
    }
    let data = crate::read::raster::encoded_data(stream).ok()?;
    let img = image::load_from_memory_with_format(&data, image::ImageFormat::Jpeg).ok()?;
    let (width, height) = (img.width() as usize, img.height() as usize);
    let data = if gray {
        img.into_luma8().into_raw()
    } else {
        img.into_rgb8().into_raw()
    };
    Some(Pixels {
        data,
        width,
        height,
        gray,
    })
}

/// Puts the new JPEG in place of the scan when it is smaller, else the original data
/// back; whether it was.
fn replace(
    doc: &mut Document,
    scan: &Scan,
    jpeg: Option<(Vec<u8>, u32, u32)>,
    original: &[u8],
) -> bool {
    let Ok(stream) = doc.get_object_mut(scan.id).and_then(Object::as_stream_mut) else {
        return false;
    };
    let Some((jpeg, w, h)) = jpeg.filter(|(j, _, _)| j.len() < original.len()) else {
        stream.set_content(original.to_vec());
        return false;
    };
    stream.dict.set("Width", i64::from(w));
    stream.dict.set("Height", i64::from(h));
    stream.dict.set("BitsPerComponent", 8);
    stream.dict.remove(b"DecodeParms");
    stream
        .dict
        .set("Filter", Object::Name(b"DCTDecode".to_vec()));
    stream.set_content(jpeg);
    true
}

/// The document written as the build writes, without what nothing refers to any more.
fn save(mut doc: Document) -> std::io::Result<Vec<u8>> {
    doc.prune_objects();
    super::save(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A one-page A4 PDF holding a noisy `w` x `h` JPEG scan at quality 95.
    fn scan_pdf(w: u32, h: u32) -> Vec<u8> {
        scan_pdf_stored(w, h, false)
    }

    /// [`scan_pdf`], the scan stored as JPEG or, with `flate`, losslessly.
    fn scan_pdf_stored(w: u32, h: u32, flate: bool) -> Vec<u8> {
        let img = image::GrayImage::from_fn(w, h, |x, y| {
            // Text-like strokes with noise, so JPEG has something to keep.
            let v = ((x * 7 + y * 13) ^ (x * y)) % 251;
            image::Luma([if (y / 12) % 3 == 0 && x % 9 < 4 {
                20
            } else {
                200 + (v % 50) as u8
            }])
        });
        let (data, filter) = if flate {
            use std::io::Write;
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(img.as_raw()).unwrap();
            (e.finish().unwrap(), "FlateDecode")
        } else {
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
                .encode_image(&img)
                .unwrap();
            (jpeg, "DCTDecode")
        };
        let mut doc = Document::with_version("1.5");
        let image = doc.add_object(lopdf::Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(w),
                "Height" => i64::from(h), "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8, "Filter" => filter,
            },
            data,
        ));
        let content = doc.add_object(lopdf::Stream::new(
            lopdf::Dictionary::new(),
            b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
        ));
        super::super::with_one_page(
            &mut doc,
            dictionary! {
                "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
            },
        );
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn dpi_of(pdf: &[u8]) -> f64 {
        let doc = Document::load_mem(pdf).unwrap();
        scans_of(&doc)[0].dpi
    }

    #[test]
    fn a_scan_goes_only_as_low_as_it_must() {
        // 300 dpi A4.
        let pdf = scan_pdf(2480, 3508);
        let floors = Floors {
            dpi: 200.0,
            quality: 65,
        };
        let original = pdf.len() as u64;
        let gentle = shrink(&pdf, original * 9 / 10, floors, &|_| true).unwrap();
        assert!(gentle.bytes.len() as u64 <= original * 9 / 10);
        assert!(dpi_of(&gentle.bytes) > 299.0, "{}", gentle.changes);
        // A tighter budget: lower, never below the floor, or a refusal that says how far
        // it got.
        match shrink(&pdf, original / 4, floors, &|_| true) {
            Ok(s) => {
                assert!(dpi_of(&s.bytes) >= 199.0, "{}", s.changes);
                assert!(s.bytes.len() as u64 <= original / 4);
            }
            Err(no) => assert!(no.smallest > original / 4 && no.smallest < original),
        }
        // Past the floor: no file, the smallest reachable and why.
        let none = shrink(&pdf, 1000, floors, &|_| true).unwrap_err();
        assert!(none.smallest < original && none.smallest > 1000);
        assert!(none.why.contains("200 dpi"), "{}", none.why);
    }

    #[test]
    fn a_document_without_scans_is_not_touched() {
        let floors = Floors {
            dpi: 200.0,
            quality: 65,
        };
        let form = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/packs/012-lee/02_Form.pdf"
        ))
        .unwrap();
        let none = shrink(&form, 10, floors, &|_| true).unwrap_err();
        assert!(none.smallest <= form.len() as u64);
        assert!(none.why.contains("no scan to re-encode"), "{}", none.why);
        assert!(shrink(b"%PDF-1.4 not really", 10, floors, &|_| true).is_err());
    }

    #[test]
    fn a_scan_stored_losslessly_becomes_a_jpeg_when_that_is_what_fits() {
        let floors = Floors {
            dpi: 200.0,
            quality: 65,
        };
        // 300 dpi A4 gray, deflated: the lossless pass cannot help, the JPEG steps can.
        let pdf = scan_pdf_stored(2480, 3508, true);
        let budget = pdf.len() as u64 / 3;
        let fitted = shrink(&pdf, budget, floors, &|_| true).unwrap();
        assert!(fitted.bytes.len() as u64 <= budget, "{}", fitted.changes);
        let doc = Document::load_mem(&fitted.bytes).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let images = doc.get_page_images(page).unwrap();
        assert_eq!(
            images[0].filters.as_deref(),
            Some(&["DCTDecode".to_string()][..])
        );
        assert!(
            images[0].width >= 1653,
            "never below 200 dpi: {}",
            images[0].width
        );
    }

    #[test]
    fn a_text_pdf_is_fitted_losslessly_when_that_is_enough() {
        let floors = Floors {
            dpi: 200.0,
            quality: 65,
        };
        // A page of text stored without compression, as some producers write it.
        let text =
            b"BT /F1 9 Tf 50 800 Td (visa invoice confirm departure balance) Tj ET\n".repeat(2000);
        let mut doc = Document::with_version("1.7");
        let content = doc.add_object(lopdf::Stream::new(dictionary! {}, text.clone()));
        super::super::with_one_page(
            &mut doc,
            dictionary! {
                "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            },
        );
        let mut pdf = Vec::new();
        doc.save_to(&mut pdf).unwrap();
        let budget = pdf.len() as u64 / 4;
        let fitted = shrink(&pdf, budget, floors, &|_| true).unwrap();
        assert!(fitted.bytes.len() as u64 <= budget);
        assert!(fitted.changes.contains("losslessly"), "{}", fitted.changes);
        let back = Document::load_mem(&fitted.bytes).unwrap();
        let page = *back.get_pages().values().next().unwrap();
        let got = back.get_page_content(page);
        assert!(
            got.trim_ascii_end() == text.trim_ascii_end(),
            "the same content: {} bytes, not {}",
            got.len(),
            text.len()
        );
    }
}
