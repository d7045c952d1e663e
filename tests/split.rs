//! `dossier build --split`: one PDF per document, named by the profile's `[upload]`
//! rules, measured against its size limit, written without replacing anything.

mod common;

use common::{dossier, root};
use std::path::Path;

fn split(pack: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        pack.to_str().unwrap(),
        "--split",
        out.to_str().unwrap(),
        "--today",
        "2026-11-24",
        "--format",
        "concise",
    ];
    args.extend_from_slice(extra);
    dossier(&args)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn one_file_per_document_pdfs_untouched_images_converted() {
    let pack = root().join("fixtures/packs/012-lee");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("upload");
    let run = split(&pack, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let mut expected: Vec<String> = std::fs::read_dir(&pack)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_bytes()[0].is_ascii_digit())
        .map(|n| format!("{}.pdf", n.rsplit_once('.').unwrap().0))
        .collect();
    expected.sort();
    assert_eq!(listing(&out), expected);
    for name in &expected {
        let source = ["pdf", "jpg", "jpeg", "png", "tif", "tiff"]
            .iter()
            .map(|x| pack.join(format!("{}.{x}", name.trim_end_matches(".pdf"))))
            .find(|p| p.is_file())
            .unwrap();
        let written = std::fs::read(out.join(name)).unwrap();
        if source.extension().unwrap() == "pdf" {
            assert_eq!(written, std::fs::read(&source).unwrap(), "{name} changed");
        } else {
            // The image became a one-page PDF holding its JPEG bytes as they are.
            let doc = lopdf::Document::load_mem(&written).unwrap();
            assert_eq!(doc.get_pages().len(), 1);
            let jpeg = std::fs::read(&source).unwrap();
            assert!(
                memchr::memmem::find(&written, &jpeg).is_some(),
                "{name}: the JPEG was re-encoded"
            );
            assert!(stderr.contains(&format!("{name}: ")), "{stderr}");
        }
    }
    assert!(stderr.contains("wrote 9 files to"), "{stderr}");

    // The same input gives the same bytes; a second run into the same folder refuses and
    // leaves every file as it was.
    let again = dir.path().join("again");
    assert_eq!(split(&pack, &again, &[]).status.code(), Some(0));
    for name in &expected {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap()
        );
    }
    let marker = out.join(&expected[0]);
    std::fs::write(&marker, b"the applicant's own edit").unwrap();
    let refused = split(&pack, &out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&marker).unwrap(), b"the applicant's own edit");
    assert_eq!(listing(&out), expected, "a refused run left files behind");
    assert_eq!(split(&pack, &out, &["--overwrite"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read(&marker).unwrap(),
        std::fs::read(pack.join(&expected[0])).unwrap()
    );
}

#[test]
fn the_profile_names_the_files_and_measures_them() {
    let source = root().join("fixtures/packs/012-lee");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    for e in std::fs::read_dir(&source).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), pack.join(e.file_name())).unwrap();
    }
    // A name with characters a portal refuses.
    std::fs::rename(
        pack.join("04_Invitation_Letter.pdf"),
        pack.join("04_Invitation Letter (signed, ÉTÉ).pdf"),
    )
    .unwrap();
    let profile = dir.path().join("portal.toml");
    std::fs::write(
        &profile,
        "name = \"portal\"\nextends = \"kz-b1\"\n\
         [upload]\nmode = \"per-document\"\nmax_file_kb = 60\n\
         name_pattern = \"{number}-{stem}\"\nname_chars = \"-\"\nmax_name_len = 30\nindex = true\n",
    )
    .unwrap();
    // The profile splits, so `-o` is the folder.
    let out = dir.path().join("upload");
    let run = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
        "--force",
        "--today",
        "2026-11-24",
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let names = listing(&out);
    assert!(names.contains(&"00-00_Index.pdf".to_string()), "{names:?}");
    for n in &names {
        assert!(n.len() <= 30, "{n}");
        assert!(
            n.trim_end_matches(".pdf")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{n}"
        );
    }
    assert!(
        names.contains(&"04-04_Invitation_Letter_signed.pdf".to_string())
            || names
                .iter()
                .any(|n| n.starts_with("04-04_Invitation_Letter")),
        "{names:?}"
    );
    // The index is a PDF of its own that lists the files by their new names.
    let index = lopdf::Document::load(out.join("00-00_Index.pdf")).unwrap();
    assert!(!index.get_pages().is_empty());
    // The 115 kB passport scan is over the 60 kB, and cannot go below its 200 dpi: an
    // error on the written file, exit 1.
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let over: Vec<&str> = report["packs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "pack/size" && f["severity"] == "error")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(over, ["01_Passport_Bio_Page.pdf"], "{report:#}");
    assert!(stderr.contains("OVER the 0.06 MB limit"), "{stderr}");

    // Naming the merged PDF still builds one file.
    let merged = dir.path().join("pack.pdf");
    let run = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
        "--force",
        "--today",
        "2026-11-24",
    ]);
    // It is one file over the portal's 60 kB too: fitted as far as it goes, written,
    // and an error.
    assert_eq!(run.status.code(), Some(1));
    assert!(merged.is_file());
    assert!(String::from_utf8_lossy(&run.stderr).contains("--split DIR"));
    assert!(String::from_utf8_lossy(&run.stdout).contains("over the 0.06 MB a file may be"));
}

#[test]
fn a_file_over_the_budget_is_made_to_fit_and_still_checks_as_it_did() {
    let pack = root().join("fixtures/packs/012-lee");
    let dir = tempfile::tempdir().unwrap();
    // The 115 kB passport scan (200 dpi, the profile's recommended floor) is over 100 kB:
    // its JPEG is re-encoded at its own resolution. The documents that fit are
    // byte-identical.
    let out = dir.path().join("upload");
    let run = split(&pack, &out, &["--max-file-kb", "100"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let passport = std::fs::read(out.join("01_Passport_Bio_Page.pdf")).unwrap();
    assert!(
        passport.len() <= 100_000,
        "{} bytes\n{stderr}",
        passport.len()
    );
    assert!(
        stderr.contains("01_Passport_Bio_Page.pdf (0.11 MB); changed: 1 scan re-encoded"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(out.join("02_Form.pdf")).unwrap(),
        std::fs::read(pack.join("02_Form.pdf")).unwrap()
    );
    let doc = lopdf::Document::load_mem(&passport).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    // Same input, same bytes, the re-encoding included.
    let again = dir.path().join("again");
    assert_eq!(
        split(&pack, &again, &["--max-file-kb", "100"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read(again.join("01_Passport_Bio_Page.pdf")).unwrap(),
        passport
    );

    // The pack with the shrunk passport checks as the original did: no scan finding it
    // did not have, and its machine-readable zone still reads.
    let shrunk = dir.path().join("shrunk");
    std::fs::create_dir(&shrunk).unwrap();
    for e in std::fs::read_dir(&pack).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), shrunk.join(e.file_name())).unwrap();
    }
    std::fs::write(shrunk.join("01_Passport_Bio_Page.pdf"), &passport).unwrap();
    let scan_rules = |p: &Path| -> Vec<(String, String)> {
        let (_, report) = common::check_json(&[p.to_str().unwrap()]);
        common::rule_files(&report)
            .into_iter()
            .filter(|(r, _)| r.starts_with("scan/"))
            .collect()
    };
    assert_eq!(scan_rules(&shrunk), scan_rules(&pack));

    // 40 kB cannot be reached without going below 200 dpi or quality 65: the file keeps
    // its bytes and the error says how far it got.
    let tight = dir.path().join("tight");
    let run = split(&pack, &tight, &["--max-file-kb", "40"]);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("cannot be made smaller than") && stdout.contains("200 dpi"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(tight.join("01_Passport_Bio_Page.pdf")).unwrap(),
        std::fs::read(pack.join("01_Passport_Bio_Page.pdf")).unwrap()
    );
}

#[test]
fn the_json_report_gives_each_file_its_size_and_what_was_done() {
    let src = root().join("fixtures/packs/012-lee");
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::copy(
        src.join("01_Passport_Bio_Page.pdf"),
        pack.join("01_Passport_Bio_Page.pdf"),
    )
    .unwrap();
    // The insurance policy with its streams stored uncompressed, as some producers write:
    // over the limit with no image in it, so only a lossless rewrite can fit it.
    let mut policy = lopdf::Document::load(src.join("09_Travel_Insurance.pdf")).unwrap();
    policy.decompress();
    policy.save(pack.join("09_Travel_Insurance.pdf")).unwrap();
    let policy_bytes = std::fs::metadata(pack.join("09_Travel_Insurance.pdf"))
        .unwrap()
        .len();
    assert!(policy_bytes > 60_000, "{policy_bytes}");

    let out = dir.path().join("upload");
    let run = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "--split",
        out.to_str().unwrap(),
        "--max-file-kb",
        "60",
        "--today",
        "2026-11-24",
        "--force",
        "--format",
        "json",
    ]);
    // The passport cannot reach 60 kB above 200 dpi and quality 65: an error, exit 1.
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let outputs = report["packs"][0]["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2);
    let passport = &outputs[0];
    assert_eq!(passport["file"], "01_Passport_Bio_Page.pdf");
    assert_eq!(passport["fits"], false);
    assert_eq!(passport["limit_bytes"], 60_000);
    assert!(passport["smallest_bytes"].as_u64().unwrap() > 60_000);
    assert!(
        passport["why_not_smaller"]
            .as_str()
            .unwrap()
            .contains("200 dpi"),
        "{passport}"
    );
    let policy = &outputs[1];
    assert_eq!(policy["fits"], true);
    assert_eq!(policy["copied"], false);
    assert_eq!(policy["source_bytes"], policy_bytes);
    assert!(policy["bytes"].as_u64().unwrap() <= 60_000);
    assert!(
        policy["changes"]
            .as_str()
            .unwrap()
            .contains("rewritten losslessly"),
        "{policy}"
    );
    // Lossless: every page says what it said.
    let before = lopdf::Document::load(pack.join("09_Travel_Insurance.pdf")).unwrap();
    let after = lopdf::Document::load(out.join("09_Travel_Insurance.pdf")).unwrap();
    let pages: Vec<u32> = before.get_pages().keys().copied().collect();
    assert_eq!(after.get_pages().len(), pages.len());
    assert_eq!(
        before.extract_text(&pages).unwrap(),
        after.extract_text(&pages).unwrap()
    );
}

#[test]
fn pages_go_on_the_portals_paper_without_cropping_or_rasterising() {
    // The passport of this pack is a page of its own size (404.64 x 299.88 pt, a bio
    // page at 200 dpi); France-Visas wants A4.
    let pack = root().join("fixtures/rules/file/active-content/pass");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("upload");
    let run = split(&pack, &out, &["--profile", "france-visas", "--force"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.code().is_some_and(|c| c <= 1), "{stderr}");
    assert!(
        stderr.contains("01_Passport.pdf (0.11 MB); changed: 1 page put on A4"),
        "{stderr}"
    );
    let doc = lopdf::Document::load(out.join("01_Passport.pdf")).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let media: Vec<f32> = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert!(
        (media[2] - 841.89).abs() < 0.01 && (media[3] - 595.276).abs() < 0.01,
        "{media:?}"
    );
    // Drawn at its own size, centred: the same image, not a rendering of it.
    let content = String::from_utf8(doc.get_page_content(page)).unwrap();
    assert!(
        content.starts_with("q 1 0 0 1 218.625 147.698 cm"),
        "{content}"
    );
    assert_eq!(doc.get_page_images(page).unwrap().len(), 1);
    // Pages already on A4 are copied as they were.
    assert_eq!(
        std::fs::read(out.join("02_Form.pdf")).unwrap(),
        std::fs::read(pack.join("02_Form.pdf")).unwrap()
    );
    // The check reads it as the same scan, at the same resolution, with its MRZ.
    let scans = |dir: &Path| {
        let (_, report) = common::check_json(&["--profile", "france-visas", dir.to_str().unwrap()]);
        let mut found: Vec<(String, String)> = common::findings(&report)
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("scan/"))
            .map(|f| {
                let file = f["file"].as_str().unwrap_or("");
                let stem = Path::new(file)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (f["rule"].as_str().unwrap().to_string(), stem)
            })
            .collect();
        found.sort();
        found
    };
    let before = scans(&pack);
    assert!(
        before.contains(&("scan/resolution".into(), "01_Passport".into())),
        "{before:?}"
    );
    assert_eq!(scans(&out), before);
}
