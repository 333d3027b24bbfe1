//! `csv`: one row per message, every chat in one file (RFC 4180, CRLF row
//! ends, header row). Cells that a spreadsheet would run as a formula get a
//! leading `'`. Media are copied to `media/<sha256>.<ext>` beside the file.

use super::transcript::media_beside;
use crate::ExportError;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::escape::csv_cell_into;
use crate::util::{create, single_file};
use ferry_model::{ChatInfo, StoredMessage};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const HEADER: [&str; 13] = [
    "chat_id",
    "chat",
    "id",
    "sent_at",
    "sender",
    "from_me",
    "kind",
    "text",
    "attachments",
    "reply_to_id",
    "edited",
    "forwarded_from",
    "reactions",
];

pub(crate) struct CsvWriter {
    path: PathBuf,
    base: PathBuf,
    out: BufWriter<File>,
    chat_id: i64,
    chat_title: String,
    row: String,
}

impl CsvWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let path = single_file(&ctx.opts.out, "csv", "messages.csv");
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        let mut out = create(&path)?;
        out.write_all(HEADER.join(",").as_bytes()).at(&path)?;
        out.write_all(b"\r\n").at(&path)?;
        ctx.summary.file(path.clone());
        Ok(CsvWriter {
            path,
            base,
            out,
            chat_id: 0,
            chat_title: String::new(),
            row: String::new(),
        })
    }
}

impl Writer for CsvWriter {
    fn begin_chat(&mut self, _ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        self.chat_id = chat.id;
        self.chat_title.clone_from(&chat.title);
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let mut files = Vec::with_capacity(msg.attachments.len());
        for a in &msg.attachments {
            files.push(match media_beside(ctx, &self.base, a)? {
                Some(rel) => format!("{} ({rel})", a.file_name),
                None => a.file_name.clone(),
            });
        }
        let reactions: Vec<String> = msg
            .reactions
            .iter()
            .map(|r| match &r.by {
                Some(by) => format!("{} {}", r.emoji, ctx.person_name(Some(by), None)),
                None => r.emoji.clone(),
            })
            .collect();
        let cells = [
            self.chat_id.to_string(),
            self.chat_title.clone(),
            m.id.to_string(),
            ctx.local(&msg.sent_at).to_rfc3339(),
            ctx.sender(m).unwrap_or_default(),
            m.sender_is_me.to_string(),
            msg.kind.as_str().to_owned(),
            msg.text.clone(),
            files.join("; "),
            m.reply_to_id.map(|i| i.to_string()).unwrap_or_default(),
            msg.edited.to_string(),
            msg.forwarded_from.clone().unwrap_or_default(),
            reactions.join("; "),
        ];
        self.row.clear();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.row.push(',');
            }
            csv_cell_into(&mut self.row, c);
        }
        self.row.push_str("\r\n");
        self.out.write_all(self.row.as_bytes()).at(&self.path)
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        Ok(())
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.out.flush().at(&self.path)
    }
}
