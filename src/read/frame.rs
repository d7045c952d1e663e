//! Where things lie on a page as a person sees it: boxes in fractions of the page's
//! width and height from its top-left corner, after the page's `/Rotate`. The report
//! draws findings there, whatever the page's size, and JSON carries the same numbers.

use super::content::Matrix;

/// A box on the page as shown: `[left, top, right, bottom]`, each from 0 to 1.
pub type Rect = [f32; 4];

/// The whole page.
pub const WHOLE: Rect = [0.0, 0.0, 1.0, 1.0];

/// A PDF page as shown: its crop box and its quarter turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageView {
    /// The crop box, normalised: `x0 < x1`, `y0 < y1`.
    pub crop: [f64; 4],
    /// `/Rotate`, one of 0, 90, 180, 270 (clockwise).
    pub rotate: u16,
}

impl PageView {
    /// The view of a page with crop box `crop` (as written) and `/Rotate` `rotate`.
    pub fn new(crop: [f64; 4], rotate: i64) -> PageView {
        let [a, b, c, d] = crop;
        PageView {
            crop: [a.min(c), b.min(d), a.max(c), b.max(d)],
            // Rotate must be a multiple of 90; anything else is read as upright.
            rotate: match rotate.rem_euclid(360) {
                r @ (90 | 180 | 270) => r as u16,
                _ => 0,
            },
        }
    }

    /// The page's width and height as shown, in points.
    pub fn shown(&self) -> (f64, f64) {
        let [x0, y0, x1, y1] = self.crop;
        match self.rotate {
            90 | 270 => (y1 - y0, x1 - x0),
            _ => (x1 - x0, y1 - y0),
        }
    }

    /// A point of user space as fractions of the page shown, from its top-left corner.
    pub fn point(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [x0, y0, x1, y1] = self.crop;
        let w = (x1 - x0).max(1e-6);
        let h = (y1 - y0).max(1e-6);
        let (fx, fy) = ((x - x0) / w, (y - y0) / h);
        match self.rotate {
            90 => (fy, fx),
            180 => (1.0 - fx, fy),
            270 => (1.0 - fy, 1.0 - fx),
            _ => (fx, 1.0 - fy),
        }
    }

    /// The box around user-space points, on the page shown; `None` when it lies wholly
    /// off the page.
    pub fn rect_of(&self, points: &[(f64, f64)]) -> Option<Rect> {
        bounding(points.iter().map(|&p| self.point(p)))
    }
}

/// How an image's own fractions (`u` right, `v` down from its top-left corner) map onto
/// the page shown: an affine map, from the matrix a PDF draws the image with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Where the image's top-left corner lies.
    origin: (f64, f64),
    /// The page fractions one image width moves.
    across: (f64, f64),
    /// The page fractions one image height moves.
    down: (f64, f64),
}

impl Default for Frame {
    fn default() -> Self {
        Frame::WHOLE
    }
}

impl Frame {
    /// An image that is the page (a standalone image file, upright).
    pub const WHOLE: Frame = Frame {
        origin: (0.0, 0.0),
        across: (1.0, 0.0),
        down: (0.0, 1.0),
    };

    /// An image drawn with `ctm` (its unit square's matrix) on the page `view`: the
    /// image's first row is the unit square's top (PDF 8.9.4).
    pub fn placed(view: &PageView, ctm: &Matrix) -> Frame {
        let user = |u: f64, s: f64| {
            (
                ctm[0] * u + ctm[2] * s + ctm[4],
                ctm[1] * u + ctm[3] * s + ctm[5],
            )
        };
        let top_left = view.point(user(0.0, 1.0));
        let top_right = view.point(user(1.0, 1.0));
        let bottom_left = view.point(user(0.0, 0.0));
        Frame {
            origin: top_left,
            across: (top_right.0 - top_left.0, top_right.1 - top_left.1),
            down: (bottom_left.0 - top_left.0, bottom_left.1 - top_left.1),
        }
    }

    /// A point of the image (fractions of its width and height) on the page.
    pub fn point(&self, (u, v): (f64, f64)) -> (f64, f64) {
        (
            self.origin.0 + u * self.across.0 + v * self.down.0,
            self.origin.1 + u * self.across.1 + v * self.down.1,
        )
    }

    /// A box of the image (fractions `[u0, v0, u1, v1]`) on the page; `None` when it
    /// lies wholly off the page.
    pub fn rect(&self, [u0, v0, u1, v1]: [f64; 4]) -> Option<Rect> {
        self.quad(&[(u0, v0), (u1, v0), (u1, v1), (u0, v1)])
    }

    /// The box around image points on the page; `None` when it lies wholly off it.
    pub fn quad(&self, points: &[(f64, f64)]) -> Option<Rect> {
        bounding(points.iter().map(|&p| self.point(p)))
    }

    /// Where the image lies when it is drawn upright (unturned, unflipped, unskewed):
    /// `[left, top, right, bottom]` on the page, unclipped; `None` otherwise.
    pub fn upright(&self) -> Option<[f64; 4]> {
        let level = self.across.1.abs() < 1e-6 && self.down.0.abs() < 1e-6;
        (level && self.across.0 > 0.0 && self.down.1 > 0.0).then_some([
            self.origin.0,
            self.origin.1,
            self.origin.0 + self.across.0,
            self.origin.1 + self.down.1,
        ])
    }

    /// The image as a whole on the page.
    pub fn whole(&self) -> Option<Rect> {
        self.rect([0.0, 0.0, 1.0, 1.0])
    }
}

/// The box around points, clipped to the page, rounded to 4 digits (JSON stays short
/// and stable); `None` when nothing of it is on the page or a point is not finite.
fn bounding(points: impl Iterator<Item = (f64, f64)>) -> Option<Rect> {
    let mut r = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (x, y) in points {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        r = [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)];
    }
    let clip = |v: f64| ((v.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0) as f32;
    let out = [clip(r[0]), clip(r[1]), clip(r[2]), clip(r[3])];
    (out[2] > out[0] && out[3] > out[1]).then_some(out)
}

/// The box around two boxes.
pub fn union(a: Rect, b: Rect) -> Rect {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upright_page_is_read_from_its_top_left() {
        let view = PageView::new([0.0, 0.0, 600.0, 800.0], 0);
        assert_eq!(view.point((0.0, 800.0)), (0.0, 0.0));
        assert_eq!(view.point((300.0, 200.0)), (0.5, 0.75));
        // A crop box that does not start at the origin, written backwards.
        let cropped = PageView::new([700.0, 900.0, 100.0, 100.0], 0);
        assert_eq!(cropped.point((100.0, 900.0)), (0.0, 0.0));
    }

    #[test]
    fn each_quarter_turn_moves_the_corner_it_should() {
        // The unrotated page's top-left corner, shown turned clockwise.
        let corner = (0.0, 800.0);
        let at = |r| PageView::new([0.0, 0.0, 600.0, 800.0], r).point(corner);
        assert_eq!(at(90), (1.0, 0.0));
        assert_eq!(at(180), (1.0, 1.0));
        assert_eq!(at(270), (0.0, 1.0));
        assert_eq!(at(-90), (0.0, 1.0));
        assert_eq!(at(45), (0.0, 0.0));
    }

    #[test]
    fn an_image_drawn_on_the_lower_half_maps_there() {
        let view = PageView::new([0.0, 0.0, 600.0, 800.0], 0);
        // Drawn 600 x 400 at the bottom of the page.
        let frame = Frame::placed(&view, &[600.0, 0.0, 0.0, 400.0, 0.0, 0.0]);
        assert_eq!(frame.whole(), Some([0.0, 0.5, 1.0, 1.0]));
        // The image's top-right quarter.
        assert_eq!(
            frame.rect([0.5, 0.0, 1.0, 0.5]),
            Some([0.5, 0.5, 1.0, 0.75])
        );
        // Drawn upside down (a flipped matrix): its first rows lie at the page's foot.
        let flipped = Frame::placed(&view, &[600.0, 0.0, 0.0, -400.0, 0.0, 400.0]);
        assert_eq!(
            flipped.rect([0.0, 0.0, 1.0, 0.25]),
            Some([0.0, 0.875, 1.0, 1.0])
        );
        // Off the page: no box.
        let off = Frame::placed(&view, &[100.0, 0.0, 0.0, 100.0, 900.0, 0.0]);
        assert_eq!(off.whole(), None);
        assert_eq!(
            Frame::WHOLE.rect([0.1, 0.2, 0.3, 0.4]),
            Some([0.1, 0.2, 0.3, 0.4])
        );
    }
}
