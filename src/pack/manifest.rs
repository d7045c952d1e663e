//! The pack's own `dossier.toml`: the facts its documents must agree with.

use super::day;
use super::level::Level;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// File name of the manifest inside a pack.
pub const MANIFEST_FILE: &str = "dossier.toml";

/// The commented template `dossier init` writes.
pub const TEMPLATE: &str = include_str!("manifest_template.toml");

/// A parsed manifest; every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Built-in profile name or a path (relative to the pack) to a profile file.
    pub profile: Option<String>,
    /// The day the pack is submitted.
    #[serde(default, deserialize_with = "day::optional")]
    pub submission: Option<Date>,
    /// How all-numeric dates such as `05/12/2026` read in this pack's documents.
    pub date_order: Option<crate::pack::day::DateOrder>,
    /// Who applies.
    #[serde(default)]
    pub applicant: Applicant,
    /// The trip.
    #[serde(default)]
    pub trip: Trip,
    /// Rule severity overrides for this pack.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// `[applicant]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// Name as in the passport.
    pub name: Option<String>,
    /// Passport number.
    pub passport_number: Option<String>,
    /// Passport expiry date.
    #[serde(default, deserialize_with = "day::optional")]
    pub passport_expiry: Option<Date>,
    /// ISO 3166 alpha-3 nationality code.
    pub nationality: Option<String>,
}

/// `[trip]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trip {
    /// Arrival in the destination country.
    #[serde(default, deserialize_with = "day::optional")]
    pub arrival: Option<Date>,
    /// Departure from the destination country.
    #[serde(default, deserialize_with = "day::optional")]
    pub departure: Option<Date>,
    /// Purpose categories (`"negotiations"` or `["negotiations", "meetings"]`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub purpose: Vec<String>,
    /// The inviting organisation.
    pub host: Option<String>,
    /// `false` for visa-free or e-Visa routes that need no invitation.
    pub invitation_required: Option<bool>,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A problem in a manifest, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestProblem {
    /// What is wrong.
    pub message: String,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
}

impl Manifest {
    /// Parses a manifest, then checks what TOML alone cannot (a trip that ends before it starts).
    pub fn parse(source: &str) -> Result<Manifest, ManifestProblem> {
        let m: Manifest = toml::from_str(source).map_err(|e| {
            let at = e.span().map(|s| line_col(source, s.start));
            // toml's words ("invalid float") mean little without the line they are about.
            let quoted = at
                .and_then(|(line, _)| source.lines().nth(line - 1))
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("`{l}`: "))
                .unwrap_or_default();
            ManifestProblem {
                message: format!("{quoted}{}", e.message().trim()),
                line_col: at,
            }
        })?;
        if let (Some(a), Some(d)) = (m.trip.arrival, m.trip.departure)
            && d < a
        {
            return Err(ManifestProblem {
                message: format!("trip.departure {d} is before trip.arrival {a}"),
                line_col: source.find("departure").map(|i| line_col(source, i)),
            });
        }
        Ok(m)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field_of_the_spec() {
        let src = r#"
profile = "kz-b1"
submission = 2026-04-20
[applicant]
name = "ANNA MARIA ERIKSSON"
passport_number = "L898902C3"
passport_expiry = 2031-04-15
nationality = "GBR"
[trip]
arrival = 2026-05-12
departure = "2026-05-20"
purpose = ["negotiations", "meetings"]
host = "Steppe Logistics LLP"
invitation_required = true
[rules]
"scan/grayscale" = "off"
"naming/order" = "error"
"#;
        let m = Manifest::parse(src).unwrap();
        assert_eq!(m.submission, Some(Date::new(2026, 4, 20).unwrap()));
        assert_eq!(m.trip.departure, Some(Date::new(2026, 5, 20).unwrap()));
        assert_eq!(m.trip.purpose, ["negotiations", "meetings"]);
        assert_eq!(
            m.applicant.passport_expiry,
            Some(Date::new(2031, 4, 15).unwrap())
        );
        assert_eq!(m.rules["scan/grayscale"], Level::Off);
        assert_eq!(m.trip.invitation_required, Some(true));
    }

    #[test]
    fn the_template_parses() {
        Manifest::parse(TEMPLATE).unwrap();
    }

    #[test]
    fn reports_where_it_breaks() {
        let e = Manifest::parse("[trip]\narrival = 2026-13-01\n").unwrap_err();
        assert_eq!(e.line_col.map(|l| l.0), Some(2), "{}", e.message);
        let e = Manifest::parse("[trip\n").unwrap_err();
        assert_eq!(e.line_col.map(|l| l.0), Some(1));
        let e = Manifest::parse("[applicant]\nnmae = \"X\"\n").unwrap_err();
        assert!(e.message.contains("nmae"), "{}", e.message);
        let e =
            Manifest::parse("[trip]\narrival = 2026-05-12\ndeparture = 2026-05-01\n").unwrap_err();
        assert_eq!(e.line_col, Some((3, 1)));
        assert!(Manifest::parse("[trip]\npurpose = \"meetings\"\n").is_ok());
        let mdy = Manifest::parse("date_order = \"mdy\"\n").unwrap();
        assert_eq!(mdy.date_order, Some(crate::pack::day::DateOrder::Mdy));
        assert!(Manifest::parse("date_order = \"ymd\"\n").is_err());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nцd", 5), (2, 2));
    }
}
