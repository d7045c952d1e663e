//! `pack/*`: the pack as a whole.

pub mod manifest;
pub mod missing_document;
