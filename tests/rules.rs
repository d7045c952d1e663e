//! Every registered rule against its `fixtures/rules/<group>/<rule>/{pass,fail}` packs.

mod common;

use common::{check_json, dossier, findings, root};

fn rule_ids() -> Vec<String> {
    let out = dossier(&["rules", "--format", "json"]);
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_rule_has_fixtures_that_pass_and_fail() {
    let ids = rule_ids();
    assert!(ids.len() >= 12, "{ids:?}");
    for id in ids {
        let dir = root().join("fixtures/rules").join(&id);
        let expected_path = dir.join("expected.txt");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{id}: no {}", expected_path.display()));
        let mut expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        expected.sort();

        let fail = dir.join("fail");
        let (code, report) = check_json(&["--select", &id, fail.to_str().unwrap()]);
        let mut got: Vec<String> = findings(&report)
            .iter()
            .map(|f| {
                assert_eq!(f["rule"], id.as_str());
                assert!(
                    !f["message"].as_str().unwrap().is_empty(),
                    "{id}: empty message"
                );
                assert!(!f["help"].as_str().unwrap().is_empty(), "{id}: empty help");
                f["file"].as_str().unwrap_or("-").to_string()
            })
            .collect();
        got.sort();
        assert_eq!(got, expected, "{id}: files flagged in fail/");
        let has_error = findings(&report).iter().any(|f| f["severity"] == "error");
        assert_eq!(code, i32::from(has_error), "{id}: exit code of fail/");

        let pass = dir.join("pass");
        let (code, report) = check_json(&["--select", &id, pass.to_str().unwrap()]);
        assert!(findings(&report).is_empty(), "{id}: pass/ gave {report:#}");
        assert_eq!(code, 0, "{id}: exit code of pass/");
    }
}

#[test]
fn pass_fixtures_are_clean_under_every_rule() {
    // A pass/ pack differs from the clean base only where its rule needs it, so no rule at
    // all may fire on it: this catches a rule that fires on another rule's fixture.
    for id in rule_ids() {
        let pass = root().join("fixtures/rules").join(&id).join("pass");
        let (_, report) = check_json(&[pass.to_str().unwrap()]);
        let noisy: Vec<_> = findings(&report)
            .into_iter()
            .filter(|f| f["severity"] != "info")
            .collect();
        assert!(noisy.is_empty(), "{id}/pass: {noisy:#?}");
    }
}
