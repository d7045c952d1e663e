//! Facts from words: dates, passport numbers and names, the inviting organisation,
//! the purposes of travel, the machine-readable zone.
//!
//! Every finder takes one page's text as `&str` and returns values with byte spans into
//! it, so a caller can quote the words; none knows whether the text came from a PDF's
//! text layer or from OCR, nor which document or page it read.

pub mod dates;
pub mod identity;
pub mod mrz;
pub mod mrz_cells;
pub mod purpose;
