//! Password-protected PDF.
//!
//! ## What it does
//! Opens every PDF and reports those that need a user password to open. A PDF encrypted
//! with an empty user password (only printing or copying restricted by an owner password)
//! opens the way viewers open it, and is checked like any other.
//!
//! ## Why is this bad?
//! Officers and portals cannot open a document behind a password, and a pack builder
//! cannot merge it. Banks and insurers often send statements and policies this way.
//!
//! ## How to fix
//! Open the file with its password and save or print it to a new PDF without one, or ask
//! the issuer for an unprotected copy.
//!
//! ## Example
//! ```text
//! 08_Medical_Insurance.pdf: AES-256, a user password is required to open it
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::read::Failure;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `file/encrypted`.
pub struct Encrypted;

impl Check for Encrypted {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Document]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (entry, reading) in ctx.readings() {
            if let Some(Failure::Encrypted(how)) = &reading.failure {
                out.push(
                    finding_on(
                        self,
                        &entry.name,
                        format!("`{}` is password-protected ({how})", entry.name),
                        "open it with its password and print or save it to a new PDF without one, or ask the issuer for an unprotected copy",
                    )
                    .with("encryption", how.as_str()),
                );
            }
        }
    }
}
