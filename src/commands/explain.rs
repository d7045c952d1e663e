//! `dossier explain RULE`: the rule's documentation page.

use crate::error::RunError;
use crate::rules::registry;
use std::io::Write;

/// Prints the documentation of one rule.
pub fn run(id: &str, out: &mut dyn Write) -> Result<(), RunError> {
    let Some(rule) = registry::find(id) else {
        super::known_rule_pattern(id)?;
        return Err(RunError::UnknownRule {
            id: id.to_string(),
            help: "this rule is part of the contract but not implemented yet; `dossier rules` lists the implemented ones".into(),
        });
    };
    out.write_all(registry::markdown(rule).as_bytes())
        .map_err(|e| RunError::Write("the documentation".into(), e.to_string()))
}
