//! `txt`: one plain-text transcript per chat, a line per message
//! (`[HH:MM] Name: text`, continuation lines indented), a separator line per
//! day. Media are copied to `media/` beside the transcripts.

use super::transcript::{chat_file, chat_line, day_key, day_label, kind_label, media_beside};
use crate::ExportError;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::util::{create, degraded_notes};
use chrono::NaiveDate;
use ferry_model::{ChatInfo, MessageKind, StoredMessage};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const INDENT: &str = "        ";

pub(crate) struct TxtWriter {
    used: HashSet<String>,
    cur: Option<(PathBuf, BufWriter<File>)>,
    day: Option<NaiveDate>,
    buf: String,
}

impl TxtWriter {
    pub fn new(_ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        Ok(TxtWriter {
            used: HashSet::new(),
            cur: None,
            day: None,
            buf: String::new(),
        })
    }
}

/// Text with control characters other than newline and tab removed, lines
/// joined with `\n` + indent.
fn push_indented(buf: &mut String, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            buf.push('\n');
            buf.push_str(INDENT);
        }
        buf.extend(line.chars().filter(|c| !c.is_control() || *c == '\t'));
    }
}

impl Writer for TxtWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        let path = chat_file(ctx, chat, "txt", &mut self.used);
        let mut out = create(&path)?;
        let names: Vec<String> = chat
            .participants
            .iter()
            .map(|m| ctx.member_name(m))
            .collect();
        let mut head = String::new();
        push_indented(&mut head, &chat.title);
        head.push('\n');
        head.push_str(&chat_line(chat));
        head.push_str(": ");
        push_indented(&mut head, &names.join(", "));
        head.push('\n');
        out.write_all(head.as_bytes()).at(&path)?;
        ctx.summary.file(path.clone());
        self.cur = Some((path, out));
        self.day = None;
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let Some((path, _)) = &self.cur else {
            return Err(ExportError::Misuse("message outside a chat"));
        };
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        let msg = &m.message;
        let dt = ctx.local(&msg.sent_at);
        let b = &mut self.buf;
        b.clear();
        if self.day != Some(day_key(&dt)) {
            self.day = Some(day_key(&dt));
            b.push_str(&format!("\n--- {} ---\n", day_label(&dt)));
        }
        b.push('[');
        crate::clock::Clock::of(&dt).push_hm(b);
        b.push_str("] ");
        let sender = ctx.sender(m);
        let system = msg.kind == MessageKind::System || sender.is_none();
        match (&sender, system) {
            (Some(s), false) => {
                push_indented(b, s);
                b.push_str(": ");
            }
            _ => b.push_str("* "),
        }
        let notes = degraded_notes(ctx, m);
        let b = &mut self.buf;
        if let Some(f) = &notes.forwarded {
            push_indented(b, f);
            b.push('\n');
            b.push_str(INDENT);
        }
        if let Some(r) = &notes.reply {
            push_indented(b, r);
            b.push('\n');
            b.push_str(INDENT);
        }
        if msg.is_deleted() {
            b.push_str(if msg.text.is_empty() {
                "(deleted)"
            } else {
                "(deleted) "
            });
        }
        push_indented(b, &msg.text);
        if notes.edited {
            b.push_str(" (edited)");
        }
        for (i, a) in msg.attachments.iter().enumerate() {
            let rel = media_beside(ctx, &base, a)?;
            let b = &mut self.buf;
            if i > 0 || !msg.text.is_empty() || msg.is_deleted() || notes.edited {
                b.push('\n');
                b.push_str(INDENT);
            }
            b.push('[');
            b.push_str(kind_label(a.media_kind));
            b.push_str(": ");
            push_indented(b, &a.file_name);
            if let Some(rel) = rel {
                b.push_str(" -> ");
                b.push_str(&rel);
            }
            b.push(']');
        }
        let b = &mut self.buf;
        if let Some(r) = &notes.reactions {
            b.push('\n');
            b.push_str(INDENT);
            push_indented(b, r);
        }
        b.push('\n');
        ctx.recent.put(m.id, sender.as_deref(), &msg.text, 0);
        let Some((path, out)) = &mut self.cur else {
            return Err(ExportError::Misuse("message outside a chat"));
        };
        out.write_all(self.buf.as_bytes()).at(path)
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        if let Some((path, mut out)) = self.cur.take() {
            out.flush().at(&path)?;
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.end_chat(ctx)
    }
}
