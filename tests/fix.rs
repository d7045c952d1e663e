//! `dossier fix` on messy copies of a real pack: the plan, the result, refusals, and a
//! crash after every file system step followed by a rerun.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;

/// The real pack the messy ones are made from.
const SOURCE: &str = "fixtures/packs/012-lee";

/// (name in the fixture, name in the messy copy): gaps (05, 06 after 02), photo before
/// passport, a single-digit number, a space, non-ASCII letters and a dash.
const MESSY: &[(&str, &str)] = &[
    ("03_Passport_Photo.jpg", "1_Photo.jpg"),
    ("01_Passport_Bio_Page.pdf", "02_Passport Bio Page.pdf"),
    ("02_Form.pdf", "05_Form.pdf"),
    ("04_Invitation_Letter.pdf", "06_Invitation_Letter.pdf"),
    ("05_Employer_Letter.pdf", "07_Employer Letter – Müller.pdf"),
    ("06_Bank_Statement.pdf", "09_Bank_Statement.pdf"),
    ("07_Flight_Itinerary.pdf", "10_Flight_Itinerary.pdf"),
    ("08_Hotel_Reservation.pdf", "11_Hotel_Reservation.pdf"),
    ("09_Travel_Insurance.pdf", "12_Travel_Insurance.pdf"),
    ("dossier.toml", "dossier.toml"),
];

/// What the messy pack must become.
const FIXED: &[&str] = &[
    "01_Passport_Bio_Page.pdf",
    "02_Form.pdf",
    "03_Photo.jpg",
    "04_Invitation_Letter.pdf",
    "05_Employer_Letter_M_ller.pdf",
    "06_Bank_Statement.pdf",
    "07_Flight_Itinerary.pdf",
    "08_Hotel_Reservation.pdf",
    "09_Travel_Insurance.pdf",
    "dossier.toml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A messy copy of the source pack, with `.DS_Store` and `Thumbs.db` beside it.
fn messy_pack() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in MESSY {
        fs::copy(root().join(SOURCE).join(from), dir.path().join(to)).unwrap();
    }
    fs::copy(
        root().join("fixtures/packs/007-mitchell/.DS_Store"),
        dir.path().join(".DS_Store"),
    )
    .unwrap();
    fs::write(
        dir.path().join("Thumbs.db"),
        b"\xd0\xcf\x11\xe0 thumbnail cache",
    )
    .unwrap();
    dir
}

/// Runs the real binary with `env` set, with a hang guard.
fn dossier_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args)
        .env_remove("DOSSIER_FIX_CRASH_AFTER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the dossier binary starts");
    let start = Instant::now();
    // The outputs are small; a full pipe cannot stall the child before it exits.
    while child.try_wait().expect("wait on dossier").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("dossier {args:?} hung for 60 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.wait_with_output().expect("collect dossier's output")
}

fn dossier(args: &[&str]) -> Output {
    dossier_env(args, &[])
}

fn fix(dir: &Path, extra: &[&str]) -> Output {
    let path = dir.to_str().unwrap();
    let mut args = vec!["fix", path];
    args.extend_from_slice(extra);
    dossier(&args)
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Every file below `dir` (trash included): relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// The contents of every file but fix's journal, sorted: names aside, what the pack holds.
fn contents(dir: &Path) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().starts_with(".dossier-fix.journal"))
        .map(|(_, b)| b)
        .collect();
    v.sort();
    v
}

/// Names and modification times of everything below `dir`.
fn listing(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    snapshot(dir)
        .keys()
        .map(|p| {
            (
                p.clone(),
                fs::metadata(dir.join(p)).unwrap().modified().unwrap(),
            )
        })
        .collect()
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

/// The naming findings `dossier check --select naming,file` reports for `dir`.
fn naming_findings(dir: &Path) -> Vec<String> {
    let out = dossier(&[
        "check",
        "--today",
        "2026-11-24",
        "--select",
        "naming,file",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("check prints JSON");
    v["packs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("naming/"))
        .map(|f| format!("{}: {}", f["rule"], f["message"]))
        .collect()
}

#[test]
fn fixes_a_messy_pack() {
    let pack = messy_pack();
    let before = contents(pack.path());
    assert!(
        !naming_findings(pack.path()).is_empty(),
        "the pack starts messy"
    );

    let out = fix(pack.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1_Photo.jpg → 03_Photo.jpg"), "{stdout}");
    assert!(
        stdout.contains(".DS_Store → .dossier-trash/.DS_Store"),
        "{stdout}"
    );

    assert_eq!(naming_findings(pack.path()), Vec::<String>::new());
    let mut expected: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    expected.insert(0, ".dossier-trash".into());
    assert_eq!(names(pack.path()), expected);
    assert_eq!(
        names(&pack.path().join(".dossier-trash")),
        [".DS_Store", "Thumbs.db"]
    );
    assert_eq!(
        contents(pack.path()),
        before,
        "every file's bytes, once each"
    );
    // Each document kept its own bytes, not just some document's.
    for ((from, _), to) in MESSY.iter().zip([
        "03_Photo.jpg",
        "01_Passport_Bio_Page.pdf",
        "02_Form.pdf",
        "04_Invitation_Letter.pdf",
        "05_Employer_Letter_M_ller.pdf",
        "06_Bank_Statement.pdf",
        "07_Flight_Itinerary.pdf",
        "08_Hotel_Reservation.pdf",
        "09_Travel_Insurance.pdf",
        "dossier.toml",
    ]) {
        assert_eq!(
            fs::read(pack.path().join(to)).unwrap(),
            fs::read(root().join(SOURCE).join(from)).unwrap(),
            "{to}"
        );
    }

    let again = fix(pack.path(), &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stdout).contains("nothing to fix"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let pack = messy_pack();
    let before = listing(pack.path());
    let out = fix(pack.path(), &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "1_Photo.jpg → 03_Photo.jpg",
        "02_Passport Bio Page.pdf → 01_Passport_Bio_Page.pdf",
        "07_Employer Letter – Müller.pdf → 05_Employer_Letter_M_ller.pdf",
        "Thumbs.db → .dossier-trash/Thumbs.db",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    assert_eq!(listing(pack.path()), before);

    let out = dossier(&[
        "fix",
        "--dry-run",
        "--format",
        "json",
        pack.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["dry_run"], true);
    let moves = v["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 11, "9 renames and 2 junk files: {v}");
    assert_eq!(moves[0]["from"], "02_Passport Bio Page.pdf");
    assert_eq!(moves[0]["to"], "01_Passport_Bio_Page.pdf");
    assert_eq!(listing(pack.path()), before);
}

#[test]
fn junk_never_overwrites_the_trash() {
    let pack = messy_pack();
    let trash = pack.path().join(".dossier-trash");
    fs::create_dir(&trash).unwrap();
    fs::write(trash.join(".DS_Store"), b"an older one").unwrap();
    let before = contents(pack.path());
    let out = fix(pack.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(names(&trash), [".DS_Store", ".DS_Store-2", "Thumbs.db"]);
    assert_eq!(fs::read(trash.join(".DS_Store")).unwrap(), b"an older one");
    assert_eq!(contents(pack.path()), before);
}

#[test]
fn refuses_a_name_taken_outside_the_plan() {
    let pack = messy_pack();
    // A stray folder holds the name the passport would take.
    fs::create_dir(pack.path().join("01_Passport_Bio_Page.pdf")).unwrap();
    let before = listing(pack.path());
    let names_before = names(pack.path());
    let out = fix(pack.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("dossier::fix::target_exists"), "{stderr}");
    assert_eq!(listing(pack.path()), before);
    assert_eq!(names(pack.path()), names_before);
}

#[test]
fn refuses_a_folder_that_is_not_a_pack() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [
        (".bashrc", "alias ll='ls -l'"),
        ("notes.txt", "x"),
        ("todo.md", "y"),
    ] {
        fs::write(dir.path().join(name), body).unwrap();
    }
    let before = listing(dir.path());
    let out = fix(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("dossier::fix::not_a_pack"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn leaves_what_it_cannot_fix_and_exits_1() {
    let pack = messy_pack();
    fs::create_dir(pack.path().join("drafts")).unwrap();
    let out = fix(pack.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("left alone:\n  drafts: a sub-folder"),
        "{stdout}"
    );
    assert!(pack.path().join("drafts").is_dir());
}

#[test]
fn refuses_formats_it_does_not_print() {
    let pack = messy_pack();
    let out = dossier(&["fix", "--format", "sarif", pack.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("dossier::fix::format"));
}

/// Kills fix after each of its K file system steps in turn; nothing may be lost, and a
/// rerun must end where an uninterrupted run ends.
#[test]
fn a_crash_at_any_step_loses_nothing_and_a_rerun_completes() {
    let reference = messy_pack();
    let original = contents(reference.path());
    let plan = dossier(&[
        "fix",
        "--dry-run",
        "--format",
        "json",
        reference.path().to_str().unwrap(),
    ]);
    let plan: Value = serde_json::from_slice(&plan.stdout).expect("JSON plan");
    let moves = plan["moves"].as_array().unwrap().len();
    // The journal write, two renames per move, the journal removal.
    let steps = 2 * moves + 2;
    let beyond = (steps + 1).to_string();
    let path = reference.path().to_str().unwrap();
    let out = dossier_env(&["fix", path], &[("DOSSIER_FIX_CRASH_AFTER", &beyond)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "K = {steps} steps: {}",
        text(&out.stderr)
    );
    let finished = snapshot(reference.path());

    for n in 1..=steps {
        let pack = messy_pack();
        let path = pack.path().to_str().unwrap();
        let out = dossier_env(
            &["fix", path],
            &[("DOSSIER_FIX_CRASH_AFTER", &n.to_string())],
        );
        assert!(!out.status.success(), "step {n}: the hook aborts");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(out.status.signal(), Some(6), "step {n}: SIGABRT");
        }
        assert_eq!(
            contents(pack.path()),
            original,
            "step {n}: every file's bytes are still there, once"
        );

        let rerun = fix(pack.path(), &[]);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "step {n}: {}",
            text(&rerun.stderr)
        );
        assert_eq!(
            snapshot(pack.path()),
            finished,
            "step {n}: the rerun ends where an uninterrupted run does"
        );
        let leftovers: Vec<String> = names(pack.path())
            .into_iter()
            .filter(|n| n.starts_with(".dossier-fix"))
            .collect();
        assert!(leftovers.is_empty(), "step {n}: {leftovers:?}");
    }
}
