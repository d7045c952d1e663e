//! `file/*`: whether each document can be opened and is what it claims to be.

pub mod active_content;
pub mod empty;
pub mod encrypted;
pub mod repaired;
pub mod signed;
pub mod r#type;
pub mod unreadable;
