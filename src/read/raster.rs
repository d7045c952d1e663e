//! Image XObjects of a PDF page turned into luma: DCT, Flate/LZW/RunLength (8-bit gray,
//! RGB, CMYK, indexed, 1-bit), and CCITT G3/G4 fax scans.

use super::jpeg::{self, rgb_to_luma};
use super::limits::{MAX_PIXELS, MAX_STREAM_BYTES};
use crate::measure::{Chroma, Gray, chroma};
use lopdf::{Document, Object, Stream};

/// Why an image was not decoded.
pub enum Undecoded {
    /// Over a safety cap: the file is refused.
    OverLimit(String),
    /// An encoding or layout this reader does not decode; only its resolution is measured.
    Unsupported(String),
}

impl From<String> for Undecoded {
    fn from(s: String) -> Self {
        Undecoded::Unsupported(s)
    }
}

impl From<&str> for Undecoded {
    fn from(s: &str) -> Self {
        Undecoded::Unsupported(s.to_string())
    }
}

/// An image decoded for measuring, at `scale` of its full size.
pub struct Decoded {
    /// Luma.
    pub gray: Gray,
    /// Colour content, for colour images.
    pub chroma: Option<Chroma>,
    /// Decoded width over full width.
    pub scale: f64,
    /// IJG quality, for JPEG data.
    pub jpeg_quality: Option<u8>,
    /// The colour pixels at the decoded scale, when the decoder made them.
    pub rgb: Option<crate::measure::Rgb>,
}

/// What the image dictionary says, before decoding anything.
#[derive(Debug, Clone)]
pub struct ImageHeader {
    /// Pixel size.
    pub size: (u32, u32),
    /// Colour components (1 gray/bilevel/indexed, 3 RGB, 4 CMYK).
    pub components: u8,
    /// One bit per component.
    pub bilevel: bool,
    /// The image's own compression (`jpeg`, `flate`, `ccitt`, `jbig2`, `jpx`, `raw`, ...).
    pub encoding: &'static str,
}

fn int(dict: &lopdf::Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| o.as_i64().ok())
}

/// Reads an image dictionary's size, colour and encoding.
pub fn header(doc: &Document, stream: &Stream) -> Result<ImageHeader, String> {
    let d = &stream.dict;
    let w = int(d, b"Width")
        .filter(|w| *w > 0)
        .ok_or("image without a width")?;
    let h = int(d, b"Height")
        .filter(|h| *h > 0)
        .ok_or("image without a height")?;
    let (w, h) = (
        u32::try_from(w).map_err(|_| "image width out of range")?,
        u32::try_from(h).map_err(|_| "image height out of range")?,
    );
    let filters = stream.filters().unwrap_or_default();
    let encoding = match filters.last().copied() {
        Some(b"DCTDecode") => "jpeg",
        Some(b"CCITTFaxDecode") => "ccitt",
        Some(b"JBIG2Decode") => "jbig2",
        Some(b"JPXDecode") => "jpeg2000",
        Some(b"FlateDecode") => "flate",
        Some(b"LZWDecode") => "lzw",
        Some(b"RunLengthDecode") => "runlength",
        Some(_) => "other",
        None => "raw",
    };
    let mask = d
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let bpc = int(d, b"BitsPerComponent").unwrap_or(if mask { 1 } else { 8 });
    let components = if mask || matches!(encoding, "ccitt" | "jbig2") {
        1
    } else {
        colour_space(doc, d.get(b"ColorSpace").ok()).components
    };
    Ok(ImageHeader {
        size: (w, h),
        components,
        bilevel: bpc == 1 || matches!(encoding, "ccitt" | "jbig2"),
        encoding,
    })
}

struct Space {
    components: u8,
    /// Indexed: base components and palette bytes.
    palette: Option<(u8, Vec<u8>)>,
    /// Separation and DeviceN: each component is an ink's tint, 1 (255) full ink.
    tint: bool,
}

fn colour_space(doc: &Document, cs: Option<&Object>) -> Space {
    let plain = |components| Space {
        components,
        palette: None,
        tint: false,
    };
    let Some(cs) = cs.map(|o| super::content::deref(doc, o)) else {
        return plain(1);
    };
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" | b"RGB" => plain(3),
            b"DeviceCMYK" | b"CMYK" => plain(4),
            _ => plain(1),
        },
        Object::Array(a) => match a.first().and_then(|o| o.as_name().ok()) {
            Some(b"ICCBased") => {
                let n = a
                    .get(1)
                    .map(|o| super::content::deref(doc, o))
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| int(&s.dict, b"N"))
                    .unwrap_or(3);
                plain(n.clamp(1, 4) as u8)
            }
            Some(b"CalRGB" | b"Lab") => plain(3),
            Some(b"CalGray") => plain(1),
            Some(b"Indexed" | b"I") => {
                let base = colour_space(doc, a.get(1));
                let lookup = a.get(3).map(|o| super::content::deref(doc, o));
                let bytes = match lookup {
                    Some(Object::String(s, _)) => Some(s.clone()),
                    Some(Object::Stream(s)) => s.decompressed_content_with_limit(4096).ok(),
                    _ => None,
                };
                Space {
                    components: 1,
                    palette: bytes.map(|b| (base.components, b)),
                    tint: false,
                }
            }
            // One tint per named colorant: a three-ink DeviceN image has three
            // components, whatever its alternate space.
            Some(b"DeviceN") => Space {
                components: a
                    .get(1)
                    .map(|o| super::content::deref(doc, o))
                    .and_then(|o| o.as_array().ok())
                    .map_or(1, |names| names.len().clamp(1, 32) as u8),
                palette: None,
                tint: true,
            },
            Some(b"Separation") => Space {
                components: 1,
                palette: None,
                tint: true,
            },
            _ => plain(1),
        },
        _ => plain(1),
    }
}

/// An image stream's data under its last filter (the image codec's): the stored bytes,
/// or what the filters before it decode to. ReportLab writes JPEG scans as
/// `[/ASCII85Decode /DCTDecode]`.
pub fn encoded_data(stream: &Stream) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    let filters = stream.filters().unwrap_or_default();
    if filters.len() <= 1 {
        return Ok(std::borrow::Cow::Borrowed(&stream.content));
    }
    let outer: Vec<Object> = filters[..filters.len() - 1]
        .iter()
        .map(|f| Object::Name(f.to_vec()))
        .collect();
    let mut dict = lopdf::Dictionary::new();
    dict.set("Filter", outer);
    if let Ok(Object::Array(params)) = stream.dict.get(b"DecodeParms") {
        dict.set(
            "DecodeParms",
            params[..params.len().min(filters.len() - 1)].to_vec(),
        );
    }
    let mut inner = Stream::new(dict, Vec::new());
    inner.content.clone_from(&stream.content);
    inner
        .decompressed_content_with_limit(MAX_STREAM_BYTES)
        .map(std::borrow::Cow::Owned)
        .map_err(|e| format!("the image's outer filters: {}", super::pdf::explain(&e)))
}

/// Decodes an image XObject at about `want` of its full size.
pub fn decode(
    doc: &Document,
    stream: &Stream,
    head: &ImageHeader,
    want: f64,
    colour: bool,
) -> Result<Decoded, Undecoded> {
    let (w, h) = head.size;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Undecoded::OverLimit(format!(
            "a {w} x {h} px image is over the {} MP limit",
            MAX_PIXELS / 1_000_000
        )));
    }
    let filters = stream.filters().unwrap_or_default();
    match head.encoding {
        "jpeg" => {
            let data = encoded_data(stream).map_err(Undecoded::Unsupported)?;
            let j = jpeg::decode(&data, want, colour)?;
            Ok(Decoded {
                gray: j.gray,
                chroma: j.chroma,
                scale: j.scale,
                jpeg_quality: j.quality,
                rgb: j.rgb,
            })
        }
        "ccitt" if filters.len() == 1 => {
            let gray = ccitt(stream, w, h)?;
            Ok(Decoded {
                gray,
                chroma: None,
                scale: 1.0,
                jpeg_quality: None,
                rgb: None,
            })
        }
        "flate" | "lzw" | "runlength" | "raw" => unfiltered(doc, stream, w, h),
        other => Err(Undecoded::Unsupported(format!(
            "{other} images are not decoded; resolution measured only"
        ))),
    }
}

fn unfiltered(doc: &Document, stream: &Stream, w: u32, h: u32) -> Result<Decoded, Undecoded> {
    let d = &stream.dict;
    let mask = d
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let bpc = int(d, b"BitsPerComponent").unwrap_or(if mask { 1 } else { 8 });
    let space = colour_space(doc, d.get(b"ColorSpace").ok());
    let comps = if mask { 1 } else { space.components.max(1) };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("{bpc} bits per component").into());
    }
    let row_bytes = (w as usize * comps as usize * bpc as usize).div_ceil(8);
    let need = row_bytes * h as usize;
    // The data may inflate to what the image needs and a little slack; a stream that
    // inflates further is a decompression bomb.
    let cap = MAX_STREAM_BYTES.min(need + need / 4 + 4096);
    let data = stream
        .decompressed_content_with_limit(cap)
        .map_err(|e| match e {
            lopdf::Error::Decompress(_) => Undecoded::OverLimit(format!(
                "the image data inflates past {cap} bytes for a {w} x {h} image: a decompression bomb or corrupt data ({e})"
            )),
            e => Undecoded::Unsupported(format!("image data: {}", super::pdf::explain(&e))),
        })?;
    if data.len() < need {
        return Err(format!("image data holds {} of {need} bytes", data.len()).into());
    }
    let inverted = d
        .get(b"Decode")
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first().and_then(|o| o.as_float().ok()))
        .is_some_and(|first| first > 0.5);
    let (w, h) = (w as usize, h as usize);
    // The common cases, 8-bit gray and RGB, without the per-sample path below.
    if bpc == 8 && space.palette.is_none() && !space.tint && matches!(comps, 1 | 3) {
        let pixels = &data[..need];
        let (mut luma, colour) = if comps == 1 {
            (pixels.to_vec(), None)
        } else {
            let (l, c) = jpeg::luma_and_chroma(pixels, w);
            (l, Some(c))
        };
        if inverted {
            luma.iter_mut().for_each(|v| *v = 255 - *v);
        }
        return Ok(Decoded {
            gray: Gray::new(w, h, luma),
            chroma: colour,
            scale: 1.0,
            jpeg_quality: None,
            rgb: None,
        });
    }
    let mut luma = Vec::with_capacity(w * h);
    let mut rgb = Vec::new();
    for row in data.chunks_exact(row_bytes).take(h) {
        for x in 0..w {
            let sample = |c: usize| -> u8 {
                let i = x * comps as usize + c;
                match bpc {
                    8 => row[i],
                    16 => row[2 * i],
                    _ => {
                        let bits = bpc as usize;
                        let bit = i * bits;
                        let v = (row[bit / 8] >> (8 - bits - bit % 8)) & ((1 << bits) - 1);
                        (u32::from(v) * 255 / ((1u32 << bits) - 1)) as u8
                    }
                }
            };
            let (y, colour) = match (&space.palette, comps) {
                // The darkest ink decides how dark the point reads.
                _ if space.tint && !mask => {
                    let ink = (0..comps as usize).map(sample).max().unwrap_or(0);
                    (255 - ink, None)
                }
                (Some((base, pal)), _) if !mask => {
                    let idx = usize::from(sample(0)) * ((1usize << bpc.min(8)) - 1) / 255;
                    let b = usize::from(*base);
                    let entry = pal
                        .get(idx * b..idx * b + b)
                        .unwrap_or(&[0, 0, 0][..b.min(3)]);
                    match b {
                        3 => {
                            let px = [entry[0], entry[1], entry[2]];
                            (rgb_to_luma(&px)[0], Some(px))
                        }
                        _ => (entry.first().copied().unwrap_or(0), None),
                    }
                }
                (_, 3) => {
                    let px = [sample(0), sample(1), sample(2)];
                    (rgb_to_luma(&px)[0], Some(px))
                }
                (_, 4) => {
                    let k = 255 - u32::from(sample(3));
                    let avg = 255
                        - (u32::from(sample(0)) + u32::from(sample(1)) + u32::from(sample(2))) / 3;
                    ((avg * k / 255) as u8, None)
                }
                _ => (sample(0), None),
            };
            luma.push(if inverted { 255 - y } else { y });
            if let Some(px) = colour {
                rgb.extend_from_slice(&px);
            }
        }
    }
    Ok(Decoded {
        gray: Gray::new(w, h, luma),
        chroma: (!rgb.is_empty()).then(|| chroma(&rgb)),
        scale: 1.0,
        jpeg_quality: None,
        rgb: None,
    })
}

fn ccitt(stream: &Stream, w: u32, h: u32) -> Result<Gray, String> {
    let parms = stream.dict.get(b"DecodeParms").ok().and_then(|p| match p {
        Object::Array(a) => a.first().and_then(|o| o.as_dict().ok()),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let k = parms.and_then(|p| int(p, b"K")).unwrap_or(0);
    let columns = parms
        .and_then(|p| int(p, b"Columns"))
        .map_or(w, |c| c.clamp(1, 1 << 20) as u32);
    let mut data = Vec::with_capacity(w as usize * h as usize);
    let mut push_line = |line: &[u32]| {
        if data.len() < w as usize * h as usize {
            data.extend(
                fax::decoder::pels(line, columns)
                    .take(w as usize)
                    .map(|c| match c {
                        fax::Color::Black => 0u8,
                        fax::Color::White => 255u8,
                    }),
            );
        }
    };
    let input = stream.content.iter().copied();
    let ok = if k < 0 {
        fax::decoder::decode_g4(input, columns, Some(h), &mut push_line)
    } else if k == 0 {
        fax::decoder::decode_g3(input, &mut push_line)
    } else {
        return Err(
            "CCITT mixed 1D/2D (K > 0) images are not decoded; resolution measured only".into(),
        );
    };
    if ok.is_none() && data.is_empty() {
        return Err("CCITT data could not be decoded".into());
    }
    data.resize(w as usize * h as usize, 255);
    Ok(Gray::new(w as usize, h as usize, data))
}
