//! `--format gitlab` (being written).

use super::{PackReport, Sink};
use std::io::{self, Write};

/// Placeholder until the format lands.
pub struct Gitlab;

impl Sink for Gitlab {
    fn pack(&mut self, _pack: &PackReport, _out: &mut dyn Write) -> io::Result<()> {
        Err(io::Error::other("format not written yet"))
    }
}
