//! A parser panic on a hostile file must not take the run down: it becomes a finding.

use super::{Failure, Reading};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, `None` if it panics (quietly, like [`catching`]).
pub fn catching_value<T>(f: impl FnOnce() -> T) -> Option<T> {
    quietly(f).ok()
}

fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    install_quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// Runs `read`, turning a panic inside it into an `Unreadable` reading.
pub fn catching(read: impl FnOnce() -> Reading) -> Reading {
    quietly(read).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        Reading {
            failure: Some(Failure::Unreadable(format!(
                "the reader gave up on this file: {what}"
            ))),
            ..Reading::default()
        }
    })
}

/// Panics caught here are findings, not crashes: keep their messages off stderr, and
/// leave every other panic's report as it was.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
}
