//! A file's name is not `NN_Title.ext`.
//!
//! ## What it does
//! Checks that every document is named with a two-digit sequence number from `01`, an
//! underscore, a title and an extension: `02_Passport.pdf`, `05_Invitation_Letter.pdf`.
//!
//! ## Why is this bad?
//! Officers and portals read the pack in file-name order, and the number is how the index
//! page and the cover letter refer to a document. A file without a number sorts to the
//! wrong place (or to the end), and a one- or three-digit number sorts `10` before `2`.
//!
//! ## How to fix
//! Rename the file with its number in the pack's order, which
//! renumbers every file into the profile's order.
//!
//! ## Example
//! ```text
//! Flight itinerary.pdf   ->  08_Flight_Itinerary.pdf
//! 1_Passport.pdf         ->  01_Passport.pdf
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `naming/pattern`.
pub struct Pattern;

impl Check for Pattern {
    const META: Meta = Meta::new(rule_id!(), Severity::Error, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        for entry in pack.documents() {
            let Some(Err(problem)) = entry.doc().map(|d| &d.name) else {
                continue;
            };
            let title = crate::pack::name::loose_title(&entry.name);
            let (_, ext) = crate::pack::name::split_extension(&entry.name);
            let example = format!(
                "NN_{}.{}",
                if title.is_empty() {
                    "Title".to_string()
                } else {
                    title.replace(' ', "_")
                },
                ext.unwrap_or_else(|| "pdf".into())
            );
            out.push(
                finding_on(
                    self,
                    &entry.name,
                    format!(
                        "`{}` is not named NN_Title.ext: {}",
                        entry.name,
                        problem.describe()
                    ),
                    format!("rename it to `{example}` with NN its place in the pack (01, 02, ...)"),
                )
                .with("expected", "NN_Title.ext"),
            );
        }
    }
}
