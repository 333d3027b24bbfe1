//! Shared by the `*_par` tests: the parse configurations compared against
//! the sequential one, recorded by the shared `EventLog` sink.

#![allow(dead_code)]

#[path = "../event_log_support/mod.rs"]
mod event_log_support;

pub use event_log_support::EventLog;
use ferry_importers::ImportError;
use ferry_importers::par_items::Par;

/// Parallel configurations whose batches are small enough that every
/// fixture spans several of them.
pub fn parallel_configs() -> Vec<Par> {
    let small = |workers, depth, batch_items, batch_bytes| Par {
        workers,
        depth,
        batch_items,
        batch_bytes,
    };
    vec![
        small(0, 1, 2, 1 << 20),
        small(1, 1, 1, 1 << 20),
        small(2, 2, 3, 1 << 20),
        small(3, 1, 7, 200),
        Par::auto(),
    ]
}

/// What one import produced: its sink calls and its result.
pub type Outcome = (Vec<String>, Result<(), String>);

/// Runs `import` sequentially and in every parallel configuration and
/// checks that the sink saw the same calls and the same result; returns
/// the sequential outcome.
pub fn same_in_parallel(
    what: &str,
    cancel_at_progress: Option<usize>,
    import: impl Fn(&mut EventLog, Par) -> Result<(), ImportError>,
) -> Outcome {
    let run = |par: Par| {
        let mut sink = EventLog::new();
        sink.cancel_at_progress = cancel_at_progress;
        let r = import(&mut sink, par).map_err(|e| format!("{e:?}"));
        (sink.events, r)
    };
    let want = run(Par::SEQUENTIAL);
    for par in parallel_configs() {
        let got = run(par);
        assert_eq!(got.1, want.1, "{what}: result with {par:?}");
        assert_eq!(
            got.0.len(),
            want.0.len(),
            "{what}: event count with {par:?}"
        );
        for (i, (g, w)) in got.0.iter().zip(&want.0).enumerate() {
            assert_eq!(g, w, "{what}: event {i} with {par:?}");
        }
    }
    want
}
