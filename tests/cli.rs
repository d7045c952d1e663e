//! The command line as data (`tests/cmd/*.toml`: arguments, exit code, expected output),
//! plus `init`, which writes files. Refresh expectations with `TRYCMD=overwrite cargo test --test cli`.

mod common;

use common::dossier_in;
use dossier::pack::manifest::{MANIFEST_FILE, TEMPLATE};

#[test]
fn cli_cases() {
    // The snapshots are a machine without Tesseract, so they read the same everywhere;
    // tests/ocr.rs covers what OCR adds.
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("DOSSIER_TESSERACT", "")
        .case("tests/cmd/*.toml");
}

#[test]
fn init_writes_the_template_once_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier_in(dir.path(), &["init"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join(MANIFEST_FILE);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);

    std::fs::write(&path, "profile = \"kz-b1\"\n").unwrap();
    let again = dossier_in(dir.path(), &["init", "."]);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "profile = \"kz-b1\"\n"
    );
    // Nothing but the manifest is left behind: no temporary file.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn init_refuses_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier_in(dir.path(), &["init", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn an_initialised_pack_checks_without_manifest_findings() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier_in(dir.path(), &["init"]).status.success());
    let out = dossier_in(
        dir.path(),
        &["check", "--format", "jsonl", "--today", "2026-11-24"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("pack/manifest"), "{text}");
    assert!(text.contains("pack/missing-document"), "{text}");
}

#[test]
fn profiles_show_round_trips_into_a_user_profile() {
    let dir = tempfile::tempdir().unwrap();
    let shown = dossier_in(dir.path(), &["profiles", "--show", "kz-b1"]);
    assert!(shown.status.success());
    std::fs::write(dir.path().join("my.toml"), &shown.stdout).unwrap();
    let pack = common::root().join("fixtures/packs/008-bianchi");
    let with_copy = dossier_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "my.toml",
            pack.to_str().unwrap(),
        ],
    );
    let builtin = dossier_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "kz-b1",
            pack.to_str().unwrap(),
        ],
    );
    assert_eq!(with_copy.stdout, builtin.stdout);
    assert_eq!(with_copy.status.code(), Some(1));
}

#[test]
fn output_is_byte_identical_run_to_run_and_across_job_counts() {
    let root = common::root().join("fixtures/packs");
    let args = |jobs: &'static str| {
        vec![
            "check",
            "--recursive",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "--jobs",
            jobs,
            ".",
        ]
    };
    let one = dossier_in(&root, &args("1"));
    let two = dossier_in(&root, &args("2"));
    let again = dossier_in(&root, &args("2"));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(two.stdout, again.stdout);
    assert!(one.stdout.len() > 1000);
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let root = common::root().join("fixtures/packs");
    let always = dossier_in(
        &root,
        &[
            "check",
            "--color",
            "always",
            "--today",
            "2026-11-24",
            "008-bianchi",
        ],
    );
    assert!(
        always.stdout.contains(&0x1b),
        "--color always gives ANSI colour"
    );
    let never = dossier_in(
        &root,
        &[
            "check",
            "--color",
            "never",
            "--today",
            "2026-11-24",
            "008-bianchi",
        ],
    );
    assert!(!never.stdout.contains(&0x1b));
    // Piped output under `auto` has no colour.
    let auto = dossier_in(&root, &["check", "--today", "2026-11-24", "008-bianchi"]);
    assert!(!auto.stdout.contains(&0x1b));
}

#[test]
fn inspect_shows_pages_text_mrz_and_facts() {
    let file = "fixtures/rules/scan/mrz/fail/01_Passport.pdf";
    let out = common::dossier(&["inspect", "--format", "json", "--today", "2026-11-24", file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["file"], file);
    assert_eq!(f["role"], "passport");
    assert_eq!(f["pages"][0]["page"], 1);
    assert_eq!(f["pages"][0]["text_source"], "layer");
    assert!(f["pages"][0]["text"].as_str().unwrap().contains("P<KOR"));
    let mrz = &f["mrz"];
    assert_eq!(mrz["format"], "TD3");
    assert_eq!(
        mrz["valid"], false,
        "the fixture's number check digit is wrong"
    );
    assert_eq!(mrz["checks"]["number"], false);
    assert_eq!(mrz["checks"]["birth"], true);
    assert_eq!(mrz["lines"].as_array().unwrap().len(), 2);
    let numbers = f["facts"]["numbers"].as_array().unwrap();
    assert!(
        numbers
            .iter()
            .all(|n| n["page"] == 1 && n["quote"].is_string())
    );

    let human = common::dossier(&["inspect", "--today", "2026-11-24", file]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("MRZ TD3 (check digits fail)"), "{text}");
    assert!(
        text.contains("failing: number, composite") || text.contains("failing: composite, number"),
        "{text}"
    );

    let folder = common::dossier(&["inspect", "fixtures/packs/012-lee"]);
    assert_eq!(folder.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&folder.stderr).contains("not a file"));
}
