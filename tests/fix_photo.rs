//! `dossier fix --photo` on real portraits: the portal's photo made, checked by the photo
//! rules, the original kept; refusals that change nothing; a crash at every step.

mod common;

use common::{check_json, dossier_env, findings, root};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn photo_asset(name: &str) -> PathBuf {
    root().join("fixtures/assets/photos").join(name)
}

/// A pack holding only the photo, under `name`.
fn pack_with(name: &str, bytes: &[u8]) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

/// The wide NASA portrait enlarged to a phone's pixel count, as a PNG: a photo dossier
/// must crop to the head and shrink to the portal's range.
fn phone_photo_png() -> Vec<u8> {
    let img = image::open(photo_asset("face_wide.jpg")).unwrap();
    let big = img.resize_exact(2560, 2560, image::imageops::FilterType::Lanczos3);
    let mut png = Vec::new();
    big.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn fix_photo(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec!["fix", "--photo", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let env: Vec<(&str, &str)> = env.to_vec();
    dossier_env(&root(), &args, &env)
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The photo rules' findings on the pack under `profile`.
fn photo_findings(dir: &Path, profile: &str) -> Vec<String> {
    let (_, report) = check_json(&["--profile", profile, dir.to_str().unwrap()]);
    findings(&report)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .filter(|r| r.starts_with("photo/"))
        .collect()
}

#[test]
fn a_phone_photo_becomes_a_ds160_photo_and_the_original_is_kept() {
    let png = phone_photo_png();
    let pack = pack_with("03_Photo.png", &png);
    let before = photo_findings(pack.path(), "us-b1b2");
    assert!(
        before.contains(&"photo/aspect".to_string())
            || before.contains(&"photo/dimensions".to_string()),
        "{before:?}"
    );

    let out = fix_photo(
        pack.path(),
        &["--profile", "us-b1b2", "--format", "json"],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(report["written"], "03_Photo.jpg");
    assert_eq!(report["original_kept"], ".dossier-trash/03_Photo.png");

    let files = snapshot(pack.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, [".dossier-trash/03_Photo.png", "03_Photo.jpg"]);
    assert_eq!(
        files[".dossier-trash/03_Photo.png"], png,
        "the original, byte for byte"
    );

    let jpeg = &files["03_Photo.jpg"];
    assert!(jpeg.len() <= 240_000, "{} bytes", jpeg.len());
    let made = image::load_from_memory(jpeg).unwrap();
    assert_eq!(made.width(), made.height(), "square");
    assert!((600..=1200).contains(&made.width()), "{}", made.width());
    assert_eq!(
        report["made"]["px"][0].as_u64(),
        Some(u64::from(made.width()))
    );
    let head = report["made"]["head_ratio"].as_f64().unwrap();
    assert!((0.50..=0.69).contains(&head), "head {head}");

    // The photo rules agree: shape, size and head are now what DS-160 asks.
    let after = photo_findings(pack.path(), "us-b1b2");
    for rule in ["photo/aspect", "photo/dimensions", "photo/head-size"] {
        assert!(
            !after.contains(&rule.to_string()),
            "{rule} still found: {after:?}"
        );
    }

    // A second run leaves the portal photo as it is.
    let again = fix_photo(pack.path(), &["--profile", "us-b1b2"], &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already fits"));
    assert_eq!(snapshot(pack.path()), files);
}

#[test]
fn a_sideways_photo_is_turned_upright_and_cropped_to_35_by_45() {
    let src = fs::read(photo_asset("face_sideways.jpg")).unwrap();
    let pack = pack_with("03_Photo.jpg", &src);
    let out = fix_photo(pack.path(), &["--profile", "kz-b1"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("turned upright (EXIF orientation 6)"),
        "{stdout}"
    );
    let made = image::open(pack.path().join("03_Photo.jpg")).unwrap();
    assert!(
        made.height() > made.width(),
        "portrait: {}x{}",
        made.width(),
        made.height()
    );
    let aspect = f64::from(made.width()) / f64::from(made.height());
    assert!((aspect - 35.0 / 45.0).abs() < 0.01, "{aspect}");
    assert_eq!(
        fs::read(pack.path().join(".dossier-trash/03_Photo.jpg")).unwrap(),
        src
    );
    let after = photo_findings(pack.path(), "kz-b1");
    for rule in ["photo/aspect", "photo/dimensions", "photo/head-size"] {
        assert!(
            !after.contains(&rule.to_string()),
            "{rule} found: {after:?}"
        );
    }
}

#[test]
fn a_small_head_is_brought_into_the_band() {
    // Head at 53 % of the height: photo/head-size warns under kz-b1 (70-80 %).
    let src = fs::read(photo_asset("face_small_head.jpg")).unwrap();
    let pack = pack_with("03_Photo.jpg", &src);
    assert!(photo_findings(pack.path(), "kz-b1").contains(&"photo/head-size".to_string()));
    let out = fix_photo(pack.path(), &["--profile", "kz-b1"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!photo_findings(pack.path(), "kz-b1").contains(&"photo/head-size".to_string()));
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let cases = [
        // 512 px wide, head 165 px: a DS-160 crop would be 276 px, under 600.
        ("face_wide.jpg", "us-b1b2", "too small"),
        // The head fills 95 % of the height: no 35 x 45 crop holds it at 80 % or less.
        ("face_large_head.jpg", "kz-b1", "too close"),
        // A drawn portrait: the detector finds no face, and dossier does not guess.
        ("drawn_ok.jpg", "kz-b1", "no face"),
    ];
    for (asset, profile, why) in cases {
        let pack = pack_with("03_Photo.jpg", &fs::read(photo_asset(asset)).unwrap());
        let before = snapshot(pack.path());
        let out = fix_photo(
            pack.path(),
            &["--profile", profile, "--format", "json"],
            &[],
        );
        assert_eq!(out.status.code(), Some(1), "{asset}: refused, exit 1");
        let report = json_of(&out);
        let reason = report["refused"]["reason"].as_str().unwrap();
        assert!(reason.contains(why), "{asset}: {reason}");
        assert!(!report["refused"]["help"].as_str().unwrap().is_empty());
        assert_eq!(snapshot(pack.path()), before, "{asset}: nothing changed");
    }
    // No photo at all.
    let pack = pack_with("01_Passport.pdf", b"%PDF-1.4\n");
    let out = fix_photo(pack.path(), &["--profile", "kz-b1"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("has no photo"));
}

#[test]
fn a_dry_run_changes_nothing_and_runs_give_the_same_bytes() {
    let src = fs::read(photo_asset("face_small_head.jpg")).unwrap();
    let pack = pack_with("03_Photo.jpg", &src);
    let before = snapshot(pack.path());
    let out = fix_photo(pack.path(), &["--profile", "kz-b1", "--dry-run"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("would write 03_Photo.jpg"));
    assert_eq!(snapshot(pack.path()), before);

    let made: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let pack = pack_with("03_Photo.jpg", &src);
            assert!(
                fix_photo(pack.path(), &["--profile", "kz-b1"], &[])
                    .status
                    .success()
            );
            fs::read(pack.path().join("03_Photo.jpg")).unwrap()
        })
        .collect();
    assert_eq!(made[0], made[1], "same input, same bytes");
    assert_ne!(made[0], src);
}

#[test]
fn a_crash_at_any_step_is_completed_by_the_next_run() {
    let png = phone_photo_png();
    let reference = pack_with("03_Photo.png", &png);
    assert!(
        fix_photo(reference.path(), &["--profile", "us-b1b2"], &[])
            .status
            .success()
    );
    let finished = snapshot(reference.path());
    // Journal, two renames out, two renames in, journal removed.
    for n in 1..=5 {
        let pack = pack_with("03_Photo.png", &png);
        let n = n.to_string();
        let out = fix_photo(
            pack.path(),
            &["--profile", "us-b1b2"],
            &[("DOSSIER_FIX_CRASH_AFTER", &n)],
        );
        assert!(!out.status.success(), "step {n}: the hook aborts");
        let rerun = fix_photo(pack.path(), &["--profile", "us-b1b2"], &[]);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "step {n}: {}{}",
            String::from_utf8_lossy(&rerun.stdout),
            String::from_utf8_lossy(&rerun.stderr)
        );
        assert!(String::from_utf8_lossy(&rerun.stdout).contains("completed an interrupted fix"));
        assert_eq!(snapshot(pack.path()), finished, "step {n}");
    }
}
