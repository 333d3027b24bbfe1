//! `jsonl`: one JSON object per message per line, every chat in one file.
//! The schema is documented in `docs/jsonl.md`; media are copied to
//! `media/<sha256>.<ext>` beside the file and referenced by that path.

use super::transcript::media_beside;
use crate::ExportError;
use crate::clock::Clock;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::escape::json_str_into;
use crate::util::{create, single_file};
use ferry_model::{App, ChatInfo, StoredMessage, Timestamp};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

pub(crate) struct JsonlWriter {
    path: PathBuf,
    base: PathBuf,
    out: BufWriter<File>,
    /// `{"chat_id":..,"chat":..,"app":..,"id":` of the current chat.
    prefix: Vec<u8>,
    /// Lines not yet handed to `out`.
    lines: Vec<u8>,
    time: String,
}

/// Lines gathered before they are written (larger than `out`'s buffer, so
/// they go to the file without another copy).
const FLUSH_AT: usize = crate::util::BUF;

/// An attachment in a line (schema version 1).
#[derive(Serialize)]
struct AttachmentLine<'a> {
    file_name: &'a str,
    kind: &'static str,
    mime: Option<&'a str>,
    size: Option<u64>,
    sha256: Option<&'a str>,
    path: Option<String>,
}

/// A reaction in a line (schema version 1).
#[derive(Serialize)]
struct ReactionLine<'a> {
    emoji: &'a str,
    by: Option<String>,
    at: Option<Timestamp>,
}

impl JsonlWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let path = single_file(&ctx.opts.out, "jsonl", "messages.jsonl");
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        let out = create(&path)?;
        ctx.summary.file(path.clone());
        Ok(JsonlWriter {
            path,
            base,
            out,
            prefix: Vec::new(),
            lines: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            time: String::with_capacity(32),
        })
    }
}

impl Writer for JsonlWriter {
    fn begin_chat(&mut self, _ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        self.prefix = chat_prefix(chat.id, &chat.title, chat.app)
            .map_err(|e| ExportError::io(&self.path, e.into()))?;
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let attachments = if msg.attachments.is_empty() {
            Vec::new()
        } else {
            let mut lines = Vec::with_capacity(msg.attachments.len());
            for a in &msg.attachments {
                let path = media_beside(ctx, &self.base, a)?;
                lines.push(AttachmentLine {
                    file_name: &a.file_name,
                    kind: a.media_kind.as_str(),
                    mime: a.mime.as_deref(),
                    size: a.size,
                    sha256: a.content_hash.as_deref(),
                    path,
                });
            }
            lines
        };
        self.time.clear();
        Clock::push_rfc3339_of(&mut self.time, &ctx.local(&msg.sent_at));
        let out = &mut self.lines;
        out.extend_from_slice(&self.prefix);
        push_int(out, m.id);
        if let Some(id) = &msg.native_id {
            out.extend_from_slice(b",\"native_id\":");
            json_str_into(out, id);
        }
        out.extend_from_slice(b",\"sent_at\":\"");
        out.extend_from_slice(self.time.as_bytes());
        out.extend_from_slice(b"\",\"sent_at_ms\":");
        push_int(out, msg.sent_at.unix_millis());
        out.extend_from_slice(b",\"sender\":");
        push_opt_str(out, ctx.sender_ref(m));
        out.extend_from_slice(b",\"sender_key\":");
        push_opt_str(out, msg.sender.as_deref());
        out.extend_from_slice(if m.sender_is_me {
            b",\"from_me\":true,\"kind\":"
        } else {
            b",\"from_me\":false,\"kind\":"
        });
        json_str_into(out, msg.kind.as_str());
        out.extend_from_slice(b",\"text\":");
        json_str_into(out, &msg.text);
        if let Some(id) = m.reply_to_id {
            out.extend_from_slice(b",\"reply_to_id\":");
            push_int(out, id);
        }
        if let Some(native) = &msg.reply_to {
            out.extend_from_slice(b",\"reply_to_native_id\":");
            json_str_into(out, native);
        }
        if msg.edited {
            out.extend_from_slice(b",\"edited\":true");
        }
        let json = |e: serde_json::Error| ExportError::io(&self.path, e.into());
        if let Some(t) = msg.edited_at {
            out.extend_from_slice(b",\"edited_at\":");
            serde_json::to_writer(&mut *out, &Timestamp(ctx.local(&t))).map_err(json)?;
        }
        if let Some(from) = &msg.forwarded_from {
            out.extend_from_slice(b",\"forwarded_from\":");
            json_str_into(out, from);
        }
        if !attachments.is_empty() {
            out.extend_from_slice(b",\"attachments\":");
            serde_json::to_writer(&mut *out, &attachments).map_err(json)?;
        }
        if !msg.reactions.is_empty() {
            let reactions: Vec<ReactionLine<'_>> = msg
                .reactions
                .iter()
                .map(|r| ReactionLine {
                    emoji: &r.emoji,
                    by: r.by.as_deref().map(|b| ctx.person_name(Some(b), None)),
                    at: r.at.map(|t| Timestamp(ctx.local(&t))),
                })
                .collect();
            out.extend_from_slice(b",\"reactions\":");
            serde_json::to_writer(&mut *out, &reactions).map_err(json)?;
        }
        out.extend_from_slice(b"}\n");
        if out.len() >= FLUSH_AT {
            self.out.write_all(out).at(&self.path)?;
            out.clear();
        }
        Ok(())
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        Ok(())
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.out.write_all(&self.lines).at(&self.path)?;
        self.lines.clear();
        self.out.flush().at(&self.path)
    }
}

/// What every line of a chat starts with, up to the message id's value.
fn chat_prefix(id: i64, title: &str, app: App) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = b"{\"chat_id\":".to_vec();
    push_int(&mut out, id);
    out.extend_from_slice(b",\"chat\":");
    json_str_into(&mut out, title);
    out.extend_from_slice(b",\"app\":");
    serde_json::to_writer(&mut out, &app)?;
    out.extend_from_slice(b",\"id\":");
    Ok(out)
}

fn push_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str_into(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExportFormat, ExportOptions, export_chats};
    use ferry_model::{Attachment, ChatKind, Message, MessageKind, Reaction};

    /// The schema as a serde struct: what the hand-written lines must equal
    /// byte for byte.
    #[derive(Serialize)]
    struct Line<'a> {
        chat_id: i64,
        chat: &'a str,
        app: App,
        id: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        native_id: Option<&'a str>,
        sent_at: String,
        sent_at_ms: i64,
        sender: Option<&'a str>,
        sender_key: Option<&'a str>,
        from_me: bool,
        kind: &'static str,
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        reply_to_id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reply_to_native_id: Option<&'a str>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        edited: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        edited_at: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        forwarded_from: Option<&'a str>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<AttachmentLine<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        reactions: Vec<ReactionLine<'a>>,
    }

    fn ts(ms: i64, offset: i32) -> Timestamp {
        Timestamp::from_unix_millis(ms, offset).unwrap()
    }

    fn messages() -> Vec<StoredMessage> {
        let hostile =
            "quote \" back \\ nul \0 esc \u{1b} tab \t cr \r lf \n del \u{7f} 😀 \u{2028}";
        // Longer than a flush of the line buffer.
        let long = "long\n line ".repeat(30_000);
        let mut out = Vec::new();
        for (i, text) in ["plain", hostile, "", &long, "0123456\"", "é"]
            .into_iter()
            .enumerate()
        {
            let id = i64::try_from(i).unwrap() + 1;
            let mut m = Message::text(
                (i % 2 == 0).then(|| format!("key-{id}")),
                ts(
                    1_700_000_000_000 + id * 1_234,
                    3600 * (id as i32 % 3) - 1800,
                ),
                text,
            );
            m.kind = [MessageKind::Text, MessageKind::System, MessageKind::Media][i % 3];
            if i >= 1 {
                m.native_id = Some(format!("n\"{id}"));
                m.reply_to = Some("n\"1".into());
                m.edited = true;
                m.edited_at = Some(ts(1_700_000_100_007, -7200));
                m.forwarded_from = Some(hostile.into());
                m.attachments.push(Attachment::named("a \"b\".jpg"));
                m.reactions.push(Reaction {
                    emoji: "👍".into(),
                    by: Some("Bo\tb".into()),
                    at: Some(ts(1_700_000_200_000, 0)),
                });
            }
            out.push(StoredMessage {
                id,
                chat_id: 7,
                sender_name: (i != 3).then(|| format!("Name \"{id}\"\n")),
                sender_is_me: i == 2,
                reply_to_id: (i >= 2).then_some(1),
                message: m,
            });
        }
        out
    }

    fn expected(chat: &ChatInfo, m: &StoredMessage) -> String {
        let msg = &m.message;
        let line = Line {
            chat_id: chat.id,
            chat: &chat.title,
            app: chat.app,
            id: m.id,
            native_id: msg.native_id.as_deref(),
            sent_at: Clock::rfc3339_of(&msg.sent_at.0),
            sent_at_ms: msg.sent_at.unix_millis(),
            sender: m.sender_name.as_deref().or(msg.sender.as_deref()),
            sender_key: msg.sender.as_deref(),
            from_me: m.sender_is_me,
            kind: msg.kind.as_str(),
            text: &msg.text,
            reply_to_id: m.reply_to_id,
            reply_to_native_id: msg.reply_to.as_deref(),
            edited: msg.edited,
            edited_at: msg.edited_at,
            forwarded_from: msg.forwarded_from.as_deref(),
            attachments: msg
                .attachments
                .iter()
                .map(|a| AttachmentLine {
                    file_name: &a.file_name,
                    kind: a.media_kind.as_str(),
                    mime: a.mime.as_deref(),
                    size: a.size,
                    sha256: None,
                    path: None,
                })
                .collect(),
            reactions: msg
                .reactions
                .iter()
                .map(|r| ReactionLine {
                    emoji: &r.emoji,
                    by: r.by.clone(),
                    at: r.at,
                })
                .collect(),
        };
        serde_json::to_string(&line).unwrap()
    }

    #[test]
    fn lines_match_the_serde_schema_byte_for_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let mut chat = ChatInfo {
            id: 7,
            app: App::GoogleChat,
            native_id: None,
            title: "Chat \"with\" \\ odd\u{1} title".into(),
            kind: ChatKind::Group,
            participants: Vec::new(),
            messages: 0,
            attachments: 0,
            first: None,
            last: None,
        };
        let messages = messages();
        let path = tmp.path().join("m.jsonl");
        let resolve = |_: &str| None;
        let mut chats = vec![(chat.clone(), messages.clone())];
        chat.id = 8;
        chat.title = "second".into();
        chats.push((chat.clone(), messages.clone()));
        export_chats(
            ExportFormat::Jsonl,
            ExportOptions::new(&path),
            &chats,
            &resolve,
        )
        .unwrap();
        let want: String = chats
            .iter()
            .flat_map(|(c, ms)| ms.iter().map(move |m| expected(c, m) + "\n"))
            .collect();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    }
}
