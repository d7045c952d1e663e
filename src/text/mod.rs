//! Words: lines, sentences, tokens, bounded windows and organisation names, written once
//! for every extractor.
//!
//! Everything here works on one page's text as `&str` with byte ranges into it, always
//! on char boundaries. Where the text came from (a PDF's text layer or OCR) is recorded
//! beside it as a [`Source`], never looked at by the extractors.

pub use crate::read::text::Source;

pub mod lines;
pub mod organisation;
pub mod sentences;
pub mod tokens;
pub mod visible;
pub mod window;
