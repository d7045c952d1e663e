//! One directory entry of a pack folder, classified once at scan time.

use super::name::{DocName, NameProblem};
use super::role::KindRole;
use super::sniff::FileType;
use std::path::PathBuf;

/// What an entry of the pack folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryClass {
    /// A regular file (or a link to one inside the pack) that is meant as a document.
    Document(DocInfo),
    /// The pack's `dossier.toml`.
    Manifest,
    /// Operating-system or editor junk; the text says what it is.
    Junk(&'static str),
    /// A sub-folder (packs hold files only).
    Folder,
    /// A symbolic link whose target lies outside the pack folder.
    LinkOutside(String),
    /// Cannot be opened as a file: broken link, link loop, device, FIFO; the text says which.
    NotAFile(String),
}

/// What the scan learned about a document: its name, real type and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    /// The parsed `NN_Title.ext`, or why the name is not that.
    pub name: Result<DocName, NameProblem>,
    /// The file's real type, `None` when it could not be read or is empty.
    pub sniffed: Option<FileType>,
    /// The I/O error met reading it, if any.
    pub io_error: Option<String>,
    /// The profile kind its title means.
    pub kind: Option<String>,
    /// That kind's role.
    pub role: Option<KindRole>,
}

/// An entry of the pack folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// File name; invalid UTF-8 is replaced with U+FFFD.
    pub name: String,
    /// Whether the name on disk is valid UTF-8.
    pub utf8_name: bool,
    /// Full path.
    pub path: PathBuf,
    /// Size in bytes (of the link target for links inside the pack).
    pub bytes: u64,
    /// What it is.
    pub class: EntryClass,
}

impl Entry {
    /// The document facts, when the entry is a document.
    pub fn doc(&self) -> Option<&DocInfo> {
        match &self.class {
            EntryClass::Document(d) => Some(d),
            _ => None,
        }
    }

    /// The sequence number, for a well-named document.
    pub fn number(&self) -> Option<u32> {
        self.doc()?.name.as_ref().ok().map(|n| n.number)
    }

    /// Whether the content is a PDF (whatever the name says).
    pub fn is_pdf(&self) -> bool {
        self.doc().and_then(|d| d.sniffed) == Some(FileType::Pdf)
    }

    /// The kind id, for a document whose title the profile knows.
    pub fn kind(&self) -> Option<&str> {
        self.doc()?.kind.as_deref()
    }

    /// The role of its kind, for a document whose title the profile knows.
    pub fn role(&self) -> Option<KindRole> {
        self.doc()?.role
    }

    /// Whether the document's kind plays `role`.
    pub fn is(&self, role: KindRole) -> bool {
        self.role() == Some(role)
    }
}

/// Why a name marks OS or editor junk, or `None` for an ordinary name.
pub fn junk_reason(name: &str, is_dir: bool) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if is_dir {
        return match lower.as_str() {
            "__macosx" => Some("macOS archive metadata folder"),
            _ if name.starts_with('.') => Some("hidden folder"),
            _ => None,
        };
    }
    Some(match lower.as_str() {
        ".ds_store" => "macOS Finder metadata",
        "thumbs.db" | "ehthumbs.db" | "ehthumbs_vista.db" => "Windows thumbnail cache",
        "desktop.ini" => "Windows folder settings",
        ".directory" => "KDE folder settings",
        "icon\r" => "macOS folder icon",
        _ if name.starts_with("._") => "macOS resource fork (AppleDouble)",
        _ if name.starts_with("~$") => "Microsoft Office lock file",
        _ if lower.starts_with(".~lock.") => "LibreOffice lock file",
        _ if lower.ends_with(".tmp") || lower.ends_with(".temp") => "temporary file",
        _ if lower.ends_with('~')
            || lower.ends_with(".swp")
            || lower.ends_with(".swo")
            || lower.ends_with(".bak") =>
        {
            "editor backup or swap file"
        }
        _ if lower.ends_with(".crdownload") || lower.ends_with(".part") => "unfinished download",
        _ if name.starts_with('.') => "hidden file",
        _ => return None,
    })
}

/// Folder names the scan passes over in silence: version control and dossier's own trash.
pub fn is_ignored_dir(name: &str) -> bool {
    matches!(name, ".git" | ".svn" | ".hg" | ".dossier-trash")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_junk() {
        for name in [
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "~$Form.docx",
            "x.tmp",
            "._01_Passport.pdf",
            ".~lock.02_Form.odt#",
            "notes.txt~",
        ] {
            assert!(junk_reason(name, false).is_some(), "{name}");
        }
        assert_eq!(junk_reason("01_Passport.pdf", false), None);
        assert_eq!(junk_reason("old", true), None);
        assert!(junk_reason("__MACOSX", true).is_some());
    }
}
