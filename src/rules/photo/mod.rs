//! `photo/*`: whether the visa photo meets the profile's `[photo]` specification.

pub mod age;
pub mod aspect;
pub mod background;
pub mod color;
pub mod dimensions;
pub mod head_size;

use crate::pack::Pack;
use crate::pack::entry::Entry;
use crate::read::photo::Photo;

/// Every readable photo of the pack, with its measures.
pub fn photos(pack: &Pack) -> Vec<(&Entry, &Photo)> {
    pack.readings()
        .filter(|(e, r)| e.kind() == Some("photo") && r.failure.is_none())
        .filter_map(|(e, r)| Some((e, r.photo.as_ref()?)))
        .collect()
}

/// `W x H px`.
pub fn px((w, h): (u32, u32)) -> String {
    format!("{w} x {h} px")
}
