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
use crate::finding::{Finding, Severity};
use crate::measure::color::NO_COLOUR_P99;
use crate::pack::Pack;
use crate::pack::profile::ColourPolicy;
use crate::rules::{Rule, finding_on};

/// `photo/color`.
pub struct Color;

impl Rule for Color {
    fn id(&self) -> &'static str {
        "photo/color"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, pack: &Pack, out: &mut Vec<Finding>) {
        let severity = match pack.profile.photo.colour {
            ColourPolicy::Required => Severity::Error,
            ColourPolicy::WarnIfGray => Severity::Warning,
            ColourPolicy::Any => return,
        };
        for (entry, photo) in photos(pack) {
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
