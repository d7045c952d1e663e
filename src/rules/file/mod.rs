//! `file/*`: whether each document can be opened and is what it claims to be.

pub mod empty;
pub mod r#type;
pub mod unreadable;
