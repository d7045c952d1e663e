//! Prints what dossier reads from a pack's documents and the facts it settles, and times
//! text extraction plus fact finding on their own (no pixels are decoded).
//!
//! ```text
//! cargo run --release --example facts -- [--today 2026-11-24] [--repeat N] PACK...
//! ```
//! With `--repeat N` it prints only the median time per pack over N runs.

use dossier::content::PackFacts;
use dossier::content::doc::{DocFacts, Reader};
use dossier::extract::purpose::{Lexicon, lexicon};
use dossier::pack::{LoadOptions, Pack};
use dossier::read::text::page_text;
use dossier::read::{PageInfo, Reading};
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut today = jiff::civil::Date::new(2026, 11, 24).unwrap();
    let mut repeat = 0usize;
    while let Some(flag) = args.first().filter(|a| a.starts_with("--")).cloned() {
        args.remove(0);
        let value = args.remove(0);
        match flag.as_str() {
            "--today" => today = value.parse().expect("--today YYYY-MM-DD"),
            "--repeat" => repeat = value.parse().expect("--repeat N"),
            _ => panic!("unknown flag {flag}"),
        }
    }
    if repeat > 0 {
        // Once per process: the purpose lexicon's regexes are compiled on first use.
        let t = Instant::now();
        std::hint::black_box(Lexicon::builtin());
        eprintln!(
            "purpose lexicon compiled once per process: {:.2} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    for dir in &args {
        if repeat > 0 {
            let mut times: Vec<f64> = (0..repeat)
                .map(|_| {
                    let t = Instant::now();
                    let docs = text_and_facts(Path::new(dir), today);
                    std::hint::black_box(docs);
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            println!("{dir}: {:.2} ms", times[times.len() / 2]);
            continue;
        }
        let opts = LoadOptions {
            profile: None,
            today,
            recursive: false,
        };
        let pack = Pack::load(Path::new(dir), dir.clone(), &opts).expect("a pack folder");
        let ctx = dossier::engine::Context::new(&pack, [dossier::engine::Need::Facts]);
        let facts: &PackFacts = ctx.facts();
        println!("== {dir}");
        println!(
            "  host      {:?}",
            facts.host.as_ref().map(|s| (&s.value, s.source.describe()))
        );
        println!(
            "  name      {:?}",
            facts.name.as_ref().map(|s| (&s.value, s.source.describe()))
        );
        println!(
            "  number    {:?}",
            facts
                .number
                .as_ref()
                .map(|s| (&s.value, s.source.describe()))
        );
        println!(
            "  expiry    {:?}",
            facts
                .expiry
                .as_ref()
                .map(|s| (s.value.to_string(), s.source.describe()))
        );
        println!(
            "  arrival   {:?}",
            facts
                .arrival
                .as_ref()
                .map(|s| (s.value.to_string(), s.source.describe()))
        );
        println!(
            "  departure {:?}",
            facts
                .departure
                .as_ref()
                .map(|s| (s.value.to_string(), s.source.describe()))
        );
        println!(
            "  purposes  {:?}",
            facts
                .purposes
                .as_ref()
                .map(|s| (&s.value, s.source.describe()))
        );
        for d in &facts.docs {
            let v = |s: &Option<dossier::content::Stated<jiff::civil::Date>>| {
                s.as_ref().map_or("-".to_string(), |s| s.value.to_string())
            };
            let list = |v: &[dossier::content::Stated<String>]| {
                let mut x: Vec<&str> = v.iter().map(|s| s.value.as_str()).collect();
                x.dedup();
                x.join(", ")
            };
            println!(
                "  {} [{}] text={} arr={} dep={} cover={} exp={} stmt={} no=[{}] names=[{}] purposes=[{}] employment=[{}] mrz={}",
                d.file,
                d.kind.as_deref().unwrap_or("?"),
                d.has_text,
                v(&d.arrival),
                v(&d.departure),
                d.cover
                    .as_ref()
                    .map_or("-".into(), |(a, b)| format!("{}..{}", a.value, b.value)),
                v(&d.passport_expiry),
                v(&d.statement_end),
                list(&d.numbers),
                list(&d.names),
                list(&d.purposes),
                list(&d.employment),
                d.mrz.as_ref().map_or("-".into(), |m| format!(
                    "{}{:?}",
                    m.value.number, m.value.failed_checks
                )),
            );
        }
    }
}

/// Every PDF of the folder: its pages' text, then its facts, as the content rules read them.
fn text_and_facts(dir: &Path, today: jiff::civil::Date) -> Vec<DocFacts> {
    let profile = dossier::pack::default_profile();
    let lexicon = lexicon::for_specs(&profile.purposes).expect("the default lexicon compiles");
    let reader = Reader {
        order: Default::default(),
        today,
        lexicon: &lexicon,
        host: None,
    };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
        .collect();
    names.sort();
    names
        .iter()
        .filter_map(|path| {
            let doc = lopdf::Document::load_with_options(path, dossier::read::pdf::load_options())
                .ok()?;
            let page_info = doc
                .get_pages()
                .into_iter()
                .map(|(n, id)| PageInfo {
                    number: n,
                    text: Some(page_text(&doc, id)),
                    ..PageInfo::default()
                })
                .collect();
            let reading = Reading {
                page_info,
                ..Reading::default()
            };
            let file = path.file_name()?.to_string_lossy().into_owned();
            let name = dossier::pack::name::parse(&file);
            let spec = name.as_ref().ok().and_then(|n| profile.kind_of(&n.title));
            let entry = dossier::pack::entry::Entry {
                name: file.clone(),
                utf8_name: true,
                path: path.clone(),
                bytes: 0,
                class: dossier::pack::entry::EntryClass::Document(dossier::pack::entry::DocInfo {
                    name,
                    sniffed: Some(dossier::pack::sniff::FileType::Pdf),
                    io_error: None,
                    kind: spec.map(|k| k.id.clone()),
                    role: spec.map(|k| k.role()),
                }),
            };
            Some(DocFacts::read(&entry, &reading, &reader))
        })
        .collect()
}
