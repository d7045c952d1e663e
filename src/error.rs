//! Problems with the run itself (bad arguments, unreadable PATH, bad profile): exit 2.

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// Why dossier could not run.
#[derive(Debug, Error, Diagnostic)]
pub enum RunError {
    /// A PATH argument does not exist.
    #[error("`{0}` does not exist")]
    #[diagnostic(
        code(dossier::path::missing),
        help("give the folder that holds the pack's documents")
    )]
    PathMissing(String),

    /// A PATH argument is a file, not a folder.
    #[error("`{0}` is a file, not a pack folder")]
    #[diagnostic(
        code(dossier::path::not_a_folder),
        help("give the folder that holds the documents, e.g. `dossier check {1}`")
    )]
    PathNotFolder(String, String),

    /// A PATH argument cannot be listed.
    #[error("cannot read the folder `{0}`: {1}")]
    #[diagnostic(
        code(dossier::path::unreadable),
        help("check the folder's permissions")
    )]
    PathUnreadable(String, String),

    /// `--profile` names neither a built-in profile nor a file.
    #[error("{0}")]
    #[diagnostic(
        code(dossier::profile::unknown),
        help("`dossier profiles` lists the built-in profiles; a path must point to a TOML file")
    )]
    UnknownProfile(String),

    /// A profile file does not parse or is inconsistent.
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadProfile(Box<BadProfile>),

    /// A rule id that no rule has.
    #[error("no rule `{id}`")]
    #[diagnostic(code(dossier::rule::unknown), help("{help}"))]
    UnknownRule {
        /// The id given.
        id: String,
        /// A suggestion.
        help: String,
    },

    /// `init` would overwrite a manifest.
    #[error("`{0}` already exists")]
    #[diagnostic(
        code(dossier::init::exists),
        help("dossier never overwrites a manifest: edit it, or remove it first")
    )]
    ManifestExists(String),

    /// `build` would overwrite a file.
    #[error("`{0}` already exists")]
    #[diagnostic(
        code(dossier::build::exists),
        help("dossier never overwrites a file unless asked: add --overwrite, or write elsewhere")
    )]
    OutputExists(String),

    /// The output's folder is missing.
    #[error("cannot write `{0}`: the folder `{1}` does not exist")]
    #[diagnostic(
        code(dossier::build::no_folder),
        help("create the folder, or write elsewhere")
    )]
    OutputFolder(String, String),

    /// A split build's folder cannot take the files.
    #[error("cannot write one file per document into `{0}`: {1}")]
    #[diagnostic(
        code(dossier::build::split_folder),
        help("give --split a folder outside the pack (it is made if missing)")
    )]
    SplitFolder(String, String),

    /// Assembling failed for a reason that is not a document's fault.
    #[error("cannot assemble the pack: {0}")]
    #[diagnostic(
        code(dossier::build::failed),
        help("this is a bug in dossier; please report it with the pack's file list")
    )]
    Build(String),

    /// Writing output failed.
    #[error("cannot write {0}: {1}")]
    #[diagnostic(code(dossier::io), help("check free space and permissions"))]
    Write(String, String),

    /// `--jobs 0` or a thread pool that cannot start.
    #[error("{0}")]
    #[diagnostic(code(dossier::jobs), help("give --jobs a number of threads from 1 up"))]
    Jobs(String),

    /// `fix` was pointed at a folder that does not look like a pack.
    #[error("`{0}` does not look like a pack folder; fix changes nothing in it")]
    #[diagnostic(
        code(dossier::fix::not_a_pack),
        help(
            "fix renames files, so it works only in a pack: a folder with a `dossier.toml` (`dossier init` writes one) or whose files are mostly named like `01_Passport.pdf`; for a folder of packs, run it on each pack"
        )
    )]
    FixNotAPack(String),

    /// A name `fix` would give belongs to a file the plan does not move.
    #[error("cannot rename `{from}` to `{to}`: `{to}` already exists")]
    #[diagnostic(
        code(dossier::fix::target_exists),
        help(
            "dossier never overwrites a file, and nothing was changed: rename or move `{to}` yourself, then run `dossier fix` again"
        )
    )]
    FixTargetExists {
        /// The file that would move.
        from: String,
        /// The name it would take.
        to: String,
    },

    /// The manifest cannot be read, so the profile that orders the pack is unknown.
    #[error("cannot tell which profile orders `{pack}`: {message}")]
    #[diagnostic(
        code(dossier::fix::manifest),
        help(
            "correct dossier.toml (`dossier check` points at the problem), or name the profile with --profile"
        )
    )]
    FixManifest {
        /// The pack.
        pack: String,
        /// What is wrong with the manifest.
        message: String,
    },

    /// More documents than two-digit numbers.
    #[error("the pack holds {0} documents; sequence numbers run from 01 to 99")]
    #[diagnostic(
        code(dossier::fix::too_many),
        help("move documents that are not part of this application out of the pack")
    )]
    FixTooMany(usize),

    /// `--format` that inspect does not print.
    #[error("`dossier inspect` does not print the {0} format")]
    #[diagnostic(code(dossier::inspect::format), help("use --format human or json"))]
    InspectFormat(String),

    /// `inspect` was given a folder or something else that is not a file.
    #[error("`{0}` is not a file")]
    #[diagnostic(
        code(dossier::inspect::not_a_file),
        help("give the documents themselves, e.g. `dossier inspect PACK/01_Passport.pdf`")
    )]
    InspectNotAFile(String),

    /// `--format` that fix does not print.
    #[error("`dossier fix` does not print the {0} format")]
    #[diagnostic(
        code(dossier::fix::format),
        help("use --format human, concise or json")
    )]
    FixFormat(String),

    /// A file system step of `fix` failed.
    #[error("fix stopped: {message}")]
    #[diagnostic(code(dossier::fix::interrupted), help("{help}"))]
    FixInterrupted {
        /// What failed.
        message: String,
        /// Whether anything moved, and how a rerun continues.
        help: String,
    },

    /// The journal of an interrupted `fix` cannot be completed.
    #[error("cannot complete the interrupted fix: {0}")]
    #[diagnostic(
        code(dossier::fix::journal),
        help(
            "`.dossier-fix.journal` lists each move of the interrupted run as original, temporary and final name: put each file at one of its names and run `dossier fix` again, or finish the moves by hand and delete the journal"
        )
    )]
    FixJournal(String),

    /// Another dossier run holds the pack's lock for longer than a run waits.
    #[error("another dossier run is changing `{0}`; gave up waiting after {1} s")]
    #[diagnostic(
        code(dossier::pack::busy),
        help(
            "wait for the other `dossier fix`, `build` or `init` on this pack to finish, then run again: two runs never change one pack at once"
        )
    )]
    PackBusy(String, u64),

    /// The pack's lock file cannot be created or locked.
    #[error("cannot lock `{0}`: {1}")]
    #[diagnostic(
        code(dossier::pack::lock),
        help(
            "check the folder's permissions: dossier keeps `.dossier.lock` in the pack while it changes it"
        )
    )]
    PackLock(String, String),

    /// `check -o FILE` names something a report must not replace.
    #[error("will not write the report to `{0}`: {1}")]
    #[diagnostic(
        code(dossier::check::report_target),
        help("give -o a new file name, or the name of an earlier report")
    )]
    ReportTarget(String, String),
}

/// A profile file that does not parse, pointing into its source.
#[derive(Debug, Error, Diagnostic)]
#[error("the profile `{path}` is invalid: {message}")]
#[diagnostic(
    code(dossier::profile::invalid),
    help(
        "compare it with `dossier profiles --show kz-b1`; docs/profiles.md describes every field"
    )
)]
pub struct BadProfile {
    /// The file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The source, to point into.
    #[source_code]
    pub src: NamedSource<String>,
    /// Where.
    #[label("here")]
    pub span: Option<SourceSpan>,
}
