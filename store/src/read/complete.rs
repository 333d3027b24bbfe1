//! Completing a batch of message rows (converted, or a [`RawBatch`]) with a
//! few queries over all of them:
//! attachments and reactions of the rows flagged as having them, and the
//! row ids of the messages they reply to. Lookups bind up to [`IN_SLOTS`]
//! keys per execution of one cached statement.

use super::opt_timestamp;
use super::raw::{MessageRow, RawBatch};
use crate::{StoreError, hash};
use ferry_model::{Attachment, MediaKind, Reaction, StoredMessage};
use rusqlite::{Connection, Row, params_from_iter};
use std::collections::HashMap;

/// How many keys one `IN (...)` lookup binds (unused slots are NULL).
const IN_SLOTS: usize = 64;

/// Completes a batch of rows of `chat`: attachments, reactions (by display
/// name) and the row ids of the messages they reply to.
pub(crate) fn complete(
    conn: &Connection,
    chat: i64,
    rows: Vec<MessageRow>,
) -> Result<Vec<StoredMessage>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    // (row id, index in `out`) of the rows with attachments / reactions.
    let mut with_attachments = Vec::new();
    let mut with_reactions = Vec::new();
    for row in rows {
        if row.extras & 1 != 0 {
            with_attachments.push((row.stored.id, out.len()));
        }
        if row.extras & 2 != 0 {
            with_reactions.push((row.stored.id, out.len()));
        }
        out.push(row.stored);
    }
    attach(conn, with_attachments, &mut |i, a| {
        if let Some(m) = out.get_mut(i) {
            m.message.attachments.push(a);
        }
    })?;
    react(conn, chat, with_reactions, &mut |i, r| {
        if let Some(m) = out.get_mut(i) {
            m.message.reactions.push(r);
        }
    })?;
    let found = reply_ids(
        conn,
        chat,
        out.iter().filter_map(|m| m.message.reply_to.as_deref()),
    )?;
    for m in &mut out {
        if let Some(native) = &m.message.reply_to {
            m.reply_to_id = found.get(&hash::native_key(chat, native)).copied();
        }
    }
    Ok(out)
}

/// Completes a raw batch of `chat` the same way: its attachments,
/// reactions and reply targets are read into it, to be joined to the
/// messages by [`RawBatch::into_messages`].
pub(crate) fn complete_raw(
    conn: &Connection,
    chat: i64,
    raw: &mut RawBatch,
) -> Result<(), StoreError> {
    let mut with_attachments = Vec::new();
    let mut with_reactions = Vec::new();
    for (i, row) in raw.rows.iter().enumerate() {
        if row.extras & 1 != 0 {
            with_attachments.push((row.id, i));
        }
        if row.extras & 2 != 0 {
            with_reactions.push((row.id, i));
        }
    }
    let mut attachments = Vec::new();
    attach(conn, with_attachments, &mut |i, a| attachments.push((i, a)))?;
    raw.attachments = attachments;
    let mut reactions = Vec::new();
    react(conn, chat, with_reactions, &mut |i, r| {
        reactions.push((i, r))
    })?;
    raw.reactions = reactions;
    let found = reply_ids(
        conn,
        chat,
        raw.rows.iter().filter_map(|row| raw.reply_to(row)),
    )?;
    if !found.is_empty() {
        raw.set_reply_ids(|native| found.get(&hash::native_key(chat, native)).copied());
    }
    Ok(())
}

/// The index (in the batch) of row `id` among `flagged` (sorted by id).
fn flagged_index(flagged: &[(i64, usize)], id: i64) -> Option<usize> {
    let i = flagged.binary_search_by_key(&id, |&(id, _)| id).ok()?;
    Some(flagged.get(i)?.1)
}

/// Reads the attachments of the `flagged` rows (row id, index in the
/// batch), handing each to `f` with its index, in order.
fn attach(
    conn: &Connection,
    mut flagged: Vec<(i64, usize)>,
    f: &mut dyn FnMut(usize, Attachment),
) -> Result<(), StoreError> {
    flagged.sort_unstable();
    let ids: Vec<i64> = flagged.iter().map(|&(id, _)| id).collect();
    each_in(
        conn,
        "SELECT message_id, file_name, media_kind, mime, size, content_hash FROM attachments
         WHERE message_id IN ({keys}) ORDER BY message_id, position",
        &[],
        &ids,
        &mut |r| {
            let attachment = Attachment {
                file_name: r.get(1)?,
                media_kind: MediaKind::parse(
                    r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?,
                ),
                mime: r.get(3)?,
                size: r
                    .get::<_, Option<i64>>(4)?
                    .and_then(|s| u64::try_from(s).ok()),
                content_hash: r.get(5)?,
            };
            if let Some(i) = flagged_index(&flagged, r.get(0)?) {
                f(i, attachment);
            }
            Ok(())
        },
    )
}

/// Reads the reactions of the `flagged` rows, like [`attach`].
fn react(
    conn: &Connection,
    chat: i64,
    mut flagged: Vec<(i64, usize)>,
    f: &mut dyn FnMut(usize, Reaction),
) -> Result<(), StoreError> {
    flagged.sort_unstable();
    let ids: Vec<i64> = flagged.iter().map(|&(id, _)| id).collect();
    each_in(
        conn,
        "SELECT r.message_id, r.emoji, coalesce(p.name, r.by_key), r.at, r.at_tz FROM reactions r
         LEFT JOIN participants p ON p.chat_id = ?1 AND p.key = r.by_key
         WHERE r.message_id IN ({keys}) ORDER BY r.message_id, r.position",
        &[chat],
        &ids,
        &mut |r| {
            let id: i64 = r.get(0)?;
            let reaction = Reaction {
                emoji: r.get(1)?,
                by: r.get(2)?,
                at: opt_timestamp("reactions", id, r.get(3)?, r.get(4)?)?,
            };
            if let Some(i) = flagged_index(&flagged, id) {
                f(i, reaction);
            }
            Ok(())
        },
    )
}

/// Row ids of the messages of `chat` with the given native ids that are in
/// the library, by [`hash::native_key`].
fn reply_ids<'a>(
    conn: &Connection,
    chat: i64,
    natives: impl Iterator<Item = &'a str>,
) -> Result<HashMap<i64, i64>, StoreError> {
    let mut keys: Vec<i64> = natives
        .map(|native| hash::native_key(chat, native))
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    keys.sort_unstable();
    keys.dedup();
    let mut found: HashMap<i64, i64> = HashMap::with_capacity(keys.len());
    each_in(
        conn,
        "SELECT dedup_key, id FROM messages WHERE native_id IS NOT NULL AND dedup_key IN ({keys})",
        &[],
        &keys,
        &mut |r| {
            found.insert(r.get(0)?, r.get(1)?);
            Ok(())
        },
    )?;
    Ok(found)
}

/// Runs `sql`, whose `{keys}` is replaced by an `IN` list of [`IN_SLOTS`]
/// parameters after the `lead` ones, for `keys` a chunk at a time, and
/// calls `f` for every row.
fn each_in(
    conn: &Connection,
    sql: &str,
    lead: &[i64],
    keys: &[i64],
    f: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if keys.is_empty() {
        return Ok(());
    }
    let slots: Vec<String> = (lead.len() + 1..=lead.len() + IN_SLOTS)
        .map(|i| format!("?{i}"))
        .collect();
    let mut stmt = conn.prepare_cached(&sql.replace("{keys}", &slots.join(", ")))?;
    let mut values: Vec<Option<i64>> = Vec::with_capacity(lead.len() + IN_SLOTS);
    for chunk in keys.chunks(IN_SLOTS) {
        values.clear();
        values.extend(lead.iter().copied().map(Some));
        values.extend(chunk.iter().copied().map(Some));
        values.resize(lead.len() + IN_SLOTS, None);
        let mut rows = stmt.query(params_from_iter(values.iter()))?;
        while let Some(r) = rows.next()? {
            f(r)?;
        }
    }
    Ok(())
}
