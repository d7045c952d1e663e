//! Deciding every move from the folder listing alone: renumbering, safe titles, junk.

use super::journal::is_encodable;
use super::order::{Slot, order};
use super::title::{is_meaningful, sanitize};
use super::{Dest, JOURNAL_FILE, JOURNAL_TEMP, TEMP_PREFIX, TRASH_DIR, shown};
use crate::error::RunError;
use crate::pack::entry::{DocInfo, Entry, EntryClass};
use crate::pack::name::{self, NameProblem, SUPPORTED_EXTENSIONS};
use crate::pack::profile::Profile;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};

/// The highest sequence number a two-digit name can carry.
const MAX_NUMBER: u32 = 99;

/// One file to move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Its name in the pack folder now.
    pub from: OsString,
    /// Where it goes.
    pub to: Dest,
    /// Why, in a few words (`renumbered`, `unsafe characters replaced`, the junk's kind).
    pub reason: String,
}

/// A file fix does not touch although the checker would complain about it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftAlone {
    /// Its name in the pack folder.
    pub file: String,
    /// Why fix leaves it, and what to do instead.
    pub reason: String,
}

/// Everything fix would do to a pack: document renames first, in their new order, then
/// junk moved to the trash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The moves, each from a distinct name to a distinct destination.
    pub moves: Vec<Move>,
    /// What stays as it is, with the reason.
    pub left_alone: Vec<LeftAlone>,
}

impl Plan {
    /// Moves that rename a document within the pack folder.
    pub fn renames(&self) -> usize {
        self.moves.iter().filter(|m| !m.to.trash).count()
    }

    /// Moves that put junk into the trash.
    pub fn trashed(&self) -> usize {
        self.moves.iter().filter(|m| m.to.trash).count()
    }
}

/// Whether fix may treat `entries` as a pack: a `dossier.toml`, or at least half the files
/// (junk aside) named like pack documents (a title the profile knows, or a leading number).
///
/// fix renames and moves files, so pointed by mistake at a home or downloads folder it
/// must refuse rather than number someone's files and sweep their dotfiles away.
pub fn looks_like_pack(entries: &[Entry], profile: &Profile) -> bool {
    if entries.iter().any(|e| e.class == EntryClass::Manifest) {
        return true;
    }
    let docs: Vec<&Entry> = entries.iter().filter(|e| e.doc().is_some()).collect();
    let named = docs
        .iter()
        .filter(|e| current_number(&e.name).is_some() || kind_rank(e, profile).is_some())
        .count();
    !docs.is_empty() && named * 2 >= docs.len()
}

/// Plans the repairs of a pack listed as `entries` under `profile`; `trash_taken` holds the
/// names already in `.dossier-trash/`.
///
/// Fails when a new name is taken by a file the plan does not move (fix never overwrites),
/// or when the documents do not fit in 01..99.
pub fn plan(
    entries: &[Entry],
    profile: &Profile,
    trash_taken: &BTreeSet<OsString>,
) -> Result<Plan, RunError> {
    let mut left_alone = Vec::new();
    let mut docs: Vec<Doc> = Vec::new();
    let mut junk: Vec<(&Entry, &'static str)> = Vec::new();
    // Numbers held by documents fix leaves where they are: never handed out again, so fix
    // cannot create a duplicate number.
    let mut reserved = BTreeSet::new();
    for entry in entries {
        let leave = |reason: String| LeftAlone {
            file: entry.name.clone(),
            reason,
        };
        match &entry.class {
            EntryClass::Manifest => {}
            EntryClass::Junk(_) if entry.name == TRASH_DIR => left_alone.push(leave(
                "a file where fix keeps its trash folder; move it out of the pack".into(),
            )),
            // A journal that died before it was renamed into place; the run removes it.
            EntryClass::Junk(_) if entry.name == JOURNAL_TEMP => {}
            // Another run's, or one whose journal is gone: trashing it would hide a
            // document under a name nobody looks for.
            EntryClass::Junk(_)
                if entry.name == JOURNAL_FILE || entry.name.starts_with(TEMP_PREFIX) =>
            {
                left_alone.push(leave(
                    "a file of another `dossier fix` run; once none runs, `dossier fix` completes its journal, or rename the file back by hand".into(),
                ))
            }
            EntryClass::Junk(_) if !is_encodable(file_name(entry)) => left_alone.push(leave(
                "its name is not valid text on this system; delete or rename it by hand".into(),
            )),
            EntryClass::Junk(what) => junk.push((entry, what)),
            EntryClass::Folder => left_alone.push(leave(
                "a sub-folder: fix moves files only; move it out of the pack".into(),
            )),
            EntryClass::LinkOutside(target) => left_alone.push(leave(format!(
                "a link to `{target}` outside the pack; copy the file in instead"
            ))),
            EntryClass::NotAFile(why) => {
                left_alone.push(leave(format!("{why}; fix leaves it where it is")))
            }
            EntryClass::Document(info) => match document(entry, info, profile) {
                Ok(doc) => docs.push(doc),
                Err(reason) => {
                    if let Some(n) = entry.number() {
                        reserved.insert(n);
                    }
                    left_alone.push(leave(reason));
                }
            },
        }
    }

    let slots: Vec<Slot> = docs
        .iter()
        .map(|d| Slot {
            current: d.current,
            name: d.entry.name.clone(),
            rank: d.rank,
        })
        .collect();
    let mut moves = Vec::new();
    let mut next = 1;
    for i in order(&slots) {
        while reserved.contains(&next) {
            next += 1;
        }
        if next > MAX_NUMBER {
            return Err(RunError::FixTooMany(docs.len() + reserved.len()));
        }
        let doc = &docs[i];
        let new_name = format!("{next:02}_{}.{}", doc.title, doc.ext);
        if file_name(doc.entry) != OsStr::new(&new_name) {
            let mut why = Vec::new();
            if doc.entry.number() != Some(next) {
                why.push("renumbered");
            }
            if doc.sanitized {
                why.push("unsafe characters replaced");
            }
            if doc.kind_title {
                why.push("titled by its kind");
            }
            if why.is_empty() {
                why.push("renamed");
            }
            moves.push(Move {
                from: file_name(doc.entry).to_os_string(),
                to: Dest {
                    trash: false,
                    name: new_name.into(),
                },
                reason: why.join(", "),
            });
        }
        next += 1;
    }
    refuse_taken_names(entries, &moves)?;

    let mut taken = trash_taken.clone();
    for (entry, what) in junk {
        let name = free_trash_name(file_name(entry), &taken);
        taken.insert(name.clone());
        moves.push(Move {
            from: file_name(entry).to_os_string(),
            to: Dest { trash: true, name },
            reason: format!("{what}, moved to the trash"),
        });
    }
    Ok(Plan { moves, left_alone })
}

/// A document fix can rename, with the parts of its new name.
struct Doc<'a> {
    entry: &'a Entry,
    /// The number its name carries now.
    current: Option<u32>,
    /// Its kind's place in the profile's order; `None` when it may stand anywhere.
    rank: Option<usize>,
    /// The safe title of the new name.
    title: String,
    /// The extension as written (case kept), made safe.
    ext: String,
    /// Whether unsafe characters were replaced.
    sanitized: bool,
    /// Whether the title was replaced by the kind's title.
    kind_title: bool,
}

/// The new name's parts for a document, or why fix leaves it alone.
fn document<'a>(entry: &'a Entry, info: &DocInfo, profile: &Profile) -> Result<Doc<'a>, String> {
    if let Some(e) = &info.io_error {
        return Err(format!("cannot be read ({e}); fix leaves it where it is"));
    }
    if !is_encodable(file_name(entry)) {
        return Err("its name is not valid text on this system; rename it by hand".into());
    }
    let current = current_number(&entry.name).filter(|n| *n <= MAX_NUMBER);
    let raw_title = match &info.name {
        Ok(n) => n.title.as_str(),
        Err(NameProblem::NoExtension) => {
            return Err(
                "it has no extension, and fix does not guess one; add the one its type has".into(),
            );
        }
        // `2023_Bank_Statement.pdf`: a number no two digits can hold is a year or a
        // reference, not a place in the pack, so it stays part of the title.
        Err(_) if current.is_none() && entry.name.starts_with(|c: char| c.is_ascii_digit()) => {
            name::split_extension(&entry.name).0
        }
        Err(_) => name::loose_title(&entry.name),
    };
    if raw_title.trim_matches(['_', '-', ' ']).is_empty() {
        return Err("it has no title after its number; give it one".into());
    }
    let raw_ext = match entry.name.rfind('.') {
        Some(i) if i > 0 && i + 1 < entry.name.len() => &entry.name[i + 1..],
        _ => return Err("it has no extension, and fix does not guess one".into()),
    };
    let kind = info
        .kind
        .as_deref()
        .and_then(|k| profile.kinds.iter().find(|s| s.id == k));
    let supported = info.sniffed.is_some_and(|t| t.is_supported())
        || SUPPORTED_EXTENSIONS.contains(&raw_ext.to_lowercase().as_str());
    if kind.is_none() && current.is_none() && !supported {
        let what = info.sniffed.map_or("file", |t| t.label());
        return Err(format!(
            "a {what} with no number and no known title: not a document fix can place; convert it or move it out"
        ));
    }

    let safe = sanitize(raw_title);
    let mut sanitized = safe != raw_title;
    let mut kind_title = false;
    // A fix never changes what a document is: when the safe title means another kind, or
    // nothing at all (`Анкета` has no safe letter), the kind's own title stands in.
    let same_kind = profile.kind_of(&safe).map(|k| &k.id) == kind.map(|k| &k.id);
    let title = if is_meaningful(&safe) && (same_kind || kind.is_none()) {
        safe
    } else if let Some(k) = kind {
        kind_title = true;
        sanitized = false;
        sanitize(&k.title)
    } else {
        return Err(format!(
            "its title `{raw_title}` keeps no letter once unsafe characters are replaced; rename it by hand"
        ));
    };
    if !is_meaningful(&title) {
        return Err("its kind's title has no safe letter; rename it by hand".into());
    }
    let ext = sanitize(raw_ext);
    if ext.is_empty() {
        return Err(format!(
            "its extension `{raw_ext}` has no safe letter; rename it by hand"
        ));
    }
    sanitized |= ext != raw_ext;
    let rank = profile
        .kind_of(&title)
        .filter(|k| !k.anywhere)
        .and_then(|k| profile.kind_index(&k.id));
    Ok(Doc {
        entry,
        current,
        rank,
        title,
        ext,
        sanitized,
        kind_title,
    })
}

/// The number a name starts with, whatever its width (`1_`, `01_`, `001-`); none without one.
fn current_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The kind's rank for ordering, for an entry whose title the profile knows.
fn kind_rank(entry: &Entry, profile: &Profile) -> Option<usize> {
    profile.kind_index(entry.kind()?)
}

/// The entry's name as it is on disk (the listing's `name` replaces invalid UTF-8).
fn file_name(entry: &Entry) -> &OsStr {
    entry
        .path
        .file_name()
        .unwrap_or_else(|| OsStr::new(&entry.name))
}

/// Fails when a new name belongs to an entry the plan does not move.
fn refuse_taken_names(entries: &[Entry], moves: &[Move]) -> Result<(), RunError> {
    let moving: BTreeSet<&OsStr> = moves.iter().map(|m| m.from.as_os_str()).collect();
    for m in moves {
        let holder = entries
            .iter()
            .map(file_name)
            .find(|n| *n == m.to.name.as_os_str() && !moving.contains(n));
        if holder.is_some() {
            return Err(RunError::FixTargetExists {
                from: shown(&m.from),
                to: m.to.display(),
            });
        }
    }
    Ok(())
}

/// `name`, or `stem-2.ext`, `stem-3.ext`, ... when the trash already holds it.
pub fn free_trash_name(name: &OsStr, taken: &BTreeSet<OsString>) -> OsString {
    if !taken.contains(name) {
        return name.to_os_string();
    }
    let text = name.to_string_lossy();
    let (stem, ext) = match text.rfind('.') {
        Some(i) if i > 0 => (&text[..i], &text[i..]),
        _ => (text.as_ref(), ""),
    };
    (2..)
        .map(|k| OsString::from(format!("{stem}-{k}{ext}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| name.to_os_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::scan::scan;
    use std::fs;

    fn kz() -> Profile {
        Profile::builtin("kz-b1").expect("kz-b1 parses")
    }

    /// Plans a folder holding `names` (PDF bytes in each) under kz-b1.
    fn plan_of(names: &[&str]) -> Plan {
        plan_with_trash(names, &[])
    }

    fn plan_with_trash(names: &[&str], trash: &[&str]) -> Plan {
        let dir = tempfile::tempdir().unwrap();
        for n in names {
            fs::write(dir.path().join(n), b"%PDF-1.4\n%%EOF\n").unwrap();
        }
        let profile = kz();
        let entries = scan(dir.path(), &profile).unwrap();
        let taken = trash.iter().map(OsString::from).collect();
        plan(&entries, &profile, &taken).unwrap()
    }

    fn moves(p: &Plan) -> Vec<(String, String)> {
        p.moves
            .iter()
            .map(|m| (shown(&m.from), m.to.display()))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn renumbers_into_the_profile_order_without_gaps() {
        let p = plan_of(&[
            "1_Photo.pdf",
            "02_Passport.pdf",
            "05_Form.pdf",
            "09_Invitation.pdf",
        ]);
        assert_eq!(
            moves(&p),
            pairs(&[
                ("02_Passport.pdf", "01_Passport.pdf"),
                ("05_Form.pdf", "02_Form.pdf"),
                ("1_Photo.pdf", "03_Photo.pdf"),
                ("09_Invitation.pdf", "04_Invitation.pdf"),
            ])
        );
        assert!(p.left_alone.is_empty());
    }

    #[test]
    fn a_pack_in_order_needs_nothing() {
        let p = plan_of(&["01_Passport.pdf", "02_Form.pdf", "03_Photo.PDF"]);
        assert_eq!(p, Plan::default(), "`.PDF` is not flagged, so it stays");
    }

    #[test]
    fn replaces_unsafe_characters() {
        let p = plan_of(&[
            "01_Passport Bio Page.pdf",
            "02_Form.pdf",
            "03_Invitation (final).pdf",
        ]);
        assert_eq!(
            moves(&p),
            pairs(&[
                ("01_Passport Bio Page.pdf", "01_Passport_Bio_Page.pdf"),
                ("03_Invitation (final).pdf", "03_Invitation_final.pdf"),
            ])
        );
        assert_eq!(p.moves[0].reason, "unsafe characters replaced");
    }

    #[test]
    fn a_title_with_no_safe_letter_takes_its_kinds_title() {
        let p = plan_of(&["01_Паспорт.pdf", "02_Анкета.pdf"]);
        assert_eq!(
            moves(&p),
            pairs(&[
                ("01_Паспорт.pdf", "01_Passport.pdf"),
                ("02_Анкета.pdf", "02_Form.pdf")
            ])
        );
        assert_eq!(p.moves[0].reason, "titled by its kind");
    }

    #[test]
    fn a_title_that_would_change_kind_takes_its_kinds_title() {
        // `Form_Приглашение` is an invitation (the head noun comes last); `Form` alone
        // would make it a form, so the invitation's own title stands in.
        let p = plan_of(&["01_Passport.pdf", "02_Form_Приглашение.pdf"]);
        assert_eq!(
            moves(&p),
            pairs(&[("02_Form_Приглашение.pdf", "02_Invitation.pdf")])
        );
        let p = plan_of(&["01_Passport.pdf", "02_Приглашение_Invitation.pdf"]);
        assert_eq!(
            moves(&p),
            pairs(&[("02_Приглашение_Invitation.pdf", "02_Invitation.pdf")])
        );
        assert_eq!(p.moves[0].reason, "unsafe characters replaced");
    }

    #[test]
    fn unknown_kinds_stay_beside_their_neighbour() {
        let p = plan_of(&[
            "01_Invitation.pdf",
            "02_Scan_0042.pdf",
            "03_Passport.pdf",
            "04_Fee_Receipt.pdf",
            "Notes.pdf",
        ]);
        assert_eq!(
            moves(&p),
            pairs(&[
                ("03_Passport.pdf", "01_Passport.pdf"),
                ("04_Fee_Receipt.pdf", "02_Fee_Receipt.pdf"),
                ("01_Invitation.pdf", "03_Invitation.pdf"),
                ("02_Scan_0042.pdf", "04_Scan_0042.pdf"),
                ("Notes.pdf", "05_Notes.pdf"),
            ])
        );
    }

    #[test]
    fn duplicate_numbers_are_split_by_name() {
        let p = plan_of(&[
            "01_Passport.pdf",
            "02_Itinerary.pdf",
            "02_Hotel_Booking.pdf",
        ]);
        assert_eq!(
            moves(&p),
            pairs(&[("02_Itinerary.pdf", "03_Itinerary.pdf")])
        );
    }

    #[test]
    fn junk_goes_to_the_trash_under_a_free_name() {
        let p = plan_with_trash(
            &["01_Passport.pdf", ".DS_Store", "Thumbs.db", "~$Form.docx"],
            &[".DS_Store", "Thumbs.db", "Thumbs-2.db"],
        );
        assert_eq!(
            moves(&p),
            pairs(&[
                (".DS_Store", ".dossier-trash/.DS_Store-2"),
                ("Thumbs.db", ".dossier-trash/Thumbs-3.db"),
                ("~$Form.docx", ".dossier-trash/~$Form.docx"),
            ])
        );
        assert_eq!(p.trashed(), 3);
    }

    #[test]
    fn another_runs_files_are_never_junk() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("01_Passport.pdf"), b"%PDF-1.4").unwrap();
        for name in [
            ".dossier-fix.journal",
            ".dossier-fix-1-02_Form.pdf",
            ".dossier.lock",
            ".DS_Store",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        let profile = kz();
        let entries = scan(dir.path(), &profile).unwrap();
        assert!(
            entries.iter().all(|e| e.name != ".dossier.lock"),
            "the lock is not the pack's"
        );
        let p = plan(&entries, &profile, &BTreeSet::new()).unwrap();
        assert_eq!(
            moves(&p),
            pairs(&[(".DS_Store", ".dossier-trash/.DS_Store")])
        );
        let left: Vec<&str> = p.left_alone.iter().map(|l| l.file.as_str()).collect();
        assert_eq!(left, [".dossier-fix-1-02_Form.pdf", ".dossier-fix.journal"]);
    }

    #[test]
    fn leaves_what_it_cannot_place() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("drafts")).unwrap();
        fs::write(dir.path().join("01_Passport.pdf"), b"%PDF-1.4").unwrap();
        fs::write(dir.path().join("03_Photo"), [0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
        fs::write(dir.path().join("notes.txt"), b"remember the photo\n").unwrap();
        let profile = kz();
        let entries = scan(dir.path(), &profile).unwrap();
        let p = plan(&entries, &profile, &BTreeSet::new()).unwrap();
        let left: Vec<&str> = p.left_alone.iter().map(|l| l.file.as_str()).collect();
        assert_eq!(left, ["03_Photo", "drafts", "notes.txt"]);
        assert!(p.moves.is_empty());
    }

    #[test]
    fn refuses_a_name_held_by_a_file_it_does_not_move() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("01_Passport.pdf")).unwrap();
        fs::write(dir.path().join("01_Photo.pdf"), b"%PDF-1.4").unwrap();
        fs::write(dir.path().join("02_Passport.pdf"), b"%PDF-1.4").unwrap();
        let profile = kz();
        let entries = scan(dir.path(), &profile).unwrap();
        let e = plan(&entries, &profile, &BTreeSet::new()).unwrap_err();
        assert!(
            matches!(&e, RunError::FixTargetExists { to, .. } if to == "01_Passport.pdf"),
            "{e:?}"
        );
    }

    #[test]
    fn new_names_pass_the_naming_rules() {
        let p = plan_of(&[
            "7 Flight itinerary.pdf",
            "Letter from employer – final.pdf",
            "001_Passport.pdf",
        ]);
        for m in &p.moves {
            let n = m.to.name.to_str().unwrap();
            assert!(name::parse(n).is_ok(), "{n}");
            assert!(!n.chars().any(super::super::title::is_flagged), "{n}");
        }
        assert_eq!(
            moves(&p),
            pairs(&[
                ("001_Passport.pdf", "01_Passport.pdf"),
                (
                    "Letter from employer – final.pdf",
                    "02_Letter_from_employer_final.pdf"
                ),
                ("7 Flight itinerary.pdf", "03_Flight_itinerary.pdf"),
            ])
        );
    }

    #[test]
    fn a_number_too_long_for_a_place_stays_in_the_title() {
        let p = plan_of(&["01_Passport.pdf", "2023_Bank_Statement.pdf", "002_Form.pdf"]);
        assert_eq!(
            moves(&p),
            pairs(&[
                ("002_Form.pdf", "02_Form.pdf"),
                ("2023_Bank_Statement.pdf", "03_2023_Bank_Statement.pdf"),
            ])
        );
    }

    #[test]
    fn knows_a_pack_from_a_home_folder() {
        let profile = kz();
        let dir = tempfile::tempdir().unwrap();
        for n in [".bashrc", "notes.txt", "todo.md", "01_Passport.pdf"] {
            fs::write(dir.path().join(n), b"x").unwrap();
        }
        let entries = scan(dir.path(), &profile).unwrap();
        assert!(!looks_like_pack(&entries, &profile));
        fs::write(dir.path().join("Invitation.pdf"), b"x").unwrap();
        let entries = scan(dir.path(), &profile).unwrap();
        assert!(looks_like_pack(&entries, &profile));
    }
}
