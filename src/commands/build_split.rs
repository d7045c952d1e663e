//! Writing a split build: every file staged in the folder first, then each renamed into
//! place, so a failed run leaves no half-written set, and no file is replaced without
//! `--overwrite`.

use super::build::{persist, write_temp};
use crate::build::split::Split;
use crate::error::RunError;
use crate::finding::Finding;
use crate::pack::Pack;
use crate::report::OutputFile;
use crate::text::visible::visible;
use std::io::Write;
use std::path::Path;

/// Writes the split files into DIR (made if missing) and says on stderr what each holds
/// against the portal's limit; returns the size findings on the written files and the
/// report's account of each file.
pub fn write(
    dir: &Path,
    split: &Split,
    pack: &Pack,
    limit: Option<f64>,
    overwrite: bool,
    quiet: bool,
) -> Result<(Vec<Finding>, Vec<OutputFile>), RunError> {
    let shown = visible(&dir.display().to_string()).into_owned();
    std::fs::create_dir_all(dir).map_err(|e| RunError::Write(shown.clone(), e.to_string()))?;
    // Every name is checked before anything is written: a refusal writes nothing.
    if !overwrite && let Some(f) = split.files.iter().find(|f| dir.join(&f.name).exists()) {
        return Err(RunError::OutputExists(
            visible(&dir.join(&f.name).display().to_string()).into_owned(),
        ));
    }
    let mut staged = Vec::with_capacity(split.files.len());
    for f in &split.files {
        let path = dir.join(&f.name);
        let (tmp, _) = write_temp(&path, |w| {
            w.write_all(&f.bytes)?;
            w.flush()?;
            Ok(f.bytes.len() as u64)
        })?;
        staged.push((tmp, path));
    }
    for (tmp, path) in staged {
        persist(tmp, &path, overwrite)?;
    }

    let mut findings: Vec<Finding> = split
        .files
        .iter()
        .filter_map(|f| {
            let mut finding = crate::rules::pack::size::output_file(
                pack,
                limit,
                f.source.as_deref(),
                &f.name,
                f.bytes.len() as u64,
            )?;
            if let Some(no) = &f.no_fit {
                finding.message.push_str(&format!(
                    "; it cannot be made smaller than {:.2} MB without losing legibility: {}",
                    no.smallest as f64 / 1e6,
                    no.why
                ));
            }
            Some(finding)
        })
        .collect();
    let limit_bytes = limit.map(|mb| (mb * 1e6) as u64);
    let outputs = split
        .files
        .iter()
        .map(|f| {
            let bytes = f.bytes.len() as u64;
            OutputFile {
                file: f.name.clone(),
                bytes,
                limit_bytes,
                fits: limit_bytes.is_none_or(|l| bytes <= l),
                pages: f.pages as u32,
                source: f.source.clone(),
                source_bytes: f.source_bytes,
                copied: f.copied,
                changes: f.changes.clone(),
                smallest_bytes: f.no_fit.as_ref().map(|n| n.smallest),
                why_not_smaller: f.no_fit.as_ref().map(|n| n.why.clone()),
            }
        })
        .collect();
    let total: u64 = split.files.iter().map(|f| f.bytes.len() as u64).sum();
    findings.extend(crate::rules::pack::size::assembled(
        pack,
        &format!("set of {} files", split.files.len()),
        total,
    ));
    if !quiet {
        let mb = |b: u64| b as f64 / 1e6;
        for f in &split.files {
            let size = mb(f.bytes.len() as u64);
            let against = match limit {
                Some(l) if size > l => format!(", OVER the {l} MB limit"),
                Some(l) => format!(", within {l} MB"),
                None => String::new(),
            };
            let mut what = match &f.source {
                None => "the index".to_string(),
                Some(src) if f.copied => format!("{}, copied as is", visible(src)),
                Some(src) => format!("from {} ({:.2} MB)", visible(src), mb(f.source_bytes)),
            };
            if let Some(c) = &f.changes {
                what.push_str(&format!("; changed: {}", visible(c)));
            }
            eprintln!(
                "  {}: {size:.2} MB, {} page{}{against}; {what}",
                visible(&f.name),
                f.pages,
                if f.pages == 1 { "" } else { "s" },
            );
        }
        super::build::tell_changes(&split.omitted, &split.stripped, &shown, "is written");
        eprintln!(
            "wrote {} file{} to {shown}, {:.1} MB in all",
            split.files.len(),
            if split.files.len() == 1 { "" } else { "s" },
            mb(total)
        );
    }
    Ok((findings, outputs))
}
