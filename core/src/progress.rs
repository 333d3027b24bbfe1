//! Progress reporting and cancellation for long operations.

use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which stage a long operation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Looking for exports inside the given paths.
    Scanning,
    /// Reading one export into the library.
    Importing,
    /// Bringing the full-text index up to date.
    Indexing,
    /// Writing an export.
    Exporting,
}

/// One progress report: `done` out of `total` units (bytes, messages) of
/// the current phase; `label` names what is being worked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProgressUpdate {
    pub phase: Phase,
    pub label: String,
    pub done: u64,
    pub total: u64,
}

/// Receives progress updates. Implementations must be cheap: they are
/// called often (the caller throttles nothing).
pub trait Progress: Send + Sync {
    fn update(&self, update: &ProgressUpdate);
}

/// Ignores every update.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&self, _update: &ProgressUpdate) {}
}

impl<F: Fn(&ProgressUpdate) + Send + Sync> Progress for F {
    fn update(&self, update: &ProgressUpdate) {
        self(update)
    }
}

/// A cancellation flag shared between the caller and a running operation.
/// Cloning shares the flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }

    /// Asks the running operation to stop as soon as it can. An import
    /// that stops leaves the library as it was.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
