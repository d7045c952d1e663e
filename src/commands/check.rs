//! `dossier check`: settle the options, load and check packs in parallel, render, exit code.

use crate::batch::{self, progress::Progress, statistics::Statistics};
use crate::cli::{CheckArgs, GlobalArgs};
use crate::engine::{self, Selection};
use crate::error::{BadProfile, RunError};
use crate::pack::profile::Profile;
use crate::pack::sniff::FileType;
use crate::pack::{LoadOptions, profile, scan};
use crate::report::{self, RunSummary, Style};
use crate::rules::file::unreadable;
use miette::NamedSource;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A pack to check: its folder and the name to show for it.
pub(super) struct Target {
    pub(super) dir: PathBuf,
    pub(super) display: String,
}

/// The rule selection and load options every command that checks uses.
pub fn settle(
    global: &GlobalArgs,
    recursive: bool,
    fast: bool,
) -> Result<(Selection, LoadOptions), RunError> {
    for p in global.select.iter().chain(&global.ignore) {
        super::known_rule_pattern(p)?;
    }
    let selection = Selection {
        select: global.select.clone(),
        ignore: global.ignore.clone(),
        fast,
        pictures: false,
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
    let (mut selection, opts) = settle(global, args.recursive, args.fast)?;
    // Only the HTML report shows pages; the scans' pictures are kept as they are read.
    let html = global.format == report::Format::Html || args.split_html.is_some();
    selection.pictures = html;
    let mut targets = if args.changed {
        let packs = batch::changed::packs_of(&args.paths);
        targets(&packs, false)?
    } else {
        targets(&args.paths, args.recursive)?
    };
    if let Some(shard) = args.shard {
        targets = batch::shard(targets, shard.index, shard.count);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(match global.jobs {
            Some(0) => return Err(RunError::Jobs("--jobs must be at least 1".into())),
            Some(n) => n,
            None => 0,
        })
        .build()
        .map_err(|e| RunError::Jobs(format!("cannot start the worker threads: {e}")))?;
    let style = Style {
        color: color && args.output.is_none(),
        quiet: global.quiet,
    };
    if let Some(dir) = &args.split_html
        && dir.is_file()
    {
        return Err(RunError::ReportTarget(
            dir.display().to_string(),
            "it is a file; --split-html writes a folder".into(),
        ));
    }
    let mut file = args.output.as_deref().map(ReportFile::create).transpose()?;
    let out: &mut dyn Write = match &mut file {
        Some(f) => &mut f.writer,
        None => out,
    };
    let mut counted = crate::build::Counted {
        inner: out,
        bytes: 0,
    };
    let out: &mut dyn Write = &mut counted;
    let mut sink = match &args.split_html {
        Some(dir) => report::html_split_sink(dir.clone()),
        None => report::sink(global.format, style),
    };
    let pictures = html;
    let mut progress = Progress::new(
        targets.len(),
        !global.quiet && std::io::stderr().is_terminal(),
    );
    let mut statistics = args.statistics.then(Statistics::default);
    let mut summary = RunSummary::default();
    let written = sink.begin(out).and_then(|_| {
        batch::stream(
            &pool,
            targets.len(),
            |i| {
                let mut report =
                    engine::check_dir(&targets[i].dir, &targets[i].display, &opts, &selection);
                if pictures {
                    let drawn = pictures_of(&targets[i].dir, &report);
                    report.pictures = drawn;
                }
                report
            },
            |i, why| engine::unchecked(&targets[i].display, &opts, unreadable::crashed(&why)),
            |_, report, took| {
                sink.pack(&report, out)?;
                summary.add(&report);
                progress.done(&report.path, took);
                if let Some(s) = &mut statistics {
                    s.add(&report.findings);
                }
                Ok(())
            },
        )
    });
    let written = written
        .and_then(|_| sink.end(&summary, out))
        .and_then(|_| out.flush());
    let closing = progress.finish(&summary);
    // A reader that has seen enough (`| head`) closes the pipe: like every Unix tool, end
    // quietly, with the exit code of the packs reported so far.
    if let Err(e) = &written
        && args.output.is_none()
        && super::closed(e)
    {
        let failed = summary.errors > 0 || (global.strict && summary.warnings > 0);
        return Ok(failed && !args.exit_zero);
    }
    written.map_err(|e| RunError::Write(report_name(args), e.to_string()))?;
    if html && args.split_html.is_none() && counted.bytes > LARGE_HTML && !global.quiet {
        eprintln!(
            "warning: the report is {} MB; a browser opens a file that large slowly: `--split-html DIR` writes a page per pack",
            counted.bytes / 1_000_000
        );
    }
    if let Some(f) = file {
        f.persist()?;
    }
    if let Some(s) = statistics {
        eprint!("{}", s.table());
    }
    if let Some(line) = closing.filter(|_| !global.quiet) {
        eprintln!("{line}");
    }
    let failed = summary.errors > 0 || (global.strict && summary.warnings > 0);
    Ok(failed && !args.exit_zero)
}

/// An HTML report past this many bytes is better split (`--split-html`).
const LARGE_HTML: u64 = 50_000_000;

fn report_name(args: &CheckArgs) -> String {
    match &args.output {
        Some(p) => format!("`{}`", p.display()),
        None => "the report".into(),
    }
}

/// `-o FILE`: the report goes to a file with no name yet beside FILE and replaces it only
/// once complete, so a reader never sees half a report and a failed run leaves the old one.
struct ReportFile {
    path: PathBuf,
    writer: std::io::BufWriter<super::atomic::Staged>,
}

impl ReportFile {
    fn create(path: &Path) -> Result<ReportFile, RunError> {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(RunError::ReportTarget(shown, "it is a folder".into()));
        }
        // A report may replace an old report (text), never a document someone would miss.
        if let Ok(mut f) = crate::pack::open::open_document(path) {
            let mut head = [0u8; 64];
            let n = std::io::Read::read(&mut f, &mut head).unwrap_or(0);
            let kind = crate::pack::sniff::sniff(&head[..n]);
            if n > 0 && !matches!(kind, FileType::Text | FileType::Unknown) {
                return Err(RunError::ReportTarget(
                    shown,
                    format!("it exists and is a {}", kind.label()),
                ));
            }
        }
        let temp = super::atomic::temp_beside(path, ".dossier-report-")
            .map_err(|e| RunError::Write(format!("`{shown}`"), e.to_string()))?;
        Ok(ReportFile {
            path: path.to_path_buf(),
            writer: std::io::BufWriter::with_capacity(1 << 16, temp),
        })
    }

    fn persist(self) -> Result<(), RunError> {
        let shown = format!("`{}`", self.path.display());
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| RunError::Write(shown.clone(), e.error().to_string()))?;
        super::atomic::commit(temp, &self.path, true)
            .map_err(|e| RunError::Write(shown, e.to_string()))
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

/// Writes the HTML report of one pack, with the pictures of the pack in `dir`, to `path`
/// (atomically, never over a document).
pub(super) fn write_html(
    path: &Path,
    report: &report::PackReport,
    dir: &Path,
) -> Result<(), RunError> {
    let mut report = report.clone();
    let drawn = pictures_of(dir, &report);
    report.pictures = drawn;
    let mut file = ReportFile::create(path)?;
    let style = Style {
        color: false,
        quiet: true,
    };
    report::render(
        report::Format::Html,
        std::slice::from_ref(&report),
        style,
        &mut file.writer,
    )
    .map_err(|e| RunError::Write(format!("`{}`", path.display()), e.to_string()))?;
    file.persist()
}

/// Pictures of the pages of every document of the pack in `dir`, for the HTML report:
/// those the read layer kept, and the other pages drawn.
fn pictures_of(
    dir: &std::path::Path,
    report: &report::PackReport,
) -> std::collections::BTreeMap<String, Vec<report::PagePicture>> {
    use rayon::prelude::*;
    report
        .documents
        .par_iter()
        .map(|d| {
            let path = dir.join(&d.file);
            let mut head = [0u8; 64];
            let n = std::fs::File::open(&path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            let kind = crate::pack::sniff::sniff(&head[..n]);
            let mut pictures = report.pictures.get(&d.file).cloned().unwrap_or_default();
            let kept: Vec<u32> = pictures.iter().map(|p| p.page).collect();
            pictures.extend(
                crate::read::thumbnail::thumbnails(&path, kind, d.pages, &kept)
                    .into_iter()
                    .map(|t| report::PagePicture {
                        page: t.page,
                        jpeg: t.jpeg,
                        size: t.size,
                    }),
            );
            pictures.sort_by_key(|p| p.page);
            (d.file.clone(), pictures)
        })
        .collect()
}
