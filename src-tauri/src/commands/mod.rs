//! Every command the front end can invoke. Each one is a thin adapter: it
//! runs a plain function (testable without a window) on a blocking thread,
//! so that neither the window's event loop nor the async runtime waits on
//! SQLite.
//!
//! - [`library`]: library info, chats, message pages, positions, search,
//!   insights.
//! - [`jobs`]: import (and dry run) and export with progress over a
//!   channel, cancel, export formats, reveal a path.
//! - [`catalog`]: apps, comparison, claims, switch advice.
//! - [`settings`]: get/set settings, time zones.

pub mod catalog;
pub mod jobs;
pub mod library;
pub mod settings;

use crate::AppState;
use crate::error::{CommandError, CommandResult};
use tauri::{AppHandle, Manager};

/// Runs `f` with the app state on a blocking thread.
pub(crate) async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(app.state::<AppState>().inner()))
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
}
