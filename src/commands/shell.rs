//! `dossier completions SHELL` and `dossier man`: generated from the clap definition, so
//! they never drift from the real options.

use crate::cli::Cli;
use crate::error::RunError;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<(), RunError> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "dossier", out);
    Ok(())
}

/// Writes the man page, every subcommand included, as roff.
pub fn man(out: &mut dyn Write) -> Result<(), RunError> {
    let cmd = Cli::command();
    let write = |e: std::io::Error| RunError::Write("the man page".into(), e.to_string());
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(write)?;
    // One page, each command's usage and own options under its heading, so `man dossier`
    // answers `dossier check --help` too. The command is taken before clap propagates the
    // global options into it, which the main OPTIONS section already lists.
    for sub in cmd.get_subcommands() {
        let name = format!("dossier {}", sub.get_name());
        writeln!(page, ".SH \"{}\"", name.to_uppercase()).map_err(write)?;
        let sub = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut part = Vec::new();
        sub.render_description_section(&mut part).map_err(write)?;
        sub.render_synopsis_section(&mut part).map_err(write)?;
        sub.render_options_section(&mut part).map_err(write)?;
        // Their headings become sub-headings of the command's section.
        let part = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        page.extend_from_slice(part.as_bytes());
    }
    out.write_all(&page).map_err(write)
}
