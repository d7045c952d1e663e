//! Photo pixel size or file size outside the profile's limits.
//!
//! ## What it does
//! Compares the photo's size as displayed (EXIF orientation applied) with the profile's
//! `[photo] min_px` and `max_px`, and its file size with `file_kb`, and says which limit
//! it misses.
//!
//! ## Why is this bad?
//! Upload portals refuse photos outside their pixel and file-size ranges, and a photo
//! with too few pixels prints blurred at 35 x 45 mm: consulates return it.
//!
//! ## How to fix
//! Too small: use the original file from the camera or the photo studio, not a copy sent
//! through a messenger. Too large: resize it to the range. File too big: save it again
//! at a lower JPEG quality; too small: at a higher one.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: 240 x 309 px is below the 413 x 531 px minimum
//! ```

use super::{photos, px};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::profile::PhotoSpec;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `photo/dimensions`.
pub struct Dimensions;

impl Check for Dimensions {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let spec = &pack.profile.photo;
        for (entry, photo) in photos(ctx) {
            let (w, h) = photo.pixels;
            let mut problems = Vec::new();
            let mut help = Vec::new();
            if let Some((mw, mh)) =
                PhotoSpec::pair(&spec.min_px).filter(|&(mw, mh)| w < mw || h < mh)
            {
                problems.push(format!(
                    "{} is below the {} minimum",
                    px((w, h)),
                    px((mw, mh))
                ));
                help.push("use the original photo file from the camera or studio, at full size");
            }
            if let Some((mw, mh)) =
                PhotoSpec::pair(&spec.max_px).filter(|&(mw, mh)| w > mw || h > mh)
            {
                problems.push(format!(
                    "{} is above the {} maximum",
                    px((w, h)),
                    px((mw, mh))
                ));
                help.push("resize the photo to fit the maximum, keeping its proportions");
            }
            let kb = entry.bytes as f64 / 1000.0;
            if let Some((lo, hi)) = PhotoSpec::pair(&spec.file_kb) {
                if kb > hi {
                    problems.push(format!("the file is {kb:.0} kB, over the {hi} kB limit"));
                    help.push("save it again at a lower JPEG quality");
                } else if kb < lo {
                    problems.push(format!("the file is {kb:.0} kB, under the {lo} kB minimum"));
                    help.push("save it again at a higher JPEG quality, from the original");
                }
            }
            if problems.is_empty() {
                continue;
            }
            let mut f = finding_on(self, &entry.name, problems.join("; "), help.join("; "))
                .with("width", w)
                .with("height", h)
                .with("file_kb", (kb * 10.0).round() / 10.0);
            if photo.orientation != 1 {
                f = f.with("stored", px(photo.stored));
            }
            out.push(f);
        }
    }
}
