//! `category/*`: whether the documents describe the visa category applied for.

pub mod employment;
