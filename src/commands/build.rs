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
    // Clap asks for one of the two.
    let output = args
        .split
        .as_ref()
        .or(args.output.as_ref())
        .cloned()
        .unwrap_or_default();
    let shown = visible(&output.display().to_string()).into_owned();
    // A folder is checked once the profile says whether it is one.
    if output.is_file() && !args.overwrite {
        return Err(RunError::OutputExists(shown));
    }
    let folder = atomic::folder_of(&output);
    if !folder.is_dir() {
        return Err(RunError::OutputFolder(shown, folder.display().to_string()));
    }
    let (selection, opts) = settle(global, false, false)?;
    let target = targets(std::slice::from_ref(&args.path), false)?
        .pop()
        .ok_or_else(|| RunError::PathMissing(args.path.display().to_string()))?;
    // Written into the pack, the output must not meet a `fix` renaming around it.
    let _lock = if inside(&output, &target.dir) {
        Some(crate::pack::lock::lock_pack(&target.dir, &target.display)?)
    } else {
        None
    };
    let pack = Pack::load(&target.dir, target.display.clone(), &opts)
        .map_err(|e| RunError::PathUnreadable(target.display.clone(), e.to_string()))?;
    // A profile that wants one file per document takes `-o` as the folder, unless `-o`
    // names a PDF: asked for by name, the merged file is what is wanted.
    let profile_splits = pack.profile.upload.mode == crate::pack::upload::UploadMode::PerDocument;
    let names_pdf = output
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"));
    let per_document = args.split.is_some() || (profile_splits && !names_pdf);
    if profile_splits && !per_document && !global.quiet {
        eprintln!(
            "note: the {} profile's portal takes one file per document: `--split DIR` writes them",
            pack.profile.name
        );
    }
    if !per_document && output.exists() && !args.overwrite {
        return Err(RunError::OutputExists(shown));
    }
    if per_document && output.is_file() {
        return Err(RunError::SplitFolder(shown, "it is a file".into()));
    }
    // The copies would sit beside the applicant's files, and --overwrite replace them.
    if per_document && same_folder(&output, &pack.path) {
        return Err(RunError::SplitFolder(shown, "it is the pack folder".into()));
    }
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
    // `--html`: beside the output, `pack.pdf` -> `pack.html`, `DIR` -> `DIR.html`.
    let html_path = args.html.then(|| match output.extension() {
        Some(x) if x.eq_ignore_ascii_case("pdf") && !per_document => output.with_extension("html"),
        _ => {
            let mut name = output.as_os_str().to_owned();
            name.push(".html");
            std::path::PathBuf::from(name)
        }
    });
    let render = |report: &report::PackReport, out: &mut dyn Write| {
        if let Some(path) = &html_path {
            super::check::write_html(path, report, &target.dir)?;
            if !global.quiet {
                eprintln!(
                    "wrote the report to {}",
                    visible(&path.display().to_string())
                );
            }
        }
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
    // The portal's paper, when its profile names one, is the paper of a split build's
    // pages; `--page-size` with a split asks the same of any profile.
    let portal_paper = match pack.profile.upload.page_size.as_deref() {
        Some(p) if p.eq_ignore_ascii_case("letter") => Some(build::Paper::Letter),
        Some(p) if p.eq_ignore_ascii_case("a4") => Some(build::Paper::A4),
        _ => None,
    };
    let build_opts = Options {
        paper: args.page_size.or(portal_paper).unwrap_or_default(),
        fit_pages: per_document && (portal_paper.is_some() || args.page_size.is_some()),
        stamp: args.stamp,
        unusable: if args.no_check {
            Default::default()
        } else {
            unusable(&pack, &ctx)
        },
    };
    if per_document {
        let mut split = build::split::split(&pack, facts, &build_opts, &pack.profile.upload)
            .map_err(RunError::Build)?;
        let budget_mb = args
            .max_file_kb
            .map(|kb| kb / 1000.0)
            .or(pack.profile.file_max_mb());
        if let Some(mb) = budget_mb.filter(|mb| !args.no_fit && mb.is_finite() && *mb > 0.0) {
            let floors = floors(&pack);
            let before = scan_findings(&report.findings);
            // Checked under the name it is uploaded as: an image's file is now a PDF.
            let legible = |f: &build::split::SplitFile, bytes: &[u8]| {
                f.source.as_deref().is_none_or(|source| {
                    checks_as_before(&pack, &selection, &opts, &before, source, &f.name, bytes)
                })
            };
            build::split::fit(&mut split, (mb * 1e6) as u64, floors, &legible);
        }
        let (findings, outputs) = super::build_split::write(
            &output,
            &split,
            &pack,
            budget_mb,
            args.overwrite,
            global.quiet,
        )?;
        let over = findings
            .iter()
            .any(|f| f.severity == crate::finding::Severity::Error);
        // The written files' sizes replace the forecasts from the pack's files.
        let mut all = report.findings;
        all.retain(|f| f.rule != size);
        all.extend(findings);
        let mut report = plan.finish(&ctx, all);
        report.outputs = outputs;
        render(&report, out)?;
        return Ok(over || (global.strict && report.summary.warnings > 0));
    }
    let mut built = build::build(&pack, facts, &build_opts).map_err(RunError::Build)?;

    let (mut tmp, mut bytes) = write_temp(&output, |w| built.write(w))?;
    // The merged file is the one file uploaded, and the whole pack.
    let budget_mb = args.max_file_kb.map(|kb| kb / 1000.0).or_else(|| {
        match (pack.profile.file_max_mb(), pack.profile.pack_max_mb()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    });
    let budget = budget_mb
        .filter(|mb| mb.is_finite() && *mb > 0.0)
        .map(|mb| (mb * 1e6) as u64);
    let mut fitted_changes = Vec::new();
    // The copy of the pack the fitted file was built from; removed once written.
    let mut _fitted_copy = None;
    if let Some(budget) = budget.filter(|b| !args.no_fit && bytes > *b) {
        let before = scan_findings(&report.findings);
        let legible = |name: &str, b: &[u8]| {
            checks_as_before(&pack, &selection, &opts, &before, name, name, b)
        };
        let floors = floors(&pack);
        if let Some(fitted) =
            super::build_fit::fit_merged(&pack, &opts, bytes, budget, floors, &legible)
        {
            let rebuilt =
                build::build(&fitted.pack, facts, &build_opts).map_err(RunError::Build)?;
            let (tmp2, bytes2) = write_temp(&output, |w| {
                let mut rebuilt = rebuilt;
                let n = rebuilt.write(w);
                std::mem::forget(rebuilt);
                n
            })?;
            if bytes2 < bytes {
                (tmp, bytes) = (tmp2, bytes2);
                fitted_changes = fitted.changes;
                _fitted_copy = Some(fitted.dir);
            }
        }
    }
    // The documents' sum was a forecast; the real file's size replaces it, at the level
    // the plan gives the rule.
    let mut over_limit = false;
    let report = if plan.runs(size) {
        let mut findings = report.findings;
        findings.retain(|f| !(f.rule == size && f.file.is_none()));
        // Over the limit it was fitted to: an error, as the portal refuses it.
        let over = budget.filter(|b| !args.no_fit && bytes > *b).and_then(|_| {
            let mut f = crate::rules::pack::size::output_file(
                &pack,
                budget_mb,
                None,
                &file_name(&output),
                bytes,
            )?;
            if !fitted_changes.is_empty() {
                f.message.push_str(
                    "; its largest documents are as small as they go without losing legibility",
                );
            }
            Some(f)
        });
        over_limit = over.is_some();
        match over {
            Some(f) => findings.push(f),
            None => findings.extend(crate::rules::pack::size::assembled(
                &pack,
                &file_name(&output),
                bytes,
            )),
        }
        plan.finish(&ctx, findings)
    } else {
        report
    };
    if !args.no_check || !report.findings.is_empty() || html_path.is_some() {
        render(&report, out)?;
    }

    persist(tmp, &output, args.overwrite)?;
    if !global.quiet {
        tell_changes(
            &built.omitted,
            &built.stripped,
            &shown,
            &format!("is in {shown}"),
        );
        for line in &fitted_changes {
            eprintln!("  made smaller to fit: {}", visible(line));
        }
        if inside(&output, &pack.path) {
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
    Ok(over_limit || (global.strict && report.summary.warnings > 0))
}

/// The floors a fitted scan keeps: the profile's recommended resolution, and a quality
/// well above its `scan/compression` threshold.
fn floors(pack: &Pack) -> build::shrink::Floors {
    let scan = &pack.profile.scan;
    build::shrink::Floors {
        dpi: scan.recommended_dpi,
        quality: scan.min_jpeg_quality.saturating_add(15).max(65),
    }
}

fn file_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| out.display().to_string(), |n| n.to_string_lossy().into())
}

/// Says on stderr which documents OUT (`shown`) leaves out and which lost their active
/// content on the way in (each `stripped_as`, e.g. "is in pack.pdf").
pub(super) fn tell_changes(
    omitted: &[build::Omitted],
    stripped: &[build::Stripped],
    shown: &str,
    stripped_as: &str,
) {
    for o in omitted {
        eprintln!(
            "warning: {} is not in {shown}: {}",
            visible(&o.file),
            visible(&o.reason)
        );
    }
    for s in stripped {
        eprintln!(
            "note: {} {stripped_as} without its active content: {}",
            visible(&s.file),
            visible(&crate::rules::list_names(&s.removed, 3))
        );
    }
}

/// The scan findings of a report, as (rule, file) pairs.
fn scan_findings(findings: &[crate::finding::Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .filter(|f| f.rule.starts_with("scan/"))
        .filter_map(|f| Some((f.rule.to_string(), f.file.clone()?)))
        .collect()
}

/// Whether `source`'s new bytes, checked alone under the name `name` they are written
/// as, have no scan finding that `before` (the original's, as `(rule, file)`) lacks. The
/// document is checked in a private temporary folder beside the pack's manifest, with the
/// run's pixel scan rules (`scan/no-text` aside, which is about OCR).
fn checks_as_before(
    pack: &Pack,
    selection: &crate::engine::Selection,
    opts: &crate::pack::LoadOptions,
    before: &[(String, String)],
    source: &str,
    name: &str,
    bytes: &[u8],
) -> bool {
    let after = || -> Option<Vec<(String, String)>> {
        let dir = tempfile::tempdir().ok()?;
        let manifest = pack.path.join("dossier.toml");
        if manifest.is_file() {
            std::fs::copy(&manifest, dir.path().join("dossier.toml")).ok()?;
        }
        std::fs::write(dir.path().join(name), bytes).ok()?;
        let alone = Pack::load(dir.path(), name.to_string(), opts).ok()?;
        let mut plan = Plan::new(&alone, selection);
        // The pixel rules, and the MRZ read from pixels; not OCR, whose words re-encoding
        // does not change the text layer of, and which takes seconds a page.
        plan.retain(|id| id.starts_with("scan/") && id != "scan/no-text");
        let ctx = Context::new(&alone, plan.needs()).without_ocr();
        Some(scan_findings(&plan.run(&ctx).findings))
    };
    after().is_some_and(|after| {
        after
            .iter()
            .all(|(rule, _)| before.contains(&(rule.clone(), source.to_string())))
    })
}

/// Whether two paths name the same existing folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
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
pub(super) fn write_temp(
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
pub(super) fn persist(tmp: atomic::Staged, out: &Path, overwrite: bool) -> Result<(), RunError> {
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
