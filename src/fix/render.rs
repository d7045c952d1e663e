//! What fix prints: the plan as `OLD → NEW` lines, or as one JSON object.

use super::journal::Record;
use super::plan::Plan;
use super::{TRASH_DIR, shown};
use serde::Serialize;
use std::io::{self, Write};

/// What one run of fix has to tell.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// The pack folder as the user named it.
    pub pack: &'a str,
    /// The profile that ordered it; `None` when a dry run stopped at an interrupted run.
    pub profile: Option<&'a str>,
    /// Whether nothing is to be changed.
    pub dry_run: bool,
    /// The moves of an interrupted run: completed now, or in a dry run still pending.
    pub interrupted: &'a [Record],
    /// This run's plan; `None` when a dry run stopped at an interrupted run.
    pub plan: Option<&'a Plan>,
}

/// Writes the plan in plain text: a line per move, then what is left alone.
pub fn human_plan(o: &Outcome, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    let pack = o.pack;
    if !o.interrupted.is_empty() {
        if o.dry_run {
            writeln!(
                out,
                "{pack}: an interrupted fix is pending; `dossier fix {pack}` completes it:"
            )?;
        } else {
            writeln!(out, "{pack}: completed an interrupted fix:")?;
        }
        for r in o.interrupted {
            writeln!(out, "  {} → {}", shown(&r.from), r.to.display())?;
        }
    }
    let Some(plan) = o.plan else {
        return Ok(());
    };
    if plan.moves.is_empty() {
        writeln!(out, "{pack}: nothing to fix")?;
    } else {
        if !quiet {
            let profile = o.profile.unwrap_or("?");
            let n = plan.moves.len();
            let s = if n == 1 { "" } else { "s" };
            let planned = if o.dry_run { ", dry run" } else { "" };
            writeln!(out, "{pack}: {n} move{s} (profile {profile}{planned}):")?;
        }
        for m in &plan.moves {
            writeln!(out, "  {} → {}", shown(&m.from), m.to.display())?;
        }
    }
    if !plan.left_alone.is_empty() {
        writeln!(out, "left alone:")?;
        for l in &plan.left_alone {
            writeln!(out, "  {}: {}", l.file, l.reason)?;
        }
    }
    Ok(())
}

/// Writes the closing line once the plan is applied, or what a dry run left undone.
pub fn human_done(o: &Outcome, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    let Some(plan) = o.plan.filter(|p| !p.moves.is_empty()) else {
        return Ok(());
    };
    if quiet {
        return Ok(());
    }
    if o.dry_run {
        writeln!(
            out,
            "dry run: nothing changed; `dossier fix {}` applies the moves",
            o.pack
        )
    } else {
        let (r, t) = (plan.renames(), plan.trashed());
        writeln!(
            out,
            "fixed: {r} file{} renamed, {t} moved to {TRASH_DIR}/",
            if r == 1 { "" } else { "s" }
        )
    }
}

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    tool: Tool,
    path: &'a str,
    profile: Option<&'a str>,
    dry_run: bool,
    interrupted: Vec<JsonMove>,
    moves: Vec<JsonMove>,
    left_alone: Vec<JsonLeft<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonMove {
    from: String,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct JsonLeft<'a> {
    file: &'a str,
    reason: &'a str,
}

/// Writes the outcome as one JSON object (`moves`, `left_alone`, `interrupted`).
pub fn json(o: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let doc = Json {
        version: 1,
        tool: Tool {
            name: "dossier",
            version: env!("CARGO_PKG_VERSION"),
        },
        path: o.pack,
        profile: o.profile,
        dry_run: o.dry_run,
        interrupted: o
            .interrupted
            .iter()
            .map(|r| JsonMove {
                from: shown(&r.from),
                to: r.to.display(),
                reason: None,
            })
            .collect(),
        moves: o
            .plan
            .map(|p| {
                p.moves
                    .iter()
                    .map(|m| JsonMove {
                        from: shown(&m.from),
                        to: m.to.display(),
                        reason: Some(m.reason.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        left_alone: o
            .plan
            .map(|p| {
                p.left_alone
                    .iter()
                    .map(|l| JsonLeft {
                        file: &l.file,
                        reason: &l.reason,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
