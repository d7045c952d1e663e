//! One memory budget for the whole run, shared by every job: a decode that needs a
//! large buffer waits for room instead of adding its peak to every other job's.

use std::cell::Cell;
use std::sync::{Condvar, Mutex};

/// Bytes of large decode buffers held at once across the run. A single request above it
/// still runs, alone, so one huge image is slow, never refused for its size.
pub const RUN_BUDGET: u64 = 192 << 20;

/// Buffers smaller than this are not worth the bookkeeping.
const SMALL: u64 = 8 << 20;

static HELD: Mutex<u64> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

thread_local! {
    // A thread already holding a share never waits for another: it would wait on itself.
    static HOLDING: Cell<u32> = const { Cell::new(0) };
}

/// A share of the run's budget, given back when dropped.
#[must_use = "the share is given back when dropped"]
pub struct Share(u64);

/// Waits until `bytes` fit in the run's budget (or nothing else is held) and takes them.
pub fn reserve(bytes: u64) -> Share {
    if bytes < SMALL {
        return Share(0);
    }
    let nested = HOLDING.with(|h| h.get() > 0);
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    while !nested && *held > 0 && *held + bytes > RUN_BUDGET {
        held = FREED.wait(held).unwrap_or_else(|e| e.into_inner());
    }
    *held += bytes;
    HOLDING.with(|h| h.set(h.get() + 1));
    Share(bytes)
}

impl Drop for Share {
    fn drop(&mut self) {
        if self.0 == 0 {
            return;
        }
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        *held = held.saturating_sub(self.0);
        HOLDING.with(|h| h.set(h.get().saturating_sub(1)));
        FREED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn shares_never_add_up_past_the_budget() {
        static PEAK: AtomicU64 = AtomicU64::new(0);
        static NOW: AtomicU64 = AtomicU64::new(0);
        let big = RUN_BUDGET / 2 + 1;
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..5 {
                        let _share = reserve(big);
                        let now = NOW.fetch_add(big, Ordering::SeqCst) + big;
                        PEAK.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        NOW.fetch_sub(big, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(
            PEAK.load(Ordering::SeqCst),
            big,
            "two halves-plus-one at once"
        );
    }

    #[test]
    fn a_nested_share_does_not_wait_on_its_own_thread() {
        let _outer = reserve(RUN_BUDGET);
        let _inner = reserve(RUN_BUDGET);
    }
}
