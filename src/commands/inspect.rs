//! `dossier inspect FILE...`: what dossier reads in each file, page by page, and the facts
//! it finds there, so a finding can be traced to the words (or pixels) behind it.

use crate::content::{PackFacts, Stated};
use crate::error::RunError;
use crate::extract::mrz::Mrz;
use crate::pack::entry::EntryClass;
use crate::pack::{LoadOptions, Pack};
use crate::read::text::Source;
use crate::read::{ReadOptions, Reading, read_entry};
use crate::report::Format;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

/// Prints what each file holds for dossier, as human text or JSON.
pub fn run(
    files: &[std::path::PathBuf],
    format: Format,
    opts: &LoadOptions,
    out: &mut dyn Write,
) -> Result<(), RunError> {
    if !matches!(format, Format::Human | Format::Json) {
        return Err(RunError::InspectFormat(
            format!("{format:?}").to_lowercase(),
        ));
    }
    let mut reports = Vec::new();
    for file in files {
        reports.push(inspect(file, opts)?);
    }
    let text = match format {
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&json!({ "files": reports })).unwrap_or_default();
            s.push('\n');
            s
        }
        _ => reports.iter().map(human).collect::<Vec<_>>().join("\n"),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| RunError::Write("the inspection".into(), e.to_string()))
}

/// One file, read as `check` reads it in its folder (same profile, manifest and kind).
fn inspect(file: &Path, opts: &LoadOptions) -> Result<Value, RunError> {
    let shown = file.display().to_string();
    if !file.exists() {
        return Err(RunError::PathMissing(shown));
    }
    if !file.is_file() {
        return Err(RunError::InspectNotAFile(shown));
    }
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let pack = Pack::load(&dir, dir.display().to_string(), opts)
        .map_err(|e| RunError::PathUnreadable(dir.display().to_string(), e.to_string()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(entry) = pack.entries.iter().find(|e| Some(&e.name) == name.as_ref()) else {
        return Err(RunError::InspectNotAFile(shown));
    };
    let mut report = json!({
        "file": shown,
        "kind": entry.kind(),
        "role": entry.role().map(|r| r.as_str()),
    });
    let EntryClass::Document(_) = &entry.class else {
        report["note"] = json!(match &entry.class {
            EntryClass::Manifest => "the pack's manifest".to_string(),
            EntryClass::Junk(why) => format!("not a document: {why}"),
            _ => "not a document".to_string(),
        });
        return Ok(report);
    };
    let Some(reading) = read_entry(entry, ReadOptions::ALL) else {
        report["note"] = json!("empty, or not a PDF or an image");
        return Ok(report);
    };
    if let Some(f) = &reading.failure {
        report["failure"] = json!(format!("{f:?}"));
    }
    report["pages"] = Value::Array(reading.page_info.iter().map(page).collect());
    let facts = PackFacts::of(&pack, std::iter::once((entry, &reading)));
    let doc = facts.docs.first();
    report["mrz"] = doc
        .and_then(|d| d.mrz.as_ref())
        .map_or(Value::Null, |m| mrz(&m.value));
    report["facts"] = doc.map_or(Value::Null, |d| {
        let text = |at: &Stated<String>| quote(&reading, at.page, &at.span);
        let list = |v: &[Stated<String>]| {
            Value::Array(
                v.iter()
                    .map(|s| stated(json!(s.value), s, text(s)))
                    .collect(),
            )
        };
        let date = |s: &Option<Stated<jiff::civil::Date>>| {
            s.as_ref().map_or(Value::Null, |s| {
                stated(
                    json!(s.value.to_string()),
                    s,
                    quote(&reading, s.page, &s.span),
                )
            })
        };
        json!({
            "arrival": date(&d.arrival),
            "departure": date(&d.departure),
            "cover": d.cover.as_ref().map_or(Value::Null, |(a, b)| json!([
                stated(json!(a.value.to_string()), a, quote(&reading, a.page, &a.span)),
                stated(json!(b.value.to_string()), b, quote(&reading, b.page, &b.span)),
            ])),
            "passport_expiry": date(&d.passport_expiry),
            "statement_end": date(&d.statement_end),
            "dated": Value::Array(d.dated.iter().map(|s| stated(
                json!(s.value.to_string()), s, quote(&reading, s.page, &s.span))).collect()),
            "numbers": list(&d.numbers),
            "names": list(&d.names),
            "purposes": list(&d.purposes),
            "employment": list(&d.employment),
            "host": d.host.as_ref().map_or(Value::Null, |h| stated(json!(h.value), h, text(h))),
        })
    });
    Ok(report)
}

fn page(p: &crate::read::PageInfo) -> Value {
    let usable = p
        .text
        .as_ref()
        .filter(|t| !t.garbage && !t.text.trim().is_empty());
    let source = match usable.map(|t| t.source) {
        Some(Source::Layer) => "layer",
        Some(Source::Ocr) => "ocr",
        None => "none",
    };
    json!({
        "page": p.number,
        "kind": if p.scan.is_some() { "image" } else if usable.is_some() { "text" } else { "other" },
        "dpi": p.scan.as_ref().map(|s| (s.dpi * 10.0).round() / 10.0),
        "dpi_source": p.scan.as_ref().map(|s| s.dpi_source),
        "pixels": p.scan.as_ref().map(|s| [s.pixels.0, s.pixels.1]),
        "text_source": source,
        "ocr_skipped": p.ocr_skipped.as_ref().map(|s| format!("{s:?}")),
        "text": usable.map(|t| t.text.as_str()),
    })
}

fn mrz(m: &Mrz) -> Value {
    use crate::extract::mrz::MrzField;
    let checks: serde_json::Map<String, Value> = [
        (MrzField::Number, "number"),
        (MrzField::Birth, "birth"),
        (MrzField::Expiry, "expiry"),
        (MrzField::PersonalNumber, "personal_number"),
        (MrzField::Composite, "composite"),
    ]
    .iter()
    .map(|(f, key)| (key.to_string(), json!(!m.failed_checks.contains(f))))
    .collect();
    json!({
        "format": "TD3",
        "lines": m.lines,
        "checks": checks,
        "valid": m.is_valid(),
        "surname": m.surname,
        "given_names": m.given_names,
        "number": m.number,
        "nationality": m.nationality,
        "birth": m.birth.map(|d| d.to_string()),
        "expiry": m.expiry.map(|d| d.to_string()),
    })
}

fn stated<T>(value: Value, s: &Stated<T>, quote: Option<String>) -> Value {
    json!({ "value": value, "page": s.page, "span": [s.span.start, s.span.end], "quote": quote })
}

fn quote(reading: &Reading, page: u32, span: &std::ops::Range<usize>) -> Option<String> {
    crate::content::DocFacts::page_text(reading, page)
        .and_then(|t| t.get(span.clone()))
        .map(str::to_string)
}

/// The human view: a header per file, a block per page, then the MRZ and the facts.
fn human(r: &Value) -> String {
    let mut s = r["file"].as_str().unwrap_or_default().to_string();
    if let Some(kind) = r["kind"].as_str() {
        s += &format!(
            " (kind {kind}, role {})",
            r["role"].as_str().unwrap_or("other")
        );
    }
    s.push('\n');
    for key in ["note", "failure"] {
        if let Some(v) = r[key].as_str() {
            s += &format!("  {key}: {v}\n");
        }
    }
    for p in r["pages"].as_array().into_iter().flatten() {
        s += &format!(
            "  page {}: {}",
            p["page"],
            p["kind"].as_str().unwrap_or_default()
        );
        if let Some(dpi) = p["dpi"].as_f64() {
            s += &format!(
                ", {dpi} dpi ({}), {} x {} px",
                p["dpi_source"].as_str().unwrap_or_default(),
                p["pixels"][0],
                p["pixels"][1]
            );
        }
        s += &format!(", text: {}", p["text_source"].as_str().unwrap_or_default());
        if let Some(why) = p["ocr_skipped"].as_str() {
            s += &format!(" (OCR: {why})");
        }
        s.push('\n');
        if let Some(text) = p["text"].as_str() {
            for line in text.lines() {
                s += &format!("    | {line}\n");
            }
        }
    }
    if r["mrz"].is_object() {
        let m = &r["mrz"];
        s += &format!(
            "  MRZ {} ({}):\n",
            m["format"].as_str().unwrap_or_default(),
            if m["valid"] == true {
                "all check digits hold"
            } else {
                "check digits fail"
            }
        );
        for line in m["lines"].as_array().into_iter().flatten() {
            s += &format!("    {}\n", line.as_str().unwrap_or_default());
        }
        let failed: Vec<&str> = m["checks"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, ok)| **ok == false)
            .map(|(k, _)| k.as_str())
            .collect();
        if !failed.is_empty() {
            s += &format!("    failing: {}\n", failed.join(", "));
        }
    }
    if let Some(facts) = r["facts"].as_object() {
        let mut any = false;
        for (key, v) in facts {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                Value::Null => continue,
                other => vec![other],
            };
            for item in items {
                let item = if item.is_array() { &item[0] } else { item };
                if !any {
                    s += "  facts:\n";
                    any = true;
                }
                s += &format!(
                    "    {key}: {} (page {}: \"{}\")\n",
                    item["value"]
                        .as_str()
                        .map_or_else(|| item["value"].to_string(), str::to_string),
                    item["page"],
                    item["quote"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', " ")
                );
            }
        }
    }
    s
}
