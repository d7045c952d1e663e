//! `NN_Title.ext` file names: parsing and the extensions a pack may hold.

/// The parts of a well-formed document name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocName {
    /// The two-digit sequence number (1..=99).
    pub number: u32,
    /// The title between the underscore and the extension, as written.
    pub title: String,
    /// The extension, lowercased, without the dot.
    pub ext: String,
}

/// Why a name is not `NN_Title.ext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// No leading two-digit number followed by an underscore.
    NoNumber,
    /// A number with more or fewer than two digits, e.g. `1_` or `001_`.
    NumberWidth(String),
    /// `00` is not a sequence number.
    ZeroNumber,
    /// Nothing between the underscore and the extension.
    NoTitle,
    /// No extension at all.
    NoExtension,
}

impl NameProblem {
    /// Plain words for the problem, used in messages.
    pub fn describe(&self) -> String {
        match self {
            NameProblem::NoNumber => "it does not start with a two-digit number and `_`".into(),
            NameProblem::NumberWidth(n) => {
                format!("its number `{n}` is not two digits (write 01 to 99)")
            }
            NameProblem::ZeroNumber => "numbering starts at 01, not 00".into(),
            NameProblem::NoTitle => "it has no title after the number".into(),
            NameProblem::NoExtension => "it has no file extension".into(),
        }
    }
}

/// Extensions of the document types a pack may hold, lowercase.
pub const SUPPORTED_EXTENSIONS: &[&str] = &["pdf", "jpg", "jpeg", "png", "tif", "tiff"];

/// Splits `name` into stem and lowercased extension (`None` when there is none).
pub fn split_extension(name: &str) -> (&str, Option<String>) {
    match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => (&name[..i], Some(name[i + 1..].to_lowercase())),
        _ => (name, None),
    }
}

/// Parses `NN_Title.ext`; the title may use any characters (unsafe ones are another rule's business).
pub fn parse(name: &str) -> Result<DocName, NameProblem> {
    let (stem, ext) = split_extension(name);
    let digits: String = stem.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &stem[digits.len()..];
    // `01-Passport.pdf` and `01 Passport.pdf` are close, but portals and sorting rely on `_`.
    let (Some(title), false) = (rest.strip_prefix('_'), digits.is_empty()) else {
        return Err(NameProblem::NoNumber);
    };
    if digits.len() != 2 {
        return Err(NameProblem::NumberWidth(digits));
    }
    let number: u32 = digits.parse().map_err(|_| NameProblem::NoNumber)?;
    if number == 0 {
        return Err(NameProblem::ZeroNumber);
    }
    if title.trim_matches(['_', '-', ' ']).is_empty() {
        return Err(NameProblem::NoTitle);
    }
    let Some(ext) = ext else {
        return Err(NameProblem::NoExtension);
    };
    Ok(DocName {
        number,
        title: title.to_string(),
        ext,
    })
}

/// The title a file would have if it were well named: the stem without any leading number.
pub fn loose_title(name: &str) -> &str {
    let (stem, _) = split_extension(name);
    stem.trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['_', '-', ' ', '.'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_well_formed_names() {
        let n = parse("02_Passport_Bio_Page.PDF").unwrap();
        assert_eq!(n.number, 2);
        assert_eq!(n.title, "Passport_Bio_Page");
        assert_eq!(n.ext, "pdf");
        assert_eq!(parse("10_passport-bio-page.jpeg").unwrap().number, 10);
    }

    #[test]
    fn rejects_malformed_names() {
        assert_eq!(parse("Flight itinerary.pdf"), Err(NameProblem::NoNumber));
        assert_eq!(
            parse("1_Passport.pdf"),
            Err(NameProblem::NumberWidth("1".into()))
        );
        assert_eq!(
            parse("001_Passport.pdf"),
            Err(NameProblem::NumberWidth("001".into()))
        );
        assert_eq!(parse("00_Index.pdf"), Err(NameProblem::ZeroNumber));
        assert_eq!(parse("03_.pdf"), Err(NameProblem::NoTitle));
        assert_eq!(parse("03_Photo"), Err(NameProblem::NoExtension));
        assert_eq!(parse("03-Photo.jpg"), Err(NameProblem::NoNumber));
        assert_eq!(parse("Passport.pdf"), Err(NameProblem::NoNumber));
    }

    #[test]
    fn loose_title_drops_numbers() {
        assert_eq!(loose_title("1_Passport.pdf"), "Passport");
        assert_eq!(loose_title("Flight itinerary.pdf"), "Flight itinerary");
    }
}
