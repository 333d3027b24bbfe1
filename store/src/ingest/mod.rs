//! One atomic import: [`Ingest`].
//!
//! An ingest holds an open `BEGIN IMMEDIATE` transaction and prepared
//! statements for the hot path. Messages go in with `INSERT OR IGNORE` against
//! the unique 64-bit `dedup_key` (see the crate docs for the rule), so a
//! duplicate costs one index probe. Per-chat summaries (counts, first/last)
//! are kept in memory and written once at commit. Dropping an ingest without
//! committing rolls everything back.
//!
//! Memory: per chat, a participant-key cache and the occurrence counter (see
//! `occurrences`); nothing grows with the number of messages for
//! chronological input.
//!
//! - `batch`: [`Ingest::push`], messages written by multi-row inserts.
//! - `chats`: opening chats, participants, sender lookup.
//! - `occurrences`: numbering identical content tuples (the dedup rule).
//! - `statements`: the prepared statements of the hot path.

mod batch;
mod chats;
mod occurrences;
mod statements;

use crate::hash::{self, KeyHasher};
use crate::{IngestStats, StoreError, media};
use ferry_model::{Message, Timestamp};
use occurrences::Occurrences;
use rusqlite::{Connection, OptionalExtension, params};
use statements::Statements;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A chat opened in an [`Ingest`]; valid only for that ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatRef(u32);

#[derive(Debug)]
pub(crate) struct ChatState {
    id: i64,
    /// Looked up once per message: foldhash, not SipHash.
    senders: HashMap<String, i64, foldhash::fast::RandomState>,
    occurrences: Occurrences,
    added: u64,
    attachments: u64,
    first: Option<(i64, i32)>,
    last: Option<(i64, i32)>,
}

/// One atomic import into a [`crate::Library`]. See the module docs.
pub struct Ingest<'lib> {
    conn: &'lib Connection,
    media_dir: &'lib Path,
    stmts: Statements<'lib>,
    pending: Vec<batch::Pending>,
    plain_bound: batch::PlainBound,
    chats: Vec<ChatState>,
    by_chat_id: HashMap<i64, u32>,
    indexed_upto: i64,
    stats: IngestStats,
    finished: bool,
}

impl std::fmt::Debug for Ingest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ingest")
            .field("chats", &self.chats.len())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

const EXTRA_ATTACHMENTS: i64 = 1;
const EXTRA_REACTIONS: i64 = 2;

impl<'lib> Ingest<'lib> {
    pub(crate) fn begin(conn: &'lib Connection, media_dir: &'lib Path) -> Result<Self, StoreError> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let started = (|| -> Result<(Statements<'lib>, i64), StoreError> {
            let stmts = Statements::prepare(conn)?;
            let indexed_upto: i64 =
                conn.query_row("SELECT indexed_upto FROM search_state", [], |r| r.get(0))?;
            Ok((stmts, indexed_upto))
        })();
        let (stmts, indexed_upto) = match started {
            Ok(v) => v,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        };
        Ok(Ingest {
            conn,
            media_dir,
            stmts,
            pending: Vec::with_capacity(batch::BATCH),
            plain_bound: batch::PlainBound::default(),
            chats: Vec::new(),
            by_chat_id: HashMap::new(),
            indexed_upto,
            stats: IngestStats::default(),
            finished: false,
        })
    }

    /// Inserts unless already present (see the dedup rule in the crate
    /// docs). `Ok(true)` when new. Writes the messages queued by
    /// [`Ingest::push`] first, so rows keep the order they were given in.
    pub fn message(&mut self, chat: ChatRef, m: &Message) -> Result<bool, StoreError> {
        self.flush()?;
        let (chat_id, key, sender_id) = self.prepare_row(chat, m)?;
        self.insert_one(chat, chat_id, key, sender_id, m)
    }

    /// Counts the message offered and works out its chat row, dedup key and
    /// sender row.
    fn prepare_row(
        &mut self,
        chat: ChatRef,
        m: &Message,
    ) -> Result<(i64, i64, Option<i64>), StoreError> {
        let sender_id = match &m.sender {
            Some(key) => Some(self.sender_id(chat, key)?),
            None => None,
        };
        self.stats.messages += 1;
        let state = self.state(chat)?;
        let chat_id = state.id;
        let sent_at = m.sent_at.unix_millis();
        let key = match &m.native_id {
            Some(native) => hash::native_key(chat_id, native),
            None => {
                let mut h = KeyHasher::new(hash::CONTENT);
                h.i64(chat_id)
                    .opt_str(m.sender.as_deref())
                    .i64(sent_at)
                    .str(&m.text)
                    .str(m.kind.as_str())
                    .u64(m.attachments.len() as u64);
                for a in &m.attachments {
                    h.str(&a.file_name);
                }
                let content = h.finish();
                let occurrence = state.occurrences.next(sent_at, content);
                hash::occurrence_key(content, occurrence)
            }
        };
        Ok((chat_id, key, sender_id))
    }

    /// A message that was already stored: counted, and its edit applied.
    fn duplicate(&mut self, key: i64, m: &Message) -> Result<(), StoreError> {
        self.stats.duplicates += 1;
        if m.native_id.is_some() && m.edited {
            self.apply_edit(key, m)?;
        }
        Ok(())
    }

    /// A message stored as row `id`: its attachments, reactions and the
    /// chat's summary.
    fn stored(&mut self, chat: ChatRef, m: &Message, id: i64) -> Result<(), StoreError> {
        self.stats.new_messages += 1;
        for (pos, a) in m.attachments.iter().enumerate() {
            self.stmts.insert_attachment.execute(params![
                id,
                pos as i64,
                a.file_name,
                a.media_kind.as_str(),
                a.mime,
                a.size.and_then(|s| i64::try_from(s).ok()),
                a.content_hash,
            ])?;
        }
        for (pos, r) in m.reactions.iter().enumerate() {
            self.stmts.insert_reaction.execute(params![
                id,
                pos as i64,
                r.emoji,
                r.by,
                r.at.map(|t| t.unix_millis()),
                r.at.map(|t| t.offset_secs()),
            ])?;
        }
        self.stats.attachments += m.attachments.len() as u64;
        let state = self.state(chat)?;
        state.added += 1;
        state.attachments += m.attachments.len() as u64;
        let point = (m.sent_at.unix_millis(), m.sent_at.offset_secs());
        if state.first.is_none_or(|f| point.0 < f.0) {
            state.first = Some(point);
        }
        if state.last.is_none_or(|l| point.0 >= l.0) {
            state.last = Some(point);
        }
        Ok(())
    }

    /// A message that is already stored arrives again marked as edited: its
    /// text is replaced when this edit is newer than what is stored (an older
    /// export imported later never reverts an edit).
    fn apply_edit(&mut self, key: i64, m: &Message) -> Result<(), StoreError> {
        let stored: Option<(i64, String, bool, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT id, text, edited, edited_at FROM messages
                 WHERE dedup_key = ?1 AND native_id IS NOT NULL",
            )?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((id, text, edited, edited_at)) = stored else {
            return Ok(());
        };
        let incoming_at = m.edited_at.map(|t: Timestamp| t.unix_millis());
        let newer = !edited || incoming_at.unwrap_or(i64::MIN) > edited_at.unwrap_or(i64::MIN);
        if !newer {
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "UPDATE messages SET text = ?2, edited = 1, edited_at = ?3, edited_tz = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                m.text,
                incoming_at,
                m.edited_at.map(|t| t.offset_secs())
            ])?;
        if text != m.text && id <= self.indexed_upto {
            self.conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO search_stale (message_id, indexed_text) VALUES (?1, ?2)",
                )?
                .execute(params![id, text])?;
        }
        Ok(())
    }

    /// Stores a file content-addressed under `media/`; returns (hash, size).
    /// The file is written at once (outside the transaction).
    pub fn media(&mut self, content: &mut dyn Read) -> Result<(String, u64), StoreError> {
        let written = media::store(self.media_dir, content)?;
        if written.new_file {
            self.stats.media_files_written += 1;
        }
        Ok((written.hash, written.size))
    }

    /// Writes the chat summaries and commits; only now is anything visible.
    pub fn commit(mut self) -> Result<IngestStats, StoreError> {
        self.flush()?;
        {
            let mut update = self.conn.prepare_cached(
                "UPDATE chats SET
                    message_count = message_count + ?2,
                    attachment_count = attachment_count + ?3,
                    first_at = CASE WHEN first_at IS NULL OR ?4 < first_at THEN ?4 ELSE first_at END,
                    first_tz = CASE WHEN first_at IS NULL OR ?4 < first_at THEN ?5 ELSE first_tz END,
                    last_at = CASE WHEN last_at IS NULL OR ?6 >= last_at THEN ?6 ELSE last_at END,
                    last_tz = CASE WHEN last_at IS NULL OR ?6 >= last_at THEN ?7 ELSE last_tz END
                 WHERE id = ?1",
            )?;
            for c in &self.chats {
                if let (Some(first), Some(last)) = (c.first, c.last) {
                    update.execute(params![
                        c.id,
                        c.added as i64,
                        c.attachments as i64,
                        first.0,
                        first.1,
                        last.0,
                        last.1
                    ])?;
                }
            }
        }
        self.conn.execute_batch("COMMIT")?;
        self.finished = true;
        Ok(self.stats.clone())
    }
}

impl Drop for Ingest<'_> {
    fn drop(&mut self) {
        if !self.finished {
            // Nothing to report to: a failed rollback leaves the transaction to
            // SQLite, which discards it when the connection closes.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
