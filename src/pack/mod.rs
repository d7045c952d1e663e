//! The domain: a pack folder, its entries, parsed names, manifest and profile.

pub mod day;
pub mod entry;
pub mod level;
pub mod lock;
pub mod manifest;
pub mod name;
pub mod open;
pub mod profile;
pub mod purposes;
pub mod role;
pub mod scan;
pub mod sniff;
pub mod upload;

use entry::Entry;
use jiff::civil::Date;
use manifest::{MANIFEST_FILE, Manifest, ManifestProblem};
use profile::{DEFAULT_PROFILE, Profile};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// How packs are loaded in one run.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The profile named on the command line; it wins over the manifest's.
    pub profile: Option<Arc<Profile>>,
    /// The day that stands for today when a manifest states no `submission`.
    pub today: Date,
    /// Sub-folders are packs of their own, not stray entries.
    pub recursive: bool,
}

/// A pack folder, listed once: entries, manifest, the profile in force. Plain data: what
/// a check reads of its documents lives in the engine's context, not here.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The folder.
    pub path: PathBuf,
    /// The folder as the user named it, for output.
    pub display: String,
    /// Every entry, sorted by name.
    pub entries: Vec<Entry>,
    /// The manifest, when present and valid.
    pub manifest: Option<Manifest>,
    /// What is wrong with the manifest (or the profile it names), when something is.
    pub manifest_problem: Option<ManifestProblem>,
    /// The profile in force.
    pub profile: Arc<Profile>,
    /// The submission day: the manifest's, else the run's today.
    pub submission: Date,
    /// Whether sub-folders are packs of their own in this run.
    pub recursive: bool,
}

impl Pack {
    /// Reads the manifest, settles the profile, then lists the folder.
    pub fn load(dir: &Path, display: String, opts: &LoadOptions) -> std::io::Result<Pack> {
        let (manifest, mut manifest_problem) = read_manifest(dir);
        let mut profile = opts.profile.clone();
        if profile.is_none()
            && let Some(name) = manifest.as_ref().and_then(|m| m.profile.as_deref())
        {
            match resolve_profile(name, Some(dir)) {
                Ok(p) => profile = Some(p),
                Err(message) => {
                    manifest_problem.get_or_insert(ManifestProblem {
                        message,
                        line_col: None,
                    });
                }
            }
        }
        let profile = profile.unwrap_or_else(default_profile);
        let entries = scan::scan(dir, &profile)?;
        let submission = manifest
            .as_ref()
            .and_then(|m| m.submission)
            .unwrap_or(opts.today);
        Ok(Pack {
            path: dir.to_path_buf(),
            display,
            entries,
            manifest,
            manifest_problem,
            profile,
            submission,
            recursive: opts.recursive,
        })
    }

    /// The entries that are documents.
    pub fn documents(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.doc().is_some())
    }

    /// Whether the manifest waives the invitation (`invitation_required = false`).
    pub fn no_invitation(&self) -> bool {
        self.manifest
            .as_ref()
            .and_then(|m| m.trip.invitation_required)
            == Some(false)
    }
}

/// The largest manifest read; anything bigger is not a hand-written manifest.
const MANIFEST_MAX_BYTES: u64 = 1 << 20;

fn read_manifest(dir: &Path) -> (Option<Manifest>, Option<ManifestProblem>) {
    let path = dir.join(MANIFEST_FILE);
    let problem = |message: String| {
        (
            None,
            Some(ManifestProblem {
                message,
                line_col: None,
            }),
        )
    };
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, None),
        Err(e) => return problem(format!("cannot read {MANIFEST_FILE}: {e}")),
        Ok(m) if !m.is_file() => return problem(format!("{MANIFEST_FILE} is not a file")),
        Ok(m) if m.len() > MANIFEST_MAX_BYTES => {
            return problem(format!(
                "{MANIFEST_FILE} is {} bytes; a manifest is a few lines",
                m.len()
            ));
        }
        Ok(_) => {}
    }
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return problem(format!("{MANIFEST_FILE} is not UTF-8 text")),
        },
        Err(e) => return problem(format!("cannot read {MANIFEST_FILE}: {e}")),
    };
    match Manifest::parse(&text) {
        Ok(m) => (Some(m), None),
        Err(p) => (None, Some(p)),
    }
}

/// The built-in default profile, parsed once per process.
pub fn default_profile() -> Arc<Profile> {
    static DEFAULT: OnceLock<Arc<Profile>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            Arc::new(
                Profile::builtin(DEFAULT_PROFILE).expect("the built-in default profile parses"),
            )
        })
        .clone()
}

/// Finds a profile by built-in name, or reads it from a file (relative to `base` if given).
pub fn resolve_profile(name: &str, base: Option<&Path>) -> Result<Arc<Profile>, String> {
    if name == DEFAULT_PROFILE {
        return Ok(default_profile());
    }
    if let Some(p) = Profile::builtin(name) {
        return Ok(Arc::new(p));
    }
    let path = match base {
        Some(b) => b.join(name),
        None => PathBuf::from(name),
    };
    if !path.is_file() {
        let names: Vec<&str> = profile::BUILTIN.iter().map(|(n, _)| *n).collect();
        return Err(format!(
            "no built-in profile or profile file `{name}` (built-in: {})",
            names.join(", ")
        ));
    }
    let src = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read profile {}: {e}", path.display()))?;
    Profile::parse(&src)
        .map(Arc::new)
        .map_err(|e| format!("profile {} is invalid: {}", path.display(), e.message))
}
