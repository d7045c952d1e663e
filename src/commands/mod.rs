//! One file per command: orchestration only.

mod atomic;
pub mod build;
pub mod check;
pub mod explain;
pub mod fix;
pub mod init;
pub mod profiles;
pub mod rules;
pub mod shell;

use crate::error::RunError;
use crate::rules::registry::{RULES, pattern_is_known};

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
