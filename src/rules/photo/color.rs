//! A grayscale photo where the profile requires colour.
//!
//! ## What it does
//! Reports a photo stored in grayscale, or stored as colour with no colour in it (every
//! pixel's channels nearly equal), when the profile's `[photo] colour` is `"required"`
//! (an error) or `"warn-if-gray"` (a warning). `"any"` turns the check off.
//!
//! ## Why is this bad?
//! Visa photos must be in colour almost everywhere: skin tone and eye colour are part of
//! what the officer compares. A black-and-white photo is returned.
//!
//! ## How to fix
//! Use the colour original. A photo converted to black and white cannot be turned back;
//! have it taken again.
//!
//! ## Example
//! ```text
//! 03_Photo.jpg: the photo is grayscale (RGB with equal channels); colour is required
//! ```

use super::photos;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::measure::color::NO_COLOUR_P99;
use crate::pack::profile::ColourPolicy;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `photo/color`.
pub struct Color;

impl Check for Color {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Pixels]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let severity = match pack.profile.photo.colour {
            ColourPolicy::Required => Severity::Error,
            ColourPolicy::WarnIfGray => Severity::Warning,
            ColourPolicy::Any => return,
        };
        for (entry, photo) in photos(ctx) {
            let stored = match photo.chroma {
                None => "stored in grayscale".to_string(),
                Some(c) if c.p99 <= NO_COLOUR_P99 => {
                    "grayscale (RGB with equal channels)".to_string()
                }
                Some(_) => continue,
            };
            let wanted = if severity == Severity::Error {
                "required"
            } else {
                "expected"
            };
            let mut f = finding_on(
                self,
                &entry.name,
                format!("the photo is {stored}; colour is {wanted}"),
                "use the colour original, or have the photo taken again in colour",
            )
            .with("components", photo.components);
            if let Some(c) = photo.chroma {
                f = f.with("chroma_p99", c.p99);
            }
            f.severity = severity;
            out.push(f);
        }
    }
}
