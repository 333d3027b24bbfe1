//! Multi-row inserts: [`Ingest::push`] queues messages and writes them
//! [`BATCH`] at a time with one `INSERT OR IGNORE ... VALUES (...), (...)`.
//!
//! One statement per batch saves SQLite's per-statement work (step, reset,
//! the VDBE prologue) for all but one row. What a multi-row insert does not
//! say is which of its rows were ignored as duplicates, so a batch is
//! classified from the number of changed rows:
//!
//! - all rows inserted: SQLite gives a new row the largest row id plus one,
//!   so the batch's rows hold the ids after the largest id before it, in
//!   order (checked against `last_insert_rowid`);
//! - no row inserted: every row is a duplicate of a stored one;
//! - anything else (an overlap of two exports ends inside the batch, or the
//!   same native id twice in one batch): the rows the statement inserted,
//!   which are exactly those above the previous largest id, are deleted
//!   again and the batch is replayed row by row, as [`Ingest::message`]
//!   does. The outcome is the one of inserting each message on its own.
//!
//! Near the largest possible row id (where SQLite picks random free ids) the
//! batch is always replayed row by row.
//!
//! A full batch of plain messages (no edit time, no native id, no reply,
//! not forwarded: every message of a WhatsApp text export) binds only the
//! [`PLAIN`] columns and leaves the others to their defaults, which saves
//! five bindings and their VDBE work per row. SQLite keeps a statement's
//! bindings from one execution to the next, so [`PlainBound`] remembers the
//! small values bound at each row of that statement (chat, offset, kind,
//! flags) and binds them again only when they change.

use super::{ChatRef, EXTRA_ATTACHMENTS, EXTRA_REACTIONS, Ingest};
use crate::StoreError;
use ferry_model::{Message, MessageKind};
use rusqlite::{Statement, params};

/// Messages per multi-row insert.
pub(crate) const BATCH: usize = 64;
/// Every column an ingest writes, in binding order.
const FULL: &[&str] = &[
    "chat_id",
    "dedup_key",
    "sent_at",
    "sent_tz",
    "sender_id",
    "kind",
    "extras",
    "edited",
    "edited_at",
    "edited_tz",
    "native_id",
    "reply_to",
    "forwarded_from",
    "text",
];
/// The columns of a plain message (see the module docs), in binding order.
const PLAIN: &[&str] = &[
    "chat_id",
    "dedup_key",
    "sent_at",
    "sent_tz",
    "sender_id",
    "kind",
    "extras",
    "edited",
    "text",
];

/// A message waiting in the batch, with what `push` already worked out.
#[derive(Debug)]
pub(super) struct Pending {
    chat: ChatRef,
    chat_id: i64,
    key: i64,
    sender_id: Option<i64>,
    m: Message,
}

/// `INSERT OR IGNORE` of `rows` message rows of every column.
pub(super) fn insert_sql(rows: usize) -> String {
    insert_columns_sql(FULL, rows)
}

/// `INSERT OR IGNORE` of `rows` plain message rows.
pub(super) fn insert_plain_sql(rows: usize) -> String {
    insert_columns_sql(PLAIN, rows)
}

fn insert_columns_sql(columns: &[&str], rows: usize) -> String {
    let mut sql = format!(
        "INSERT OR IGNORE INTO messages ({}) VALUES ",
        columns.join(", ")
    );
    let n = columns.len();
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..n {
            if c > 0 {
                sql.push(',');
            }
            sql.push('?');
            sql.push_str(&(r * n + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

/// Whether `m` leaves every column outside [`PLAIN`] at its default.
fn is_plain(m: &Message) -> bool {
    m.edited_at.is_none()
        && m.native_id.is_none()
        && m.reply_to.is_none()
        && m.forwarded_from.is_none()
}

fn extras(m: &Message) -> i64 {
    let mut extras = 0i64;
    if !m.attachments.is_empty() {
        extras |= EXTRA_ATTACHMENTS;
    }
    if !m.reactions.is_empty() {
        extras |= EXTRA_REACTIONS;
    }
    extras
}

/// Binds one row's values at parameter `base + 1 ..= base + FULL.len()`.
fn bind_row(stmt: &mut Statement<'_>, base: usize, p: &Pending) -> Result<(), StoreError> {
    let m = &p.m;
    stmt.raw_bind_parameter(base + 1, p.chat_id)?;
    stmt.raw_bind_parameter(base + 2, p.key)?;
    stmt.raw_bind_parameter(base + 3, m.sent_at.unix_millis())?;
    stmt.raw_bind_parameter(base + 4, m.sent_at.offset_secs())?;
    stmt.raw_bind_parameter(base + 5, p.sender_id)?;
    stmt.raw_bind_parameter(base + 6, m.kind.as_str())?;
    stmt.raw_bind_parameter(base + 7, extras(m))?;
    stmt.raw_bind_parameter(base + 8, m.edited)?;
    stmt.raw_bind_parameter(base + 9, m.edited_at.map(|t| t.unix_millis()))?;
    stmt.raw_bind_parameter(base + 10, m.edited_at.map(|t| t.offset_secs()))?;
    stmt.raw_bind_parameter(base + 11, &m.native_id)?;
    stmt.raw_bind_parameter(base + 12, &m.reply_to)?;
    stmt.raw_bind_parameter(base + 13, &m.forwarded_from)?;
    stmt.raw_bind_parameter(base + 14, &m.text)?;
    Ok(())
}

/// The values bound at one row of the plain batch statement, where known.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RowBound {
    chat_id: Option<i64>,
    sent_tz: Option<i32>,
    kind: Option<MessageKind>,
    extras: Option<i64>,
    edited: Option<bool>,
}

/// What is bound at each row of the plain batch statement (see the module
/// docs). A slot is cleared before it is bound, so a failed bind leaves it
/// unknown and the next batch binds it again.
#[derive(Debug)]
pub(super) struct PlainBound(Vec<RowBound>);

impl Default for PlainBound {
    fn default() -> Self {
        PlainBound(vec![RowBound::default(); BATCH])
    }
}

/// Binds `value` at `index` unless `slot` says it is bound there already.
fn bind_changed<T: Copy + PartialEq>(
    stmt: &mut Statement<'_>,
    index: usize,
    slot: &mut Option<T>,
    value: T,
    bind: impl FnOnce(&mut Statement<'_>, usize, T) -> rusqlite::Result<()>,
) -> Result<(), StoreError> {
    if *slot != Some(value) {
        *slot = None;
        bind(stmt, index, value)?;
        *slot = Some(value);
    }
    Ok(())
}

/// Binds plain row `row` at parameter `base + 1 ..= base + PLAIN.len()`,
/// skipping values that are bound there already.
fn bind_plain_row(
    stmt: &mut Statement<'_>,
    row: usize,
    bound: &mut RowBound,
    p: &Pending,
) -> Result<(), StoreError> {
    let m = &p.m;
    let base = row * PLAIN.len();
    bind_changed(stmt, base + 1, &mut bound.chat_id, p.chat_id, |s, i, v| {
        s.raw_bind_parameter(i, v)
    })?;
    stmt.raw_bind_parameter(base + 2, p.key)?;
    stmt.raw_bind_parameter(base + 3, m.sent_at.unix_millis())?;
    let tz = m.sent_at.offset_secs();
    bind_changed(stmt, base + 4, &mut bound.sent_tz, tz, |s, i, v| {
        s.raw_bind_parameter(i, v)
    })?;
    stmt.raw_bind_parameter(base + 5, p.sender_id)?;
    bind_changed(stmt, base + 6, &mut bound.kind, m.kind, |s, i, v| {
        s.raw_bind_parameter(i, v.as_str())
    })?;
    bind_changed(stmt, base + 7, &mut bound.extras, extras(m), |s, i, v| {
        s.raw_bind_parameter(i, v)
    })?;
    bind_changed(stmt, base + 8, &mut bound.edited, m.edited, |s, i, v| {
        s.raw_bind_parameter(i, v)
    })?;
    stmt.raw_bind_parameter(base + 9, &m.text)?;
    Ok(())
}

impl Ingest<'_> {
    /// Queues a message for insertion (see the module docs); duplicates are
    /// skipped exactly as by [`Ingest::message`], in the same order. Whether
    /// it was new shows in the [`crate::IngestStats`] of the commit. Faster
    /// than `message` for long runs of messages.
    pub fn push(&mut self, chat: ChatRef, m: Message) -> Result<(), StoreError> {
        let (chat_id, key, sender_id) = self.prepare_row(chat, &m)?;
        self.pending.push(Pending {
            chat,
            chat_id,
            key,
            sender_id,
            m,
        });
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the queued messages.
    pub(super) fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let n = pending.len();
        let before: i64 = self
            .stmts
            .max_id
            .query_row([], |r| r.get::<_, Option<i64>>(0))?
            .unwrap_or(0);
        let room = i64::MAX - before > BATCH as i64;
        let inserted = if room {
            let plain = n == BATCH && pending.iter().all(|p| is_plain(&p.m));
            let mut cached;
            let stmt: &mut Statement<'_> = if plain {
                &mut self.stmts.insert_plain_batch
            } else if n == BATCH {
                &mut self.stmts.insert_batch
            } else {
                cached = self.conn.prepare_cached(&insert_sql(n))?;
                &mut cached
            };
            if plain {
                // `plain` implies `n == BATCH`, the number of slots.
                let rows = pending.iter().zip(self.plain_bound.0.iter_mut());
                for (i, (p, bound)) in rows.enumerate() {
                    bind_plain_row(stmt, i, bound, p)?;
                }
            } else {
                for (i, p) in pending.iter().enumerate() {
                    bind_row(stmt, i * FULL.len(), p)?;
                }
            }
            Some(stmt.raw_execute()?)
        } else {
            None
        };
        let all_new = inserted == Some(n) && self.conn.last_insert_rowid() == before + n as i64;
        if all_new {
            for (i, p) in pending.iter().enumerate() {
                self.stored(p.chat, &p.m, before + 1 + i as i64)?;
            }
        } else if inserted == Some(0) {
            for p in &pending {
                self.duplicate(p.key, &p.m)?;
            }
        } else {
            if inserted.is_some() {
                self.stmts.delete_after.execute([before])?;
            }
            for p in &pending {
                self.insert_one(p.chat, p.chat_id, p.key, p.sender_id, &p.m)?;
            }
        }
        self.recycle(pending);
        Ok(())
    }

    /// Keeps the batch's allocation for the next one.
    fn recycle(&mut self, mut pending: Vec<Pending>) {
        pending.clear();
        self.pending = pending;
    }

    /// Inserts one message with the single-row statement; `Ok(true)` when new.
    pub(super) fn insert_one(
        &mut self,
        chat: ChatRef,
        chat_id: i64,
        key: i64,
        sender_id: Option<i64>,
        m: &Message,
    ) -> Result<bool, StoreError> {
        let inserted = self.stmts.insert_message.execute(params![
            chat_id,
            key,
            m.sent_at.unix_millis(),
            m.sent_at.offset_secs(),
            sender_id,
            m.kind.as_str(),
            extras(m),
            m.edited,
            m.edited_at.map(|t| t.unix_millis()),
            m.edited_at.map(|t| t.offset_secs()),
            m.native_id,
            m.reply_to,
            m.forwarded_from,
            m.text,
        ])?;
        if inserted == 0 {
            self.duplicate(key, m)?;
            return Ok(false);
        }
        let id = self.conn.last_insert_rowid();
        self.stored(chat, m, id)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferry_model::Timestamp;

    #[test]
    fn insert_sql_numbers_every_parameter() {
        let sql = insert_sql(2);
        assert!(sql.ends_with("(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14),(?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28)"));
        let plain = insert_plain_sql(2);
        assert!(plain.contains(
            "(chat_id, dedup_key, sent_at, sent_tz, sender_id, kind, extras, edited, text)"
        ));
        assert!(
            plain.ends_with("(?1,?2,?3,?4,?5,?6,?7,?8,?9),(?10,?11,?12,?13,?14,?15,?16,?17,?18)")
        );
    }

    #[test]
    fn only_messages_without_optional_columns_are_plain() {
        let mut plain = Message::text(Some("a".into()), Timestamp::from_unix(0, 0).unwrap(), "hi");
        assert!(is_plain(&plain));
        // WhatsApp marks edits without saying when: still plain.
        plain.edited = true;
        assert!(is_plain(&plain));
        type Set = fn(&mut Message);
        let cases: [(&str, Set); 4] = [
            ("edited_at", |m| m.edited_at = Some(m.sent_at)),
            ("native_id", |m| m.native_id = Some("1".into())),
            ("reply_to", |m| m.reply_to = Some("1".into())),
            ("forwarded_from", |m| m.forwarded_from = Some("x".into())),
        ];
        for (name, set) in cases {
            let mut m = plain.clone();
            set(&mut m);
            assert!(!is_plain(&m), "{name}");
        }
    }
}
