//! `jsonl`: one JSON object per message per line, every chat in one file.
//! The schema is documented in `docs/jsonl.md`; media are copied to
//! `media/<sha256>.<ext>` beside the file and referenced by that path.

use super::transcript::media_beside;
use crate::ExportError;
use crate::clock::Clock;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
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
    chat_id: i64,
    chat_title: String,
    app: App,
    scratch: Vec<u8>,
}

/// One line (schema version 1).
#[derive(Serialize)]
struct Line<'a> {
    chat_id: i64,
    chat: &'a str,
    app: App,
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    native_id: Option<&'a str>,
    /// RFC 3339, printed by [`Clock::rfc3339_of`] (same text as `Timestamp`).
    sent_at: String,
    sent_at_ms: i64,
    sender: Option<String>,
    sender_key: Option<&'a str>,
    from_me: bool,
    kind: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to_native_id: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
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

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
struct AttachmentLine<'a> {
    file_name: &'a str,
    kind: &'static str,
    mime: Option<&'a str>,
    size: Option<u64>,
    sha256: Option<&'a str>,
    path: Option<String>,
}

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
            chat_id: 0,
            chat_title: String::new(),
            app: App::WhatsApp,
            scratch: Vec::with_capacity(1024),
        })
    }
}

impl Writer for JsonlWriter {
    fn begin_chat(&mut self, _ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        self.chat_id = chat.id;
        self.chat_title.clone_from(&chat.title);
        self.app = chat.app;
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let mut attachments = Vec::with_capacity(msg.attachments.len());
        for a in &msg.attachments {
            let path = media_beside(ctx, &self.base, a)?;
            attachments.push(AttachmentLine {
                file_name: &a.file_name,
                kind: a.media_kind.as_str(),
                mime: a.mime.as_deref(),
                size: a.size,
                sha256: a.content_hash.as_deref(),
                path,
            });
        }
        let line = Line {
            chat_id: self.chat_id,
            chat: &self.chat_title,
            app: self.app,
            id: m.id,
            native_id: msg.native_id.as_deref(),
            sent_at: Clock::rfc3339_of(&ctx.local(&msg.sent_at)),
            sent_at_ms: msg.sent_at.unix_millis(),
            sender: ctx.sender(m),
            sender_key: msg.sender.as_deref(),
            from_me: m.sender_is_me,
            kind: msg.kind.as_str(),
            text: &msg.text,
            reply_to_id: m.reply_to_id,
            reply_to_native_id: msg.reply_to.as_deref(),
            edited: msg.edited,
            edited_at: msg.edited_at.map(|t| Timestamp(ctx.local(&t))),
            forwarded_from: msg.forwarded_from.as_deref(),
            attachments,
            reactions: msg
                .reactions
                .iter()
                .map(|r| ReactionLine {
                    emoji: &r.emoji,
                    by: r.by.as_deref().map(|b| ctx.person_name(Some(b), None)),
                    at: r.at.map(|t| Timestamp(ctx.local(&t))),
                })
                .collect(),
        };
        self.scratch.clear();
        serde_json::to_writer(&mut self.scratch, &line)
            .map_err(|e| ExportError::io(&self.path, e.into()))?;
        self.scratch.push(b'\n');
        self.out.write_all(&self.scratch).at(&self.path)
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        Ok(())
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.out.flush().at(&self.path)
    }
}
