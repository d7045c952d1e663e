//! Helvetica and Helvetica-Bold, two of the 14 fonts every PDF reader has, so a page that
//! uses them embeds no font: their widths from Adobe's AFM files and the WinAnsiEncoding
//! (PDF 1.7, Annex D) their text is written in. Latin text only; the rest goes to DejaVu.

pub use crate::read::metrics::{HELVETICA, HELVETICA_BOLD};

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
