//! Reading chats and messages back: listing, paging, streaming, positions.
//!
//! - this file: chats, pages, positions, the streaming entry points;
//! - `stream`: the chronological row stream (by time or by row id) in
//!   batches, and [`MessageReader`], a second connection for reading on
//!   another thread;
//! - `raw`: [`RawBatch`], a batch of rows as SQLite returned them, turned
//!   into messages by whichever thread takes it;
//! - `complete`: attachments, reactions and reply targets of a batch.

mod complete;
mod raw;
mod stream;

pub use raw::RawBatch;
pub use stream::{MESSAGE_BATCH, MessageReader};

use crate::{Library, StoreError};
use ferry_model::{App, ChatInfo, ChatKind, Member, Participant, StoredMessage, Timestamp};
use rusqlite::{OptionalExtension, Row, params};

const CHAT_COLUMNS: &str = "id, app, native_id, title, kind, message_count, attachment_count,
    first_at, first_tz, last_at, last_tz";

/// A timestamp from stored millis + offset seconds.
pub(crate) fn timestamp(
    table: &'static str,
    row: i64,
    at: i64,
    tz: i64,
) -> Result<Timestamp, StoreError> {
    i32::try_from(tz)
        .ok()
        .and_then(|tz| Timestamp::from_unix_millis(at, tz))
        .ok_or_else(|| StoreError::Corrupt {
            table,
            row,
            what: format!("timestamp {at} with offset {tz} is out of range"),
        })
}

fn opt_timestamp(
    table: &'static str,
    row: i64,
    at: Option<i64>,
    tz: Option<i64>,
) -> Result<Option<Timestamp>, StoreError> {
    match at {
        Some(at) => timestamp(table, row, at, tz.unwrap_or(0)).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn parse_app(table: &'static str, row: i64, s: &str) -> Result<App, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt {
        table,
        row,
        what: format!("unknown app {s:?}"),
    })
}

impl Library {
    fn chat_row(&self, r: &Row<'_>) -> rusqlite::Result<Result<ChatInfo, StoreError>> {
        let id: i64 = r.get(0)?;
        let app: String = r.get(1)?;
        let native_id: Option<String> = r.get(2)?;
        let title: String = r.get(3)?;
        let kind: String = r.get(4)?;
        let messages: i64 = r.get(5)?;
        let attachments: i64 = r.get(6)?;
        let first = (r.get::<_, Option<i64>>(7)?, r.get::<_, Option<i64>>(8)?);
        let last = (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<i64>>(10)?);
        Ok((|| {
            Ok(ChatInfo {
                id,
                app: parse_app("chats", id, &app)?,
                native_id,
                title,
                kind: ChatKind::parse(&kind).unwrap_or_default(),
                participants: Vec::new(),
                messages: u64::try_from(messages).unwrap_or(0),
                attachments: u64::try_from(attachments).unwrap_or(0),
                first: opt_timestamp("chats", id, first.0, first.1)?,
                last: opt_timestamp("chats", id, last.0, last.1)?,
            })
        })())
    }

    fn members(&self, chat: i64) -> Result<Vec<Member>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, key, name, phone, handle, native_id, is_me FROM participants
             WHERE chat_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([chat], |r| {
            Ok(Member {
                id: r.get(0)?,
                participant: Participant {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    phone: r.get(3)?,
                    handle: r.get(4)?,
                    native_id: r.get(5)?,
                    is_me: r.get(6)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every chat with its members and summary, most recent last message first.
    pub fn chats(&self) -> Result<Vec<ChatInfo>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHAT_COLUMNS} FROM chats ORDER BY last_at IS NULL, last_at DESC, id"
        ))?;
        let rows = stmt.query_map([], |r| self.chat_row(r))?;
        let mut chats = Vec::new();
        for row in rows {
            let mut chat = row??;
            chat.participants = self.members(chat.id)?;
            chats.push(chat);
        }
        Ok(chats)
    }

    /// One chat by row id.
    pub fn chat(&self, id: i64) -> Result<Option<ChatInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {CHAT_COLUMNS} FROM chats WHERE id = ?1"))?;
        let Some(chat) = stmt.query_row([id], |r| self.chat_row(r)).optional()? else {
            return Ok(None);
        };
        let mut chat = chat?;
        chat.participants = self.members(chat.id)?;
        Ok(Some(chat))
    }

    /// A chat by row id (`"12"`), or by title: an exact case-insensitive match
    /// first, else a unique substring match.
    pub fn resolve_chat(&self, spec: &str) -> Result<ChatInfo, StoreError> {
        let spec_trimmed = spec.trim();
        if let Ok(id) = spec_trimmed.parse::<i64>()
            && let Some(chat) = self.chat(id)?
        {
            return Ok(chat);
        }
        let wanted = spec_trimmed.to_lowercase();
        let titles: Vec<(i64, String)> = self
            .conn
            .prepare_cached("SELECT id, title FROM chats ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let exact: Vec<_> = titles
            .iter()
            .filter(|(_, t)| t.to_lowercase() == wanted)
            .cloned()
            .collect();
        let candidates = if exact.is_empty() {
            titles
                .into_iter()
                .filter(|(_, t)| !wanted.is_empty() && t.to_lowercase().contains(&wanted))
                .collect()
        } else {
            exact
        };
        match candidates.as_slice() {
            [] => Err(StoreError::NotFound(format!("no chat matches {spec:?}"))),
            [(id, _)] => self
                .chat(*id)?
                .ok_or_else(|| StoreError::NotFound(format!("chat {id}"))),
            _ => Err(StoreError::Ambiguous {
                spec: spec.to_owned(),
                candidates,
            }),
        }
    }

    /// A chronological page of a chat (by sent_at, then id).
    ///
    /// The page's first instant is found by walking the covering time index
    /// (no message rows are read for the offset) from the nearer end: pages
    /// in the second half of the chat walk back from the newest message, so
    /// the newest page costs what the first one does. Rows are then streamed
    /// from that instant.
    pub fn messages(
        &self,
        chat: i64,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let Some((start, before)) = self.instant_at(chat, offset)? else {
            return Ok(Vec::new());
        };
        let mut skip = offset.saturating_sub(before);
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut picked = Vec::new();
        stream::rows(
            &self.conn,
            chat,
            start,
            i64::MAX,
            limit.min(stream::MESSAGE_BATCH),
            &mut |raw| {
                for row in raw.into_rows()? {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    picked.push(row);
                    if picked.len() >= limit {
                        return Ok(false);
                    }
                }
                Ok(true)
            },
        )?;
        complete::complete(&self.conn, chat, picked)
    }

    /// The chat's message count and time span, kept by the ingest.
    fn span(&self, chat: i64) -> Result<Option<ChatSpan>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT message_count, first_at, last_at FROM chats WHERE id = ?1")?
            .query_row([chat], |r| {
                Ok(ChatSpan {
                    total: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                    first_at: r.get(1)?,
                    last_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// The sent_at of the message at chronological position `offset` and
    /// the number of messages sent before that instant; `None` past the end.
    fn instant_at(&self, chat: i64, offset: u64) -> Result<Option<(i64, u64)>, StoreError> {
        let total = self.span(chat)?.map_or(0, |s| s.total);
        if offset < total && offset >= total / 2 {
            // Position `offset` from the front is `total - 1 - offset` from
            // the back; ties share one sent_at, so their order does not matter.
            let from_end = i64::try_from(total - 1 - offset).unwrap_or(i64::MAX);
            let start: Option<i64> = self
                .conn
                .prepare_cached(
                    "SELECT sent_at FROM messages WHERE chat_id = ?1
                     ORDER BY sent_at DESC LIMIT 1 OFFSET ?2",
                )?
                .query_row(params![chat, from_end], |r| r.get(0))
                .optional()?;
            if let Some(start) = start {
                let at_or_after = self.count_from(chat, start)?;
                return Ok(Some((start, total.saturating_sub(at_or_after))));
            }
        }
        let start: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT sent_at FROM messages WHERE chat_id = ?1 ORDER BY sent_at LIMIT 1 OFFSET ?2",
            )?
            .query_row(
                params![chat, i64::try_from(offset).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
            .optional()?;
        match start {
            Some(start) => Ok(Some((start, self.count_before(chat, start)?))),
            None => Ok(None),
        }
    }

    /// Messages of a chat sent before `unix_ms` (walks the index from the start).
    fn count_before(&self, chat: i64, unix_ms: i64) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM messages WHERE chat_id = ?1 AND sent_at < ?2")?
            .query_row(params![chat, unix_ms], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Messages of a chat sent at or after `unix_ms` (walks the index from the end).
    fn count_from(&self, chat: i64, unix_ms: i64) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM messages WHERE chat_id = ?1 AND sent_at >= ?2")?
            .query_row(params![chat, unix_ms], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Streams a chat's messages chronologically (by sent_at, then id);
    /// `since`/`until` are unix milliseconds (inclusive/exclusive). Only one
    /// batch of messages (see [`Library::for_each_batch`]) is held at a time.
    pub fn for_each_message(
        &self,
        chat: i64,
        since: Option<i64>,
        until: Option<i64>,
        f: &mut dyn FnMut(StoredMessage) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.for_each_batch(chat, since, until, stream::MESSAGE_BATCH, &mut |batch| {
            batch.into_iter().try_for_each(&mut *f)
        })
    }

    /// Streams a chat's messages chronologically in batches of about
    /// `batch_len` (a batch ends where an instant ends, so one instant is
    /// never split); same order and bounds as [`Library::for_each_message`].
    pub fn for_each_batch(
        &self,
        chat: i64,
        since: Option<i64>,
        until: Option<i64>,
        batch_len: usize,
        f: &mut dyn FnMut(Vec<StoredMessage>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        stream::batches(&self.conn, chat, since, until, batch_len, f)
    }

    /// The chat and 0-based chronological position of a message.
    pub fn message_position(&self, message_id: i64) -> Result<Option<(i64, u64)>, StoreError> {
        let found: Option<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT chat_id, sent_at FROM messages WHERE id = ?1")?
            .query_row([message_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((chat, sent_at)) = found else {
            return Ok(None);
        };
        // Earlier instants (counted from the nearer end), then the earlier
        // rows of the message's own instant.
        let tied_before: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM messages WHERE chat_id = ?1 AND sent_at = ?2 AND id < ?3",
            )?
            .query_row(params![chat, sent_at, message_id], |r| r.get(0))?;
        let before = self.position_at(chat, sent_at)?;
        Ok(Some((
            chat,
            before + u64::try_from(tied_before).unwrap_or(0),
        )))
    }

    /// Position of the first message at or after `unix_ms` (the chat's
    /// length when there is none). Counts from the end of the chat's time
    /// span nearer to `unix_ms`.
    pub fn position_at(&self, chat: i64, unix_ms: i64) -> Result<u64, StoreError> {
        if let Some(ChatSpan {
            total,
            first_at: Some(first),
            last_at: Some(last),
        }) = self.span(chat)?
        {
            let past_middle = i128::from(unix_ms) * 2 > i128::from(first) + i128::from(last);
            if past_middle {
                return Ok(total.saturating_sub(self.count_from(chat, unix_ms)?));
            }
        }
        self.count_before(chat, unix_ms)
    }
}

/// What the `chats` row says about a chat's messages.
struct ChatSpan {
    total: u64,
    first_at: Option<i64>,
    last_at: Option<i64>,
}
