//! Second pass: every remaining event becomes one message, with the edits
//! and reactions of the first pass folded in. Reactions and edits are not
//! messages of their own.

use super::at_millis;
use super::fold::{Folds, is_redacted, replacement, str_at};
use super::stream::{Counting, Header, WalkError, walk};
use crate::{ChatHandle, ImportError, ImportOptions, Input, Position, Sink, SinkError, Warning};
use ferry_model::{App, Attachment, Chat, ChatKind, MediaKind, Message, MessageKind, Participant};
use serde_json::Value;

/// How often (in events) progress is reported.
const PROGRESS_EVERY: u64 = 500;

/// Imports the Element JSON export `entry` of `input`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);

    // Pass 1: relations, room id and names.
    let mut folds = Folds::default();
    let header = run_pass(input, entry, &file, &mut |event| {
        folds.note(&event, options.tz);
        Ok::<(), SinkError>(())
    })?;
    // `room_creator` is the creator's display name: a name for that mxid
    // when no membership event gave one.
    let creator_name = header.get("room_creator").and_then(Value::as_str);
    if let (Some(mxid), Some(name)) = (folds.creator.clone(), creator_name)
        && let Some(slot) = folds.people.get_mut(&mxid)
        && *slot == mxid
        && !name.is_empty()
    {
        *slot = name.to_owned();
    }

    let chat = begin(&header, &folds, options, sink).map_err(|e| ImportError::new(&file, e))?;

    // Pass 2: the messages.
    let mut state = Emit {
        input,
        file: &file,
        folds: &folds,
        options,
        chat,
        missing_media: 0,
        count: 0,
    };
    let mut seen = 0u64;
    let result = input
        .with_entry(entry, |r| {
            let (r, bytes) = Counting::new(r);
            walk(r, &mut |event| {
                state.event(&event, sink)?;
                seen += 1;
                if seen.is_multiple_of(PROGRESS_EVERY) {
                    sink.progress(bytes.get(), total)?;
                }
                Ok::<(), SinkError>(())
            })
        })
        .map_err(|e| ImportError::new(&file, e))?;
    result.map_err(|e| walk_error(&file, e))?;
    if state.missing_media > 0 {
        sink.warning(Warning {
            location: file.clone(),
            message: format!(
                "{} attachment(s) are not in the export (export again with \"Include attachments\" to keep the files)",
                state.missing_media
            ),
        });
    }
    sink.progress(total, total)
        .map_err(|e| ImportError::new(&file, e))?;
    Ok(())
}

/// One streamed pass over the events.
fn run_pass(
    input: &Input,
    entry: &str,
    file: &str,
    on_event: &mut dyn FnMut(Value) -> Result<(), SinkError>,
) -> Result<Header, ImportError> {
    input
        .with_entry(entry, |r| walk(r, on_event))
        .map_err(|e| ImportError::new(file, e))?
        .map_err(|e| walk_error(file, e))
}

fn walk_error(file: &str, e: WalkError<SinkError>) -> ImportError {
    match e {
        WalkError::Stopped(s) => ImportError::new(file, s),
        WalkError::Json(j) => {
            let position = Position {
                line: Some(j.line() as u64),
                column: Some(j.column() as u64),
                byte: None,
            };
            ImportError::malformed(file, position, format!("not an Element JSON export: {j}"))
        }
    }
}

/// Opens the chat and announces its participants.
fn begin(
    header: &Header,
    folds: &Folds,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ChatHandle, SinkError> {
    let title = header
        .get("room_name")
        .and_then(Value::as_str)
        .unwrap_or("Matrix room");
    let kind = if folds.people.len() > 2 {
        ChatKind::Group
    } else {
        ChatKind::Direct
    };
    let mut chat = Chat::new(App::Matrix, title, kind);
    chat.native_id = folds.room_id.clone();
    let handle = sink.begin_chat(chat)?;
    let exported_by = header.get("exported_by").and_then(Value::as_str);
    for (mxid, name) in &folds.people {
        let is_me = [exported_by, options.me.as_deref()]
            .into_iter()
            .flatten()
            .any(|me| me == mxid || me == name);
        sink.participant(
            handle,
            Participant {
                key: mxid.clone(),
                name: name.clone(),
                phone: None,
                handle: Some(mxid.clone()),
                native_id: Some(mxid.clone()),
                is_me,
            },
        )?;
    }
    Ok(handle)
}

/// State of the second pass.
struct Emit<'a> {
    input: &'a Input,
    file: &'a str,
    folds: &'a Folds,
    options: &'a ImportOptions,
    chat: ChatHandle,
    missing_media: u64,
    count: u64,
}

impl Emit<'_> {
    fn event(&mut self, event: &Value, sink: &mut dyn Sink) -> Result<(), SinkError> {
        self.count += 1;
        let kind = str_at(event, "type").unwrap_or("");
        if matches!(kind, "m.reaction" | "m.room.redaction") || replacement(event).is_some() {
            return Ok(());
        }
        let Some(millis) = event.get("origin_server_ts").and_then(Value::as_i64) else {
            sink.skipped(
                format!("{} event {}", self.file, self.count),
                "event without origin_server_ts".to_owned(),
            );
            return Ok(());
        };
        let Some(sent_at) = at_millis(millis, self.options.tz) else {
            sink.skipped(
                format!("{} event {}", self.file, self.count),
                format!("time out of range: {millis}"),
            );
            return Ok(());
        };
        let sender = str_at(event, "sender").map(str::to_owned);
        let mut msg = Message::text(sender.clone(), sent_at, "");
        msg.native_id = str_at(event, "event_id").map(str::to_owned);
        let content = event.get("content").unwrap_or(&Value::Null);
        let redacted = is_redacted(event)
            || msg
                .native_id
                .as_ref()
                .is_some_and(|id| self.folds.redacted.contains(id));
        if redacted {
            msg.kind = MessageKind::Deleted;
        } else {
            match kind {
                "m.room.message" => self.message(content, &mut msg, sink)?,
                "m.sticker" => {
                    msg.kind = MessageKind::Sticker;
                    msg.text = str_at(content, "body").unwrap_or("").to_owned();
                }
                "m.room.encrypted" => {
                    sink.skipped(
                        format!("{} event {}", self.file, self.count),
                        "encrypted event that Element could not decrypt".to_owned(),
                    );
                    return Ok(());
                }
                k if k.starts_with("m.call.") => {
                    if k != "m.call.invite" {
                        return Ok(());
                    }
                    msg.kind = MessageKind::Call;
                    msg.text = "Call".to_owned();
                }
                k if k.ends_with("poll.start") => {
                    msg.kind = MessageKind::Poll;
                    msg.text = poll_question(content).unwrap_or_default();
                }
                _ => {
                    msg.kind = MessageKind::System;
                    msg.text = self.system_text(kind, event, content);
                }
            }
        }
        if let Some(id) = &msg.native_id {
            if let Some(edit) = self.folds.edits.get(id) {
                if msg.kind != MessageKind::Deleted {
                    msg.text = edit.text.clone();
                }
                msg.edited = true;
                msg.edited_at = edit.at;
            }
            if let Some(r) = self.folds.reactions.get(id) {
                msg.reactions = r.clone();
            }
        }
        sink.message(self.chat, msg)
    }

    /// `m.room.message`: text kinds, media, locations.
    fn message(
        &mut self,
        content: &Value,
        msg: &mut Message,
        sink: &mut dyn Sink,
    ) -> Result<(), SinkError> {
        let body = str_at(content, "body").unwrap_or("");
        let reply = relates_to_reply(content);
        match str_at(content, "msgtype").unwrap_or("m.text") {
            "m.image" | "m.file" | "m.video" | "m.audio" => {
                msg.kind = MessageKind::Media;
                let name = str_at(content, "filename").unwrap_or(body);
                msg.attachments.push(self.attachment(content, name, sink)?);
                if str_at(content, "filename").is_some_and(|f| f != body) {
                    // With `filename` set, `body` is a caption.
                    msg.text = body.to_owned();
                }
            }
            "m.location" => {
                msg.kind = MessageKind::Location;
                msg.text = str_at(content, "geo_uri").unwrap_or(body).to_owned();
            }
            "m.emote" => {
                let who = msg
                    .sender
                    .as_deref()
                    .and_then(|s| self.folds.people.get(s))
                    .map(String::as_str)
                    .unwrap_or("*");
                msg.text = format!("* {who} {body}");
            }
            _ => {
                msg.text = if reply.is_some() {
                    strip_reply_fallback(body).to_owned()
                } else {
                    body.to_owned()
                };
            }
        }
        msg.reply_to = reply;
        Ok(())
    }

    /// The attachment of a media event; the file when the export holds it.
    fn attachment(
        &mut self,
        content: &Value,
        name: &str,
        sink: &mut dyn Sink,
    ) -> Result<Attachment, SinkError> {
        let info = content.get("info");
        let mime = info.and_then(|i| str_at(i, "mimetype")).map(str::to_owned);
        let mut att = Attachment::named(name);
        att.media_kind = match str_at(content, "msgtype") {
            Some("m.image") => MediaKind::Image,
            Some("m.video") => MediaKind::Video,
            Some("m.audio") => MediaKind::Audio,
            _ => MediaKind::from_file_name(name),
        };
        att.size = info.and_then(|i| i.get("size")).and_then(Value::as_u64);
        att.mime = mime;
        let found = self
            .input
            .entries()
            .iter()
            .find(|e| !name.is_empty() && e.file_name() == name && !e.name.ends_with(".json"))
            .map(|e| e.name.clone());
        match found {
            Some(entry) => {
                if let Ok(stored) = self.input.with_entry(&entry, |r| sink.media(name, r)) {
                    let stored = stored?;
                    att.content_hash = Some(stored.content_hash);
                    att.size = Some(stored.size);
                } else {
                    self.missing_media += 1;
                }
            }
            None => self.missing_media += 1,
        }
        Ok(att)
    }

    /// Element-like wording for state events.
    fn system_text(&self, kind: &str, event: &Value, content: &Value) -> String {
        let name_of = |id: &str| {
            self.folds
                .people
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.to_owned())
        };
        let actor = str_at(event, "sender").map(name_of).unwrap_or_default();
        match kind {
            "m.room.create" => format!("{actor} created the room"),
            "m.room.member" => {
                let target = str_at(event, "state_key").map(name_of).unwrap_or_default();
                let prev = event
                    .get("unsigned")
                    .and_then(|u| u.get("prev_content"))
                    .and_then(|p| str_at(p, "membership"));
                match (str_at(content, "membership"), prev) {
                    (Some("join"), Some("join")) => format!("{target} changed their profile"),
                    (Some("join"), _) => format!("{target} joined the room"),
                    (Some("invite"), _) => format!("{actor} invited {target}"),
                    (Some("leave"), _) if actor != target => format!("{actor} removed {target}"),
                    (Some("leave"), _) => format!("{target} left the room"),
                    (Some("ban"), _) => format!("{actor} banned {target}"),
                    (m, _) => format!("{target}: membership {}", m.unwrap_or("changed")),
                }
            }
            "m.room.name" => format!(
                "{actor} changed the room name to {}",
                str_at(content, "name").unwrap_or("")
            ),
            "m.room.topic" => format!(
                "{actor} changed the topic to {}",
                str_at(content, "topic").unwrap_or("")
            ),
            "m.room.avatar" => format!("{actor} changed the room avatar"),
            "m.room.encryption" => format!("{actor} turned on end-to-end encryption"),
            other => format!("{actor}: {other}"),
        }
    }
}

/// The replied-to event id (`m.relates_to.m.in_reply_to.event_id`).
fn relates_to_reply(content: &Value) -> Option<String> {
    let rel = content.get("m.relates_to")?;
    str_at(rel.get("m.in_reply_to")?, "event_id").map(str::to_owned)
}

/// Drops the `> <@user:server> quoted` lines Element puts in front of a
/// reply's body, and the blank line after them.
pub fn strip_reply_fallback(body: &str) -> &str {
    if !body.starts_with("> ") {
        return body;
    }
    let mut rest = body;
    while rest.starts_with('>') {
        match rest.find('\n') {
            Some(i) => rest = rest.get(i + 1..).unwrap_or(""),
            None => return body,
        }
    }
    rest.strip_prefix('\n').unwrap_or(rest)
}

/// The question of a poll (stable and unstable MSC3381 keys).
fn poll_question(content: &Value) -> Option<String> {
    let start = content
        .get("m.poll")
        .or_else(|| content.get("org.matrix.msc3381.poll.start"))?;
    let q = start.get("question")?;
    str_at(q, "body")
        .or_else(|| str_at(q, "org.matrix.msc1767.text"))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::strip_reply_fallback;

    #[test]
    fn reply_fallback_is_stripped() {
        let cases = [
            ("> <@a:x> hi\n\nyo", "yo"),
            ("> <@a:x> l1\n> l2\n\nyo\nmore", "yo\nmore"),
            ("> only a quote", "> only a quote"),
            ("plain", "plain"),
        ];
        for (body, want) in cases {
            assert_eq!(strip_reply_fallback(body), want, "{body:?}");
        }
    }
}
