//! The `dossier` binary: parse arguments, run, map the outcome to an exit code.

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    let color = dossier::use_color(cli.global.color, std::io::stderr().is_terminal());
    match dossier::run(cli) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            let theme = if color {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let mut text = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
            if handler.render_report(&mut text, &e).is_err() {
                text = format!("error: {e}\n");
            }
            eprint!("{text}");
            ExitCode::from(dossier::EXIT_FAILURE)
        }
    }
}
