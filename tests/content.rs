//! The content rules end to end: where the pack's facts come from, what a finding quotes,
//! and how the human report shows it. Packs are the rule fixtures (012-lee's documents
//! from reportlab, LibreOffice and WeasyPrint) copied and changed one fact at a time.

mod common;

use common::{check_json, dossier, findings, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A copy of `fixtures/rules/<rule>/<which>` whose manifest went through `edit`.
fn pack_from(rule: &str, which: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/rules").join(rule).join(which);
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let manifest = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let edited = edit(text.clone());
    std::fs::write(&manifest, edited).unwrap();
    dir
}

fn fixture(rule: &str, which: &str) -> PathBuf {
    root().join("fixtures/rules").join(rule).join(which)
}

fn select(rule: &str, dir: &Path) -> Vec<Value> {
    let (_, report) = check_json(&["--select", rule, dir.to_str().unwrap()]);
    findings(&report).into_iter().cloned().collect()
}

fn files(found: &[Value]) -> Vec<String> {
    let mut f: Vec<String> = found
        .iter()
        .map(|f| f["file"].as_str().unwrap_or("-").to_string())
        .collect();
    f.sort();
    f.dedup();
    f
}

#[test]
fn a_date_finding_names_both_dates_and_quotes_the_page() {
    let found = select("consistency/dates", &fixture("consistency/dates", "fail"));
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["file"], "07_Flight_Itinerary.pdf");
    assert_eq!(f["page"], 1);
    assert_eq!(
        f["message"],
        "departure 2027-01-28 instead of 2027-01-29 (1 day earlier)"
    );
    assert_eq!(f["evidence"]["found"], "2027-01-28");
    assert_eq!(f["evidence"]["expected"], "2027-01-29");
    assert_eq!(f["evidence"]["quote"], "28 Jan 2027");
    assert!(
        f["help"].as_str().unwrap().contains("the manifest"),
        "{f:#}"
    );
}

#[test]
fn the_human_report_draws_the_quote_with_the_expected_value() {
    let dir = fixture("consistency/dates", "fail");
    let out = dossier(&[
        "check",
        "--color",
        "never",
        "--today",
        "2026-11-24",
        "--select",
        "consistency/dates",
        dir.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("07_Flight_Itinerary.pdf page 1"), "{text}");
    // The page's own line, with the label under the date that disagrees.
    assert!(
        text.contains("Return: departure from Almaty on 28 Jan 2027."),
        "{text}"
    );
    assert!(text.contains("departure 2027-01-28"), "{text}");
    assert!(text.contains("departure is 2027-01-29"), "{text}");
}

#[test]
fn the_manifest_outranks_what_documents_say() {
    // The manifest says the 28th: now every other document disagrees, and the itinerary
    // (which says the 28th) is the one that agrees.
    let dir = pack_from("consistency/dates", "fail", |m| {
        m.replace("departure = 2027-01-29", "departure = 2027-01-28")
    });
    let flagged = files(&select("consistency/dates", dir.path()));
    assert!(!flagged.contains(&"07_Flight_Itinerary.pdf".to_string()));
    for f in [
        "02_Form.pdf",
        "04_Invitation.pdf",
        "05_Employer_Letter.pdf",
        "08_Hotel_Reservation.pdf",
    ] {
        assert!(flagged.contains(&f.to_string()), "{f} in {flagged:?}");
    }
}

#[test]
fn without_trip_dates_in_the_manifest_the_majority_decides() {
    let dir = pack_from("consistency/dates", "fail", |m| {
        m.replace("arrival = 2027-01-19\n", "")
            .replace("departure = 2027-01-29\n", "")
    });
    let found = select("consistency/dates", dir.path());
    assert_eq!(files(&found), ["07_Flight_Itinerary.pdf"]);
    let help = found[0]["help"].as_str().unwrap();
    assert!(
        help.contains(" of ") && help.contains("documents"),
        "{help}"
    );
}

#[test]
fn insurance_must_cover_the_whole_stay() {
    // Arriving a day earlier than the insurance starts.
    let dir = pack_from("consistency/dates", "pass", |m| {
        m.replace("arrival = 2027-01-19", "arrival = 2027-01-18")
    });
    let found = select("consistency/dates", dir.path());
    let cover: Vec<_> = found
        .iter()
        .filter(|f| f["file"] == "09_Travel_Insurance.pdf")
        .collect();
    assert_eq!(cover.len(), 1, "{found:#?}");
    assert_eq!(
        cover[0]["message"],
        "insurance cover starts 2027-01-19, after arrival 2027-01-18"
    );
    // Cover wider than the stay is fine: the pass fixture's insurance is not flagged.
    assert!(select("consistency/dates", &fixture("consistency/dates", "pass")).is_empty());
}

#[test]
fn a_document_dated_after_submission_is_flagged() {
    // Submitted on the 20th; the itinerary was issued on the 23rd, the letters on the 22nd.
    let dir = pack_from("validity/document-age", "pass", |m| {
        m.replace("submission = 2026-11-26", "submission = 2026-11-20")
    });
    let found = select("validity/document-age", dir.path());
    let itinerary = found
        .iter()
        .find(|f| f["file"] == "07_Flight_Itinerary.pdf")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(
        itinerary["message"],
        "dated 2026-11-23, 3 days after submission 2026-11-20"
    );
    assert_eq!(itinerary["evidence"]["quote"], "23 Nov 2026");
}

#[test]
fn a_stale_statement_says_how_old_it_is() {
    let found = select(
        "validity/document-age",
        &fixture("validity/document-age", "fail"),
    );
    assert_eq!(files(&found), ["06_Bank_Statements.pdf"]);
    assert_eq!(found[0]["evidence"]["ends"], "2026-11-14");
    assert_eq!(found[0]["evidence"]["days"], 107);
    assert_eq!(found[0]["evidence"]["max_age_days"], 90);
}

#[test]
fn the_mrz_gives_the_identity_when_the_manifest_does_not() {
    let dir = pack_from("consistency/identity", "fail", |m| {
        m.replace("name = \"MINJUN LEE\"\n", "")
            .replace("passport_number = \"M98521844\"\n", "")
    });
    std::fs::copy(
        fixture("scan/mrz", "pass").join("01_Passport.pdf"),
        dir.path().join("01_Passport.pdf"),
    )
    .unwrap();
    let found = select("consistency/identity", dir.path());
    assert_eq!(files(&found), ["05_Employer_Letter.pdf"], "{found:#?}");
    let f = &found[0];
    assert_eq!(
        f["message"],
        "passport number M98512844 instead of M98521844 (one character differs)"
    );
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("the MRZ of 01_Passport.pdf"),
        "{f:#}"
    );
}

#[test]
fn a_failing_mrz_is_not_trusted_for_identity() {
    // The zone's number fails its check digit: the documents' majority decides instead,
    // so the good letters are not flagged against the misread number.
    let dir = pack_from("scan/mrz", "fail", |m| {
        m.replace("passport_number = \"M98521844\"\n", "")
    });
    assert!(select("consistency/identity", dir.path()).is_empty());
    let mrz = select("scan/mrz", dir.path());
    assert_eq!(files(&mrz), ["01_Passport.pdf"]);
    assert_eq!(mrz[0]["evidence"]["failed"][0], "document number");
}

#[test]
fn manifest_purposes_may_be_ids_labels_or_words() {
    for stated in [
        "conference",
        "\"Conference attendance\"",
        "\"attending a forum\"",
    ] {
        let value = if stated.starts_with('"') {
            stated.to_string()
        } else {
            format!("\"{stated}\"")
        };
        let dir = pack_from("consistency/purpose", "pass", |m| {
            m.replace("[trip]\n", &format!("[trip]\npurpose = [{value}]\n"))
        });
        let found = select("consistency/purpose", dir.path());
        assert!(found.is_empty(), "{stated}: {found:#?}");
    }
    // A manifest that says negotiations: the letters speaking of a conference disagree.
    let dir = pack_from("consistency/purpose", "pass", |m| {
        m.replace("[trip]\n", "[trip]\npurpose = \"negotiations\"\n")
    });
    let found = select("consistency/purpose", dir.path());
    assert!(
        files(&found).contains(&"05_Employer_Letter.pdf".to_string()),
        "{found:#?}"
    );
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("the manifest")
    );
}

#[test]
fn employment_wording_quotes_the_phrase() {
    let found = select(
        "category/employment",
        &fixture("category/employment", "fail"),
    );
    assert_eq!(files(&found), ["05_Employer_Letter.pdf"]);
    let ids = found[0]["evidence"]["found"].as_array().unwrap();
    assert!(ids.iter().any(|i| i == "installation"), "{found:#?}");
    assert!(ids.iter().any(|i| i == "salary"), "{found:#?}");
}

#[test]
fn content_rules_stay_quiet_on_documents_without_text() {
    // The passport scan has no text layer: it gets the info, and nothing else about it.
    let (_, report) = check_json(&[fixture("scan/no-text", "fail").to_str().unwrap()]);
    let about_passport: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["file"] == "01_Passport.pdf")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(about_passport, ["scan/no-text"]);
}

/// A text-layer passport page holding only its MRZ, as an OCR tool might have written it.
fn passport_with_mrz(line1: &str, line2: &str) -> Vec<u8> {
    use lopdf::{Document, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let content = format!("BT /F1 11 Tf 40 120 Td ({line1}) Tj 0 -16 Td ({line2}) Tj ET\n");
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    common::one_page_pdf(
        &mut doc,
        Stream::new(dictionary! {}, content.into_bytes()),
        resources,
        (354.0, 249.0),
    )
}

#[test]
fn fillers_read_as_k_blame_the_passport_not_every_other_document() {
    // Tesseract reads the filler `<` as `K`; line 1 has no check digit to tell.
    let dir = pack_from("consistency/identity", "pass", |m| {
        m.replace("name = \"MINJUN LEE\"\n", "")
            .replace("passport_number = \"M98521844\"\n", "")
    });
    let line2 = "M985218443KOR6404275M3510214<<<<<<<<<<<<<<06";
    std::fs::write(
        dir.path().join("01_Passport.pdf"),
        passport_with_mrz("P<KORKKKKKKKKK<LEEK<K<MINJUN<KKKKKKKKKKKKKKK", line2),
    )
    .unwrap();
    let found = select("consistency/identity", dir.path());
    assert_eq!(files(&found), ["01_Passport.pdf"], "{found:#?}");
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"].as_str().unwrap().contains("MRZ's name line"),
        "{f:#}"
    );
    assert!(
        f["message"].as_str().unwrap().contains("MINJUN LEE"),
        "{f:#}"
    );

    // The same zone read right gives the name, and nothing is reported.
    std::fs::write(
        dir.path().join("01_Passport.pdf"),
        passport_with_mrz("P<KORLEE<<MINJUN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", line2),
    )
    .unwrap();
    assert!(select("consistency/identity", dir.path()).is_empty());
}

#[test]
fn the_mrz_read_from_a_scanned_passport_gives_the_identity() {
    // The fixture's passport is an image-only scan (the README's demo pack): its zone is
    // read from the pixels, with no text layer and no Tesseract.
    let dir = pack_from("consistency/identity", "fail", |m| {
        m.replace("name = \"MINJUN LEE\"\n", "")
            .replace("passport_number = \"M98521844\"\n", "")
    });
    let (_, report) = check_json(&[dir.path().to_str().unwrap()]);
    let all = findings(&report);
    assert!(
        !all.iter()
            .any(|f| f["rule"] == "scan/no-text" && f["file"] == "01_Passport.pdf"),
        "the passport's zone was read: {all:#?}"
    );
    let identity: Vec<_> = all
        .iter()
        .filter(|f| f["rule"] == "consistency/identity")
        .collect();
    assert_eq!(identity.len(), 1, "{identity:#?}");
    assert_eq!(identity[0]["file"], "05_Employer_Letter.pdf");
    assert!(
        identity[0]["help"]
            .as_str()
            .unwrap()
            .contains("the MRZ of 01_Passport.pdf"),
        "{:#}",
        identity[0]
    );
}

#[test]
fn a_scanned_passport_whose_zone_fails_its_check_digits_is_reported() {
    let dir = pack_from("scan/mrz", "pass", |m| m);
    std::fs::remove_file(dir.path().join("01_Passport.pdf")).unwrap();
    std::fs::copy(
        root().join("fixtures/mrz/corrupted-td3.jpg"),
        dir.path().join("01_Passport.jpg"),
    )
    .unwrap();
    let found = select("scan/mrz", dir.path());
    assert_eq!(files(&found), ["01_Passport.jpg"], "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("check digits")
    );
    // Turned a quarter and photographed: still found, and its digits hold.
    std::fs::remove_file(dir.path().join("01_Passport.jpg")).unwrap();
    std::fs::copy(
        root().join("fixtures/mrz/rot90-td3.jpg"),
        dir.path().join("01_Passport.jpg"),
    )
    .unwrap();
    assert!(select("scan/mrz", dir.path()).is_empty());
    let file = dir.path().join("01_Passport.jpg");
    let out = dossier(&["inspect", "--format", "json", file.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mrz = &v["files"][0]["mrz"];
    assert_eq!(mrz["valid"], true, "{v:#}");
    assert_eq!(
        mrz["lines"][1],
        "Z25394A1<1KOR7703241F2701275<<<<<<<<<<<<<<<0"
    );
}

/// The pass pack of `scan/mrz` with its passport replaced by one of fixtures/mrz/.
fn with_passport_image(image: &str) -> tempfile::TempDir {
    let dir = pack_from("scan/mrz", "pass", |m| m);
    std::fs::remove_file(dir.path().join("01_Passport.pdf")).unwrap();
    std::fs::copy(
        root().join("fixtures/mrz").join(image),
        dir.path().join("01_Passport.jpg"),
    )
    .unwrap();
    dir
}

#[test]
fn a_passport_whose_zone_is_not_read_says_why() {
    for (image, reason, words) in [
        ("cut-td3.jpg", "cut-off", "cut off at the edge"),
        ("tiny-td3.jpg", "too-small", "too small"),
        ("no-mrz.jpg", "not-found", "no zone was found"),
    ] {
        let dir = with_passport_image(image);
        let found = select("scan/no-text", dir.path());
        let on_passport: Vec<&Value> = found
            .iter()
            .filter(|f| f["file"] == "01_Passport.jpg")
            .collect();
        assert_eq!(on_passport.len(), 1, "{image}: {found:#?}");
        let f = on_passport[0];
        assert_eq!(f["severity"], "info", "{image}");
        assert_eq!(f["evidence"]["mrz"], reason, "{image}: {f:#}");
        assert!(
            f["message"].as_str().unwrap().contains(words),
            "{image}: {f:#}"
        );
    }
    // A zone that is read leaves nothing to say.
    let dir = with_passport_image("rot270-td3.jpg");
    let found = select("scan/no-text", dir.path());
    assert!(
        found.iter().all(|f| f["file"] != "01_Passport.jpg"),
        "{found:#?}"
    );
}

#[test]
fn a_phone_photo_of_a_passport_is_measured_by_its_zone_not_its_72_dpi() {
    // Stored sideways with EXIF orientation 6, "Google Pixel 7", 72 dpi in JFIF and EXIF;
    // the zone is 15 px per character, so the photo is 150 dpi of the passport.
    let dir = with_passport_image("camera-exif6-td3.jpg");
    let found = select("scan/resolution", dir.path());
    assert_eq!(files(&found), ["01_Passport.jpg"], "{found:#?}");
    let f = &found[0];
    assert_eq!(f["evidence"]["source"], "measured-from-mrz", "{f:#}");
    let dpi = f["evidence"]["dpi"].as_f64().unwrap();
    assert!((dpi - 150.0).abs() < 4.0, "{f:#}");
    assert_eq!(
        f["severity"], "warning",
        "150 dpi is the minimum, not below it"
    );
    // And its zone is read upright from the EXIF turn, all check digits holding.
    assert!(select("scan/mrz", dir.path()).is_empty());
}

#[test]
fn an_expiration_date_on_another_document_is_not_the_passports() {
    // An insurance declaration's "Expiration Date" (of a previous policy) once became the
    // pack's passport expiry: "the passport expired on 2016-02-03", an error.
    let dir = pack_from("validity/passport-expiry", "pass", |m| {
        m.replace("passport_expiry = 2035-10-21\n", "")
    });
    use lopdf::dictionary;
    let page = |line: &str| {
        let mut doc = lopdf::Document::with_version("1.7");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let content = format!("BT /F1 11 Tf 40 760 Td (MINJUN LEE) Tj 0 -16 Td ({line}) Tj ET\n");
        common::one_page_pdf(
            &mut doc,
            lopdf::Stream::new(dictionary! {}, content.into_bytes()),
            dictionary! { "Font" => dictionary! { "F1" => font } },
            common::A4,
        )
    };
    let line = "Previous policy 55-1209, Expiration Date 03/02/2016";
    std::fs::write(dir.path().join("09_Travel_Insurance.pdf"), page(line)).unwrap();
    // No other document states the passport's expiry: the insurance is the only date.
    let passport = page("Passport No. M98521844");
    std::fs::write(dir.path().join("01_Passport.pdf"), &passport).unwrap();
    let form = page("Visa application form, purpose of the visit: business meetings");
    std::fs::write(dir.path().join("02_Form.pdf"), form).unwrap();
    let invitation = page("Zhetysu Pharma LLP invites MINJUN LEE to business meetings");
    std::fs::write(dir.path().join("04_Invitation.pdf"), invitation).unwrap();
    let found = select("validity/passport-expiry", dir.path());
    assert!(
        found
            .iter()
            .all(|f| !f["message"].as_str().unwrap().contains("2016")),
        "{found:#?}"
    );
    // The same words on the passport itself are its expiry.
    std::fs::write(
        dir.path().join("01_Passport.pdf"),
        page("Date of expiry 03/02/2016"),
    )
    .unwrap();
    let found = select("validity/passport-expiry", dir.path());
    assert!(
        found
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("2016-02-03")),
        "{found:#?}"
    );
}
