//! `dossier fix --photo`: the portal's photo written in place of the pack's, the original
//! kept in the trash, both moves under fix's journal so an interrupted run loses nothing.

use crate::error::RunError;
use crate::fix::apply::{self, Steps};
use crate::fix::photo::{self, Made, Refusal, Target};
use crate::fix::plan::{Move, Plan, free_trash_name};
use crate::fix::{Dest, TEMP_PREFIX, shown};
use crate::pack::Pack;
use crate::pack::role::KindRole;
use crate::pack::sniff::FileType;
use serde::Serialize;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::Path;

/// What the run tells, in either format.
#[derive(Debug, Serialize)]
struct Outcome<'a> {
    pack: &'a str,
    profile: &'a str,
    dry_run: bool,
    /// The portal's photo in a few words.
    target: String,
    /// The pack's photo, when it has one.
    source: Option<String>,
    /// Whether the photo already is the portal's, and is left as it is.
    fits: bool,
    /// The file written (or, in a dry run, that would be).
    written: Option<String>,
    /// Where the original goes.
    original_kept: Option<String>,
    made: Option<Summary>,
    refused: Option<Refused>,
}

#[derive(Debug, Serialize)]
struct Summary {
    source_px: (u32, u32),
    orientation: u16,
    crop: [u32; 4],
    around_head: bool,
    px: (u32, u32),
    bytes: usize,
    quality: u8,
    head_ratio: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Refused {
    reason: String,
    help: String,
}

/// Makes the portal's photo of `pack` (in `dir`), prints what it did, and returns whether
/// it had to refuse (exit 1). `trash` holds the names already in the trash.
pub fn run(
    dir: &Path,
    pack: &Pack,
    trash: &BTreeSet<OsString>,
    dry_run: bool,
    as_json: bool,
    steps: &mut Steps,
    out: &mut dyn Write,
) -> Result<bool, RunError> {
    let target = Target::of(&pack.profile);
    let mut outcome = Outcome {
        pack: &pack.display,
        profile: &pack.profile.name,
        dry_run,
        target: target.describe(),
        source: None,
        fits: false,
        written: None,
        original_kept: None,
        made: None,
        refused: None,
    };
    let result = source(pack).and_then(|(name, kind)| {
        outcome.source = Some(shown(name));
        let bytes = crate::read::image_file::read_capped(
            &dir.join(name),
            crate::read::limits::MAX_FILE_BYTES,
        )
        .map_err(|e| Refusal {
            reason: format!("the photo cannot be read: {e}"),
            help: "check the file's permissions".into(),
        })?;
        photo::make(&bytes, kind, &target).map(|m| (name, m))
    });
    let (name, made) = match result {
        Ok((_, None)) => {
            outcome.fits = true;
            print(&outcome, as_json, out)?;
            return Ok(false);
        }
        Ok((name, Some(made))) => (name, made),
        Err(r) => {
            outcome.refused = Some(Refused {
                reason: r.reason,
                help: r.help,
            });
            print(&outcome, as_json, out)?;
            return Ok(true);
        }
    };
    let final_name = jpeg_name(name);
    let plan = Plan {
        moves: vec![
            Move {
                from: name.to_os_string(),
                to: Dest {
                    trash: true,
                    name: free_trash_name(name, trash),
                },
                reason: "the original photo, kept".into(),
            },
            Move {
                from: free_temp(dir, &final_name),
                to: Dest {
                    trash: false,
                    name: final_name.clone(),
                },
                reason: "the portal's photo".into(),
            },
        ],
        left_alone: Vec::new(),
    };
    apply::preflight(dir, &plan)?;
    outcome.written = Some(shown(&final_name));
    outcome.original_kept = Some(plan.moves[0].to.display());
    outcome.made = Some(summary(&made));
    if !dry_run {
        write_new(&dir.join(&plan.moves[1].from), &made.jpeg)?;
        let records = apply::prepare(dir, &plan);
        apply::apply(dir, &records, steps)?;
    }
    print(&outcome, as_json, out)?;
    Ok(false)
}

/// The pack's photo file: the first document whose role is the photo.
fn source(pack: &Pack) -> Result<(&OsStr, FileType), Refusal> {
    let entry = pack
        .entries
        .iter()
        .find(|e| e.doc().and_then(|d| d.role) == Some(KindRole::Photo))
        .ok_or_else(|| Refusal {
            reason: "the pack has no photo".into(),
            help: "add the photo as a file titled Photo (e.g. `03_Photo.jpg`), then run again"
                .into(),
        })?;
    match entry.doc().and_then(|d| d.sniffed) {
        Some(kind @ (FileType::Jpeg | FileType::Png | FileType::Tiff)) => {
            let name = entry
                .path
                .file_name()
                .unwrap_or_else(|| OsStr::new(&entry.name));
            Ok((name, kind))
        }
        other => Err(Refusal {
            reason: format!(
                "`{}` is {}, not a JPEG, PNG or TIFF photo",
                entry.name,
                other.map_or("not readable".to_string(), |k| format!("a {k:?} file"))
            ),
            help: "export the photo as a JPEG from the camera or phone and put it in its place"
                .into(),
        }),
    }
}

/// The photo's name with a JPEG extension: its own when it has one.
fn jpeg_name(name: &OsStr) -> OsString {
    let path = Path::new(name);
    let is_jpeg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"));
    if is_jpeg {
        return name.to_os_string();
    }
    path.with_extension("jpg").into_os_string()
}

/// A name for the new photo until it is moved into place: one of fix's temporary names,
/// so a run that dies before its journal leaves a file fix recognises, never a document.
fn free_temp(dir: &Path, final_name: &OsStr) -> OsString {
    (1..)
        .map(|k| OsString::from(format!("{TEMP_PREFIX}photo-{k}-{}", shown(final_name))))
        .find(|n| dir.join(n).symlink_metadata().is_err())
        .unwrap_or_default()
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let failed = |e: std::io::Error| RunError::FixInterrupted {
        message: format!("cannot write {}: {e}", path.display()),
        help: "nothing was changed; check the folder's permissions and free space".into(),
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    file.sync_all().map_err(failed)
}

fn summary(m: &Made) -> Summary {
    Summary {
        source_px: m.source_px,
        orientation: m.orientation,
        crop: [m.crop.x, m.crop.y, m.crop.w, m.crop.h],
        around_head: m.crop.around_head,
        px: m.px,
        bytes: m.jpeg.len(),
        quality: m.quality,
        head_ratio: m.head_ratio.map(|r| (r * 1000.0).round() / 1000.0),
    }
}

fn print(o: &Outcome, as_json: bool, out: &mut dyn Write) -> Result<(), RunError> {
    let written = if as_json {
        serde_json::to_writer_pretty(&mut *out, o)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        human(o, out)
    };
    written
        .and_then(|_| out.flush())
        .map_err(|e| RunError::Write("the photo plan".into(), e.to_string()))
}

fn human(o: &Outcome, out: &mut dyn Write) -> std::io::Result<()> {
    let dry = if o.dry_run { ", dry run" } else { "" };
    writeln!(
        out,
        "{}: the portal's photo (profile {}: {}{dry})",
        o.pack, o.profile, o.target
    )?;
    if let Some(r) = &o.refused {
        let from = o
            .source
            .as_deref()
            .map(|s| format!("{s}: "))
            .unwrap_or_default();
        writeln!(out, "  {from}left alone: {}", r.reason)?;
        return writeln!(out, "  help: {}", r.help);
    }
    if o.fits {
        let source = o.source.as_deref().unwrap_or("the photo");
        return writeln!(out, "  {source}: already fits; left as it is");
    }
    let (Some(m), Some(source), Some(written), Some(kept)) =
        (&o.made, &o.source, &o.written, &o.original_kept)
    else {
        return Ok(());
    };
    let turned = if m.orientation > 1 {
        format!(", turned upright (EXIF orientation {})", m.orientation)
    } else {
        String::new()
    };
    let (sw, sh) = m.source_px;
    writeln!(out, "  {source}: {sw} x {sh} px{turned}")?;
    let head = m
        .head_ratio
        .map(|r| format!(", head {} % of the height", (r * 100.0).round()))
        .unwrap_or_default();
    let (w, h) = m.px;
    let verb = if o.dry_run { "would write" } else { "wrote" };
    writeln!(
        out,
        "  {verb} {written}: {w} x {h} px, {} kB at JPEG quality {}{head}",
        (m.bytes as f64 / 1000.0).round(),
        m.quality
    )?;
    let [x, y, cw, ch] = m.crop;
    let how = if m.around_head {
        "around the head"
    } else {
        "centred on the face"
    };
    writeln!(out, "    cropped {cw} x {ch} px at ({x}, {y}), {how}")?;
    let keeps = if o.dry_run { "would keep" } else { "kept" };
    writeln!(out, "  {keeps} the original as {kept}")
}
