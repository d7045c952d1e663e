//! `dossier fix` (being written).

use crate::cli::{FixArgs, GlobalArgs};
use crate::error::RunError;
use std::io::Write;

/// Runs `fix`; returns whether problems remain that it could not repair.
pub fn run(_global: &GlobalArgs, _args: &FixArgs, _out: &mut dyn Write) -> Result<bool, RunError> {
    Err(RunError::Write("fix".into(), "not written yet".into()))
}
