//! Type 3 fonts: their codes to text, and the size of their em.
//!
//! lopdf decodes a simple font through its `/Encoding` whenever it has one, and a Type 3
//! font always has one, so a Type 3 font's ToUnicode map is never read. Its Differences
//! fail as a whole at the first name lopdf does not know (`/g1`, `/uni0416`, `/f_i`), and
//! lopdf then decodes the codes as StandardEncoding: printer drivers and PDF libraries
//! hand Type 3 codes out in order of first use, so the text comes back as punctuation or
//! nothing. Here each code is decoded on its own, the way poppler does: ToUnicode first,
//! then the glyph name by the Adobe Glyph List rules.
//!
//! A Type 3 glyph is drawn in its own glyph space, mapped to text space by the font's
//! `/FontMatrix`: an em is one text space unit only by convention, and printer drivers
//! and TeX's bitmap fonts break it (an em of 50 units, or of a tenth of one).

use super::content::deref;
use super::limits::MAX_CONTENT_BYTES;
use lopdf::{Dictionary, Document, Encoding, Object};

/// A text advance this far from half an em (in ems of one text space unit) says the
/// font's glyphs are not drawn on the conventional em: Latin text's median advance is
/// 0.4 to 0.6 em, a font of wide CJK glyphs 1 em, one of periods and spaces a quarter.
const CONVENTIONAL_ADVANCE: std::ops::RangeInclusive<f64> = 0.15..=1.5;

/// How the codes of one Type 3 font read as text.
#[derive(Debug, Clone)]
pub struct Type3Font {
    /// The text of each one-byte code; `None` where neither ToUnicode nor the glyph name
    /// gives one.
    text: Vec<Option<String>>,
}

impl Type3Font {
    /// Reads a Type 3 font dictionary; `None` when its ToUnicode map is over the size
    /// limit (a decompression bomb is refused, not read around).
    pub fn new(doc: &Document, font: &Dictionary) -> Option<Type3Font> {
        let mut text = encoding_text(doc, font);
        for (code, mapped) in to_unicode_text(doc, font)?.into_iter().enumerate() {
            if mapped.is_some() {
                text[code] = mapped;
            }
        }
        Some(Type3Font { text })
    }

    /// The text code `code` stands for, if it stands for any.
    pub fn text(&self, code: u8) -> Option<&str> {
        self.text[usize::from(code)].as_deref()
    }
}

/// Each code's text from the font's encoding: Differences names over the base encoding.
fn encoding_text(doc: &Document, font: &Dictionary) -> Vec<Option<String>> {
    let encoding = font.get(b"Encoding").map(|o| deref(doc, o));
    let base = match encoding {
        Ok(Object::Name(name)) => Some(name.as_slice()),
        Ok(Object::Dictionary(d)) => d.get(b"BaseEncoding").and_then(Object::as_name).ok(),
        _ => None,
    };
    let mut text = base_encoding_text(doc, base);
    let differences = encoding
        .ok()
        .and_then(|e| e.as_dict().ok())
        .and_then(|d| d.get(b"Differences").ok())
        .and_then(|o| deref(doc, o).as_array().ok());
    let mut code: Option<usize> = None;
    for item in differences.into_iter().flatten() {
        match deref(doc, item) {
            Object::Integer(n) => code = usize::try_from(*n).ok().filter(|&c| c < 256),
            Object::Name(name) => {
                if let Some(c) = code {
                    text[c] = glyph_text(doc, name);
                    code = Some(c + 1).filter(|&c| c < 256);
                }
            }
            _ => {}
        }
    }
    text
}

/// The text of each code of a named base encoding (StandardEncoding when none is named,
/// as lopdf and poppler take it), through lopdf's tables.
fn base_encoding_text(doc: &Document, base: Option<&[u8]>) -> Vec<Option<String>> {
    let mut probe = font_stub();
    if let Some(name) = base {
        probe.set("Encoding", Object::Name(name.to_vec()));
    }
    let encoding = probe.get_font_encoding(doc).ok();
    (0..=255u8)
        .map(|code| decode_one(encoding.as_ref()?, code))
        .collect()
}

/// Each code's text from the font's ToUnicode map (`None` for the codes it leaves out);
/// `None` when the map is over the size limit.
fn to_unicode_text(doc: &Document, font: &Dictionary) -> Option<Vec<Option<String>>> {
    let mut none = vec![None; 256];
    let Ok(to_unicode) = font.get(b"ToUnicode") else {
        return Some(none);
    };
    // Without /Encoding, lopdf reads the ToUnicode map.
    let mut probe = font_stub();
    probe.set("ToUnicode", to_unicode.clone());
    let encoding = match probe.get_font_encoding_with_limit(doc, MAX_CONTENT_BYTES) {
        Ok(encoding @ Encoding::UnicodeMapEncoding(_)) => encoding,
        // A map lopdf cannot parse: it fell back to StandardEncoding, which says nothing.
        Ok(_) => return Some(none),
        Err(_) => return None,
    };
    for (code, text) in none.iter_mut().enumerate() {
        *text = decode_one(&encoding, code as u8)
            .filter(|t| t != "\u{fffd}" && !t.chars().all(char::is_control));
    }
    Some(none)
}

/// A font dictionary with nothing in it, for asking lopdf about one encoding.
fn font_stub() -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Font".to_vec()));
    d
}

fn decode_one(encoding: &Encoding, code: u8) -> Option<String> {
    let mut text = String::new();
    encoding.write_to_string(&[code], &mut text).ok()?;
    (!text.is_empty()).then_some(text)
}

/// The text a glyph name stands for, by the Adobe Glyph List specification: the part
/// before the first `.` is the name (`a.sc` is `a`), `_` joins the names of a ligature
/// (`f_i` is `fi`), and each is a name of the list, `uniXXXX` (one or more UTF-16 code
/// units) or `uXXXX` to `uXXXXXX`. Names producers make up (`g12`, `a97`, `c65`) are no
/// characters: reading the number in them as a code (as poppler does) guesses.
pub fn glyph_text(doc: &Document, name: &[u8]) -> Option<String> {
    let name = name.split(|&b| b == b'.').next().unwrap_or_default();
    if name.is_empty() {
        return None;
    }
    let mut text = String::new();
    for part in name.split(|&b| b == b'_') {
        text.push_str(&component_text(doc, part)?);
    }
    Some(text)
}

fn component_text(doc: &Document, part: &[u8]) -> Option<String> {
    if let Some(text) = list_name_text(doc, part) {
        return Some(text);
    }
    let part = std::str::from_utf8(part).ok()?;
    // The specification asks for upper case; poppler takes either, and so do producers.
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(units) = part.strip_prefix("uni")
        && !units.is_empty()
        && units.len() % 4 == 0
        && hex(units)
    {
        let units: Vec<u16> = (0..units.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(&units[i..i + 4], 16))
            .collect::<Result<_, _>>()
            .ok()?;
        // The specification excludes surrogates: each group is one character.
        return units
            .iter()
            .map(|&u| char::from_u32(u32::from(u)))
            .collect();
    }
    if let Some(digits) = part.strip_prefix('u')
        && (4..=6).contains(&digits.len())
        && hex(digits)
    {
        return u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

/// A name of the Adobe Glyph List, through the table lopdf decodes Differences with (it
/// keeps the table private: a one-name Differences array asks it).
fn list_name_text(doc: &Document, name: &[u8]) -> Option<String> {
    let mut encoding = Dictionary::new();
    encoding.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut probe = font_stub();
    probe.set("Encoding", Object::Dictionary(encoding));
    match probe.get_font_encoding(doc) {
        // An unknown name makes lopdf fall back to StandardEncoding.
        Ok(encoding @ Encoding::Differences(_)) => decode_one(&encoding, 0),
        _ => None,
    }
}

/// How many text space units one glyph space unit is (horizontally, vertically), from
/// the FontMatrix; the conventional 1/1000 when it is missing or degenerate.
pub fn glyph_scale(doc: &Document, font: &Dictionary) -> (f64, f64) {
    let number = |o: &Object| deref(doc, o).as_float().ok().map(f64::from);
    let matrix: Vec<f64> = font
        .get(b"FontMatrix")
        .and_then(|o| deref(doc, o).as_array())
        .map(|a| a.iter().filter_map(number).collect())
        .unwrap_or_default();
    let [a, b, c, d, ..] = matrix[..] else {
        return (0.001, 0.001);
    };
    let (sx, sy) = (a.hypot(b), c.hypot(d));
    if sx.is_finite() && sy.is_finite() && sx > 0.0 && sy > 0.0 {
        (sx, sy)
    } else {
        (0.001, 0.001)
    }
}

/// The em in text space units (horizontally, vertically). By convention the FontMatrix
/// maps an em to one text space unit; when the glyphs' median advance says otherwise,
/// an em is twice that advance.
pub fn em_size(doc: &Document, font: &Dictionary) -> (f64, f64) {
    let number = |o: &Object| deref(doc, o).as_float().ok().map(f64::from);
    let (sx, sy) = glyph_scale(doc, font);
    // /Widths are in glyph space: the FontMatrix, not 1/1000, takes them to text space.
    let mut advances: Vec<f64> = font
        .get(b"Widths")
        .and_then(|o| deref(doc, o).as_array())
        .map(|w| w.iter().filter_map(number).collect())
        .unwrap_or_default();
    advances.retain(|w| w.is_finite() && *w > 0.0);
    advances.sort_by(f64::total_cmp);
    let em = match advances.get(advances.len() / 2) {
        Some(w) if !CONVENTIONAL_ADVANCE.contains(&(w * sx)) => 2.0 * w * sx,
        _ => 1.0,
    };
    (em, em * sy / sx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> Option<String> {
        glyph_text(&Document::new(), name.as_bytes())
    }

    #[test]
    fn glyph_names_follow_the_adobe_glyph_list() {
        assert_eq!(text("a").as_deref(), Some("a"));
        assert_eq!(text("space").as_deref(), Some(" "));
        assert_eq!(text("afii10017").as_deref(), Some("А"));
        assert_eq!(text("uni0416").as_deref(), Some("Ж"));
        assert_eq!(text("uni00410042").as_deref(), Some("AB"));
        assert_eq!(text("u1F600").as_deref(), Some("😀"));
        assert_eq!(text("a.sc").as_deref(), Some("a"));
        assert_eq!(text("f_i").as_deref(), Some("fi"));
        assert_eq!(text("uni0041.alt").as_deref(), Some("A"));
    }

    #[test]
    fn made_up_glyph_names_are_no_text() {
        for name in [
            "g123", "a97", "c65", "G1A", ".notdef", "uni004", "uniD800", "uni0041x",
        ] {
            assert_eq!(text(name), None, "{name}");
        }
        assert_eq!(text("f_g12"), None);
    }

    fn font(matrix: [f64; 6], widths: &[f64]) -> Dictionary {
        let mut d = font_stub();
        d.set("Subtype", Object::Name(b"Type3".to_vec()));
        let real = |v: f64| Object::Real(v as f32);
        d.set(
            "FontMatrix",
            Object::Array(matrix.iter().map(|&v| real(v)).collect()),
        );
        d.set(
            "Widths",
            Object::Array(widths.iter().map(|&v| real(v)).collect()),
        );
        d
    }

    #[test]
    fn the_em_follows_the_font_matrix_and_widths() {
        let doc = Document::new();
        let near = |(x, y): (f64, f64), (ex, ey): (f64, f64)| {
            assert!(
                (x - ex).abs() < 1e-3 * ex && (y - ey).abs() < 1e-3 * ey,
                "{x} {y}"
            );
        };
        // The conventional em: 1000 units at 0.001, one unit at 1.
        let latin = [278.0, 556.0, 0.0, 500.0, 722.0];
        near(
            em_size(&doc, &font([0.001, 0.0, 0.0, 0.001, 0.0, 0.0], &latin)),
            (1.0, 1.0),
        );
        near(
            em_size(
                &doc,
                &font([1.0, 0.0, 0.0, -1.0, 0.0, 0.0], &[0.278, 0.556, 0.5]),
            ),
            (1.0, 1.0),
        );
        // A printer driver's 50-unit em, and a tenth of a unit.
        near(
            em_size(
                &doc,
                &font([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &[13.9, 27.8, 36.1]),
            ),
            (55.6, 55.6),
        );
        near(
            em_size(
                &doc,
                &font([0.01, 0.0, 0.0, 0.01, 0.0, 0.0], &[2.78, 5.0, 5.56]),
            ),
            (0.1, 0.1),
        );
        // Nothing to go by: the convention.
        near(em_size(&doc, &font_stub()), (1.0, 1.0));
    }
}
