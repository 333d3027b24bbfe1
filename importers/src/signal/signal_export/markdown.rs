//! signal-export `chat.md`: `[YYYY-MM-DD HH:MM:SS] Sender: <quote><body>`,
//! a blank line after every message. Within a message: the quote as
//! `\n\n> text\n\n`, reactions as `\n(- Name: emoji, ... -)`, a sticker as
//! `\n(( emoji ))` or a link, attachments as `![name](./media/file)  `
//! (images) or `[name](./media/file)  `; a deleted message is
//! `(This message was deleted)`. Only links into `media/` or
//! `exported_stickers/` are taken as attachments; other links stay text.

use super::Conv;
use super::json::strip_break;
use crate::{ImportError, Position, Sink};
use chrono::NaiveDateTime;
use ferry_model::{MediaKind, Message, MessageKind, Reaction};
use std::io::{BufRead, BufReader, Read};

/// One record: its date, sender, content lines, and first line number.
struct Rec {
    line: u64,
    date: NaiveDateTime,
    sender: String,
    content: String,
}

pub fn import(
    reader: &mut dyn Read,
    conv: &mut Conv<'_>,
    total: u64,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = conv.file().to_owned();
    let reader = BufReader::with_capacity(256 * 1024, reader);
    let mut cur: Option<Rec> = None;
    let (mut line_no, mut done) = (0u64, 0u64);
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| {
            ImportError::new(
                &file,
                crate::InputError::Io {
                    path: file.clone(),
                    source: e,
                },
            )
        })?;
        line_no += 1;
        done += line.len() as u64 + 1;
        let line = String::from_utf8(line).map_err(|_| {
            ImportError::at(
                &file,
                Position::line(line_no),
                crate::ImportErrorKind::InvalidUtf8,
            )
        })?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let line = if line_no == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if let Some((date, rest)) = super::md_record_start(line) {
            if let Some(r) = cur.take() {
                record(r, conv, sink)?;
            }
            let (sender, content) = rest
                .split_once(": ")
                .unwrap_or((rest.trim_end_matches(':'), ""));
            cur = Some(Rec {
                line: line_no,
                date,
                sender: sender.to_owned(),
                content: content.to_owned(),
            });
        } else if let Some(r) = cur.as_mut() {
            r.content.push('\n');
            r.content.push_str(line);
        } else if !line.trim().is_empty() {
            return Err(ImportError::malformed(
                &file,
                Position::line(line_no),
                "expected a `[YYYY-MM-DD HH:MM:SS] Sender: text` line",
            ));
        }
        if line_no % 8192 == 0 {
            sink.progress(done, total)
                .map_err(|e| ImportError::new(&file, e))?;
        }
    }
    if let Some(r) = cur.take() {
        record(r, conv, sink)?;
    }
    sink.progress(done.min(total.max(done)), total)
        .map_err(|e| ImportError::new(&file, e))
}

/// Removes links into the export's media folders; returns them as
/// `(name, path)`.
fn take_links(s: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(s.len());
    let mut links = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let name = &after[..close];
            let target_start = &after[close + 2..];
            let end = target_start.find(')')?;
            let target = &target_start[..end];
            let media = [
                "./media/",
                "media/",
                "../exported_stickers/",
                "exported_stickers/",
            ]
            .iter()
            .any(|p| target.starts_with(p));
            (media && !name.contains('\n'))
                .then(|| (name.to_owned(), target.to_owned(), close + 2 + end + 1))
        });
        match parsed {
            Some((name, target, used)) => {
                let before = &rest[..open];
                out.push_str(before.strip_suffix('!').unwrap_or(before));
                links.push((name, target));
                let tail = &after[used..];
                rest = tail.strip_prefix("  ").unwrap_or(tail);
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, links)
}

fn record(r: Rec, conv: &mut Conv<'_>, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let file = conv.file().to_owned();
    if conv.is_repeat(r.date) {
        return Ok(());
    }
    let at = Position::line(r.line);
    let sent_at = conv
        .time(r.date)
        .ok_or_else(|| ImportError::malformed(&file, at, "date outside the time zone's range"))?;
    let sender = conv.sender(&r.sender, sink)?;
    // Every message is followed by a blank line.
    let content = r.content.trim_end_matches('\n');
    let id = conv.id(&sent_at, &sender);
    if content == "(This message was deleted)" {
        let mut m = Message::text(Some(sender), sent_at, "");
        m.native_id = Some(id);
        m.kind = MessageKind::Deleted;
        return sink
            .message(conv.chat(), m)
            .map_err(|e| ImportError::new(&file, e));
    }
    let (mut text, links) = take_links(content);
    // Quote: "\n\n> text\n\n" right after the sender.
    if let Some(q) = text.strip_prefix("\n\n> ")
        && let Some(end) = q.find("\n\n")
    {
        text = q[end + 2..].to_owned();
    }
    let mut sticker = None;
    if let Some(pos) = text.rfind("\n(( ")
        && let Some(label) = text[pos + 4..].strip_suffix(" ))")
    {
        sticker = Some(label.to_owned());
        text.truncate(pos);
    }
    let mut reactions = Vec::new();
    if let Some(pos) = text.rfind("\n(- ")
        && let Some(list) = text[pos + 4..].trim_end().strip_suffix(" -)")
    {
        for item in list.split(", ") {
            if let Some((name, emoji)) = item.rsplit_once(": ") {
                reactions.push((name.to_owned(), emoji.to_owned()));
            }
        }
        text.truncate(pos);
    }
    let mut msg = Message::text(
        Some(sender),
        sent_at,
        strip_break(&text).trim_end_matches(' '),
    );
    msg.native_id = Some(id);
    if msg.text.trim().is_empty() {
        msg.text.clear();
    }
    for (name, emoji) in reactions {
        let by = conv.sender(&name, sink)?;
        msg.reactions.push(Reaction {
            emoji,
            by: Some(by),
            at: None,
        });
    }
    for (name, path) in links {
        let mut att = conv.attachment(&name, &path, sink)?;
        if path.contains("exported_stickers/") {
            att.media_kind = MediaKind::Sticker;
            msg.kind = MessageKind::Sticker;
        } else if msg.kind != MessageKind::Sticker {
            msg.kind = MessageKind::Media;
        }
        msg.attachments.push(att);
    }
    if let Some(label) = sticker {
        msg.kind = MessageKind::Sticker;
        if msg.text.is_empty() {
            msg.text = label;
        }
    }
    sink.message(conv.chat(), msg)
        .map_err(|e| ImportError::new(&file, e))
}

#[cfg(test)]
mod tests {
    use super::take_links;

    #[test]
    fn links_into_media_become_attachments() {
        let (text, links) =
            take_links("  ![IMG 1.jpg](./media/IMG%201.jpg)  [doc.pdf](./media/doc.pdf)  ");
        assert_eq!(text, "  ");
        assert_eq!(
            links,
            vec![
                ("IMG 1.jpg".to_owned(), "./media/IMG%201.jpg".to_owned()),
                ("doc.pdf".to_owned(), "./media/doc.pdf".to_owned())
            ]
        );
        let (text, links) = take_links("see [this](https://example.org) and [x]");
        assert_eq!(text, "see [this](https://example.org) and [x]");
        assert!(links.is_empty());
    }
}
