//! Text extraction on real producers' PDFs: reportlab, WeasyPrint (Identity-H CID fonts),
//! LibreOffice, the OCRmyPDF invisible layer, and a font stripped of its ToUnicode map.

mod common;

use common::root;
use dossier::read::pdf::load_options;
use dossier::read::text::{PageText, page_text};
use lopdf::{Document, Object};

fn load(rel: &str) -> Document {
    Document::load_with_options(root().join(rel), load_options()).unwrap()
}

fn texts(doc: &Document) -> Vec<PageText> {
    doc.get_pages()
        .values()
        .map(|&id| page_text(doc, id))
        .collect()
}

#[test]
fn cyrillic_and_kazakh_come_back_as_written() {
    let doc = load("fixtures/packs/013-kobayashi/04_Invitation.pdf");
    let t = &texts(&doc)[0];
    assert!(!t.garbage);
    assert!(t.text.contains("ПРИГЛАШЕНИЕ"), "{}", t.text);
    assert!(t.text.contains("Достық даңғылы, 240"), "{}", t.text);
    assert!(
        t.text.contains("с 19 декабря 2026 г. по 1 января 2027 г."),
        "{}",
        t.text
    );
}

#[test]
fn lines_break_where_the_text_moves_down() {
    let doc = load("fixtures/packs/013-kobayashi/02_Form.pdf");
    let t = &texts(&doc)[0];
    let lines: Vec<&str> = t.text.lines().collect();
    assert!(lines.contains(&"Passport number TS1054494"), "{}", t.text);
    assert!(
        lines.contains(&"Intended date of arrival December 19, 2026"),
        "{}",
        t.text
    );
}

#[test]
fn the_invisible_ocr_layer_is_read() {
    // OCRmyPDF over a scanned bio page: the MRZ's second line survives OCR intact.
    let doc = load("fixtures/packs/008-bianchi/01_Passport_Bio_Page.pdf");
    let t = &texts(&doc)[0];
    assert!(!t.garbage);
    assert!(
        t.text
            .contains("UT849211241TA7108167F3007011<<<<<<<<<<<<<<06"),
        "{}",
        t.text
    );
}

#[test]
fn a_scan_without_ocr_has_no_text() {
    let doc = load("fixtures/packs/013-kobayashi/01_Passport_Scan.pdf");
    assert!(texts(&doc).iter().all(|t| t.text.is_empty()));
}

/// Removes `/ToUnicode` from every composite (Type0) font; returns how many it changed.
fn strip_to_unicode(doc: &mut Document) -> usize {
    let mut n = 0;
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj
            && d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
            && d.remove(b"ToUnicode").is_some()
        {
            n += 1;
        }
    }
    n
}

#[test]
fn an_identity_font_without_to_unicode_is_no_text_layer() {
    // The first fixture PDF with composite fonts (WeasyPrint and LibreOffice write them).
    let mut found = false;
    let mut packs: Vec<_> = std::fs::read_dir(root().join("fixtures/packs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    packs.sort();
    for pack in packs {
        let mut files: Vec<_> = std::fs::read_dir(&pack)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        files.sort();
        for path in files {
            let Ok(mut doc) = Document::load_with_options(&path, load_options()) else {
                continue;
            };
            let before = texts(&doc);
            if before.iter().all(|t| t.text.is_empty()) || strip_to_unicode(&mut doc) == 0 {
                continue;
            }
            let after = texts(&doc);
            assert!(
                after.iter().all(|t| t.garbage && t.text.is_empty()),
                "{}: {after:?}",
                path.display()
            );
            found = true;
            break;
        }
        if found {
            break;
        }
    }
    assert!(found, "no fixture PDF with a composite font");
}
