//! The messenger catalog: apps, comparison, claims, switch advice.

use super::blocking;
use crate::error::CommandResult;
use ferry_core::catalog::{Advice, App, Claim, Comparison};
use tauri::AppHandle;

#[tauri::command]
pub async fn catalog_apps(app: AppHandle) -> CommandResult<Vec<App>> {
    blocking(app, |s| Ok(s.catalog()?.apps().to_vec())).await
}

/// Compares the given apps (ids) over every criterion.
#[tauri::command]
pub async fn compare_apps(app: AppHandle, apps: Vec<String>) -> CommandResult<Comparison> {
    blocking(app, move |s| {
        let ids: Vec<&str> = apps.iter().map(String::as_str).collect();
        Ok(s.catalog()?.compare(&ids, &[])?)
    })
    .await
}

#[tauri::command]
pub async fn catalog_claims(app: AppHandle) -> CommandResult<Vec<Claim>> {
    blocking(app, |s| Ok(s.catalog()?.claims().to_vec())).await
}

/// What changes when moving from one app to another.
#[tauri::command]
pub async fn advise(app: AppHandle, from: String, to: String) -> CommandResult<Advice> {
    blocking(app, move |s| Ok(s.catalog()?.advise(&from, &to)?)).await
}
