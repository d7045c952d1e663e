//! The classes of real-world PDF that issue 17 found read or built wrong, one fixture
//! each (`fixtures/real-world/`, made by `scripts/make-realworld-fixtures.py`): each is
//! checked and built inside the clean pack 012-lee, and what an officer would see in the
//! built pack is read back with poppler.

mod common;

use common::{check_json, dossier, findings, root};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixture file → its name in the pack (after 012-lee's nine documents).
const ADDED: [(&str, &str); 15] = [
    ("layer-off.pdf", "10_Layer_Off.pdf"),
    ("layer-base-state-off.pdf", "11_Layer_Base_Off.pdf"),
    ("no-length.pdf", "12_No_Length.pdf"),
    ("corrupt-content.pdf", "13_Corrupt_Content.pdf"),
    ("direct-page.pdf", "14_Direct_Page.pdf"),
    ("pages-is-a-page.pdf", "15_Pages_Is_Page.pdf"),
    ("devicen-image.pdf", "16_Devicen.pdf"),
    ("one-huge-image.pdf", "17_Huge_Image.pdf"),
    ("aes256-open.pdf", "18_Aes256_Open.pdf"),
    ("aes128-open.pdf", "19_Aes128_Open.pdf"),
    ("aes256-invalid-id.pdf", "20_Aes256_Invalid_Id.pdf"),
    ("aes128-indirect-r.pdf", "21_Aes128_Indirect_R.pdf"),
    ("aes256-user-password.pdf", "22_Aes256_User.pdf"),
    ("rc4-user-password.pdf", "23_Rc4_User.pdf"),
    (
        "rc4-user-password-indirect-r.pdf",
        "24_Rc4_User_Indirect_R.pdf",
    ),
];

fn pack(dir: &Path) -> PathBuf {
    let pack = dir.join("pack");
    std::fs::create_dir(&pack).unwrap();
    let lee = root().join("fixtures/packs/012-lee");
    for e in std::fs::read_dir(&lee).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), pack.join(e.file_name())).unwrap();
    }
    for (fixture, name) in ADDED {
        std::fs::copy(
            root().join("fixtures/real-world").join(fixture),
            pack.join(name),
        )
        .unwrap();
    }
    pack
}

/// Rule ids and severities reported on `file`.
fn on(report: &Value, file: &str) -> Vec<(String, String, String)> {
    findings(report)
        .into_iter()
        .filter(|f| f["file"].as_str() == Some(file))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(list: &[(String, String, String)], rule: &str) -> bool {
    list.iter().any(|(r, _, _)| r == rule)
}

fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must have poppler"
    );
    ok
}

/// The text poppler reads on page `n` of `pdf`.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Bookmark title → first page, from the built pack's outline.
fn first_pages(pdf: &Path) -> BTreeMap<String, usize> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_toc()
        .unwrap()
        .toc
        .into_iter()
        .map(|t| (t.title, t.page))
        .collect()
}

#[test]
fn every_real_world_class_is_read_and_built_as_viewers_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack(dir.path());
    let (_, report) = check_json(&[pack.to_str().unwrap()]);

    // Readable files are read, with what was repaired said in a finding.
    for name in ["14_Direct_Page.pdf", "15_Pages_Is_Page.pdf"] {
        let f = on(&report, name);
        assert!(!has(&f, "file/empty"), "{name}: {f:?}");
        assert!(has(&f, "file/repaired"), "{name}: {f:?}");
    }
    for name in [
        "12_No_Length.pdf",
        "16_Devicen.pdf",
        "18_Aes256_Open.pdf",
        "19_Aes128_Open.pdf",
        "20_Aes256_Invalid_Id.pdf",
        "21_Aes128_Indirect_R.pdf",
    ] {
        let f = on(&report, name);
        for rule in ["file/unreadable", "file/encrypted", "file/empty"] {
            assert!(!has(&f, rule), "{name}: {f:?}");
        }
    }
    // The stream without /Length keeps its words.
    let f = on(&report, "12_No_Length.pdf");
    assert!(
        !has(&f, "scan/no-text") && !has(&f, "scan/blank-page"),
        "{f:?}"
    );

    // Password files are encrypted, never "no pages".
    for name in [
        "22_Aes256_User.pdf",
        "23_Rc4_User.pdf",
        "24_Rc4_User_Indirect_R.pdf",
    ] {
        let f = on(&report, name);
        assert!(has(&f, "file/encrypted"), "{name}: {f:?}");
        assert!(!has(&f, "file/empty"), "{name}: {f:?}");
    }

    // Damage that cannot be recovered is an error, said in words.
    let f = on(&report, "13_Corrupt_Content.pdf");
    assert!(
        f.iter()
            .any(|(r, s, m)| r == "file/unreadable" && s == "error" && m.contains("damaged")),
        "{f:?}"
    );

    // One image over the pixel limit is a warning on its page, not an unreadable file.
    let f = on(&report, "17_Huge_Image.pdf");
    let unreadable: Vec<_> = f
        .iter()
        .filter(|(r, _, _)| r == "file/unreadable")
        .collect();
    assert_eq!(unreadable.len(), 1, "{f:?}");
    assert_eq!(unreadable[0].1, "warning");
    assert!(unreadable[0].2.contains("page 2"), "{f:?}");

    for f in findings(&report) {
        let text = format!("{} {}", f["message"], f["help"]);
        assert!(!text.contains("open an issue"), "{text}");
    }

    let out = dir.path().join("out.pdf");
    let run = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
        "--today",
        "2026-11-24",
        "--quiet",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pages = first_pages(&out);
    let at = |title: &str| {
        *pages
            .get(title)
            .unwrap_or_else(|| panic!("{title}: {pages:?}"))
    };

    // Hidden layers stay hidden: both OFF groups are in the output's default config.
    let doc = lopdf::Document::load(&out).unwrap();
    let props = doc
        .catalog()
        .unwrap()
        .get_deref(b"OCProperties", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let config = props.get_deref(b"D", &doc).unwrap().as_dict().unwrap();
    let off: Vec<String> = config
        .get(b"OFF")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let g = doc.get_dictionary(o.as_reference().unwrap()).unwrap();
            String::from_utf8_lossy(g.get(b"Name").unwrap().as_str().unwrap()).into_owned()
        })
        .collect();
    assert_eq!(off, ["Draft mark", "Draft mark"], "{config:?}");
    assert_eq!(props.get(b"OCGs").unwrap().as_array().unwrap().len(), 4);

    if !poppler() {
        return;
    }
    for title in ["10 Layer Off", "11 Layer Base Off"] {
        let text = page_text(&out, at(title));
        assert!(text.contains("Reference KZ-2026-118"), "{title}: {text}");
        assert!(
            !text.contains("DRAFT"),
            "{title}: the hidden layer shows: {text}"
        );
    }
    for title in [
        "12 No Length",
        "14 Direct Page",
        "15 Pages Is Page",
        "18 Aes256 Open",
        "19 Aes128 Open",
        "20 Aes256 Invalid Id",
        "21 Aes128 Indirect R",
    ] {
        let text = page_text(&out, at(title));
        assert!(
            text.contains("Minjun Lee, passport M98521844"),
            "{title}: {text}"
        );
    }
    // The huge image's document is whole: three pages, the third with its words.
    let huge = at("17 Huge Image");
    assert!(page_text(&out, huge + 2).contains("Bank statement, page 3"));
    // What cannot be read is left out, and the index says so.
    let index = page_text(&out, 1) + &page_text(&out, 2);
    assert!(!pages.contains_key("13 Corrupt Content"), "{pages:?}");
    assert!(index.contains("not included"), "{index}");
}
