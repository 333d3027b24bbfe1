//! `whatsapp`: a zip per chat shaped like an iOS WhatsApp export, which is
//! what Telegram's "Import chat history" accepts from any source.
//!
//! - Zip name `WhatsApp Chat - <title>.zip` (Telegram Android recognises an
//!   export by "WhatsApp" in the name); `_chat.txt` inside (iOS zips).
//! - Lines `[dd/mm/yyyy, HH:MM:SS] Name: text`; continuation lines for
//!   multi-line text; system lines without a name.
//! - Media next to `_chat.txt`, named the iOS way so Telegram infers the
//!   type from the name: `00000001-PHOTO-2024-01-02-10-11-12.jpg`, `-VIDEO-`
//!   `.mp4`, `-STICKER-` `.webp`, `-AUDIO-` `.opus`, anything else
//!   `00000004-<original name>`; referenced as `‎<attached: NAME>`.
//! - `--max-media-per-part` splits a chat into several zips
//!   (`... (part 2).zip`), each a complete export to import in order.
//!
//! The chat text is streamed to a temporary file beside the zip while the
//! media stream into the zip; `_chat.txt` is appended when a part closes.

use super::whatsapp_text::ChatText;
use crate::ExportError;
use crate::clock::Clock;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::util::{degraded_notes, media_ext, media_source, mkdirs, safe_file_name};
use chrono::{DateTime, FixedOffset};
use ferry_model::{Attachment, ChatInfo, ChatKind, MediaKind, MessageKind, StoredMessage};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const LRM: char = '\u{200e}';

pub(crate) struct WhatsAppWriter {
    dir: PathBuf,
    stem: String,
    used: HashSet<String>,
    part: Option<Part>,
    part_no: u64,
    media_seq: u64,
    line: String,
    body: String,
    sender: String,
    name: String,
    /// Sender name -> cleaned name (bounded), for names that need cleaning.
    names: std::collections::HashMap<String, String>,
}

struct Part {
    zip_path: PathBuf,
    zip: ZipWriter<BufWriter<File>>,
    text: ChatText,
    media: u64,
}

impl WhatsAppWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let dir = ctx.opts.out.clone();
        mkdirs(&dir)?;
        Ok(WhatsAppWriter {
            dir,
            stem: String::new(),
            used: HashSet::new(),
            part: None,
            part_no: 0,
            media_seq: 0,
            line: String::new(),
            body: String::new(),
            sender: String::new(),
            name: String::new(),
            names: std::collections::HashMap::new(),
        })
    }

    fn zip_path(&self, part_no: u64) -> PathBuf {
        if part_no <= 1 {
            self.dir.join(format!("{}.zip", self.stem))
        } else {
            self.dir.join(format!("{} (part {part_no}).zip", self.stem))
        }
    }

    fn open_part(&mut self) -> Result<(), ExportError> {
        self.part_no += 1;
        let zip_path = self.zip_path(self.part_no);
        let file = File::create(&zip_path).at(&zip_path)?;
        let zip = ZipWriter::new(BufWriter::with_capacity(crate::util::BUF, file));
        let tmp = self
            .dir
            .join(format!(".{}.part{}.chat.zip.tmp", self.stem, self.part_no));
        let text = ChatText::start(tmp)?;
        self.part = Some(Part {
            zip_path,
            zip,
            text,
            media: 0,
        });
        Ok(())
    }

    fn close_part(&mut self) -> Result<(), ExportError> {
        let Some(mut p) = self.part.take() else {
            return Ok(());
        };
        p.text.finish_into(&mut p.zip, &p.zip_path)?;
        let mut inner = p
            .zip
            .finish()
            .map_err(|e| ExportError::zip(&p.zip_path, e))?;
        inner.flush().at(&p.zip_path)
    }

    /// Adds an attachment's file to the zip and returns its name there, or
    /// `None` when the file is not available.
    fn add_media(
        &mut self,
        ctx: &mut Ctx<'_>,
        a: &Attachment,
        dt: &DateTime<FixedOffset>,
    ) -> Result<Option<String>, ExportError> {
        let Some(src) = media_source(ctx, a) else {
            return Ok(None);
        };
        let full = match (ctx.opts.max_media_per_part, &self.part) {
            (Some(max), Some(p)) => p.media >= max,
            _ => false,
        };
        if full {
            self.close_part()?;
            self.open_part()?;
        }
        self.media_seq += 1;
        let name = media_name(ctx, self.media_seq, a, dt);
        let Some(p) = self.part.as_mut() else {
            return Err(ExportError::Misuse("media outside a chat"));
        };
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(true);
        p.zip
            .start_file(name.as_str(), opts)
            .map_err(|e| ExportError::zip(&p.zip_path, e))?;
        let mut f = File::open(&src).at(&src)?;
        std::io::copy(&mut f, &mut p.zip).at(&p.zip_path)?;
        p.media += 1;
        ctx.summary.attachments_written += 1;
        Ok(Some(name))
    }
}

/// The iOS-style media name Telegram reads the type from.
fn media_name(ctx: &mut Ctx<'_>, seq: u64, a: &Attachment, dt: &DateTime<FixedOffset>) -> String {
    let ext = media_ext(a);
    let (kind, want) = match a.media_kind {
        MediaKind::Image => ("PHOTO", "jpg"),
        MediaKind::Video | MediaKind::Gif => ("VIDEO", "mp4"),
        MediaKind::Sticker => ("STICKER", "webp"),
        MediaKind::Voice | MediaKind::Audio => ("AUDIO", "opus"),
        _ => {
            let mut original = safe_file_name(&a.file_name);
            if original == "chat" || original.is_empty() {
                original = format!("file.{ext}");
            }
            return format!("{seq:08}-{original}");
        }
    };
    let ext = if ext == "jpeg" { "jpg".to_owned() } else { ext };
    if ext != want {
        ctx.summary.degrade(&format!(
            "{} not .{want}: Telegram imports it as a file",
            kind.to_lowercase()
        ));
    }
    format!("{seq:08}-{kind}-{}.{ext}", dt.format("%Y-%m-%d-%H-%M-%S"))
}

/// `[dd/mm/yyyy, HH:MM:SS] ` (what iOS writes for an en-GB phone).
fn push_header(out: &mut String, c: &Clock) {
    out.push('[');
    c.push_whatsapp(out);
    out.push_str("] ");
}

/// A sender name that cannot end the author field early or break a line.
fn clean_name(name: &str) -> String {
    let n: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace(": ", " ");
    let n = n.trim().trim_end_matches(':').trim().to_owned();
    if n.is_empty() {
        "Unknown".to_owned()
    } else {
        n
    }
}

/// Whether [`clean_name`] would change a name (when false it is printed
/// as is).
fn needs_cleaning(name: &str) -> bool {
    name.is_empty()
        || name.ends_with(':')
        || name.trim().len() != name.len()
        || name.contains(": ")
        || name.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2)
}

/// Whether a continuation line would read as a new message header.
fn looks_like_header(line: &str) -> bool {
    let t = line.trim_start_matches([LRM, '\u{200f}', '\u{feff}', ' ']);
    let mut chars = t.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('['), Some(c)) if c.is_ascii_digit()
    ) || (t.starts_with(|c: char| c.is_ascii_digit()) && t.contains(" - ") && t.contains(':'))
}

/// Appends text lines: the first continues the current line, the others
/// are continuation lines (neutralised when they look like a header).
/// CR and CRLF become LF; control characters other than tab are dropped.
fn push_body(ctx: &mut Ctx<'_>, out: &mut String, text: &str) {
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            out.push('\n');
            if looks_like_header(line) {
                out.push('\u{200b}');
                ctx.summary.degrade(
                    "line that looked like a message header marked with an invisible space",
                );
            }
        }
        first = false;
        if line.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
            out.extend(line.chars().filter(|&c| c == '\t' || !c.is_control()));
        } else {
            out.push_str(line);
        }
    }
}

fn omitted(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "image omitted",
        MediaKind::Video => "video omitted",
        MediaKind::Audio | MediaKind::Voice => "audio omitted",
        MediaKind::Sticker => "sticker omitted",
        MediaKind::Gif => "GIF omitted",
        MediaKind::Contact => "Contact card omitted",
        MediaKind::Document | MediaKind::Other => "document omitted",
    }
}

impl Writer for WhatsAppWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        let mut stem = format!("WhatsApp Chat - {}", safe_file_name(&chat.title));
        if !self.used.insert(stem.to_lowercase()) {
            stem = format!("{stem} ({})", chat.id);
            self.used.insert(stem.to_lowercase());
        }
        self.stem = stem;
        self.part_no = 0;
        self.media_seq = 0;
        self.open_part()?;
        let people = chat.participants.len();
        let hint = if chat.kind == ChatKind::Direct && people <= 2 {
            let other = chat
                .participants
                .iter()
                .find(|m| !ctx.is_me(m))
                .map(|m| ctx.member_name(m))
                .unwrap_or_else(|| chat.title.clone());
            format!(
                "Telegram: import into your private chat with {other} (a 2-person chat cannot go into a group)"
            )
        } else {
            format!(
                "Telegram: import into a group where you are an admin ({people} people; a group cannot go into a private chat)"
            )
        };
        if let Some(s) = ctx.chat_summary() {
            s.target_hint = Some(hint);
        }
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let dt = ctx.local(&msg.sent_at);
        let clock = Clock::of(&dt);
        // The sender and the name to print, in buffers kept across messages.
        let mut sender_buf = std::mem::take(&mut self.sender);
        sender_buf.clear();
        let has_sender = match ctx.sender_ref(m) {
            Some(s) => {
                sender_buf.push_str(s);
                true
            }
            None => false,
        };
        let sender = has_sender.then_some(sender_buf.as_str());
        let system = msg.kind == MessageKind::System || sender.is_none();
        let raw = sender.unwrap_or("");
        let mut name = std::mem::take(&mut self.name);
        name.clear();
        if !needs_cleaning(raw) {
            name.push_str(raw);
        } else if let Some(n) = self.names.get(raw) {
            name.push_str(n);
        } else {
            let n = clean_name(raw);
            name.push_str(&n);
            if self.names.len() < 10_000 {
                self.names.insert(raw.to_owned(), n);
            }
        }
        let notes = if ctx.opts.degrade_to_text {
            degraded_notes(ctx, m)
        } else {
            let lost = [m.reply_to_id.is_some(), !msg.reactions.is_empty()];
            if lost[0] {
                ctx.summary.degrade("reply dropped");
            }
            if lost[1] {
                ctx.summary
                    .degrade_n("reaction dropped", msg.reactions.len() as u64);
            }
            crate::util::Notes {
                edited: msg.edited,
                ..Default::default()
            }
        };
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        // The source's own reference to a file (WhatsApp's "NAME (file
        // attached)" or "<attached: NAME>" kept in the text) is replaced by
        // ours when the file is written, and stands for it when it is not.
        let first_line = if msg.attachments.is_empty() {
            ""
        } else {
            msg.text.split('\n').next().unwrap_or("")
        };
        let names_file =
            |a: &Attachment| !a.file_name.is_empty() && first_line.contains(&a.file_name);
        let mut text: &str = &msg.text;
        let mut first_entry = true;
        for a in &msg.attachments {
            let file = self.add_media(ctx, a, &dt)?;
            if file.is_none() && names_file(a) {
                continue;
            }
            if !first_entry {
                line.push('\n');
            }
            first_entry = false;
            match file {
                Some(file) => {
                    if names_file(a) {
                        text = msg
                            .text
                            .split_once('\n')
                            .map(|(_, rest)| rest)
                            .unwrap_or("");
                    }
                    line.push(LRM);
                    push_header(&mut line, &clock);
                    line.push_str(&name);
                    line.push_str(": ");
                    line.push(LRM);
                    line.push_str("<attached: ");
                    line.push_str(&file);
                    line.push('>');
                }
                None => {
                    ctx.summary
                        .degrade("attachment not in the library: written as \"omitted\"");
                    push_header(&mut line, &clock);
                    line.push_str(&name);
                    line.push_str(": ");
                    line.push(LRM);
                    line.push_str(omitted(a.media_kind));
                }
            }
        }
        let mut body = std::mem::take(&mut self.body);
        body.clear();
        if let Some(f) = &notes.forwarded {
            body.push_str(f);
            body.push('\n');
        }
        if let Some(r) = &notes.reply {
            body.push_str(r);
            body.push('\n');
        }
        if msg.is_deleted() && text.is_empty() {
            body.push(LRM);
            body.push_str("This message was deleted.");
        } else {
            // iOS marks its placeholders ("image omitted", deletion notices)
            // with U+200E; a media or deleted message without a file here is
            // such a placeholder, and importers read the mark.
            let placeholder = first_entry
                && msg.attachments.is_empty()
                && matches!(
                    msg.kind,
                    MessageKind::Media
                        | MessageKind::Sticker
                        | MessageKind::Contact
                        | MessageKind::Deleted
                );
            if placeholder && body.is_empty() && !text.starts_with(LRM) {
                body.push(LRM);
            }
            body.push_str(text);
        }
        if notes.edited {
            body.push(' ');
            body.push(LRM);
            body.push_str("<This message was edited>");
        }
        if let Some(r) = &notes.reactions {
            body.push('\n');
            body.push_str(r);
        }
        if first_entry {
            push_header(&mut line, &clock);
            if !system {
                line.push_str(&name);
                line.push_str(": ");
            }
            push_body(ctx, &mut line, &body);
        } else if !body.is_empty() {
            // A caption: continuation lines of the (last) attachment entry.
            line.push('\n');
            push_body(ctx, &mut line, &body);
        }
        line.push('\n');
        ctx.recent.put(m.id, sender, &msg.text, 0);
        let Some(p) = self.part.as_mut() else {
            return Err(ExportError::Misuse("message outside a chat"));
        };
        p.text.write(&line)?;
        self.line = line;
        self.body = body;
        self.sender = sender_buf;
        self.name = name;
        Ok(())
    }

    fn end_chat(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.close_part()?;
        let parts = self.part_no;
        if parts > 1 {
            let first = self.zip_path(1);
            let renamed = self.dir.join(format!("{} (part 1).zip", self.stem));
            std::fs::rename(&first, &renamed).at(&first)?;
            ctx.summary.file(renamed);
            for n in 2..=parts {
                ctx.summary.file(self.zip_path(n));
            }
        } else {
            ctx.summary.file(self.zip_path(1));
        }
        if let Some(s) = ctx.chat_summary() {
            s.parts = parts;
            if parts > 1
                && let Some(h) = s.target_hint.as_mut()
            {
                h.push_str(&format!(
                    "; import the {parts} parts in order, one at a time"
                ));
            }
        }
        Ok(())
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        self.close_part()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_split_the_author_field() {
        for (input, want) in [
            ("Alice", "Alice"),
            ("Dr: Who", "Dr Who"),
            ("multi\nline", "multi line"),
            ("  ", "Unknown"),
            ("trailing:", "trailing"),
        ] {
            assert_eq!(clean_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn names_printed_as_is_are_the_clean_ones() {
        for name in [
            "Alice",
            "Dr: Who",
            "Dr:Who",
            "multi\nline",
            "",
            "  ",
            " lead",
            "trail ",
            "trailing:",
            "a:",
            "nbsp\u{a0}",
            "\u{a0}nbsp",
            "c1\u{85}x",
            "del\u{7f}",
            "tab\tx",
            "é😀",
            "\u{2003}em",
            "x\u{3000}",
            "ok : fine",
            "::",
            "Ann (work)",
        ] {
            if !needs_cleaning(name) {
                assert_eq!(clean_name(name), name, "{name:?}");
            }
        }
        assert!(!needs_cleaning("Alice"));
        assert!(!needs_cleaning("Dr:Who"));
    }

    #[test]
    fn header_lookalikes_are_detected() {
        for (line, want) in [
            ("[01/02/2024, 10:00:00] Eve: hi", true),
            ("\u{200e}[1/2/24, 10:00] x", true),
            ("01/02/2024, 10:00 - Eve: hi", true),
            ("[link] text", false),
            ("2 apples - 3 pears", false),
            ("plain", false),
        ] {
            assert_eq!(looks_like_header(line), want, "{line:?}");
        }
    }
}
