//! From decoded pixels to the measures of a scan, at the fixed analysis resolution.

use super::Measures;
use super::limits::ANALYSIS_DPI;
use crate::measure::ink::ink_of_histogram;
use crate::measure::levels::{histogram, levels_of_histogram};
use crate::measure::paper::INK_TILE;
use crate::measure::paper::PaperMap;
use crate::measure::shadow::shadow_of;
use crate::measure::{Chroma, Gray, blur_effect, edge_ink_with, resample_area, skew_degrees_with};

/// Brings `gray` (at `dpi`) down to the analysis resolution and measures it, building the
/// histogram and the paper map once for all measures.
pub fn measure(gray: Gray, dpi: f64, chroma: Option<Chroma>) -> Measures {
    measure_keeping(gray, dpi, chroma, |_| {})
}

/// [`measure`], showing `keep` the image at the analysis scale before it is measured
/// (a picture of the page is made from it, not decoded again).
pub fn measure_keeping(
    gray: Gray,
    dpi: f64,
    chroma: Option<Chroma>,
    keep: impl FnOnce(&Gray),
) -> Measures {
    let (g, analysis_dpi) = if dpi > ANALYSIS_DPI * 1.05 {
        (resample_area(&gray, ANALYSIS_DPI / dpi), ANALYSIS_DPI)
    } else {
        (gray, dpi.max(1.0))
    };
    keep(&g);
    let hist = histogram(&g);
    let levels = levels_of_histogram(&hist);
    // Tiles of about 8 mm follow a shadow's gradient and still hold paper between lines;
    // the tile is fixed in pixels at the analysis scale, so in millimetres for 150 dpi.
    let map = PaperMap::new(&g, INK_TILE);
    // The 3 mm a scanner lid or a careless crop eats.
    let strip = ((analysis_dpi * 3.0 / 25.4).round() as usize).max(2);
    Measures {
        analysis_dpi,
        blur: blur_effect(&g),
        shadow: shadow_of(&map),
        edges: edge_ink_with(&g, strip, &map, &levels),
        skew: skew_degrees_with(&g, &map, &levels),
        ink: ink_of_histogram(&hist),
        levels,
        chroma,
    }
}
