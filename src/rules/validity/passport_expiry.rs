//! The passport expires less than the profile's margin after departure.
//!
//! ## What it does
//! Takes the passport's expiry from the manifest's `[applicant] passport_expiry`, else
//! from the passport's machine-readable zone (when its expiry check digit holds), else
//! from what most documents state (a form's "date of expiry", an invitation's "passport
//! No. X, valid until D"), and reports it when it falls earlier than the last day of the
//! trip plus the profile's `[limits] passport_validity_months` (kz-b1: 6). The trip's
//! last day is the pack's departure (see `consistency/dates`), else its arrival, else the
//! submission day. A passport already expired at submission is reported too.
//!
//! The finding is on the passport document when the pack has one.
//!
//! ## Why is this bad?
//! Most countries refuse a visa for a passport that expires within a set time after the
//! stay (Kazakhstan: six months). Airlines refuse boarding for the same reason.
//!
//! ## How to fix
//! Renew the passport before applying, then update every document that quotes its
//! number and expiry.
//!
//! ## Example
//! ```text
//! 01_Passport_Bio_Page.jpg: the passport expires 2027-03-20, 62 days after departure 2027-01-17; kz-b1 needs 6 months
//! ```

use crate::content::pack::Source;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, days};
use jiff::ToSpan;

/// `validity/passport-expiry`.
pub struct PassportExpiry;

impl Check for PassportExpiry {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let facts = ctx.facts();
        let Some(expiry) = &facts.expiry else {
            return;
        };
        let months = pack.profile.limits.passport_validity_months.unwrap_or(0);
        let (end, end_name) = match (&facts.departure, &facts.arrival) {
            (Some(d), _) => (d.value, "departure"),
            (None, Some(a)) => (a.value, "arrival"),
            (None, None) => (pack.submission, "submission"),
        };
        let Ok(needed) = end.checked_add(i64::from(months).months()) else {
            return;
        };
        let expired = expiry.value < pack.submission;
        if expiry.value >= needed && !expired {
            return;
        }
        let gap = days(end, expiry.value);
        let message = if expired {
            format!(
                "the passport expired on {}, before submission {}",
                expiry.value, pack.submission
            )
        } else {
            let relation = if gap >= 0 {
                format!("{gap} days after {end_name} {end}")
            } else {
                format!("{} days before {end_name} {end}", -gap)
            };
            format!(
                "the passport expires {}, {relation}; {} needs {months} months",
                expiry.value, pack.profile.name
            )
        };
        let help = format!(
            "renew the passport (it must be valid until {needed} at least; source: {})",
            expiry.source.describe()
        );
        let passport = pack
            .documents()
            .find(|e| e.is(KindRole::Passport))
            .map(|e| e.name.clone());
        let f = match passport {
            Some(file) => Finding::file(Self::META.id, Self::META.severity, &file, message, help),
            None => Finding::pack(Self::META.id, Self::META.severity, message, help),
        };
        let f = f
            .with("expiry", expiry.value.to_string())
            .with("needed", needed.to_string())
            .with("days_after_trip", gap)
            .with("months", months);
        // Say where the expiry was read when dossier read it from a passport's pixels.
        let from_pixels = match &expiry.source {
            Source::Mrz(file) => facts
                .docs
                .iter()
                .any(|d| &d.file == file && d.mrz_from_pixels),
            _ => false,
        };
        out.push(if from_pixels {
            f.with("source", "mrz-pixels")
        } else {
            f
        });
    }
}
