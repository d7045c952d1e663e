//! The head's height is outside the profile's share of the photo.
//!
//! ## What it does
//! Finds the face with an offline frontal face detector (rustface, a port of SeetaFace;
//! its model is built into dossier and nothing is downloaded), then measures the head
//! from the bottom of the chin to the top of the head: the chin from the face box, the
//! crown where the head meets a plain background above it (estimated from the face when
//! the background is not plain). Reports a head whose height over the photo's height is
//! outside the profile's `[photo] head_height_ratio` (kz-b1: 70-80 %) by more than the
//! measure's own uncertainty of 3 points.
//!
//! Only a face the detector is confident of is measured: a profile view, a face hidden
//! by hair or glasses glare, a drawing or a very small face give no finding rather than
//! a guess.
//!
//! ## Why is this bad?
//! Consulates and face-matching systems need the face at a set size: a photo where the
//! head is small (taken from too far) or cut (too close) is refused.
//!
//! ## How to fix
//! Crop the photo so the head fills the share the profile names, with a little space
//! above the hair; if the head is too large, the photo must be taken again from further
//! away.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: the head is about 28 % of the photo's height (chin to crown); 70-80 % is required
//! ```

use super::photos;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Mark, Severity};
use crate::pack::profile::PhotoSpec;
use crate::rule_id;
use crate::rules::scan::round;
use crate::rules::{Check, Meta, finding_on};

/// How far the measured share may fall outside the range before it is reported: chin
/// and crown are each placed within about 1.5 % of the photo's height.
pub const TOLERANCE: f64 = 0.03;

/// `photo/head-size`.
pub struct HeadSize;

impl Check for HeadSize {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let Some((lo, hi)) = PhotoSpec::pair(&pack.profile.photo.head_height_ratio) else {
            return;
        };
        for (entry, photo) in photos(ctx) {
            let (Some(head), Some(face)) = (photo.head, photo.face) else {
                continue;
            };
            let help = if head.ratio < lo - TOLERANCE {
                "the head is too small: crop closer around it (keeping the proportions), or take the photo again closer up"
            } else if head.ratio > hi + TOLERANCE {
                "the head is too large: take the photo again from further away, with space above the hair and below the chin"
            } else {
                continue;
            };
            let pct = |x: f64| (x * 100.0).round();
            let mut found = finding_on(
                    self,
                    &entry.name,
                    format!(
                        "the head is about {:.0} % of the photo's height (chin to crown); {:.0}-{:.0} % is required",
                        pct(head.ratio),
                        pct(lo),
                        pct(hi)
                    ),
                    help,
                )
                .with("head_ratio", round(head.ratio, 3))
                .with("crown_px", round(head.crown, 0))
                .with("chin_px", round(head.chin, 0))
                .with("crown_measured", head.crown_found)
                .with("face_score", round(face.score, 1));
            // An image file is its page; a photo inside a PDF may lie anywhere on it.
            if !entry.is_pdf() {
                let (w, h) = (
                    f64::from(photo.pixels.0.max(1)),
                    f64::from(photo.pixels.1.max(1)),
                );
                let frame = crate::read::frame::Frame::WHOLE;
                let marks = [
                    (
                        [
                            face.x / w,
                            face.y / h,
                            (face.x + face.size) / w,
                            (face.y + face.size) / h,
                        ],
                        "face".to_string(),
                    ),
                    (
                        [
                            (face.x - 0.2 * face.size) / w,
                            head.crown / h,
                            (face.x + 1.2 * face.size) / w,
                            head.chin / h,
                        ],
                        format!(
                            "head {:.0} %, {:.0}-{:.0} % required",
                            pct(head.ratio),
                            pct(lo),
                            pct(hi)
                        ),
                    ),
                ];
                for (region, label) in marks {
                    if let Some(rect) = frame.rect(region) {
                        found.add_mark(Mark {
                            page: 1,
                            rect,
                            label,
                        });
                    }
                }
            }
            out.push(found);
        }
    }
}
