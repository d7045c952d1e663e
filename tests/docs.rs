//! docs/rules/<group>/<name>.md are generated from the rules' doc comments; stale pages fail.
//! Regenerate with `DOSSIER_BLESS=1 cargo test --test docs`.

mod common;

use common::{dossier, root};
use std::collections::BTreeSet;

#[test]
fn rule_pages_match_the_rules() {
    let out = dossier(&["rules", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bless = std::env::var_os("DOSSIER_BLESS").is_some();
    let mut stale = Vec::new();
    let mut pages = BTreeSet::new();
    for row in rows.as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        let explained = dossier(&["explain", id]);
        assert!(explained.status.success(), "explain {id}");
        let page = root().join("docs/rules").join(format!("{id}.md"));
        pages.insert(page.clone());
        let current = std::fs::read(&page).unwrap_or_default();
        if current != explained.stdout {
            if bless {
                std::fs::create_dir_all(page.parent().unwrap()).unwrap();
                std::fs::write(&page, &explained.stdout).unwrap();
            } else {
                stale.push(page.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule docs (run `DOSSIER_BLESS=1 cargo test --test docs`): {stale:#?}"
    );
    // A page whose rule is gone is stale too.
    for entry in walk(&root().join("docs/rules")) {
        assert!(
            pages.contains(&entry),
            "{} documents no rule",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

/// Every registered rule id, from `dossier rules --format json`.
fn rule_ids() -> Vec<String> {
    let out = dossier(&["rules", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The backticked words of a piece of markdown.
fn ticked(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn readme_table_lists_exactly_the_rules() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("## What it checks today")
        .nth(1)
        .expect("README has a `What it checks today` section");
    let mut listed = BTreeSet::new();
    for row in table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
    {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (group, rules) = (cells[1], cells[2]);
        // Only a row's leading names are rules; words ticked inside the parentheses
        // (`.pdf`, `[scan]`) are examples.
        let mut depth = 0;
        let mut outside = String::new();
        for c in rules.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        for name in ticked(&outside) {
            listed.insert(format!("{group}/{name}"));
        }
    }
    let registered: BTreeSet<String> = rule_ids().into_iter().collect();
    assert_eq!(
        listed, registered,
        "README's rule table and the registry differ"
    );
}

#[test]
fn changelog_names_every_rule() {
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    // An entry names a rule by its id, or by its name beside another rule of its group
    // (`scan/resolution`, `blur`, ...).
    let entries: Vec<&str> = changelog.split("\n- ").collect();
    let missing: Vec<String> = rule_ids()
        .into_iter()
        .filter(|id| {
            let (group, name) = id.split_once('/').unwrap();
            !entries.iter().any(|e| {
                let words = ticked(e);
                words.contains(id.as_str())
                    || (words.contains(name)
                        && words.iter().any(|w| w.starts_with(&format!("{group}/"))))
            })
        })
        .collect();
    assert!(missing.is_empty(), "CHANGELOG.md never names {missing:?}");
}
