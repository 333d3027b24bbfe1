//! `telegram-json`: a Telegram Desktop "Machine-readable JSON" export.
//!
//! - One chat: a single-chat `result.json` (the root is the chat) with
//!   `photos/`, `files/`, `video_files/`, `voice_messages/`, `stickers/`
//!   beside it. Several chats: a full-account export (`chats.list`), media
//!   under `chats/chat_NNN/`.
//! - Messages carry `id`, `type`, `date` (local wall time), `date_unixtime`,
//!   `from`/`from_id` (or `actor`/`actor_id` and `action` for system lines),
//!   `text`, `text_entities`, `reply_to_message_id`, `forwarded_from`,
//!   `edited`, media fields, `reactions`, and the `custom_reactions`
//!   extension `[{author, emoji, timestamp}]` read by signalbackup-tools.
//! - Timestamps are unique per chat (Signal refuses duplicates): a message
//!   whose second is not after the previous one's is moved to the previous
//!   second + 1. Messages are never moved earlier; each move is counted.
//! - Ids: a Telegram chat keeps its message ids; other chats use the
//!   library's row ids. A message with several attachments becomes several
//!   messages (Telegram has one media per message); the extra ones get ids
//!   from a separate range (2^40 + row id × 16 + n).

use crate::ExportError;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::util::{copy_media, create, media_ext, safe_file_name, single_file};
use ferry_model::{App, Attachment, ChatInfo, ChatKind, MediaKind, MessageKind, StoredMessage};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const EXTRA_ID_BASE: i64 = 1 << 40;

pub(crate) struct TelegramJsonWriter {
    path: PathBuf,
    /// Folder that relative media paths start from (that of result.json).
    base: PathBuf,
    out: BufWriter<File>,
    full: bool,
    chats_written: u64,
    /// Media prefix of the current chat ("" or "chats/chat_001/").
    prefix: String,
    native_ids: bool,
    last_unix: Option<i64>,
    first_message: bool,
}

impl TelegramJsonWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let full = ctx.chat_count != 1;
        let path = if full {
            ctx.opts.out.join("result.json")
        } else {
            single_file(&ctx.opts.out, "json", "result.json")
        };
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        let mut out = create(&path)?;
        if full {
            out.write_all(
                b"{\n \"about\": \"Exported by Ferry in the Telegram Desktop format.\",\n \"chats\": {\n  \"about\": \"This page lists all chats from this export.\",\n  \"list\": [",
            )
            .at(&path)?;
        }
        ctx.summary.file(path.clone());
        Ok(TelegramJsonWriter {
            path,
            base,
            out,
            full,
            chats_written: 0,
            prefix: String::new(),
            native_ids: false,
            last_unix: None,
            first_message: true,
        })
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        self.out.write_all(bytes).at(&self.path)
    }

    fn put_value(&mut self, v: &impl Serialize) -> Result<(), ExportError> {
        serde_json::to_writer(&mut self.out, v).map_err(|e| ExportError::io(&self.path, e.into()))
    }

    /// The exported id of a message.
    fn id_of(&self, m: &StoredMessage) -> i64 {
        if self.native_ids
            && let Some(n) = m
                .message
                .native_id
                .as_deref()
                .and_then(|s| s.parse::<i64>().ok())
        {
            return n;
        }
        m.id
    }

    /// The exported id of the message `m` replies to.
    fn reply_id_of(&self, m: &StoredMessage) -> Option<i64> {
        if self.native_ids
            && let Some(n) = m
                .message
                .reply_to
                .as_deref()
                .and_then(|s| s.parse::<i64>().ok())
        {
            return Some(n);
        }
        m.reply_to_id
    }

    /// Copies an attachment and fills the media fields of `obj`.
    fn media_fields(
        &mut self,
        ctx: &mut Ctx<'_>,
        obj: &mut Map<String, Value>,
        a: &Attachment,
        id: i64,
    ) -> Result<(), ExportError> {
        let ext = media_ext(a);
        let (folder, media_type, default_mime) = match a.media_kind {
            MediaKind::Image => ("photos", None, "image/jpeg"),
            MediaKind::Video => ("video_files", Some("video_file"), "video/mp4"),
            MediaKind::Gif => ("video_files", Some("animation"), "video/mp4"),
            MediaKind::Voice => ("voice_messages", Some("voice_message"), "audio/ogg"),
            MediaKind::Audio => ("files", Some("audio_file"), "audio/mpeg"),
            MediaKind::Sticker => ("stickers", Some("sticker"), "image/webp"),
            _ => ("files", None, "application/octet-stream"),
        };
        let mut name = safe_file_name(&a.file_name);
        if !name.to_ascii_lowercase().ends_with(&format!(".{ext}")) {
            name = format!("{name}.{ext}");
        }
        let rel = format!("{}{folder}/{id}_{name}", self.prefix);
        let present = copy_media(ctx, a, &self.base.join(&rel))?;
        let path_value = if present {
            rel
        } else {
            "(File not included. Change data exporting settings to download.)".to_owned()
        };
        if a.media_kind == MediaKind::Image {
            obj.insert("photo".into(), path_value.into());
            if let Some(s) = a.size {
                obj.insert("photo_file_size".into(), s.into());
            }
        } else {
            obj.insert("file".into(), path_value.into());
            obj.insert("file_name".into(), a.file_name.clone().into());
            if let Some(s) = a.size {
                obj.insert("file_size".into(), s.into());
            }
            if let Some(t) = media_type {
                obj.insert("media_type".into(), t.into());
            }
            let mime = a.mime.clone().unwrap_or_else(|| default_mime.to_owned());
            obj.insert("mime_type".into(), mime.into());
        }
        Ok(())
    }

    fn write_message(&mut self, obj: Map<String, Value>) -> Result<(), ExportError> {
        let indent: &[u8] = if self.full { b"\n      " } else { b"\n  " };
        if !self.first_message {
            self.put(b",")?;
        }
        self.first_message = false;
        self.put(indent)?;
        self.put_value(&obj)
    }
}

/// `user123` for a person (by participant key, or by display name as in
/// reactions): the Telegram id when the participant has a numeric native id,
/// else the library's member id, else a number derived from the key.
fn peer_id(ctx: &Ctx<'_>, key: Option<&str>) -> String {
    let Some(key) = key else {
        return "user0".to_owned();
    };
    if let Some(mb) = ctx.member(key).or_else(|| ctx.member_named(key)) {
        if let Some(native) = mb.participant.native_id.as_deref() {
            let digits = native.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                let kind = if native.starts_with("channel") {
                    "channel"
                } else {
                    "user"
                };
                return format!("{kind}{digits}");
            }
        }
        return format!("user{}", mb.id);
    }
    // Not a listed member: a stable number from the key (FNV-1a).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("user{}", h % 1_000_000_000_000)
}

fn date_str(dt: &chrono::DateTime<chrono::FixedOffset>) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Writer for TelegramJsonWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        self.chats_written += 1;
        self.native_ids = chat.app == App::Telegram;
        self.last_unix = None;
        self.first_message = true;
        self.prefix = if self.full {
            format!("chats/chat_{:03}/", self.chats_written)
        } else {
            String::new()
        };
        let kind = match chat.kind {
            ChatKind::Direct => "personal_chat",
            ChatKind::Group => "private_group",
            ChatKind::Channel => "private_channel",
        };
        let id = chat
            .native_id
            .as_deref()
            .filter(|_| self.native_ids)
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(chat.id);
        let name = ctx.person_name(Some(&chat.title), None);
        let head = format!(
            "{{\n \"name\": {},\n \"type\": \"{kind}\",\n \"id\": {id},\n \"messages\": [",
            Value::String(name)
        );
        if self.full {
            self.put(if self.chats_written > 1 {
                b",\n   "
            } else {
                b"\n   "
            })?;
        }
        self.put(head.as_bytes())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let attachments: Vec<&Attachment> = msg.attachments.iter().collect();
        let entries = attachments.len().max(1);
        if entries > 1 {
            ctx.summary
                .degrade("message with several attachments split into one message per attachment");
        }
        let sender = ctx.sender(m);
        for n in 0..entries {
            let src = msg.sent_at.unix_millis().div_euclid(1000);
            let unix = match self.last_unix {
                Some(last) if src <= last => {
                    ctx.summary.degrade(
                        "timestamp moved later by whole seconds to keep timestamps unique (Signal refuses duplicates)",
                    );
                    last + 1
                }
                _ => src,
            };
            self.last_unix = Some(unix);
            let shifted = ferry_model::Timestamp::from_unix(unix, msg.sent_at.offset_secs())
                .unwrap_or(msg.sent_at);
            let dt = ctx.local(&shifted);
            let id = if n == 0 {
                self.id_of(m)
            } else {
                EXTRA_ID_BASE + m.id.saturating_mul(16) + n as i64
            };
            let system = msg.kind == MessageKind::System;
            let mut obj = Map::new();
            obj.insert("id".into(), id.into());
            obj.insert(
                "type".into(),
                if system { "service" } else { "message" }.into(),
            );
            obj.insert("date".into(), date_str(&dt).into());
            obj.insert("date_unixtime".into(), unix.to_string().into());
            if n == 0 && msg.edited {
                let e = msg.edited_at.unwrap_or(shifted);
                obj.insert("edited".into(), date_str(&ctx.local(&e)).into());
                obj.insert(
                    "edited_unixtime".into(),
                    e.unix_millis().div_euclid(1000).to_string().into(),
                );
            }
            let (who, who_id) = if system {
                ("actor", "actor_id")
            } else {
                ("from", "from_id")
            };
            match &sender {
                Some(s) => {
                    obj.insert(who.into(), s.clone().into());
                    obj.insert(who_id.into(), peer_id(ctx, msg.sender.as_deref()).into());
                }
                None if !system => {
                    obj.insert(who.into(), Value::Null);
                }
                None => {}
            }
            if system {
                obj.insert("action".into(), "custom_action".into());
            }
            if n == 0 {
                // Service lines point at a message with `message_id` (pins).
                let key = if system {
                    "message_id"
                } else {
                    "reply_to_message_id"
                };
                if let Some(r) = self.reply_id_of(m) {
                    obj.insert(key.into(), r.into());
                }
                if let Some(f) = &msg.forwarded_from {
                    obj.insert("forwarded_from".into(), f.clone().into());
                }
            }
            if let Some(a) = attachments.get(n) {
                self.media_fields(ctx, &mut obj, a, id)?;
            }
            let text = if n + 1 == entries {
                msg.text.as_str()
            } else {
                ""
            };
            obj.insert("text".into(), text.into());
            let entities = if text.is_empty() {
                json!([])
            } else {
                json!([{"type": "plain", "text": text}])
            };
            obj.insert("text_entities".into(), entities);
            if n == 0 && !msg.reactions.is_empty() {
                // Per emoji: how many, and who (when known) in `recent`.
                let mut groups: Vec<(String, u64, Vec<Value>)> = Vec::new();
                let mut custom = Vec::new();
                for r in &msg.reactions {
                    let i = match groups.iter().position(|(e, _, _)| *e == r.emoji) {
                        Some(i) => i,
                        None => {
                            groups.push((r.emoji.clone(), 0, Vec::new()));
                            groups.len() - 1
                        }
                    };
                    let Some(group) = groups.get_mut(i) else {
                        continue;
                    };
                    group.1 += 1;
                    let Some(by) = r.by.as_deref() else {
                        continue;
                    };
                    let author = ctx.person_name(Some(by), None);
                    let at = r.at.unwrap_or(msg.sent_at);
                    group.2.push(json!({
                        "from": author,
                        "from_id": peer_id(ctx, Some(by)),
                        "date": date_str(&ctx.local(&at)),
                    }));
                    custom.push(json!({
                        "author": author,
                        "emoji": r.emoji,
                        "timestamp": at.unix_millis().div_euclid(1000),
                    }));
                }
                let reactions: Vec<Value> = groups
                    .into_iter()
                    .map(|(emoji, count, recent)| {
                        let mut g = json!({"type": "emoji", "count": count, "emoji": emoji});
                        if !recent.is_empty() {
                            g["recent"] = recent.into();
                        }
                        g
                    })
                    .collect();
                obj.insert("reactions".into(), reactions.into());
                obj.insert("custom_reactions".into(), custom.into());
            }
            self.write_message(obj)?;
        }
        Ok(())
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        if self.full {
            self.put(b"\n   ]\n   }")
        } else {
            self.put(b"\n ]\n}\n")
        }
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        if self.full {
            self.put(b"\n  ]\n }\n}\n")?;
        }
        self.out.flush().at(&self.path)
    }
}
