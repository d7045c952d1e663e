//! Scanned pages read by Tesseract: the words reach the content rules, a missing
//! Tesseract is one info finding, and the cache spares a second run any OCR.

mod common;

use common::{dossier_env, findings, root, tesseract_or_skip};
use serde_json::Value;
use std::path::Path;

/// A pack whose invitation is an image-only scan (Ghostscript) and whose other letters
/// are text PDFs.
const SCANNED: &str = "fixtures/packs/004-garcia";

fn check(args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-24"];
    all.extend_from_slice(args);
    let out = dossier_env(&root(), &all, env);
    let code = out.status.code().unwrap();
    assert_ne!(code, 2, "{}", String::from_utf8_lossy(&out.stderr));
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

fn no_text(report: &Value) -> Vec<(String, String)> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == "scan/no-text")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("-").to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn without_tesseract_one_info_says_what_was_not_read_and_how_to_install() {
    let cache = tempfile::tempdir().unwrap();
    let (code, report) = check(
        &["--cache-dir", cache.path().to_str().unwrap(), SCANNED],
        &[("DOSSIER_TESSERACT", "")],
    );
    assert_eq!(code, 1, "the pack's own error, nothing more");
    let pack_level: Vec<&Value> = findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == "scan/no-text" && f["file"].is_null())
        .collect();
    assert_eq!(pack_level.len(), 1, "{report:#}");
    let f = pack_level[0];
    assert_eq!(f["severity"], "info");
    assert!(
        f["message"].as_str().unwrap().contains("03_Invitation.pdf"),
        "{f:#}"
    );
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("apt install tesseract-ocr"),
        "{f:#}"
    );
    // The passport is read by its own MRZ reader, which needs no Tesseract.
    assert!(
        !f["message"].as_str().unwrap().contains("01_Passport.pdf"),
        "{f:#}"
    );
    assert!(
        no_text(&report)
            .iter()
            .all(|(file, _)| file != "01_Passport.pdf")
    );
}

#[test]
fn no_ocr_leaves_the_scan_unread_and_says_so() {
    let (_, report) = check(&["--no-ocr", SCANNED], &[]);
    let notes = no_text(&report);
    let invitation = notes
        .iter()
        .find(|(file, _)| file == "03_Invitation.pdf")
        .unwrap_or_else(|| panic!("{notes:?}"));
    assert!(invitation.1.contains("--no-ocr"), "{invitation:?}");
}

/// A stand-in `tesseract` that logs each call and hands it to the real one.
fn logging_tesseract(dir: &Path) -> (String, std::path::PathBuf) {
    let log = dir.join("calls.log");
    let script = dir.join("tesseract");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nexec tesseract \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script.to_str().unwrap().to_string(), log)
}

#[test]
fn scanned_words_reach_the_content_rules_and_a_second_run_reads_from_the_cache() {
    if !tesseract_or_skip("OCR") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (fake, log) = logging_tesseract(tmp.path());
    let cache = tmp.path().join("cache");
    let pack = root().join("fixtures/rules/consistency/dates/fail-scan");
    let args = [
        "--select",
        "consistency/dates,scan/no-text",
        "--cache-dir",
        cache.to_str().unwrap(),
        pack.to_str().unwrap(),
    ];
    let env = [("DOSSIER_TESSERACT", fake.as_str())];
    let (_, first) = check(&args, &env);
    let recognised = |log: &Path| {
        std::fs::read_to_string(log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("stdin"))
            .count()
    };
    let calls = recognised(&log);
    assert!(calls >= 1, "the scanned itinerary was not OCR'd");
    let dates: Vec<&Value> = findings(&first)
        .into_iter()
        .filter(|f| f["rule"] == "consistency/dates")
        .collect();
    assert_eq!(dates.len(), 1, "{first:#}");
    assert_eq!(dates[0]["file"], "07_Flight_Itinerary.pdf");
    assert_eq!(dates[0]["evidence"]["source"], "ocr");
    assert!(
        dates[0]["evidence"]["quote"]
            .as_str()
            .unwrap()
            .contains("2027")
    );
    assert!(
        no_text(&first)
            .iter()
            .all(|(f, _)| f != "07_Flight_Itinerary.pdf")
    );

    let (_, second) = check(&args, &env);
    assert_eq!(recognised(&log), calls, "the second run ran OCR again");
    assert_eq!(
        findings(&second),
        findings(&first),
        "same words, same findings"
    );

    // --no-cache reads again.
    let mut no_cache = args.to_vec();
    no_cache.insert(0, "--no-cache");
    let (_, third) = check(&no_cache, &env);
    assert!(recognised(&log) > calls);
    assert_eq!(findings(&third), findings(&first));
}

/// The facts `inspect` finds in a file, as `name: value` lines.
fn facts_of(file: &Path) -> Vec<String> {
    let out = dossier_env(
        &root(),
        &["inspect", "--format", "json", file.to_str().unwrap()],
        &[],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let facts = v["files"][0]["facts"].as_object().unwrap().clone();
    let mut lines = Vec::new();
    for (name, value) in facts {
        let items = match value {
            Value::Array(a) => a,
            Value::Null => continue,
            other => vec![other],
        };
        for item in items {
            lines.push(format!("{name}: {}", item["value"]));
        }
    }
    lines
}

#[test]
fn a_scanned_russian_letter_reads_as_its_text_layer() {
    if !tesseract_or_skip("Russian OCR") {
        return;
    }
    // The same LibreOffice invitation, as issued and as scanned with a stamp over a line.
    let text = facts_of(&root().join("fixtures/packs/013-kobayashi/04_Invitation.pdf"));
    let scan = facts_of(&root().join("fixtures/ocr/ru-scan/04_Invitation.pdf"));
    assert!(text.len() >= 6, "{text:?}");
    assert!(text.iter().any(|f| f.contains("2026-12-19")), "{text:?}");
    assert_eq!(scan, text);
}

#[test]
fn a_letter_scanned_on_its_side_is_turned_before_it_is_read() {
    if !tesseract_or_skip("OCR of a page on its side") {
        return;
    }
    // The invitation as issued, and scanned landscape: its text runs up the page.
    let text = facts_of(&root().join("fixtures/packs/012-lee/04_Invitation_Letter.pdf"));
    let scan = facts_of(&root().join("fixtures/ocr/sideways/04_Invitation_Letter.pdf"));
    assert!(text.len() >= 4, "{text:?}");
    assert_eq!(scan, text);
}
