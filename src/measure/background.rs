//! A portrait's background, measured on border strips: the top and both sides, not the
//! bottom, where the shoulders are.

use super::rgb::{Rgb, luma_of};

/// A rectangle in pixels, `x0..x1` by `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge (exclusive).
    pub x1: f64,
    /// Bottom edge (exclusive).
    pub y1: f64,
}

impl Rect {
    fn contains(&self, x: usize, y: usize) -> bool {
        let (x, y) = (x as f64 + 0.5, y as f64 + 0.5);
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }
}

/// Where on the border a cell lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The strip above the head.
    Top,
    /// The strip left of the head.
    Left,
    /// The strip right of the head.
    Right,
}

impl Side {
    /// The side in words.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Top => "top",
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// The background's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Background {
    /// Mean luma of the strips, 0..=255.
    pub lightness: f64,
    /// Mean chroma (`max - min` of the channels), 0..=255.
    pub chroma: f64,
    /// Standard deviation of luma over the strips: texture, objects, patterns.
    pub spread: f64,
    /// Brightest minus darkest cell mean: a gradient or a shadow.
    pub gradient: f64,
    /// Where the darkest cell lies.
    pub darkest: Side,
}

/// Share of the height the top strip takes.
pub const TOP_STRIP: f64 = 0.06;
/// Share of the width each side strip takes.
pub const SIDE_STRIP: f64 = 0.10;
/// Share of the height the side strips run down from the top (the shoulders start below).
pub const SIDE_DEPTH: f64 = 0.60;

/// Measures the strips of `img`, leaving out pixels inside `exclude` (the head, when it
/// is known). `None` when too little of the strips is left to judge.
pub fn background(img: &Rgb, exclude: Option<Rect>) -> Option<Background> {
    let (w, h) = (img.width, img.height);
    if w < 10 || h < 10 {
        return None;
    }
    let top_h = ((h as f64 * TOP_STRIP).round() as usize).max(1);
    let side_w = ((w as f64 * SIDE_STRIP).round() as usize).max(1);
    let side_h = ((h as f64 * SIDE_DEPTH).round() as usize).max(top_h + 1);
    // Four cells across the top, three down each side, below the top strip.
    let mut cells: Vec<(Side, [usize; 4])> = Vec::new();
    for i in 0..4 {
        cells.push((Side::Top, [w * i / 4, 0, w * (i + 1) / 4, top_h]));
    }
    let span = side_h - top_h;
    for i in 0..3 {
        let (y0, y1) = (top_h + span * i / 3, top_h + span * (i + 1) / 3);
        cells.push((Side::Left, [0, y0, side_w, y1]));
        cells.push((Side::Right, [w - side_w, y0, w, y1]));
    }
    let (mut n, mut sum, mut sum2, mut chroma) = (0u64, 0f64, 0f64, 0f64);
    let mut means: Vec<(Side, f64)> = Vec::new();
    for (side, [x0, y0, x1, y1]) in cells {
        let (mut cn, mut csum) = (0u64, 0f64);
        for y in y0..y1 {
            for x in x0..x1 {
                if exclude.is_some_and(|r| r.contains(x, y)) {
                    continue;
                }
                let p = img.at(x, y);
                let l = f64::from(luma_of(&p));
                cn += 1;
                csum += l;
                sum2 += l * l;
                chroma += f64::from(p.iter().max().unwrap_or(&0) - p.iter().min().unwrap_or(&0));
            }
        }
        n += cn;
        sum += csum;
        // A cell mostly hidden by the head says little about the light.
        if cn as f64 >= 0.25 * ((x1 - x0) * (y1 - y0)) as f64 && cn > 0 {
            means.push((side, csum / cn as f64));
        }
    }
    if n < 100 || means.len() < 3 {
        return None;
    }
    let mean = sum / n as f64;
    let spread = (sum2 / n as f64 - mean * mean).max(0.0).sqrt();
    let lo = means.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let hi = means.iter().map(|m| m.1).fold(f64::MIN, f64::max);
    Some(Background {
        lightness: mean,
        chroma: chroma / n as f64,
        spread,
        gradient: hi - lo.1,
        darkest: lo.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100 x 130 portrait: `bg(x, y)` behind a dark head and shoulders.
    fn portrait(bg: impl Fn(usize, usize) -> [u8; 3]) -> Rgb {
        let (w, h) = (100, 130);
        let mut data = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            for x in 0..w {
                let dx = x as f64 - 50.0;
                let head = (dx / 22.0).powi(2) + ((y as f64 - 50.0) / 32.0).powi(2) <= 1.0;
                let shoulders = y > 95 && dx.abs() < 45.0;
                let p = if head || shoulders {
                    [60, 40, 30]
                } else {
                    bg(x, y)
                };
                data.extend_from_slice(&p);
            }
        }
        Rgb::new(w, h, data)
    }

    #[test]
    fn plain_light_background() {
        let b = background(&portrait(|_, _| [236, 236, 240]), None).unwrap();
        assert!((b.lightness - 236.0).abs() < 1.5, "{b:?}");
        assert!(
            b.chroma <= 4.0 && b.spread < 1.0 && b.gradient < 1.0,
            "{b:?}"
        );
    }

    #[test]
    fn a_shadow_on_one_side_is_a_gradient() {
        let b = background(
            &portrait(|x, y| {
                if x < 50 && y > 10 {
                    [150, 150, 150]
                } else {
                    [235, 235, 235]
                }
            }),
            None,
        )
        .unwrap();
        assert!(b.gradient > 80.0, "{b:?}");
        assert_eq!(b.darkest, Side::Left);
    }

    #[test]
    fn coloured_and_dark_backgrounds() {
        let red = background(&portrait(|_, _| [200, 40, 40]), None).unwrap();
        assert!(red.chroma > 150.0);
        let dark = background(&portrait(|_, _| [70, 70, 80]), None).unwrap();
        assert!(dark.lightness < 80.0);
    }

    #[test]
    fn the_excluded_head_does_not_count() {
        // Hair reaching into the top strip: excluded, the strip reads plain again.
        let img = portrait(|_, y| if y < 4 { [40, 30, 20] } else { [236, 236, 236] });
        let with_hair = background(&img, None).unwrap();
        let without = background(
            &img,
            Some(Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 100.0,
                y1: 4.0,
            }),
        )
        .unwrap();
        assert!(with_hair.spread > 30.0 && without.spread < 1.0);
    }

    #[test]
    fn tiny_images_are_not_judged() {
        assert!(background(&Rgb::new(5, 5, vec![255; 75]), None).is_none());
    }
}
