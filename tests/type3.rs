//! Text set in Type 3 fonts (fixtures/type3/, made by Ghostscript's pdfwrite): read
//! through ToUnicode, or through the glyph names when there is none, and spaced by the
//! font's own em whatever its FontMatrix. Each fixture's `.txt` is what poppler's
//! `pdftotext` reads in it; dossier must read the same words on the same lines.

mod common;

use common::{check_json, findings, root};
use dossier::read::pdf::load_options;
use dossier::read::text::page_text;
use lopdf::Document;
use std::path::Path;

/// The non-empty lines of `text`, each with its words one space apart.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Asserts dossier reads fixtures/type3/NAME.pdf as pdftotext did (NAME.txt).
fn reads_like_pdftotext(name: &str) {
    let dir = root().join("fixtures/type3");
    let doc = Document::load_with_options(dir.join(format!("{name}.pdf")), load_options())
        .expect("the fixture opens");
    let pages: Vec<_> = doc
        .get_pages()
        .values()
        .map(|&id| page_text(&doc, id))
        .collect();
    assert_eq!(pages.len(), 1, "{name}");
    let page = &pages[0];
    assert!(!page.garbage, "{name}: judged garbage");
    let expected = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    assert!(
        expected.split_whitespace().count() >= 15,
        "{name}: the fixture holds real sentences"
    );
    assert_eq!(lines(&page.text), lines(&expected), "{name}");
}

#[test]
fn gn_glyph_names_read_through_to_unicode_with_a_unit_font_matrix() {
    // /g1, /g2... and FontMatrix [1 0 0 1 0 0] with a 50-unit em: small TJ adjustments
    // everywhere, and Ghostscript breaks the TJ arrays mid-word.
    reads_like_pdftotext("printer-driver");
}

#[test]
fn standard_glyph_names_read_without_to_unicode() {
    // AGL names, uniXXXX for Cyrillic, f_i, at codes in order of first use.
    reads_like_pdftotext("glyph-names");
}

#[test]
fn to_unicode_and_glyph_names_fill_in_for_each_other() {
    reads_like_pdftotext("partial-tounicode");
}

#[test]
fn codes_below_32_read_through_to_unicode() {
    // FontMatrix [0.01 0 0 0.01 0 0] with a 100-unit em: the conventional em.
    reads_like_pdftotext("few-glyphs");
}

#[test]
fn words_placed_one_by_one_in_a_tenth_of_a_unit_em_are_spaced() {
    // FontMatrix [0.01 0 0 0.01 0 0] with a 10-unit em: word gaps of -33 thousandths.
    reads_like_pdftotext("tex-style");
}

/// A copy of the clean pack 012-lee with four of its letters set in Type 3 fonts.
fn pack_with_type3_letters(dir: &Path) {
    let base = root().join("fixtures/packs/012-lee");
    for entry in std::fs::read_dir(&base).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for (fixture, document) in LETTERS {
        std::fs::copy(
            root().join("fixtures/type3").join(fixture),
            dir.join(document),
        )
        .unwrap();
    }
}

const LETTERS: [(&str, &str); 4] = [
    ("glyph-names.pdf", "04_Invitation_Letter.pdf"),
    ("printer-driver.pdf", "05_Employer_Letter.pdf"),
    ("few-glyphs.pdf", "08_Hotel_Reservation.pdf"),
    ("tex-style.pdf", "09_Travel_Insurance.pdf"),
];

#[test]
fn a_pack_of_type3_letters_is_checked_not_reported_without_text() {
    let dir = tempfile::tempdir().unwrap();
    pack_with_type3_letters(dir.path());
    let (_, report) = check_json(&[dir.path().to_str().unwrap()]);
    let all = findings(&report);
    for (_, document) in LETTERS {
        let no_text = all.iter().find(|f| {
            f["rule"] == "scan/no-text"
                && (f["file"] == document
                    || f["message"].as_str().is_some_and(|m| m.contains(document)))
        });
        assert!(no_text.is_none(), "{document}: {no_text:?}");
    }
    // The letters' dates (19 December to 1 January) were read and compared with the
    // manifest's trip (19 to 29 January).
    for document in [
        "04_Invitation_Letter.pdf",
        "05_Employer_Letter.pdf",
        "09_Travel_Insurance.pdf",
    ] {
        assert!(
            all.iter()
                .any(|f| f["rule"] == "consistency/dates" && f["file"] == document),
            "{document}: its dates were not read: {all:#?}"
        );
    }
}
