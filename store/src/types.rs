//! Values the store's API takes and returns (besides `ferry_model`'s).

use ferry_model::{App, Timestamp};
use serde::{Deserialize, Serialize};

/// What one committed ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IngestStats {
    /// Chats the ingest wrote to (found or created).
    pub chats: u64,
    /// Messages offered.
    pub messages: u64,
    /// Messages that were not in the library yet.
    pub new_messages: u64,
    /// Messages that were already there (`messages - new_messages`).
    pub duplicates: u64,
    /// Attachments of the new messages.
    pub attachments: u64,
    /// Media files that were not stored yet.
    pub media_files_written: u64,
}

/// A full-text search with filters.
///
/// `text` is plain words (every one must match, each as a word prefix) and
/// `"quoted phrases"` (matched as a sequence of whole words). Nothing typed
/// here can cause a query syntax error. Empty `text` lists the messages the
/// filters select, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchQuery {
    pub text: String,
    pub chat: Option<i64>,
    pub app: Option<App>,
    /// Sender display name, case-insensitive.
    pub sender: Option<String>,
    /// Unix milliseconds, inclusive.
    pub since: Option<i64>,
    /// Unix milliseconds, exclusive.
    pub until: Option<i64>,
    pub limit: u64,
    pub offset: u64,
}

impl SearchQuery {
    /// A query for `text` with no filters and a limit of 50.
    pub fn text(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            limit: 50,
            ..SearchQuery::default()
        }
    }
}

/// One message that matched, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub message_id: i64,
    pub chat_id: i64,
    pub chat_title: String,
    pub app: App,
    pub sent_at: Timestamp,
    pub sender: Option<String>,
    /// The message text, or an excerpt around the first match with `…`
    /// where it was cut.
    pub snippet: String,
    /// Byte ranges in `snippet` to highlight (sorted, not overlapping, on
    /// character boundaries).
    pub highlights: Vec<(usize, usize)>,
}

/// Counts for a chat or the whole library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stats {
    pub messages: u64,
    pub attachments: u64,
    /// Sum of the known attachment sizes.
    pub attachment_bytes: u64,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    /// Messages per sender display name, most first (system lines are not counted).
    pub per_sender: Vec<(String, u64)>,
    /// Messages per month (`YYYY-MM` in the message's own offset), oldest first.
    pub per_month: Vec<(String, u64)>,
    /// Messages per kind, most first.
    pub per_kind: Vec<(String, u64)>,
    /// Messages per weekday (Monday first) and hour, in the message's own offset.
    pub hour_weekday: [[u64; 24]; 7],
}

/// Charts for a chat or the whole library (see `Library::insights`); the
/// same shapes as in [`Stats`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Insights {
    pub messages: u64,
    /// Messages per month (`YYYY-MM` in the message's own offset), oldest
    /// first; months without messages are absent.
    pub per_month: Vec<(String, u64)>,
    /// Messages per sender display name, most first (system lines, which
    /// have no sender, are not counted).
    pub per_sender: Vec<(String, u64)>,
    /// 7 rows (Monday first) of 24 hours, in each message's own offset.
    pub hour_weekday: Vec<Vec<u64>>,
}
