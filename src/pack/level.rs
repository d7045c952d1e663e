//! Rule severity settings, ESLint style: `off`, `info`, `warning`, `error`.

use crate::finding::Severity;
use serde::Deserialize;

/// A severity a profile or manifest may give a rule, or `off` to silence it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Report at info.
    Info,
    /// Report at warning (`warn` is accepted too).
    #[serde(alias = "warn")]
    Warning,
    /// Report at error.
    Error,
}

impl Level {
    /// The severity to report at, `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}
