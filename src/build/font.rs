//! The typeface of the generated pages: DejaVu Sans (Bitstream Vera licence, in
//! `assets/fonts/`), built into the binary so every machine writes the same bytes, and
//! mapped to glyphs here: one glyph per character covers Latin, Cyrillic and Kazakh letters,
//! which need no shaping, so no shaping engine is pulled in.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};
use std::sync::LazyLock;

/// One weight of the typeface: the font for krilla and its metrics for layout.
pub struct Face {
    /// The font as krilla embeds (and subsets) it.
    pub font: Font,
    data: &'static [u8],
}

static REGULAR_DATA: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_DATA: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// DejaVu Sans Book.
pub static REGULAR: LazyLock<Face> = LazyLock::new(|| Face::new(REGULAR_DATA));
/// DejaVu Sans Bold.
pub static BOLD: LazyLock<Face> = LazyLock::new(|| Face::new(BOLD_DATA));

impl Face {
    fn new(data: &'static [u8]) -> Face {
        // The files are part of the binary and were checked when they were added.
        let font = Font::new(data.into(), 0).expect("the built-in font parses");
        Face { font, data }
    }

    fn font_ref(&self) -> FontRef<'static> {
        FontRef::new(self.data).expect("the built-in font parses")
    }

    /// The text's glyphs, advances in ems; a character the font lacks becomes `?`.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let font = self.font_ref();
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(font.head().map_or(2048, |h| h.units_per_em()));
        let fallback = charmap.map('?').unwrap_or_default();
        text.char_indices()
            .filter(|(_, c)| !c.is_control())
            .map(|(i, c)| {
                let gid = charmap.map(c).unwrap_or(fallback);
                let advance = metrics.advance_width(gid).unwrap_or(0.0);
                KrillaGlyph {
                    glyph_id: GlyphId::new(gid.to_u32()),
                    text_range: i..i + c.len_utf8(),
                    x_advance: advance / upem,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                }
            })
            .collect()
    }

    /// The width of the text in points at this size.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance * size).sum()
    }

    /// The text, shortened with `…` until it fits `max` points.
    pub fn fit(&self, text: &str, size: f32, max: f32) -> String {
        shorten(text, max, |t| self.width(t, size))
    }
}

/// The text, shortened with `…` until `width` says it fits `max`; empty when not even `…`
/// fits. One rule for every typeface, so a cell is cut the same way whatever draws it.
pub fn shorten(text: &str, max: f32, width: impl Fn(&str) -> f32) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if width(&candidate) <= max {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_kazakh_letters_have_glyphs() {
        let q = REGULAR.glyphs("?")[0].glyph_id;
        for g in REGULAR.glyphs("Анна Эрикссон ӘҒҚҢӨҰҮҺІ әғқңөұүһі Schröder")
        {
            assert_ne!(g.glyph_id, q, "a letter fell back to ?");
            assert_ne!(g.glyph_id, GlyphId::new(0), "a letter has no glyph");
        }
    }

    #[test]
    fn fitting_shortens_with_an_ellipsis() {
        let long = "Letter_Of_Invitation_From_The_Host_Company_In_Almaty.pdf";
        let fitted = REGULAR.fit(long, 9.0, 100.0);
        assert!(fitted.ends_with('…'));
        assert!(REGULAR.width(&fitted, 9.0) <= 100.0);
        assert_eq!(REGULAR.fit("Passport", 9.0, 100.0), "Passport");
        // Bold is wider than regular.
        assert!(BOLD.width("Passport", 9.0) > REGULAR.width("Passport", 9.0));
    }
}
