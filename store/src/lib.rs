//! Ferry's chat library: a folder holding `library.db` (SQLite, WAL) and
//! `media/` (attachment files named by their SHA-256).
//!
//! # Map
//! - [`Library`] (this file): opening a library, media paths.
//! - `schema`: migrations (`rusqlite_migration`) and connection pragmas.
//! - `ingest`: [`Ingest`], one atomic, deduplicating import.
//! - `hash`: the stable 64-bit dedup key function.
//! - `read`: chats, message pages, streaming (also on a second connection,
//!   [`MessageReader`], which can hand on rows still raw: [`RawBatch`]),
//!   positions.
//! - `media`: content-addressed file storage.
//! - `search`: tokenizer, query parsing, snippets, index building.
//! - `stats`: per-sender, per-month, per-kind and hour/weekday counts.
//! - `insights`: the same charts from one pass over three narrow columns ([`Insights`]).
//! - `types`: [`IngestStats`], [`SearchQuery`], [`SearchHit`], [`Stats`].
//! - [`StoreError`]: everything that can fail.
//!
//! # Schema (migration 1)
//! - `chats(id, app, native_id, title, kind, message_count, attachment_count,
//!   first_at, first_tz, last_at, last_tz)`: one row per conversation; unique
//!   on `(app, native_id)` when there is a native id. The counts and first/last
//!   are maintained by each ingest's commit.
//! - `participants(id, chat_id, key, name, phone, handle, native_id, is_me)`:
//!   unique on `(chat_id, key)`.
//! - `messages(id, chat_id, dedup_key, sent_at, sent_tz, sender_id, kind,
//!   extras, edited, edited_at, edited_tz, native_id, reply_to,
//!   forwarded_from, text)`: times are unix milliseconds plus the sender's
//!   UTC offset in seconds; `sender_id` is a participant row; `extras` flags
//!   rows that have attachments (1) or reactions (2); `reply_to` keeps the
//!   native id replied to and is resolved to a row id when reading. Indexes:
//!   unique `(chat_id, sent_at, dedup_key)`, which both deduplicates and
//!   serves chronological reading (chronological input appends to it), and
//!   unique `dedup_key` over the rows with a native id (partial index), for
//!   dedup by id and reply resolution.
//! - `attachments(message_id, position, file_name, media_kind, mime, size,
//!   content_hash)` and `reactions(message_id, position, emoji, by_key, at,
//!   at_tz)`.
//! - `search_index` (FTS5, contentless), `search_state(indexed_upto)` and
//!   `search_stale(message_id, indexed_text)`: the full-text index, built
//!   after commit, and the edited messages it must re-index.
//!
//! # Dedup rule
//! Every message gets a 64-bit `dedup_key` (see `hash`):
//! - with a native id: `hash(chat, native_id)`;
//! - without: `hash(hash(chat, sender key, sent_at in ms, text, kind,
//!   attachment names), occurrence)`, where `occurrence` counts the earlier
//!   identical tuples of the same chat within this ingest. Two identical "ok"
//!   sent in the same minute stay two; importing the same export again adds
//!   nothing; an older and a newer overlapping export give exactly the union.
//!   Identical tuples share their `sent_at`, so uniqueness of `(chat_id,
//!   sent_at, dedup_key)` is exactly this rule. The occurrence counter is
//!   bounded: for a chat whose messages arrive in time order it only keeps
//!   the current instant's tuples.
//!
//! A message with a native id that arrives again marked as edited, with a
//! newer edit than the stored one, replaces the stored text and edit time
//! (and is re-indexed). Attachments and reactions of a stored message are
//! not changed by later imports.

mod error;
mod hash;
mod ingest;
mod insights;
mod media;
mod read;
mod schema;
mod search;
mod stats;
mod types;

pub use error::StoreError;
pub use ingest::{ChatRef, Ingest};
pub use read::{MESSAGE_BATCH, MessageReader, RawBatch};
pub use types::{IngestStats, Insights, SearchHit, SearchQuery, Stats};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A chat library on disk. See the crate docs for its layout.
#[derive(Debug)]
pub struct Library {
    dir: PathBuf,
    media_dir: PathBuf,
    conn: Connection,
}

impl Library {
    /// Opens the library in `dir`, creating the folder, `library.db` (WAL)
    /// and `media/` if missing, and migrating the schema.
    pub fn open(dir: &Path) -> Result<Library, StoreError> {
        let media_dir = dir.join("media");
        std::fs::create_dir_all(&media_dir).map_err(|e| StoreError::io(&media_dir, e))?;
        let mut conn = Connection::open(dir.join("library.db"))?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Library {
            dir: dir.to_path_buf(),
            media_dir,
            conn,
        })
    }

    /// The library's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of a stored media file by its lowercase hex SHA-256, if present.
    pub fn media_path(&self, content_hash: &str) -> Option<PathBuf> {
        media::path_for(&self.media_dir, content_hash).filter(|p| p.is_file())
    }

    /// Starts one atomic import. Nothing is visible until
    /// [`Ingest::commit`]; dropping the ingest rolls everything back.
    pub fn begin_ingest(&mut self) -> Result<Ingest<'_>, StoreError> {
        Ingest::begin(&self.conn, &self.media_dir)
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        // Fold the write-ahead log back into the database file without
        // waiting for other readers; what is left is folded in by a later
        // checkpoint. Failure only means the next open does it.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}
