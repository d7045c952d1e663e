//! `check --format html`: one self-contained page, every finding on it with its rule's
//! documentation, nothing fetched, names shown as text; opened in a real browser
//! (Chromium, headless) whose network log must show no request. With `CI` set, Chromium
//! must be installed (`.ci/run` installs it).

mod common;

use common::{dossier, root};
use std::path::Path;
use std::process::Command;

fn html_of(args: &[&str]) -> String {
    let mut all = vec!["check", "--format", "html", "--today", "2026-11-24"];
    all.extend_from_slice(args);
    let run = dossier(&all);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// The rule ids of the JSON report of the same packs.
fn rule_ids(args: &[&str]) -> Vec<String> {
    let (_, report) = common::check_json(args);
    let mut ids: Vec<String> = common::findings(&report)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

const PACKS: &[&str] = &[
    "fixtures/rules/photo/head-size/fail",
    "fixtures/rules/scan/resolution/fail",
    "fixtures/packs/012-lee",
];

fn pack_args() -> Vec<String> {
    PACKS
        .iter()
        .map(|p| root().join(p).to_string_lossy().into_owned())
        .collect()
}

/// Pages in every document of the report.
fn page_count(report: &serde_json::Value) -> u64 {
    report["packs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["documents"].as_array().unwrap())
        .map(|d| d["pages"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn every_finding_is_on_the_page_with_its_rule_documented() {
    let args = pack_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let html = html_of(&args);
    assert!(html.starts_with("<!doctype html>") && html.trim_end().ends_with("</html>"));
    let ids = rule_ids(&args);
    assert!(ids.len() >= 2, "{ids:?}");
    for id in &ids {
        let anchor = format!("rule-{}", id.replace('/', "-"));
        assert!(
            html.contains(&format!("href=\"#{anchor}\"")),
            "{id} not linked"
        );
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "{id} not documented"
        );
    }
    // A batch opens with its table of packs, each linked to its section.
    for n in 1..=PACKS.len() {
        assert!(html.contains(&format!("href=\"#pack-{n}\"")), "pack {n}");
        assert!(html.contains(&format!("id=\"pack-{n}\"")), "pack {n}");
    }
    // Every document of every pack has its section.
    let (_, report) = common::check_json(&args);
    for pack in report["packs"].as_array().unwrap() {
        for doc in pack["documents"].as_array().unwrap() {
            let name = doc["file"].as_str().unwrap();
            assert!(html.contains(&format!(">{name}</h3>")), "{name}");
        }
    }
    // A picture of every page, held in the page itself.
    assert_eq!(html.matches("<img ").count() as u64, page_count(&report));
    assert_eq!(
        html.matches(" src=").count(),
        html.matches(" src=\"data:image/jpeg;base64,").count()
    );
    // Self-contained and inert.
    for forbidden in ["<script", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    // Same input, same bytes, whatever the job count.
    let mut again = args.clone();
    again.extend(["--jobs", "1"]);
    assert_eq!(html_of(&again), html);
}

#[test]
fn names_and_messages_are_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/packs/012-lee");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    std::fs::write(
        dir.path().join("10_<img src=x onerror=alert(1)>.pdf"),
        b"%PDF-1.4 cut short",
    )
    .unwrap();
    let html = html_of(&[dir.path().to_str().unwrap()]);
    assert!(!html.contains("<img src=x"), "markup from a file name");
    assert!(html.contains("10_&lt;img src=x onerror=alert(1)&gt;.pdf"));
}

/// Chromium, when installed; in CI it must be.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "CI must have Chromium (.ci/run installs Debian's `chromium`)"
    );
    if found.is_none() {
        eprintln!("skipped: Chromium is not installed");
    }
    found
}

fn headless(browser: &str, profile: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// The URLs a page loaded from a file asked for, from Chromium's network log: the
/// requests whose site is the file, other than files.
fn page_requests(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).expect("a network log");
    let log: serde_json::Value = serde_json::from_str(&text).expect("the log is JSON");
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == start)
        .filter(|e| {
            e["params"]["site_for_cookies"]
                .as_str()
                .is_some_and(|s| s.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|u| !u.starts_with("file:"))
        .map(str::to_string)
        .collect();
    urls.dedup();
    urls
}

#[test]
fn a_real_browser_shows_every_finding_and_fetches_nothing() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let args = pack_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let page = dir.path().join("report.html");
    std::fs::write(&page, html_of(&args)).unwrap();

    // The DOM as the browser built it holds every finding's rule id.
    let net = dir.path().join("net.json");
    let dom = headless(
        browser,
        &dir.path().join("profile-dom"),
        &["--dump-dom", &format!("--log-net-log={}", net.display())],
        &page,
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom_text.contains("</main>"),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    for id in rule_ids(&args) {
        assert!(
            dom_text.contains(&format!("<code>{id}</code>")),
            "{id} not in the DOM"
        );
    }
    // One picture a page, as the browser's own parser sees the page.
    let (_, report) = common::check_json(&args);
    assert_eq!(
        dom_text.matches("<img ").count() as u64,
        page_count(&report)
    );
    // The network log: every request the page made (the browser's own updater and
    // account checks are not the page's, and have no file:// site).
    let requests = page_requests(&net);
    assert!(requests.is_empty(), "the page requested {requests:?}");
    // The same log tells a page that does fetch something: the check can fail.
    let fetching = dir.path().join("fetching.html");
    std::fs::write(
        &fetching,
        "<!doctype html><img src=\"http://example.invalid/x.png\">",
    )
    .unwrap();
    let control = dir.path().join("control.json");
    headless(
        browser,
        &dir.path().join("profile-control"),
        &[
            "--dump-dom",
            &format!("--log-net-log={}", control.display()),
        ],
        &fetching,
    );
    assert_eq!(page_requests(&control), ["http://example.invalid/x.png"]);

    // A screenshot of the page, as an applicant sees it.
    let shot = dir.path().join("report.png");
    let run = headless(
        browser,
        &dir.path().join("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=900,1600",
        ],
        &page,
    );
    let png = std::fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&run.stderr)));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn a_hostile_page_gets_no_picture_and_the_report_is_still_written() {
    // 2000 pages sharing one 64 MiB content stream, and 2000 sharing a 100 MP fax image:
    // drawing either took minutes and gigabytes; neither is drawn. The fax image is
    // pictured from what the check decoded of it anyway, on the first 12 pages only.
    for (hostile, pictures) in [
        ("content_64mib_2000_pages.pdf", 0),
        ("ccitt_100mp_2000_pages.pdf", 12),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            root().join("fixtures/hostile").join(hostile),
            dir.path().join("04_Invitation.pdf"),
        )
        .unwrap();
        let html = html_of(&[dir.path().to_str().unwrap()]);
        assert!(html.contains(">04_Invitation.pdf</h3>"), "{hostile}");
        assert_eq!(html.matches("<img ").count(), pictures, "{hostile}");
    }
    // A real page is drawn: its picture a JPEG, sized as the thumbnail width says.
    let html = html_of(&[root().join("fixtures/packs/012-lee").to_str().unwrap()]);
    assert!(html.contains("width=\"360\""), "thumbnails are 360 px wide");
}
