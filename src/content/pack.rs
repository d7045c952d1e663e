//! The pack's facts: what the manifest states, else what the passport's MRZ says
//! (identity, expiry), else what most documents say (trip dates, purpose).

use super::doc::{DocFacts, Reader};
use crate::extract::identity;
use crate::extract::mrz::MrzField;
use crate::extract::purpose::{self, Lexicon, lexicon};
use crate::pack::Pack;
use crate::pack::entry::Entry;
use crate::pack::role::KindRole;
use crate::read::Reading;
use crate::text::organisation::same_organisation;
use jiff::civil::Date;
use std::sync::Arc;

/// Where a pack fact comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The pack's `dossier.toml`.
    Manifest,
    /// The machine-readable zone of this passport document.
    Mrz(String),
    /// Most documents: `agree` of the `total` that state it.
    Documents {
        /// Documents that state this value.
        agree: usize,
        /// Documents that state the fact at all.
        total: usize,
    },
    /// The invitation (these documents).
    Invitation(Vec<String>),
}

impl Source {
    /// How a message names the source: `the manifest`, `the passport's MRZ`, ...
    pub fn describe(&self) -> String {
        match self {
            Source::Manifest => "the manifest".into(),
            Source::Mrz(file) => format!("the MRZ of {file}"),
            Source::Documents { total: 1, .. } => "the one document that states it".into(),
            Source::Documents { agree, total } => format!("{agree} of {total} documents"),
            Source::Invitation(files) => crate::rules::list_names(files, 2),
        }
    }
}

/// A pack fact and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled<T> {
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: Source,
}

/// Every document's facts and the facts of the pack.
#[derive(Debug, Clone, Default)]
pub struct PackFacts {
    /// Per document with a reading, in file order.
    pub docs: Vec<DocFacts>,
    /// The applicant's name.
    pub name: Option<Settled<String>>,
    /// The passport number.
    pub number: Option<Settled<String>>,
    /// The passport's expiry.
    pub expiry: Option<Settled<Date>>,
    /// First day in the country.
    pub arrival: Option<Settled<Date>>,
    /// Last day in the country.
    pub departure: Option<Settled<Date>>,
    /// The purposes other documents may state (lexicon ids).
    pub purposes: Option<Settled<Vec<String>>>,
    /// The inviting organisation.
    pub host: Option<Settled<String>>,
}

impl PackFacts {
    /// Reads the facts of every document read (in file order) and settles the pack's.
    pub fn of<'r>(
        pack: &Pack,
        readings: impl Iterator<Item = (&'r Entry, &'r Reading)>,
    ) -> PackFacts {
        let lexicon = lexicon(pack);
        let manifest = pack.manifest.as_ref();
        let order = manifest
            .and_then(|m| m.date_order)
            .unwrap_or(pack.profile.date_order);
        let reader = Reader {
            order,
            today: pack.submission,
            lexicon: &lexicon,
            host: manifest.and_then(|m| m.trip.host.as_deref()),
        };
        let docs: Vec<DocFacts> = readings
            .map(|(e, r)| {
                // The finders are tested against random text, but one document's words
                // must never take down the pack: a panic leaves it with no facts read.
                crate::read::guard::catching_value(|| DocFacts::read(e, r, &reader))
                    .unwrap_or_else(|| DocFacts::unread(e))
            })
            .collect();
        let applicant = manifest.map(|m| &m.applicant);
        let trip = manifest.map(|m| &m.trip);
        let mrz = docs
            .iter()
            .filter_map(|d| Some((d, &d.mrz.as_ref()?.value)))
            .find(|(d, _)| d.role == Some(KindRole::Passport))
            .or_else(|| docs.iter().find_map(|d| Some((d, &d.mrz.as_ref()?.value))));
        let from_mrz = |field: MrzField| {
            mrz.filter(|(_, m)| !m.failed_checks.contains(&field))
                .map(|(d, m)| (Source::Mrz(d.file.clone()), m))
        };
        let name = given(applicant.and_then(|a| a.name.clone()))
            .or_else(|| {
                // No check digit covers line 1, and OCR misreads it (fillers as `K`): the
                // MRZ's name counts only when the printed zone or another document agrees.
                let (src, m) = from_mrz(MrzField::Composite)
                    .or_else(|| from_mrz(MrzField::Number))
                    .filter(|(_, m)| !m.partial && !m.surname.is_empty())?;
                let full = m.full_name();
                let agreed = docs
                    .iter()
                    .flat_map(|d| &d.names)
                    .any(|n| identity::same_name(&n.value, &full));
                agreed.then_some(Settled {
                    value: full,
                    source: src,
                })
            })
            .or_else(|| {
                majority(
                    &docs,
                    |d| d.names.first().map(|n| n.value.clone()),
                    |a, b| identity::same_name(a, b),
                )
            });
        let number = given(
            applicant
                .and_then(|a| a.passport_number.as_deref())
                .map(normal_number),
        )
        .or_else(|| {
            let (src, m) = from_mrz(MrzField::Number)?;
            Some(Settled {
                value: m.number.clone(),
                source: src,
            })
        })
        .or_else(|| {
            majority(
                &docs,
                |d| d.numbers.first().map(|n| n.value.clone()),
                |a, b| a == b,
            )
        });
        let expiry = given(applicant.and_then(|a| a.passport_expiry))
            .or_else(|| {
                let (src, m) = from_mrz(MrzField::Expiry)?;
                Some(Settled {
                    value: m.expiry?,
                    source: src,
                })
            })
            .or_else(|| {
                majority(
                    &docs,
                    |d| d.passport_expiry.as_ref().map(|s| s.value),
                    |a, b| a == b,
                )
            });
        let arrival = given(trip.and_then(|t| t.arrival)).or_else(|| {
            majority(
                &docs,
                |d| d.arrival.as_ref().map(|s| s.value),
                |a, b| a == b,
            )
        });
        let departure = given(trip.and_then(|t| t.departure)).or_else(|| {
            majority(
                &docs,
                |d| d.departure.as_ref().map(|s| s.value),
                |a, b| a == b,
            )
        });
        let host = given(trip.and_then(|t| t.host.clone())).or_else(|| {
            majority(
                &docs,
                |d| d.host.as_ref().map(|h| h.value.clone()),
                |a, b| same_organisation(a, b),
            )
        });
        let purposes = manifest_purposes(trip.map(|t| t.purpose.as_slice()), &lexicon)
            .or_else(|| invitation_purposes(&docs, &lexicon));
        PackFacts {
            docs,
            name,
            number,
            expiry,
            arrival,
            departure,
            purposes,
            host,
        }
    }

    /// The facts of the document with this file name.
    pub fn doc(&self, file: &str) -> Option<&DocFacts> {
        self.docs.iter().find(|d| d.file == file)
    }
}

/// The lexicon in force: the profile's own, else the built-in one.
///
/// A profile's lexicon too large for the regex engine (the one failure its load check
/// leaves) reads no purposes: a missed purpose costs nothing, a wrong one is a false alarm.
pub fn lexicon(pack: &Pack) -> Arc<Lexicon> {
    lexicon::for_specs(&pack.profile.purposes).unwrap_or_else(|_| Arc::new(Lexicon::empty()))
}

/// A passport number as compared: uppercase, no spaces.
pub fn normal_number(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn given<T>(value: Option<T>) -> Option<Settled<T>> {
    value.map(|value| Settled {
        value,
        source: Source::Manifest,
    })
}

/// The value most documents state (one vote per document), ties going to the invitation,
/// then the form, then the first document.
fn majority<T: Clone>(
    docs: &[DocFacts],
    vote: impl Fn(&DocFacts) -> Option<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Option<Settled<T>> {
    let rank = |d: &DocFacts| match d.role {
        Some(KindRole::Invitation) => 0,
        Some(KindRole::Form) => 1,
        _ => 2,
    };
    let mut groups: Vec<(T, usize, usize)> = Vec::new();
    let mut total = 0;
    for d in docs {
        let Some(v) = vote(d) else { continue };
        total += 1;
        match groups.iter_mut().find(|(g, _, _)| same(g, &v)) {
            Some(g) => {
                g.1 += 1;
                g.2 = g.2.min(rank(d));
            }
            None => groups.push((v, 1, rank(d))),
        }
    }
    let mut best: Option<&(T, usize, usize)> = None;
    for g in &groups {
        if best.is_none_or(|b| g.1 > b.1 || (g.1 == b.1 && g.2 < b.2)) {
            best = Some(g);
        }
    }
    best.map(|(v, agree, _)| Settled {
        value: v.clone(),
        source: Source::Documents {
            agree: *agree,
            total,
        },
    })
}

/// The manifest's purposes as lexicon ids: an id, a label, or words the lexicon reads.
fn manifest_purposes(stated: Option<&[String]>, lexicon: &Lexicon) -> Option<Settled<Vec<String>>> {
    let stated = stated.filter(|s| !s.is_empty())?;
    let mut ids: Vec<String> = Vec::new();
    for s in stated {
        let s = s.trim();
        if let Some(spec) = lexicon.spec(s) {
            ids.push(spec.id.clone());
        } else {
            ids.extend(purpose::find_purposes(s, lexicon).into_iter().map(|p| p.id));
        }
    }
    ids.sort();
    ids.dedup();
    given(Some(ids))
}

/// What the invitations state, when they state anything the lexicon knows.
fn invitation_purposes(docs: &[DocFacts], lexicon: &Lexicon) -> Option<Settled<Vec<String>>> {
    let invitations: Vec<&DocFacts> = docs
        .iter()
        .filter(|d| d.role == Some(KindRole::Invitation) && d.has_text)
        .collect();
    let mut ids: Vec<String> = invitations
        .iter()
        .flat_map(|d| d.purposes.iter().map(|p| p.value.clone()))
        .filter(|id| lexicon.spec(id).is_some_and(|s| !s.risky))
        .collect();
    if ids.is_empty() {
        return None;
    }
    ids.sort();
    ids.dedup();
    Some(Settled {
        value: ids,
        source: Source::Invitation(invitations.iter().map(|d| d.file.clone()).collect()),
    })
}
