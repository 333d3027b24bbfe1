//! Reading the library: info, chats, message pages, positions, search,
//! insights.

use super::blocking;
use crate::AppState;
use crate::dto::{LibraryInfo, MessagePosition};
use crate::error::CommandResult;
use ferry_core::model::{ChatInfo, StoredMessage};
use ferry_core::{Insights, SearchHit, SearchQuery};
use tauri::AppHandle;

/// The most messages one page may ask for.
pub const MAX_PAGE: u64 = 5_000;

pub fn library_info_in(state: &AppState) -> CommandResult<LibraryInfo> {
    state.with_library(|f| {
        Ok(LibraryInfo {
            dir: f.dir().display().to_string(),
            stats: f.stats(None)?,
        })
    })
}

pub fn chat_messages_in(
    state: &AppState,
    chat: i64,
    offset: u64,
    limit: u64,
) -> CommandResult<Vec<StoredMessage>> {
    state.with_library(|f| f.messages(chat, offset, limit.min(MAX_PAGE)))
}

pub fn message_position_in(
    state: &AppState,
    message_id: i64,
) -> CommandResult<Option<MessagePosition>> {
    state.with_library(|f| {
        Ok(f.message_position(message_id)?
            .map(|(chat, position)| MessagePosition { chat, position }))
    })
}

#[tauri::command]
pub async fn library_info(app: AppHandle) -> CommandResult<LibraryInfo> {
    blocking(app, library_info_in).await
}

#[tauri::command]
pub async fn list_chats(app: AppHandle) -> CommandResult<Vec<ChatInfo>> {
    blocking(app, |s| s.with_library(|f| f.chats())).await
}

#[tauri::command]
pub async fn chat_messages(
    app: AppHandle,
    chat: i64,
    offset: u64,
    limit: u64,
) -> CommandResult<Vec<StoredMessage>> {
    blocking(app, move |s| chat_messages_in(s, chat, offset, limit)).await
}

#[tauri::command]
pub async fn message_position(
    app: AppHandle,
    message_id: i64,
) -> CommandResult<Option<MessagePosition>> {
    blocking(app, move |s| message_position_in(s, message_id)).await
}

#[tauri::command]
pub async fn position_at(app: AppHandle, chat: i64, unix_ms: i64) -> CommandResult<u64> {
    blocking(app, move |s| {
        s.with_library(|f| f.position_at(chat, unix_ms))
    })
    .await
}

#[tauri::command]
pub async fn search(app: AppHandle, query: SearchQuery) -> CommandResult<Vec<SearchHit>> {
    blocking(app, move |s| s.with_library(|f| f.search(&query))).await
}

#[tauri::command]
pub async fn insights(app: AppHandle, chat: Option<i64>) -> CommandResult<Insights> {
    blocking(app, move |s| s.with_library(|f| f.insights(chat))).await
}
