//! The pages of a multi-page TIFF. The image crate decodes only a TIFF's first image, so
//! a 3-page statement was one page in `check` and in `build`. Each page is handed to it
//! as the same bytes with the header's first-image offset pointing at that page's IFD.

use std::borrow::Cow;
use std::collections::HashSet;

/// Pages read from one TIFF: more is not a document, and a looping IFD chain must end.
pub const MAX_TIFF_PAGES: usize = 500;

/// Where each image's directory (IFD) starts, in chain order; empty when the header is
/// not TIFF. A chain that loops or leaves the file ends there.
pub fn ifd_offsets(bytes: &[u8]) -> Vec<u64> {
    let Some(layout) = Layout::of(bytes) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut at = layout.first(bytes);
    while let Some(offset) = at.filter(|&o| o != 0 && (o as usize) < bytes.len()) {
        if !seen.insert(offset) || out.len() >= MAX_TIFF_PAGES {
            break;
        }
        out.push(offset);
        at = layout.next(bytes, offset as usize);
    }
    out
}

/// The TIFF with its image at `offset` first: the file itself for the first image.
pub fn frame<'a>(bytes: &'a [u8], offsets: &[u64], index: usize) -> Option<Cow<'a, [u8]>> {
    let &offset = offsets.get(index)?;
    if index == 0 {
        return Some(Cow::Borrowed(bytes));
    }
    let layout = Layout::of(bytes)?;
    let mut patched = bytes.to_vec();
    layout.set_first(&mut patched, offset);
    Some(Cow::Owned(patched))
}

/// Byte order and classic (32-bit offsets) or BigTIFF (64-bit).
#[derive(Clone, Copy)]
struct Layout {
    little: bool,
    big: bool,
}

impl Layout {
    fn of(bytes: &[u8]) -> Option<Layout> {
        let little = match bytes.get(..2)? {
            b"II" => true,
            b"MM" => false,
            _ => return None,
        };
        let l = Layout { little, big: false };
        match l.u16(bytes, 2)? {
            42 => Some(l),
            43 => Some(Layout { little, big: true }),
            _ => None,
        }
    }

    fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let v: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if self.little {
            u16::from_le_bytes(v)
        } else {
            u16::from_be_bytes(v)
        })
    }

    fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let v: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if self.little {
            u32::from_le_bytes(v)
        } else {
            u32::from_be_bytes(v)
        })
    }

    fn u64(self, b: &[u8], at: usize) -> Option<u64> {
        let v: [u8; 8] = b.get(at..at + 8)?.try_into().ok()?;
        Some(if self.little {
            u64::from_le_bytes(v)
        } else {
            u64::from_be_bytes(v)
        })
    }

    fn first(self, b: &[u8]) -> Option<u64> {
        if self.big {
            self.u64(b, 8)
        } else {
            self.u32(b, 4).map(u64::from)
        }
    }

    fn next(self, b: &[u8], ifd: usize) -> Option<u64> {
        if self.big {
            let n = usize::try_from(self.u64(b, ifd)?).ok()?;
            self.u64(b, ifd.checked_add(8)?.checked_add(n.checked_mul(20)?)?)
        } else {
            let n = usize::from(self.u16(b, ifd)?);
            self.u32(b, ifd + 2 + n * 12).map(u64::from)
        }
    }

    fn set_first(self, b: &mut [u8], offset: u64) {
        if self.big {
            let v = if self.little {
                offset.to_le_bytes()
            } else {
                offset.to_be_bytes()
            };
            b[8..16].copy_from_slice(&v);
        } else {
            let o = offset as u32;
            let v = if self.little {
                o.to_le_bytes()
            } else {
                o.to_be_bytes()
            };
            b[4..8].copy_from_slice(&v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TIFF of `pages` gray pages, page k filled with 40 k.
    pub(crate) fn multi_page(pages: u8) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut enc = tiff::encoder::TiffEncoder::new(&mut out).unwrap();
        for k in 0..pages {
            let data = vec![40 * k; 64 * 32];
            enc.write_image::<tiff::encoder::colortype::Gray8>(64, 32, &data)
                .unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn every_page_is_found_and_decodes_as_itself() {
        let bytes = multi_page(3);
        let offsets = ifd_offsets(&bytes);
        assert_eq!(offsets.len(), 3);
        for k in 0..3 {
            let f = frame(&bytes, &offsets, k).unwrap();
            let img = image::load_from_memory_with_format(&f, image::ImageFormat::Tiff)
                .unwrap()
                .to_luma8();
            assert_eq!(img.get_pixel(5, 5).0[0], 40 * k as u8);
        }
    }

    #[test]
    fn a_looping_or_broken_chain_ends() {
        let mut bytes = multi_page(2);
        let offsets = ifd_offsets(&bytes);
        // Point the second page's next-IFD at the first.
        let n = u16::from_le_bytes([bytes[offsets[1] as usize], bytes[offsets[1] as usize + 1]]);
        let at = offsets[1] as usize + 2 + usize::from(n) * 12;
        let first = offsets[0] as u32;
        bytes[at..at + 4].copy_from_slice(&first.to_le_bytes());
        assert_eq!(ifd_offsets(&bytes).len(), 2);
        assert!(ifd_offsets(b"II*\0\xff\xff\xff\x7f").is_empty());
        assert!(ifd_offsets(b"not a tiff").is_empty());
        for cut in 0..bytes.len() {
            let _ = ifd_offsets(&bytes[..cut]);
        }
    }
}
