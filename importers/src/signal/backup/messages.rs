//! Turning the rebuilt database into chats and messages.
//!
//! One chat per `thread` row (opened when its first message is read), one
//! message per row of `message` (or, before database version 168, of
//! `sms` and `mms`). Per message: attachments from `attachment`/`part`
//! (with the content hash of the blob streamed earlier), reactions from
//! `reaction`, the quoted message, edits (`original_message_id`,
//! `latest_revision_id`) and remote deletion.
//!
//! Ids: a message is `"<date_sent>:<author key>"` (row ids change
//! between backups; Signal itself identifies a message by its author and
//! sent timestamp, which is also what a quote stores). An edited message
//! keeps the id of its first version.

use super::schema::{Recipient, Schema};
use super::types::{self, Class};
use crate::signal::{kind_from_mime, timestamp};
use crate::sink::StoredMedia;
use crate::{ChatHandle, ImportError, ImportErrorKind, Sink, Warning};
use chrono_tz::Tz;
use ferry_model::{App, Attachment, Chat, ChatKind, Message, MessageKind, Participant, Reaction};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// Everything the reader needs, gathered once.
#[derive(Debug)]
pub struct Context<'a> {
    pub file: &'a str,
    pub conn: &'a Connection,
    pub schema: &'a Schema,
    pub recipients: &'a HashMap<i64, Recipient>,
    pub groups: &'a super::schema::Groups,
    pub self_id: Option<i64>,
    pub me_name: Option<&'a str>,
    /// Streamed attachment blobs by attachment row id.
    pub media: &'a HashMap<i64, StoredMedia>,
    pub tz: Tz,
}

/// Which message table a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `message` (version 168 on): rows name their author.
    Message,
    /// Legacy text messages: `address`/`recipient_id` is the peer.
    Sms,
    /// Legacy media messages.
    Mms,
}

#[derive(Debug)]
struct Row {
    id: i64,
    thread: i64,
    date_sent: i64,
    ty: i64,
    body: Option<String>,
    from: Option<i64>,
    quote_id: Option<i64>,
    quote_author: Option<i64>,
    deleted: bool,
    superseded: bool,
    original: Option<i64>,
    story: bool,
}

/// Counts for tests and reports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub chats: u64,
    pub messages: u64,
}

fn sql_err(file: &str, e: rusqlite::Error) -> ImportError {
    ImportError::new(
        file,
        ImportErrorKind::Malformed(format!("reading the backup's database: {e}")),
    )
}

impl Context<'_> {
    fn sink_err(&self) -> impl Fn(crate::SinkError) -> ImportError + '_ {
        move |e| ImportError::new(self.file, e)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> ImportError + '_ {
        move |e| sql_err(self.file, e)
    }

    fn message_sql(&self, src: Source) -> Option<String> {
        let s = self.schema;
        let t = match src {
            Source::Message => "message",
            Source::Sms => "sms",
            Source::Mms => "mms",
        };
        if !s.has(t, "_id") || !s.has(t, "thread_id") {
            return None;
        }
        let date = s.pick(t, &["date_sent", "date"])?;
        let ty = s.pick(t, &["type", "msg_box"])?;
        let from = match src {
            Source::Message => s.expr(t, &["from_recipient_id", "recipient_id", "address"]),
            Source::Sms | Source::Mms => s.expr(t, &["recipient_id", "address"]),
        };
        Some(format!(
            "SELECT _id, thread_id, {date}, {ty}, {body}, {from}, {qid}, {qauthor}, {deleted}, \
             {latest}, {original}, {story}, {parent} FROM {t} ORDER BY thread_id, {date}, _id",
            body = s.expr(t, &["body"]),
            qid = s.expr(t, &["quote_id"]),
            qauthor = s.expr(t, &["quote_author"]),
            deleted = s.expr(t, &["remote_deleted"]),
            latest = s.expr(t, &["latest_revision_id"]),
            original = s.expr(t, &["original_message_id"]),
            story = s.expr(t, &["story_type"]),
            parent = s.expr(t, &["parent_story_id"]),
        ))
    }

    fn key_of(&self, id: i64) -> String {
        match self.recipients.get(&id) {
            Some(r) => r.key(),
            None if Some(id) == self.self_id => "me".to_owned(),
            None => format!("recipient:{id}"),
        }
    }

    fn participant(&self, id: i64) -> Participant {
        let is_me = Some(id) == self.self_id;
        match self.recipients.get(&id) {
            Some(r) => Participant {
                key: r.key(),
                name: if is_me {
                    self.me_name
                        .map(str::to_owned)
                        .unwrap_or_else(|| r.display())
                } else {
                    r.display()
                },
                phone: r.phone.clone(),
                handle: r.username.clone(),
                native_id: r.aci.clone(),
                is_me,
            },
            None => Participant {
                is_me,
                ..Participant::named(self.key_of(id))
            },
        }
    }

    /// The participant standing for the owner when the backup does not say
    /// which recipient that is.
    fn anonymous_me(&self) -> Participant {
        Participant {
            key: "me".into(),
            is_me: true,
            ..Participant::named(self.me_name.unwrap_or("Me"))
        }
    }
}

/// Emits every chat and message of the database into the sink.
pub fn emit(ctx: &Context<'_>, sink: &mut dyn Sink) -> Result<Counts, ImportError> {
    let e = ctx.err();
    prepare_indexes(ctx).map_err(&e)?;
    let threads = threads(ctx).map_err(&e)?;
    let mut state = State {
        chats: HashMap::new(),
        members: HashSet::new(),
        counts: Counts::default(),
    };
    let sources: &[Source] = if ctx.schema.has_table("message") {
        &[Source::Message]
    } else {
        &[Source::Sms, Source::Mms]
    };
    let att_sql = attachment_sql(ctx.schema);
    let reaction_sql = reaction_sql(ctx.schema);
    for &src in sources {
        let Some(sql) = ctx.message_sql(src) else {
            continue;
        };
        let mut stmt = ctx.conn.prepare(&sql).map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let opt = |i: usize| r.get::<_, Option<i64>>(i).ok().flatten();
            let row = Row {
                id: r.get(0).map_err(&e)?,
                thread: opt(1).unwrap_or(0),
                date_sent: opt(2).unwrap_or(0),
                ty: opt(3).unwrap_or(0),
                body: r.get::<_, Option<String>>(4).ok().flatten(),
                from: opt(5),
                quote_id: opt(6).filter(|q| *q > 0),
                quote_author: opt(7),
                deleted: opt(8).unwrap_or(0) != 0,
                superseded: opt(9).is_some_and(|x| x > 0),
                original: opt(10).filter(|x| *x > 0),
                story: opt(11).unwrap_or(0) != 0 || opt(12).unwrap_or(0) != 0,
            };
            one_row(
                ctx,
                sink,
                &mut state,
                &threads,
                src,
                &row,
                att_sql.as_deref(),
                reaction_sql.as_deref(),
            )?;
            if state.counts.messages.is_multiple_of(4096) {
                sink.progress(1, 1).map_err(ctx.sink_err())?;
            }
        }
    }
    Ok(state.counts)
}

struct State {
    chats: HashMap<i64, ChatHandle>,
    members: HashSet<(ChatHandle, String)>,
    counts: Counts,
}

fn prepare_indexes(ctx: &Context<'_>) -> rusqlite::Result<()> {
    let s = ctx.schema;
    for (t, c) in [
        ("attachment", "message_id"),
        ("part", "mid"),
        ("reaction", "message_id"),
    ] {
        if s.has(t, c) {
            ctx.conn.execute_batch(&format!(
                "CREATE INDEX IF NOT EXISTS ferry_{t}_{c} ON {t} ({c})"
            ))?;
        }
    }
    Ok(())
}

/// Thread row id -> recipient row id.
fn threads(ctx: &Context<'_>) -> rusqlite::Result<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    let Some(col) = ctx.schema.pick(
        "thread",
        &["thread_recipient_id", "recipient_id", "recipient_ids"],
    ) else {
        return Ok(out);
    };
    let mut stmt = ctx
        .conn
        .prepare(&format!("SELECT _id, {col} FROM thread"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        // `recipient_ids` was text ("12" or "12 13" for old MMS groups).
        let rid = match r.get_ref(1)? {
            rusqlite::types::ValueRef::Integer(i) => Some(i),
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t)
                .split(|c: char| !c.is_ascii_digit())
                .find_map(|s| s.parse().ok()),
            _ => None,
        };
        if let Some(rid) = rid {
            out.insert(id, rid);
        }
    }
    Ok(out)
}

fn attachment_sql(s: &Schema) -> Option<String> {
    let (t, mid) = if s.has("attachment", "message_id") {
        ("attachment", "message_id")
    } else if s.has("part", "mid") {
        ("part", "mid")
    } else {
        return None;
    };
    Some(format!(
        "SELECT _id, {ct}, {name}, {size}, {sticker}, {voice} FROM {t} WHERE {mid} = ?1 ORDER BY _id",
        ct = s.expr(t, &["content_type", "ct"]),
        name = s.expr(t, &["file_name"]),
        size = s.expr(t, &["data_size"]),
        sticker = s.expr(t, &["sticker_pack_id"]),
        voice = s.expr(t, &["voice_note"]),
    ))
}

fn reaction_sql(s: &Schema) -> Option<String> {
    if !s.has("reaction", "message_id") || !s.has("reaction", "emoji") {
        return None;
    }
    let mms = if s.has("reaction", "is_mms") {
        "is_mms = ?2"
    } else {
        "?2 = ?2"
    };
    Some(format!(
        "SELECT {author}, emoji, {date} FROM reaction WHERE message_id = ?1 AND {mms} ORDER BY _id",
        author = s.expr("reaction", &["author_id"]),
        date = s.expr("reaction", &["date_sent", "date_received"]),
    ))
}

#[allow(clippy::too_many_arguments)]
fn one_row(
    ctx: &Context<'_>,
    sink: &mut dyn Sink,
    state: &mut State,
    threads: &HashMap<i64, i64>,
    src: Source,
    row: &Row,
    att_sql: Option<&str>,
    reaction_sql: Option<&str>,
) -> Result<(), ImportError> {
    let e = ctx.err();
    let class = types::classify(row.ty);
    if row.superseded || row.story || class == Class::Ignore {
        return Ok(());
    }
    let outgoing = types::is_outgoing(row.ty);
    let author: Option<i64> = match src {
        Source::Message => row.from,
        Source::Sms | Source::Mms if outgoing => ctx.self_id,
        Source::Sms | Source::Mms => row.from,
    };
    let chat = open_chat(ctx, sink, state, threads, row.thread)?;
    let author_key = match author {
        Some(a) => {
            let key = ctx.key_of(a);
            if state.members.insert((chat, key.clone())) {
                sink.participant(chat, ctx.participant(a))
                    .map_err(ctx.sink_err())?;
            }
            key
        }
        None if outgoing => {
            let me = ctx.anonymous_me();
            if state.members.insert((chat, me.key.clone())) {
                sink.participant(chat, me.clone()).map_err(ctx.sink_err())?;
            }
            me.key
        }
        None => "unknown".to_owned(),
    };
    // An edit keeps the id of the first version; its own date is the edit.
    let first_sent = match row.original {
        Some(orig) if src == Source::Message => ctx
            .conn
            .prepare_cached("SELECT date_sent FROM message WHERE _id = ?1")
            .and_then(|mut s| s.query_row([orig], |r| r.get::<_, i64>(0)))
            .unwrap_or(row.date_sent),
        _ => row.date_sent,
    };
    let sent_at = timestamp(first_sent, ctx.tz).ok_or_else(|| {
        ImportError::malformed(
            ctx.file,
            crate::Position::default(),
            format!("message {} has an impossible date {}", row.id, first_sent),
        )
    })?;
    let mut msg = Message::text(None, sent_at, String::new());
    msg.native_id = Some(format!("{first_sent}:{author_key}"));
    if row.original.is_some() {
        msg.edited = true;
        msg.edited_at = timestamp(row.date_sent, ctx.tz);
    }
    msg.reply_to = row.quote_id.map(|q| {
        format!(
            "{q}:{}",
            row.quote_author.map(|a| ctx.key_of(a)).unwrap_or_default()
        )
    });
    msg.kind = types::kind(&class);
    match class {
        Class::Call(what) => {
            msg.sender = Some(author_key);
            msg.text = what.to_owned();
        }
        Class::Notice(what) => {
            let who = match author {
                Some(a) if Some(a) == ctx.self_id => "You".to_owned(),
                Some(a) => ctx
                    .recipients
                    .get(&a)
                    .map(Recipient::display)
                    .unwrap_or_else(|| "Someone".to_owned()),
                None if outgoing => "You".to_owned(),
                None => "Someone".to_owned(),
            };
            msg.text = format!("{who} {what}");
        }
        Class::Normal | Class::Ignore => {
            msg.sender = Some(author_key);
            msg.text = row.body.clone().unwrap_or_default();
            if src != Source::Sms
                && let Some(sql) = att_sql
            {
                attachments(ctx, sink, sql, row.id, &mut msg)?;
            }
            if row.deleted {
                msg.kind = MessageKind::Deleted;
                msg.text.clear();
            }
        }
    }
    if let Some(sql) = reaction_sql {
        let is_mms = i64::from(src == Source::Mms);
        let mut stmt = ctx.conn.prepare_cached(sql).map_err(&e)?;
        let mut rows = stmt.query([row.id, is_mms]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let by = r.get::<_, Option<i64>>(0).ok().flatten();
            let Some(emoji) = r.get::<_, Option<String>>(1).ok().flatten() else {
                continue;
            };
            let at = r.get::<_, Option<i64>>(2).ok().flatten();
            if let Some(b) = by {
                let key = ctx.key_of(b);
                if state.members.insert((chat, key)) {
                    sink.participant(chat, ctx.participant(b))
                        .map_err(ctx.sink_err())?;
                }
            }
            msg.reactions.push(Reaction {
                emoji,
                by: by.map(|b| ctx.key_of(b)),
                at: at.and_then(|a| timestamp(a, ctx.tz)),
            });
        }
    }
    sink.message(chat, msg).map_err(ctx.sink_err())?;
    state.counts.messages += 1;
    Ok(())
}

fn attachments(
    ctx: &Context<'_>,
    sink: &mut dyn Sink,
    sql: &str,
    message_id: i64,
    msg: &mut Message,
) -> Result<(), ImportError> {
    let e = ctx.err();
    let mut stmt = ctx.conn.prepare_cached(sql).map_err(&e)?;
    let mut rows = stmt.query([message_id]).map_err(&e)?;
    let mut sticker = false;
    while let Some(r) = rows.next().map_err(&e)? {
        let id: i64 = r.get(0).map_err(&e)?;
        let mime = r.get::<_, Option<String>>(1).ok().flatten();
        let name = r.get::<_, Option<String>>(2).ok().flatten();
        let size = r.get::<_, Option<i64>>(3).ok().flatten();
        let is_sticker = r.get::<_, Option<String>>(4).ok().flatten().is_some();
        let voice = r.get::<_, Option<i64>>(5).ok().flatten().unwrap_or(0) != 0;
        let file_name = name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| attachment_name(id, mime.as_deref()));
        let mut att = Attachment::named(file_name);
        if let Some(m) = &mime {
            att.media_kind = kind_from_mime(m, &att.file_name);
        }
        if voice {
            att.media_kind = ferry_model::MediaKind::Voice;
        }
        if is_sticker {
            att.media_kind = ferry_model::MediaKind::Sticker;
            sticker = true;
        }
        att.mime = mime;
        att.size = size.and_then(|s| u64::try_from(s).ok());
        match ctx.media.get(&id) {
            Some(stored) => {
                att.content_hash = Some(stored.content_hash.clone());
                att.size = Some(stored.size);
            }
            None => sink.warning(Warning {
                location: ctx.file.to_owned(),
                message: format!(
                    "attachment {} of message {} is not in the backup (never downloaded or expired)",
                    att.file_name,
                    msg.native_id.as_deref().unwrap_or("?")
                ),
            }),
        }
        msg.attachments.push(att);
    }
    if !msg.attachments.is_empty() {
        msg.kind = if sticker {
            MessageKind::Sticker
        } else {
            MessageKind::Media
        };
    }
    Ok(())
}

/// A name for an attachment the database does not name.
pub fn attachment_name(id: i64, mime: Option<&str>) -> String {
    let ext = match mime.unwrap_or("") {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "video/mp4" => "mp4",
        "audio/aac" => "aac",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "text/plain" => "txt",
        "application/pdf" => "pdf",
        "text/x-signal-plain" => "txt",
        _ => "bin",
    };
    format!("attachment-{id}.{ext}")
}

fn open_chat(
    ctx: &Context<'_>,
    sink: &mut dyn Sink,
    state: &mut State,
    threads: &HashMap<i64, i64>,
    thread: i64,
) -> Result<ChatHandle, ImportError> {
    if let Some(h) = state.chats.get(&thread) {
        return Ok(*h);
    }
    let rid = threads.get(&thread).copied();
    let recipient = rid.and_then(|r| ctx.recipients.get(&r));
    let mut members: Vec<i64> = Vec::new();
    let mut chat = match recipient {
        Some(r) if r.is_group() => {
            let (title, ids) = r
                .group_id
                .as_ref()
                .and_then(|g| ctx.groups.get(g))
                .cloned()
                .unwrap_or_default();
            members.extend(ids);
            let title = title
                .or_else(|| r.name.clone())
                .unwrap_or_else(|| "Group".into());
            Chat::new(App::Signal, title, ChatKind::Group)
        }
        Some(r) => {
            members.push(r.id);
            let title = if Some(r.id) == ctx.self_id {
                "Note to Self".to_owned()
            } else {
                r.display()
            };
            Chat::new(App::Signal, title, ChatKind::Direct)
        }
        None => Chat::new(
            App::Signal,
            format!("Signal thread {thread}"),
            ChatKind::Direct,
        ),
    };
    chat.native_id = recipient.map(Recipient::key);
    let handle = sink.begin_chat(chat).map_err(ctx.sink_err())?;
    if let Some(me) = ctx.self_id {
        members.push(me);
    }
    for m in members {
        let p = ctx.participant(m);
        if state.members.insert((handle, p.key.clone())) {
            sink.participant(handle, p).map_err(ctx.sink_err())?;
        }
    }
    state.chats.insert(thread, handle);
    state.counts.chats += 1;
    Ok(handle)
}
