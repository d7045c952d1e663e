//! Pure measures on pixels and text: sharpness, contrast, levels, skew, JPEG quality.
