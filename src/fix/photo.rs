//! `fix --photo`: the portal's photo made from the applicant's. Turned upright, cropped to
//! the portal's shape around the detected face with the head at the profile's share of the
//! height, made small enough without enlarging it, and written as the best JPEG under the
//! size limit. Nothing is guessed: a photo too small for the portal, or without a face
//! the detector finds, is refused with the reason.

use crate::measure::{FaceBox, Head, Rgb};
use crate::pack::profile::{PhotoSpec, Profile};
use crate::pack::sniff::FileType;
use crate::read::photo;

/// The lowest JPEG quality written: below it a face shows blocks, and portals' own checks
/// (and their officers) reject it.
const MIN_QUALITY: u8 = 70;
/// The highest tried; above it the file grows with nothing to see.
const MAX_QUALITY: u8 = 95;
/// How much of the space the head leaves free goes above the crown (the rest is chin,
/// neck and shoulders), as ICAO's and the State Department's examples place it.
const ABOVE_CROWN: f64 = 0.4;
/// How far, as a share of the crop's width, the face may sit off the crop's centre when
/// the photo's edge leaves no room to centre it.
const OFF_CENTRE: f64 = 0.06;

/// What the portal's photo must be, from the profile's `[upload.photo]` and `[photo]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Width over height.
    pub aspect: f64,
    /// Smallest width and height in pixels.
    pub min_px: (u32, u32),
    /// Largest width and height in pixels, when the portal has a limit.
    pub max_px: Option<(u32, u32)>,
    /// Largest file in bytes, when the portal has a limit.
    pub max_bytes: Option<u64>,
    /// Chin-to-crown over height, lowest and highest, when the profile says.
    pub head: Option<(f64, f64)>,
}

impl Target {
    /// The target of `profile`: `[upload.photo]` where the portal's upload has its own
    /// rules, else the printed photo's `[photo]` spec.
    pub fn of(profile: &Profile) -> Target {
        let spec: &PhotoSpec = &profile.photo;
        let head = PhotoSpec::pair(&spec.head_height_ratio);
        let kb = |kb: f64| (kb * 1000.0) as u64;
        if let Some(up) = &profile.upload.photo {
            let aspect = if up.square { 1.0 } else { spec.aspect() };
            let side = |px: u32| {
                if aspect >= 1.0 {
                    (px, (f64::from(px) / aspect).round() as u32)
                } else {
                    ((f64::from(px) * aspect).round() as u32, px)
                }
            };
            return Target {
                aspect,
                min_px: side(up.px[0]),
                max_px: Some(side(up.px[1])),
                max_bytes: Some(kb(up.max_kb)),
                head,
            };
        }
        let pair = |v: &[u32]| PhotoSpec::pair(v);
        Target {
            aspect: spec.aspect(),
            min_px: pair(&spec.min_px).unwrap_or((1, 1)),
            max_px: pair(&spec.max_px),
            max_bytes: PhotoSpec::pair(&spec.file_kb).map(|(_, hi)| kb(hi)),
            head,
        }
    }

    /// The target in a few words: `600-1200 px square, at most 240 kB, head 50-69 %`.
    pub fn describe(&self) -> String {
        let (w, h) = self.min_px;
        let mut out = match self.max_px {
            Some((mw, _)) if self.aspect == 1.0 => format!("{w}-{mw} px square"),
            Some((mw, mh)) => format!("{w} x {h} to {mw} x {mh} px"),
            None => format!("at least {w} x {h} px"),
        };
        if let Some(b) = self.max_bytes {
            out.push_str(&format!(", at most {} kB", b / 1000));
        }
        if let Some((lo, hi)) = self.head {
            out.push_str(&format!(", head {}-{} %", pct(lo), pct(hi)));
        }
        out
    }
}

fn pct(share: f64) -> u32 {
    (share * 100.0).round() as u32
}

/// The part of the displayed photo kept, in its pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crop {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
    /// Whether it was placed around the measured head (else centred on the face).
    pub around_head: bool,
}

/// Why no portal photo can be made, and what the applicant can do.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// What is wrong with the source.
    pub reason: String,
    /// What to do instead.
    pub help: String,
}

fn refuse(reason: String, help: &str) -> Refusal {
    Refusal {
        reason,
        help: help.into(),
    }
}

/// The portal photo, ready to be written.
#[derive(Debug, Clone)]
pub struct Made {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Its quality setting.
    pub quality: u8,
    /// Its width and height.
    pub px: (u32, u32),
    /// The source as displayed.
    pub source_px: (u32, u32),
    /// The source's EXIF orientation (1 when upright).
    pub orientation: u16,
    /// The part of the source kept.
    pub crop: Crop,
    /// The head's share of the height, measured again on the result.
    pub head_ratio: Option<f64>,
}

/// Makes the portal's photo from the photo file `bytes` of type `kind`; `None` when the
/// photo already is one (so a second run does not re-encode it).
pub fn make(bytes: &[u8], kind: FileType, target: &Target) -> Result<Option<Made>, Refusal> {
    let unreadable = |e: String| {
        refuse(
            format!("the photo cannot be read: {e}"),
            "export it again as a JPEG from the camera or phone",
        )
    };
    let (measured, _) = photo::analyse(bytes, kind, true).map_err(unreadable)?;
    let Some(face) = measured.face else {
        return Err(refuse(
            "no face was found in the photo".into(),
            "use a photo taken from the front, the face uncovered and evenly lit; dossier \
             does not guess where to crop",
        ));
    };
    let (sw, sh) = measured.pixels;
    if kind == FileType::Jpeg && measured.orientation <= 1 && fits(bytes.len(), &measured, target) {
        return Ok(None);
    }
    let crop = place(sw, sh, face, measured.head, target)?;
    let px = output_size(&crop, target)?;
    let full = photo::displayed(bytes, kind).map_err(unreadable)?;
    let pixels = crop_and_resize(&full, &crop, px);
    let (jpeg, quality) = encode_under(&pixels, px, target.max_bytes)?;
    // The result is measured as the photo rules will measure it: the face must still be
    // found, and its head is what the report states.
    let again = photo::analyse(&jpeg, FileType::Jpeg, false)
        .ok()
        .map(|(p, _)| p);
    if again.as_ref().is_none_or(|p| p.face.is_none()) {
        return Err(refuse(
            "the face is no longer found once the photo is cropped and resized".into(),
            "use a larger, sharper photo taken from the front",
        ));
    }
    Ok(Some(Made {
        jpeg,
        quality,
        px,
        source_px: (sw, sh),
        orientation: measured.orientation,
        crop,
        head_ratio: again.and_then(|p| p.head).map(|h| h.ratio),
    }))
}

/// Whether a photo of `len` bytes measured as `p` already is what `target` asks.
fn fits(len: usize, p: &photo::Photo, target: &Target) -> bool {
    let (w, h) = p.pixels;
    let aspect = f64::from(w) / f64::from(h.max(1));
    let shape = (aspect / target.aspect - 1.0).abs() <= 0.01;
    let (min_w, min_h) = target.min_px;
    let big_enough = w >= min_w && h >= min_h;
    let small_enough = target.max_px.is_none_or(|(mw, mh)| w <= mw && h <= mh);
    let light = target.max_bytes.is_none_or(|m| len as u64 <= m);
    let head = match (target.head, p.head) {
        (Some((lo, hi)), Some(head)) => (lo..=hi).contains(&head.ratio),
        (Some(_), None) => false,
        (None, _) => true,
    };
    shape && big_enough && small_enough && light && head
}

/// Where to crop a `w` x `h` photo with `face` (and `head`, when measured) for `target`.
///
/// With a head and a head band: the crop puts the head at the band's middle share of the
/// height if the photo has room, else at the largest share it has room for, never above
/// the band; the face is centred across, the free height split [`ABOVE_CROWN`] above.
/// Otherwise: the largest crop of the portal's shape centred on the face.
pub fn place(
    w: u32,
    h: u32,
    face: FaceBox,
    head: Option<Head>,
    target: &Target,
) -> Result<Crop, Refusal> {
    let (fw, fh) = (f64::from(w), f64::from(h));
    let a = target.aspect;
    let cx = face.x + face.size / 2.0;
    let fits_across = |cw: f64| -> Option<f64> {
        let left = (cx - cw / 2.0).clamp(0.0, (fw - cw).max(0.0));
        (cw <= fw && (left + cw / 2.0 - cx).abs() <= OFF_CENTRE * cw).then_some(left)
    };
    if let (Some(head), Some((lo, hi))) = (head, target.head) {
        let head_h = head.chin - head.crown;
        let mid = (lo + hi) / 2.0;
        const STEPS: usize = 20;
        for i in 0..=STEPS {
            let r = mid + (hi - mid) * i as f64 / STEPS as f64;
            let ch = (head_h / r).floor();
            let cw = (ch * a).floor();
            let top = (head.crown - ABOVE_CROWN * (ch - head_h)).clamp(0.0, (fh - ch).max(0.0));
            let holds_head = ch <= fh && top <= head.crown && head.chin <= top + ch;
            if let (true, Some(left)) = (holds_head, fits_across(cw)) {
                return Ok(Crop {
                    x: left.round() as u32,
                    y: top.round() as u32,
                    w: cw as u32,
                    h: ch as u32,
                    around_head: true,
                });
            }
        }
        let ch = head_h / hi;
        return Err(refuse(
            format!(
                "the photo is cut too close around the head: with the head at {} % of the \
                 height, the portal's shape needs about {} x {} px around it, and the \
                 photo has {w} x {h} px",
                pct(hi),
                (ch * a).round(),
                ch.round()
            ),
            "take the photo again from a little further away, with space above the head \
             and the shoulders in the picture",
        ));
    }
    // No head to size: the largest crop of the portal's shape, the face centred across
    // and a little above the middle, where a portrait puts it.
    let (mut cw, mut ch) = (fw, fw / a);
    if ch > fh {
        (cw, ch) = (fh * a, fh);
    }
    let (cw, ch) = (cw.floor(), ch.floor());
    let cy = face.y + face.size / 2.0;
    let top = (cy - 0.45 * ch).clamp(0.0, (fh - ch).max(0.0));
    let left = (cx - cw / 2.0).clamp(0.0, (fw - cw).max(0.0));
    Ok(Crop {
        x: left.round() as u32,
        y: top.round() as u32,
        w: cw as u32,
        h: ch as u32,
        around_head: false,
    })
}

/// The output size for `crop`: as it is when within the portal's range, made smaller to
/// the largest size allowed when over it, and refused when under the smallest: an
/// enlarged photo is a blurred one.
pub fn output_size(crop: &Crop, target: &Target) -> Result<(u32, u32), Refusal> {
    let (cw, ch) = (f64::from(crop.w), f64::from(crop.h));
    let scale = target.max_px.map_or(1.0, |(mw, mh)| {
        (f64::from(mw) / cw).min(f64::from(mh) / ch).min(1.0)
    });
    // Within the range the crop is kept pixel for pixel: a resize by a pixel only blurs.
    let (w, h) = if scale >= 1.0 {
        (crop.w, crop.h)
    } else {
        let w = (cw * scale).floor().max(1.0);
        let h = if target.aspect == 1.0 {
            w
        } else {
            (w / target.aspect).round().min(ch * scale).max(1.0)
        };
        (w as u32, h as u32)
    };
    let (min_w, min_h) = target.min_px;
    if w < min_w || h < min_h {
        return Err(refuse(
            format!(
                "the photo is too small: the crop around the head is {} x {} px, and the \
                 portal wants at least {min_w} x {min_h} px",
                crop.w, crop.h
            ),
            "use the camera's original file or a larger scan; dossier does not enlarge a \
             photo, since an enlarged photo is a blurred one",
        ));
    }
    Ok((w, h))
}

fn crop_and_resize(full: &Rgb, crop: &Crop, (w, h): (u32, u32)) -> image::RgbImage {
    let (fw, fh) = (full.width as u32, full.height as u32);
    let src = image::RgbImage::from_raw(fw, fh, full.data.clone())
        .unwrap_or_else(|| image::RgbImage::new(1, 1));
    let x = crop.x.min(fw.saturating_sub(1));
    let y = crop.y.min(fh.saturating_sub(1));
    let part = image::imageops::crop_imm(&src, x, y, crop.w.min(fw - x), crop.h.min(fh - y));
    if (crop.w, crop.h) == (w, h) {
        return part.to_image();
    }
    // Lanczos, not an area average: a face is judged on its edges, and one photo is cheap.
    image::imageops::resize(&*part, w, h, image::imageops::FilterType::Lanczos3)
}

/// The highest quality whose JPEG is at most `max_bytes`, by bisection (size grows with
/// quality); refused when even [`MIN_QUALITY`] is over.
fn encode_under(
    pixels: &image::RgbImage,
    (w, h): (u32, u32),
    max_bytes: Option<u64>,
) -> Result<(Vec<u8>, u8), Refusal> {
    if w > 65_535 || h > 65_535 {
        return Err(refuse(
            format!("a {w} x {h} px photo is over JPEG's 65535 px side"),
            "use a smaller copy of the photo",
        ));
    }
    let encode = |q: u8| -> Vec<u8> {
        crate::read::jpeg::encode(pixels.as_raw(), w, h, false, q).unwrap_or_default()
    };
    let fits = |b: &[u8]| max_bytes.is_none_or(|m| b.len() as u64 <= m);
    let best = encode(MAX_QUALITY);
    if fits(&best) {
        return Ok((best, MAX_QUALITY));
    }
    let floor = encode(MIN_QUALITY);
    if !fits(&floor) {
        return Err(refuse(
            format!(
                "even at JPEG quality {MIN_QUALITY} the {w} x {h} px photo is {} kB, over the \
                 portal's {} kB",
                floor.len() / 1000,
                max_bytes.unwrap_or(0) / 1000
            ),
            "use a photo with a plainer background, which compresses better",
        ));
    }
    let (mut lo, mut hi, mut kept) = (MIN_QUALITY, MAX_QUALITY, floor);
    while hi - lo > 1 {
        let q = (lo + hi) / 2;
        let bytes = encode(q);
        if fits(&bytes) {
            (lo, kept) = (q, bytes);
        } else {
            hi = q;
        }
    }
    Ok((kept, lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lo: u32, hi: u32) -> Target {
        Target {
            aspect: 1.0,
            min_px: (lo, lo),
            max_px: Some((hi, hi)),
            max_bytes: Some(240_000),
            head: Some((0.50, 0.69)),
        }
    }

    fn face(x: f64, y: f64, size: f64) -> FaceBox {
        FaceBox {
            x,
            y,
            size,
            score: 10.0,
        }
    }

    fn head(crown: f64, chin: f64, h: f64) -> Head {
        Head {
            crown,
            chin,
            ratio: (chin - crown) / h,
            crown_found: true,
        }
    }

    #[test]
    fn the_head_is_put_at_the_middle_of_the_band_when_there_is_room() {
        // A 3000 x 4000 phone photo, head 600 px tall from y 1000.
        let c = place(
            3000,
            4000,
            face(1200.0, 1250.0, 500.0),
            Some(head(1000.0, 1600.0, 4000.0)),
            &square(600, 1200),
        )
        .unwrap();
        assert!(c.around_head);
        assert_eq!(c.w, c.h);
        let share = 600.0 / f64::from(c.h);
        assert!((share - 0.595).abs() < 0.005, "{share}");
        // Centred on the face, 40 % of the free height above the crown.
        assert!((f64::from(c.x) + f64::from(c.w) / 2.0 - 1450.0).abs() <= 1.0);
        let above = 1000.0 - f64::from(c.y);
        assert!((above / (f64::from(c.h) - 600.0) - ABOVE_CROWN).abs() < 0.01);
    }

    #[test]
    fn a_tight_photo_gets_a_larger_share_within_the_band_or_a_refusal() {
        // Head 477 px in a 700 px wide photo: the middle share needs 802 px, 69 % fits.
        let t = square(600, 1200);
        let c = place(
            700,
            900,
            face(210.0, 250.0, 280.0),
            Some(head(180.0, 657.0, 900.0)),
            &t,
        )
        .unwrap();
        let share = 477.0 / f64::from(c.h);
        assert!(share <= 0.69 + 1e-3 && share > 0.65, "{share}");
        // Head 675 px of 900: even 69 % needs 978 px; refused, with the sizes.
        let err = place(
            700,
            900,
            face(200.0, 200.0, 300.0),
            Some(head(110.0, 785.0, 900.0)),
            &t,
        )
        .unwrap_err();
        assert!(err.reason.contains("too close"), "{}", err.reason);
        assert!(err.reason.contains("700 x 900"), "{}", err.reason);
    }

    #[test]
    fn a_crop_is_made_smaller_but_never_larger() {
        let t = square(600, 1200);
        let big = Crop {
            x: 0,
            y: 0,
            w: 2000,
            h: 2000,
            around_head: true,
        };
        assert_eq!(output_size(&big, &t).unwrap(), (1200, 1200));
        let mid = Crop {
            w: 800,
            h: 800,
            ..big
        };
        assert_eq!(output_size(&mid, &t).unwrap(), (800, 800));
        let small = Crop {
            w: 500,
            h: 500,
            ..big
        };
        let err = output_size(&small, &t).unwrap_err();
        assert!(err.reason.contains("500 x 500"), "{}", err.reason);
        assert!(err.help.contains("does not enlarge"));
    }

    #[test]
    fn without_a_head_band_the_largest_crop_is_centred_on_the_face() {
        let t = Target {
            head: None,
            ..square(100, 1000)
        };
        let c = place(1000, 800, face(100.0, 300.0, 200.0), None, &t).unwrap();
        assert_eq!((c.w, c.h), (800, 800));
        assert_eq!(c.x, 0, "pushed against the left edge");
        assert!(!c.around_head);
    }

    #[test]
    fn the_quality_is_the_highest_under_the_limit() {
        let mut img = image::RgbImage::new(400, 400);
        for (x, y, p) in img.enumerate_pixels_mut() {
            *p = image::Rgb([
                (x * 7 % 256) as u8,
                (y * 3 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ]);
        }
        let (free, q) = encode_under(&img, (400, 400), None).unwrap();
        assert_eq!(q, MAX_QUALITY);
        let limit = free.len() as u64 * 2 / 3;
        let (bytes, q) = encode_under(&img, (400, 400), Some(limit)).unwrap();
        assert!(bytes.len() as u64 <= limit && (MIN_QUALITY..MAX_QUALITY).contains(&q));
        assert!(encode_under(&img, (400, 400), Some(1000)).is_err());
    }
}
