//! The photo's background is not plain and light.
//!
//! ## What it does
//! Measures the background on border strips: the top and both sides down to 60 % of the
//! height (not the bottom, where the shoulders are), leaving out the head when a face is
//! found. Reports a background that is too dark, too coloured, not uniform (texture,
//! objects, a pattern: the spread of its lightness) or uneven (one part darker than
//! another: a gradient, or the classic shadow behind the head). The profile's
//! `[photo] background` sets the bar: `"light-uniform"` (white, cream, light gray or
//! light blue), `"white"` (white or off-white only), or `"any"`.
//!
//! | measure (0-255) | light-uniform | white |
//! |---|---|---|
//! | mean lightness, at least | 160 | 200 |
//! | mean chroma, at most | 40 | 20 |
//! | lightness spread (std dev), at most | 20 | 15 |
//! | brightest minus darkest part, at most | 40 | 30 |
//!
//! ## Why is this bad?
//! Officers and face-matching systems need the head to stand out from a plain
//! background. A shadow, a wall with a picture or a door frame, or a coloured backdrop
//! is among the commonest reasons a photo is refused.
//!
//! ## How to fix
//! Stand half a metre in front of a plain white or light wall, lit from the front and
//! both sides so you cast no shadow on it, or have the photo taken at a studio.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: background is uneven: darker at the left (difference 64; at most 40): a shadow?
//! ```

use super::photos;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::profile::BackgroundPolicy;
use crate::rule_id;
use crate::rules::scan::round;
use crate::rules::{Check, Meta, finding_on};

/// The bar one background policy sets.
struct Bar {
    min_lightness: f64,
    max_chroma: f64,
    max_spread: f64,
    max_gradient: f64,
}

const LIGHT_UNIFORM: Bar = Bar {
    min_lightness: 160.0,
    max_chroma: 40.0,
    max_spread: 20.0,
    // Studio backdrops are lit brighter behind the head than at the edges: 25-30 on
    // real portraits; a shadow cast on the wall reads 60 and more.
    max_gradient: 40.0,
};

const WHITE: Bar = Bar {
    min_lightness: 200.0,
    max_chroma: 20.0,
    max_spread: 15.0,
    max_gradient: 30.0,
};

/// `photo/background`.
pub struct Background;

impl Check for Background {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let (bar, wanted) = match pack.profile.photo.background {
            BackgroundPolicy::LightUniform => (&LIGHT_UNIFORM, "plain and light"),
            BackgroundPolicy::White => (&WHITE, "plain white or off-white"),
            BackgroundPolicy::Any => return,
        };
        for (entry, photo) in photos(ctx) {
            let Some(b) = photo.background else {
                continue;
            };
            let mut problems = Vec::new();
            if b.lightness < bar.min_lightness {
                problems.push(format!(
                    "too dark (lightness {:.0} of 255; at least {:.0})",
                    b.lightness, bar.min_lightness
                ));
            }
            if b.chroma > bar.max_chroma {
                problems.push(format!(
                    "coloured (chroma {:.0}; at most {:.0})",
                    b.chroma, bar.max_chroma
                ));
            }
            if b.spread > bar.max_spread {
                problems.push(format!(
                    "not plain: texture or objects (spread {:.0}; at most {:.0})",
                    b.spread, bar.max_spread
                ));
            }
            if b.gradient > bar.max_gradient {
                problems.push(format!(
                    "uneven: darker at the {} (difference {:.0}; at most {:.0}): a shadow?",
                    b.darkest.as_str(),
                    b.gradient,
                    bar.max_gradient
                ));
            }
            if problems.is_empty() {
                continue;
            }
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!("background is {}", problems.join(", ")),
                    format!(
                        "the background must be {wanted}: stand in front of a plain light wall, lit evenly so no shadow falls on it"
                    ),
                )
                .with("lightness", round(b.lightness, 1))
                .with("chroma", round(b.chroma, 1))
                .with("spread", round(b.spread, 1))
                .with("gradient", round(b.gradient, 1)),
            );
        }
    }
}
