//! Photo proportions off the print size's beyond the tolerance.
//!
//! ## What it does
//! Compares the photo's width over height, as displayed, with the profile's
//! `[photo] print_size_mm` (35 x 45 mm: 0.78) and reports a difference above
//! `aspect_tolerance` (relative; 0.02 is 2 %). The evidence names the centred crop that
//! would fix it.
//!
//! ## Why is this bad?
//! A photo of the wrong shape is stretched or cut when it is printed or placed in the
//! visa sticker: the face comes out distorted or cropped, and the photo is refused.
//! A landscape photo is the commonest case: a phone held sideways.
//!
//! ## How to fix
//! Crop the photo to the print size's proportions (the finding says to what size),
//! keeping the head centred; if the crop would leave too few pixels, take it again.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: 900 x 1500 px has proportions 0.60; 35 x 45 mm needs 0.78
//! ```

use super::{photos, px};
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::profile::PhotoSpec;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `photo/aspect`.
pub struct Aspect;

/// The largest centred crop of `(w, h)` with width over height `target`.
pub fn crop_to(w: u32, h: u32, target: f64) -> (u32, u32) {
    let ratio = f64::from(w) / f64::from(h);
    if ratio > target {
        (((f64::from(h) * target).round() as u32).clamp(1, w), h)
    } else {
        (w, ((f64::from(w) / target).round() as u32).clamp(1, h))
    }
}

impl Check for Aspect {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let spec = &pack.profile.photo;
        let target = spec.aspect();
        let [pw, ph] = [spec.print_size_mm[0], spec.print_size_mm[1]];
        for (entry, photo) in photos(ctx) {
            let (w, h) = photo.pixels;
            if w == 0 || h == 0 {
                continue;
            }
            let ratio = f64::from(w) / f64::from(h);
            let off = ratio / target - 1.0;
            if off.abs() <= spec.aspect_tolerance {
                continue;
            }
            let (cw, ch) = crop_to(w, h, target);
            let cut = if cw < w {
                format!("remove {} px of width", w - cw)
            } else {
                format!("remove {} px of height", h - ch)
            };
            let mut fix = format!("crop to {} ({cut}), keeping the head centred", px((cw, ch)));
            if let Some((mw, mh)) =
                PhotoSpec::pair(&spec.min_px).filter(|&(mw, mh)| cw < mw || ch < mh)
            {
                fix.push_str(&format!(
                    "; that leaves less than the {} minimum, so take the photo again",
                    px((mw, mh))
                ));
            }
            let shape = if w > h && pw <= ph {
                " (landscape: was the camera held sideways?)"
            } else {
                ""
            };
            let message = format!(
                "{} has proportions {ratio:.2}; {pw} x {ph} mm needs {target:.2}{shape}",
                px((w, h))
            );
            out.push(
                finding_on(self, &entry.name, message, fix)
                    .with("aspect", (ratio * 1000.0).round() / 1000.0)
                    .with("expected", (target * 1000.0).round() / 1000.0)
                    .with("crop", px((cw, ch))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::crop_to;

    #[test]
    fn crops_keep_the_long_side_that_fits() {
        assert_eq!(crop_to(900, 1500, 35.0 / 45.0), (900, 1157));
        assert_eq!(crop_to(1063, 827, 35.0 / 45.0), (643, 827));
        assert_eq!(crop_to(600, 600, 1.0), (600, 600));
    }
}
