//! Collects each rule's `//!` doc comment from `src/rules/<group>/<name>.rs` into a table,
//! so `dossier explain` and docs/rules/ are generated from the one place a rule is written.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let rules = Path::new("src/rules");
    println!("cargo:rerun-if-changed=src/rules");
    let mut docs = Vec::new();
    let mut groups: Vec<_> = fs::read_dir(rules)
        .expect("src/rules exists")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    groups.sort_by_key(|e| e.file_name());
    for group in groups {
        println!("cargo:rerun-if-changed={}", group.path().display());
        let mut files: Vec<_> = fs::read_dir(group.path())
            .expect("rule group folder is readable")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .filter(|e| e.file_name() != "mod.rs")
            .collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            println!("cargo:rerun-if-changed={}", file.path().display());
            let src = fs::read_to_string(file.path()).expect("rule source is UTF-8");
            let doc: Vec<&str> = src
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| {
                    l.strip_prefix("//! ")
                        .unwrap_or(l.trim_start_matches("//!"))
                })
                .collect();
            let stem = file
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('_', "-");
            let id = format!("{}/{}", group.file_name().to_string_lossy(), stem);
            docs.push((id, doc.join("\n").trim().to_string()));
        }
    }
    // tests/rules.rs includes one test per rule, so a failure names its rule and the
    // rules' fixtures run in parallel.
    let mut tests =
        String::from("/// Rule ids with a file under src/rules/, for tests/rules.rs.\n");
    tests.push_str("pub const RULE_FILES: &[&str] = &[\n");
    for (id, _) in &docs {
        writeln!(tests, "    {id:?},").unwrap();
    }
    tests.push_str("];\n");
    for (id, _) in &docs {
        let name = id.replace(['/', '-'], "_");
        writeln!(
            tests,
            "#[test]\nfn {name}() {{\n    fixtures_pass_and_fail({id:?});\n}}\n\n#[test]\nfn {name}_pass_is_clean() {{\n    pass_is_clean_under_every_rule({id:?});\n}}\n"
        )
        .unwrap();
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("rule_tests.rs"), tests).expect("OUT_DIR is writable");

    let mut out =
        String::from("/// (rule id, documentation) from each rule file's `//!` comment.\n");
    out.push_str("pub static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (id, doc) in docs {
        writeln!(out, "    ({id:?}, {doc:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("rule_docs.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
