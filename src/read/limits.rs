//! Caps against hostile files: past any of them a document is `file/unreadable`, with the
//! cap named, instead of an allocation of gigabytes.

/// Largest file read into memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// Largest decoded image, in pixels (a 600 dpi A3 scan is about 70 MP).
pub const MAX_PIXELS: u64 = 100_000_000;
/// Largest decompressed stream (content stream or image data).
pub const MAX_STREAM_BYTES: usize = 256 << 20;
/// Largest page content stream, decompressed.
pub const MAX_CONTENT_BYTES: usize = 64 << 20;
/// Content operators interpreted per page, forms included.
pub const MAX_OPERATIONS: usize = 2_000_000;
/// Form XObjects nested inside each other.
pub const MAX_FORM_DEPTH: usize = 12;
/// Pages measured per document; the rest are counted but not measured.
pub const MAX_PAGES_MEASURED: usize = 2_000;
/// The resolution scans are measured at, so one threshold fits 150, 200 and 300 dpi sources.
pub const ANALYSIS_DPI: f64 = 150.0;
/// Pages read by OCR per document: letters and statements are a few pages; a scan of
/// thousands is refused the cost, not read for an hour.
pub const MAX_PAGES_OCR: usize = 50;
/// Largest page image handed to OCR, in pixels (A3 at 300 dpi is 17 MP); larger ones are
/// scaled down first.
pub const MAX_OCR_PIXELS: usize = 36_000_000;
/// Longest one page's OCR may take before it is given up.
pub const OCR_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);
