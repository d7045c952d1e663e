//! A portal's upload rules: one merged PDF or one file per document, the size limits, the
//! file names it accepts, and the photo it wants. The profile's `[upload]` table.

use serde::Deserialize;

/// How the portal takes the pack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UploadMode {
    /// One indexed, bookmarked PDF.
    #[default]
    Merged,
    /// One PDF per document.
    PerDocument,
}

/// The portal's rules for uploaded files; every field may be left out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Upload {
    /// One merged PDF or one file per document.
    pub mode: UploadMode,
    /// Largest file the portal takes, in kB (1000 bytes).
    pub max_file_kb: Option<f64>,
    /// Largest sum of all files, in kB.
    pub max_total_kb: Option<f64>,
    /// File types the portal takes, by extension (`pdf`, `jpg`).
    pub formats: Vec<String>,
    /// The page size the portal wants (`A4`, `Letter`), when it names one.
    pub page_size: Option<String>,
    /// Output file name: `{number}`, `{title}` and `{stem}` (the pack's own file name
    /// without its extension) are replaced; `.pdf` is added.
    pub name_pattern: String,
    /// Longest file name, extension included.
    pub max_name_len: Option<usize>,
    /// The characters a file name may hold besides ASCII letters and digits; others
    /// become `_`.
    pub name_chars: String,
    /// Whether the index is uploaded as a file of its own in per-document mode.
    pub index: bool,
    /// The photo the portal wants, when it takes one as a separate file.
    pub photo: Option<UploadPhoto>,
}

impl Default for Upload {
    fn default() -> Self {
        Upload {
            mode: UploadMode::Merged,
            max_file_kb: None,
            max_total_kb: None,
            formats: Vec::new(),
            page_size: None,
            name_pattern: "{stem}".into(),
            max_name_len: None,
            name_chars: "_-.".into(),
            index: false,
            photo: None,
        }
    }
}

/// The photo file a portal wants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadPhoto {
    /// `jpeg` (the only one portals ask for).
    #[serde(default = "jpeg")]
    pub format: String,
    /// Smallest and largest side in pixels.
    pub px: [u32; 2],
    /// Whether width must equal height.
    #[serde(default)]
    pub square: bool,
    /// Largest file, in kB.
    pub max_kb: f64,
}

fn jpeg() -> String {
    "jpeg".into()
}

impl Upload {
    /// Why the table cannot be used, if it cannot.
    pub fn validate(&self) -> Result<(), String> {
        let positive = |v: Option<f64>| v.is_none_or(|x| x.is_finite() && x > 0.0);
        if !positive(self.max_file_kb) || !positive(self.max_total_kb) {
            return Err("[upload] max_file_kb and max_total_kb are sizes above zero".into());
        }
        if let Some(p) = &self.page_size
            && !["a4", "letter"].contains(&p.to_ascii_lowercase().as_str())
        {
            return Err(format!("[upload] page_size = \"{p}\": A4 or Letter"));
        }
        if self.max_name_len.is_some_and(|n| n < 8) {
            return Err("[upload] max_name_len must leave room for a name: 8 or more".into());
        }
        if let Some(c) = self.name_chars.chars().find(|c| "/\\\0".contains(*c)) {
            return Err(format!("[upload] name_chars may not hold {c:?}"));
        }
        if let Some(photo) = &self.photo {
            if photo.format != "jpeg" {
                return Err("[upload.photo] format: only \"jpeg\" is written".into());
            }
            if photo.px[0] == 0 || photo.px[0] > photo.px[1] {
                return Err("[upload.photo] px = [smallest, largest] side, above zero".into());
            }
            if !(photo.max_kb.is_finite() && photo.max_kb > 0.0) {
                return Err("[upload.photo] max_kb is a size above zero".into());
            }
        }
        Ok(())
    }

    /// The name of the file that carries a document: the pattern filled in, every
    /// character the portal does not take made `_`, cut to the longest name allowed.
    pub fn file_name(&self, number: &str, title: &str, stem: &str) -> String {
        let filled = self
            .name_pattern
            .replace("{number}", number)
            .replace("{title}", title)
            .replace("{stem}", stem);
        let mut name = String::with_capacity(filled.len());
        for c in filled.chars() {
            let keep = c.is_ascii_alphanumeric() || self.name_chars.contains(c);
            // Runs of replaced characters are one `_`: "Bank statement (May)" is
            // `Bank_statement_May_`, not `Bank_statement__May_`.
            if keep {
                name.push(c);
            } else if !name.ends_with('_') {
                name.push('_');
            }
        }
        let name = name.trim_matches(|c| c == '_' || c == '.');
        let mut name = if name.is_empty() { "document" } else { name }.to_string();
        if let Some(max) = self.max_name_len {
            let keep = max.saturating_sub(4);
            if name.len() > keep {
                name.truncate(keep);
                name = name.trim_end_matches(['_', '.', '-']).to_string();
            }
        }
        name.push_str(".pdf");
        name
    }

    /// Largest file, in bytes.
    pub fn max_file_bytes(&self) -> Option<u64> {
        self.max_file_kb.map(|kb| (kb * 1000.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_what_the_portal_takes() {
        let mut u = Upload::default();
        assert_eq!(
            u.file_name("07", "Bank_Statement", "07_Bank statement (May)"),
            "07_Bank_statement_May.pdf"
        );
        assert_eq!(u.file_name("1", "X", "Паспорт"), "document.pdf");
        u.name_pattern = "{number}-{title}".into();
        u.max_name_len = Some(12);
        assert_eq!(u.file_name("07", "Bank_Statement", "x"), "07-Bank.pdf");
        u.name_chars = String::new();
        assert_eq!(u.file_name("07", "Bank_Statement", "x"), "07_Bank.pdf");
    }

    #[test]
    fn bad_tables_are_refused() {
        let mut u = Upload {
            max_file_kb: Some(0.0),
            ..Upload::default()
        };
        assert!(u.validate().is_err());
        u.max_file_kb = Some(2000.0);
        assert!(u.validate().is_ok());
        u.page_size = Some("A3".into());
        assert!(u.validate().is_err());
    }
}
