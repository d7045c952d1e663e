//! What a kind of document is for: the closed set of roles code may key behaviour on.
//!
//! A profile's kind ids are the user's words (`bank-statement`, `Kontoauszug`); the role is
//! dossier's. Rules and readers match on the role, so renaming a kind keeps its checks.

use serde::Deserialize;

/// The role a profile's kind plays in a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindRole {
    /// The pack's own list of documents.
    Index,
    /// The passport's bio page: identity, number, expiry, MRZ.
    Passport,
    /// The visa application form.
    Form,
    /// The applicant's photo.
    Photo,
    /// The host's invitation or visa support letter.
    Invitation,
    /// The employer's letter about the trip.
    EmployerLetter,
    /// The applicant's own letter.
    CoverLetter,
    /// Bank statements and other proof of funds.
    Financial,
    /// Flight, train and hotel bookings.
    Travel,
    /// Travel medical insurance.
    Insurance,
    /// Company registration and other papers of a business.
    Business,
    /// A residence permit.
    Residence,
    /// A translation of another document.
    Translation,
    /// A visa-centre or consulate appointment.
    Appointment,
    /// A business card.
    BusinessCard,
    /// A fee receipt.
    Fee,
    /// Anything else.
    Other,
}

impl KindRole {
    /// Every role, in declaration order.
    pub const ALL: [KindRole; 17] = [
        KindRole::Index,
        KindRole::Passport,
        KindRole::Form,
        KindRole::Photo,
        KindRole::Invitation,
        KindRole::EmployerLetter,
        KindRole::CoverLetter,
        KindRole::Financial,
        KindRole::Travel,
        KindRole::Insurance,
        KindRole::Business,
        KindRole::Residence,
        KindRole::Translation,
        KindRole::Appointment,
        KindRole::BusinessCard,
        KindRole::Fee,
        KindRole::Other,
    ];

    /// The name a profile writes in `role = "..."`.
    pub fn as_str(self) -> &'static str {
        match self {
            KindRole::Index => "index",
            KindRole::Passport => "passport",
            KindRole::Form => "form",
            KindRole::Photo => "photo",
            KindRole::Invitation => "invitation",
            KindRole::EmployerLetter => "employer-letter",
            KindRole::CoverLetter => "cover-letter",
            KindRole::Financial => "financial",
            KindRole::Travel => "travel",
            KindRole::Insurance => "insurance",
            KindRole::Business => "business",
            KindRole::Residence => "residence",
            KindRole::Translation => "translation",
            KindRole::Appointment => "appointment",
            KindRole::BusinessCard => "business-card",
            KindRole::Fee => "fee",
            KindRole::Other => "other",
        }
    }

    /// The role a profile's name means, if it is one.
    pub fn parse(name: &str) -> Option<KindRole> {
        KindRole::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl std::fmt::Display for KindRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in KindRole::ALL {
            assert_eq!(KindRole::parse(role.as_str()), Some(role));
            let toml = format!("r = \"{role}\"");
            #[derive(Deserialize)]
            struct R {
                r: KindRole,
            }
            let parsed: R = toml::from_str(&toml).unwrap();
            assert_eq!(parsed.r, role);
        }
        assert_eq!(KindRole::parse("bank-statement"), None);
    }
}
