//! A file or the assembled pack exceeds the profile's size limit.
//!
//! ## What it does
//! Reports each document larger than the profile's `[limits] file_max_mb` (kz-b1: 10 MB,
//! a common upload limit of consular portals), and a pack whose documents add up to more
//! than `pack_max_mb` (kz-b1: 25 MB, a common e-mail attachment ceiling): the assembled
//! PDF is about that large, since pages are copied and images embedded as they are.
//! Sizes are in MB of 1,000,000 bytes, as portals count them.
//!
//! ## Why is this bad?
//! A portal refuses an upload over its limit, often only after the upload, and a pack sent
//! by e-mail bounces. Oversized files are usually scans at a needlessly high resolution
//! or saved without compression.
//!
//! ## How to fix
//! Scan again at 300 dpi (not 600 or 1200) as JPEG rather than uncompressed, or compress
//! the PDF (`ocrmypdf --optimize 2 in.pdf out.pdf`, or Ghostscript's `-dPDFSETTINGS=/ebook`),
//! then check the result is still legible.
//!
//! ## Example
//! ```text
//! 01_Passport.pdf: 14.2 MB, over the 10 MB a file may be
//! ```

use crate::engine::{Context, Need};
use crate::finding::{Finding, Severity};
use crate::pack::Pack;
use crate::rule_id;
use crate::rules::{Check, Meta, finding_on};

/// `pack/size`.
pub struct Size;

impl Check for Size {
    const META: Meta = Meta::new(rule_id!(), Severity::Warning, &[Need::Listing]);

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let pack = ctx.pack;
        let mb = |bytes: u64| bytes as f64 / 1e6;
        if let Some(limit) = pack.profile.file_max_mb() {
            for e in pack.documents().filter(|e| mb(e.bytes) > limit) {
                out.push(
                    finding_on(
                        self,
                        &e.name,
                        format!("{:.1} MB, over the {limit} MB a file may be", mb(e.bytes)),
                        "scan at 300 dpi as JPEG, or compress the PDF, then check it is still legible",
                    )
                    .with("mb", round(mb(e.bytes)))
                    .with("max_mb", limit),
                );
            }
        }
        if let Some(limit) = pack.profile.pack_max_mb() {
            let total: u64 = pack.documents().map(|e| e.bytes).sum();
            if mb(total) > limit {
                out.push(
                    Finding::pack(
                        Self::META.id,
                        Self::META.severity,
                        format!(
                            "the documents add up to {:.1} MB, over the {limit} MB the assembled pack may be",
                            mb(total)
                        ),
                        "compress the largest scans (see the files flagged here or sort the folder by size)",
                    )
                    .with("mb", round(mb(total)))
                    .with("max_mb", limit),
                );
            }
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The finding for an assembled pack of `bytes` over the profile's `pack_max_mb` (what
/// `build` reports once the real size is known, in place of the documents' sum).
pub fn assembled(pack: &Pack, output: &str, bytes: u64) -> Option<Finding> {
    let limit = pack.profile.pack_max_mb()?;
    let mb = bytes as f64 / 1e6;
    (mb > limit).then(|| {
        Finding::pack(
            Size::META.id,
            Size::META.severity,
            format!("the assembled {output} is {mb:.1} MB, over the {limit} MB the pack may be"),
            "compress the largest scans (`dossier check` flags files over the per-file limit), then build again",
        )
        .with("mb", round(mb))
        .with("max_mb", limit)
    })
}

/// The finding on one file a split build wrote, when it is over the portal's per-file
/// limit: an error, since the portal refuses the upload. It is on the document the file
/// carries (`source`), or on the pack for the index.
pub fn output_file(
    pack: &Pack,
    limit: Option<f64>,
    source: Option<&str>,
    written: &str,
    bytes: u64,
) -> Option<Finding> {
    let limit = limit.or(pack.profile.file_max_mb())?;
    let mb = bytes as f64 / 1e6;
    (mb > limit).then(|| {
        let message = format!("written as {written}, {mb:.2} MB: over the {limit} MB a file may be");
        let help = "scan that document again at 300 dpi as JPEG (quality 85), or compress its scans, then build again";
        let mut f = match source {
            Some(file) => finding_on(&Size, file, message, help),
            None => Finding::pack(Size::META.id, Severity::Error, message, help),
        }
        .with("mb", round(mb))
        .with("max_mb", limit)
        .with("written", written);
        f.severity = Severity::Error;
        f
    })
}
