//! What one check of a pack has read: the plain [`Pack`] plus, per document, a reading
//! made on first use and the pack's facts settled on first use.
//!
//! The context reads only as deep as the run's rules need ([`Need`]): a run of name rules
//! opens no file, a run of content rules decodes no scan, and a photo rule reads the photo
//! alone. Each document is read at most once per run, whichever rule asks first.

use crate::content::PackFacts;
use crate::pack::Pack;
use crate::pack::entry::Entry;
use crate::read::{ReadOptions, Reading, read_entry};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::OnceLock;

/// What a rule reads of a pack; the engine reads only what the run's rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    /// The folder listing: names, sizes, the manifest and the profile.
    Listing,
    /// Each file's first bytes: its real type (sniffed while listing).
    Header,
    /// Each document opened: structure, pages, encryption, repairs, signatures.
    Document,
    /// The text of each page.
    Text,
    /// Scanned pages and photos decoded and measured.
    Pixels,
    /// What the documents say, settled for the pack (reads their text).
    Facts,
    /// Pictures of the scanned pages, kept from their decoding (the HTML report).
    Pictures,
}

impl Need {
    /// Whether a rule with these needs stays within names, types and the manifest: what
    /// `check --fast` runs, never opening a document beyond its first bytes.
    pub fn fast(needs: &[Need]) -> bool {
        needs
            .iter()
            .all(|n| matches!(n, Need::Listing | Need::Header))
    }
}

/// One check's view of a pack: the pack, and what has been read of it so far.
pub struct Context<'p> {
    /// The pack, as listed.
    pub pack: &'p Pack,
    /// How deep documents are read in this run.
    depth: ReadOptions,
    /// Aligned with `pack.entries`; each filled the first time a rule asks.
    readings: Vec<OnceLock<Option<Reading>>>,
    facts: OnceLock<PackFacts>,
}

impl<'p> Context<'p> {
    /// A context that reads what rules with these needs use, and no more.
    pub fn new(pack: &'p Pack, needs: impl IntoIterator<Item = Need>) -> Context<'p> {
        let mut depth = ReadOptions {
            text: false,
            pixels: false,
            colour: false,
            ocr: false,
            mrz: false,
            pictures: false,
        };
        for need in needs {
            match need {
                // A rule that reads words reads them on scans too.
                Need::Text | Need::Facts => (depth.text, depth.ocr) = (true, true),
                Need::Pixels => depth.pixels = true,
                Need::Pictures => depth.pictures = true,
                Need::Listing | Need::Header | Need::Document => {}
            }
        }
        Context {
            pack,
            depth,
            readings: pack.entries.iter().map(|_| OnceLock::new()).collect(),
            facts: OnceLock::new(),
        }
    }

    /// The same context with OCR off: for re-measuring pixels (a re-encoded scan), where
    /// Tesseract's words are not what is asked and cost seconds a page.
    pub fn without_ocr(mut self) -> Context<'p> {
        self.depth.ocr = false;
        self
    }

    /// How the entry at `i` is read: the run's depth, colour where the profile wants it.
    fn options(&self, entry: &Entry) -> ReadOptions {
        // Colour is decoded only where a rule looks at it: the kinds the profile wants
        // scanned in colour. Everything else is measured on luma, decoded faster.
        let colour = self.pack.profile.scan.wants_colour(entry);
        ReadOptions {
            colour,
            ..self.depth
        }
    }

    /// The reading of the entry at `i`, read now if no rule asked before.
    fn reading_at(&self, i: usize) -> Option<&Reading> {
        let entry = &self.pack.entries[i];
        self.readings[i]
            .get_or_init(|| read_entry(entry, self.options(entry)))
            .as_ref()
    }

    /// The documents that could be opened and that `wanted` keeps, with their readings;
    /// those not read yet are read now, in parallel.
    pub fn readings_where(
        &self,
        wanted: impl Fn(&Entry) -> bool + Sync,
    ) -> impl Iterator<Item = (&'p Entry, &Reading)> {
        let picked: Vec<usize> = (0..self.pack.entries.len())
            .filter(|&i| wanted(&self.pack.entries[i]))
            .collect();
        let unread = picked.iter().filter(|&&i| self.readings[i].get().is_none());
        if unread.count() > 1 {
            picked.par_iter().for_each(|&i| {
                self.reading_at(i);
            });
        }
        picked
            .into_iter()
            .filter_map(|i| Some((&self.pack.entries[i], self.reading_at(i)?)))
    }

    /// Every document that could be opened, with its reading.
    pub fn readings(&self) -> impl Iterator<Item = (&'p Entry, &Reading)> {
        self.readings_where(|_| true)
    }

    /// The reading of the document with this file name, if it can be opened.
    pub fn reading_of(&self, file: &str) -> Option<&Reading> {
        let i = self.pack.entries.iter().position(|e| e.name == file)?;
        self.reading_at(i)
    }

    /// What reading found per entry (aligned with `pack.entries`) for the entries read
    /// so far; never reads.
    pub fn read_so_far(&self) -> impl Iterator<Item = Option<&Reading>> {
        self.readings
            .iter()
            .map(|r| r.get().and_then(Option::as_ref))
    }

    /// The pack's facts if a rule has asked for them: never reads a document.
    pub fn facts_settled(&self) -> Option<&PackFacts> {
        self.facts.get()
    }

    /// What the documents say and the pack's facts, read on first use, once.
    pub fn facts(&self) -> &PackFacts {
        self.facts
            .get_or_init(|| PackFacts::of(self.pack, self.readings()))
    }
}
