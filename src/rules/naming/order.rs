//! Document kinds are out of the profile's order.
//!
//! ## What it does
//! Reads each numbered document's kind from its title and compares the numbering with the
//! order the profile lists kinds in (for `kz-b1`: index, passport, form, photo, invitation,
//! employer letter, cover letter, financial, travel, insurance, business, residence,
//! translation). It keeps the longest run of documents that is already in order and reports
//! each document outside it. Kinds marked `anywhere` (fee receipts, `Other`) and documents of
//! unknown kind are not judged.
//!
//! ## Why is this bad?
//! Consulates check a pack against their checklist from top to bottom. A pack in the
//! checklist's order is checked faster and is less likely to be returned as "incomplete"
//! because an officer did not find a document where it should have been.
//!
//! ## How to fix
//! Renumber the files in the profile's order (`dossier profiles --show kz-b1` shows it).
//!
//! ## Example
//! ```text
//! 01_Invitation.pdf  02_Passport.pdf  03_Form.pdf  04_Photo.jpg
//! ->  01_Passport.pdf  02_Form.pdf  03_Photo.jpg  04_Invitation.pdf
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on, list_names};

/// `naming/order`.
pub struct Order;

impl Check for Order {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let profile = &pack.profile;
        // (number, name, kind id, rank in the profile's order)
        let mut docs: Vec<(u32, &str, &str, usize)> = pack
            .documents()
            .filter_map(|e| {
                let kind = e.kind()?;
                let rank = profile.kind_index(kind)?;
                let spec = &profile.kinds[rank];
                (!spec.anywhere).then_some((e.number()?, e.name.as_str(), kind, rank))
            })
            .collect();
        docs.sort();
        let ranks: Vec<usize> = docs.iter().map(|d| d.3).collect();
        let keep = longest_in_order(&ranks);
        for (i, &(number, name, kind, rank)) in docs.iter().enumerate() {
            if keep[i] {
                continue;
            }
            // The kept documents this one is on the wrong side of.
            let should_follow: Vec<&str> = docs[i + 1..]
                .iter()
                .zip(&keep[i + 1..])
                .filter(|(d, k)| **k && d.3 < rank)
                .map(|(d, _)| d.1)
                .collect();
            let should_precede: Vec<&str> = docs[..i]
                .iter()
                .zip(&keep[..i])
                .filter(|(d, k)| **k && d.3 > rank)
                .map(|(d, _)| d.1)
                .collect();
            let message = if !should_follow.is_empty() {
                format!(
                    "{kind} `{name}` is numbered {number:02}, before {}, which {} puts first",
                    list_names(&should_follow, 3),
                    profile.name
                )
            } else {
                format!(
                    "{kind} `{name}` is numbered {number:02}, after {}, which {} puts later",
                    list_names(&should_precede, 3),
                    profile.name
                )
            };
            let expected: Vec<&str> = profile
                .kinds
                .iter()
                .filter(|k| !k.anywhere)
                .map(|k| k.id.as_str())
                .collect();
            out.push(
                finding_on(
                    self,
                    name,
                    message,
                    format!(
                        "renumber the files in the order {} (`dossier profiles --show {}`)",
                        expected.join(", "),
                        profile.name
                    ),
                )
                .with("kind", kind)
                .with("number", number),
            );
        }
    }
}

/// Marks the longest non-decreasing subsequence of `ranks`; among equally long ones, the
/// one that keeps the earliest kinds, so in a swapped pair the later kind is the one moved.
fn longest_in_order(ranks: &[usize]) -> Vec<bool> {
    let n = ranks.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if ranks[j] <= ranks[i] && len[j] + 1 >= len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = vec![false; n];
    let Some(best) = len.iter().copied().max() else {
        return keep;
    };
    let mut cur = (0..n)
        .filter(|&i| len[i] == best)
        .min_by_key(|&i| (ranks[i], std::cmp::Reverse(i)));
    while let Some(i) = cur {
        keep[i] = true;
        cur = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::longest_in_order;

    #[test]
    fn keeps_the_longest_ordered_run() {
        assert_eq!(
            longest_in_order(&[4, 1, 2, 3, 5]),
            [false, true, true, true, true]
        );
        assert_eq!(longest_in_order(&[1, 2, 2, 3]), [true; 4]);
        assert_eq!(longest_in_order(&[4, 1]), [false, true]);
        assert_eq!(longest_in_order(&[1, 5, 2, 3]), [true, false, true, true]);
        assert_eq!(longest_in_order(&[]), Vec::<bool>::new());
    }
}
