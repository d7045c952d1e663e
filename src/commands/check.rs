//! `dossier check`: settle the options, load and check packs in parallel, render, exit code.

use crate::cli::{CheckArgs, GlobalArgs};
use crate::engine::{Selection, check_pack};
use crate::error::{BadProfile, RunError};
use crate::finding::{Finding, Severity, Tally};
use crate::pack::profile::Profile;
use crate::pack::{LoadOptions, Pack, default_profile, profile, scan};
use crate::report::{self, PackReport, Style};
use miette::NamedSource;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A pack to check: its folder and the name to show for it.
pub(super) struct Target {
    pub(super) dir: PathBuf,
    pub(super) display: String,
}

/// The rule selection and load options every command that checks uses.
pub(super) fn settle(
    global: &GlobalArgs,
    recursive: bool,
) -> Result<(Selection, LoadOptions), RunError> {
    for p in global.select.iter().chain(&global.ignore) {
        super::known_rule_pattern(p)?;
    }
    let selection = Selection {
        select: global.select.clone(),
        ignore: global.ignore.clone(),
    };
    let opts = LoadOptions {
        profile: global.profile.as_deref().map(cli_profile).transpose()?,
        today: global
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        recursive,
    };
    Ok((selection, opts))
}

/// Runs `check`; returns whether the run should exit 1 (errors, or warnings with `--strict`).
pub fn run(
    global: &GlobalArgs,
    args: &CheckArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<bool, RunError> {
    let (selection, opts) = settle(global, args.recursive)?;
    let targets = targets(&args.paths, args.recursive)?;
    let check = |t: &Target| check_target(t, &opts, &selection);
    let reports: Vec<PackReport> = match global.jobs {
        Some(0) => return Err(RunError::Jobs("--jobs must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| RunError::Jobs(format!("cannot start {n} threads: {e}")))?
            .install(|| targets.par_iter().map(check).collect()),
        None => targets.par_iter().map(check).collect(),
    };
    let style = Style {
        color,
        quiet: global.quiet,
    };
    report::render(global.format, &reports, style, &selection, out)
        .and_then(|_| out.flush())
        .map_err(|e| RunError::Write("the report".into(), e.to_string()))?;
    let mut total = Tally::default();
    for r in &reports {
        total.add(r.summary);
    }
    Ok(total.errors > 0 || (global.strict && total.warnings > 0))
}

fn check_target(t: &Target, opts: &LoadOptions, selection: &Selection) -> PackReport {
    match Pack::load(&t.dir, t.display.clone(), opts) {
        Ok(pack) => check_pack(&pack, selection),
        // A pack folder found by --recursive that cannot be listed: report it, go on.
        Err(e) => {
            let profile = opts.profile.clone().unwrap_or_else(default_profile);
            let finding = Finding::pack(
                "file/unreadable",
                Severity::Error,
                format!("cannot list the pack folder: {e}"),
                "check the folder's permissions",
            )
            .with("reason", e.to_string());
            PackReport {
                path: t.display.clone(),
                profile: profile.name.clone(),
                documents: Vec::new(),
                summary: Tally::of(std::slice::from_ref(&finding)),
                findings: vec![finding],
                listing: Vec::new(),
            }
        }
    }
}

/// The packs the PATH arguments name, each checked to be a readable folder.
pub(super) fn targets(paths: &[PathBuf], recursive: bool) -> Result<Vec<Target>, RunError> {
    let mut out = Vec::new();
    for path in paths {
        let shown = display(path);
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RunError::PathMissing(shown.clone()),
            _ => RunError::PathUnreadable(shown.clone(), e.to_string()),
        })?;
        if !meta.is_dir() {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or(".".to_string(), display);
            return Err(RunError::PathNotFolder(shown, parent));
        }
        std::fs::read_dir(path)
            .map_err(|e| RunError::PathUnreadable(shown.clone(), e.to_string()))?;
        if recursive {
            for dir in scan::find_packs(path) {
                let rel = dir.strip_prefix(path).unwrap_or(&dir);
                let display = if rel.as_os_str().is_empty() {
                    shown.clone()
                } else if shown == "." {
                    rel.display().to_string()
                } else {
                    Path::new(&shown).join(rel).display().to_string()
                };
                out.push(Target { dir, display });
            }
        } else {
            out.push(Target {
                dir: path.clone(),
                display: shown,
            });
        }
    }
    Ok(out)
}

/// A path as the user wrote it, without trailing separators (`clients/anna/` -> `clients/anna`).
fn display(path: &Path) -> String {
    let s = path.display().to_string();
    let trimmed = s.trim_end_matches('/');
    if trimmed.is_empty() {
        s
    } else {
        trimmed.to_string()
    }
}

/// The `--profile` argument: a built-in name or a TOML file, validated in full.
pub(super) fn cli_profile(name: &str) -> Result<Arc<Profile>, RunError> {
    if profile::BUILTIN.iter().any(|(n, _)| *n == name) {
        return crate::pack::resolve_profile(name, None).map_err(RunError::UnknownProfile);
    }
    let path = Path::new(name);
    if !path.is_file() {
        let names: Vec<&str> = profile::BUILTIN.iter().map(|(n, _)| *n).collect();
        return Err(RunError::UnknownProfile(format!(
            "no built-in profile or profile file `{name}` (built-in: {})",
            names.join(", ")
        )));
    }
    let src = std::fs::read_to_string(path)
        .map_err(|e| RunError::UnknownProfile(format!("cannot read profile `{name}`: {e}")))?;
    let parsed = Profile::parse(&src).map_err(|e| {
        RunError::BadProfile(Box::new(BadProfile {
            path: name.to_string(),
            message: e.message.clone(),
            span: e.span.map(Into::into),
            src: NamedSource::new(name, src.clone()),
        }))
    })?;
    for rule in parsed.rules.keys() {
        super::known_rule_pattern(rule)?;
    }
    Ok(Arc::new(parsed))
}
