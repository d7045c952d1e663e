//! A digitally signed PDF: its signature cannot stay valid inside a merged pack.
//!
//! ## What it does
//! Reports each PDF that holds a digital signature: a signature field of its form with a
//! signature in it (as Adobe Acrobat, DocuSign, pyHanko or a national e-ID sign). The
//! message names the signer when the signature gives a name.
//!
//! ## Why is this bad?
//! It is not wrong: a signed letter or statement is often what the consulate wants. But a
//! signature covers the exact bytes of the file it was made on, so any merged pack,
//! including the one `dossier build` writes, shows the pages without a valid signature.
//! An officer who checks signatures needs the original file.
//!
//! ## How to fix
//! Nothing to fix in the file. If the signature matters (an e-signed employer letter, a
//! bank statement signed by the bank), submit the signed original as well as the pack, or
//! upload it separately where the portal allows.
//!
//! ## Example
//! ```text
//! 05_Employer_Letter.pdf: digitally signed by Jihoon Kim; the signature cannot stay valid inside a merged pack
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names};

/// `file/signed`.
pub struct Signed;

impl Check for Signed {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Document]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (entry, reading) in ctx.readings() {
            if reading.signed.is_empty() || reading.failure.is_some() {
                continue;
            }
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!(
                        "digitally signed by {}; the signature cannot stay valid inside a merged pack",
                        list_names(&reading.signed, 3)
                    ),
                    "if the signature matters, submit this signed original as well as the pack",
                )
                .with("signers", reading.signed.clone()),
            );
        }
    }
}
