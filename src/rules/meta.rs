//! What a rule is, apart from its check: id, default severity, what it reads, its help.

use crate::engine::context::Need;
use crate::finding::Severity;

/// A rule's description, a constant in its file (`Check::META`).
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    /// `group/name`, from the rule's module path ([`rule_id!`](crate::rule_id)).
    pub id: &'static str,
    /// Severity of its findings before any override.
    pub severity: Severity,
    /// How `dossier rules` shows the severity of a rule with two levels.
    pub label: Option<&'static str>,
    /// What the rule reads; the engine reads no more for a run of these rules.
    pub needs: &'static [Need],
    /// The help line its findings usually carry.
    pub help: &'static str,
}

impl Meta {
    /// A rule of this id and severity that reads what `needs` says.
    pub const fn new(id: &'static str, severity: Severity, needs: &'static [Need]) -> Meta {
        Meta {
            id,
            severity,
            label: None,
            needs,
            help: "",
        }
    }

    /// With the help line its findings usually carry.
    pub const fn help(self, help: &'static str) -> Meta {
        Meta { help, ..self }
    }

    /// With a severity label for `dossier rules` (a rule whose findings have two levels).
    pub const fn label(self, label: &'static str) -> Meta {
        Meta {
            label: Some(label),
            ..self
        }
    }
}

/// The id a rule module's path gives: `dossier::rules::scan::blank_page` is
/// `scan/blank-page`, the same id build.rs derives from the file's path.
#[macro_export]
macro_rules! rule_id {
    () => {{
        const PATH: &str = module_path!();
        const LEN: usize = $crate::rules::meta::id_len(PATH);
        const ID: [u8; LEN] = $crate::rules::meta::id_bytes(PATH);
        match ::std::str::from_utf8(&ID) {
            Ok(id) => id,
            Err(_) => panic!("a rule's module path is ASCII"),
        }
    }};
}

/// Where the `group::name` part of a rule's module path starts: after `::rules::`.
const fn id_start(path: &str) -> usize {
    let b = path.as_bytes();
    let key = b"::rules::";
    let mut i = 0;
    while i + key.len() <= b.len() {
        let mut j = 0;
        while j < key.len() && b[i + j] == key[j] {
            j += 1;
        }
        if j == key.len() {
            return i + key.len();
        }
        i += 1;
    }
    panic!("a rule lives under src/rules/")
}

/// Walks the id a module path gives, calling `put` for each byte; returns its length.
const fn id_walk<const N: usize>(path: &str, out: &mut [u8; N], write: bool) -> usize {
    let b = path.as_bytes();
    let mut i = id_start(path);
    let mut n = 0;
    while i < b.len() {
        let c = if b[i] == b':' && i + 1 < b.len() && b[i + 1] == b':' {
            i += 1;
            b'/'
        } else if b[i] == b'r'
            && i + 1 < b.len()
            && b[i + 1] == b'#'
            && (i == 0 || b[i - 1] == b':')
        {
            // `r#type`: the raw-identifier prefix is not part of the name.
            i += 2;
            continue;
        } else if b[i] == b'_' {
            b'-'
        } else {
            b[i]
        };
        if write {
            out[n] = c;
        }
        n += 1;
        i += 1;
    }
    n
}

/// The length of the id a rule's module path gives.
pub const fn id_len(path: &str) -> usize {
    id_walk::<0>(path, &mut [], false)
}

/// The bytes of the id a rule's module path gives.
pub const fn id_bytes<const N: usize>(path: &str) -> [u8; N] {
    let mut out = [0u8; N];
    id_walk(path, &mut out, true);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_follow_module_paths() {
        const P: &str = "dossier::rules::scan::blank_page";
        const LEN: usize = super::id_len(P);
        assert_eq!(&super::id_bytes::<LEN>(P), b"scan/blank-page");
        const R: &str = "dossier::rules::file::r#type";
        const RLEN: usize = super::id_len(R);
        assert_eq!(&super::id_bytes::<RLEN>(R), b"file/type");
    }
}
