//! The photo rules on real photos: every built-in profile's limits, backgrounds, heads,
//! colour policies, and a photo delivered as a one-image PDF.

mod common;

use common::{check_json, findings, one_page_pdf, root};
use dossier::pack::profile::{BUILTIN, PhotoSpec, Profile};
use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;
use std::path::Path;

fn asset(name: &str) -> std::path::PathBuf {
    root().join("fixtures/assets/photos").join(name)
}

/// A pack holding only `file` under `name`.
fn pack_with(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// (rule, severity, message) of every photo finding on `dir`.
fn photo_findings(dir: &Path, profile: &str, select: &str) -> Vec<(String, String, String)> {
    let (_, report) = check_json(&[
        "--profile",
        profile,
        "--select",
        select,
        dir.to_str().unwrap(),
    ]);
    findings(&report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The drawn corpus portrait, resized to `w` x `h`, as a JPEG of `quality`.
fn portrait_jpeg(w: u32, h: u32, quality: u8) -> Vec<u8> {
    let src = image::open(asset("drawn_ok.jpg")).unwrap().to_rgb8();
    let img: RgbImage = image::imageops::resize(&src, w, h, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img)
        .unwrap();
    out
}

/// A JPEG grown to `bytes` with a comment segment (what editors that embed thumbnails
/// and metadata do), its pixels unchanged.
fn padded(mut jpeg: Vec<u8>, bytes: usize) -> Vec<u8> {
    let mut extra = Vec::new();
    while jpeg.len() + extra.len() < bytes {
        let n = (bytes - jpeg.len() - extra.len()).clamp(4, 65_535);
        extra.extend_from_slice(&[0xFF, 0xFE]);
        // The length counts itself, not the marker.
        extra.extend_from_slice(&((n - 2) as u16).to_be_bytes());
        extra.extend(std::iter::repeat_n(b' ', n - 4));
    }
    jpeg.splice(2..2, extra);
    jpeg
}

/// The size closest to `(w, h)` with the profile's proportions, at least `w` wide.
fn with_aspect(spec: &PhotoSpec, w: u32) -> (u32, u32) {
    (w, (f64::from(w) / spec.aspect()).round() as u32)
}

/// A JPEG of `(w, h)` whose file size falls inside the profile's range.
fn jpeg_within(spec: &PhotoSpec, (w, h): (u32, u32)) -> Vec<u8> {
    let Some((lo, hi)) = PhotoSpec::pair(&spec.file_kb) else {
        return portrait_jpeg(w, h, 88);
    };
    for q in [90u8, 80, 70, 60, 50, 40, 30, 20] {
        let j = portrait_jpeg(w, h, q);
        let kb = j.len() as f64 / 1000.0;
        if kb <= hi {
            return if kb >= lo {
                j
            } else {
                padded(j, (lo * 1000.0) as usize + 2000)
            };
        }
    }
    panic!("no quality fits {w}x{h} in {lo}-{hi} kB");
}

#[test]
fn every_builtin_profile_limits_pass_and_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let select = "photo/dimensions,photo/aspect";
    for (name, src) in BUILTIN {
        let spec = Profile::parse(src).unwrap().photo;
        let case = |label: &str, bytes: &[u8]| {
            let dir = tmp.path().join(name).join(label);
            pack_with(&dir, "01_Photo.jpg", bytes);
            photo_findings(&dir, name, select)
        };
        let min_w = PhotoSpec::pair(&spec.min_px).map_or(600, |(w, h)| {
            w.max((f64::from(h) * spec.aspect()).ceil() as u32)
        });
        let ok = with_aspect(&spec, min_w);
        let got = case("inside", &jpeg_within(&spec, ok));
        assert!(got.is_empty(), "{name}: {ok:?} inside its limits: {got:?}");

        if let Some((mw, _)) = PhotoSpec::pair(&spec.min_px) {
            let small = with_aspect(&spec, mw - 1);
            let got = case("below-min", &jpeg_within(&spec, small));
            assert!(
                got.iter()
                    .any(|f| f.0 == "photo/dimensions" && f.2.contains("minimum")),
                "{name}: {small:?} is below the minimum: {got:?}"
            );
        }
        if let Some((mw, _)) = PhotoSpec::pair(&spec.max_px) {
            let big = with_aspect(&spec, mw + 2);
            let got = case("above-max", &portrait_jpeg(big.0, big.1, 30));
            assert!(
                got.iter()
                    .any(|f| f.0 == "photo/dimensions" && f.2.contains("maximum")),
                "{name}: {big:?} is above the maximum: {got:?}"
            );
        }
        if let Some((lo, hi)) = PhotoSpec::pair(&spec.file_kb) {
            let heavy = padded(jpeg_within(&spec, ok), (hi * 1000.0) as usize + 5000);
            let got = case("too-heavy", &heavy);
            assert!(
                got.iter()
                    .any(|f| f.0 == "photo/dimensions" && f.2.contains("kB limit")),
                "{name}: {} kB is over {hi} kB: {got:?}",
                heavy.len() / 1000
            );
            if lo > 0.0 {
                let light = portrait_jpeg(ok.0, ok.1, 2);
                assert!(
                    (light.len() as f64) < lo * 1000.0,
                    "{name}: test photo too big"
                );
                let got = case("too-light", &light);
                assert!(
                    got.iter()
                        .any(|f| f.0 == "photo/dimensions" && f.2.contains("kB minimum")),
                    "{name}: {} kB is under {lo} kB: {got:?}",
                    light.len() / 1000
                );
            }
        }
        // Off the print size's proportions by twice the tolerance plus a bit.
        let off = 1.0 + 2.0 * spec.aspect_tolerance + 0.03;
        let wide = (((ok.0 as f64) * off).round() as u32, ok.1);
        let got = case("wrong-aspect", &jpeg_within(&spec, wide));
        assert!(
            got.iter().any(|f| f.0 == "photo/aspect"),
            "{name}: {wide:?} is off the {:?} mm proportions: {got:?}",
            spec.print_size_mm
        );
    }
}

#[test]
fn background_defects_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("drawn_dark_background.jpg", "kz-b1", Some("too dark")),
        ("drawn_red_background.jpg", "kz-b1", Some("coloured")),
        ("drawn_shadow.jpg", "kz-b1", Some("darker at the left")),
        ("drawn_ok.jpg", "kz-b1", None),
        // A studio's gray backdrop is light enough for most routes, not for a white one.
        ("face_ok.jpg", "kz-b1", None),
        ("face_ok.jpg", "us-b1b2", Some("too dark")),
    ];
    for (i, (file, profile, want)) in cases.iter().enumerate() {
        let dir = tmp.path().join(i.to_string());
        pack_with(&dir, "01_Photo.jpg", &std::fs::read(asset(file)).unwrap());
        let got = photo_findings(&dir, profile, "photo/background");
        match want {
            Some(w) => assert!(
                got.len() == 1 && got[0].1 == "warning" && got[0].2.contains(w),
                "{file} under {profile}: {got:?}"
            ),
            None => assert!(got.is_empty(), "{file} under {profile}: {got:?}"),
        }
    }
}

#[test]
fn head_size_on_a_real_face_and_none_on_a_drawn_one() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("face_ok.jpg", None),
        ("face_sideways.jpg", None),
        ("face_cmyk.jpg", None),
        ("face_small_head.jpg", Some("too small")),
        ("face_large_head.jpg", Some("too large")),
        // A drawing: no face the detector is sure of, so no guess at all.
        ("drawn_ok.jpg", None),
        ("drawn_shadow.jpg", None),
    ];
    for (i, (file, want)) in cases.iter().enumerate() {
        let dir = tmp.path().join(i.to_string());
        pack_with(&dir, "01_Photo.jpg", &std::fs::read(asset(file)).unwrap());
        let (_, report) = check_json(&["--select", "photo/head-size", dir.to_str().unwrap()]);
        let got = findings(&report);
        match want {
            Some(w) => {
                assert_eq!(got.len(), 1, "{file}: {got:?}");
                assert!(
                    got[0]["help"].as_str().unwrap().contains(w),
                    "{file}: {got:?}"
                );
                let ratio = got[0]["evidence"]["head_ratio"].as_f64().unwrap();
                assert!(!(0.67..=0.83).contains(&ratio), "{file}: ratio {ratio}");
            }
            None => assert!(got.is_empty(), "{file}: {got:?}"),
        }
    }
}

#[test]
fn a_cmyk_photo_reads_in_its_true_colours() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cmyk");
    pack_with(
        &dir,
        "01_Photo.jpg",
        &std::fs::read(asset("face_cmyk.jpg")).unwrap(),
    );
    let got = photo_findings(&dir, "kz-b1", "photo");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn colour_policy_sets_the_severity() {
    let tmp = tempfile::tempdir().unwrap();
    let gray = std::fs::read(asset("drawn_gray.jpg")).unwrap();
    let dir = tmp.path().join("gray");
    pack_with(&dir, "01_Photo.jpg", &gray);
    let strict = photo_findings(&dir, "kz-b1", "photo/color");
    assert_eq!(strict.len(), 1, "{strict:?}");
    assert_eq!(strict[0].1, "error");
    let profile = tmp.path().join("lenient.toml");
    let src = BUILTIN[0]
        .1
        .replace("colour = \"required\"", "colour = \"warn-if-gray\"");
    std::fs::write(&profile, &src).unwrap();
    let lenient = photo_findings(&dir, profile.to_str().unwrap(), "photo/color");
    assert_eq!(lenient.len(), 1, "{lenient:?}");
    assert_eq!(lenient[0].1, "warning");
    std::fs::write(&profile, src.replace("warn-if-gray", "any")).unwrap();
    assert!(photo_findings(&dir, profile.to_str().unwrap(), "photo/color").is_empty());
}

/// A one-page PDF showing `jpeg` at 35 x 45 mm, the way img2pdf wraps a photo.
fn photo_pdf(jpeg: &[u8], (w, h): (u32, u32)) -> Vec<u8> {
    use lopdf::{Document, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpeg.to_vec(),
    );
    let image_id = doc.add_object(image);
    let (pw, ph) = (35.0 / 25.4 * 72.0, 45.0 / 25.4 * 72.0);
    let content = format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q");
    let resources = dictionary! { "XObject" => dictionary! { "Im0" => image_id } };
    let content = Stream::new(dictionary! {}, content.into_bytes());
    one_page_pdf(&mut doc, content, resources, (pw as f32, ph as f32))
}

#[test]
fn a_photo_inside_a_pdf_is_judged_too() {
    let tmp = tempfile::tempdir().unwrap();
    let gray = std::fs::read(asset("drawn_gray.jpg")).unwrap();
    let dir = tmp.path().join("pdf");
    pack_with(&dir, "01_Photo.pdf", &photo_pdf(&gray, (827, 1063)));
    let got = photo_findings(&dir, "kz-b1", "photo");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "photo/color");

    let small = portrait_jpeg(300, 386, 85);
    let dir = tmp.path().join("small");
    pack_with(&dir, "01_Photo.pdf", &photo_pdf(&small, (300, 386)));
    let got = photo_findings(&dir, "kz-b1", "photo");
    assert!(got.iter().any(|f| f.0 == "photo/dimensions"), "{got:?}");
}
