//! Times the measures of one scanned image, decode included: `bench_page FILE [RUNS]`.
//! Run it pinned to one core (`taskset -c 0`) to compare with the per-page target.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_page FILE.jpg|png|tif [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(30);
    let bytes = std::fs::read(&path).expect("the file is readable");
    let kind = dossier::pack::sniff::sniff(&bytes[..bytes.len().min(4096)]);
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs + 3 {
        let start = Instant::now();
        let scan = dossier::read::image_file::measure_bytes(
            &bytes,
            kind,
            Some(dossier::pack::role::KindRole::EmployerLetter),
            false,
            false,
        )
        .expect("the image decodes");
        std::hint::black_box(&scan);
        // The first runs warm caches and the allocator.
        if i >= 3 {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{path}: {} runs, min {:.1} ms, median {:.1} ms",
        runs,
        times[0],
        times[times.len() / 2]
    );
}
