//! One file per command: orchestration only.

mod atomic;
pub mod build;
pub mod build_fit;
mod build_split;
pub mod check;
pub mod explain;
pub mod fix;
pub mod fix_photo;
pub mod init;
pub mod inspect;
pub mod profiles;
pub mod rules;
pub mod shell;

use crate::error::RunError;
use crate::rules::registry::{RULES, pattern_is_known};
use std::io::{self, Write};

/// Fails on a rule pattern that names no rule, suggesting the closest id.
pub fn known_rule_pattern(pattern: &str) -> Result<(), RunError> {
    if pattern_is_known(pattern) {
        return Ok(());
    }
    let closest = RULES
        .iter()
        .map(|r| (strsim::jaro_winkler(pattern, r.id()), r.id()))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.8)
        .map(|(_, id)| id);
    let help = match closest {
        Some(id) => format!("did you mean `{id}`? `dossier rules` lists them all"),
        None => "`dossier rules` lists every rule id".to_string(),
    };
    Err(RunError::UnknownRule {
        id: pattern.to_string(),
        help,
    })
}

/// Whether a write failed because the reader closed the pipe (`dossier check | head`).
pub fn closed(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Standard output that remembers whether its reader went away, so a command that stops
/// early for that reason ends quietly instead of reporting a write error.
pub struct Output<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Output<W> {
    /// Wraps a writer.
    pub fn new(inner: W) -> Output<W> {
        Output {
            inner,
            closed: false,
        }
    }

    /// Whether a write found the pipe closed.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            self.closed |= closed(e);
        }
        r
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}
