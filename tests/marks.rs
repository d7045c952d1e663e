//! Findings say where they lie (`evidence.marks`: page, box in fractions of the page as
//! shown, from its top-left): quoted words where poppler reads them in the text layer,
//! where Tesseract read them on a scan (turned or not), scan measures' regions, the
//! photo's face and head; the HTML report draws each one, and `--split-html` and
//! `build --html` write it where asked.

mod common;

use common::{check_json, dossier, root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

type Rect = [f64; 4];

/// A mark's `box`.
fn box_of(mark: &Value) -> Rect {
    let v = |i: usize| mark["box"][i].as_f64().unwrap();
    [v(0), v(1), v(2), v(3)]
}

/// (file, rule, label, page, box) of every mark of the packs' findings.
fn marks(report: &Value) -> Vec<(String, String, String, u64, Rect)> {
    let mut out = Vec::new();
    for f in common::findings(report) {
        for m in f["evidence"]["marks"].as_array().into_iter().flatten() {
            let rect = box_of(m);
            let b = rect;
            assert!(
                rect.iter().all(|v| (0.0..=1.0).contains(v)) && b[2] > b[0] && b[3] > b[1],
                "a box on the page: {m}"
            );
            out.push((
                f["file"].as_str().unwrap_or("-").to_string(),
                f["rule"].as_str().unwrap().to_string(),
                m["label"].as_str().unwrap().to_string(),
                m["page"].as_u64().unwrap(),
                rect,
            ));
        }
    }
    out
}

fn fixture(path: &str) -> String {
    root().join(path).to_string_lossy().into_owned()
}

fn have(program: &str) -> bool {
    let found = Command::new(program).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {program} (.ci/run installs poppler-utils)"
        );
        eprintln!("skipped: {program} is not installed");
    }
    found
}

/// Words poppler reads on a page, each with its box in fractions of the page.
fn poppler_words(pdf: &Path, page: u64) -> Vec<(String, Rect)> {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let page_line = html.lines().find(|l| l.contains("<page ")).unwrap();
    let (w, h) = (attr(page_line, "width"), attr(page_line, "height"));
    html.lines()
        .filter(|l| l.contains("<word "))
        .map(|l| {
            let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            let b = [
                attr(l, "xMin") / w,
                attr(l, "yMin") / h,
                attr(l, "xMax") / w,
                attr(l, "yMax") / h,
            ];
            (word.to_string(), b)
        })
        .collect()
}

fn centre(r: &Rect) -> (f64, f64) {
    ((r[0] + r[2]) / 2.0, (r[1] + r[3]) / 2.0)
}

fn inside(r: &Rect, (x, y): (f64, f64)) -> bool {
    r[0] <= x && x <= r[2] && r[1] <= y && y <= r[3]
}

#[test]
fn quoted_words_are_marked_where_poppler_reads_them() {
    if !have("pdftotext") {
        return;
    }
    let mut checked = 0;
    for pack in [
        "fixtures/rules/consistency/dates/fail",
        "fixtures/rules/consistency/identity/fail",
        "fixtures/rules/consistency/purpose/fail",
        "fixtures/rules/category/employment/fail",
    ] {
        let dir = root().join(pack);
        let (_, report) = check_json(&[dir.to_str().unwrap()]);
        for f in common::findings(&report) {
            let (Some(quote), Some(marks)) = (
                f["evidence"]["quote"].as_str(),
                f["evidence"]["marks"].as_array(),
            ) else {
                continue;
            };
            let file = dir.join(f["file"].as_str().unwrap());
            let page = f["page"].as_u64().unwrap();
            let words = poppler_words(&file, page);
            // Every word of the quote poppler finds on the page lies in one of the marks,
            // at least one occurrence of each.
            for token in quote.split_whitespace() {
                let token = token.trim_matches(|c: char| !c.is_alphanumeric());
                if token.len() < 3 {
                    continue;
                }
                let places: Vec<&Rect> = words
                    .iter()
                    .filter(|(w, _)| w.contains(token))
                    .map(|(_, b)| b)
                    .collect();
                assert!(!places.is_empty(), "poppler reads {token:?} on {file:?}");
                let hit = places
                    .iter()
                    .any(|b| marks.iter().any(|m| inside(&box_of(m), centre(b))));
                assert!(
                    hit,
                    "{token:?} of {} in {file:?}: marks {marks:?}, poppler {places:?}",
                    f["rule"]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} quoted words were compared");
    eprintln!("{checked} quoted words compared");
}

#[test]
fn words_read_by_ocr_are_marked_on_the_scan_where_they_are_printed() {
    if !common::tesseract_or_skip("the OCR marks test") {
        return;
    }
    // The scanned twin of a text PDF: the same letter printed and scanned. Its marks,
    // from Tesseract's word boxes, lie where the text layer's do.
    let (_, text) = check_json(&[&fixture("fixtures/rules/consistency/dates/fail")]);
    let (_, scan) = check_json(&[&fixture("fixtures/rules/consistency/dates/fail-scan")]);
    let dates = |r: &Value| -> Vec<(String, Rect)> {
        marks(r)
            .into_iter()
            .filter(|m| m.1 == "consistency/dates")
            .map(|m| (m.2, m.4))
            .collect()
    };
    let (text, scan) = (dates(&text), dates(&scan));
    assert!(!scan.is_empty(), "the scan's dates are marked");
    for (label, b) in &scan {
        let (_, t) = text
            .iter()
            .find(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("{label} marked in the text PDF too: {text:?}"));
        let (cs, ct) = (centre(b), centre(t));
        assert!(
            (cs.0 - ct.0).abs() < 0.02 && (cs.1 - ct.1).abs() < 0.01,
            "{label}: scan {b:?}, text {t:?}"
        );
    }

    // A letter scanned sideways onto a landscape page: Tesseract reads it turned, and
    // the boxes go back to the page as shown, where its lines run upwards.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/ocr/sideways/04_Invitation_Letter.pdf"),
        tmp.path().join("04_Invitation_Letter.pdf"),
    )
    .unwrap();
    let manifest =
        std::fs::read_to_string(root().join("fixtures/rules/consistency/dates/fail/dossier.toml"))
            .unwrap()
            .replace("2027-01-19", "2027-03-01")
            .replace("2027-01-29", "2027-03-09");
    std::fs::write(tmp.path().join("dossier.toml"), manifest).unwrap();
    let (_, report) = check_json(&[tmp.path().to_str().unwrap()]);
    let found = dates(&report);
    let arrival = &found
        .iter()
        .find(|(l, _)| l.starts_with("arrival"))
        .unwrap()
        .1;
    let departure = &found
        .iter()
        .find(|(l, _)| l.starts_with("departure"))
        .unwrap()
        .1;
    for b in [arrival, departure] {
        assert!(
            b[3] - b[1] > 3.0 * (b[2] - b[0]),
            "a date standing upright: {b:?}"
        );
    }
    // "from 19.01.2027 to 29.01.2027" on one line, read bottom to top, in the left half.
    assert!((arrival[0] - departure[0]).abs() < 0.01, "{found:?}");
    assert!(departure[3] <= arrival[1], "{found:?}");
    assert!(arrival[2] < 0.5, "{found:?}");
}

#[test]
fn scan_measures_mark_the_region_they_found() {
    let by_rule = |pack: &str, rule: &str| -> (Value, Vec<Rect>) {
        let (_, report) = check_json(&["--no-ocr", &fixture(pack)]);
        let f = common::findings(&report)
            .into_iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule} in {pack}"))
            .clone();
        let boxes = marks(&report)
            .into_iter()
            .filter(|m| m.1 == rule)
            .map(|m| m.4)
            .collect();
        (f, boxes)
    };
    // The shadow falls on the left: the mark runs down the left of the page.
    let (f, boxes) = by_rule("fixtures/rules/scan/shadow/fail", "scan/shadow");
    assert_eq!(f["evidence"]["darkest"], "left");
    let b = boxes[0];
    assert!(
        b[0] == 0.0 && b[2] < 0.5 && b[1] < 0.1 && b[3] > 0.9,
        "{b:?}"
    );
    // The edge the content runs into.
    let (f, boxes) = by_rule("fixtures/rules/scan/cropped/fail", "scan/cropped");
    let b = boxes[0];
    match f["evidence"]["side"].as_str().unwrap() {
        "left" => assert!(b[0] == 0.0 && b[2] <= 0.1 && b[3] - b[1] > 0.9, "{b:?}"),
        "right" => assert!(b[2] == 1.0 && b[0] >= 0.9, "{b:?}"),
        "top" => assert!(b[1] == 0.0 && b[3] <= 0.1, "{b:?}"),
        side => assert!(b[3] == 1.0 && b[1] >= 0.9, "{side}: {b:?}"),
    }
    // A blank page is marked whole, on its own page.
    let (_, report) = check_json(&["--no-ocr", &fixture("fixtures/rules/scan/blank-page/fail")]);
    let blanks: Vec<_> = common::findings(&report)
        .into_iter()
        .filter(|f| f["rule"] == "scan/blank-page")
        .collect();
    assert!(!blanks.is_empty());
    for f in blanks {
        let m = &f["evidence"]["marks"][0];
        assert_eq!(m["page"], f["page"].as_u64().unwrap_or(1));
        assert_eq!(m["box"], serde_json::json!([0.0, 0.0, 1.0, 1.0]));
    }
    // The zone's line with the check digits, across the zone's width.
    let (_, boxes) = by_rule("fixtures/rules/scan/mrz/fail", "scan/mrz");
    let b = boxes[0];
    assert!(
        b[2] - b[0] > 10.0 * (b[3] - b[1]),
        "one line of 44 characters: {b:?}"
    );
}

#[test]
fn the_photo_is_marked_with_its_face_and_measured_head() {
    let (_, report) = check_json(&[&fixture("fixtures/rules/photo/head-size/fail")]);
    let f = common::findings(&report)
        .into_iter()
        .find(|f| f["rule"] == "photo/head-size")
        .unwrap()
        .clone();
    let all = marks(&report);
    let face = all.iter().find(|m| m.2 == "face").unwrap().4;
    let head = all.iter().find(|m| m.2.starts_with("head")).unwrap().4;
    // The head holds the face, and is as tall as the share the message gives.
    assert!(inside(&head, (face[0], face[1])) && inside(&head, (face[2], face[3])));
    let ratio = f["evidence"]["head_ratio"].as_f64().unwrap();
    assert!(
        (head[3] - head[1] - ratio).abs() < 0.01,
        "{head:?} vs {ratio}"
    );
}

#[test]
fn the_html_report_draws_every_mark_on_its_page() {
    let packs = [
        fixture("fixtures/rules/scan/shadow/fail"),
        fixture("fixtures/rules/photo/head-size/fail"),
        fixture("fixtures/rules/consistency/dates/fail"),
        fixture("fixtures/rules/consistency/identity/fail"),
        fixture("fixtures/rules/scan/blank-page/fail"),
    ];
    let args: Vec<&str> = packs.iter().map(String::as_str).collect();
    let (_, report) = check_json(&[&["--no-ocr"], args.as_slice()].concat());
    let expected = marks(&report).len();
    assert!(expected >= 5, "{expected} marks");
    let mut all = vec![
        "check",
        "--format",
        "html",
        "--no-ocr",
        "--today",
        "2026-11-24",
    ];
    all.extend_from_slice(&args);
    let html = String::from_utf8(dossier(&all).stdout).unwrap();
    assert_eq!(html.matches("<span class=\"mark ").count(), expected);
    // Each mark is placed in percent of its page, inside it.
    for style in html.split("style=\"left:").skip(1) {
        let css = style.split('"').next().unwrap();
        let v: Vec<f64> = css
            .split(['%', ';', ':'])
            .filter_map(|t| t.parse().ok())
            .collect();
        assert_eq!(v.len(), 4, "{css}");
        assert!(v[0] + v[2] <= 100.01 && v[1] + v[3] <= 100.01, "{css}");
    }
}

#[test]
fn split_html_writes_an_index_and_a_page_per_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    let packs = [
        fixture("fixtures/rules/scan/shadow/fail"),
        fixture("fixtures/packs/012-lee"),
    ];
    let run = dossier(&[
        "check",
        "--no-ocr",
        "--today",
        "2026-11-24",
        "--split-html",
        dir.to_str().unwrap(),
        &packs[0],
        &packs[1],
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for n in 1..=2 {
        let page = format!("pack-{n:04}.html");
        assert!(index.contains(&format!("href=\"{page}\"")), "{index}");
        let html = std::fs::read_to_string(dir.join(&page)).unwrap();
        assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>\n"));
        // Every rule linked from the page is documented on it.
        for link in html.split("href=\"#rule-").skip(1) {
            let anchor = link.split('"').next().unwrap();
            assert!(
                html.contains(&format!("id=\"rule-{anchor}\"")),
                "{page}: {anchor}"
            );
        }
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
    assert!(
        std::fs::read_to_string(dir.join("pack-0001.html"))
            .unwrap()
            .contains("scan/shadow")
    );
    // A file where the folder should be is refused, and left as it is.
    let file = tmp.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    let run = dossier(&["check", "--split-html", file.to_str().unwrap(), &packs[1]]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// `dossier build 012-lee ARGS --html --today 2026-11-24`, which must succeed.
fn build_with_html(args: &[&str]) {
    let pack = fixture("fixtures/packs/012-lee");
    let mut all = vec!["build", pack.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--html", "--today", "2026-11-24"]);
    let run = dossier(&all);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn build_writes_the_report_beside_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("pack.pdf");
    build_with_html(&["-o", pdf.to_str().unwrap()]);
    assert!(pdf.is_file());
    let html = std::fs::read_to_string(tmp.path().join("pack.html")).unwrap();
    assert_eq!(html.matches("<section class=\"doc\"").count(), 9);
    assert!(
        html.contains("<dl class=\"facts\""),
        "the pack's facts are shown"
    );
    // A split build's report sits beside its folder, not among the files to upload.
    let up = tmp.path().join("upload");
    build_with_html(&["--split", up.to_str().unwrap()]);
    assert!(tmp.path().join("upload.html").is_file());
    assert!(
        std::fs::read_dir(&up).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".html"))
    );
}
