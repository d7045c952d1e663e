//! `--format concise`: one line per finding, for grep and editors.

use super::{PackReport, Sink};
use std::io::{self, Write};
use std::path::Path;

/// Writes `pack/file: severity rule: message` lines (`pack: ...` for pack-level findings).
pub struct Concise;

impl Sink for Concise {
    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &pack.findings {
            let place = match &f.file {
                Some(file) => Path::new(&pack.path).join(file).display().to_string(),
                None => pack.path.clone(),
            };
            let page = f.page.map(|p| format!(" (page {p})")).unwrap_or_default();
            writeln!(
                out,
                "{place}{page}: {} {}: {}",
                f.severity, f.rule, f.message
            )?;
        }
        Ok(())
    }
}
