//! Running the built binary from integration tests.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dossier ARGS` with a hang guard; a run over the limit is a test failure.
pub fn dossier(args: &[&str]) -> Output {
    dossier_in(&root(), args)
}

/// Runs `dossier ARGS` in `cwd`.
pub fn dossier_in(cwd: &Path, args: &[&str]) -> Output {
    dossier_env(cwd, args, &[])
}

/// Runs `dossier ARGS` in `cwd` with extra environment variables.
pub fn dossier_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dossier binary starts");
    // Read output on threads so a full pipe cannot stall the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait on dossier") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("dossier {args:?} hung for 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// Runs `dossier check --format json --today 2026-11-24 ARGS` and parses the report.
pub fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-24"];
    all.extend_from_slice(args);
    let out = dossier(&all);
    let code = out.status.code().expect("dossier exits, it is not killed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(code, 2, "dossier {all:?} could not run: {stderr}");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("dossier {all:?} printed no JSON ({e}): {stderr}"));
    (code, v)
}

/// Every finding of every pack in a JSON report.
pub fn findings(report: &Value) -> Vec<&Value> {
    report["packs"]
        .as_array()
        .expect("packs array")
        .iter()
        .flat_map(|p| p["findings"].as_array().expect("findings array"))
        .collect()
}

/// (rule, file or "-") of each finding.
pub fn rule_files(report: &Value) -> Vec<(String, String)> {
    findings(report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

/// A4 in points.
pub const A4: (f32, f32) = (595.0, 842.0);

/// A one-page PDF of `size` points with the given content stream and resources.
pub fn one_page_pdf(
    doc: &mut lopdf::Document,
    content: lopdf::Stream,
    resources: lopdf::Dictionary,
    (w, h): (f32, f32),
) -> Vec<u8> {
    use lopdf::{Object, dictionary};
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
        "Contents" => content_id,
        "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Whether Tesseract is installed; without it a test that needs it skips, except in CI.
pub fn tesseract_or_skip(what: &str) -> bool {
    // DOSSIER_TESSERACT is what dossier runs; set empty, it pretends there is none.
    let program = std::env::var_os("DOSSIER_TESSERACT").unwrap_or_else(|| "tesseract".into());
    let found = !program.is_empty()
        && Command::new(&program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have tesseract (.ci/run installs it) for {what}"
        );
        eprintln!("skipped {what}: tesseract is not installed");
    }
    found
}
