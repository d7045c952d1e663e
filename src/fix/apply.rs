//! Applying a plan in two phases under a journal, and completing a run that was
//! interrupted, so that no file is ever overwritten or lost.
//!
//! Every file goes original -> temporary -> final. Phase one renames every original to its
//! temporary name; phase two renames every temporary name to its final one. A final name
//! may be another file's original name (a reordering), so no final rename may happen before
//! every original is out of the way. At any moment each file is at exactly one of its three
//! names, and the journal says which three.
//!
//! No rename overwrites: each is a rename that cannot replace ([`rename_no_replace`]), so
//! a file another program creates at a target name at any moment, even between the
//! preflight and the rename, is kept, and the run stops with the journal to complete it.

use super::journal::{self, Record, fingerprint};
use super::plan::Plan;
use super::rename::rename_no_replace;
use super::{Dest, JOURNAL_FILE, TEMP_PREFIX, TRASH_DIR, shown};
use crate::error::RunError;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::Path;

/// Test hook: `DOSSIER_FIX_CRASH_AFTER=N` makes fix abort right after its N-th file system
/// step (the journal write, each rename, the journal removal), as a power cut would stop it.
/// Tests use it to prove that a rerun completes the plan from any point.
pub const CRASH_AFTER_ENV: &str = "DOSSIER_FIX_CRASH_AFTER";

/// Counts file system steps, and carries out the crash test hook.
#[derive(Debug, Default)]
pub struct Steps {
    done: u64,
    crash_after: Option<u64>,
}

impl Steps {
    /// Steps with the crash hook read from `DOSSIER_FIX_CRASH_AFTER` (test hook; unset or
    /// not a number means never).
    pub fn from_env() -> Steps {
        Steps {
            done: 0,
            crash_after: std::env::var(CRASH_AFTER_ENV)
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        }
    }

    /// Steps done so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    fn step(&mut self) {
        self.done += 1;
        if self.crash_after == Some(self.done) {
            // The test hook: die as abruptly as a kill -9, with no unwinding or cleanup.
            std::process::abort();
        }
    }
}

/// The help of a failure after the journal is written: a rerun completes the plan.
const JOURNAL_KEPT: &str = "nothing is lost: `.dossier-fix.journal` lists every move; remove \
                            the cause, then run `dossier fix` again to complete them";

/// The help of a failure before anything moved.
const NOTHING_CHANGED: &str = "nothing was changed; check the folder's permissions and free space";

/// Fails when a move's target exists on disk and is not itself moved away by the plan,
/// or when the trash is not a folder: the last look before anything changes.
pub fn preflight(dir: &Path, plan: &Plan) -> Result<(), RunError> {
    let moving: BTreeSet<&OsString> = plan.moves.iter().map(|m| &m.from).collect();
    let trash = dir.join(TRASH_DIR);
    for m in &plan.moves {
        let taken = || RunError::FixTargetExists {
            from: shown(&m.from),
            to: m.to.display(),
        };
        if m.to.trash {
            if trash.symlink_metadata().is_ok_and(|t| !t.is_dir()) {
                return Err(RunError::FixTargetExists {
                    from: shown(&m.from),
                    to: TRASH_DIR.into(),
                });
            }
            if exists(&dir.join(m.to.rel())) {
                return Err(taken());
            }
        } else if exists(&dir.join(&m.to.name)) && !moving.contains(&m.to.name) {
            return Err(taken());
        }
    }
    Ok(())
}

/// The journal records of `plan`: a free temporary name and a fingerprint for each move.
pub fn prepare(dir: &Path, plan: &Plan) -> Vec<Record> {
    let count = plan.moves.len().max(1);
    let mut used = BTreeSet::new();
    plan.moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let temp = temp_name(dir, &m.from, i + 1, count, &used);
            used.insert(temp.clone());
            Record {
                from: m.from.clone(),
                temp,
                to: m.to.clone(),
                fingerprint: fingerprint(&dir.join(&m.from)),
            }
        })
        .collect()
}

/// `.dossier-fix-<n>-<original name>`, with `n` moved on by `count` until the name is free.
fn temp_name(
    dir: &Path,
    from: &OsString,
    n: usize,
    count: usize,
    used: &BTreeSet<OsString>,
) -> OsString {
    let original = from.to_string_lossy();
    // Stay well inside the 255-byte name limit of common file systems.
    let mut cut = original.len().min(200);
    while !original.is_char_boundary(cut) {
        cut -= 1;
    }
    (0..)
        .map(|k| {
            OsString::from(format!(
                "{TEMP_PREFIX}{}-{}",
                n + k * count,
                &original[..cut]
            ))
        })
        .find(|t| !used.contains(t) && !exists(&dir.join(t)))
        .unwrap_or_default()
}

/// Applies the moves of `records`: journal, phase one, phase two, journal removed.
pub fn apply(dir: &Path, records: &[Record], steps: &mut Steps) -> Result<(), RunError> {
    let before = |e: io::Error| RunError::FixInterrupted {
        message: format!("cannot write {JOURNAL_FILE}: {e}"),
        help: NOTHING_CHANGED.into(),
    };
    if records.iter().any(|r| r.to.trash) {
        fs::create_dir_all(dir.join(TRASH_DIR)).map_err(before)?;
    }
    journal::write(dir, records).map_err(before)?;
    steps.step();
    let all: Vec<&Record> = records.iter().collect();
    phase_one(dir, &all, steps)?;
    phase_two(dir, &all, steps)?;
    finish(dir, steps)
}

/// Completes the run the journal in `dir` describes, if there is one; returns its records.
///
/// Phase one renames in journal order, so while it runs the files with a temporary name
/// are a first stretch of the journal: the first record at its temporary name means phase
/// one was under way. Phase two empties the temporary names in the same order, so a later
/// record at its temporary name and the first not means phase two was under way. With no
/// temporary name anywhere, either nothing had moved yet or everything had; the content
/// fingerprints tell which even when the original and final names are the same set.
pub fn complete(dir: &Path, steps: &mut Steps) -> Result<Option<Vec<Record>>, RunError> {
    let records = match journal::read(dir) {
        Ok(None) => return Ok(None),
        Ok(Some(records)) => records,
        Err(message) => return Err(RunError::FixJournal(message)),
    };
    let at_temp: Vec<bool> = records.iter().map(|r| exists(&dir.join(&r.temp))).collect();
    let lost = |r: &Record| {
        RunError::FixJournal(format!(
            "`{}` is at none of its names (`{}`, `{}`, `{}`)",
            shown(&r.from),
            shown(&r.from),
            shown(&r.temp),
            r.to.display()
        ))
    };
    if records.iter().any(|r| r.to.trash) {
        fs::create_dir_all(dir.join(TRASH_DIR)).map_err(|e| RunError::FixInterrupted {
            message: format!("cannot create {TRASH_DIR}: {e}"),
            help: JOURNAL_KEPT.into(),
        })?;
    }
    let all: Vec<&Record> = records.iter().collect();
    if at_temp[0] {
        let rest: Vec<&Record> = records
            .iter()
            .zip(&at_temp)
            .filter(|(_, t)| !**t)
            .map(|(r, _)| r)
            .collect();
        if let Some(r) = rest.iter().find(|r| !exists(&dir.join(&r.from))) {
            return Err(lost(r));
        }
        phase_one(dir, &rest, steps)?;
        phase_two(dir, &all, steps)?;
    } else if at_temp.iter().any(|t| *t) {
        let (pending, moved): (Vec<(&Record, &bool)>, Vec<_>) =
            records.iter().zip(&at_temp).partition(|(_, t)| **t);
        if let Some((r, _)) = moved.iter().find(|(r, _)| !exists(&dir.join(r.to.rel()))) {
            return Err(lost(r));
        }
        let pending: Vec<&Record> = pending.into_iter().map(|(r, _)| r).collect();
        phase_two(dir, &pending, steps)?;
    } else if !records.iter().all(|r| at_final(dir, r)) {
        if let Some(r) = records.iter().find(|r| !exists(&dir.join(&r.from))) {
            return Err(lost(r));
        }
        phase_one(dir, &all, steps)?;
        phase_two(dir, &all, steps)?;
    }
    finish(dir, steps)?;
    Ok(Some(records))
}

/// Whether the record's file is at its final name: something is there and, when the
/// content was fingerprinted, it is that content.
fn at_final(dir: &Path, r: &Record) -> bool {
    let path = dir.join(r.to.rel());
    exists(&path)
        && match r.fingerprint {
            None => true,
            Some(f) => fingerprint(&path) == Some(f),
        }
}

fn phase_one(dir: &Path, records: &[&Record], steps: &mut Steps) -> Result<(), RunError> {
    for r in records {
        rename_new(
            dir,
            &r.from,
            &Dest {
                trash: false,
                name: r.temp.clone(),
            },
        )?;
        steps.step();
    }
    journal::sync_dir(dir).map_err(|e| interrupted(format!("cannot flush the folder: {e}")))
}

fn phase_two(dir: &Path, records: &[&Record], steps: &mut Steps) -> Result<(), RunError> {
    for r in records {
        rename_new(dir, &r.temp, &r.to)?;
        steps.step();
    }
    journal::sync_dir(dir).map_err(|e| interrupted(format!("cannot flush the folder: {e}")))?;
    if records.iter().any(|r| r.to.trash) {
        journal::sync_dir(&dir.join(TRASH_DIR))
            .map_err(|e| interrupted(format!("cannot flush {TRASH_DIR}: {e}")))?;
    }
    Ok(())
}

fn finish(dir: &Path, steps: &mut Steps) -> Result<(), RunError> {
    journal::remove(dir).map_err(|e| interrupted(format!("cannot remove {JOURNAL_FILE}: {e}")))?;
    steps.step();
    Ok(())
}

/// Renames `dir/from` to `to` unless something is already there.
fn rename_new(dir: &Path, from: &OsString, to: &Dest) -> Result<(), RunError> {
    let target = dir.join(to.rel());
    let fail = |why: String| {
        interrupted(format!(
            "cannot rename `{}` to `{}`: {why}",
            shown(from),
            to.display()
        ))
    };
    rename_no_replace(&dir.join(from), &target).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            fail("a file of that name appeared meanwhile; both files are kept".into())
        } else {
            fail(e.to_string())
        }
    })
}

fn interrupted(message: String) -> RunError {
    RunError::FixInterrupted {
        message,
        help: JOURNAL_KEPT.into(),
    }
}

/// Whether anything, even a broken link, has this name.
fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::plan::Move;

    fn write(dir: &Path, name: &str, body: &str) {
        fs::write(dir.join(name), body).unwrap();
    }

    fn read(dir: &Path, name: &str) -> String {
        fs::read_to_string(dir.join(name)).unwrap()
    }

    fn swap_plan() -> Plan {
        let mv = |a: &str, b: &str| Move {
            from: a.into(),
            to: Dest {
                trash: false,
                name: b.into(),
            },
            reason: "renumbered".into(),
        };
        Plan {
            moves: vec![
                mv("01_Photo.jpg", "02_Photo.jpg"),
                mv("02_Photo.jpg", "01_Photo.jpg"),
            ],
            left_alone: Vec::new(),
        }
    }

    #[test]
    fn swaps_through_temporary_names() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "01_Photo.jpg", "a");
        write(dir.path(), "02_Photo.jpg", "b");
        let plan = swap_plan();
        preflight(dir.path(), &plan).unwrap();
        let records = prepare(dir.path(), &plan);
        assert_eq!(
            records[0].temp,
            OsString::from(".dossier-fix-1-01_Photo.jpg")
        );
        let mut steps = Steps::default();
        apply(dir.path(), &records, &mut steps).unwrap();
        assert_eq!(steps.done(), 6);
        assert_eq!(read(dir.path(), "01_Photo.jpg"), "b");
        assert_eq!(read(dir.path(), "02_Photo.jpg"), "a");
        assert!(!dir.path().join(JOURNAL_FILE).exists());
    }

    #[test]
    fn completes_a_swap_that_had_not_started() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "01_Photo.jpg", "a");
        write(dir.path(), "02_Photo.jpg", "b");
        let records = prepare(dir.path(), &swap_plan());
        journal::write(dir.path(), &records).unwrap();
        complete(dir.path(), &mut Steps::default()).unwrap();
        assert_eq!(read(dir.path(), "01_Photo.jpg"), "b");
        assert_eq!(read(dir.path(), "02_Photo.jpg"), "a");
    }

    #[test]
    fn leaves_a_finished_swap_finished() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "01_Photo.jpg", "a");
        write(dir.path(), "02_Photo.jpg", "b");
        let records = prepare(dir.path(), &swap_plan());
        // Moved, but the journal not yet removed.
        fs::rename(dir.path().join("01_Photo.jpg"), dir.path().join("x")).unwrap();
        fs::rename(
            dir.path().join("02_Photo.jpg"),
            dir.path().join("01_Photo.jpg"),
        )
        .unwrap();
        fs::rename(dir.path().join("x"), dir.path().join("02_Photo.jpg")).unwrap();
        journal::write(dir.path(), &records).unwrap();
        let done = complete(dir.path(), &mut Steps::default()).unwrap();
        assert_eq!(done.map(|r| r.len()), Some(2));
        assert_eq!(read(dir.path(), "01_Photo.jpg"), "b");
        assert_eq!(read(dir.path(), "02_Photo.jpg"), "a");
        assert!(!dir.path().join(JOURNAL_FILE).exists());
    }

    #[test]
    fn refuses_to_guess_when_a_file_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "01_Photo.jpg", "a");
        write(dir.path(), "02_Photo.jpg", "b");
        let records = prepare(dir.path(), &swap_plan());
        journal::write(dir.path(), &records).unwrap();
        fs::rename(
            dir.path().join("01_Photo.jpg"),
            dir.path().join(&records[0].temp),
        )
        .unwrap();
        fs::remove_file(dir.path().join("02_Photo.jpg")).unwrap();
        let e = complete(dir.path(), &mut Steps::default()).unwrap_err();
        assert!(matches!(e, RunError::FixJournal(_)), "{e:?}");
        assert!(
            dir.path().join(JOURNAL_FILE).exists(),
            "the journal is kept"
        );
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "1_Photo.jpg", "a");
        let plan = Plan {
            moves: vec![Move {
                from: "1_Photo.jpg".into(),
                to: Dest {
                    trash: false,
                    name: "01_Photo.jpg".into(),
                },
                reason: "renumbered".into(),
            }],
            left_alone: Vec::new(),
        };
        let records = prepare(dir.path(), &plan);
        write(dir.path(), "01_Photo.jpg", "someone else's");
        assert!(matches!(
            preflight(dir.path(), &plan),
            Err(RunError::FixTargetExists { .. })
        ));
        let e = apply(dir.path(), &records, &mut Steps::default()).unwrap_err();
        assert!(matches!(e, RunError::FixInterrupted { .. }), "{e:?}");
        assert_eq!(read(dir.path(), "01_Photo.jpg"), "someone else's");
        assert_eq!(read(dir.path(), &records[0].temp.to_string_lossy()), "a");
    }
}
