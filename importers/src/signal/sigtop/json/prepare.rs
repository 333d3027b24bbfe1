//! One message object → as much of a [`Message`] as can be made without the
//! sink, on whichever thread parsed the line.
//!
//! What depends on the lines before is left to the importer's thread
//! ([`super::apply`]): registering authors, the chat's conversation id, and
//! naming the authors of quotes and reactions (which needs everyone seen so
//! far). Each parsing thread remembers what it already handed on
//! ([`Seen`]), so an author is built into a participant once per thread
//! and the conversation id is copied once.

use super::raw::{Raw, S};
use crate::ImportOptions;
use crate::signal::sigtop::split_detail;
use crate::signal::{kind_from_mime, timestamp};
use ferry_model::{Attachment, MediaKind, Message, MessageKind, Participant, Timestamp};
use std::collections::HashSet;

/// What preparing needs from the import; shared by the parsing threads.
#[derive(Debug, Clone, Copy)]
pub(super) struct Prep<'a> {
    /// The chat's title (from the file name), which names the other person.
    pub title: &'a str,
    pub options: &'a ImportOptions,
}

/// What one parsing thread has handed on already.
#[derive(Debug, Default)]
pub(super) struct Seen {
    conversation_id: bool,
    authors: HashSet<String, foldhash::fast::RandomState>,
}

/// Why a line holds no message (the importer's thread names the line).
#[derive(Debug)]
pub(super) enum Failure {
    /// serde's complaint; `eof` when the object did not end on its line.
    Json {
        eof: bool,
        message: String,
    },
    NoSentAt,
    ImpossibleTime(i64),
}

/// A parsed line, for the importer's thread.
#[derive(Debug)]
// Nearly every line is a message: boxing it would add an allocation each.
#[allow(clippy::large_enum_variant)]
pub(super) enum Prepared {
    /// A story: not part of the chat.
    Story,
    Line {
        /// The conversation id, on the first line of this thread that has one.
        conversation_id: Option<String>,
        outcome: Result<Pending, Failure>,
    },
}

/// A message whose quote and reactions still need the authors seen so far.
#[derive(Debug)]
pub(super) struct Pending {
    /// Sender, id, text, kind, attachments, edits; no reply or reactions yet.
    pub msg: Message,
    /// The incoming author, the first time this thread meets them.
    pub author: Option<Participant>,
    /// The quoted message's `sent_at` and its author as written.
    pub quote: Option<(i64, Option<String>)>,
    /// Emoji, the reactor's conversation id, and when.
    pub reactions: Vec<(String, Option<String>, Option<Timestamp>)>,
    /// Attachments named but not part of a message export.
    pub missing: u64,
}

/// A present, non-blank string field.
fn text<'s>(s: &'s S<'_>) -> Option<&'s str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn cow(s: &S<'_>) -> Option<String> {
    text(s).map(str::to_owned)
}

impl Prep<'_> {
    /// Parses one object line (without its trailing comma).
    pub fn line(&self, seen: &mut Seen, obj: &[u8]) -> Prepared {
        // One UTF-8 check per line is cheaper than serde_json's check of
        // each string; a line that is not UTF-8 takes the byte path, which
        // reports (or tolerates, in skipped fields) it as before.
        let parsed = match std::str::from_utf8(obj) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(obj),
        };
        match parsed {
            Ok(raw) => self.prepare(seen, raw),
            Err(e) => Prepared::Line {
                conversation_id: None,
                outcome: Err(Failure::Json {
                    eof: e.is_eof(),
                    message: e.to_string(),
                }),
            },
        }
    }

    fn prepare(&self, seen: &mut Seen, raw: Raw<'_>) -> Prepared {
        let ty = raw.ty.as_deref().unwrap_or("incoming");
        if ty == "story" {
            return Prepared::Story;
        }
        let conversation_id = if seen.conversation_id {
            None
        } else {
            let id = cow(&raw.conversation_id);
            seen.conversation_id = id.is_some();
            id
        };
        Prepared::Line {
            conversation_id,
            outcome: self.message(seen, ty, &raw),
        }
    }

    fn message(&self, seen: &mut Seen, ty: &str, raw: &Raw<'_>) -> Result<Pending, Failure> {
        let sent = raw.sent_at.or(raw.timestamp).ok_or(Failure::NoSentAt)?;
        let tz = self.options.tz;
        let sent_at = timestamp(sent, tz).ok_or(Failure::ImpossibleTime(sent))?;
        let mut msg = Message::text(None, sent_at, String::new());
        let mut author = None;
        let sender = match ty {
            "outgoing" => Some("me".to_owned()),
            "incoming" => {
                let aci = text(&raw.source_service_id).or_else(|| text(&raw.source_uuid));
                let phone = text(&raw.source);
                let key = aci.or(phone).unwrap_or("unknown");
                if !seen.authors.contains(key) {
                    seen.authors.insert(key.to_owned());
                    author = Some(self.participant(key, aci, phone));
                }
                Some(key.to_owned())
            }
            _ => None,
        };
        msg.native_id = Some(format!("{sent}:{}", sender.as_deref().unwrap_or("signal")));
        msg.sender = sender;
        let mut missing = 0;
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
                    missing += 1;
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
                    missing += 1;
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
                msg.text = notice(other, raw);
            }
        }
        let quote = raw.quote.as_ref().and_then(|q| {
            let who = cow(&q.author_aci)
                .or_else(|| cow(&q.author_uuid))
                .or_else(|| cow(&q.author));
            q.id.map(|id| (id, who))
        });
        if raw.edit_history.len() > 1 {
            msg.edited = true;
            let at = raw
                .edit_message_timestamp
                .or_else(|| raw.edit_history.first().and_then(|e| e.timestamp));
            msg.edited_at = at.and_then(|t| timestamp(t, tz));
        }
        let reactions = raw
            .reactions
            .iter()
            .filter_map(|r| {
                let emoji = cow(&r.emoji)?;
                let at = r.timestamp.and_then(|t| timestamp(t, tz));
                Some((emoji, cow(&r.from_id), at))
            })
            .collect();
        Ok(Pending {
            msg,
            author,
            quote,
            reactions,
            missing,
        })
    }

    /// An incoming author as a participant.
    fn participant(&self, key: &str, aci: Option<&str>, phone: Option<&str>) -> Participant {
        let (name, detail) = split_detail(self.title);
        // The title names the other person of a direct chat.
        let named_by_title = detail.is_some() && detail == phone;
        Participant {
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
        }
    }
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
