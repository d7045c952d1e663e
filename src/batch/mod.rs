//! Checking many packs: in parallel, streamed in a stable order, with memory bounded by
//! the packs in flight rather than by the size of the batch.

pub mod changed;
pub mod progress;
pub mod statistics;

use crate::report::PackReport;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Packs checked or waiting to be written per worker thread: enough that a slow pack at
/// the head of the queue does not idle the others, few enough that a batch of 100,000
/// packs holds a few dozen reports at most.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// Checks `count` packs on `pool`, calling `emit` with each report in index order as soon
/// as it and every report before it are done. A panic while checking one pack becomes that
/// pack's report (through `failed`), so one bad pack never stops the batch.
pub fn stream<C, F, E>(
    pool: &rayon::ThreadPool,
    count: usize,
    check: C,
    failed: F,
    mut emit: E,
) -> std::io::Result<()>
where
    C: Fn(usize) -> PackReport + Sync,
    F: Fn(usize, String) -> PackReport + Sync,
    E: FnMut(usize, PackReport, Duration) -> std::io::Result<()>,
{
    let window = (pool.current_num_threads() * IN_FLIGHT_PER_THREAD).max(2);
    let (tx, rx) = mpsc::channel::<(usize, PackReport, Duration)>();
    let (check, failed) = (&check, &failed);
    pool.in_place_scope(|scope| {
        let mut next = 0;
        let mut written = 0;
        let mut done: BTreeMap<usize, (PackReport, Duration)> = BTreeMap::new();
        while written < count {
            while next < count && next - written < window {
                let tx = tx.clone();
                let i = next;
                scope.spawn(move |_| {
                    let start = Instant::now();
                    let report = catch_unwind(AssertUnwindSafe(|| check(i)))
                        .unwrap_or_else(|p| failed(i, panic_message(&p)));
                    // The receiver outlives every task; a send cannot fail.
                    let _ = tx.send((i, report, start.elapsed()));
                });
                next += 1;
            }
            let (i, report, took) = rx
                .recv()
                .map_err(|_| std::io::Error::other("a worker thread vanished"))?;
            done.insert(i, (report, took));
            while let Some((report, took)) = done.remove(&written) {
                emit(written, report, took)?;
                written += 1;
            }
        }
        Ok(())
    })
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// The packs of slice `index` (1-based) of `count`: every `count`-th pack of the run order,
/// so slices differ in size by at most one and the union of all slices is the whole run.
pub fn shard<T>(items: Vec<T>, index: usize, count: usize) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % count == index - 1)
        .map(|(_, t)| t)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: String) -> PackReport {
        PackReport::stub(&path, Vec::new())
    }

    /// Reports come out in index order whatever order the workers finish in, a panicking
    /// pack becomes a report, and no more than the window is ever in flight.
    #[test]
    fn streams_in_order_within_the_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
        let emitted = AtomicUsize::new(0);
        let beyond_window = AtomicBool::new(false);
        let mut seen = Vec::new();
        stream(
            &pool,
            50,
            |i| {
                if i >= emitted.load(SeqCst) + 2 * IN_FLIGHT_PER_THREAD {
                    beyond_window.store(true, SeqCst);
                }
                // Later packs finish first.
                std::thread::sleep(Duration::from_micros(((50 - i) * 40) as u64));
                if i == 7 {
                    panic!("pack seven");
                }
                report(format!("p{i}"))
            },
            |i, why| report(format!("failed {i}: {why}")),
            |i, r, _| {
                emitted.fetch_add(1, SeqCst);
                seen.push((i, r.path));
                Ok(())
            },
        )
        .unwrap();
        let want: Vec<(usize, String)> = (0..50)
            .map(|i| {
                let p = if i == 7 {
                    "failed 7: pack seven".to_string()
                } else {
                    format!("p{i}")
                };
                (i, p)
            })
            .collect();
        assert_eq!(seen, want);
        assert!(!beyond_window.into_inner());
    }

    #[test]
    fn shards_partition_the_run() {
        let items: Vec<usize> = (0..10).collect();
        let parts: Vec<Vec<usize>> = (1..=3).map(|k| shard(items.clone(), k, 3)).collect();
        assert_eq!(parts[0], vec![0, 3, 6, 9]);
        assert_eq!(parts[1], vec![1, 4, 7]);
        assert_eq!(parts[2], vec![2, 5, 8]);
        assert_eq!(shard(items.clone(), 1, 1), items);
    }
}
