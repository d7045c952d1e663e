//! `pack/*`: the pack as a whole.

pub mod index_stale;
pub mod manifest;
pub mod missing_document;
pub mod size;
