//! The head's height in a portrait, from a detected face box: chin below the box, crown
//! where the head meets a plain background above it.

use super::gray::Gray;

/// A detected face: the square a frontal face detector returns (forehead to mouth, ear
/// to ear), in pixels of the image measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Side of the square.
    pub size: f64,
    /// The detector's confidence.
    pub score: f64,
}

/// Where the head is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head {
    /// Top of the head (hair included), in pixels from the top.
    pub crown: f64,
    /// Bottom of the chin, in pixels from the top.
    pub chin: f64,
    /// Chin to crown over the image height.
    pub ratio: f64,
    /// Whether the crown was found against the background (else estimated from the face).
    pub crown_found: bool,
}

/// The chin lies this many face-box sides below the box's top (SeetaFace boxes end at
/// the mouth; measured on portraits with the chin marked).
pub const CHIN_BELOW_TOP: f64 = 1.12;
/// Without a plain background to find it against, the crown is taken this many sides
/// above the box's top: the skull and an ordinary haircut.
pub const CROWN_ABOVE_TOP: f64 = 0.50;
/// A pixel this far from the background level belongs to the head.
const HEAD_CONTRAST: f64 = 24.0;
/// A row is head where at least this share of the face's middle columns is.
const HEAD_ROW_SHARE: f64 = 0.25;

/// Measures the head in `luma` from `face`. `background` is the plain background's luma
/// level, when the background is plain enough to find the crown against.
pub fn head(luma: &Gray, face: FaceBox, background: Option<f64>) -> Option<Head> {
    let h = luma.height as f64;
    let usable = face.size > 0.0 && face.y < h;
    if luma.is_empty() || !usable {
        return None;
    }
    let chin = (face.y + CHIN_BELOW_TOP * face.size).min(h);
    let estimated = (face.y - CROWN_ABOVE_TOP * face.size).max(0.0);
    let found = background.and_then(|level| crown_against(luma, face, level));
    let crown = found.unwrap_or(estimated);
    (chin > crown).then(|| Head {
        crown,
        chin,
        ratio: (chin - crown) / h,
        crown_found: found.is_some(),
    })
}

/// Walks up from the face box's top over its middle half of columns while rows still
/// hold head (pixels off the background level); the crown is the last such row.
fn crown_against(luma: &Gray, face: FaceBox, level: f64) -> Option<f64> {
    let w = luma.width;
    let x0 = ((face.x + 0.25 * face.size).max(0.0) as usize).min(w.saturating_sub(1));
    let x1 = ((face.x + 0.75 * face.size).max(0.0) as usize).clamp(x0 + 1, w);
    let start = (face.y.max(0.0) as usize).min(luma.height.saturating_sub(1));
    let is_head = |y: usize| {
        let row = &luma.row(y)[x0..x1];
        let off = row
            .iter()
            .filter(|&&v| (f64::from(v) - level).abs() > HEAD_CONTRAST)
            .count();
        off as f64 >= HEAD_ROW_SHARE * row.len() as f64
    };
    // The forehead itself may match the background's level; the box's top rows must
    // read as head for the walk to mean anything.
    if !(0..=start.min(3)).any(|k| is_head(start - k)) {
        return None;
    }
    let mut crown = start;
    // Two background rows in a row end the head (one may be a stray highlight).
    let mut y = start;
    while y > 0 {
        y -= 1;
        if is_head(y) {
            crown = y;
        } else if y == 0 || !is_head(y - 1) {
            break;
        }
    }
    Some(crown as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 200 x 260 light background, dark hair from `top` down to a face box at y 80.
    fn portrait(top: usize) -> Gray {
        let (w, h) = (200, 260);
        let mut data = vec![235u8; w * h];
        for y in top..260 {
            for x in 50..150 {
                data[y * w + x] = if y < 90 { 50 } else { 190 };
            }
        }
        Gray::new(w, h, data)
    }

    const FACE: FaceBox = FaceBox {
        x: 50.0,
        y: 80.0,
        size: 100.0,
        score: 20.0,
    };

    #[test]
    fn crown_is_found_against_a_plain_background() {
        let g = portrait(30);
        let head = head(&g, FACE, Some(235.0)).unwrap();
        assert!(head.crown_found);
        assert_eq!(head.crown, 30.0);
        assert!((head.chin - 192.0).abs() < 1e-9);
        assert!((head.ratio - 162.0 / 260.0).abs() < 1e-9);
    }

    #[test]
    fn a_head_cut_by_the_top_edge_starts_at_zero() {
        let head = head(&portrait(0), FACE, Some(235.0)).unwrap();
        assert_eq!(head.crown, 0.0);
    }

    #[test]
    fn without_a_plain_background_the_crown_is_estimated() {
        let head = head(&portrait(30), FACE, None).unwrap();
        assert!(!head.crown_found);
        assert!((head.crown - 30.0).abs() < 1e-9);
    }

    #[test]
    fn degenerate_boxes_measure_nothing() {
        let g = portrait(30);
        let bad = FaceBox { size: 0.0, ..FACE };
        assert!(head(&g, bad, None).is_none());
        let below = FaceBox { y: 300.0, ..FACE };
        assert!(head(&g, below, None).is_none());
    }
}
