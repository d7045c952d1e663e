//! What the documents say: facts read from each document's text, and the pack's facts
//! settled from the manifest, the passport's MRZ and the majority of the documents.
//!
//! The finders in `extract` are pure functions on one string; this layer knows about
//! pages, document kinds and the manifest, so that the content rules only compare.

pub mod doc;
pub mod pack;

pub use doc::{DocFacts, Stated};
pub use pack::{PackFacts, Settled, Source};
