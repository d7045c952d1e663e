//! The command line (clap derive only; no logic here).

use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Lint a visa document pack, and assemble it into one indexed PDF.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, propagate_version = true)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Profile: a built-in name (`dossier profiles`) or a TOML file; wins over the manifest's.
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub profile: Option<String>,
    /// Packs checked at once (default: one per CPU core).
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub jobs: Option<usize>,
    /// Colour in the human format (`NO_COLOR` turns `auto` off).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print findings only: no summary line.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Run only these rules (ids, groups such as `naming`, or `group/*`), comma-separated.
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Never run these rules, comma-separated.
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long, global = true)]
    pub strict: bool,
    /// The date that stands for today when a pack states no `submission` (YYYY-MM-DD).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Never run OCR on scanned pages (Tesseract); their words stay unchecked.
    #[arg(long, global = true)]
    pub no_ocr: bool,
    /// Where OCR results are kept between runs (default: ~/.cache/dossier/ocr).
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Keep no OCR results between runs.
    #[arg(long, global = true)]
    pub no_cache: bool,
}

fn parse_today(s: &str) -> Result<jiff::civil::Date, String> {
    crate::pack::day::parse_day(s)
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint one or many packs.
    Check(CheckArgs),
    /// Check, then assemble the pack into one indexed, bookmarked PDF.
    Build(BuildArgs),
    /// Show what dossier reads in each file: pages, dpi, text and its source, MRZ, facts.
    Inspect {
        /// The documents (files inside a pack folder).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List every rule: id, default severity, summary.
    Rules,
    /// Print a rule's documentation: why it matters, how to fix, an example.
    Explain {
        /// Rule id, e.g. `naming/gap`.
        rule: String,
    },
    /// List the built-in profiles, or print one.
    Profiles {
        /// Print this profile's TOML (redirect it to a file to write your own).
        #[arg(long, value_name = "NAME")]
        show: Option<String>,
    },
    /// Write a commented `dossier.toml` manifest into a pack folder.
    Init {
        /// The pack folder.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Safe repairs: renumber into the profile's order, rename unsafe characters, move OS junk out.
    Fix(FixArgs),
    /// Print a shell completion script (e.g. `dossier completions bash > /etc/bash_completion.d/dossier`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `dossier man > /usr/local/share/man/man1/dossier.1`.
    Man,
}

/// `dossier fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// The pack folder.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the plan; change nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Instead of names: make the portal's photo from the pack's photo (cropped around the
    /// face, resized, under the size limit); the original goes to the trash.
    #[arg(long)]
    pub photo: bool,
}

/// `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Pack folders (with --recursive: folders whose sub-folders are packs).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Check every folder below each PATH that holds documents as a pack of its own.
    #[arg(long, short = 'r')]
    pub recursive: bool,
    /// The PATHs are changed files (a pre-commit hook's list): check the packs that hold them.
    #[arg(long, conflicts_with = "recursive")]
    pub changed: bool,
    /// Only the checks that need no decoding: naming, file types, manifest, missing documents.
    #[arg(long)]
    pub fast: bool,
    /// After the report, count the findings per rule, most frequent first (on stderr).
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when errors are found (the tool failing to run is still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Write the report to FILE (atomically: a temporary file, then a rename) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the HTML report as a folder: DIR/index.html with the table of packs and a
    /// page per pack, for batches too large for one file.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub split_html: Option<PathBuf>,
    /// Check only the K-th of N deterministic slices of the packs (1-based), for fanning out.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
}

/// One slice of a batch: the `index`-th (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: usize,
    /// How many slices.
    pub count: usize,
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| format!("`{s}` is not K/N, e.g. 2/8"))?;
    let num = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("`{s}` is not K/N with whole numbers, e.g. 2/8"))
    };
    let (index, count) = (num(k)?, num(n)?);
    if count == 0 || index == 0 || index > count {
        return Err(format!(
            "`{s}`: K must be between 1 and N, and N at least 1"
        ));
    }
    Ok(Shard { index, count })
}

/// `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The pack folder.
    pub path: PathBuf,
    /// The PDF to write (a folder, when the profile's `[upload] mode` is `per-document`).
    #[arg(
        long,
        short = 'o',
        value_name = "OUT.pdf",
        required_unless_present = "split"
    )]
    pub output: Option<PathBuf>,
    /// Write one PDF per document into DIR instead, named by the profile's `[upload]`
    /// rules (default: the pack's own names), each measured against its size limit.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub split: Option<PathBuf>,
    /// Fit each file written under KB kilobytes (default: the profile's limits): a
    /// lossless rewrite first, then its scans re-encoded, never below the profile's
    /// recommended scan DPI.
    #[arg(long, value_name = "KB", conflicts_with = "no_fit")]
    pub max_file_kb: Option<f64>,
    /// Write every document as it is, even when a file is over the portal's limit
    /// (`pack/size` says so).
    #[arg(long)]
    pub no_fit: bool,
    /// Build even when the check finds errors.
    #[arg(long)]
    pub force: bool,
    /// Skip the checks (after a `dossier check` of the same pack): assemble at once, the
    /// index taking the applicant and trip from the manifest only.
    #[arg(long, conflicts_with = "force")]
    pub no_check: bool,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub overwrite: bool,
    /// Write a footer on every page: applicant, document, `page X of Y`.
    #[arg(long)]
    pub stamp: bool,
    /// Also write the HTML report (every page, every finding marked) beside the output:
    /// `pack.pdf` gives `pack.html`, `--split DIR` gives `DIR.html`.
    #[arg(long)]
    pub html: bool,
    /// Paper of the index pages, and of images whose physical size is unknown (default:
    /// the profile's `[upload] page_size`, else A4).
    #[arg(long, value_enum)]
    pub page_size: Option<crate::build::Paper>,
}
