//! `--format jsonl`: one finding per line, each with its pack, for streaming and `jq -c`.

use super::{PackReport, Sink};
use crate::finding::Finding;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Line<'a> {
    pack: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// Writes one compact JSON object per finding.
pub struct Jsonl;

impl Sink for Jsonl {
    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        for finding in &pack.findings {
            serde_json::to_writer(
                &mut *out,
                &Line {
                    pack: &pack.path,
                    finding,
                },
            )?;
            writeln!(out)?;
        }
        Ok(())
    }
}
