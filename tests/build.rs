//! `dossier build` end to end: real packs in, the assembled PDF checked by qpdf and
//! poppler (external validators: with `CI` set they must be installed, not skipped).

mod common;

use common::{dossier, root};
use lopdf::{Document, Object, ObjectId};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether an external tool runs; without it a test skips, except in CI where it fails.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .or_else(|_| Command::new(tool).arg("-v").output())
        .is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must have `{tool}` (.ci/run installs it)"
    );
    if !ok {
        eprintln!("skipped: `{tool}` is not installed");
    }
    ok
}

fn tools() -> bool {
    have("qpdf") && have("pdfinfo") && have("pdftotext")
}

/// Builds PACK into DIR/NAME with extra arguments; returns the output path and stderr.
fn build(pack: &Path, dir: &Path, name: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join(name);
    let mut args = vec![
        "build",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--today",
        "2026-11-24",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let run = dossier(&args);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(0), "build {pack:?}: {stderr}");
    (out, stderr)
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect(tool);
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn qpdf_json(pdf: &Path, key: &str) -> Value {
    let text = run(
        "qpdf",
        &[
            "--json",
            &format!("--json-key={key}"),
            pdf.to_str().unwrap(),
        ],
    );
    serde_json::from_str(&text).unwrap()
}

fn page_count(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages:")
}

/// The documents of a pack in order: file name, title, pages (images count one).
fn documents(pack: &Path) -> Vec<(String, String, usize)> {
    let mut names: Vec<String> = std::fs::read_dir(pack)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.as_bytes()[0].is_ascii_digit())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let path = pack.join(&n);
            let pages = if n.ends_with(".pdf") {
                Document::load(&path).unwrap().get_pages().len()
            } else {
                1
            };
            let stem = n.rsplit_once('.').unwrap().0;
            let (num, title) = stem.split_once('_').unwrap();
            (
                n.clone(),
                format!("{num} {}", title.replace('_', " ")),
                pages,
            )
        })
        .collect()
}

/// The data of every DCTDecode image stream in the file.
fn jpeg_streams(pdf: &Path) -> Vec<Vec<u8>> {
    let doc = Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Filter")
                .is_ok_and(|f| matches!(f, Object::Name(n) if n == b"DCTDecode"))
        })
        .map(|s| s.content.clone())
        .collect()
}

/// Every check the issue asks of one clean pack's build.
fn assert_built_right(pack: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = build(pack, dir.path(), "pack.pdf", &[]);
    let check = run("qpdf", &["--check", out.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    let docs = documents(pack);
    let total: usize = docs.iter().map(|d| d.2).sum();
    let pages = page_count(&out);
    let index_pages = pages - total;
    assert!(
        (1..=2).contains(&index_pages),
        "{pack:?}: {pages} pages for {total}"
    );

    // One bookmark per document, titled `NN Title`, on its first page.
    let outlines = qpdf_json(&out, "outlines");
    let items = outlines["outlines"].as_array().unwrap();
    assert_eq!(items.len(), docs.len(), "{pack:?}");
    let mut first = index_pages + 1;
    for (item, (file, title, n)) in items.iter().zip(&docs) {
        assert_eq!(item["title"], title.as_str(), "{file}");
        assert_eq!(item["destpageposfrom1"], first, "{file}");
        first += n;
    }

    // The index lists every title and file as text.
    let index = run(
        "pdftotext",
        &[
            "-l",
            &index_pages.to_string(),
            "-layout",
            out.to_str().unwrap(),
            "-",
        ],
    );
    for (file, title, _) in &docs {
        let title = title.split_once(' ').unwrap().1;
        assert!(index.contains(title), "{title} not in index:\n{index}");
        assert!(
            index.contains(file.as_str()),
            "{file} not in index:\n{index}"
        );
    }

    // JPEGs are embedded as they are.
    let streams = jpeg_streams(&out);
    for (file, _, _) in docs.iter().filter(|d| d.0.ends_with(".jpg")) {
        let bytes = std::fs::read(pack.join(file)).unwrap();
        assert!(streams.contains(&bytes), "{file} was re-encoded");
    }

    // Same pack, same bytes.
    let (again, _) = build(pack, dir.path(), "again.pdf", &[]);
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap(),
        "{pack:?}: two builds differ"
    );
}

/// The clean packs of the shared corpus (labels with `"clean": true`).
fn clean_corpus_packs() -> Vec<PathBuf> {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/corpus"
        );
        return Vec::new();
    }
    let mut packs: Vec<PathBuf> = std::fs::read_dir(corpus.join("labels"))
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let label: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
            let id = label["pack"].as_str()?.to_string();
            (label["clean"] == true).then(|| corpus.join("packs").join(id))
        })
        .collect();
    packs.sort();
    packs
}

#[test]
fn every_clean_corpus_pack_builds_right() {
    if !tools() {
        return;
    }
    let packs = clean_corpus_packs();
    if packs.is_empty() {
        eprintln!("skipped: no ../shared/corpus beside the repository");
    }
    for pack in &packs {
        assert_built_right(pack);
    }
}

#[test]
fn bundled_clean_packs_build_right() {
    if !tools() {
        return;
    }
    for id in ["012-lee", "019-moreau"] {
        assert_built_right(&root().join("fixtures/packs").join(id));
    }
}

/// A copy of 012-lee whose manifest names the applicant in Cyrillic.
fn cyrillic_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("pack");
    std::fs::create_dir(&pack).unwrap();
    let src = root().join("fixtures/packs/012-lee");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if e.file_name() != "dossier.toml" {
            std::fs::copy(e.path(), pack.join(e.file_name())).unwrap();
        }
    }
    std::fs::write(
        pack.join("dossier.toml"),
        "profile = \"kz-b1\"\n[applicant]\nname = \"Ли Минджун Әлібекұлы\"\n",
    )
    .unwrap();
    pack
}

#[test]
fn a_cyrillic_name_comes_back_as_cyrillic() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = cyrillic_pack(dir.path());
    let (out, _) = build(&pack, dir.path(), "pack.pdf", &["--force"]);
    let index = run("pdftotext", &["-l", "1", out.to_str().unwrap(), "-"]);
    assert!(
        index.contains("Document pack — Ли Минджун Әлібекұлы"),
        "{index}"
    );
    let info = run("pdfinfo", &[out.to_str().unwrap()]);
    assert!(
        info.contains("Author:          Ли Минджун Әлібекұлы"),
        "{info}"
    );
}

#[test]
fn filled_form_fields_stay_fields_and_stay_visible() {
    if !tools() || !have("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = root().join("fixtures/build/forms");
    let (out, _) = build(&pack, dir.path(), "pack.pdf", &["--force"]);
    let fields = qpdf_json(&out, "acroform");
    let got: Vec<(String, String)> = fields["acroform"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["fullname"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let want = [
        ("surname", "u:ERIKSSON"),
        ("given_names", "u:ANNA MARIA"),
        ("passport_number", "u:AB1234567"),
        ("business_visit", "/Yes"),
        ("surname_02", "u:ERIKSSON"),
        ("company", "u:Nordic Pumps AB"),
        ("business_visit_02", "/Yes"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(got, want);
    // Each form page renders exactly as in its source file, field values included.
    let render = |pdf: &Path, page: usize, name: &str| -> Vec<u8> {
        let prefix = dir.path().join(name);
        let p = page.to_string();
        run(
            "pdftoppm",
            &[
                "-r",
                "40",
                "-gray",
                "-f",
                &p,
                "-l",
                &p,
                "-singlefile",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        std::fs::read(prefix.with_extension("pgm")).unwrap()
    };
    for (i, file) in ["01_Application_Form.pdf", "02_Employer_Letter.pdf"]
        .iter()
        .enumerate()
    {
        let source = render(&pack.join(file), 1, &format!("src{i}"));
        let merged = render(&out, 2 + i, &format!("out{i}"));
        assert!(
            source == merged,
            "{file} renders differently after the merge"
        );
    }
}

#[test]
fn image_pages_keep_their_bytes_colours_and_orientation() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = root().join("fixtures/build/images");
    let (out, _) = build(&pack, dir.path(), "pack.pdf", &["--force"]);
    let check = run("qpdf", &["--check", out.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let streams = jpeg_streams(&out);
    for file in [
        "01_Passport.jpg",
        "03_Photo_Print.jpg",
        "04_Employer_Letter.jpg",
    ] {
        let bytes = std::fs::read(pack.join(file)).unwrap();
        assert!(streams.contains(&bytes), "{file} was re-encoded");
    }
    let doc = Document::load(&out).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let size = |page: ObjectId| -> (f32, f32) {
        let mb = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap();
        let v: Vec<f32> = mb
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect();
        (v[2] - v[0], v[3] - v[1])
    };
    // The sideways-stored letter is shown upright: a portrait page.
    let (w, h) = size(pages[4]);
    assert!(h > w, "the EXIF-rotated page is {w} x {h}");
    // The CMYK JPEG is marked CMYK with Adobe's inverted values.
    let images: Vec<&lopdf::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| &s.dict)
        .filter(|d| {
            d.get(b"Subtype")
                .is_ok_and(|s| matches!(s, Object::Name(n) if n == b"Image"))
        })
        .collect();
    assert!(images.iter().any(|d| {
        d.get(b"ColorSpace")
            .is_ok_and(|c| matches!(c, Object::Name(n) if n == b"DeviceCMYK"))
            && d.has(b"Decode")
    }));
    // The transparent PNG carries its alpha as a soft mask.
    assert!(images.iter().any(|d| d.has(b"SMask")));
}

#[test]
fn refuses_while_errors_remain_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.pdf");
    let out_s = out.to_str().unwrap();
    let broken = root().join("fixtures/packs/008-bianchi");
    let broken_s = broken.to_str().unwrap();
    let base = ["build", "--today", "2026-11-24", broken_s, "-o", out_s];

    let refused = dossier(&base);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(String::from_utf8_lossy(&refused.stdout).contains("naming/gap"));
    assert!(!out.exists(), "a refused build wrote its output");

    let forced = dossier(&[&base[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0));
    let first = std::fs::read(&out).unwrap();
    assert!(first.starts_with(b"%PDF-"));

    std::fs::write(&out, b"someone's file").unwrap();
    let again = dossier(&[&base[..], &["--force"]].concat());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--overwrite"));
    assert_eq!(std::fs::read(&out).unwrap(), b"someone's file");

    let replaced = dossier(&[&base[..], &["--force", "--overwrite"]].concat());
    assert_eq!(replaced.status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), first);
    // No temporary file is left beside the output.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn warns_when_the_output_lands_in_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let pack = cyrillic_pack(dir.path());
    let out = pack.join("pack.pdf");
    let run = dossier(&[
        "build",
        "--today",
        "2026-11-24",
        "--force",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("inside the pack folder"), "{stderr}");
}

#[test]
fn a_long_pack_gets_a_multi_page_index_whose_rows_link_to_documents() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    let src = std::fs::read(root().join("fixtures/packs/012-lee/05_Employer_Letter.pdf")).unwrap();
    for n in 1..=70 {
        std::fs::write(pack.join(format!("{n:02}_Supporting_Letter_{n}.pdf")), &src).unwrap();
    }
    let (out, _) = build(&pack, dir.path(), "pack.pdf", &["--force"]);
    let pages = page_count(&out);
    let index_pages = pages - 70;
    assert!(index_pages >= 2, "{index_pages} index pages for 70 rows");
    let doc = Document::load(&out).unwrap();
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut targets = Vec::new();
    for &page in &ids[..index_pages] {
        let annots = doc.get_dictionary(page).unwrap().get(b"Annots").unwrap();
        for a in annots.as_array().unwrap() {
            let link = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let dest = link.get(b"Dest").unwrap().as_array().unwrap();
            targets.push(dest[0].as_reference().unwrap());
        }
    }
    assert_eq!(targets, ids[index_pages..].to_vec());
    let text = run(
        "pdftotext",
        &["-l", &index_pages.to_string(), out.to_str().unwrap(), "-"],
    );
    assert!(text.contains("(continued)") && text.contains("70_Supporting_Letter_70.pdf"));
}

#[test]
fn stamp_writes_a_footer_on_every_page() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = root().join("fixtures/packs/012-lee");
    let (plain, _) = build(&pack, dir.path(), "plain.pdf", &[]);
    let (out, _) = build(&pack, dir.path(), "stamped.pdf", &["--stamp"]);
    let check = run("qpdf", &["--check", out.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let pages = page_count(&out);
    assert_eq!(pages, page_count(&plain));
    for page in 1..=pages {
        let p = page.to_string();
        let text = run(
            "pdftotext",
            &["-f", &p, "-l", &p, out.to_str().unwrap(), "-"],
        );
        assert!(
            text.contains(&format!("page {page} of {pages}")) && text.contains("MINJUN LEE"),
            "page {page}: {text}"
        );
        // What the page said before is all still there.
        let before = run(
            "pdftotext",
            &["-f", &p, "-l", &p, plain.to_str().unwrap(), "-"],
        );
        for line in before.lines().filter(|l| !l.trim().is_empty()) {
            assert!(text.contains(line.trim()), "page {page} lost {line:?}");
        }
    }
    let employer = run(
        "pdftotext",
        &["-f", "6", "-l", "6", out.to_str().unwrap(), "-"],
    );
    assert!(employer.contains("05 Employer Letter"), "{employer}");
}

/// Every name and string value anywhere in a qpdf JSON value.
fn all_words(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| all_words(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            all_words(x, out);
        }),
        _ => {}
    }
}

#[test]
fn active_content_is_reported_and_never_reaches_the_built_pack() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fail = root().join("fixtures/rules/file/active-content/fail");
    let out = dir.path().join("pack.pdf");
    let built = dossier(&[
        "build",
        fail.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--today",
        "2026-11-24",
        "--format",
        "concise",
    ]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(0), "{stderr}");
    let shown = out.display();
    for line in [
        format!(
            "note: 06_Bank_Statements.pdf is in {shown} without its active content: JavaScript that runs when the file opens and an embedded file `statement.csv`"
        ),
        format!(
            "note: 07_Flight_Itinerary.pdf is in {shown} without its active content: JavaScript in a link on page 1"
        ),
    ] {
        assert!(stderr.contains(&line), "{stderr}");
    }
    // The sources hold them; the output holds no script, attachment or embedded file.
    let source = qpdf_json(&fail.join("07_Flight_Itinerary.pdf"), "qpdf");
    let mut words = Vec::new();
    all_words(&source, &mut words);
    assert!(
        words.iter().any(|w| w == "/JavaScript"),
        "the fixture has a script"
    );
    let mut words = Vec::new();
    all_words(&qpdf_json(&out, "qpdf"), &mut words);
    for banned in [
        "/JavaScript",
        "/JS",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/FileAttachment",
        "/OpenAction",
    ] {
        assert!(
            !words.iter().any(|w| w == banned),
            "{banned} in the built pack"
        );
    }
    assert_eq!(
        run("qpdf", &["--list-attachments", out.to_str().unwrap()]).trim(),
        format!("{} has no embedded files", out.display())
    );
    // The flight page keeps its link, without the script.
    assert!(words.iter().any(|w| w == "/Link"));
    assert_eq!(page_count(&out), 10);

    // Plain links are not active content: the pass pack's web link is built as it was.
    let pass = root().join("fixtures/rules/file/active-content/pass");
    let (out, stderr) = build(&pass, dir.path(), "plain.pdf", &[]);
    assert!(!stderr.contains("active content"), "{stderr}");
    let mut words = Vec::new();
    all_words(&qpdf_json(&out, "qpdf"), &mut words);
    assert!(
        words
            .iter()
            .any(|w| w.contains("https://example.org/booking"))
    );
}

#[test]
fn a_document_check_calls_unreadable_is_not_in_the_build() {
    use lopdf::dictionary;
    // A page whose compressed content stream is corrupt: check reports the file
    // unreadable; build used to copy it in anyway, with no "not included" line.
    let mut doc = Document::with_version("1.4");
    let resources = lopdf::Dictionary::new();
    let content = lopdf::Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        b"this is not zlib data, and never was".repeat(20),
    );
    let bytes = common::one_page_pdf(&mut doc, content, resources, common::A4);
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    let source = root().join("fixtures/packs/012-lee");
    for f in ["01_Passport_Bio_Page.pdf", "02_Form.pdf", "dossier.toml"] {
        std::fs::copy(source.join(f), pack.join(f)).unwrap();
    }
    std::fs::write(pack.join("03_Bank_Statement.pdf"), bytes).unwrap();
    let (_, report) = common::check_json(&[pack.to_str().unwrap()]);
    let unreadable: Vec<_> = common::rule_files(&report)
        .into_iter()
        .filter(|(rule, _)| rule == "file/unreadable")
        .collect();
    assert_eq!(
        unreadable,
        [(
            "file/unreadable".to_string(),
            "03_Bank_Statement.pdf".to_string()
        )]
    );
    let out = dir.path().join("out.pdf");
    let built = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
        "--today",
        "2026-11-24",
        "--format",
        "concise",
    ]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: 03_Bank_Statement.pdf is not in"),
        "{stderr}"
    );
    let doc = Document::load(&out).unwrap();
    let passport = Document::load(source.join("01_Passport_Bio_Page.pdf")).unwrap();
    let form = Document::load(source.join("02_Form.pdf")).unwrap();
    assert_eq!(
        doc.get_pages().len(),
        1 + passport.get_pages().len() + form.get_pages().len()
    );
    if have("pdftotext") {
        let index = run(
            "pdftotext",
            &["-f", "1", "-l", "1", out.to_str().unwrap(), "-"],
        );
        assert!(index.contains("not included"), "{index}");
    }
}

#[test]
fn the_merged_file_is_fitted_to_its_limit_biggest_documents_first() {
    if !tools() {
        return;
    }
    let pack = root().join("fixtures/packs/012-lee");
    let dir = tempfile::tempdir().unwrap();
    let (plain, _) = build(&pack, dir.path(), "plain.pdf", &[]);
    let plain_bytes = std::fs::metadata(&plain).unwrap().len();
    // 270 kB: the 115 kB passport scan is re-encoded, nothing else needs to change.
    let out = dir.path().join("fitted.pdf");
    let done = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--today",
        "2026-11-24",
        "--max-file-kb",
        "270",
    ]);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{stderr}");
    let fitted = std::fs::metadata(&out).unwrap().len();
    assert!(
        plain_bytes > 270_000 && fitted <= 270_000,
        "{plain_bytes} -> {fitted}"
    );
    assert!(
        stderr.contains("made smaller to fit: 01_Passport_Bio_Page.pdf"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("made smaller to fit").count(), 1, "{stderr}");
    // The same pages, bookmarks and words; qpdf finds nothing wrong.
    run_ok_qpdf_check(&out);
    assert_eq!(page_count(&out), page_count(&plain));
    let marks = |p: &Path| -> Vec<(String, u64)> {
        qpdf_json(p, "outlines")["outlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let title = o["title"].as_str().unwrap().to_string();
                (title, o["destpageposfrom1"].as_u64().unwrap())
            })
            .collect()
    };
    assert_eq!(marks(&out), marks(&plain));
    assert_eq!(marks(&out).len(), 9);
    let words = |p: &Path| run("pdftotext", &[p.to_str().unwrap(), "-"]);
    assert_eq!(words(&out), words(&plain));

    // 200 kB is out of reach above the profile's floors: an error, exit 1, the file written.
    let tight = dir.path().join("tight.pdf");
    let done = dossier(&[
        "build",
        pack.to_str().unwrap(),
        "-o",
        tight.to_str().unwrap(),
        "--today",
        "2026-11-24",
        "--max-file-kb",
        "200",
        "--format",
        "concise",
    ]);
    assert_eq!(done.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        stdout.contains("error pack/size") && stdout.contains("as small as they go"),
        "{stdout}"
    );
}

fn run_ok_qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
