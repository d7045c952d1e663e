//! Batch runs and hooks: --shard, --exit-zero, -o, --statistics, --changed, --fast,
//! completions, the man page and the pre-commit manifest, through the real binary.

mod common;

use common::{check_json, dossier, findings, root};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const TODAY: &str = "2026-11-24";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The packs a JSON report lists, in order.
fn pack_paths(report: &Value) -> Vec<String> {
    report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn shards_partition_the_batch_and_their_jsonl_adds_up_to_the_whole() {
    let base = ["check", "--today", TODAY, "-r", "fixtures/packs"];
    let (_, all) = check_json(&["-r", "fixtures/packs"]);
    let everyone = pack_paths(&all);
    assert!(everyone.len() >= 9, "{everyone:?}");
    let mut seen = Vec::new();
    let mut lines = Vec::new();
    for k in 1..=4 {
        let shard = format!("{k}/4");
        let (_, part) = check_json(&["-r", "fixtures/packs", "--shard", &shard]);
        let packs = pack_paths(&part);
        let expected = everyone.len() / 4 + usize::from(k - 1 < everyone.len() % 4);
        assert_eq!(packs.len(), expected, "slice {shard}: {packs:?}");
        seen.extend(packs);
        let out = dossier(&[&base[..], &["--format", "jsonl", "--shard", &shard]].concat());
        lines.extend(stdout(&out).lines().map(str::to_string));
    }
    seen.sort();
    assert_eq!(seen, everyone, "every pack in exactly one slice");
    let whole = dossier(&[&base[..], &["--format", "jsonl"]].concat());
    let mut whole: Vec<String> = stdout(&whole).lines().map(str::to_string).collect();
    assert!(!whole.is_empty());
    whole.sort();
    lines.sort();
    assert_eq!(lines, whole, "the shards' findings are the whole run's");

    for bad in ["0/4", "5/4", "2", "a/b", "1/0"] {
        let out = dossier(&["check", "fixtures/packs/012-lee", "--shard", bad]);
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
    }
}

#[test]
fn exit_zero_keeps_the_report_but_not_a_failed_run() {
    let args = ["check", "--today", TODAY, "fixtures/packs/013-kobayashi"];
    let plain = dossier(&args);
    assert_eq!(plain.status.code(), Some(1));
    let zero = dossier(&[&args[..], &["--exit-zero"]].concat());
    assert_eq!(zero.status.code(), Some(0));
    assert_eq!(zero.stdout, plain.stdout);
    let missing = dossier(&["check", "--exit-zero", "no/such/pack"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn output_file_holds_the_report_is_replaced_whole_and_never_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let target = report.to_str().unwrap();
    let args = [
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        "fixtures/packs/012-lee",
        "fixtures/packs/013-kobayashi",
    ];
    let to_stdout = dossier(&args);
    fs::write(&report, "an earlier report\n").unwrap();
    let to_file = dossier(&[&args[..], &["-o", target]].concat());
    assert_eq!(to_file.status.code(), to_stdout.status.code());
    assert!(
        to_file.stdout.is_empty(),
        "the report went to the file only"
    );
    assert_eq!(fs::read(&report).unwrap(), to_stdout.stdout);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");

    // A document is never replaced by a report.
    let pdf = dir.path().join("02_Passport.pdf");
    let bytes = fs::read(root().join("fixtures/packs/012-lee/01_Passport_Bio_Page.pdf")).unwrap();
    fs::write(&pdf, &bytes).unwrap();
    let refused = dossier(&[&args[..], &["-o", pdf.to_str().unwrap()]].concat());
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("PDF"));
    assert_eq!(fs::read(&pdf).unwrap(), bytes);
    // Nor a folder, and a missing folder is a clear error.
    let folder = dossier(&[&args[..], &["-o", dir.path().to_str().unwrap()]].concat());
    assert_eq!(folder.status.code(), Some(2));
    let nowhere = dir.path().join("no/such/report.json");
    let nowhere = dossier(&[&args[..], &["-o", nowhere.to_str().unwrap()]].concat());
    assert_eq!(nowhere.status.code(), Some(2));
}

#[test]
fn statistics_count_what_the_report_holds() {
    let (_, report) = check_json(&["-r", "fixtures/packs"]);
    let mut want: BTreeMap<String, (usize, std::collections::BTreeSet<String>)> = BTreeMap::new();
    for pack in report["packs"].as_array().unwrap() {
        for f in pack["findings"].as_array().unwrap() {
            let e = want
                .entry(f["rule"].as_str().unwrap().to_string())
                .or_default();
            e.0 += 1;
            e.1.insert(pack["path"].as_str().unwrap().to_string());
        }
    }
    let out = dossier(&[
        "check",
        "--today",
        TODAY,
        "-r",
        "fixtures/packs",
        "--format",
        "json",
        "--statistics",
    ]);
    let stdout_json: Value = serde_json::from_slice(&out.stdout).expect("stdout is still JSON");
    assert_eq!(stdout_json, report);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut got = BTreeMap::new();
    let mut counts = Vec::new();
    for line in stderr
        .lines()
        .skip_while(|l| !l.contains("findings"))
        .skip(1)
    {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 3 || cols[0].parse::<usize>().is_err() {
            break;
        }
        let n: usize = cols[0].parse().unwrap();
        counts.push(n);
        got.insert(cols[2].to_string(), (n, cols[1].parse::<usize>().unwrap()));
    }
    let want: BTreeMap<String, (usize, usize)> = want
        .into_iter()
        .map(|(k, (n, p))| (k, (n, p.len())))
        .collect();
    assert_eq!(got, want, "{stderr}");
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first: {counts:?}"
    );
}

#[test]
fn changed_files_check_only_their_packs() {
    let (_, report) = check_json(&[
        "--changed",
        "fixtures/packs/013-kobayashi/05_Employer_Letter.pdf",
        "fixtures/packs/012-lee/01_Passport_Bio_Page.pdf",
        "fixtures/packs/013-kobayashi/01_Passport_Scan.pdf",
        "fixtures/packs/012-lee/09_Deleted_Meanwhile.pdf",
        "fixtures/packs/012-lee/dossier.toml",
    ]);
    assert_eq!(
        pack_paths(&report),
        ["fixtures/packs/013-kobayashi", "fixtures/packs/012-lee"]
    );
    // The same findings as checking those packs by name.
    let (_, direct) = check_json(&["fixtures/packs/013-kobayashi", "fixtures/packs/012-lee"]);
    assert_eq!(report, direct);
    // A file whose folder is gone: nothing to check, and that is not a failure.
    let empty = tempfile::tempdir().unwrap();
    let lone = empty.path().join("gone/02_Passport.pdf");
    let out = dossier(&[
        "check",
        "--changed",
        lone.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["packs"], 0);
}

#[test]
fn fast_reads_names_types_and_the_manifest_only() {
    let pack = "fixtures/packs/013-kobayashi";
    let (_, full) = check_json(&[pack]);
    let (_, fast) = check_json(&["--fast", pack]);
    let rules = |r: &Value| -> Vec<String> {
        findings(r)
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    // Which rules --fast runs follows from what each rule reads (`dossier rules`).
    let listed = dossier(&["rules", "--format", "json"]);
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let fast_set: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fast"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    for id in [
        "naming/gap",
        "file/type",
        "pack/missing-document",
        "pack/size",
    ] {
        assert!(fast_set.iter().any(|r| r == id), "{id} is not fast");
    }
    // The truncated PDF and the scans' problems need content; --fast never opens it.
    assert!(rules(&full).iter().any(|r| r == "file/unreadable"));
    assert!(rules(&full).iter().any(|r| r.starts_with("scan/")));
    for rule in rules(&fast) {
        assert!(fast_set.contains(&rule), "{rule} is not a fast rule");
    }
    for rule in &fast_set {
        assert!(
            !rule.starts_with("scan/") && rule != "file/unreadable",
            "{rule} reads content"
        );
    }
    // Page counts come from reading documents: none were read.
    for doc in fast["packs"][0]["documents"].as_array().unwrap() {
        assert!(doc["pages"].is_null(), "{doc}");
    }
    // The fast findings are exactly the full run's findings of those rules.
    let fast_rules: Vec<String> = rules(&fast);
    let full_same: Vec<&Value> = findings(&full)
        .into_iter()
        .filter(|f| fast_set.iter().any(|r| r == f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(fast_rules.len(), full_same.len());
    // A misnamed pack still gets its naming findings.
    let (_, messy) = check_json(&["--fast", "fixtures/packs/003-bianchi"]);
    assert!(rules(&messy).iter().any(|r| r.starts_with("naming/")));
}

#[test]
fn completions_and_man_page_cover_every_command() {
    let bash = dossier(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let script = stdout(&bash);
    for word in [
        "check",
        "build",
        "fix",
        "--recursive",
        "--shard",
        "--format",
    ] {
        assert!(script.contains(word), "bash completion lacks {word}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dossier.bash");
    fs::write(&file, &script).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = dossier(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        // fish spells long options without their dashes (`-l statistics`).
        assert!(stdout(&out).contains("statistics"), "{shell}");
    }
    assert_eq!(dossier(&["completions", "tcsh"]).status.code(), Some(2));

    let man = stdout(&dossier(&["man"]));
    assert!(
        man.contains(".TH dossier 1"),
        "{}",
        &man[..man.len().min(300)]
    );
    for cmd in [
        "CHECK",
        "BUILD",
        "FIX",
        "RULES",
        "EXPLAIN",
        "PROFILES",
        "INIT",
        "COMPLETIONS",
    ] {
        assert!(
            man.contains(&format!(".SH \"DOSSIER {cmd}\"")),
            "man lacks {cmd}"
        );
    }
    assert!(man.contains("\\-\\-shard"));
}

#[test]
fn pre_commit_manifest_is_valid_and_runs_the_fast_changed_check() {
    let manifest = fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(manifest.contains("entry: dossier check --changed --fast"));
    assert!(manifest.contains("language: rust"));
    assert!(manifest.contains("require_serial: true"));
    let pre_commit = std::env::var("DOSSIER_PRE_COMMIT").unwrap_or_else(|_| "pre-commit".into());
    match std::process::Command::new(&pre_commit)
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(root())
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("pre-commit not installed: manifest not validated (it is in CI)")
        }
        Err(e) => panic!("CI must validate the hook manifest with pre-commit: {e}"),
    }
    // Its `files` pattern takes documents and manifests, nothing else.
    let files = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .unwrap()
        .trim_matches('\'');
    let re = regex_lite(files);
    for yes in [
        "clients/anna/02_Passport.pdf",
        "a/03_Photo.JPG",
        "b/dossier.toml",
        "04_Scan.tiff",
    ] {
        assert!(re.is_match(yes), "{yes}");
    }
    for no in ["README.md", "src/main.rs", "a/notes.toml", "b/.DS_Store"] {
        assert!(!re.is_match(no), "{no}");
    }
    let _ = Path::new(files);
}

/// Python's and Rust's regex syntax agree on what the pattern uses.
fn regex_lite(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("the files pattern compiles")
}

/// `dossier check PACKS... | head -1`: once the reader closes the pipe, the run ends
/// quietly with the exit code of the findings so far (never 2, no message).
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::BufRead;
    let pack = root().join("fixtures/packs/003-bianchi");
    let pack = pack.to_str().unwrap();
    for format in ["jsonl", "human", "sarif"] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.args([
            "check",
            "--fast",
            "--format",
            format,
            "--today",
            "2026-11-24",
        ]);
        // Far more output than a pipe buffers (64 KiB on Linux).
        cmd.args(std::iter::repeat_n(pack, 2000));
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{format}: no output");
        // The reader is gone: the pipe is closed.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}
