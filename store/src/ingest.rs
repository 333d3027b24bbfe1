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
//! [`Occurrences`]); nothing grows with the number of messages for
//! chronological input.

use crate::hash::{self, KeyHasher};
use crate::{IngestStats, StoreError, media};
use ferry_model::{Chat, ChatKind, Message, Participant, Timestamp};
use rusqlite::{Connection, OptionalExtension, Statement, params};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// A chat opened in an [`Ingest`]; valid only for that ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatRef(u32);

/// Counts earlier identical content tuples of one chat within an ingest.
///
/// Identical tuples share their `sent_at`, so while a chat's messages arrive
/// in chronological order only the tuples of the current instant are kept
/// (the map is cleared when time moves forward). Once a chat goes back in
/// time the map is never cleared again for that chat (exact, at 16 bytes per
/// distinct tuple). Both modes depend only on the input order, so importing
/// the same input again yields the same keys.
#[derive(Debug, Default)]
struct Occurrences {
    unordered: bool,
    current: Option<i64>,
    counts: HashMap<i64, u32>,
}

impl Occurrences {
    fn next(&mut self, sent_at: i64, content_key: i64) -> u32 {
        if !self.unordered {
            match self.current {
                Some(t) if sent_at < t => self.unordered = true,
                Some(t) if sent_at == t => {}
                _ => {
                    self.counts.clear();
                    self.current = Some(sent_at);
                }
            }
        }
        let n = self.counts.entry(content_key).or_insert(0);
        let occurrence = *n;
        *n = n.saturating_add(1);
        occurrence
    }
}

#[derive(Debug)]
struct ChatState {
    id: i64,
    senders: HashMap<String, i64>,
    occurrences: Occurrences,
    added: u64,
    attachments: u64,
    first: Option<(i64, i32)>,
    last: Option<(i64, i32)>,
}

struct Statements<'c> {
    insert_message: Statement<'c>,
    insert_attachment: Statement<'c>,
    insert_reaction: Statement<'c>,
    find_participant: Statement<'c>,
    upsert_participant: Statement<'c>,
}

/// One atomic import into a [`crate::Library`]. See the module docs.
pub struct Ingest<'lib> {
    conn: &'lib Connection,
    media_dir: &'lib Path,
    stmts: Statements<'lib>,
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
            let stmts = Statements {
                insert_message: conn.prepare(
                    "INSERT OR IGNORE INTO messages (chat_id, dedup_key, sent_at, sent_tz, sender_id,
                        kind, extras, edited, edited_at, edited_tz, native_id, reply_to,
                        forwarded_from, text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )?,
                insert_attachment: conn.prepare(
                    "INSERT INTO attachments (message_id, position, file_name, media_kind, mime,
                        size, content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?,
                insert_reaction: conn.prepare(
                    "INSERT INTO reactions (message_id, position, emoji, by_key, at, at_tz)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?,
                find_participant: conn
                    .prepare("SELECT id FROM participants WHERE chat_id = ?1 AND key = ?2")?,
                upsert_participant: conn.prepare(
                    "INSERT INTO participants (chat_id, key, name, phone, handle, native_id, is_me)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (chat_id, key) DO UPDATE SET
                        name = excluded.name,
                        phone = coalesce(excluded.phone, phone),
                        handle = coalesce(excluded.handle, handle),
                        native_id = coalesce(excluded.native_id, native_id),
                        is_me = is_me OR excluded.is_me
                     RETURNING id",
                )?,
            };
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
            chats: Vec::new(),
            by_chat_id: HashMap::new(),
            indexed_upto,
            stats: IngestStats::default(),
            finished: false,
        })
    }

    /// Finds the chat this describes (same app + native id, or same app +
    /// title when there is no native id) or creates it; merges participants.
    pub fn begin_chat(&mut self, chat: &Chat) -> Result<ChatRef, StoreError> {
        let app = chat.app.id();
        let found: Option<i64> = match &chat.native_id {
            Some(native) => self
                .conn
                .prepare_cached("SELECT id FROM chats WHERE app = ?1 AND native_id = ?2")?
                .query_row(params![app, native], |r| r.get(0))
                .optional()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT id FROM chats WHERE app = ?1 AND title = ?2
                     ORDER BY native_id IS NOT NULL, id LIMIT 1",
                )?
                .query_row(params![app, chat.title], |r| r.get(0))
                .optional()?,
        };
        let id = match found {
            Some(id) => id,
            None => {
                self.conn
                    .prepare_cached(
                        "INSERT INTO chats (app, native_id, title, kind) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![app, chat.native_id, chat.title, chat.kind.as_str()])?;
                self.conn.last_insert_rowid()
            }
        };
        let chat_ref = match self.by_chat_id.get(&id) {
            Some(&idx) => ChatRef(idx),
            None => {
                let idx = u32::try_from(self.chats.len()).unwrap_or(u32::MAX);
                self.chats.push(ChatState {
                    id,
                    senders: HashMap::new(),
                    occurrences: Occurrences::default(),
                    added: 0,
                    attachments: 0,
                    first: None,
                    last: None,
                });
                self.by_chat_id.insert(id, idx);
                self.stats.chats += 1;
                ChatRef(idx)
            }
        };
        for p in &chat.participants {
            self.participant(chat_ref, p)?;
        }
        Ok(chat_ref)
    }

    fn state(&mut self, chat: ChatRef) -> Result<&mut ChatState, StoreError> {
        self.chats
            .get_mut(chat.0 as usize)
            .ok_or(StoreError::UnknownChat(chat.0))
    }

    /// Adds a member or updates one with the same key (newer name wins,
    /// missing details are kept, `is_me` sticks).
    pub fn participant(&mut self, chat: ChatRef, p: &Participant) -> Result<(), StoreError> {
        let chat_id = self.state(chat)?.id;
        let id: i64 = self.stmts.upsert_participant.query_row(
            params![
                chat_id,
                p.key,
                p.name,
                p.phone,
                p.handle,
                p.native_id,
                p.is_me
            ],
            |r| r.get(0),
        )?;
        self.state(chat)?.senders.insert(p.key.clone(), id);
        Ok(())
    }

    pub fn set_chat_kind(&mut self, chat: ChatRef, kind: ChatKind) -> Result<(), StoreError> {
        let chat_id = self.state(chat)?.id;
        self.conn
            .prepare_cached("UPDATE chats SET kind = ?1 WHERE id = ?2")?
            .execute(params![kind.as_str(), chat_id])?;
        Ok(())
    }

    fn sender_id(&mut self, chat: ChatRef, key: &str) -> Result<i64, StoreError> {
        let state = self
            .chats
            .get(chat.0 as usize)
            .ok_or(StoreError::UnknownChat(chat.0))?;
        if let Some(&id) = state.senders.get(key) {
            return Ok(id);
        }
        let chat_id = state.id;
        let found: Option<i64> = self
            .stmts
            .find_participant
            .query_row(params![chat_id, key], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => self.stmts.upsert_participant.query_row(
                params![
                    chat_id,
                    key,
                    key,
                    None::<&str>,
                    None::<&str>,
                    None::<&str>,
                    false
                ],
                |r| r.get(0),
            )?,
        };
        self.state(chat)?.senders.insert(key.to_owned(), id);
        Ok(id)
    }

    /// Inserts unless already present (see the dedup rule in the crate
    /// docs). `Ok(true)` when new.
    pub fn message(&mut self, chat: ChatRef, m: &Message) -> Result<bool, StoreError> {
        self.stats.messages += 1;
        let sender_id = match &m.sender {
            Some(key) => Some(self.sender_id(chat, key)?),
            None => None,
        };
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
        let mut extras = 0;
        if !m.attachments.is_empty() {
            extras |= EXTRA_ATTACHMENTS;
        }
        if !m.reactions.is_empty() {
            extras |= EXTRA_REACTIONS;
        }
        let inserted = self.stmts.insert_message.execute(params![
            chat_id,
            key,
            sent_at,
            m.sent_at.offset_secs(),
            sender_id,
            m.kind.as_str(),
            extras,
            m.edited,
            m.edited_at.map(|t| t.unix_millis()),
            m.edited_at.map(|t| t.offset_secs()),
            m.native_id,
            m.reply_to,
            m.forwarded_from,
            m.text,
        ])?;
        if inserted == 0 {
            self.stats.duplicates += 1;
            if m.native_id.is_some() && m.edited {
                self.apply_edit(key, m)?;
            }
            return Ok(false);
        }
        let id = self.conn.last_insert_rowid();
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
        let point = (sent_at, m.sent_at.offset_secs());
        if state.first.is_none_or(|f| point.0 < f.0) {
            state.first = Some(point);
        }
        if state.last.is_none_or(|l| point.0 >= l.0) {
            state.last = Some(point);
        }
        Ok(true)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_identical_tuples_at_one_instant() {
        let mut o = Occurrences::default();
        assert_eq!(o.next(10, 1), 0);
        assert_eq!(o.next(10, 1), 1);
        assert_eq!(o.next(10, 2), 0);
        assert_eq!(o.next(20, 1), 0);
        assert!(o.counts.len() == 1, "cleared when time moved on");
    }

    #[test]
    fn occurrences_stop_forgetting_once_time_goes_back() {
        let mut o = Occurrences::default();
        assert_eq!(o.next(20, 1), 0);
        assert_eq!(o.next(10, 2), 0);
        assert_eq!(o.next(30, 5), 0);
        assert_eq!(o.next(10, 2), 1);
        assert_eq!(o.next(20, 1), 1);
    }
}
