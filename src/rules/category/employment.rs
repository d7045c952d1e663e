//! Wording suggests local employment, salary from the host or productive work: the wrong visa category.
//!
//! ## What it does
//! Reads the forms and letters of the pack for the risky categories of the profile's
//! purpose lexicon: installation, commissioning or repair work, training with productive
//! duties, employment with a local company, a salary or fee paid by the host, and remote
//! work. Each document that uses such wording is reported once, naming every category
//! and quoting the first phrase.
//!
//! A salary the home employer keeps paying during the trip ("remains on our payroll and
//! will continue to receive her salary from ...") is what a business trip is, and is not
//! reported. Bank statements and company extracts are not read for this rule: their
//! salary lines and lists of trades are not plans for the trip.
//!
//! ## Why is this bad?
//! A business visa covers meetings, negotiations, conferences and contract signing.
//! Installing equipment, doing productive work or being paid by a local company needs a
//! work permit and a work visa; wording that says so is a reason for refusal, and working
//! on a business visa is a violation of the host country's migration law.
//!
//! ## How to fix
//! If the trip involves such work, apply for the right category. If it does not, have
//! the letter describe the visit as it is: meetings, negotiations, supervision of a
//! delivery by the supplier's own staff is still work in most countries' eyes.
//!
//! ## Example
//! ```text
//! 05_Employer_Letter.pdf: wording signals installation work and salary from the host: "will install and commission equipment"
//! ```

use crate::content::doc::distinct;
use crate::content::pack::lexicon;
use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names, quoted};

/// `category/employment`.
pub struct Employment;

impl Check for Employment {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Facts]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let facts = ctx.facts();
        let lexicon = lexicon(pack);
        let visa = match pack.profile.title.trim() {
            "" => "this visa",
            title => title,
        };
        for doc in &facts.docs {
            let Some(first) = doc.employment.first() else {
                continue;
            };
            let ids = distinct(&doc.employment);
            let labels: Vec<&str> = ids.iter().map(|id| lexicon.label(id)).collect();
            let f = finding_on(
                self,
                &doc.file,
                format!("wording signals {}", list_names(&labels, 4)),
                format!(
                    "a {visa} does not cover this: describe the visit as meetings and negotiations if that is what it is, or apply for a work visa"
                ),
            )
            .with("found", ids.clone());
            out.push(quoted(
                f,
                ctx,
                &doc.file,
                first,
                lexicon.label(&first.value),
            ));
        }
    }
}
