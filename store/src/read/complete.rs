//! Completing a batch of message rows with a few queries over all of them:
//! attachments and reactions of the rows flagged as having them, and the
//! row ids of the messages they reply to. Lookups bind up to [`IN_SLOTS`]
//! keys per execution of one cached statement.

use super::opt_timestamp;
use super::stream::MessageRow;
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
    attach(conn, &mut out, with_attachments)?;
    react(conn, chat, &mut out, with_reactions)?;
    resolve_replies(conn, chat, &mut out)?;
    Ok(out)
}

/// The message of row `id` among `flagged` (sorted by id).
fn flagged_message<'m>(
    out: &'m mut [StoredMessage],
    flagged: &[(i64, usize)],
    id: i64,
) -> Option<&'m mut StoredMessage> {
    let i = flagged.binary_search_by_key(&id, |&(id, _)| id).ok()?;
    out.get_mut(flagged.get(i)?.1)
}

fn attach(
    conn: &Connection,
    out: &mut [StoredMessage],
    mut flagged: Vec<(i64, usize)>,
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
            if let Some(m) = flagged_message(out, &flagged, r.get(0)?) {
                m.message.attachments.push(attachment);
            }
            Ok(())
        },
    )
}

fn react(
    conn: &Connection,
    chat: i64,
    out: &mut [StoredMessage],
    mut flagged: Vec<(i64, usize)>,
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
            if let Some(m) = flagged_message(out, &flagged, id) {
                m.message.reactions.push(reaction);
            }
            Ok(())
        },
    )
}

/// Sets `reply_to_id` of the messages whose reply target is in the library.
fn resolve_replies(
    conn: &Connection,
    chat: i64,
    out: &mut [StoredMessage],
) -> Result<(), StoreError> {
    let mut keys: Vec<i64> = out
        .iter()
        .filter_map(|m| m.message.reply_to.as_deref())
        .map(|native| hash::native_key(chat, native))
        .collect();
    if keys.is_empty() {
        return Ok(());
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
    for m in out {
        if let Some(native) = &m.message.reply_to {
            m.reply_to_id = found.get(&hash::native_key(chat, native)).copied();
        }
    }
    Ok(())
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
