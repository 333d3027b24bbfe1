//! The statements an ingest runs per message, prepared once.

use crate::StoreError;
use rusqlite::{Connection, Statement};

pub(super) struct Statements<'c> {
    pub(super) insert_message: Statement<'c>,
    /// `insert_message` for [`super::batch::BATCH`] rows at once.
    pub(super) insert_batch: Statement<'c>,
    /// `insert_batch` for plain messages (see [`super::batch`]).
    pub(super) insert_plain_batch: Statement<'c>,
    pub(super) max_id: Statement<'c>,
    pub(super) delete_after: Statement<'c>,
    pub(super) insert_attachment: Statement<'c>,
    pub(super) insert_reaction: Statement<'c>,
    pub(super) find_participant: Statement<'c>,
    pub(super) upsert_participant: Statement<'c>,
}

impl<'c> Statements<'c> {
    pub(super) fn prepare(conn: &'c Connection) -> Result<Self, StoreError> {
        Ok(Statements {
            insert_message: conn.prepare(
                "INSERT OR IGNORE INTO messages (chat_id, dedup_key, sent_at, sent_tz, sender_id,
                    kind, extras, edited, edited_at, edited_tz, native_id, reply_to,
                    forwarded_from, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            insert_batch: conn.prepare(&super::batch::insert_sql(super::batch::BATCH))?,
            insert_plain_batch: conn
                .prepare(&super::batch::insert_plain_sql(super::batch::BATCH))?,
            max_id: conn.prepare("SELECT max(id) FROM messages")?,
            delete_after: conn.prepare("DELETE FROM messages WHERE id > ?1")?,
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
        })
    }
}
