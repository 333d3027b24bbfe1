//! The message stream: one ordered query over `chat_message_join` and
//! `message`, one chat at a time, nothing collected in memory but the
//! tapbacks (see [`super::tapbacks`]).
//!
//! Per message: the sender (`is_from_me` is the owner, else the handle's
//! address), the text (`text`, else decoded from `attributedBody`), the
//! thread it replies to (`thread_originator_guid`; `reply_to_guid` only
//! links each message to the one before it and is not a reply), edits
//! (`date_edited`), unsends (`date_retracted`, or an edited message left
//! with no content), group events (`item_type`) and attachments.
//! Messages joined to no chat are reported as skipped.

use super::attachments;
use super::schema::{self, ChatRow, Schema};
use super::summary::{self, Summary};
use super::tapbacks;
use super::time::apple_time;
use super::typedstream;
use crate::{ChatHandle, ImportError, ImportErrorKind, ImportOptions, Sink, Warning};
use ferry_model::{App, Chat, Message, MessageKind};
use rusqlite::{Connection, Row};
use std::collections::HashSet;
use std::path::Path;

fn sql_err(file: &str, e: rusqlite::Error) -> ImportError {
    ImportError::new(
        file,
        ImportErrorKind::Malformed(format!("reading the Messages database: {e}")),
    )
}

/// The chat being written and what was noted about it.
struct Open {
    chat_id: i64,
    handle: ChatHandle,
    title: String,
    members: HashSet<String>,
    missing: u64,
    first_missing: Option<String>,
}

/// Reads every chat of the database into the sink.
pub fn import(
    conn: &Connection,
    file: &str,
    options: &ImportOptions,
    attachments_dir: Option<&Path>,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let err = |e| sql_err(file, e);
    let schema = Schema::read(conn).map_err(err)?;
    for (table, column) in [
        ("message", "guid"),
        ("message", "date"),
        ("chat", "guid"),
        ("handle", "id"),
    ] {
        if !schema.has(table, column) {
            return Err(ImportError::new(
                file,
                ImportErrorKind::Malformed(format!("no column {table}.{column}")),
            ));
        }
    }
    let handles = schema::handles(conn).map_err(err)?;
    let chats = schema::chats(conn, &schema, &handles).map_err(err)?;
    let mut reactions = tapbacks::load(conn, &schema, &handles, options.tz).map_err(err)?;
    let attachment_sql = attachments::sql(&schema);
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM chat_message_join", [], |r| r.get(0))
        .map_err(err)?;
    let total = u64::try_from(total).unwrap_or(0);

    let c = |col: &str| schema.col("message", "m", col);
    let not_tapback = if schema.has("message", "associated_message_type") {
        "WHERE COALESCE(m.associated_message_type, 0) NOT BETWEEN 2000 AND 3999"
    } else {
        ""
    };
    let sql = format!(
        "SELECT j.chat_id, m.ROWID, m.guid, {text}, {body}, {handle}, m.date, {from_me}, \
         {item_type}, {action}, {title}, {other}, {edited}, {retracted}, {thread}, {summary} \
         FROM chat_message_join j JOIN message m ON m.ROWID = j.message_id {not_tapback} \
         ORDER BY j.chat_id, m.date, m.ROWID",
        text = c("text"),
        body = c("attributedBody"),
        handle = c("handle_id"),
        from_me = c("is_from_me"),
        item_type = c("item_type"),
        action = c("group_action_type"),
        title = c("group_title"),
        other = c("other_handle"),
        edited = c("date_edited"),
        retracted = c("date_retracted"),
        thread = c("thread_originator_guid"),
        summary = c("message_summary_info"),
    );
    let mut stmt = conn.prepare(&sql).map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    let sink_err = |e| ImportError::new(file, e);
    let mut open: Option<Open> = None;
    let mut done = 0u64;
    while let Some(row) = rows.next().map_err(err)? {
        let r = read_row(row);
        done += 1;
        if done.is_multiple_of(1000) {
            sink.progress(done, total).map_err(sink_err)?;
        }
        if open.as_ref().map(|o| o.chat_id) != Some(r.chat_id) {
            if let Some(o) = open.take() {
                finish(o, file, attachments_dir, sink);
            }
            let Some(chat) = chats.get(&r.chat_id) else {
                sink.skipped(
                    format!("{file}: message {}", r.guid),
                    format!("joined to chat {} which does not exist", r.chat_id),
                );
                continue;
            };
            open = Some(begin(r.chat_id, chat, options, sink).map_err(sink_err)?);
        }
        let Some(o) = open.as_mut() else { continue };
        let sender = if r.from_me {
            Some(schema::ME.to_owned())
        } else {
            handles.get(&r.handle).map(|h| h.address.clone())
        };
        if let Some(s) = &sender
            && o.members.insert(s.clone())
        {
            sink.participant(o.handle, schema::participant(s))
                .map_err(sink_err)?;
        }
        let Some(sent_at) = apple_time(r.date, options.tz).or_else(|| apple_time(1, options.tz))
        else {
            continue;
        };
        let mut message = Message::text(sender, sent_at, String::new());
        message.native_id = Some(r.guid.clone());
        message.text = text_of(&r, file, sink);
        message.reply_to = r.thread.clone().filter(|t| !t.is_empty());
        message.edited_at = apple_time(r.edited, options.tz);
        message.edited = message.edited_at.is_some() || r.summary.edited;
        message.reactions = reactions.remove(&r.guid).unwrap_or_default();
        if let Some(sql) = &attachment_sql {
            for a in attachments::rows(conn, sql, r.rowid).map_err(err)? {
                let (att, found) = attachments::resolve(&a, attachments_dir, file, sink)?;
                if !found {
                    o.missing += 1;
                    o.first_missing.get_or_insert_with(|| {
                        a.filename.clone().unwrap_or_else(|| att.file_name.clone())
                    });
                }
                message.attachments.push(att);
            }
        }
        message.kind = kind_of(&r, &message);
        if r.item_type != 0 {
            let other = handles.get(&r.other).map(|h| h.address.as_str());
            message.text = system_text(r.item_type, r.action, r.group_title.as_deref(), other);
        }
        sink.message(o.handle, message).map_err(sink_err)?;
    }
    if let Some(o) = open.take() {
        finish(o, file, attachments_dir, sink);
    }
    sink.progress(total, total).map_err(sink_err)?;
    report_orphans(conn, not_tapback, file, sink);
    Ok(())
}

/// One row of the message query.
struct MessageRow {
    chat_id: i64,
    rowid: i64,
    guid: String,
    text: Option<String>,
    body: Option<Vec<u8>>,
    handle: i64,
    date: i64,
    from_me: bool,
    item_type: i64,
    action: i64,
    group_title: Option<String>,
    other: i64,
    edited: i64,
    retracted: i64,
    thread: Option<String>,
    summary: Summary,
}

fn int(row: &Row<'_>, i: usize) -> i64 {
    row.get::<_, Option<i64>>(i).ok().flatten().unwrap_or(0)
}

fn text(row: &Row<'_>, i: usize) -> Option<String> {
    match row.get_ref(i).ok()? {
        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
            Some(String::from_utf8_lossy(t).into_owned())
        }
        _ => None,
    }
}

fn read_row(row: &Row<'_>) -> MessageRow {
    MessageRow {
        chat_id: int(row, 0),
        rowid: int(row, 1),
        guid: text(row, 2).unwrap_or_default(),
        text: text(row, 3),
        body: row.get::<_, Option<Vec<u8>>>(4).ok().flatten(),
        handle: int(row, 5),
        date: int(row, 6),
        from_me: int(row, 7) != 0,
        item_type: int(row, 8),
        action: int(row, 9),
        group_title: text(row, 10),
        other: int(row, 11),
        edited: int(row, 12),
        retracted: int(row, 13),
        thread: text(row, 14),
        summary: row
            .get::<_, Option<Vec<u8>>>(15)
            .ok()
            .flatten()
            .map(|b| summary::read(&b))
            .unwrap_or_default(),
    }
}

fn begin(
    chat_id: i64,
    chat: &ChatRow,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<Open, crate::SinkError> {
    let mut c = Chat::new(App::IMessage, chat.title(), chat.kind());
    c.native_id = Some(chat.guid.clone()).filter(|g| !g.is_empty());
    let handle = sink.begin_chat(c)?;
    sink.participant(handle, schema::me(options.me.as_deref()))?;
    let mut members = HashSet::from([schema::ME.to_owned()]);
    for m in &chat.members {
        if members.insert(m.clone()) {
            sink.participant(handle, schema::participant(m))?;
        }
    }
    Ok(Open {
        chat_id,
        handle,
        title: chat.title(),
        members,
        missing: 0,
        first_missing: None,
    })
}

/// One warning for all the attachments of a chat that were not found.
fn finish(o: Open, file: &str, dir: Option<&Path>, sink: &mut dyn Sink) {
    if o.missing == 0 {
        return;
    }
    let first = o.first_missing.unwrap_or_default();
    let message = match dir {
        Some(dir) => format!(
            "{} attachment(s) of chat {:?} not found under {} (first: {first})",
            o.missing,
            o.title,
            dir.display()
        ),
        None => format!(
            "{} attachment(s) of chat {:?} not imported: no attachments folder given \
             (pass --attachments ~/Library/Messages/Attachments; first: {first})",
            o.missing, o.title
        ),
    };
    sink.warning(Warning {
        location: file.to_owned(),
        message,
    });
}

/// Object replacement (U+FFFC, an attachment's place) and U+FFFD (an app
/// balloon) split the text into parts; empty parts are dropped and the
/// rest joined by newlines.
pub fn clean_text(raw: &str) -> String {
    if !raw.contains(['\u{fffc}', '\u{fffd}']) {
        return raw.to_owned();
    }
    raw.split(['\u{fffc}', '\u{fffd}'])
        .filter(|p| !p.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_of(r: &MessageRow, file: &str, sink: &mut dyn Sink) -> String {
    if let Some(t) = r.text.as_deref().filter(|t| !t.is_empty()) {
        return clean_text(t);
    }
    let Some(body) = r.body.as_deref().filter(|b| !b.is_empty()) else {
        return clean_text(r.summary.edited_text.as_deref().unwrap_or_default());
    };
    match typedstream::decode_text(body) {
        Ok(Some(t)) if !t.is_empty() => clean_text(&t),
        Ok(_) => clean_text(r.summary.edited_text.as_deref().unwrap_or_default()),
        Err(e) => {
            sink.warning(Warning {
                location: format!("{file}: message {}", r.guid),
                message: format!("text not readable: {e}"),
            });
            String::new()
        }
    }
}

fn kind_of(r: &MessageRow, m: &Message) -> MessageKind {
    let emptied = m.text.is_empty() && m.attachments.is_empty();
    if r.retracted != 0 || (emptied && (m.edited || r.summary.retracted)) {
        return MessageKind::Deleted;
    }
    if r.item_type != 0 {
        return MessageKind::System;
    }
    match m.attachments.first() {
        Some(a) if m.text.is_empty() && a.media_kind == ferry_model::MediaKind::Sticker => {
            MessageKind::Sticker
        }
        Some(_) if m.text.is_empty() => MessageKind::Media,
        _ => MessageKind::Text,
    }
}

/// The text of a group event (`item_type` with `group_action_type`).
pub fn system_text(
    item_type: i64,
    action: i64,
    title: Option<&str>,
    other: Option<&str>,
) -> String {
    let other = other.unwrap_or("someone");
    match (item_type, action) {
        (1, 0) => format!("added {other} to the conversation"),
        (1, 1) => format!("removed {other} from the conversation"),
        (2, _) => match title {
            Some(t) if !t.is_empty() => format!("named the conversation \"{t}\""),
            _ => "removed the conversation name".to_owned(),
        },
        (3, 0) => "left the conversation".to_owned(),
        (3, 1) => "changed the group photo".to_owned(),
        (3, 2) => "removed the group photo".to_owned(),
        (t, a) => format!("conversation event (item type {t}, action {a})"),
    }
}

fn report_orphans(conn: &Connection, not_tapback: &str, file: &str, sink: &mut dyn Sink) {
    let filter = if not_tapback.is_empty() {
        "WHERE"
    } else {
        "AND"
    };
    let sql = format!(
        "SELECT COUNT(*) FROM message m {not_tapback} {filter} \
         NOT EXISTS (SELECT 1 FROM chat_message_join j WHERE j.message_id = m.ROWID)"
    );
    if let Ok(n) = conn.query_row(&sql, [], |r| r.get::<_, i64>(0))
        && n > 0
    {
        sink.skipped(file.to_owned(), format!("{n} message(s) belong to no chat"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_variants() {
        for (name, raw, expected) in [
            ("plain", "hello", "hello"),
            ("attachment only", "\u{fffc}", ""),
            ("text then attachment", "look\u{fffc}", "look"),
            (
                "parts",
                "\u{fffc}test 1\u{fffc}test 2 \u{fffc}test 3",
                "test 1\ntest 2\ntest 3",
            ),
            ("balloon", "\u{fffd}", ""),
            ("keeps inner spaces", "a  b", "a  b"),
        ] {
            assert_eq!(clean_text(raw), expected, "{name}");
        }
    }

    #[test]
    fn system_text_variants() {
        for (name, item, action, title, other, expected) in [
            (
                "added",
                1,
                0,
                None,
                Some("+1555"),
                "added +1555 to the conversation",
            ),
            (
                "removed",
                1,
                1,
                None,
                Some("+1555"),
                "removed +1555 from the conversation",
            ),
            (
                "renamed",
                2,
                0,
                Some("Ferry Group"),
                None,
                "named the conversation \"Ferry Group\"",
            ),
            (
                "name removed",
                2,
                0,
                None,
                None,
                "removed the conversation name",
            ),
            ("left", 3, 0, None, None, "left the conversation"),
            ("photo", 3, 1, None, None, "changed the group photo"),
            (
                "unknown",
                9,
                4,
                None,
                None,
                "conversation event (item type 9, action 4)",
            ),
        ] {
            assert_eq!(system_text(item, action, title, other), expected, "{name}");
        }
    }
}
