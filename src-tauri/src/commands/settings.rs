//! Settings and the list of time zones.

use super::blocking;
use crate::error::CommandResult;
use crate::settings::Settings;
use tauri::AppHandle;

#[tauri::command]
pub async fn get_settings(app: AppHandle) -> CommandResult<Settings> {
    blocking(app, |s| Ok(s.settings())).await
}

#[tauri::command]
pub async fn set_settings(app: AppHandle, settings: Settings) -> CommandResult<()> {
    blocking(app, move |s| s.set_settings(settings)).await
}

/// Every IANA time zone name, sorted.
#[tauri::command]
pub fn list_time_zones() -> Vec<String> {
    time_zones()
}

pub fn time_zones() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_owned())
        .collect();
    names.sort_unstable();
    names
}
