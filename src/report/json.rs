//! `--format json`: the one document of SPEC.md's schema, written pack by pack.

use super::{PackReport, RunSummary, Sink};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The `tool` object of machine-readable output.
fn tool() -> Tool {
    Tool {
        name: "dossier",
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// Writes the run as one pretty-printed JSON document without holding every pack: the
/// bytes are those `serde_json::to_writer_pretty` gives for the whole document.
#[derive(Default)]
pub struct Json {
    packs: usize,
}

/// Writes `value` pretty-printed, each line after the first indented by `indent`; JSON
/// strings hold no raw newline, so splitting at newlines is safe.
pub(super) fn nested(value: &impl Serialize, indent: &str, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            write!(out, "\n{indent}")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

impl Sink for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"version\": 1,\n  \"tool\": ")?;
        nested(&tool(), "  ", out)?;
        write!(out, ",\n  \"packs\": [")
    }

    fn pack(&mut self, pack: &PackReport, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.packs == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.packs += 1;
        nested(pack, "    ", out)
    }

    fn end(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.packs > 0 {
            write!(out, "\n  ")?;
        }
        write!(out, "],\n  \"summary\": ")?;
        nested(summary, "  ", out)?;
        writeln!(out, "\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Severity};

    fn report(path: &str, findings: Vec<Finding>) -> PackReport {
        PackReport::stub(path, findings)
    }

    /// The streamed bytes equal serde_json's pretty printing of the whole document.
    #[test]
    fn streamed_equals_whole() {
        #[derive(Serialize)]
        struct Whole<'a> {
            version: u32,
            tool: Tool,
            packs: &'a [PackReport],
            summary: RunSummary,
        }
        let f = Finding::file("naming/gap", Severity::Error, "05_X.pdf", "gap", "fix").with("n", 4);
        for packs in [
            vec![],
            vec![report("a", vec![])],
            vec![report("a", vec![f.clone()]), report("b\n\"c", vec![f])],
        ] {
            let mut want = serde_json::to_vec_pretty(&Whole {
                version: 1,
                tool: tool(),
                packs: &packs,
                summary: RunSummary::of(&packs),
            })
            .unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            let mut sink = Json::default();
            sink.begin(&mut got).unwrap();
            for p in &packs {
                sink.pack(p, &mut got).unwrap();
            }
            sink.end(&RunSummary::of(&packs), &mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
