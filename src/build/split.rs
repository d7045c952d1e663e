//! `build --split`: one PDF per document, for portals that take each document as a file
//! of its own.
//!
//! A PDF that needs no change is copied byte for byte: the file the applicant checked is
//! the file uploaded. Images become one PDF each, losslessly, as in the merged build; a
//! PDF whose active content is removed is written again without it.

use super::{Assembly, Content, Known, Omitted, Stripped, finish, index_of, load_all};
use crate::content::pack::PackFacts;
use crate::pack::Pack;
use crate::pack::entry::Entry;
use crate::pack::upload::Upload;
use lopdf::Document;

/// One output file.
#[derive(Debug, Clone)]
pub struct SplitFile {
    /// Its file name, as the portal's rules make it.
    pub name: String,
    /// The pack file it carries; `None` for the index.
    pub source: Option<String>,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Whether the bytes are the source's own.
    pub copied: bool,
    /// The source's size in bytes.
    pub source_bytes: u64,
    /// Pages it holds.
    pub pages: usize,
    /// What was done to fit it under the size limit, when anything was.
    pub changes: Option<String>,
    /// Why it could not be made to fit, with the smallest size reached.
    pub no_fit: Option<super::shrink::NoFit>,
}

/// The files of a split build and what was left out or changed.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The files, in the pack's order (the index first when there is one).
    pub files: Vec<SplitFile>,
    /// Documents left out.
    pub omitted: Vec<Omitted>,
    /// Documents whose active content was removed.
    pub stripped: Vec<Stripped>,
}

/// One PDF per document of the pack, named by `upload`, with the index as a file of its
/// own when `upload.index` asks for it. Nothing a document holds can make this fail.
pub fn split(
    pack: &Pack,
    facts: Option<&PackFacts>,
    opts: &super::Options,
    upload: &Upload,
) -> Result<Split, String> {
    let mut docs: Vec<&Entry> = pack.documents().collect();
    docs.sort_by_key(|e| (e.number().unwrap_or(u32::MAX), e.name.clone()));
    let paper = opts.paper.size();
    let parts = load_all(&docs, paper, &opts.unusable);
    let mut out = Split::default();
    let mut taken = std::collections::BTreeSet::new();
    // Two documents whose names the portal's rules make equal: the second gets `_2`.
    let mut unique = |name: String| {
        let mut candidate = name.clone();
        let mut n = 2;
        while !taken.insert(candidate.to_ascii_lowercase()) {
            candidate = format!("{}_{n}.pdf", name.trim_end_matches(".pdf"));
            n += 1;
        }
        candidate
    };
    let mut names = Vec::with_capacity(parts.len());
    for part in &parts {
        let stem = part
            .entry
            .name
            .rsplit_once('.')
            .map_or(part.entry.name.as_str(), |(s, _)| s);
        names.push(unique(upload.file_name(&part.number, &part.title, stem)));
    }
    if upload.index {
        let known = Known::of(pack, facts);
        let mut index = index_of(pack, &known, &parts, paper);
        for ((row, part), name) in index.rows.iter_mut().zip(&parts).zip(&names) {
            // The portal holds files, not page ranges: the row names the file uploaded.
            match part.content {
                Content::Omitted(_) => row.pages = "not included".into(),
                _ => {
                    row.pages = part.content.pages().to_string();
                    row.file = name.clone();
                }
            }
        }
        let drawn = index.draw()?;
        let name = unique(upload.file_name("00", "Index", "00_Index"));
        let pages = index.page_count();
        out.files.push(SplitFile {
            name,
            source: None,
            source_bytes: 0,
            bytes: drawn.pdf,
            copied: false,
            pages,
            changes: None,
            no_fit: None,
        });
    }
    for (part, name) in parts.into_iter().zip(names) {
        let source_bytes = part.entry.bytes;
        let mut changes = None;
        let (bytes, copied, pages) = match part.content {
            Content::Omitted(reason) => {
                out.omitted.push(Omitted {
                    file: part.entry.name.clone(),
                    reason,
                });
                continue;
            }
            Content::Pdf(doc, removed)
                if removed.is_empty()
                    && (!opts.fit_pages || super::paper::on_paper(&doc, paper)) =>
            {
                let pages = doc.get_pages().len();
                match std::fs::read(&part.entry.path) {
                    Ok(bytes) => (bytes, true, pages),
                    Err(e) => {
                        out.omitted.push(Omitted {
                            file: part.entry.name.clone(),
                            reason: format!("it could not be read again: {e}"),
                        });
                        continue;
                    }
                }
            }
            content => {
                let mut asm = Assembly::new();
                match content {
                    Content::Pdf(doc, removed) => {
                        if !removed.is_empty() {
                            out.stripped.push(Stripped {
                                file: part.entry.name.clone(),
                                removed,
                            });
                        }
                        asm.append_pdf(*doc, &part.number);
                    }
                    Content::Image(images) => {
                        for page in images {
                            asm.append_image(page);
                        }
                    }
                    Content::Omitted(_) => unreachable!("left out above"),
                }
                if opts.fit_pages {
                    let ids = asm.pages.clone();
                    let n = super::paper::fit_pages(&mut asm.doc, &ids, paper);
                    let name = match opts.paper {
                        super::Paper::A4 => "A4",
                        super::Paper::Letter => "Letter",
                    };
                    let plural = if n == 1 { "" } else { "s" };
                    changes = (n > 0).then(|| format!("{n} page{plural} put on {name}"));
                }
                let pages = asm.pages.len();
                let bytes = written(
                    asm,
                    &part.number,
                    &part.title,
                    &part.entry.name,
                    part.digest,
                    opts,
                )?;
                (bytes, false, pages)
            }
        };
        out.files.push(SplitFile {
            name,
            source: Some(part.entry.name.clone()),
            source_bytes,
            bytes,
            copied,
            pages,
            changes,
            no_fit: None,
        });
    }
    Ok(out)
}

/// Shrinks every file over `budget` bytes (see [`super::shrink`]); a file that fits is
/// left byte for byte as it was, one that cannot be made to fit keeps its bytes and says
/// why.
pub fn fit(
    split: &mut Split,
    budget: u64,
    floors: super::shrink::Floors,
    legible: &(dyn Fn(&SplitFile, &[u8]) -> bool + Sync),
) {
    use rayon::prelude::*;
    split
        .files
        .par_iter_mut()
        .filter(|f| f.bytes.len() as u64 > budget)
        .for_each(|f| {
            let check = |bytes: &[u8]| legible(f, bytes);
            let result = super::shrink::shrink(&f.bytes, budget, floors, &check);
            match result {
                Ok(shrunk) => {
                    f.bytes = shrunk.bytes;
                    f.changes = Some(match f.changes.take() {
                        Some(before) => format!("{before}; {}", shrunk.changes),
                        None => shrunk.changes,
                    });
                    f.copied = false;
                }
                Err(no) => f.no_fit = Some(no),
            }
        });
}

/// One document's assembly as a finished PDF: a bookmark to its first page, its /ID a
/// hash of the source and the options, so the same input gives the same bytes.
fn written(
    asm: Assembly,
    number: &str,
    title: &str,
    file: &str,
    digest: u128,
    opts: &super::Options,
) -> Result<Vec<u8>, String> {
    let mut id = xxhash_rust::xxh3::Xxh3::new();
    id.update(env!("CARGO_PKG_VERSION").as_bytes());
    id.update(&[opts.paper as u8]);
    id.update(file.as_bytes());
    id.update(&digest.to_le_bytes());
    let id = id.digest128().to_be_bytes();
    let heading = super::Span {
        pages: 0..asm.pages.len(),
        number: number.to_string(),
        title: title.to_string(),
    }
    .heading();
    let items: Vec<(String, lopdf::ObjectId)> = asm
        .pages
        .first()
        .map(|&p| (heading, p))
        .into_iter()
        .collect();
    let labels = [(0, number.to_string())];
    let doc: Document = finish(asm, None, &items, &labels, id);
    super::save(doc).map_err(|e| e.to_string())
}
