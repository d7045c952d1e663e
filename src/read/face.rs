//! Finding the face in a photo, offline: rustface (a port of the SeetaFace frontal
//! detector) with its model built into the binary. Nothing is ever downloaded.

use crate::measure::{FaceBox, Gray, resample_area};
use std::sync::OnceLock;

/// The SeetaFace frontal model (BSD-2, see `models/SEETAFACE-LICENSE`).
static MODEL_BYTES: &[u8] = include_bytes!("../../models/seeta_fd_frontal_v1.0.bin");

/// A face counts only at this confidence of the second, finer pass. Real frontal faces
/// score 14 and more there; drawn and cartoon faces score under 6, and a wrong head
/// measure is worse than none.
pub const MIN_SCORE: f64 = 8.0;

/// Height of the coarse pass's image: small enough to run in about 15 ms.
const COARSE_HEIGHT: f64 = 240.0;
/// Side of the face in the fine pass's image.
const FINE_FACE: f64 = 64.0;

fn model() -> Option<&'static rustface::Model> {
    static MODEL: OnceLock<Option<rustface::Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| rustface::read_model(std::io::Cursor::new(MODEL_BYTES)).ok())
        .as_ref()
}

/// Boxes found in `g` at least `min_face` px wide, best first.
fn detect(g: &Gray, min_face: f64, step: u32, threshold: f64) -> Vec<FaceBox> {
    // The detector's window is 40 px; smaller images hold no face it can see.
    if g.width < 48 || g.height < 48 {
        return Vec::new();
    }
    let Some(model) = model() else {
        return Vec::new();
    };
    let mut d = rustface::create_detector_with_model(model.clone());
    d.set_min_face_size((min_face.round() as u32).max(20));
    d.set_score_thresh(threshold);
    d.set_pyramid_scale_factor(0.8);
    d.set_slide_window_step(step, step);
    let image = rustface::ImageData::new(&g.data, g.width as u32, g.height as u32);
    let mut faces: Vec<FaceBox> = d
        .detect(&image)
        .iter()
        .map(|f| {
            let b = f.bbox();
            FaceBox {
                x: f64::from(b.x()),
                y: f64::from(b.y()),
                size: f64::from(b.width()),
                score: f.score(),
            }
        })
        .collect();
    faces.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.x.total_cmp(&b.x)));
    faces
}

/// The most confident face in a portrait, in `g`'s pixels; `None` when no face scores
/// [`MIN_SCORE`]. A quick coarse pass finds candidates at 240 px high; each is then
/// looked at again at a fixed face size, which scores real faces well apart from
/// lookalikes and places the box more exactly.
pub fn find_face(g: &Gray) -> Option<FaceBox> {
    let k = (COARSE_HEIGHT / g.height as f64).min(1.0);
    let small = resample_area(g, k);
    let k = small.height as f64 / g.height as f64;
    let min_face = small.width.min(small.height) as f64 / 5.0;
    let candidates = detect(&small, min_face, 6, 1.0);
    let mut best: Option<FaceBox> = None;
    for c in candidates.iter().take(3) {
        let (x, y, s) = (c.x / k, c.y / k, c.size / k);
        let x0 = (x - 0.35 * s).max(0.0).floor() as usize;
        let y0 = (y - 0.35 * s).max(0.0).floor() as usize;
        let x1 = ((x + 1.35 * s).ceil() as usize).min(g.width);
        let y1 = ((y + 1.35 * s).ceil() as usize).min(g.height);
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        let region = crop(g, x0, y0, x1, y1);
        let f = (FINE_FACE / s).min(1.0);
        let region = resample_area(&region, f);
        let f = region.width as f64 / (x1 - x0) as f64;
        let Some(fine) = detect(&region, 0.8 * s * f, 4, MIN_SCORE)
            .into_iter()
            .next()
        else {
            continue;
        };
        let found = FaceBox {
            x: x0 as f64 + fine.x / f,
            y: y0 as f64 + fine.y / f,
            size: fine.size / f,
            score: fine.score,
        };
        if best.is_none_or(|b| found.score > b.score) {
            best = Some(found);
        }
    }
    best
}

fn crop(g: &Gray, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
    let mut data = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        data.extend_from_slice(&g.row(y)[x0..x1]);
    }
    Gray::new(x1 - x0, y1 - y0, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_loads() {
        assert!(model().is_some());
    }

    #[test]
    fn blank_and_tiny_images_hold_no_face() {
        assert!(find_face(&Gray::new(300, 400, vec![230; 120_000])).is_none());
        assert!(find_face(&Gray::new(10, 10, vec![0; 100])).is_none());
        assert!(find_face(&Gray::new(0, 0, Vec::new())).is_none());
    }
}
