//! Ferry's desktop shell: a Tauri 2 window whose commands are thin adapters
//! over `ferry-core`. The web front end lives in `ui/` (embedded from
//! `ui/dist` at build time); this crate only holds state, calls the core and
//! maps results and errors to JSON.
//!
//! Map:
//! - [`commands`]: one module per area (library, jobs, catalog, settings);
//!   every `#[tauri::command]` the front end may invoke.
//! - [`state`]: [`AppState`]: settings, the open library, the running job.
//! - [`settings`]: [`Settings`], stored as JSON in the platform config dir.
//! - [`error`]: [`CommandError`], the `{ code, message }` every command
//!   fails with.
//! - [`dto`]: request/response types that are new to the desktop app.
//! - [`media`]: the `ferry-media://localhost/<sha256>` URI scheme, serving
//!   only the open library's media files.
//! - [`render`]: no accelerated compositing on Linux machines without a GPU.

pub mod commands;
pub mod dto;
pub mod error;
pub mod media;
pub mod render;
pub mod settings;
pub mod state;

#[cfg(test)]
mod bindings;

pub use error::CommandError;
pub use settings::Settings;
pub use state::AppState;

use std::process::ExitCode;

/// Opens the main window and runs until it is closed.
pub fn run_app() -> ExitCode {
    let state = AppState::from_environment();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            render::apply(app);
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(media::SCHEME, media::handle)
        .invoke_handler(tauri::generate_handler![
            commands::library::library_info,
            commands::library::list_chats,
            commands::library::chat_messages,
            commands::library::message_position,
            commands::library::position_at,
            commands::library::search,
            commands::library::insights,
            commands::jobs::import_paths,
            commands::jobs::dry_run_paths,
            commands::jobs::cancel_job,
            commands::jobs::export_formats,
            commands::jobs::export_chats,
            commands::jobs::reveal_path,
            commands::catalog::catalog_apps,
            commands::catalog::compare_apps,
            commands::catalog::catalog_claims,
            commands::catalog::advise,
            commands::settings::get_settings,
            commands::settings::set_settings,
            commands::settings::list_time_zones,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ferry-desktop: {e}");
            ExitCode::from(1)
        }
    }
}
