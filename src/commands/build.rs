//! `dossier build`: check the pack, refuse while errors remain (unless `--force`),
//! assemble it, and write the PDF through a temporary file so no file is ever half written
//! or overwritten by accident.

use super::atomic;
use super::check::{settle, targets};
use crate::build::{self, Options};
use crate::cli::{BuildArgs, GlobalArgs};
use crate::engine::{Context, Need, Plan};
use crate::error::RunError;
use crate::pack::Pack;
use crate::report::{self, Style};
use crate::text::visible::visible;
use std::io::Write;
use std::path::Path;

/// Runs `build`; returns whether the run should exit 1 (refused because of errors, or
/// warnings with `--strict`).
pub fn run(
    global: &GlobalArgs,
    args: &BuildArgs,
    color: bool,
    out: &mut dyn Write,
) -> Result<bool, RunError> {
    let shown = visible(&args.output.display().to_string()).into_owned();
    if args.output.exists() && !args.overwrite {
        return Err(RunError::OutputExists(shown));
    }
    let folder = atomic::folder_of(&args.output);
    if !folder.is_dir() {
        return Err(RunError::OutputFolder(shown, folder.display().to_string()));
    }
    let (selection, opts) = settle(global, false, false)?;
    let target = targets(std::slice::from_ref(&args.path), false)?
        .pop()
        .ok_or_else(|| RunError::PathMissing(args.path.display().to_string()))?;
    // Written into the pack, the output must not meet a `fix` renaming around it.
    let _lock = if inside(&args.output, &target.dir) {
        Some(crate::pack::lock::lock_pack(&target.dir, &target.display)?)
    } else {
        None
    };
    let pack = Pack::load(&target.dir, target.display.clone(), &opts)
        .map_err(|e| RunError::PathUnreadable(target.display.clone(), e.to_string()))?;
    // `--no-check` runs no rule but the real size's (on the built file) and takes the
    // index's applicant and trip from the manifest alone, reading no document.
    let size = <crate::rules::pack::size::Size as crate::rules::Check>::META.id;
    let mut plan = Plan::new(&pack, &selection);
    if args.no_check {
        plan.retain(|id| id == size);
    }
    let ctx = Context::new(&pack, plan.needs().chain([Need::Facts]));
    let report = if args.no_check {
        plan.finish(&ctx, Vec::new())
    } else {
        plan.run(&ctx)
    };
    let style = Style {
        color,
        quiet: global.quiet,
    };
    let render = |report: &report::PackReport, out: &mut dyn Write| {
        match report::render(global.format, std::slice::from_ref(report), style, out)
            .and_then(|_| out.flush())
        {
            // Nobody reads the report any more; the PDF is still wanted.
            Err(e) if super::closed(&e) => Ok(()),
            r => r.map_err(|e| RunError::Write("the report".into(), e.to_string())),
        }
    };
    if report.summary.errors > 0 && !args.force {
        render(&report, out)?;
        eprintln!(
            "dossier: not building {shown}: the pack has {} error{}; fix {}, or build anyway with --force",
            report.summary.errors,
            if report.summary.errors == 1 { "" } else { "s" },
            if report.summary.errors == 1 {
                "it"
            } else {
                "them"
            },
        );
        return Ok(true);
    }

    let facts = (!args.no_check).then(|| ctx.facts());
    let mut built = build::build(
        &pack,
        facts,
        &Options {
            paper: args.page_size,
            stamp: args.stamp,
            unusable: if args.no_check {
                Default::default()
            } else {
                unusable(&pack, &ctx)
            },
        },
    )
    .map_err(RunError::Build)?;

    let (tmp, bytes) = write_temp(&args.output, |w| built.write(w))?;
    // The documents' sum was a forecast; the real file's size replaces it, at the level
    // the plan gives the rule.
    let report = if plan.runs(size) {
        let mut findings = report.findings;
        findings.retain(|f| !(f.rule == size && f.file.is_none()));
        findings.extend(crate::rules::pack::size::assembled(
            &pack,
            &file_name(&args.output),
            bytes,
        ));
        plan.finish(&ctx, findings)
    } else {
        report
    };
    if !args.no_check || !report.findings.is_empty() {
        render(&report, out)?;
    }

    persist(tmp, &args.output, args.overwrite)?;
    if !global.quiet {
        for o in &built.omitted {
            eprintln!(
                "warning: {} is not in {shown}: {}",
                visible(&o.file),
                visible(&o.reason)
            );
        }
        for s in &built.stripped {
            eprintln!(
                "note: {} is in {shown} without its active content: {}",
                visible(&s.file),
                visible(&crate::rules::list_names(&s.removed, 3))
            );
        }
        if inside(&args.output, &pack.path) {
            eprintln!(
                "warning: {shown} is inside the pack folder; the next `dossier check` sees it as a stray file (write it elsewhere)"
            );
        }
        eprintln!(
            "wrote {shown}: {} document{}, {} index page{} + {} pages, {:.1} MB",
            built.documents,
            if built.documents == 1 { "" } else { "s" },
            built.index_pages,
            if built.index_pages == 1 { "" } else { "s" },
            built.pages - built.index_pages,
            bytes as f64 / 1e6,
        );
    }
    // Freeing every object of a 70 MB document one by one takes longer than the exit.
    std::mem::forget(built);
    Ok(global.strict && report.summary.warnings > 0)
}

fn file_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| out.display().to_string(), |n| n.to_string_lossy().into())
}

/// Whether OUT lies directly in the pack folder.
fn inside(out: &Path, pack: &Path) -> bool {
    match (atomic::folder_of(out).canonicalize(), pack.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes the PDF to a file with no name yet in OUT's folder (given OUT's name by
/// [`persist`]): a reader never sees half a file, a failed or killed run leaves OUT as it
/// was and no copy of the applicant's data behind.
fn write_temp(
    out: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<u64>,
) -> Result<(atomic::Staged, u64), RunError> {
    let shown = out.display().to_string();
    let io = |e: std::io::Error| RunError::Write(shown.clone(), e.to_string());
    let tmp = atomic::temp_beside(out, ".dossier-build-").map_err(io)?;
    let bytes = {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        write(&mut w).map_err(io)?
    };
    Ok((tmp, bytes))
}

/// Renames the temporary file to OUT; without `--overwrite`, an OUT that appeared
/// meanwhile is kept and the run fails.
fn persist(tmp: atomic::Staged, out: &Path, overwrite: bool) -> Result<(), RunError> {
    atomic::commit(tmp, out, overwrite).map_err(|e| {
        let shown = out.display().to_string();
        if !overwrite && e.kind() == std::io::ErrorKind::AlreadyExists {
            RunError::OutputExists(shown)
        } else {
            RunError::Write(shown, e.to_string())
        }
    })
}

/// The documents the check read and found unusable, with the reason, so that `build`
/// leaves out exactly what `check` reports as unreadable, encrypted or empty.
fn unusable(pack: &crate::pack::Pack, ctx: &Context) -> std::collections::BTreeMap<String, String> {
    pack.entries
        .iter()
        .zip(ctx.read_so_far())
        .filter_map(|(e, r)| Some((e.name.clone(), r?.unusable()?)))
        .collect()
}
