//! A batch of message rows as SQLite returned them, before they become
//! [`StoredMessage`]s.
//!
//! - [`RawBatch`]: the rows' fixed columns, one byte arena holding their
//!   text columns, the sender table they refer to, and (once `complete`d)
//!   their attachments, reactions and reply targets. Filling one is little
//!   more than copying bytes, so the thread that reads SQLite stays free;
//!   [`RawBatch::into_messages`] does the rest (UTF-8 checks, allocations,
//!   timestamps) on whichever thread calls it.
//! - [`Senders`]: participant rows by id, shared by the batches of a chat.

use super::{opt_timestamp, timestamp};
use crate::StoreError;
use ferry_model::{Attachment, Message, MessageKind, Reaction, StoredMessage};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};
use std::ops::Range;
use std::sync::Arc;

/// Columns read per message row, in [`RawBatch::push_row`]'s order.
pub(super) const MESSAGE_COLUMNS: &str = "id, sent_at, sent_tz, kind, extras, edited, edited_at,
    edited_tz, native_id, reply_to, forwarded_from, text, sender_id";

/// Column indexes of the text columns (as named in `Corrupt` errors).
const NATIVE_ID: usize = 8;
const REPLY_TO: usize = 9;
const FORWARDED_FROM: usize = 10;
const TEXT: usize = 11;

/// A participant as a message row shows it.
#[derive(Clone, Debug)]
struct Sender {
    key: String,
    name: String,
    is_me: bool,
}

/// Participant rows by id (sorted): the chat's, read up front, and any
/// other a message names (read when first met; `None` when there is no
/// row). Batches hold a snapshot; entries are only ever added.
#[derive(Clone, Debug, Default)]
pub(super) struct Senders(Arc<Vec<(i64, Option<Sender>)>>);

impl Senders {
    pub(super) fn of_chat(conn: &Connection, chat: i64) -> Result<Self, StoreError> {
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
        Ok(Senders(Arc::new(rows.collect::<Result<_, _>>()?)))
    }

    /// Makes sure participant `id` is in the table (reading it if needed).
    fn learn(&mut self, conn: &Connection, id: i64) -> Result<(), StoreError> {
        if let Err(at) = self.0.binary_search_by_key(&id, |(id, _)| *id) {
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
            Arc::make_mut(&mut self.0).insert(at, (id, sender));
        }
        Ok(())
    }

    fn get(&self, id: i64) -> Option<&Sender> {
        let at = self.0.binary_search_by_key(&id, |(id, _)| *id).ok()?;
        self.0.get(at).and_then(|(_, s)| s.as_ref())
    }
}

/// One message row: its fixed columns, and its text columns as ranges of
/// the batch's arena.
#[derive(Debug)]
pub(super) struct RawRow {
    pub(super) id: i64,
    pub(super) sent_at: i64,
    sent_tz: i64,
    kind: MessageKind,
    pub(super) extras: i64,
    edited: bool,
    edited_at: Option<i64>,
    edited_tz: Option<i64>,
    native_id: Option<Range<usize>>,
    reply_to: Option<Range<usize>>,
    forwarded_from: Option<Range<usize>>,
    text: Range<usize>,
    sender: Option<i64>,
    reply_to_id: Option<i64>,
}

/// A message row converted, before its attachments, reactions and reply
/// target are known.
pub(crate) struct MessageRow {
    pub(super) stored: StoredMessage,
    pub(super) extras: i64,
}

/// A batch of a chat's message rows, in order, as read from SQLite. Turn it
/// into messages with [`RawBatch::into_messages`]; it is `Send`, so that can
/// happen on another thread than the reading one.
#[derive(Debug)]
pub struct RawBatch {
    chat: i64,
    pub(super) rows: Vec<RawRow>,
    bytes: Vec<u8>,
    senders: Senders,
    /// (index in `rows`, attachment), in each message's order.
    pub(super) attachments: Vec<(usize, Attachment)>,
    /// (index in `rows`, reaction), in each message's order.
    pub(super) reactions: Vec<(usize, Reaction)>,
}

impl RawBatch {
    /// An empty batch with room for `rows` rows and `bytes` bytes of text.
    pub(super) fn new(chat: i64, rows: usize, bytes: usize) -> Self {
        RawBatch {
            chat,
            rows: Vec::with_capacity(rows),
            bytes: Vec::with_capacity(bytes),
            senders: Senders::default(),
            attachments: Vec::new(),
            reactions: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the batch holds no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes of text held.
    pub(super) fn arena_len(&self) -> usize {
        self.bytes.len()
    }

    /// Copies a row read with [`MESSAGE_COLUMNS`] (whose `sent_at` is
    /// given), learning its sender into `senders`. Values of the wrong type
    /// (and an unknown kind) are reported here; UTF-8 and timestamps are
    /// checked by [`RawBatch::into_messages`].
    pub(super) fn push_row(
        &mut self,
        r: &Row<'_>,
        sent_at: i64,
        conn: &Connection,
        senders: &mut Senders,
    ) -> Result<(), StoreError> {
        let id: i64 = r.get(0)?;
        let kind = MessageKind::parse(r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?)
            .ok_or_else(|| StoreError::Corrupt {
                table: "messages",
                row: id,
                what: "unknown message kind".to_owned(),
            })?;
        let sender: Option<i64> = r.get(12)?;
        if let Some(sid) = sender {
            senders.learn(conn, sid)?;
        }
        let text = match self.copy_text(r, TEXT)? {
            Some(text) => text,
            // NULL is an error here, the one rusqlite reports.
            None => {
                return Err(r.get::<_, String>(TEXT).err().map_or_else(
                    || StoreError::Corrupt {
                        table: "messages",
                        row: id,
                        what: "text is NULL".to_owned(),
                    },
                    StoreError::from,
                ));
            }
        };
        let row = RawRow {
            id,
            sent_at,
            sent_tz: r.get(2)?,
            kind,
            extras: r.get(4)?,
            edited: r.get(5)?,
            edited_at: r.get(6)?,
            edited_tz: r.get(7)?,
            native_id: self.copy_text(r, NATIVE_ID)?,
            reply_to: self.copy_text(r, REPLY_TO)?,
            forwarded_from: self.copy_text(r, FORWARDED_FROM)?,
            text,
            sender,
            reply_to_id: None,
        };
        self.rows.push(row);
        Ok(())
    }

    /// Copies nullable text column `i` into the arena; a value that is not
    /// text (nor NULL) is rusqlite's error.
    fn copy_text(&mut self, r: &Row<'_>, i: usize) -> Result<Option<Range<usize>>, StoreError> {
        match r.get_ref(i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                Ok(Some(start..self.bytes.len()))
            }
            _ => {
                r.get::<_, Option<String>>(i)?;
                Ok(None)
            }
        }
    }

    /// Hands the batch on with the sender table as it is now (it names
    /// every sender of the batch's rows).
    pub(super) fn seal(mut self, senders: &Senders) -> Self {
        self.senders = senders.clone();
        self
    }

    /// The reply target (native id) of `row`, when it is UTF-8 (else
    /// [`RawBatch::into_messages`] reports the row).
    pub(super) fn reply_to(&self, row: &RawRow) -> Option<&str> {
        let bytes = self.bytes.get(row.reply_to.clone()?)?;
        simdutf8::basic::from_utf8(bytes).ok()
    }

    /// Records the row ids the rows reply to (`f` maps a native id).
    pub(super) fn set_reply_ids(&mut self, f: impl Fn(&str) -> Option<i64>) {
        let ids: Vec<Option<i64>> = self
            .rows
            .iter()
            .map(|row| self.reply_to(row).and_then(&f))
            .collect();
        for (row, id) in self.rows.iter_mut().zip(ids) {
            row.reply_to_id = id;
        }
    }

    /// The rows as messages, without their attachments and reactions.
    pub(super) fn into_rows(self) -> Result<Vec<MessageRow>, StoreError> {
        let mut out = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            let sender = row.sender.and_then(|id| self.senders.get(id));
            let id = row.id;
            out.push(MessageRow {
                extras: row.extras,
                stored: StoredMessage {
                    id,
                    chat_id: self.chat,
                    sender_name: sender.map(|s| s.name.clone()),
                    sender_is_me: sender.is_some_and(|s| s.is_me),
                    reply_to_id: row.reply_to_id,
                    message: Message {
                        native_id: self.text(&row.native_id, NATIVE_ID, id)?,
                        sender: sender.map(|s| s.key.clone()),
                        sent_at: timestamp("messages", id, row.sent_at, row.sent_tz)?,
                        text: self
                            .text(&Some(row.text.clone()), TEXT, id)?
                            .unwrap_or_default(),
                        kind: row.kind,
                        attachments: Vec::new(),
                        reply_to: self.text(&row.reply_to, REPLY_TO, id)?,
                        edited: row.edited,
                        edited_at: opt_timestamp("messages", id, row.edited_at, row.edited_tz)?,
                        forwarded_from: self.text(&row.forwarded_from, FORWARDED_FROM, id)?,
                        reactions: Vec::new(),
                    },
                },
            });
        }
        Ok(out)
    }

    /// A text column of row `id` out of the arena. UTF-8 is checked with
    /// `simdutf8` (the text is most of a row's bytes).
    fn text(
        &self,
        span: &Option<Range<usize>>,
        column: usize,
        id: i64,
    ) -> Result<Option<String>, StoreError> {
        let Some(span) = span else {
            return Ok(None);
        };
        self.bytes
            .get(span.clone())
            .and_then(|bytes| simdutf8::basic::from_utf8(bytes).ok())
            .map(|s| Some(s.to_owned()))
            .ok_or_else(|| StoreError::Corrupt {
                table: "messages",
                row: id,
                what: format!("column {column} is not UTF-8"),
            })
    }

    /// The batch's messages, in order, complete with attachments, reactions
    /// and reply targets. Fails with [`StoreError::Corrupt`] (naming the
    /// row) on text that is not UTF-8 or a timestamp out of range.
    pub fn into_messages(mut self) -> Result<Vec<StoredMessage>, StoreError> {
        let attachments = std::mem::take(&mut self.attachments);
        let reactions = std::mem::take(&mut self.reactions);
        let mut out: Vec<StoredMessage> = self.into_rows()?.into_iter().map(|r| r.stored).collect();
        for (i, attachment) in attachments {
            if let Some(m) = out.get_mut(i) {
                m.message.attachments.push(attachment);
            }
        }
        for (i, reaction) in reactions {
            if let Some(m) = out.get_mut(i) {
                m.message.reactions.push(reaction);
            }
        }
        Ok(out)
    }
}
