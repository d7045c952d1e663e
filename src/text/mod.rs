//! Words: lines, sentences, tokens, bounded windows and organisation names, written once
//! for every extractor.
//!
//! Everything here works on one page's text as `&str` with byte ranges into it, always
//! on char boundaries.

pub mod lines;
pub mod organisation;
pub mod sentences;
pub mod tokens;
pub mod window;
