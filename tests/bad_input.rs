//! Hostile and broken folders: findings or clean output, never a panic, a hang or exit 2.

mod common;

use common::{check_json, dossier, rule_files};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

fn real_pdf() -> Vec<u8> {
    fs::read(common::root().join("fixtures/packs/019-moreau/09_Fee_Receipt.pdf")).unwrap()
}

fn has(report: &serde_json::Value, rule: &str, file: &str) -> bool {
    rule_files(report)
        .iter()
        .any(|(r, f)| r == rule && f == file)
}

fn check_dir(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args: Vec<&str> = extra.to_vec();
    args.push(dir.to_str().unwrap());
    check_json(&args)
}

#[test]
fn a_missing_path_exits_2_with_a_clear_message() {
    let out = dossier(&["check", "no/such/pack"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`no/such/pack` does not exist"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_as_path_exits_2_with_a_clear_message() {
    let out = dossier(&["check", "fixtures/packs/019-moreau/02_Form.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a file, not a pack folder"), "{err}");
    assert!(
        err.contains("dossier check fixtures/packs/019-moreau"),
        "{err}"
    );
}

#[test]
fn a_name_that_is_not_utf8_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"01_Pass\xffport.pdf");
    fs::write(dir.path().join(name), real_pdf()).unwrap();
    let (code, report) = check_dir(dir.path(), &[]);
    assert_eq!(code, 1, "missing documents are errors");
    assert!(
        has(&report, "naming/unsafe-chars", "01_Pass\u{fffd}port.pdf"),
        "{report:#}"
    );
}

#[test]
fn a_zero_byte_file_is_empty_not_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("01_Passport.pdf"), b"").unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(has(&report, "file/empty", "01_Passport.pdf"));
    assert!(!has(&report, "file/type", "01_Passport.pdf"));
    assert!(!has(&report, "file/unreadable", "01_Passport.pdf"));
}

#[test]
fn a_file_without_read_permission_is_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("02_Form.pdf");
    fs::write(&locked, real_pdf()).unwrap();
    fs::write(dir.path().join("01_Passport.pdf"), real_pdf()).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    // root reads any file, so where the test runs as root the lock is no lock.
    if fs::File::open(&locked).is_err() {
        assert!(has(&report, "file/unreadable", "02_Form.pdf"), "{report:#}");
    } else {
        assert!(
            !has(&report, "file/unreadable", "02_Form.pdf"),
            "{report:#}"
        );
    }
    // The other file is still checked either way.
    let docs = report["packs"][0]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["kind"], "passport");
}

#[test]
fn a_link_out_of_the_pack_is_stray_and_a_link_inside_is_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.pdf"), real_pdf()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("real.pdf"), real_pdf()).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.pdf"),
        dir.path().join("01_Passport.pdf"),
    )
    .unwrap();
    std::os::unix::fs::symlink("real.pdf", dir.path().join("02_Form.pdf")).unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(
        has(&report, "naming/stray-file", "01_Passport.pdf"),
        "{report:#}"
    );
    let docs: Vec<&str> = report["packs"][0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(docs.contains(&"02_Form.pdf"), "{docs:?}");
    assert!(!docs.contains(&"01_Passport.pdf"), "{docs:?}");
}

#[test]
fn a_symlink_loop_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("02_Form.pdf", dir.path().join("01_Passport.pdf")).unwrap();
    std::os::unix::fs::symlink("01_Passport.pdf", dir.path().join("02_Form.pdf")).unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(
        has(&report, "file/unreadable", "01_Passport.pdf"),
        "{report:#}"
    );
    assert!(has(&report, "file/unreadable", "02_Form.pdf"), "{report:#}");
}

#[test]
fn a_folder_that_links_to_itself_does_not_trap_recursive() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("anna");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("01_Passport.pdf"), real_pdf()).unwrap();
    std::os::unix::fs::symlink("..", pack.join("up")).unwrap();
    std::os::unix::fs::symlink(".", pack.join("here")).unwrap();
    let (_, report) = check_dir(dir.path(), &["--recursive"]);
    let packs = report["packs"].as_array().unwrap();
    assert_eq!(packs.len(), 1, "{report:#}");
}

#[test]
fn a_fifo_is_reported_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("03_Photo.jpg");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(
        has(&report, "file/unreadable", "03_Photo.jpg"),
        "{report:#}"
    );
}

#[test]
fn a_folder_of_5000_files_is_checked_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = real_pdf();
    for i in 0..5000 {
        fs::write(dir.path().join(format!("scan {i:04}.pdf")), &pdf).unwrap();
    }
    let (code, report) = check_dir(dir.path(), &[]);
    assert_eq!(code, 1);
    let findings = rule_files(&report);
    let pattern = findings
        .iter()
        .filter(|(r, _)| r == "naming/pattern")
        .count();
    assert_eq!(pattern, 5000);
    assert_eq!(
        report["packs"][0]["documents"].as_array().unwrap().len(),
        5000
    );
}

#[test]
fn a_broken_manifest_is_a_finding_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("a");
    let fine = dir.path().join("b");
    for d in [&broken, &fine] {
        fs::create_dir(d).unwrap();
        fs::write(d.join("01_Passport.pdf"), real_pdf()).unwrap();
    }
    fs::write(
        broken.join("dossier.toml"),
        "[trip]\narrival = 2026-13-40\n",
    )
    .unwrap();
    fs::write(
        fine.join("dossier.toml"),
        "[trip]\ninvitation_required = false\n",
    )
    .unwrap();
    let (code, report) = check_json(&[broken.to_str().unwrap(), fine.to_str().unwrap()]);
    assert_eq!(code, 1);
    let packs = report["packs"].as_array().unwrap();
    assert_eq!(packs.len(), 2);
    let manifest: Vec<&serde_json::Value> = packs[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "pack/manifest")
        .collect();
    assert_eq!(manifest.len(), 1, "{report:#}");
    assert_eq!(manifest[0]["file"], "dossier.toml");
    assert_eq!(manifest[0]["evidence"]["line"], 2);
    // The second pack's manifest waives the invitation.
    let waived = packs[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["evidence"]["kind"] == "invitation");
    assert!(!waived, "{report:#}");
}

#[test]
fn a_directory_named_like_a_document_is_stray() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("05_Invitation.pdf")).unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(has(&report, "naming/stray-file", "05_Invitation.pdf"));
    assert!(
        report["packs"][0]["documents"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn mislabelled_and_garbage_files_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("01_Passport.pdf"),
        [0u8, 1, 2, 3, 0xff, 0xfe, 7, 9],
    )
    .unwrap();
    fs::copy(
        common::root().join("fixtures/packs/019-moreau/03_Photo.jpg"),
        dir.path().join("02_Form.pdf"),
    )
    .unwrap();
    fs::write(dir.path().join("03_Photo"), real_pdf()).unwrap();
    let (_, report) = check_dir(dir.path(), &[]);
    assert!(has(&report, "file/type", "01_Passport.pdf"), "{report:#}");
    assert!(has(&report, "file/type", "02_Form.pdf"), "{report:#}");
    assert!(has(&report, "file/type", "03_Photo"), "{report:#}");
    assert!(has(&report, "naming/pattern", "03_Photo"), "{report:#}");
}
