//! `validity/*`: whether the passport and the documents are still valid at submission.

pub mod document_age;
pub mod passport_expiry;
