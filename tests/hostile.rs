//! Hostile input (issue 16): what an attacker or an unlucky agency hands dossier, each
//! generated here, and the promise it must keep. docs/hostile-input.md lists them.

mod common;

use common::{dossier, root};
use serde_json::Value;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `dossier ARGS` and returns its output, its peak resident memory in MB (from
/// `wait4`, so only this child counts, whatever other tests run beside it) and its time.
// The child is reaped by wait4, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn measured(args: &[&str]) -> (Output, f64, Duration) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dossier starts");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.unwrap();
    let mut stderr = child.stderr.unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).ok();
        v
    });
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on dossier");
    let elapsed = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    let output = Output {
        status: std::os::unix::process::ExitStatusExt::from_raw(code << 8),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    // Linux reports ru_maxrss in KiB.
    (output, usage.ru_maxrss as f64 / 1024.0, elapsed)
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

#[test]
fn ten_thousand_files_sharing_a_number_stay_bounded() {
    // Every `naming/duplicate-number` finding listed every other name: memory and JSON
    // grew with the square of the count (10,000 files aborted, out of memory), and the
    // human report counted lines from the listing's top for every finding.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        std::fs::write(dir.path().join(format!("10_Doc_{i:05}.pdf")), b"x").unwrap();
    }
    let pack = dir.path().to_str().unwrap();
    let (out, mb, took) = measured(&["check", "--format", "json", pack]);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(mb < 200.0, "peak {mb:.0} MB");
    assert!(took < Duration::from_secs(10), "{took:?}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dup: Vec<&Value> = report["packs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "naming/duplicate-number")
        .collect();
    assert_eq!(dup.len(), 9_999);
    let f = dup[0];
    assert_eq!(f["evidence"]["others_total"], 9_999);
    assert!(f["evidence"]["others"].as_array().unwrap().len() <= 20);
    assert!(
        f["message"].as_str().unwrap().ends_with("and 9996 more"),
        "{f:#}"
    );
    let (out, mb, took) = measured(&["check", pack]);
    assert_eq!(code(&out), 1);
    assert!(mb < 200.0, "human: peak {mb:.0} MB");
    assert!(took < Duration::from_secs(10), "human: {took:?}");
}

/// Builds `pack` with `--force` into a fresh folder: the folder (kept alive), the PDF's
/// path and stderr; a build that fails fails the test.
fn build_forced(pack: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("pack.pdf");
    let out = dossier(&[
        "build",
        pack,
        "-o",
        pdf.to_str().unwrap(),
        "--force",
        "--today",
        "2026-11-24",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    (out_dir, pdf, String::from_utf8(out.stderr).unwrap())
}

/// A pack with one document whose name carries a forged GitHub workflow command, an
/// ANSI escape and a right-to-left override.
fn forged_pack() -> (tempfile::TempDir, String) {
    let forged = "10_Other\n::error file=FORGED.pdf::pwned\x1b[2J\u{202e}fdp.pdf";
    let letter = std::fs::read(root().join("fixtures/packs/012-lee/04_Invitation_Letter.pdf"));
    (pack_with(forged, &letter.unwrap()), forged.to_string())
}

#[test]
fn a_file_name_cannot_forge_a_line_of_any_format() {
    let (dir, forged) = forged_pack();
    let pack = dir.path().to_str().unwrap();
    for format in [
        "human", "concise", "github", "gitlab", "junit", "sarif", "jsonl", "json",
    ] {
        let out = dossier(&["check", "--today", "2026-11-24", "--format", format, pack]);
        assert_eq!(code(&out), 0, "{format}: a warning only");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("FORGED"), "{format}: the file is reported");
        for line in text.lines() {
            assert!(
                !line.trim_start().starts_with("::error file=FORGED"),
                "{format}: forged line {line:?}"
            );
        }
        // The JSON formats keep names and evidence exact (JSON escapes controls; a
        // program needs the real name); their prose is escaped like every other format's.
        let data = matches!(format, "json" | "jsonl" | "sarif");
        if !data {
            assert!(!text.contains('\x1b'), "{format}: raw escape");
            assert!(!text.contains('\u{202e}'), "{format}: raw override");
        } else {
            let docs: Vec<Value> = if format == "jsonl" {
                text.lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect()
            } else {
                vec![serde_json::from_str(&text).unwrap()]
            };
            let mut messages = Vec::new();
            for d in &docs {
                prose(d, &mut messages);
            }
            assert!(messages.iter().any(|m| m.contains("FORGED")), "{format}");
            for m in messages {
                assert!(
                    !m.chars().any(|c| c.is_control() || c == '\u{202e}'),
                    "{format}: {m:?}"
                );
            }
        }
        match format {
            "junit" => {
                roxmltree::Document::parse(&text).expect("junit stays well-formed XML");
            }
            "json" | "sarif" | "gitlab" => {
                let v: Value = serde_json::from_str(&text).expect("valid JSON");
                if format == "json" {
                    // JSON keeps the exact name: it is how a program finds the file.
                    let files: Vec<&str> = v["packs"][0]["documents"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|d| d["file"].as_str())
                        .collect();
                    assert!(files.contains(&forged.as_str()), "{files:?}");
                }
            }
            "jsonl" => {
                for line in text.lines() {
                    serde_json::from_str::<Value>(line).expect("one object per line");
                }
            }
            _ => {}
        }
    }
}

/// Every `message` and `help` string in a JSON document (SARIF nests them in `text`).
fn prose(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("message" | "help", Value::String(s)) => out.push(s.clone()),
                    ("message", Value::Object(m)) => {
                        if let Some(Value::String(s)) = m.get("text") {
                            // SARIF joins message and help with a newline of its own.
                            out.extend(s.split('\n').map(str::to_string));
                        }
                    }
                    _ => prose(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| prose(v, out)),
        _ => {}
    }
}

#[test]
fn the_built_index_prints_a_forged_name_escaped() {
    let (dir, _) = forged_pack();
    let (_out_dir, pdf, stderr) = build_forced(dir.path().to_str().unwrap());
    assert!(
        !stderr.contains('\x1b') && !stderr.contains("\n::error"),
        "{stderr}"
    );
    let have = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(
        have || std::env::var_os("CI").is_none(),
        "CI must have pdftotext (.ci/run installs poppler-utils)"
    );
    if !have {
        eprintln!("skipped the index text: pdftotext is not installed");
        return;
    }
    let text = Command::new("pdftotext")
        .args(["-l", "1", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let index = String::from_utf8_lossy(&text.stdout);
    assert!(index.contains("10_Other\\n::error"), "{index}");
    assert!(
        !index.contains('\x1b') && !index.contains('\u{202e}'),
        "{index}"
    );
}

/// A pack from fixtures/packs/012-lee with `name` replaced by `bytes`.
fn pack_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("fixtures/packs/012-lee")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

/// A one-page text PDF whose page tree loops: `/Pages` root with `/Kids [page, inner]`
/// where `inner` is a `/Pages` whose `/Kids` names the root again.
fn looping_pdf() -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let root_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Application form of MINJUN LEE) Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => root_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    let inner = doc.add_object(dictionary! {
        "Type" => "Pages", "Parent" => root_id, "Kids" => vec![root_id.into()], "Count" => 1,
    });
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into(), inner.into()], "Count" => 2,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_looping_page_tree_is_reported_and_built_once() {
    let dir = pack_with("02_Form.pdf", &looping_pdf());
    let pack = dir.path().to_str().unwrap();
    let out = dossier(&["check", "--format", "json", "--today", "2026-11-24", pack]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &report["packs"][0];
    let form = p["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "02_Form.pdf")
        .unwrap();
    assert_eq!(form["pages"], 1, "{form:#}");
    let repaired: Vec<&Value> = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "file/repaired" && f["file"] == "02_Form.pdf")
        .collect();
    assert_eq!(repaired.len(), 1, "{:#}", p["findings"]);
    assert!(
        repaired[0]["message"]
            .as_str()
            .unwrap()
            .contains("loops back")
    );
    // The built pack holds the form's one page once.
    let (_out_dir, pdf, _) = build_forced(pack);
    let built = lopdf::Document::load(&pdf).unwrap();
    let mut ids: Vec<_> = built.get_pages().into_values().collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "a page object listed twice");
    let text = built
        .extract_text(&(1..=total as u32).collect::<Vec<_>>())
        .unwrap_or_default();
    assert_eq!(
        text.matches("Application form of MINJUN LEE").count(),
        1,
        "{text}"
    );
}

/// A TIFF of three gray A4 pages at 100 dpi, page k a different shade with a dark band
/// k + 1 bands down, so pages are told apart.
fn three_page_tiff() -> Vec<u8> {
    use tiff::encoder::{Rational, TiffEncoder, colortype::Gray8};
    let (w, h) = (827u32, 1169u32);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    for k in 0..3u32 {
        let mut data = vec![235u8 - 10 * k as u8; (w * h) as usize];
        let band = (k + 1) * 200;
        for y in band..band + 40 {
            for x in 100..700 {
                data[(y * w + x) as usize] = 20;
            }
        }
        let mut image = enc.new_image::<Gray8>(w, h).unwrap();
        image.resolution(tiff::tags::ResolutionUnit::Inch, Rational { n: 100, d: 1 });
        image.write_data(&data).unwrap();
    }
    out.into_inner()
}

#[test]
fn every_page_of_a_multi_page_tiff_is_checked_and_built() {
    let dir = pack_with("06_Bank_Statement.tif", &three_page_tiff());
    std::fs::remove_file(dir.path().join("06_Bank_Statement.pdf")).unwrap();
    let pack = dir.path().to_str().unwrap();
    let out = dossier(&["check", "--format", "json", "--today", "2026-11-24", pack]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = report["packs"][0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "06_Bank_Statement.tif")
        .cloned()
        .unwrap();
    assert_eq!(doc["pages"], 3, "{doc:#}");
    let (_out_dir, pdf, _) = build_forced(pack);
    let built = lopdf::Document::load(&pdf).unwrap();
    // Three image pages of 827 x 1169 px, each a different image.
    let mut images = Vec::new();
    for (_, page) in built.get_pages() {
        for image in built.get_page_images(page).unwrap_or_default() {
            let stream = built.get_object(image.id).unwrap().as_stream().unwrap();
            let w = stream
                .dict
                .get(b"Width")
                .and_then(|o| o.as_i64())
                .unwrap_or(0);
            let h = stream
                .dict
                .get(b"Height")
                .and_then(|o| o.as_i64())
                .unwrap_or(0);
            if (w, h) == (827, 1169) {
                images.push(stream.content.clone());
            }
        }
    }
    assert_eq!(images.len(), 3, "the TIFF's three pages");
    images.sort();
    images.dedup();
    assert_eq!(images.len(), 3, "three different pages, not one thrice");
}

/// Writes a 10000 x 10000 16-bit RGBA PNG (800 MB decoded, under 1 MB on disk): white
/// paper with a dark band every 500 rows, streamed out so the test never holds it either.
fn write_huge_png(path: &std::path::Path) {
    let (w, h) = (10_000u32, 10_000u32);
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut enc = png::Encoder::new(file, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Sixteen);
    enc.set_compression(png::Compression::Fastest);
    let mut writer = enc.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let white = vec![0xFF; w as usize * 8];
    let mut band = white.clone();
    for px in band.chunks_exact_mut(8).step_by(3) {
        px[..6].fill(0x20);
    }
    for y in 0..h {
        let row = if y % 500 < 40 { &band } else { &white };
        std::io::Write::write_all(&mut stream, row).unwrap();
    }
    stream.finish().unwrap();
}

/// Pack 012-lee with the document named `replace` swapped for the huge PNG as `name`.
fn pack_with_huge_png(replace: &str, name: &str) -> tempfile::TempDir {
    let dir = pack_with(name, b"");
    std::fs::remove_file(dir.path().join(replace)).unwrap();
    write_huge_png(&dir.path().join(name));
    dir
}

#[test]
fn a_16_bit_100_mp_png_stays_within_the_runs_memory() {
    // Decoded whole it was 1.4 GB as a photo and 0.9 GB as a scan, per job; rows are now
    // measured and compressed as they are decoded, and big buffers share one budget.
    let photo = pack_with_huge_png("03_Passport_Photo.jpg", "03_Passport_Photo.png");
    let scan = pack_with_huge_png("01_Passport_Bio_Page.pdf", "01_Passport_Bio_Page.png");
    let (a, b) = (
        photo.path().to_str().unwrap(),
        scan.path().to_str().unwrap(),
    );
    let args = [
        "check",
        "--jobs",
        "2",
        "--format",
        "json",
        "--today",
        "2026-11-24",
    ];
    let (out, mb, _) = measured(&[&args[..], &[a, b]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 1, "{err}");
    eprintln!("check --jobs 2: peak {mb:.0} MB");
    assert!(mb < 400.0, "check --jobs 2: peak {mb:.0} MB");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let facts = |pack: usize, file: &str| -> Value {
        report["packs"][pack]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == file)
            .cloned()
            .unwrap_or_else(|| panic!("{file} in {report:#}"))
    };
    // Both were read, not refused: the photo is measured, the scan's pixels are known.
    assert_eq!(facts(0, "03_Passport_Photo.png")["pages"], 1);
    let photo_rules: Vec<&Value> = report["packs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == "03_Passport_Photo.png")
        .collect();
    assert!(
        photo_rules
            .iter()
            .any(|f| f["rule"] == "photo/aspect" && f["evidence"]["crop"] == "7778 x 10000 px"),
        "the photo is measured at its full size: {photo_rules:#?}"
    );
    let scan_doc = facts(1, "01_Passport_Bio_Page.png");
    assert_eq!(scan_doc["pages"], 1, "{scan_doc:#}");
    let unreadable = |pack: usize| {
        report["packs"][pack]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "file/unreadable")
    };
    assert!(!unreadable(0) && !unreadable(1), "{report:#}");

    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("pack.pdf");
    let (out, mb, _) = measured(&["build", b, "-o", pdf.to_str().unwrap(), "--force"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    eprintln!("build: peak {mb:.0} MB");
    assert!(mb < 400.0, "build: peak {mb:.0} MB");
    let built = lopdf::Document::load(&pdf).unwrap();
    let images: Vec<_> = built
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .is_ok_and(|t| t.as_name().ok() == Some(&b"Image"[..]))
        })
        .filter(|s| s.dict.get(b"Width").and_then(lopdf::Object::as_i64).ok() == Some(10_000))
        .collect();
    assert_eq!(images.len(), 1, "the scan is one 10000 px image");
}
