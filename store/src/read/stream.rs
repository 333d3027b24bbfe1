//! A chat's messages in chronological order (by sent_at, then id), a batch
//! at a time.
//!
//! - [`rows`]: the message rows, as [`RawBatch`]es (sibling module `raw`:
//!   bytes copied out of SQLite, turned into messages later). A batch is handed on where an instant ends
//!   once it holds `batch_len` rows, so at most one batch (or one instant,
//!   if that is larger) is held. Senders come from the chat's participants,
//!   read once per chat instead of joined per row.
//! - Two ways to read them. By time: the time index yields rows by sent_at
//!   (then dedup key) and each row is fetched from the table by row id; the
//!   rows of one instant are put in id order here, which is cheaper than
//!   SQLite's sorter (it copies every row, text included, in and out). By
//!   row id: a plain scan of the table, which skips the per-row lookup and
//!   pays off when the chat holds most of the library. Row-id order is time
//!   order when a chat was imported chronologically, and that is checked
//!   as the scan goes: every row against the one before, and before a batch
//!   is handed on, that no later row was sent before or in its last instant (one
//!   index probe over the batch's own time span). Where the check fails the
//!   rest is read by time, from the last instant handed on.
//! - `complete` (sibling module) fills in each batch; [`MessageReader`] is
//!   the same stream over a connection of its own, so one thread can read a
//!   chat while another writes it out.

use super::complete::{complete, complete_raw};
use super::raw::{MESSAGE_COLUMNS, RawBatch, Senders};
use crate::{Library, StoreError};
use ferry_model::StoredMessage;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};

/// Messages per batch of [`Library::for_each_message`] and the export.
pub const MESSAGE_BATCH: usize = 1024;

/// Gathers rows that arrive by sent_at into batches that end with an instant.
struct Batcher {
    chat: i64,
    batch: RawBatch,
    /// Where the current instant's rows begin in `batch`.
    instant_start: usize,
    len: usize,
}

impl Batcher {
    fn new(chat: i64, len: usize) -> Self {
        let len = len.max(1);
        Batcher {
            chat,
            batch: RawBatch::new(chat, len, 0),
            instant_start: 0,
            len,
        }
    }

    /// Adds row `r` (sent at `sent_at`); returns the batch before it when
    /// the row starts a new instant and the batch is full.
    fn push(
        &mut self,
        r: &Row<'_>,
        sent_at: i64,
        conn: &Connection,
        senders: &mut Senders,
    ) -> Result<Option<RawBatch>, StoreError> {
        let mut full = None;
        if self
            .batch
            .rows
            .get(self.instant_start)
            .is_some_and(|first| first.sent_at != sent_at)
        {
            self.sort_instant();
            if self.batch.len() >= self.len {
                let next = RawBatch::new(self.chat, self.len, self.batch.arena_len());
                full = Some(std::mem::replace(&mut self.batch, next));
            }
            self.instant_start = self.batch.len();
        }
        // A row that cannot be read stops the stream before the batch
        // before it is handed on.
        self.batch.push_row(r, sent_at, conn, senders)?;
        Ok(full.map(|full| full.seal(senders)))
    }

    /// The last batch, if any rows are left.
    fn finish(mut self, senders: &Senders) -> Option<RawBatch> {
        self.sort_instant();
        (!self.batch.is_empty()).then(|| self.batch.seal(senders))
    }

    /// Puts the current instant's rows in id order.
    fn sort_instant(&mut self) {
        if let Some(instant) = self.batch.rows.get_mut(self.instant_start..) {
            instant.sort_unstable_by_key(|row| row.id);
        }
    }
}

/// Receives batches of rows; returns false to stop.
type RowSink<'a> = dyn FnMut(RawBatch) -> Result<bool, StoreError> + 'a;

/// How far rows are known to be handed on: every row with id up to
/// `through` (none when `None`), and every other row was sent at or after
/// `sent_at`.
#[derive(Clone, Copy)]
struct Handed {
    sent_at: i64,
    through: Option<i64>,
}

/// Hands the rows of a chat in `[since, until)` (unix ms) to `f` in batches
/// by sent_at, then id, until `f` returns false.
pub(crate) fn rows(
    conn: &Connection,
    chat: i64,
    since: i64,
    until: i64,
    batch_len: usize,
    f: &mut RowSink<'_>,
) -> Result<(), StoreError> {
    let mut senders = Senders::of_chat(conn, chat)?;
    let mut from = Handed {
        sent_at: since,
        through: None,
    };
    if scan_pays(conn, chat, since, until)? {
        match by_row_id(conn, chat, batch_len, &mut senders, f)? {
            None => return Ok(()),
            Some(handed) => from = handed,
        }
    }
    by_time(conn, chat, from, until, batch_len, &mut senders, f)
}

/// Whether a table scan is the cheaper read: the whole chat is wanted and
/// it holds at least half of the library's messages.
fn scan_pays(conn: &Connection, chat: i64, since: i64, until: i64) -> Result<bool, StoreError> {
    if since != i64::MIN || until != i64::MAX {
        return Ok(false);
    }
    let counts: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT message_count, (SELECT sum(message_count) FROM chats) FROM chats WHERE id = ?1",
        )?
        .query_row([chat], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(counts.is_some_and(|(mine, all)| mine > 0 && mine.saturating_mul(2) >= all))
}

/// Reads by time from `from` on (rows up to `from.through` were handed on).
fn by_time(
    conn: &Connection,
    chat: i64,
    from: Handed,
    until: i64,
    batch_len: usize,
    senders: &mut Senders,
    f: &mut RowSink<'_>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages
         WHERE chat_id = ?1 AND sent_at >= ?2 AND sent_at < ?3 ORDER BY sent_at"
    ))?;
    let mut cursor = stmt.query(params![chat, from.sent_at, until])?;
    let mut batcher = Batcher::new(chat, batch_len);
    while let Some(r) = cursor.next()? {
        if from
            .through
            .is_some_and(|t| r.get::<_, i64>(0).is_ok_and(|id| id <= t))
        {
            continue;
        }
        let sent_at: i64 = r.get(1)?;
        if let Some(full) = batcher.push(r, sent_at, conn, senders)?
            && !f(full)?
        {
            return Ok(());
        }
    }
    if let Some(last) = batcher.finish(senders) {
        f(last)?;
    }
    Ok(())
}

/// Reads the whole chat by row id while that is time order. `None` when done (or `f`
/// stopped); else how far it got before finding a row out of order.
fn by_row_id(
    conn: &Connection,
    chat: i64,
    batch_len: usize,
    senders: &mut Senders,
    f: &mut RowSink<'_>,
) -> Result<Option<Handed>, StoreError> {
    // Only the whole chat is read this way (see `scan_pays`): the row
    // filter is the chat alone, and every row was sent at or after `since`.
    let since = i64::MIN;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages NOT INDEXED WHERE chat_id = ?1 ORDER BY id"
    ))?;
    // A row after `?4` sent before or in the instant `?3` (so an instant is
    // never split); rows after the last batch handed on were all sent at or
    // after `?2`, so the probe spans one batch.
    let mut earlier = conn.prepare_cached(
        "SELECT 1 FROM messages WHERE chat_id = ?1 AND sent_at >= ?2 AND sent_at <= ?3
         AND +id > ?4 LIMIT 1",
    )?;
    let mut cursor = stmt.query([chat])?;
    let mut batcher = Batcher::new(chat, batch_len);
    let mut handed = Handed {
        sent_at: since,
        through: None,
    };
    let mut previous = i64::MIN;
    while let Some(r) = cursor.next()? {
        let sent_at: i64 = r.get(1)?;
        if sent_at < previous {
            return Ok(Some(handed));
        }
        previous = sent_at;
        let Some(full) = batcher.push(r, sent_at, conn, senders)? else {
            continue;
        };
        let Some((sent_at, id)) = full.rows.last().map(|l| (l.sent_at, l.id)) else {
            continue;
        };
        if earlier.exists(params![chat, handed.sent_at, sent_at, id])? {
            return Ok(Some(handed));
        }
        handed = Handed {
            sent_at,
            through: Some(id),
        };
        if !f(full)? {
            return Ok(None);
        }
    }
    if let Some(last) = batcher.finish(senders) {
        f(last)?;
    }
    Ok(None)
}

/// Streams completed batches of a chat (see [`Library::for_each_batch`]).
pub(crate) fn batches(
    conn: &Connection,
    chat: i64,
    since: Option<i64>,
    until: Option<i64>,
    batch_len: usize,
    f: &mut dyn FnMut(Vec<StoredMessage>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    rows(
        conn,
        chat,
        since.unwrap_or(i64::MIN),
        until.unwrap_or(i64::MAX),
        batch_len,
        &mut |raw| {
            f(complete(conn, chat, raw.into_rows()?)?)?;
            Ok(true)
        },
    )
}

/// Streams raw batches of a chat, their attachments, reactions and reply
/// targets already read (see [`MessageReader::for_each_raw_batch`]).
pub(crate) fn raw_batches(
    conn: &Connection,
    chat: i64,
    since: Option<i64>,
    until: Option<i64>,
    batch_len: usize,
    f: &mut dyn FnMut(RawBatch) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    rows(
        conn,
        chat,
        since.unwrap_or(i64::MIN),
        until.unwrap_or(i64::MAX),
        batch_len,
        &mut |mut raw| {
            complete_raw(conn, chat, &mut raw)?;
            f(raw)?;
            Ok(true)
        },
    )
}

/// A read-only connection of its own to a library, for streaming messages
/// on another thread than the [`Library`]'s. It reads what is committed.
#[derive(Debug)]
pub struct MessageReader {
    conn: Connection,
}

impl Library {
    /// Opens a [`MessageReader`] on this library's database.
    pub fn reader(&self) -> Result<MessageReader, StoreError> {
        let conn = Connection::open_with_flags(
            self.dir.join("library.db"),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch("PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(MessageReader { conn })
    }
}

impl MessageReader {
    /// Same as [`Library::for_each_batch`].
    pub fn for_each_batch(
        &self,
        chat: i64,
        since: Option<i64>,
        until: Option<i64>,
        batch_len: usize,
        f: &mut dyn FnMut(Vec<StoredMessage>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        batches(&self.conn, chat, since, until, batch_len, f)
    }

    /// The same batches as [`MessageReader::for_each_batch`], handed on
    /// before their rows are turned into messages: this thread only steps
    /// SQLite and copies bytes, and the receiver calls
    /// [`RawBatch::into_messages`] (for instance on the thread that writes
    /// them out).
    pub fn for_each_raw_batch(
        &self,
        chat: i64,
        since: Option<i64>,
        until: Option<i64>,
        batch_len: usize,
        f: &mut dyn FnMut(RawBatch) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        raw_batches(&self.conn, chat, since, until, batch_len, f)
    }
}
