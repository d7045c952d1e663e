//! A hostile or unlucky file system under `build` and `fix`: a document swapped for a link
//! out of the pack mid-run, two runs at once, a file created at a target name mid-run, a
//! run killed while it writes. Every input is generated here; nothing big is committed.
#![cfg(unix)]

mod common;

use common::{dossier, dossier_env, root};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const SOURCE: &str = "fixtures/packs/012-lee";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of the source pack with files out of order: `fix` has six moves to make.
fn messy_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("01_Passport_Bio_Page.pdf", "1_Passport_Bio_Page.pdf"),
        ("02_Form.pdf", "05_Form.pdf"),
        ("03_Passport_Photo.jpg", "07_Photo.jpg"),
        ("04_Invitation_Letter.pdf", "09_Invitation_Letter.pdf"),
        ("05_Employer_Letter.pdf", "11_Employer_Letter.pdf"),
        ("06_Bank_Statement.pdf", "13_Bank_Statement.pdf"),
        ("dossier.toml", "dossier.toml"),
    ] {
        fs::copy(root().join(SOURCE).join(from), dir.path().join(to)).unwrap();
    }
    dir
}

/// Every file below `dir`, trash included: relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                let bytes = fs::read(&p).unwrap_or_default();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn contents(dir: &Path) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = snapshot(dir).into_values().collect();
    v.sort();
    v
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

// ---- 5: a document swapped for a link out of the pack is never read ----

const SECRET: &[u8] = b"OUTSIDE-THE-PACK-SECRET-5e1f";

/// The pack's photo with a comment segment holding [`SECRET`]: a valid JPEG whose bytes a
/// build copies verbatim, so the secret shows in the output if the file is embedded.
fn secret_jpeg() -> Vec<u8> {
    let photo = fs::read(root().join(SOURCE).join("03_Passport_Photo.jpg")).unwrap();
    let mut out = photo[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((SECRET.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(SECRET);
    out.extend_from_slice(&photo[2..]);
    out
}

#[test]
fn a_document_that_links_out_of_the_pack_is_never_embedded() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.jpg"), secret_jpeg()).unwrap();
    let pack = tempfile::tempdir().unwrap();
    fs::copy(
        root().join(SOURCE).join("01_Passport_Bio_Page.pdf"),
        pack.path().join("01_Passport_Bio_Page.pdf"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.jpg"),
        pack.path().join("03_Photo.jpg"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("pack.pdf");
    let run = dossier(&[
        "build",
        pack.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-check",
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(!contains(&fs::read(&out).unwrap(), SECRET));
}

/// The race of issue 16: the photo flips between a regular file and a link out of the
/// pack while `build` runs. Whatever the listing saw, the bytes read must be the pack's.
#[test]
fn a_document_swapped_for_a_link_during_build_is_never_embedded() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.jpg");
    fs::write(&secret, secret_jpeg()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (pack, stage) = (work.path().join("pack"), work.path().join("stage"));
    fs::create_dir(&pack).unwrap();
    fs::create_dir(&stage).unwrap();
    fs::copy(
        root().join(SOURCE).join("01_Passport_Bio_Page.pdf"),
        pack.join("01_Passport_Bio_Page.pdf"),
    )
    .unwrap();
    let real = stage.join("real.jpg");
    fs::copy(root().join(SOURCE).join("03_Passport_Photo.jpg"), &real).unwrap();
    let doc = pack.join("03_Photo.jpg");
    fs::copy(&real, &doc).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (stop, stage, doc) = (stop.clone(), stage.clone(), doc.clone());
        std::thread::spawn(move || {
            let (file, link) = (stage.join("f"), stage.join("l"));
            while !stop.load(Ordering::Relaxed) {
                // Each rename swaps the name atomically: it always names something.
                let _ = fs::remove_file(&file);
                fs::hard_link(&real, &file).unwrap();
                fs::rename(&file, &doc).unwrap();
                std::thread::sleep(Duration::from_micros(300));
                let _ = fs::remove_file(&link);
                std::os::unix::fs::symlink(&secret, &link).unwrap();
                fs::rename(&link, &doc).unwrap();
                std::thread::sleep(Duration::from_micros(300));
            }
        })
    };
    let out_dir = tempfile::tempdir().unwrap();
    let mut embedded = Vec::new();
    for trial in 0..24 {
        let out = out_dir.path().join(format!("pack-{trial}.pdf"));
        let run = dossier(&[
            "build",
            pack.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-check",
            "--quiet",
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        if contains(&fs::read(&out).unwrap(), SECRET) {
            embedded.push(trial);
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
    assert!(
        embedded.is_empty(),
        "trials that embedded the outside file: {embedded:?}"
    );
}

#[test]
fn a_link_out_of_the_pack_is_reported_as_a_stray_link() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.jpg"), secret_jpeg()).unwrap();
    let pack = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.jpg"),
        pack.path().join("03_Photo.jpg"),
    )
    .unwrap();
    let (_, report) = common::check_json(&[pack.path().to_str().unwrap()]);
    let rules = common::rule_files(&report);
    assert!(
        rules.contains(&("naming/stray-file".into(), "03_Photo.jpg".into())),
        "{rules:?}"
    );
}

// ---- 8: two runs at once ----

#[test]
fn fix_waits_for_a_run_holding_the_pack_then_fails_clearly() {
    let pack = messy_pack();
    let before = snapshot(pack.path());
    // Another run holds the pack's lock for longer than fix waits.
    let held = fs::File::open(pack.path()).unwrap();
    held.lock().unwrap();
    let start = Instant::now();
    let out = dossier(&["fix", pack.path().to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("dossier::pack::busy"), "{stderr}");
    assert!(stderr.contains("another dossier run"), "{stderr}");
    assert!(start.elapsed() >= Duration::from_secs(1), "it waited first");
    assert_eq!(snapshot(pack.path()), before, "nothing changed");
    // Released, the next run fixes the pack.
    held.unlock().unwrap();
    let out = dossier(&["fix", pack.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn init_and_a_build_into_the_pack_take_the_lock_too() {
    let pack = messy_pack();
    fs::remove_file(pack.path().join("dossier.toml")).unwrap();
    let held = fs::File::open(pack.path()).unwrap();
    held.lock().unwrap();
    let out = dossier(&["init", pack.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("dossier::pack::busy"));
    let into = pack.path().join("pack.pdf");
    let out = dossier(&[
        "build",
        pack.path().to_str().unwrap(),
        "-o",
        into.to_str().unwrap(),
        "--no-check",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!pack.path().join("dossier.toml").exists());
    assert!(!into.exists());
}

#[test]
fn two_fixes_at_once_leave_the_pack_fixed() {
    let reference = messy_pack();
    let original = contents(reference.path());
    let out = dossier(&["fix", reference.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fixed = snapshot(reference.path());
    for trial in 0..20 {
        let pack = messy_pack();
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["fix", pack.path().to_str().unwrap()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for run in [a, b] {
            let out = run.wait_with_output().unwrap();
            let stderr = text(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(2) => assert!(stderr.contains("dossier::pack::busy"), "{trial}: {stderr}"),
                other => panic!("trial {trial}: exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(contents(pack.path()), original, "trial {trial}: bytes kept");
        assert_eq!(
            snapshot(pack.path()),
            fixed,
            "trial {trial}: fixed, no leftovers"
        );
    }
}

// ---- 9: a file created at a target name during fix is kept ----

/// A racer creates and removes its own file at the name fix renames to, over and over.
/// A rename that replaced the racer's file would hand the document to the racer's
/// removal: the document's bytes would be gone from the pack.
#[test]
fn a_file_created_at_a_target_name_during_fix_is_kept() {
    let passport = fs::read(root().join(SOURCE).join("01_Passport_Bio_Page.pdf")).unwrap();
    let mut lost = Vec::new();
    let mut stopped = 0;
    for trial in 0..40 {
        let pack = messy_pack();
        let target = pack.path().join("01_Passport_Bio_Page.pdf");
        let stop = Arc::new(AtomicBool::new(false));
        let racer = {
            let (stop, target) = (stop.clone(), target.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Ok(mut f) = fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&target)
                    {
                        std::io::Write::write_all(&mut f, b"the racer's").unwrap();
                        drop(f);
                        fs::remove_file(&target).unwrap();
                    }
                }
            })
        };
        let out = dossier(&["fix", pack.path().to_str().unwrap()]);
        stop.store(true, Ordering::Relaxed);
        racer.join().unwrap();
        let stderr = text(&out.stderr);
        match out.status.code() {
            // 1: the racer's file was listed, and fix left it alone.
            Some(0 | 1) => {}
            Some(2) => {
                stopped += 1;
                assert!(
                    stderr.contains("already exists") || stderr.contains("appeared meanwhile"),
                    "trial {trial}: {stderr}"
                );
            }
            other => panic!("trial {trial}: exit {other:?}: {stderr}"),
        }
        if !snapshot(pack.path()).values().any(|b| *b == passport) {
            lost.push(trial);
        }
    }
    assert!(
        lost.is_empty(),
        "trials that lost the passport: {lost:?} ({stopped} stopped)"
    );
}

// ---- 10: a build killed while it writes leaves nothing ----

/// A pack of one PDF whose single page holds a 24 MB uncompressed image: the output takes
/// long enough to write that a kill lands while it is being written.
fn big_pack(dir: &Path) {
    use lopdf::{Stream, dictionary};
    let (w, h) = (4000i64, 6000i64);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let pixels: Vec<u8> = (0..w * h)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let mut doc = lopdf::Document::with_version("1.7");
    let image = doc.add_object(
        Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            pixels,
        )
        .with_compression(false),
    );
    let content = Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec());
    let resources = dictionary! { "XObject" => dictionary! { "Im0" => image } };
    let pdf = common::one_page_pdf(&mut doc, content, resources, common::A4);
    fs::write(dir.join("01_Bank_Statement.pdf"), pdf).unwrap();
    fs::copy(
        root().join(SOURCE).join("01_Passport_Bio_Page.pdf"),
        dir.join("02_Passport_Bio_Page.pdf"),
    )
    .unwrap();
}

/// Whether `pid` has a file open in `folder` (the output being written): its descriptors
/// name `folder/<temporary name>` or, for an anonymous file, `folder/#<inode> (deleted)`.
fn writes_into(pid: u32, folder: &Path) -> bool {
    let inside = format!("{}/", folder.display());
    fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| fs::read_link(e.path()).ok())
        .any(|t| t.to_string_lossy().starts_with(&inside))
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_killed_while_it_writes_leaves_no_temporary_file() {
    let pack = tempfile::tempdir().unwrap();
    big_pack(pack.path());
    let mut killed_mid_write = 0;
    for trial in 0..3 {
        let out_dir = tempfile::tempdir().unwrap();
        let folder = out_dir.path().canonicalize().unwrap();
        let out = folder.join("pack.pdf");
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", pack.path().to_str().unwrap(), "-o"])
            .arg(&out)
            .args(["--no-check", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        // Killed the moment it has its output open: in the middle of the write.
        loop {
            if writes_into(child.id(), &folder) {
                child.kill().unwrap();
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(60), "build hung");
        }
        let status = child.wait().unwrap();
        let left = names(&folder);
        if status.code().is_none() && left.is_empty() {
            killed_mid_write += 1;
        }
        let temps: Vec<&String> = left
            .iter()
            .filter(|n| n.starts_with(".dossier-build-"))
            .collect();
        assert!(temps.is_empty(), "trial {trial}: left behind {temps:?}");
        // A build that won the race published a whole file, never part of one.
        if out.exists() {
            assert!(lopdf::Document::load(&out).is_ok(), "trial {trial}");
        }
    }
    assert!(killed_mid_write > 0, "no trial was killed mid-write");
}

/// The worst moment, every time: the file complete, flushed, not yet at its name.
#[test]
fn killed_before_publishing_build_check_and_init_leave_nothing() {
    let crash = [("DOSSIER_CRASH_BEFORE_PUBLISH", "1")];
    let pack = messy_pack();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("pack.pdf");
    let run = dossier_env(
        &root(),
        &[
            "build",
            pack.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-check",
        ],
        &crash,
    );
    assert!(
        run.status.code().is_none(),
        "the hook aborts: {}",
        text(&run.stderr)
    );
    assert!(
        names(out_dir.path()).is_empty(),
        "{:?}",
        names(out_dir.path())
    );

    let report = out_dir.path().join("report.json");
    let run = dossier_env(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
            pack.path().to_str().unwrap(),
        ],
        &crash,
    );
    assert!(run.status.code().is_none(), "{}", text(&run.stderr));
    assert!(
        names(out_dir.path()).is_empty(),
        "{:?}",
        names(out_dir.path())
    );

    fs::remove_file(pack.path().join("dossier.toml")).unwrap();
    let before = names(pack.path());
    let run = dossier_env(&root(), &["init", pack.path().to_str().unwrap()], &crash);
    assert!(run.status.code().is_none(), "{}", text(&run.stderr));
    assert_eq!(names(pack.path()), before, "no manifest, no temporary file");
}

// ---- 7: a batch accounts for every folder ----

/// The packs of a JSON report: path -> the rules of its pack-level findings.
fn pack_level(report: &serde_json::Value) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for p in report["packs"].as_array().unwrap() {
        let found = p["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"].is_null())
            .map(|f| {
                let rule = f["rule"].as_str().unwrap().to_string();
                let reason = f["evidence"]["reason"].as_str().unwrap_or("").to_string();
                (rule, reason)
            })
            .collect();
        out.insert(p["path"].as_str().unwrap().to_string(), found);
    }
    out
}

#[test]
fn check_recursive_reports_a_folder_beyond_the_path_limit() {
    let root_dir = tempfile::tempdir().unwrap();
    let good = root_dir.path().join("anna");
    fs::create_dir(&good).unwrap();
    fs::copy(
        root().join(SOURCE).join("02_Form.pdf"),
        good.join("02_Form.pdf"),
    )
    .unwrap();
    // 90 nested folders of 50 letters: the deepest paths pass PATH_MAX (4096), which
    // only a shell that walks down one folder at a time can create.
    let made = Command::new("bash")
        .current_dir(root_dir.path())
        .arg("-c")
        .arg(format!(
            "set -e; mkdir deep; cd deep; for i in $(seq 90); do mkdir {0}; cd {0}; done; echo x > 02_Form.pdf",
            "d".repeat(50)
        ))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, report) = common::check_json(&["-r", root_dir.path().to_str().unwrap()]);
    let packs = pack_level(&report);
    assert!(
        packs.contains_key("anna") || packs.keys().any(|k| k.ends_with("/anna")),
        "{packs:?}"
    );
    let deep: Vec<_> = packs
        .iter()
        .filter(|(path, _)| path.contains("/deep/"))
        .collect();
    assert_eq!(
        deep.len(),
        1,
        "the first folder out of reach, once: {packs:?}"
    );
    let (_, found) = deep[0];
    assert!(
        found
            .iter()
            .any(|(rule, reason)| rule == "file/unreadable" && reason.contains("too long")),
        "{found:?}"
    );
    assert_eq!(code, 1, "a folder left out makes the batch fail");
}

/// Whether this process runs as root, whom permissions do not stop.
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// `dossier check --format json -r DIR`, as an unprivileged user when run as root (so
/// that a folder's permissions mean something), through `setpriv`; the binary is copied
/// beside the pack when that user cannot reach it where cargo built it.
fn check_recursive_unprivileged(dir: &Path) -> (i32, serde_json::Value) {
    use std::os::unix::fs::PermissionsExt;
    let dir_s = dir.to_str().unwrap();
    if !is_root() {
        return common::check_json(&["-r", dir_s]);
    }
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let mut bin = PathBuf::from(env!("CARGO_BIN_EXE_dossier"));
    let reachable = Command::new("setpriv")
        .args(nobody)
        .arg("test")
        .arg("-x")
        .arg(&bin)
        .status()
        .expect("setpriv (util-linux) runs the check as an unprivileged user");
    let spare = tempfile::tempdir().unwrap();
    if !reachable.success() {
        fs::set_permissions(spare.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let copy = spare.path().join("dossier");
        fs::copy(&bin, &copy).unwrap();
        bin = copy;
    }
    let out = Command::new("setpriv")
        .args(nobody)
        .arg(&bin)
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "-r",
            dir_s,
        ])
        .current_dir("/")
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", text(&out.stderr)));
    (out.status.code().unwrap(), report)
}

#[test]
fn check_recursive_reports_a_folder_it_may_not_list() {
    use std::os::unix::fs::PermissionsExt;
    let root_dir = tempfile::tempdir().unwrap();
    fs::set_permissions(root_dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let good = root_dir.path().join("anna");
    let locked = root_dir.path().join("boris");
    for d in [&good, &locked] {
        fs::create_dir(d).unwrap();
        fs::copy(
            root().join(SOURCE).join("02_Form.pdf"),
            d.join("02_Form.pdf"),
        )
        .unwrap();
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let (code, report) = check_recursive_unprivileged(root_dir.path());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let packs = pack_level(&report);
    let boris: Vec<_> = packs.iter().filter(|(p, _)| p.ends_with("boris")).collect();
    assert_eq!(boris.len(), 1, "{packs:?}");
    assert!(packs.keys().any(|p| p.ends_with("anna")), "{packs:?}");
    assert!(
        boris[0]
            .1
            .iter()
            .any(|(rule, reason)| rule == "file/unreadable" && reason.contains("ermission")),
        "{packs:?}"
    );
    assert_eq!(code, 1);
}
