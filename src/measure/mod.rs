//! Pure measures on pixels: sharpness, contrast, levels, skew, JPEG quality, a face.
//!
//! Every function here takes arrays (an 8-bit luma [`Gray`] page, RGB bytes, JPEG
//! bytes) and returns measured numbers; the thresholds that turn them into findings
//! live in the profile. Pixel measures expect the "analysis image": the page resampled
//! to about 150 dpi with [`resample_area`], so that their values mean the same at any
//! scan resolution. Words are not pixels: the text layer lives in `text`, the facts read
//! from it in `extract`.

pub mod background;
pub mod blur;
pub mod color;
pub mod cropped;
pub mod gray;
pub mod head;
pub mod ink;
pub mod jpeg_quality;
pub mod levels;
pub mod mrz;
pub mod paper;
pub mod rgb;
pub mod shadow;
pub mod skew;

#[cfg(test)]
mod synth;

pub use background::{Background, Rect, Side, background};
pub use blur::blur_effect;
pub use color::{Chroma, ChromaCount, chroma};
pub use cropped::{Edges, edge_ink, edge_ink_with};
pub use gray::{AreaResampler, Gray, resample_area};
pub use head::{FaceBox, Head, head};
pub use ink::{Ink, ink, ink_of_histogram};
pub use jpeg_quality::{estimate_quality, quant_tables};
pub use levels::{Levels, contrast, histogram, ink_contrast, levels, levels_of_histogram};
pub use paper::PaperMap;
pub use rgb::{Rgb, RgbResampler};
pub use shadow::{Shadow, shadow, shadow_of};
pub use skew::{skew_degrees, skew_degrees_with};
