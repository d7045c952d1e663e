//! `--format json`: the one document of SPEC.md's schema.

use super::{PackReport, RunSummary};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    packs: &'a [PackReport],
    summary: RunSummary,
}

/// The `tool` object of machine-readable output.
fn tool() -> Tool {
    Tool {
        name: "dossier",
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// Writes the whole run as one pretty-printed JSON document.
pub fn render(packs: &[PackReport], out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: 1,
        tool: tool(),
        packs,
        summary: RunSummary::of(packs),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
