//! sigtop `-f json`: `[`, one Signal Desktop message object per line
//! (comma-terminated), `]`.
//!
//! The objects are Desktop's internal message model, so their keys drift
//! between Desktop versions (`sourceUuid` became `sourceServiceId`,
//! `authorUuid` became `authorAci`); both spellings are read. Lines are
//! parsed one at a time, borrowing strings from the line buffer, so memory
//! stays flat whatever the file size.
//!
//! Ids: a message is `"<sent_at>:<author>"`, the author being the sender's
//! service id (ACI) or phone, or `me` for outgoing messages; a quote names
//! the quoted message by its `sent_at` and author, which resolves to the
//! same id.

use super::split_detail;
use crate::json_str::JsonStr;
use crate::signal::{kind_from_mime, timestamp};
use crate::{ChatHandle, ImportError, ImportOptions, Position, Sink, Warning};
use ferry_model::{
    App, Attachment, Chat, ChatKind, MediaKind, Message, MessageKind, Participant, Reaction,
};
use serde::Deserialize;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};

type S<'a> = Option<JsonStr<'a>>;

#[derive(Debug, Deserialize)]
struct Raw<'a> {
    #[serde(rename = "conversationId", borrow)]
    conversation_id: S<'a>,
    #[serde(rename = "type", borrow)]
    ty: S<'a>,
    #[serde(borrow)]
    body: S<'a>,
    sent_at: Option<i64>,
    timestamp: Option<i64>,
    #[serde(rename = "sourceServiceId", borrow)]
    source_service_id: S<'a>,
    #[serde(rename = "sourceUuid", borrow)]
    source_uuid: S<'a>,
    #[serde(borrow)]
    source: S<'a>,
    #[serde(default, borrow)]
    attachments: Vec<RawAttachment<'a>>,
    #[serde(default, borrow)]
    reactions: Vec<RawReaction<'a>>,
    #[serde(borrow)]
    quote: Option<RawQuote<'a>>,
    #[serde(rename = "editHistory", default, borrow)]
    edit_history: Vec<RawEdit<'a>>,
    #[serde(rename = "editMessageTimestamp")]
    edit_message_timestamp: Option<i64>,
    #[serde(rename = "deletedForEveryone")]
    deleted_for_everyone: Option<bool>,
    #[serde(borrow)]
    sticker: Option<RawSticker<'a>>,
    #[serde(rename = "expirationTimerUpdate")]
    expiration_timer_update: Option<TimerUpdate>,
    #[serde(rename = "callHistoryDetails")]
    call_history_details: Option<CallDetails>,
}

#[derive(Debug, Deserialize)]
struct RawAttachment<'a> {
    #[serde(rename = "contentType", borrow)]
    content_type: S<'a>,
    #[serde(rename = "fileName", borrow)]
    file_name: S<'a>,
    size: Option<u64>,
    #[serde(borrow)]
    path: S<'a>,
    #[serde(default)]
    flags: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct RawReaction<'a> {
    #[serde(borrow)]
    emoji: S<'a>,
    #[serde(rename = "fromId", borrow)]
    from_id: S<'a>,
    timestamp: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct RawQuote<'a> {
    id: Option<i64>,
    #[serde(rename = "authorAci", borrow)]
    author_aci: S<'a>,
    #[serde(rename = "authorUuid", borrow)]
    author_uuid: S<'a>,
    #[serde(borrow)]
    author: S<'a>,
}

#[derive(Debug, Deserialize)]
struct RawEdit<'a> {
    #[serde(borrow)]
    #[allow(dead_code)]
    body: S<'a>,
    timestamp: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct RawSticker<'a> {
    #[serde(rename = "packId", borrow)]
    pack_id: S<'a>,
    #[serde(rename = "stickerId")]
    sticker_id: Option<i64>,
    #[serde(borrow)]
    emoji: S<'a>,
}

#[derive(Debug, Deserialize)]
struct TimerUpdate {
    #[serde(rename = "expireTimer")]
    expire_timer: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct CallDetails {
    #[serde(rename = "wasIncoming")]
    was_incoming: Option<bool>,
    #[serde(rename = "wasVideoCall")]
    was_video_call: Option<bool>,
    #[serde(rename = "wasDeclined")]
    was_declined: Option<bool>,
    #[serde(rename = "acceptedTime")]
    accepted_time: Option<i64>,
}

/// Per-file state: the chat, who has been seen, and the other person as
/// the title names them.
struct Conv<'o> {
    file: &'o str,
    title: &'o str,
    options: &'o ImportOptions,
    chat: Option<ChatHandle>,
    conversation_id: Option<String>,
    authors: HashSet<String>,
    missing_attachments: u64,
}

/// Imports one sigtop JSON file.
pub fn import(
    reader: &mut dyn Read,
    file: &str,
    title: &str,
    total: u64,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut conv = Conv {
        file,
        title,
        options,
        chat: None,
        conversation_id: None,
        authors: HashSet::new(),
        missing_attachments: 0,
    };
    let mut line = Vec::new();
    let (mut line_no, mut done) = (0u64, 0u64);
    let sink_err = |e| ImportError::new(file, e);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(|e| {
            ImportError::new(
                file,
                crate::InputError::Io {
                    path: file.into(),
                    source: e,
                },
            )
        })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        done += n as u64;
        let trimmed = line.trim_ascii();
        let trimmed = trimmed.strip_prefix(b"\xef\xbb\xbf").unwrap_or(trimmed);
        let obj = trimmed.strip_suffix(b",").unwrap_or(trimmed);
        if obj.is_empty() || obj == b"[" || obj == b"]" || obj == b"[]" {
            continue;
        }
        if !obj.starts_with(b"{") {
            return Err(ImportError::malformed(
                file,
                Position::line(line_no),
                "expected one message object per line, as sigtop writes them",
            ));
        }
        // One UTF-8 check per line is cheaper than serde_json's check of
        // each string; a line that is not UTF-8 takes the byte path, which
        // reports (or tolerates, in skipped fields) it as before.
        let parsed = match std::str::from_utf8(obj) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(obj),
        };
        let raw: Raw<'_> = parsed.map_err(|e| {
            let msg = if e.is_eof() {
                "message object does not end on its line (not sigtop's layout, or truncated)"
                    .to_owned()
            } else {
                format!("bad message object: {e}")
            };
            ImportError::malformed(file, Position::line(line_no), msg)
        })?;
        conv.message(raw, line_no, sink)?;
        if line_no % 8192 == 0 {
            sink.progress(done, total).map_err(sink_err)?;
        }
    }
    if conv.chat.is_none() {
        // An empty conversation is still a conversation.
        conv.open(sink)?;
    }
    if conv.missing_attachments > 0 {
        sink.warning(Warning {
            location: file.to_owned(),
            message: format!(
                "{} attachments are named but their files are not part of a sigtop message export \
                 (sigtop export-attachments saves them separately)",
                conv.missing_attachments
            ),
        });
    }
    sink.progress(done, total).map_err(sink_err)?;
    Ok(())
}

/// A present, non-blank string field.
fn text<'s>(s: &'s S<'_>) -> Option<&'s str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn cow(s: &S<'_>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A sentence for Desktop's notice types.
fn notice(ty: &str, raw: &Raw<'_>) -> String {
    match ty {
        "timer-notification" => match raw
            .expiration_timer_update
            .as_ref()
            .and_then(|t| t.expire_timer)
        {
            Some(0) | None => "Disappearing messages turned off".to_owned(),
            Some(secs) => format!("Disappearing messages timer set to {}", duration(secs)),
        },
        "group-v2-change" | "group" => "Group updated".to_owned(),
        "keychange" => "Safety number changed".to_owned(),
        "verified-change" => "Safety number verification changed".to_owned(),
        "profile-change" => "Profile name changed".to_owned(),
        "change-number-notification" => "Phone number changed".to_owned(),
        "chat-session-refreshed" => "Chat session refreshed".to_owned(),
        "delivery-issue" => "A message could not be delivered".to_owned(),
        "conversation-merge" => "Conversations merged".to_owned(),
        "universal-timer-notification" => "Default disappearing messages timer set".to_owned(),
        other => format!("Signal notice: {}", other.replace('-', " ")),
    }
}

fn duration(secs: u64) -> String {
    let units = [
        (604_800, "week"),
        (86_400, "day"),
        (3600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    for (size, name) in units {
        if secs >= size && secs.is_multiple_of(size) {
            let n = secs / size;
            return format!("{n} {name}{}", if n == 1 { "" } else { "s" });
        }
    }
    format!("{secs} seconds")
}

impl Conv<'_> {
    fn open(&mut self, sink: &mut dyn Sink) -> Result<ChatHandle, ImportError> {
        if let Some(h) = self.chat {
            return Ok(h);
        }
        let mut chat = Chat::new(App::Signal, self.title, ChatKind::Direct);
        chat.native_id = self.conversation_id.clone();
        let h = sink
            .begin_chat(chat)
            .map_err(|e| ImportError::new(self.file, e))?;
        let me = Participant {
            key: "me".into(),
            is_me: true,
            ..Participant::named(self.options.me.as_deref().unwrap_or("Me"))
        };
        sink.participant(h, me)
            .map_err(|e| ImportError::new(self.file, e))?;
        self.chat = Some(h);
        Ok(h)
    }

    /// Registers an incoming author; returns their key.
    fn author(
        &mut self,
        sink: &mut dyn Sink,
        chat: ChatHandle,
        aci: Option<&str>,
        phone: Option<&str>,
    ) -> Result<String, ImportError> {
        let key = aci.or(phone).unwrap_or("unknown");
        if !self.authors.contains(key) {
            self.authors.insert(key.to_owned());
            let (name, detail) = split_detail(self.title);
            // The title names the other person of a direct chat.
            let named_by_title = detail.is_some() && detail == phone;
            let p = Participant {
                key: key.to_owned(),
                name: if named_by_title {
                    name
                } else {
                    phone.unwrap_or(key)
                }
                .to_owned(),
                phone: phone.map(str::to_owned),
                handle: None,
                native_id: aci.map(str::to_owned),
                is_me: false,
            };
            sink.participant(chat, p)
                .map_err(|e| ImportError::new(self.file, e))?;
            if self.authors.len() == 2 {
                sink.set_chat_kind(chat, ChatKind::Group)
                    .map_err(|e| ImportError::new(self.file, e))?;
            }
        }
        Ok(key.to_owned())
    }

    fn message(&mut self, raw: Raw<'_>, line: u64, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let ty = raw.ty.as_deref().unwrap_or("incoming");
        if ty == "story" {
            sink.skipped(
                format!("{}:{line}", self.file),
                "story (not part of the chat)".into(),
            );
            return Ok(());
        }
        if self.conversation_id.is_none() {
            self.conversation_id = cow(&raw.conversation_id);
        }
        let chat = self.open(sink)?;
        let Some(sent) = raw.sent_at.or(raw.timestamp) else {
            return Err(ImportError::malformed(
                self.file,
                Position::line(line),
                "message without sent_at",
            ));
        };
        let sent_at = timestamp(sent, self.options.tz).ok_or_else(|| {
            ImportError::malformed(
                self.file,
                Position::line(line),
                format!("impossible time {sent}"),
            )
        })?;
        let mut msg = Message::text(None, sent_at, String::new());
        let author = match ty {
            "outgoing" => Some("me".to_owned()),
            "incoming" => {
                let aci = text(&raw.source_service_id).or_else(|| text(&raw.source_uuid));
                Some(self.author(sink, chat, aci, text(&raw.source))?)
            }
            _ => None,
        };
        msg.native_id = Some(format!("{sent}:{}", author.as_deref().unwrap_or("signal")));
        msg.sender = author;
        match ty {
            "incoming" | "outgoing" => {
                msg.text = raw.body.as_deref().unwrap_or("").to_owned();
                for a in &raw.attachments {
                    let mime = cow(&a.content_type);
                    let name = cow(&a.file_name).unwrap_or_else(|| {
                        let base = a
                            .path
                            .as_deref()
                            .and_then(|p| p.rsplit('/').next())
                            .unwrap_or("attachment");
                        base.to_owned()
                    });
                    let mut att = Attachment::named(name);
                    if let Some(m) = &mime {
                        att.media_kind = kind_from_mime(m, &att.file_name);
                    }
                    // Desktop flags voice notes with bit 1.
                    if a.flags.unwrap_or(0) & 1 != 0 {
                        att.media_kind = MediaKind::Voice;
                    }
                    att.mime = mime;
                    att.size = a.size;
                    self.missing_attachments += 1;
                    msg.attachments.push(att);
                }
                if !msg.attachments.is_empty() {
                    msg.kind = MessageKind::Media;
                }
                if let Some(s) = &raw.sticker {
                    let mut att = Attachment::named(format!(
                        "sticker-{}-{}.webp",
                        s.pack_id.as_deref().unwrap_or("pack"),
                        s.sticker_id.unwrap_or(0)
                    ));
                    att.media_kind = MediaKind::Sticker;
                    msg.attachments.push(att);
                    self.missing_attachments += 1;
                    msg.kind = MessageKind::Sticker;
                    if msg.text.is_empty() {
                        msg.text = s.emoji.as_deref().unwrap_or("").to_owned();
                    }
                }
                if raw.deleted_for_everyone == Some(true) {
                    msg.kind = MessageKind::Deleted;
                    msg.text.clear();
                }
            }
            "call-history" => {
                msg.kind = MessageKind::Call;
                msg.text = match &raw.call_history_details {
                    Some(d) => {
                        let video = if d.was_video_call == Some(true) {
                            "video"
                        } else {
                            "voice"
                        };
                        let dir = match (d.was_incoming, d.was_declined, d.accepted_time) {
                            (Some(true), Some(true), _) => "Declined",
                            (Some(true), _, None) => "Missed",
                            (Some(true), _, _) => "Incoming",
                            _ => "Outgoing",
                        };
                        format!("{dir} {video} call")
                    }
                    None => "Call".to_owned(),
                };
            }
            other => {
                msg.kind = MessageKind::System;
                msg.text = notice(other, &raw);
            }
        }
        if let Some(q) = &raw.quote
            && let Some(id) = q.id
        {
            let who = cow(&q.author_aci)
                .or_else(|| cow(&q.author_uuid))
                .or_else(|| cow(&q.author));
            // Quoted authors never seen writing here are the exporter.
            let key = match who {
                Some(w) if self.authors.contains(&w) => w,
                _ => "me".to_owned(),
            };
            msg.reply_to = Some(format!("{id}:{key}"));
        }
        if raw.edit_history.len() > 1 {
            msg.edited = true;
            let at = raw
                .edit_message_timestamp
                .or_else(|| raw.edit_history.first().and_then(|e| e.timestamp));
            msg.edited_at = at.and_then(|t| timestamp(t, self.options.tz));
        }
        for r in &raw.reactions {
            let Some(emoji) = cow(&r.emoji) else { continue };
            // `fromId` is a Desktop conversation id: the chat's own id is
            // the other person of a direct chat; in a direct chat any other
            // id is the exporter. In groups the reactor cannot be named.
            let by = match (cow(&r.from_id), self.authors.len()) {
                (Some(f), _) if Some(&f) == self.conversation_id.as_ref() => {
                    self.authors.iter().next().cloned()
                }
                (Some(_), 0 | 1) => Some("me".to_owned()),
                _ => None,
            };
            msg.reactions.push(Reaction {
                emoji,
                by,
                at: r.timestamp.and_then(|t| timestamp(t, self.options.tz)),
            });
        }
        sink.message(chat, msg)
            .map_err(|e| ImportError::new(self.file, e))
    }
}
