//! `naming/*`: file names, numbering and order.

pub mod duplicate_number;
pub mod gap;
pub mod order;
pub mod pattern;
pub mod stray_file;
pub mod unknown_kind;
pub mod unsafe_chars;
