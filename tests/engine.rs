//! The engine reads only what the selected rules need: a photo run reads the photo alone,
//! a content run decodes no scan, a fast run opens nothing, and a full run measures every
//! scan (so the assertions below can fail).

mod common;

use common::root;
use dossier::engine::{Context, Plan, Selection};
use dossier::pack::{LoadOptions, Pack};
use dossier::read::Reading;

/// The demo pack: a scanned passport PDF, a photo JPEG and text PDFs.
fn pack() -> Pack {
    let opts = LoadOptions {
        profile: None,
        today: "2026-11-24".parse().unwrap(),
        recursive: false,
    };
    let dir = root().join("fixtures/packs/012-lee");
    Pack::load(&dir, "012-lee".into(), &opts).unwrap()
}

/// Runs `select` and returns, per entry name, what the run read of it.
fn run(pack: &Pack, select: &[&str], fast: bool) -> Vec<(String, Option<Reading>)> {
    let selection = Selection {
        select: select.iter().map(|s| s.to_string()).collect(),
        ignore: vec![],
        fast,
        pictures: false,
    };
    let plan = Plan::new(pack, &selection);
    let ctx = Context::new(pack, plan.needs());
    plan.run(&ctx);
    pack.entries
        .iter()
        .zip(ctx.read_so_far())
        .map(|(e, r)| (e.name.clone(), r.cloned()))
        .collect()
}

/// How many scanned pages of a reading were decoded and measured.
fn measured(r: &Reading) -> usize {
    r.page_info
        .iter()
        .filter_map(|p| p.scan.as_ref())
        .filter(|s| s.measures.is_some())
        .count()
}

#[test]
fn a_photo_run_reads_the_photo_alone() {
    let pack = pack();
    let read = run(&pack, &["photo"], false);
    for (name, reading) in &read {
        if name == "03_Passport_Photo.jpg" {
            let photo = reading.as_ref().expect("the photo is read");
            assert!(photo.photo.is_some(), "the photo is measured");
        } else {
            assert!(reading.is_none(), "{name} was read for the photo rules");
        }
    }
}

#[test]
fn a_content_run_decodes_no_scan_but_reads_all_text() {
    let pack = pack();
    let read = run(&pack, &["consistency", "validity"], false);
    let passport = read
        .iter()
        .find(|(n, _)| n == "01_Passport_Bio_Page.pdf")
        .and_then(|(_, r)| r.as_ref())
        .expect("the passport is read for its text");
    assert!(
        passport.page_info.iter().any(|p| p.scan.is_some()),
        "the passport's scan is still found and sized"
    );
    for (name, reading) in &read {
        if let Some(r) = reading {
            assert_eq!(measured(r), 0, "{name}: a scan was decoded");
            assert!(r.photo.is_none(), "{name}: the photo was measured");
        }
    }
    let invitation = read
        .iter()
        .find(|(n, _)| n == "04_Invitation_Letter.pdf")
        .and_then(|(_, r)| r.as_ref())
        .expect("the invitation is read");
    assert!(invitation.page_info.iter().any(|p| p.text.is_some()));
}

#[test]
fn a_fast_run_opens_no_document() {
    let pack = pack();
    for (name, reading) in run(&pack, &[], true) {
        assert!(reading.is_none(), "{name} was opened by --fast");
    }
}

#[test]
fn a_full_run_measures_the_scans_and_the_photo() {
    let pack = pack();
    let read = run(&pack, &[], false);
    let passport = read
        .iter()
        .find(|(n, _)| n == "01_Passport_Bio_Page.pdf")
        .and_then(|(_, r)| r.as_ref())
        .unwrap();
    assert!(measured(passport) > 0, "the passport scan is measured");
    assert!(
        read.iter()
            .filter_map(|(_, r)| r.as_ref())
            .any(|r| r.photo.is_some())
    );
}
