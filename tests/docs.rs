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
