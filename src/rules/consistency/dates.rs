//! A document states travel dates that differ from the pack's.
//!
//! ## What it does
//! Reads the arrival and departure each document states (a form's intended dates of
//! arrival and departure, "from X to Y" in letters, `с X по Y` in Russian invitations, an
//! itinerary's arrival and return) and compares them with the pack's trip: the manifest's
//! `[trip] arrival` and `departure`, else what most documents state (ties go to the
//! invitation, then the form). Each date that differs is a finding that names the
//! document, both dates, and quotes the page it came from.
//!
//! Two periods must contain the trip rather than equal it: an insurance certificate's
//! cover ("period of cover from X to Y"), and an invitation's own validity, when it states
//! one. Cover that starts earlier or ends later than the trip is fine.
//!
//! Documents without a text layer (see `scan/no-text`) are not read. Numeric dates read
//! day first (`12/05/2026` is 12 May) unless the manifest or profile says
//! `date_order = "mdy"`.
//!
//! ## Why is this bad?
//! The officer compares the dates across the pack. A return flight a day earlier than the
//! invitation, or an employer letter with other dates, reads as a careless or altered
//! pack, and the visa is issued, if at all, for the dates the invitation states.
//!
//! ## How to fix
//! Correct the document that disagrees (or ask its issuer to). When the trip really
//! changed, change every document, and the manifest's `[trip]` dates.
//!
//! ## Example
//! ```text
//! 08_Itinerary.pdf: departure 2027-01-22 instead of 2027-01-23 (1 day earlier)
//! 09_Insurance.pdf: insurance cover ends 2027-01-20, before departure 2027-01-23
//! ```

use crate::content::{PackFacts, Settled, Stated};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::role::KindRole;
use crate::rule_id;
use crate::rules::{Check, Meta, days, finding_on, quoted};
use jiff::civil::Date;

/// `consistency/dates`.
pub struct Dates;

impl Check for Dates {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let facts = ctx.facts();
        for doc in &facts.docs {
            let pairs = [
                ("arrival", &doc.arrival, &facts.arrival),
                ("departure", &doc.departure, &facts.departure),
            ];
            for (what, stated, settled) in pairs {
                if let (Some(s), Some(p)) = (stated, settled)
                    && s.value != p.value
                {
                    out.push(self.differs(ctx, &doc.file, what, s, p));
                }
            }
            if let Some(cover) = &doc.cover {
                self.contains(ctx, facts, &doc.file, doc.role, cover, out);
            }
        }
    }
}

impl Dates {
    fn differs(
        &self,
        ctx: &Context,
        file: &str,
        what: &str,
        stated: &Stated<Date>,
        pack_value: &Settled<Date>,
    ) -> Finding {
        let (found, expected) = (stated.value, pack_value.value);
        let shift = days(expected, found);
        let direction = if shift < 0 { "earlier" } else { "later" };
        let n = shift.abs();
        let f = finding_on(
            self,
            file,
            format!(
                "{what} {found} instead of {expected} ({n} day{} {direction})",
                if n == 1 { "" } else { "s" }
            ),
            format!(
                "{what} is {expected} by {}: correct this document, or every other one if the trip changed",
                pack_value.source.describe()
            ),
        )
        .with("fact", what)
        .with("found", found.to_string())
        .with("expected", expected.to_string())
        .with("days", shift);
        quoted(f, ctx, file, stated, format!("{what} {found}"))
    }

    /// A cover or validity period must hold the whole trip.
    fn contains(
        &self,
        ctx: &Context,
        facts: &PackFacts,
        file: &str,
        role: Option<KindRole>,
        (from, to): &(Stated<Date>, Stated<Date>),
        out: &mut Vec<Finding>,
    ) {
        let period = match role {
            Some(KindRole::Insurance) => "insurance cover",
            Some(KindRole::Invitation) => "invitation validity",
            _ => return,
        };
        let checks = [
            (from, facts.arrival.as_ref(), "starts", "after arrival"),
            (to, facts.departure.as_ref(), "ends", "before departure"),
        ];
        for (edge, trip_day, verb, relation) in checks {
            let Some(trip_day) = trip_day else { continue };
            let short = if verb == "starts" {
                edge.value > trip_day.value
            } else {
                edge.value < trip_day.value
            };
            if !short {
                continue;
            }
            let f = finding_on(
                self,
                file,
                format!(
                    "{period} {verb} {}, {relation} {}",
                    edge.value, trip_day.value
                ),
                format!(
                    "the {period} must run from {} to {} at least",
                    facts
                        .arrival
                        .as_ref()
                        .map_or("arrival".into(), |a| a.value.to_string()),
                    facts
                        .departure
                        .as_ref()
                        .map_or("departure".into(), |d| d.value.to_string()),
                ),
            )
            .with("fact", format!("{period} {verb}"))
            .with("found", edge.value.to_string())
            .with("expected", trip_day.value.to_string());
            out.push(quoted(
                f,
                ctx,
                file,
                edge,
                format!("{period} {verb} {}", edge.value),
            ));
        }
    }
}
