//! What the CI formats share: the path a finding points at, and its fingerprint.

use super::PackReport;
use crate::finding::Finding;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use xxhash_rust::xxh3::xxh3_128;

/// The manifest a pack-level finding points at when the pack has one.
const MANIFEST: &str = "dossier.toml";

/// The path, relative to where dossier ran, of the file a finding is about.
///
/// CI annotations need a file: a pack-level finding (`file == None`) points at the
/// pack's manifest, else its first document, else the pack folder itself.
pub fn target(pack: &PackReport, finding: &Finding) -> String {
    let base = pack_path(&pack.path);
    let name = finding.file.as_deref().or_else(|| {
        if pack.listing.iter().any(|n| n == MANIFEST) {
            Some(MANIFEST)
        } else {
            pack.documents.first().map(|d| d.file.as_str())
        }
    });
    match (base.is_empty(), name) {
        (true, Some(name)) => name.to_string(),
        (true, None) => ".".to_string(),
        (false, Some(name)) => format!("{base}/{name}"),
        (false, None) => base,
    }
}

/// A pack path with forward slashes and without `./` in front (`./a/` -> `a`, `.` -> ``),
/// since CI tools match annotation paths against repository paths textually.
fn pack_path(path: &str) -> String {
    let mut p = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/').to_string();
    }
    if p == "." {
        p.clear();
    }
    while p.len() > 1 && p.ends_with('/') {
        p.pop();
    }
    p
}

/// A path from [`target`] as a SARIF `artifactLocation.uri` (RFC 3986).
///
/// A relative path stays a relative reference, which GitHub resolves against the
/// repository root; an absolute one becomes a `file:` URI, since as a reference `/x`
/// would resolve against the base URI's host and `C:/x` would read as a scheme, neither
/// naming the file on disk. Everything outside the unreserved
/// characters, `/` and the sub-delimiters is percent-encoded (spaces, `%`, `#`, `?`, `:`
/// and non-ASCII bytes), so a colon can never be read as a scheme.
pub fn uri(path: &str) -> String {
    let drive = path.len() >= 2
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path.as_bytes()[1] == b':'
        && cfg!(windows);
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path)
    } else if drive {
        // `C:/x` -> `file:///C:/x`: the drive's colon is part of the path there.
        let encoded = encode(&path[2..]);
        return format!("file:///{}{encoded}", &path[..2]);
    } else {
        ("", path)
    };
    format!("{prefix}{}", encode(rest))
}

/// Percent-encodes every byte that may not stand as itself in a URI path.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Hands out fingerprints that are stable across runs and unique within one report.
#[derive(Default)]
pub struct Fingerprints {
    /// How often each finding identity (by its hash) has been seen in this run.
    seen: HashMap<u128, u32>,
    /// Fingerprints already handed out.
    given: HashSet<u128>,
}

impl Fingerprints {
    /// The fingerprint of a finding: a hash of its pack, file, rule, page and message,
    /// with an occurrence counter added before hashing when that identity repeats (the
    /// same pack named twice, or two findings that differ only in evidence).
    pub fn next(&mut self, pack: &PackReport, finding: &Finding) -> String {
        let identity = identity(pack, finding);
        let base = xxh3_128(identity.as_bytes());
        let count = self.seen.entry(base).or_insert(0);
        let mut occurrence = *count;
        *count += 1;
        loop {
            let fingerprint = if occurrence == 0 {
                base
            } else {
                xxh3_128(format!("{identity}\u{1f}#{occurrence}").as_bytes())
            };
            if self.given.insert(fingerprint) {
                return format!("{fingerprint:032x}");
            }
            // An occurrence's hash could equal another identity's; take the next one.
            occurrence += 1;
        }
    }
}

/// The fields that make a finding the same finding in the next run, unit-separated.
fn identity(pack: &PackReport, finding: &Finding) -> String {
    let page = finding.page.map(|p| p.to_string()).unwrap_or_default();
    [
        pack_path(&pack.path).as_str(),
        finding.file.as_deref().unwrap_or(""),
        finding.rule,
        page.as_str(),
        finding.message.as_str(),
    ]
    .join("\u{1f}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, Tally};
    use crate::report::DocumentSummary;

    fn pack(path: &str, listing: &[&str]) -> PackReport {
        PackReport {
            path: path.into(),
            profile: "kz-b1".into(),
            documents: listing
                .iter()
                .filter(|n| n.ends_with(".pdf"))
                .map(|n| DocumentSummary {
                    file: n.to_string(),
                    number: None,
                    kind: None,
                    pages: None,
                    bytes: 0,
                })
                .collect(),
            findings: Vec::new(),
            summary: Tally::default(),
            outputs: Vec::new(),
            facts: Vec::new(),
            pictures: Default::default(),
            listing: listing.iter().map(|n| n.to_string()).collect(),
            rules: Vec::new(),
        }
    }

    fn on_pack() -> Finding {
        Finding::pack(
            "pack/missing-document",
            Severity::Error,
            "no photo",
            "add it",
        )
    }

    #[test]
    fn pack_level_findings_point_at_manifest_then_first_document_then_folder() {
        let with_manifest = pack("a/b", &["01_Passport.pdf", "dossier.toml"]);
        assert_eq!(target(&with_manifest, &on_pack()), "a/b/dossier.toml");
        let without = pack("a/b", &["01_Passport.pdf", "02_Form.pdf"]);
        assert_eq!(target(&without, &on_pack()), "a/b/01_Passport.pdf");
        let empty = pack("a/b", &[]);
        assert_eq!(target(&empty, &on_pack()), "a/b");
        assert_eq!(target(&pack(".", &[]), &on_pack()), ".");
    }

    #[test]
    fn file_findings_join_the_pack_path() {
        let f = Finding::file("naming/gap", Severity::Error, "05_X.pdf", "m", "h");
        assert_eq!(
            target(&pack("./clients/anna", &[]), &f),
            "clients/anna/05_X.pdf"
        );
        assert_eq!(target(&pack(".", &[]), &f), "05_X.pdf");
        assert_eq!(target(&pack("../p", &[]), &f), "../p/05_X.pdf");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("a b/Flight itinerary.pdf"),
            "a%20b/Flight%20itinerary.pdf"
        );
        assert_eq!(uri("p/x:y#1?%.pdf"), "p/x%3Ay%231%3F%25.pdf");
        assert_eq!(
            uri("p/Заявка.pdf"),
            "p/%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0.pdf"
        );
        assert_eq!(uri("p/a,b.pdf"), "p/a,b.pdf");
        assert_eq!(uri("/abs/p/a b.pdf"), "file:///abs/p/a%20b.pdf");
        assert_eq!(uri("../p/x.pdf"), "../p/x.pdf");
    }

    #[test]
    fn fingerprints_are_stable_and_unique() {
        let p = pack("a", &[]);
        let f = Finding::file("naming/gap", Severity::Error, "05_X.pdf", "m", "h");
        let mut one = Fingerprints::default();
        let first = one.next(&p, &f);
        let second = one.next(&p, &f);
        assert_ne!(first, second);
        let mut two = Fingerprints::default();
        assert_eq!(two.next(&p, &f), first);
        assert_eq!(two.next(&p, &f), second);
        assert_eq!(first.len(), 32);
        // `./a` and `a` are the same pack.
        assert_eq!(Fingerprints::default().next(&pack("./a", &[]), &f), first);
    }
}
