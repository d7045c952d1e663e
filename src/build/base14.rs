//! Helvetica and Helvetica-Bold, two of the 14 fonts every PDF reader has, so a page that
//! uses them embeds no font: their widths from Adobe's AFM files and the WinAnsiEncoding
//! (PDF 1.7, Annex D) their text is written in. Latin text only; the rest goes to DejaVu.

/// A weight of Helvetica, as a PDF names it and as the layout measures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helvetica {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

impl Helvetica {
    /// The `/BaseFont` name.
    pub fn base_font(self) -> &'static str {
        match self {
            Helvetica::Regular => "Helvetica",
            Helvetica::Bold => "Helvetica-Bold",
        }
    }

    /// The width of the text in points at this size; a character WinAnsi lacks counts 0.
    pub fn width(self, text: &str, size: f32) -> f32 {
        let widths = match self {
            Helvetica::Regular => &HELVETICA,
            Helvetica::Bold => &HELVETICA_BOLD,
        };
        let units: u32 = text
            .chars()
            .filter_map(winansi)
            .map(|code| u32::from(widths[usize::from(code)]))
            .sum();
        units as f32 * size / 1000.0
    }
}

/// The text in WinAnsi bytes, control characters dropped (as the DejaVu path drops them);
/// `None` when a character is not in the encoding.
pub fn encode(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .filter(|c| !c.is_control())
        .map(winansi)
        .collect()
}

/// Whether every character of the text can be written in WinAnsi.
pub fn encodable(text: &str) -> bool {
    text.chars()
        .filter(|c| !c.is_control())
        .all(|c| winansi(c).is_some())
}

/// The character's WinAnsi code. The encoding is Windows code page 1252: ASCII, Latin-1
/// from 0xA0 (0xA0 draws a space and 0xAD a hyphen, say the notes to Annex D.2), and 27
/// punctuation marks and letters in 0x80–0x9F; 0x7F, 0x81, 0x8D, 0x8F, 0x90 and 0x9D are
/// unused.
pub fn winansi(c: char) -> Option<u8> {
    let code = match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => return u8::try_from(u32::from(c)).ok(),
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(code)
}

// The two tables below are the `WX` advances of Adobe's Core 14 AFM files Helvetica.afm and
// Helvetica-Bold.afm (version 002.000, 1997), taken per glyph name from ReportLab 5.1's
// `reportlab/pdfbase/_fontdata_widths_helvetica{,bold}.py` and placed at each glyph's
// WinAnsi code by `_fontdata_enc_winansi.py`; spot-checked against the AFM text PDFKit
// bundles (`at` 1015 and 975, `paragraph` 537, bold `bar` 280 and `quotesingle` 238).
// Codes without a glyph (controls and the unused ones) are 0: `winansi` never yields them.

/// Helvetica's advance per WinAnsi code, in 1/1000 em.
#[rustfmt::skip]
pub static HELVETICA: [u16; 256] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x00
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x10
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];

/// Helvetica-Bold's advance per WinAnsi code, in 1/1000 em.
#[rustfmt::skip]
pub static HELVETICA_BOLD: [u16; 256] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x00
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x10
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_with_accents_and_typographic_marks_is_encodable() {
        assert!(encodable(
            "Document pack — José Müller-Lüdenscheidt · Zoë Ångström… 3–5 €"
        ));
        assert_eq!(encode("Café — …").unwrap(), b"Caf\xE9 \x97 \x85".to_vec());
        // Tabs and newlines are dropped, not refused, as the DejaVu path drops them.
        assert_eq!(encode("a\tb").unwrap(), b"ab".to_vec());
    }

    #[test]
    fn any_cyrillic_kazakh_or_cjk_character_is_not() {
        assert!(!encodable("Document pack — Анна"));
        assert!(!encodable("Passport Ә"));
        assert!(!encodable("Passport 北京"));
        assert!(encode("Schröder Ж").is_none());
        // Letters of Latin Extended-A that cp1252 lacks.
        assert!(!encodable("Łódź"));
    }

    #[test]
    fn every_code_with_a_character_has_a_width() {
        for c in (' '..='~')
            .chain('\u{A0}'..='\u{FF}')
            .chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars())
        {
            let code = usize::from(winansi(c).unwrap());
            assert!(HELVETICA[code] > 0 && HELVETICA_BOLD[code] > 0, "{c:?}");
        }
    }

    #[test]
    fn widths_are_the_afm_widths() {
        // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 units: 22.78 pt at 10 pt, the
        // figure every Helvetica text-width example quotes.
        assert!((Helvetica::Regular.width("Hello", 10.0) - 22.78).abs() < 1e-4);
        // Bold: H 722 + e 556 + l 278 + l 278 + o 611 = 2445.
        assert!((Helvetica::Bold.width("Hello", 10.0) - 24.45).abs() < 1e-4);
        // The WinAnsi-only glyphs are where they should be: ellipsis and em dash are one
        // em, en dash half of one, the middle dot a space wide.
        assert!((Helvetica::Regular.width("…—", 10.0) - 20.0).abs() < 1e-4);
        assert!((Helvetica::Regular.width("–·", 10.0) - 8.34).abs() < 1e-4);
    }
}
