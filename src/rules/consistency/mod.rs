//! `consistency/*`: whether the documents tell the same story as the pack's facts.

pub mod dates;
pub mod identity;
pub mod purpose;
