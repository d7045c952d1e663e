//! A document has no text layer, so its content was not checked.
//!
//! ## What it does
//! Reports each document (other than the photo) from which no text could be read: a scan
//! or an image that neither holds a text layer nor could be read by OCR, or a PDF whose
//! only text is garbage (a font without the table that maps its glyphs back to letters,
//! so copying the text gives nonsense). dossier reads scanned pages with Tesseract when it
//! is installed; the message says why it did not: Tesseract missing (one finding for the
//! pack, listing the documents), `--no-ocr`, or OCR finding no words. The content rules
//! (`consistency/*`, `validity/*`, `category/employment`) skip such a document: nothing in
//! it can be compared. The passport is read by its machine-readable zone instead, from
//! its pixels: a passport is reported only when no zone was read there, with the reason
//! (`evidence.mrz`): `cut-off` (the zone runs into the image's edge), `too-small` (its
//! characters are only a few pixels wide), `unreadable` (its lines were found but do not
//! read as OCR-B) or `not-found`.
//!
//! ## Why is this bad?
//! It is not wrong in itself, and many consulates accept scans. But dossier cannot check
//! the dates, names and numbers in it, so a typo there stays unseen. Portals that search
//! or index uploads also read nothing from it.
//!
//! ## How to fix
//! Install Tesseract (`apt install tesseract-ocr tesseract-ocr-rus`, `brew install
//! tesseract tesseract-lang`) so dossier reads scans itself, or use the document as its
//! issuer produced it (a PDF exported from the original, not a scan of a print-out).
//!
//! ## Example
//! ```text
//! 07_Bank_Statements.pdf: no text layer: its dates, names and numbers were not checked
//! 01_Passport.jpg: no text layer, and its machine-readable zone could not be read: it is cut off at the edge of the image; ...
//! pack: Tesseract is not installed: 2 scanned documents were not read (03_Invitation.pdf, 05_Employer_Letter.pdf)
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::measure::mrz::Miss;
use crate::pack::role::KindRole;
use crate::read::ocr::Skipped;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `scan/no-text`.
pub struct NoText;

impl Check for NoText {
    const META: Meta = Meta::new(rule_id!(), Severity::Info, &[Need::Facts])
        .help("use the PDF its issuer produced rather than a scan, or add a text layer with OCR (`ocrmypdf in.pdf out.pdf`)");

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let facts = ctx.facts();
        let mut not_installed = Vec::new();
        for doc in &facts.docs {
            let Some(reading) = ctx.reading_of(&doc.file).filter(|r| r.failure.is_none()) else {
                continue;
            };
            // A passport whose zone was read from its pixels has had its facts read.
            if doc.has_text || doc.role == Some(KindRole::Photo) || doc.mrz_from_pixels {
                continue;
            }
            let skipped = reading
                .page_info
                .iter()
                .find_map(|p| p.ocr_skipped.as_ref());
            let message = match skipped {
                Some(Skipped::Missing) => {
                    not_installed.push(doc.file.as_str());
                    continue;
                }
                Some(Skipped::Off) => {
                    "no text layer, and OCR is off (`--no-ocr`): its dates, names and numbers were not checked".to_string()
                }
                Some(Skipped::Failed(why)) => format!(
                    "no text layer, and OCR could not read it ({why}): its dates, names and numbers were not checked"
                ),
                None if doc.role == Some(KindRole::Passport) => {
                    let why = doc.mrz_miss.unwrap_or(Miss::NotFound);
                    out.push(
                        finding_on(
                            self,
                            &doc.file,
                            format!("no text layer, and its machine-readable zone could not be read: {}; its dates, names and numbers were not checked", why.reason()),
                            why.help(),
                        )
                        .with("mrz", why.as_str()),
                    );
                    continue;
                }
                None => "no text layer: its dates, names and numbers were not checked".to_string(),
            };
            out.push(finding_on(self, &doc.file, message, Self::META.help));
        }
        if !not_installed.is_empty() {
            let n = not_installed.len();
            out.push(
                Finding::pack(
                    Self::META.id,
                    Self::META.severity,
                    format!(
                        "Tesseract is not installed: {n} scanned document{} not read ({})",
                        if n == 1 { " was" } else { "s were" },
                        not_installed.join(", ")
                    ),
                    "install Tesseract to check the words of scans: `apt install tesseract-ocr tesseract-ocr-rus` (Debian, Ubuntu), `brew install tesseract tesseract-lang` (macOS), `choco install tesseract` (Windows)",
                )
                .with("documents", not_installed),
            );
        }
    }
}
