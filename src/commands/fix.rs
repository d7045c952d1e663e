//! `dossier fix PATH [--dry-run]`: complete an interrupted run, plan the repairs, print the
//! plan, apply it. docs/fix.md is the user's account of it.

use super::check::{cli_profile, targets};
use crate::cli::{FixArgs, GlobalArgs};
use crate::error::RunError;
use crate::fix::apply::{self, Steps};
use crate::fix::render::{self, Outcome};
use crate::fix::{TRASH_DIR, journal, plan};
use crate::pack::lock::lock_pack;
use crate::pack::{LoadOptions, Pack};
use crate::report::Format;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

/// Runs `fix`; returns whether something is left that fix cannot repair (the "left alone"
/// list is not empty), which exits 1. A dry run answers for the plan it printed.
pub fn run(global: &GlobalArgs, args: &FixArgs, out: &mut dyn Write) -> Result<bool, RunError> {
    let as_json = match global.format {
        Format::Human | Format::Concise => false,
        Format::Json => true,
        other => return Err(RunError::FixFormat(format!("{other:?}").to_lowercase())),
    };
    let target = targets(std::slice::from_ref(&args.path), false)?
        .pop()
        .ok_or_else(|| RunError::PathMissing(args.path.display().to_string()))?;
    let dir = target.dir.as_path();
    let shown = target.display.as_str();
    let cli_profile = global.profile.as_deref().map(cli_profile).transpose()?;
    let print = |o: &Outcome, out: &mut dyn Write, done: bool| {
        let written = match (as_json, done) {
            (true, false) => render::json(o, out),
            (true, true) => Ok(()),
            (false, false) => render::human_plan(o, global.quiet, out),
            (false, true) => render::human_done(o, global.quiet, out),
        };
        written
            .and_then(|_| out.flush())
            .map_err(|e| RunError::Write("the plan".into(), e.to_string()))
    };

    // One run at a time, from the journal's completion to the last rename: another run's
    // journal and temporary names are never taken for junk, nor its renames interleaved
    // with these. A dry run changes nothing and takes no lock.
    let _lock = if args.dry_run {
        None
    } else {
        Some(lock_pack(dir, shown)?)
    };

    // A run that died half way is finished before anything else is looked at: until then
    // the folder holds files under temporary names.
    let mut steps = Steps::from_env();
    let interrupted = if args.dry_run {
        if let Some(pending) = journal::read(dir).map_err(RunError::FixJournal)? {
            let outcome = Outcome {
                pack: shown,
                profile: None,
                dry_run: true,
                interrupted: &pending,
                plan: None,
            };
            print(&outcome, out, false)?;
            return Ok(false);
        }
        Vec::new()
    } else {
        journal::remove_stale_temp(dir).map_err(|e| RunError::FixInterrupted {
            message: format!("cannot remove {}: {e}", crate::fix::JOURNAL_TEMP),
            help: "nothing was changed; check the folder's permissions".into(),
        })?;
        apply::complete(dir, &mut steps)?.unwrap_or_default()
    };

    let opts = LoadOptions {
        profile: cli_profile.clone(),
        // Naming does not depend on the date; the run's today is only what loading needs.
        today: global
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        recursive: false,
    };
    let pack = Pack::load(dir, target.display.clone(), &opts)
        .map_err(|e| RunError::PathUnreadable(target.display.clone(), e.to_string()))?;
    // Renumbering by the default profile a pack whose manifest names another would reorder
    // it wrongly; refuse until the manifest (or --profile) says which.
    if cli_profile.is_none()
        && let Some(problem) = &pack.manifest_problem
    {
        return Err(RunError::FixManifest {
            pack: shown.to_string(),
            message: problem.message.clone(),
        });
    }
    if !plan::looks_like_pack(&pack.entries, &pack.profile) {
        return Err(RunError::FixNotAPack(shown.to_string()));
    }
    if args.photo {
        // The interrupted run may have been a photo run: making the photo again from its
        // result would crop and re-encode it twice.
        if !interrupted.is_empty() {
            let outcome = Outcome {
                pack: shown,
                profile: None,
                dry_run: false,
                interrupted: &interrupted,
                plan: None,
            };
            print(&outcome, out, false)?;
            return Ok(false);
        }
        return super::fix_photo::run(
            dir,
            &pack,
            &trash_names(dir),
            args.dry_run,
            as_json,
            &mut steps,
            out,
        );
    }
    let plan = plan::plan(&pack.entries, &pack.profile, &trash_names(dir))?;
    apply::preflight(dir, &plan)?;

    let outcome = Outcome {
        pack: shown,
        profile: Some(&pack.profile.name),
        dry_run: args.dry_run,
        interrupted: &interrupted,
        plan: Some(&plan),
    };
    print(&outcome, out, false)?;
    if !args.dry_run && !plan.moves.is_empty() {
        let records = apply::prepare(dir, &plan);
        apply::apply(dir, &records, &mut steps)?;
    }
    print(&outcome, out, true)?;
    Ok(!plan.left_alone.is_empty())
}

/// The names already in the pack's trash (none when it does not exist yet).
fn trash_names(dir: &Path) -> BTreeSet<OsString> {
    std::fs::read_dir(dir.join(TRASH_DIR))
        .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default()
}
