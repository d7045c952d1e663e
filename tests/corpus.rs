//! The packs of independent producers against their labels: what must be reported, and
//! nothing else at error or warning.

mod common;

use common::{check_json, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every implemented rule: its labelled findings must be reported. Labels of rules not
/// implemented yet (photo, content) still serve to reject false alarms.
fn implemented_rules() -> Vec<String> {
    let out = common::dossier(&["rules", "--format", "json"]);
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn rule_matches(pattern: &str, rule: &str) -> bool {
    pattern == rule
        || pattern
            .strip_suffix("/*")
            .is_some_and(|g| rule.split('/').next() == Some(g))
}

fn file_matches(label: &Value, file: Option<&str>) -> bool {
    if label["file"] == "*" {
        return true;
    }
    let candidates =
        std::iter::once(&label["file"]).chain(label["alt_files"].as_array().into_iter().flatten());
    candidates.into_iter().any(|c| c.as_str() == file)
}

/// Checks one pack against its label file; returns the problems found.
fn check_pack(pack: &Path, label_path: &Path) -> Vec<String> {
    let label: Value = serde_json::from_str(&std::fs::read_to_string(label_path).unwrap()).unwrap();
    let (_, report) = check_json(&["--profile", "kz-b1", pack.to_str().unwrap()]);
    let got = common::findings(&report);
    let name = pack.file_name().unwrap().to_string_lossy().to_string();
    let mut problems = Vec::new();
    let required = implemented_rules();
    for want in label["findings"].as_array().unwrap() {
        let rule = want["rule"].as_str().unwrap();
        if !required.iter().any(|r| r == rule) {
            continue;
        }
        let found = got
            .iter()
            .any(|f| f["rule"] == rule && file_matches(want, f["file"].as_str()));
        if !found {
            problems.push(format!("{name}: missed {rule} on {}", want["file"]));
        }
    }
    for f in &got {
        if f["severity"] == "info" {
            continue;
        }
        let rule = f["rule"].as_str().unwrap();
        let file = f["file"].as_str();
        let labelled = label["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(label["allowed"].as_array().unwrap())
            .any(|l| rule_matches(l["rule"].as_str().unwrap(), rule) && file_matches(l, file));
        if !labelled {
            problems.push(format!(
                "{name}: false alarm {rule} on {file:?}: {}",
                f["message"]
            ));
        }
    }
    problems
}

fn packs_with_labels(packs: &Path, labels: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(packs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let label = labels.join(format!("{}.json", p.file_name().unwrap().to_string_lossy()));
            (p, label)
        })
        .filter(|(_, l)| l.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn committed_packs_match_their_labels() {
    let pairs = packs_with_labels(
        &root().join("fixtures/packs"),
        &root().join("fixtures/labels"),
    );
    assert!(pairs.len() >= 8, "fixtures/packs lost its packs");
    let problems: Vec<String> = pairs.iter().flat_map(|(p, l)| check_pack(p, l)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn shared_corpus_matches_its_labels() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        // CI always has shared/ beside the clone; a bare checkout may not.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/corpus"
        );
        eprintln!("skipped: no ../shared/corpus beside the repository");
        return;
    }
    let pairs = packs_with_labels(&corpus.join("packs"), &corpus.join("labels"));
    assert!(pairs.len() >= 20);
    let problems: Vec<String> = pairs.iter().flat_map(|(p, l)| check_pack(p, l)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// kz-b1 with every kind renamed (`passport` becomes `my-passport`) and its role stated.
fn renamed_kz_b1(dir: &Path) -> PathBuf {
    let shown = common::dossier(&["profiles", "--show", "kz-b1"]);
    let mut profile: toml::Table = toml::from_str(&String::from_utf8_lossy(&shown.stdout)).unwrap();
    for kind in profile["kinds"].as_array_mut().unwrap() {
        let kind = kind.as_table_mut().unwrap();
        let id = kind["id"].as_str().unwrap().to_string();
        kind.insert("id".into(), format!("my-{id}").into());
        kind.insert("role".into(), id.clone().into());
        // The old id was an alias of its kind; keep file titles meaning what they meant.
        let aliases = kind
            .entry("aliases")
            .or_insert_with(|| toml::Value::Array(Vec::new()));
        aliases.as_array_mut().unwrap().push(id.into());
    }
    let path = dir.join("renamed.toml");
    std::fs::write(&path, toml::to_string(&profile).unwrap()).unwrap();
    path
}

/// (rule, file, severity, message) of a report, kind ids put back to kz-b1's.
fn outcome(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = common::findings(report)
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["rule"], f["file"], f["severity"], f["message"]
            )
            .replace("my-", "")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_profile_that_renames_every_kind_keeps_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = renamed_kz_b1(dir.path());
    let mut packs: Vec<PathBuf> = packs_with_labels(
        &root().join("fixtures/packs"),
        &root().join("fixtures/labels"),
    )
    .into_iter()
    .map(|(p, _)| p)
    .collect();
    let corpus = root().join("../shared/corpus/packs");
    if corpus.is_dir() {
        packs.extend(
            packs_with_labels(&corpus, &root().join("../shared/corpus/labels"))
                .into_iter()
                .map(|(p, _)| p),
        );
    }
    let mut content_findings = 0;
    for pack in &packs {
        let pack = pack.to_str().unwrap();
        let (_, by_id) = check_json(&["--profile", "kz-b1", pack]);
        let (_, by_role) = check_json(&["--profile", renamed.to_str().unwrap(), pack]);
        let want = outcome(&by_id);
        assert_eq!(outcome(&by_role), want, "{pack}");
        content_findings += want
            .iter()
            .filter(|f| {
                [
                    "consistency/",
                    "validity/",
                    "category/",
                    "photo/",
                    "scan/mrz",
                ]
                .iter()
                .any(|g| f.starts_with(&format!("\"{g}")))
            })
            .count();
    }
    // The comparison means something only if the packs exercise the content rules.
    assert!(
        content_findings >= 10,
        "only {content_findings} content findings"
    );
}
