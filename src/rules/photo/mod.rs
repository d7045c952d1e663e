//! `photo/*`: whether the visa photo meets the profile's `[photo]` specification.

pub mod age;
pub mod aspect;
pub mod background;
pub mod color;
pub mod dimensions;
pub mod head_size;

use crate::engine::Context;
use crate::pack::entry::Entry;
use crate::pack::role::KindRole;
use crate::read::photo::Photo;

/// Every readable photo of the pack, with its measures; no other document is read.
pub fn photos<'c>(ctx: &'c Context) -> Vec<(&'c Entry, &'c Photo)> {
    ctx.readings_where(|e| e.is(KindRole::Photo))
        .filter(|(_, r)| r.failure.is_none())
        .filter_map(|(e, r)| Some((e, r.photo.as_ref()?)))
        .collect()
}

/// `W x H px`.
pub fn px((w, h): (u32, u32)) -> String {
    format!("{w} x {h} px")
}
