//! Hostile and damaged PDFs and images: each gives its finding, never a panic, never
//! exit 2, and memory stays bounded (every run here is limited to 1.5 GB of address space).

mod common;

use common::{A4, one_page_pdf, root, rule_files};
use lopdf::{Document, Stream, dictionary};
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Runs `dossier check --format json` on a folder under a 1.5 GB address-space limit.
fn check_bounded(dir: &Path) -> (i32, serde_json::Value) {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000; exec timeout 60 '{bin}' check --format json --today 2026-11-24 '{}'",
            dir.display()
        ))
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        code,
        serde_json::from_slice(&out.stdout).expect("JSON report"),
    )
}

fn has(report: &serde_json::Value, rule: &str, file: &str) -> bool {
    rule_files(report)
        .iter()
        .any(|(r, f)| r == rule && f == file)
}

fn pack_with(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn corpus(rel: &str) -> Vec<u8> {
    fs::read(root().join("fixtures").join(rel)).unwrap()
}

/// A one-page PDF whose page draws one image XObject over the whole A4 page.
fn pdf_with_image(image: Stream) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let image_id = doc.add_object(image);
    let content = Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im0 Do Q\n".to_vec());
    let resources = dictionary! { "XObject" => dictionary! { "Im0" => image_id } };
    one_page_pdf(&mut doc, content, resources, A4)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn truncated_pdfs_are_unreadable_at_any_cut() {
    for source in [
        "packs/012-lee/05_Employer_Letter.pdf",
        "packs/001-kowalczyk/04_Invitation.pdf",
    ] {
        let full = corpus(source);
        for percent in [10, 50, 90] {
            let cut = full[..full.len() * percent / 100].to_vec();
            let dir = pack_with(&[("05_Employer_Letter.pdf", cut)]);
            let (_, report) = check_bounded(dir.path());
            assert!(
                has(&report, "file/unreadable", "05_Employer_Letter.pdf"),
                "{source} cut at {percent}%: {report:#}"
            );
        }
    }
}

#[test]
fn wrong_xref_offsets_are_repaired_not_fatal() {
    let full = corpus("packs/001-kowalczyk/04_Invitation.pdf");
    let at = full.windows(9).rposition(|w| w == b"startxref").unwrap();
    let tail = String::from_utf8_lossy(&full[at + 9..]).into_owned();
    let offset: usize = tail.split_whitespace().next().unwrap().parse().unwrap();
    let mut broken = full[..at].to_vec();
    broken.extend_from_slice(format!("startxref\n{}\n%%EOF\n", offset + 11).as_bytes());
    let dir = pack_with(&[("04_Invitation.pdf", broken)]);
    let (_, report) = check_bounded(dir.path());
    assert!(
        has(&report, "file/repaired", "04_Invitation.pdf"),
        "{report:#}"
    );
    assert!(
        !has(&report, "file/unreadable", "04_Invitation.pdf"),
        "{report:#}"
    );
    assert_eq!(report["packs"][0]["documents"][0]["pages"], 1);
}

#[test]
fn a_60000_px_square_image_is_refused_without_allocating_it() {
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 60000, "Height" => 60000,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        deflate(&vec![255u8; 1 << 20]),
    );
    let dir = pack_with(&[("07_Bank_Statements.pdf", pdf_with_image(image))]);
    let (_, report) = check_bounded(dir.path());
    assert!(
        has(&report, "file/unreadable", "07_Bank_Statements.pdf"),
        "{report:#}"
    );
}

#[test]
fn a_deflate_bomb_in_image_data_does_not_inflate() {
    // 4000 x 4000 gray needs 16 MB; the stream inflates to 300 MB of zeros.
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 4000, "Height" => 4000,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        deflate(&vec![0u8; 300 << 20]),
    );
    let dir = pack_with(&[("07_Bank_Statements.pdf", pdf_with_image(image))]);
    let (_, report) = check_bounded(dir.path());
    let docs = &report["packs"][0]["documents"];
    assert_eq!(docs[0]["pages"], 1, "{report:#}");
    assert!(
        has(&report, "file/unreadable", "07_Bank_Statements.pdf"),
        "{report:#}"
    );
}

#[test]
fn a_deflate_bomb_in_page_content_does_not_inflate() {
    let content = Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        deflate(&vec![b' '; 200 << 20]),
    );
    let bytes = one_page_pdf(
        &mut Document::with_version("1.7"),
        content,
        dictionary! {},
        A4,
    );
    let dir = pack_with(&[("06_Cover_Letter.pdf", bytes)]);
    let (_, report) = check_bounded(dir.path());
    // An unreadable content stream is a broken page, not a blank one.
    assert!(
        !has(&report, "scan/blank-page", "06_Cover_Letter.pdf"),
        "{report:#}"
    );
    assert!(
        has(&report, "file/unreadable", "06_Cover_Letter.pdf"),
        "{report:#}"
    );
}

#[test]
fn a_jpeg_cut_in_half_is_unreadable() {
    let full = corpus("packs/019-moreau/03_Photo.jpg");
    let half = full[..full.len() / 2].to_vec();
    let scan = fs::read(root().join("fixtures/assets/scans/clean.pdf")).unwrap();
    let dir = pack_with(&[
        ("05_Employer_Letter.jpg", half),
        ("06_Cover_Letter.pdf", scan),
    ]);
    let (_, report) = check_bounded(dir.path());
    assert!(
        has(&report, "file/unreadable", "05_Employer_Letter.jpg"),
        "{report:#}"
    );
    // The other document is still read.
    assert_eq!(report["packs"][0]["documents"][1]["pages"], 1);
}

#[test]
fn random_bytes_named_pdf_are_a_type_finding() {
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..50_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    let dir = pack_with(&[("02_Form.pdf", noise)]);
    let (_, report) = check_bounded(dir.path());
    assert!(has(&report, "file/type", "02_Form.pdf"), "{report:#}");
}

#[test]
fn a_user_password_pdf_is_encrypted_and_an_owner_password_pdf_is_read() {
    let user = corpus("packs/001-kowalczyk/08_Medical_Insurance.pdf");
    let owner = fs::read(root().join("fixtures/assets/owner_password.pdf")).unwrap();
    let dir = pack_with(&[
        ("08_Medical_Insurance.pdf", user),
        ("09_Travel_Insurance.pdf", owner),
    ]);
    let (_, report) = check_bounded(dir.path());
    assert!(
        has(&report, "file/encrypted", "08_Medical_Insurance.pdf"),
        "{report:#}"
    );
    assert!(
        !has(&report, "file/empty", "08_Medical_Insurance.pdf"),
        "{report:#}"
    );
    assert!(
        !has(&report, "file/encrypted", "09_Travel_Insurance.pdf"),
        "{report:#}"
    );
    assert_eq!(report["packs"][0]["documents"][1]["pages"], 1, "{report:#}");
}

#[test]
fn files_found_by_fuzzing_are_findings_not_crashes() {
    let hostile = root().join("fixtures/hostile");
    let mut names: Vec<_> = fs::read_dir(&hostile)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    assert!(names.len() >= 6);
    for name in names {
        let dir = pack_with(&[(
            "05_Employer_Letter.pdf",
            fs::read(hostile.join(&name)).unwrap(),
        )]);
        let (_, report) = check_bounded(dir.path());
        let docs = &report["packs"][0]["documents"];
        assert_eq!(docs[0]["file"], "05_Employer_Letter.pdf", "{name}");
        // As a passport its images are searched for a machine-readable zone too: once
        // per image, not once per page that draws it (2000 pages of one 100 MP image ran
        // past the time limit).
        let passport = pack_with(&[("01_Passport.pdf", fs::read(hostile.join(&name)).unwrap())]);
        let (_, as_passport) = check_bounded(passport.path());
        assert_eq!(
            as_passport["packs"][0]["documents"][0]["file"], "01_Passport.pdf",
            "{name}"
        );
        // Shared objects are too big to walk on every page: the file is refused.
        if name.starts_with("form_fanout") || name.starts_with("content_64mib") {
            assert!(
                has(&report, "file/unreadable", "05_Employer_Letter.pdf"),
                "{name}: {report:#}"
            );
        }
        // Valid files whose image data sits where viewers find it are read, not refused.
        if name.starts_with("deferred_xref") || name.starts_with("deferred_stream") {
            assert!(
                !has(&report, "file/unreadable", "05_Employer_Letter.pdf"),
                "{name}: {report:#}"
            );
            assert!(
                has(&report, "scan/resolution", "05_Employer_Letter.pdf"),
                "{name}: {report:#}"
            );
        }
    }
}
