//! A chat's messages in chronological order (by sent_at, then id), a batch
//! at a time.
//!
//! - [`rows`]: the message rows. A batch is handed on where an instant ends
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

use super::complete::complete;
use super::{opt_timestamp, timestamp};
use crate::{Library, StoreError};
use ferry_model::{Message, MessageKind, StoredMessage};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};

/// Messages per batch of [`Library::for_each_message`] and the export.
pub const MESSAGE_BATCH: usize = 1024;

/// Columns read per message row, in [`read_row`]'s order.
const MESSAGE_COLUMNS: &str = "id, sent_at, sent_tz, kind, extras, edited, edited_at, edited_tz,
    native_id, reply_to, forwarded_from, text, sender_id";

/// A message row before its attachments, reactions and reply are known.
pub(crate) struct MessageRow {
    pub(super) stored: StoredMessage,
    pub(super) extras: i64,
    sent_at: i64,
}

/// A participant as a message row shows it.
struct Sender {
    key: String,
    name: String,
    is_me: bool,
}

/// Participant rows by id (sorted): the chat's, read up front, and any
/// other a message names (read when first met; `None` when there is no row).
struct Senders(Vec<(i64, Option<Sender>)>);

impl Senders {
    fn of_chat(conn: &Connection, chat: i64) -> Result<Self, StoreError> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, key, name, is_me FROM participants WHERE chat_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([chat], |r| {
            Ok((
                r.get(0)?,
                Some(Sender {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    is_me: r.get(3)?,
                }),
            ))
        })?;
        Ok(Senders(rows.collect::<Result<_, _>>()?))
    }

    fn get(&mut self, conn: &Connection, id: i64) -> Result<Option<&Sender>, StoreError> {
        let at = match self.0.binary_search_by_key(&id, |(id, _)| *id) {
            Ok(at) => at,
            Err(at) => {
                let sender = conn
                    .prepare_cached("SELECT key, name, is_me FROM participants WHERE id = ?1")?
                    .query_row([id], |r| {
                        Ok(Sender {
                            key: r.get(0)?,
                            name: r.get(1)?,
                            is_me: r.get(2)?,
                        })
                    })
                    .optional()?;
                self.0.insert(at, (id, sender));
                at
            }
        };
        Ok(self.0.get(at).and_then(|(_, s)| s.as_ref()))
    }
}

fn read_row(
    r: &Row<'_>,
    conn: &Connection,
    chat: i64,
    senders: &mut Senders,
) -> Result<MessageRow, StoreError> {
    let id: i64 = r.get(0)?;
    let sent_at: i64 = r.get(1)?;
    let sent_tz: i64 = r.get(2)?;
    let kind = MessageKind::parse(r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?)
        .ok_or_else(|| StoreError::Corrupt {
            table: "messages",
            row: id,
            what: "unknown message kind".to_owned(),
        })?;
    let sender_id: Option<i64> = r.get(12)?;
    let sender = match sender_id {
        Some(sid) => senders.get(conn, sid)?,
        None => None,
    };
    Ok(MessageRow {
        sent_at,
        extras: r.get(4)?,
        stored: StoredMessage {
            id,
            chat_id: chat,
            sender_name: sender.map(|s| s.name.clone()),
            sender_is_me: sender.is_some_and(|s| s.is_me),
            reply_to_id: None,
            message: Message {
                native_id: text(r, 8, id)?,
                sender: sender.map(|s| s.key.clone()),
                sent_at: timestamp("messages", id, sent_at, sent_tz)?,
                // NULL is an error here, the one rusqlite reports.
                text: match text(r, 11, id)? {
                    Some(text) => text,
                    None => r.get(11)?,
                },
                kind,
                attachments: Vec::new(),
                reply_to: text(r, 9, id)?,
                edited: r.get(5)?,
                edited_at: opt_timestamp("messages", id, r.get(6)?, r.get(7)?)?,
                forwarded_from: text(r, 10, id)?,
                reactions: Vec::new(),
            },
        },
    })
}

/// A nullable text column of message row `id`. UTF-8 is checked with
/// `simdutf8` (the text is most of a row's bytes); a value that is not
/// text goes through rusqlite, for its error.
fn text(r: &Row<'_>, i: usize, id: i64) -> Result<Option<String>, StoreError> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => Ok(Some(s.to_owned())),
            Err(_) => Err(StoreError::Corrupt {
                table: "messages",
                row: id,
                what: format!("column {i} is not UTF-8"),
            }),
        },
        _ => Ok(r.get(i)?),
    }
}

/// Gathers rows that arrive by sent_at into batches that end with an instant.
struct Batcher {
    batch: Vec<MessageRow>,
    /// Where the current instant's rows begin in `batch`.
    instant_start: usize,
    len: usize,
}

impl Batcher {
    fn new(len: usize) -> Self {
        let len = len.max(1);
        Batcher {
            batch: Vec::with_capacity(len),
            instant_start: 0,
            len,
        }
    }

    /// Adds a row; returns the batch before it when the row starts a new
    /// instant and the batch is full.
    fn push(&mut self, row: MessageRow) -> Option<Vec<MessageRow>> {
        let mut full = None;
        if self
            .batch
            .get(self.instant_start)
            .is_some_and(|first| first.sent_at != row.sent_at)
        {
            self.sort_instant();
            if self.batch.len() >= self.len {
                full = Some(std::mem::replace(
                    &mut self.batch,
                    Vec::with_capacity(self.len),
                ));
            }
            self.instant_start = self.batch.len();
        }
        self.batch.push(row);
        full
    }

    /// The last batch, if any rows are left.
    fn finish(mut self) -> Option<Vec<MessageRow>> {
        self.sort_instant();
        (!self.batch.is_empty()).then_some(self.batch)
    }

    /// Puts the current instant's rows in id order.
    fn sort_instant(&mut self) {
        if let Some(instant) = self.batch.get_mut(self.instant_start..) {
            instant.sort_unstable_by_key(|row| row.stored.id);
        }
    }
}

/// Receives batches of rows; returns false to stop.
type RowSink<'a> = dyn FnMut(Vec<MessageRow>) -> Result<bool, StoreError> + 'a;

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
    let mut batcher = Batcher::new(batch_len);
    while let Some(r) = cursor.next()? {
        if from
            .through
            .is_some_and(|t| r.get::<_, i64>(0).is_ok_and(|id| id <= t))
        {
            continue;
        }
        if let Some(full) = batcher.push(read_row(r, conn, chat, senders)?)
            && !f(full)?
        {
            return Ok(());
        }
    }
    if let Some(last) = batcher.finish() {
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
    let mut batcher = Batcher::new(batch_len);
    let mut handed = Handed {
        sent_at: since,
        through: None,
    };
    let mut previous = i64::MIN;
    while let Some(r) = cursor.next()? {
        let row = read_row(r, conn, chat, senders)?;
        if row.sent_at < previous {
            return Ok(Some(handed));
        }
        previous = row.sent_at;
        let Some(full) = batcher.push(row) else {
            continue;
        };
        let Some((sent_at, id)) = full.last().map(|l| (l.sent_at, l.stored.id)) else {
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
    if let Some(last) = batcher.finish() {
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
        &mut |rows| {
            f(complete(conn, chat, rows)?)?;
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
}
