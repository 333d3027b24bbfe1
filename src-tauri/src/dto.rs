//! Request and response types that only the desktop app needs. Existing
//! core, store and model types are returned as they are.

use ferry_core::Stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `library_info`: where the open library is, and its counts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LibraryInfo {
    pub dir: String,
    pub stats: Stats,
}

/// `message_position`: the chat of a message and its index in that chat's
/// chronological order (the offset to page from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MessagePosition {
    pub chat: i64,
    pub position: u64,
}

/// Options of the import view. Missing fields mean "detect" or the
/// settings' defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ImportSettings {
    /// Only look for this format id (`whatsapp`, `telegram`, ...).
    #[cfg_attr(test, ts(optional = nullable))]
    pub format: Option<String>,
    /// IANA zone the export's local times were written in.
    #[cfg_attr(test, ts(optional = nullable))]
    pub tz: Option<String>,
    /// `dmy`, `mdy` or `ymd`; `null` lets the importer decide.
    #[cfg_attr(test, ts(optional = nullable))]
    pub date_order: Option<String>,
    /// Display name or phone of the person who made the export.
    #[cfg_attr(test, ts(optional = nullable))]
    pub me: Option<String>,
    /// Passphrase of an encrypted backup (Signal).
    #[cfg_attr(test, ts(optional = nullable))]
    pub passphrase: Option<String>,
    /// Folder with attachments kept outside the export (iMessage).
    #[cfg_attr(test, ts(optional = nullable))]
    pub attachments_dir: Option<String>,
}

/// What the export view asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ExportSettings {
    /// Chat ids; empty means every chat.
    pub chats: Vec<i64>,
    /// Format id from `export_formats` (`whatsapp`, `telegram-json`, ...).
    pub format: String,
    /// Output folder, or file for single-file formats.
    pub out: String,
    /// Sender name -> name to write.
    pub renames: BTreeMap<String, String>,
    /// Participant name -> phone number (`sms-xml`).
    pub phones: BTreeMap<String, String>,
    #[cfg_attr(test, ts(optional = nullable))]
    pub me: Option<String>,
    /// Unix milliseconds, inclusive.
    #[cfg_attr(test, ts(optional = nullable))]
    pub since: Option<i64>,
    /// Unix milliseconds, exclusive.
    #[cfg_attr(test, ts(optional = nullable))]
    pub until: Option<i64>,
    /// Copy media files (default true).
    #[cfg_attr(test, ts(optional = nullable))]
    pub include_media: Option<bool>,
    /// Write replies, reactions and edits as text where the format cannot
    /// carry them (default true).
    #[cfg_attr(test, ts(optional = nullable))]
    pub degrade_to_text: Option<bool>,
    /// IANA zone for printed times; `null` keeps each message's offset.
    #[cfg_attr(test, ts(optional = nullable))]
    pub time_zone: Option<String>,
}
