//! A required / recommended kind is absent.
//!
//! ## What it does
//! Checks that the pack holds a document of every kind the profile requires (an error when
//! missing) or recommends (a warning). For `kz-b1`: passport, application form, photo and
//! invitation are required; employer letter, proof of funds, travel bookings and
//! insurance are recommended. The invitation is not required when the manifest says
//! `invitation_required = false` (visa-free and e-Visa routes).
//!
//! ## Why is this bad?
//! A pack without a required document is refused or sent back, which costs the
//! appointment and often the travel dates. Recommended documents are what officers ask for
//! when they doubt the purpose or the means of a trip.
//!
//! ## How to fix
//! Add the document under a title the profile knows, numbered in the profile's order. If
//! it is there under another title, rename it (see `naming/unknown-kind`).
//!
//! ## Example
//! ```text
//! no photo  ->  add 04_Photo.jpg
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::profile::{Requirement, Waiver};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta};

/// `pack/missing-document`.
pub struct MissingDocument;

impl Check for MissingDocument {
    const META: Meta =
        Meta::new(rule_id!(), Severity::Error, &[Need::Listing]).label("error / warning");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let profile = &pack.profile;
        for kind in &profile.kinds {
            let severity = match kind.requirement {
                Requirement::Required => Severity::Error,
                Requirement::Recommended => Severity::Warning,
                Requirement::Optional => continue,
            };
            if kind.waived_when == Some(Waiver::NoInvitation) && pack.no_invitation() {
                continue;
            }
            // A document of the kind counts even when broken: other rules say what is wrong with it.
            if pack.documents().any(|e| e.kind() == Some(kind.id.as_str())) {
                continue;
            }
            let word = match kind.requirement {
                Requirement::Required => "requires",
                _ => "recommends",
            };
            let ext = if kind.role() == KindRole::Photo {
                "jpg"
            } else {
                "pdf"
            };
            out.push(
                Finding::pack(
                    Self::META.id,
                    severity,
                    format!("no {} document: {} {word} one", kind.id, profile.name),
                    format!(
                        "add it as `NN_{}.{ext}`, numbered in the profile's order; if it is in the pack under another title, rename it",
                        kind.title
                    ),
                )
                .with("kind", kind.id.as_str())
                .with("requirement", if severity == Severity::Error { "required" } else { "recommended" }),
            );
        }
    }
}
