//! The photo was taken longer ago than the profile allows.
//!
//! ## What it does
//! Reads when the photo was taken from its EXIF data (`DateTimeOriginal`, else
//! `DateTimeDigitized`) and reports a photo taken more than the profile's
//! `[photo] max_age_days` before the submission day (the manifest's `submission`, else
//! today or `--today`). A photo without an EXIF date is not judged: many studios and
//! editors strip it.
//!
//! ## Why is this bad?
//! Most countries want a photo taken within the last six months (the UK: one month) so
//! that it shows the applicant as they look now. An old photo is a common reason for a
//! request to resubmit.
//!
//! ## How to fix
//! Have a new photo taken. Changing the date in the file does not change the photo.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: taken 2026-03-02, 267 days before submission; at most 183 days
//! ```

use super::photos;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `photo/age`.
pub struct Age;

impl Check for Age {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let Some(limit) = pack.profile.photo.max_age_days else {
            return;
        };
        for (entry, photo) in photos(ctx) {
            let Some(taken) = photo.taken.map(|t| t.date()) else {
                continue;
            };
            let Ok(span) = taken.until(pack.submission) else {
                continue;
            };
            let days = span.get_days();
            if days <= i64::from(limit) as i32 {
                continue;
            }
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!("taken {taken}, {days} days before submission; at most {limit} days"),
                    "have a new photo taken",
                )
                .with("taken", taken.to_string())
                .with("days", days)
                .with("max_age_days", limit),
            );
        }
    }
}
