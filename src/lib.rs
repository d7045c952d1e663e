//! dossier: lint a visa document pack, and assemble it into one indexed PDF.

pub mod batch;
pub mod build;
pub mod cli;
pub mod commands;
pub mod content;
pub mod engine;
pub mod error;
pub mod extract;
pub mod finding;
pub mod fix;
pub mod measure;
pub mod pack;
pub mod read;
pub mod report;
pub mod rules;
pub mod text;

use cli::{Cli, ColorChoice, Command};
use std::io::{IsTerminal, Write};

/// Exit status when no error was found.
pub const EXIT_OK: u8 = 0;
/// Exit status when the packs have errors (or warnings with `--strict`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status when the tool could not run.
pub const EXIT_FAILURE: u8 = 2;

/// Whether to colour output, from `--color` and `NO_COLOR` (see no-color.org).
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Runs a parsed command line; returns the exit status or the reason it could not run.
pub fn run(cli: Cli) -> Result<u8, error::RunError> {
    let stdout = std::io::stdout();
    let color = use_color(cli.global.color, stdout.is_terminal());
    let mut out = commands::Output::new(std::io::BufWriter::new(stdout.lock()));
    let status = run_command(&cli, color, &mut out);
    let flushed = out.flush();
    // A closed pipe (`dossier check | head -1`) is the reader's choice, not a failure:
    // end quietly with the status the command reached.
    if out.is_closed() {
        return match status {
            Err(error::RunError::Write(..)) => Ok(EXIT_OK),
            other => other,
        };
    }
    flushed.map_err(|e| error::RunError::Write("standard output".into(), e.to_string()))?;
    status
}

fn run_command(cli: &Cli, color: bool, out: &mut dyn Write) -> Result<u8, error::RunError> {
    read::ocr::configure(read::ocr::Settings {
        off: cli.global.no_ocr,
        cache: if cli.global.no_cache {
            None
        } else {
            cli.global
                .cache_dir
                .clone()
                .or_else(read::ocr::default_cache_dir)
        },
    });
    let status = match &cli.command {
        Command::Check(args) => {
            let failed = commands::check::run(&cli.global, args, color, out)?;
            if failed { EXIT_FINDINGS } else { EXIT_OK }
        }
        Command::Build(args) => {
            let failed = commands::build::run(&cli.global, args, color, out)?;
            if failed { EXIT_FINDINGS } else { EXIT_OK }
        }
        Command::Inspect { files } => {
            let (_, opts) = commands::check::settle(&cli.global, false, false)?;
            commands::inspect::run(files, cli.global.format, &opts, out).map(|_| EXIT_OK)?
        }
        Command::Rules => commands::rules::run(cli.global.format, out).map(|_| EXIT_OK)?,
        Command::Explain { rule } => commands::explain::run(rule, out).map(|_| EXIT_OK)?,
        Command::Profiles { show } => {
            commands::profiles::run(show.as_deref(), out).map(|_| EXIT_OK)?
        }
        Command::Init { path } => {
            let written = commands::init::run(path)?;
            if !cli.global.quiet {
                eprintln!("wrote {written}: fill in what you know, then run `dossier check`");
            }
            EXIT_OK
        }
        Command::Fix(args) => {
            let failed = commands::fix::run(&cli.global, args, out)?;
            if failed { EXIT_FINDINGS } else { EXIT_OK }
        }
        Command::Completions { shell } => {
            commands::shell::completions(*shell, out).map(|_| EXIT_OK)?
        }
        Command::Man => commands::shell::man(out).map(|_| EXIT_OK)?,
    };
    Ok(status)
}
