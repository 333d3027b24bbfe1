//! `markdown`: one Markdown file per chat: the title as a heading, a
//! second-level heading per day, a paragraph per message. All message text
//! is escaped (Markdown punctuation and `< > &`), so nothing a sender wrote
//! becomes a link, an image or HTML. Media are copied to `media/` beside the
//! files and linked (images shown inline).

use super::transcript::{chat_file, chat_line, day_key, day_label, kind_label, media_beside};
use crate::ExportError;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::escape::markdown_into;
use crate::util::{create, degraded_notes};
use chrono::NaiveDate;
use ferry_model::{ChatInfo, MediaKind, MessageKind, StoredMessage};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

pub(crate) struct MarkdownWriter {
    used: HashSet<String>,
    cur: Option<(PathBuf, BufWriter<File>)>,
    day: Option<NaiveDate>,
    buf: String,
}

impl MarkdownWriter {
    pub fn new(_ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        Ok(MarkdownWriter {
            used: HashSet::new(),
            cur: None,
            day: None,
            buf: String::new(),
        })
    }
}

/// Escaped text whose lines end in a hard line break (`\`), except the last.
fn push_lines(buf: &mut String, text: &str) {
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            buf.push_str("\\\n");
        }
        first = false;
        let line = line.trim_end_matches('\r');
        markdown_into(buf, line);
    }
}

impl Writer for MarkdownWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        let path = chat_file(ctx, chat, "md", &mut self.used);
        let mut out = create(&path)?;
        let names: Vec<String> = chat
            .participants
            .iter()
            .map(|m| ctx.member_name(m))
            .collect();
        let mut head = String::from("# ");
        markdown_into(&mut head, &chat.title.replace('\n', " "));
        head.push_str("\n\n");
        markdown_into(&mut head, &chat_line(chat));
        head.push_str(": ");
        markdown_into(&mut head, &names.join(", ").replace('\n', " "));
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
        let sender = ctx.sender(m);
        let notes = degraded_notes(ctx, m);
        let mut parts: Vec<String> = Vec::new();
        for a in &msg.attachments {
            let rel = media_beside(ctx, &base, a)?;
            let mut p = String::new();
            match rel {
                Some(rel) => {
                    let image = matches!(
                        a.media_kind,
                        MediaKind::Image | MediaKind::Sticker | MediaKind::Gif
                    );
                    p.push_str(if image { "![" } else { "[" });
                    markdown_into(&mut p, &a.file_name);
                    p.push_str("](");
                    p.push_str(&rel);
                    p.push(')');
                }
                None => {
                    p.push('(');
                    p.push_str(kind_label(a.media_kind));
                    p.push_str(": ");
                    markdown_into(&mut p, &a.file_name);
                    p.push_str(", not included)");
                }
            }
            parts.push(p);
        }
        let b = &mut self.buf;
        b.clear();
        if self.day != Some(day_key(&dt)) {
            self.day = Some(day_key(&dt));
            b.push_str("\n## ");
            b.push_str(&day_label(&dt));
            b.push('\n');
        }
        b.push('\n');
        let mut time = String::with_capacity(5);
        crate::clock::Clock::of(&dt).push_hm(&mut time);
        let system = msg.kind == MessageKind::System || sender.is_none();
        if system {
            b.push('*');
            b.push_str(&time);
            b.push_str(" · ");
            push_lines(b, msg.text.trim());
            b.push_str("*\n");
        } else {
            b.push_str("**");
            markdown_into(b, &sender.clone().unwrap_or_default().replace('\n', " "));
            b.push_str("** ");
            b.push_str(&time);
            if notes.edited {
                b.push_str(" (edited)");
            }
            b.push_str("\\\n");
            if let Some(f) = &notes.forwarded {
                b.push('*');
                markdown_into(b, f);
                b.push_str("*\\\n");
            }
            if let Some(r) = &notes.reply {
                b.push_str("> ");
                markdown_into(b, r);
                b.push_str("\n\n");
            }
            if msg.is_deleted() {
                b.push_str("*(deleted)* ");
            }
            push_lines(b, &msg.text);
            for p in &parts {
                if !b.ends_with('\n') && !b.ends_with(' ') {
                    b.push_str("\\\n");
                }
                b.push_str(p);
            }
            if let Some(r) = &notes.reactions {
                b.push_str("\\\n");
                markdown_into(b, r);
            }
            b.push('\n');
        }
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
