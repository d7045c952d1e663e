//! `dossier profiles [--show NAME]`.

use crate::error::RunError;
use crate::pack::profile::{BUILTIN, DEFAULT_PROFILE, Profile};
use std::io::Write;

/// Lists the built-in profiles, or prints one's TOML source.
pub fn run(show: Option<&str>, out: &mut dyn Write) -> Result<(), RunError> {
    let io = |e: std::io::Error| RunError::Write("the profile".into(), e.to_string());
    if let Some(name) = show {
        let Some((_, src)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            return Err(RunError::UnknownProfile(format!(
                "no built-in profile `{name}` (built-in: {})",
                names.join(", ")
            )));
        };
        return out.write_all(src.as_bytes()).map_err(io);
    }
    for (name, src) in BUILTIN {
        let title = Profile::parse(src).map(|p| p.title).unwrap_or_default();
        let default = if *name == DEFAULT_PROFILE {
            " (default)"
        } else {
            ""
        };
        writeln!(out, "{name:12}  {title}{default}").map_err(io)?;
    }
    Ok(())
}
