//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it, written pack by pack.
//!
//! One run; the driver lists every rule that ran on some pack, with its documentation,
//! in the order the packs first ran them (registry order for a single pack). The run's
//! `results` come before its `tool`, so the driver is written once every pack has said
//! which rules ran on it; SARIF's JSON object members have no order.
//! Every result has a physical location (GitHub drops results without one), a
//! `partialFingerprints` entry so GitHub can track an alert across runs, and no
//! timestamp or GUID, so the same input gives the same bytes.

use super::json::nested;
use super::place::{self, Fingerprints};
use super::{PackReport, RunSummary, Sink};
use crate::finding::{Finding, Severity};
use crate::rules::registry;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// The schema URI GitHub and editors recognise for SARIF 2.1.0.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key; the suffix versions the recipe, so a change to what is
/// hashed comes with a new key instead of silently re-meaning the old one.
const FINGERPRINT_KEY: &str = "dossier/v1";

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    /// GitHub shows tags as filters; the rule's group is the natural one.
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    /// Documents have no lines; GitHub requires one, and line 1 stands for the file.
    start_line: u32,
}

#[derive(Serialize)]
struct ResultProperties {
    evidence: Map<String, Value>,
}

/// SARIF's `level` for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The descriptor of the rule with this id.
fn descriptor(id: &'static str) -> RuleDescriptor {
    let doc = registry::doc(id).unwrap_or_default();
    let severity = registry::find(id).map_or(Severity::Error, |r| r.default_severity());
    RuleDescriptor {
        id,
        short_description: Text {
            text: registry::summary(id).to_string(),
        },
        full_description: Text {
            text: what_it_does(doc).unwrap_or_else(|| registry::summary(id).to_string()),
        },
        help: Help {
            text: doc,
            markdown: doc,
        },
        help_uri: format!(
            "{}/blob/main/docs/rules/{id}.md",
            env!("CARGO_PKG_REPOSITORY")
        ),
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            tags: vec![id.split('/').next().unwrap_or(id)],
        },
    }
}

/// The `## What it does` section of a rule's documentation, as one paragraph.
fn what_it_does(doc: &str) -> Option<String> {
    let (_, rest) = doc.split_once("## What it does")?;
    let section = rest.split("\n## ").next().unwrap_or(rest);
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The result's message: what is wrong, on which page, and what to do.
fn message(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if let Some(page) = finding.page {
        text.push_str(&format!(" (page {page})"));
    }
    if !finding.help.is_empty() {
        text.push_str("\nHelp: ");
        text.push_str(&finding.help);
    }
    text
}

/// Indentation of a result inside `runs[0].results`.
const RESULT_INDENT: &str = "        ";

/// Writes one SARIF log; the bytes are those `serde_json::to_writer_pretty` gives for the
/// whole document, but only one pack's results are held at a time.
#[derive(Default)]
pub struct Sarif {
    rules: Vec<RuleDescriptor>,
    index: HashMap<&'static str, usize>,
    fingerprints: Fingerprints,
    results: usize,
}

impl Sarif {
    /// Lists a rule in the driver, once.
    fn ran(&mut self, id: &'static str) {
        if !self.index.contains_key(id) {
            self.index.insert(id, self.rules.len());
            self.rules.push(descriptor(id));
        }
    }

    fn result(&mut self, pack: &PackReport, finding: &Finding) -> SarifResult {
        let mut fingerprints = Map::new();
        fingerprints.insert(
            FINGERPRINT_KEY.into(),
            Value::from(self.fingerprints.next(pack, finding)),
        );
        SarifResult {
            rule_id: finding.rule,
            rule_index: self.index.get(finding.rule).copied(),
            level: level(finding.severity),
            message: Text {
                text: message(finding),
            },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: place::uri(&place::target(pack, finding)),
                    },
                    region: Region { start_line: 1 },
                },
            }],
            partial_fingerprints: fingerprints,
            properties: (!finding.evidence.is_empty()).then(|| ResultProperties {
                evidence: finding.evidence.clone(),
            }),
        }
    }
}

impl Sink for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"$schema\": ")?;
        serde_json::to_writer(&mut *out, SCHEMA)?;
        write!(
            out,
            ",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"results\": ["
        )
    }

    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        for id in pack
            .rules
            .iter()
            .chain(pack.findings.iter().map(|f| &f.rule))
        {
            self.ran(id);
        }
        for finding in &pack.findings {
            let result = self.result(pack, finding);
            out.write_all(if self.results == 0 {
                b"\n        "
            } else {
                b",\n        "
            })?;
            self.results += 1;
            nested(&result, RESULT_INDENT, out)?;
        }
        Ok(())
    }

    fn end(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.results > 0 {
            write!(out, "\n      ")?;
        }
        write!(out, "],\n      \"tool\": ")?;
        let tool = Tool {
            driver: Driver {
                name: "dossier",
                version: env!("CARGO_PKG_VERSION"),
                information_uri: env!("CARGO_PKG_REPOSITORY"),
                rules: std::mem::take(&mut self.rules),
            },
        };
        nested(&tool, "      ", out)?;
        writeln!(out, "\n    }}\n  ]\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render;

    fn report(path: &str, findings: Vec<Finding>, rules: &[&'static str]) -> PackReport {
        PackReport {
            outputs: Vec::new(),
            facts: Vec::new(),
            pictures: Default::default(),
            listing: vec!["dossier.toml".into()],
            rules: rules.to_vec(),
            ..PackReport::stub(path, findings)
        }
    }

    fn sarif(packs: &[PackReport]) -> String {
        let mut out = Vec::new();
        let style = crate::report::Style {
            color: false,
            quiet: false,
        };
        render(super::super::Format::Sarif, packs, style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    struct Run {
        results: Vec<SarifResult>,
        tool: Tool,
    }

    #[derive(Serialize)]
    struct Log {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: [Run; 1],
    }

    /// The streamed bytes equal serde_json's pretty printing of the whole document.
    #[test]
    fn streamed_equals_whole() {
        let f = Finding::file("naming/gap", Severity::Error, "05 X.pdf", "gap", "fix").with("n", 4);
        let p = Finding::pack(
            "pack/missing-document",
            Severity::Info,
            "no \\ \"photo\"",
            "",
        );
        let ran = ["naming/gap", "pack/missing-document"];
        for packs in [
            vec![],
            vec![report("a", vec![], &ran)],
            vec![
                report("a", vec![f.clone(), p.clone()], &ran),
                report("b\n\"c", vec![f], &ran[..1]),
            ],
        ] {
            let got = sarif(&packs);
            let mut sink = Sarif::default();
            let mut listed = Vec::new();
            for p in &packs {
                for id in &p.rules {
                    sink.ran(id);
                    if !listed.contains(id) {
                        listed.push(*id);
                    }
                }
            }
            let results: Vec<SarifResult> = packs
                .iter()
                .flat_map(|p| p.findings.iter().map(move |f| (p, f)))
                .map(|(p, f)| sink.result(p, f))
                .collect();
            let whole = Log {
                schema: SCHEMA,
                version: "2.1.0",
                runs: [Run {
                    results,
                    tool: Tool {
                        driver: Driver {
                            name: "dossier",
                            version: env!("CARGO_PKG_VERSION"),
                            information_uri: env!("CARGO_PKG_REPOSITORY"),
                            rules: listed.into_iter().map(descriptor).collect(),
                        },
                    },
                }],
            };
            let want = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(got, want);
        }
    }

    #[test]
    fn driver_lists_the_rules_that_ran_and_results_index_them() {
        let f = Finding::file("naming/gap", Severity::Warning, "05_X.pdf", "gap", "fix");
        let packs = [
            report("a", vec![], &["naming/pattern"]),
            report("b", vec![f], &["naming/pattern", "naming/gap"]),
        ];
        let doc: Value = serde_json::from_str(&sarif(&packs)).unwrap();
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["naming/pattern", "naming/gap"]);
        let result = &doc["runs"][0]["results"][0];
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "naming/gap");
        assert_eq!(result["level"], "warning");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "b/05_X.pdf"
        );
        assert_eq!(
            rules[index]["helpUri"],
            "https://github.com/dossier-tool/dossier/blob/main/docs/rules/naming/gap.md"
        );
    }

    #[test]
    fn full_description_is_what_the_rule_does() {
        let doc = "Summary.\n\n## What it does\nChecks\nthings.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(doc).as_deref(), Some("Checks things."));
        assert_eq!(what_it_does("Summary only."), None);
    }
}
