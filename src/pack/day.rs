//! Calendar dates as TOML writes them (`2026-05-12`) or as strings (`"2026-05-12"`), and
//! the order a profile or manifest says all-numeric dates are written in.

use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// How to read an all-numeric date such as `12/05/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day first: `12/05/2026` is 12 May 2026.
    #[default]
    Dmy,
    /// Month first (US documents): `12/05/2026` is 5 December 2026.
    Mdy,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-05-12");
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (y, m, d) = (
        y.parse::<i16>().map_err(|_| bad())?,
        m.parse::<i8>().map_err(|_| bad())?,
        d.parse::<i8>().map_err(|_| bad())?,
    );
    Date::new(y, m, d).map_err(|_| format!("`{s}` is not a real calendar date"))
}

/// Serde adapter for an optional date field: `#[serde(default, deserialize_with = "day::optional")]`.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    d.deserialize_any(DayVisitor).map(Some)
}

struct DayVisitor;

impl<'de> Visitor<'de> for DayVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2026-05-12")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_day(v).map_err(E::custom)
    }

    // toml hands its native datetimes to `deserialize_any` as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some((_, value)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date"));
        };
        parse_day(&value).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates() {
        assert_eq!(
            parse_day("2026-05-12").unwrap(),
            Date::new(2026, 5, 12).unwrap()
        );
        assert!(parse_day("2026-02-30").is_err());
        assert!(parse_day("12.05.2026").is_err());
        assert!(parse_day("2026-5-12").is_err());
    }
}
