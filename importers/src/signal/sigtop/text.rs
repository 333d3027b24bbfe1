//! sigtop `-f text` (the default): a `Conversation:` line, then one record
//! per message: `Field: value` lines (`From`, `Type`, `Sent`, `Received`,
//! `Attachment`, `Reaction`, `Edited`), an optional quote (`> ` lines), the
//! body after a blank line, and a blank line after every record. Edited
//! messages carry their versions as `| ` lines instead of a body.
//!
//! Dates are RFC 2822 with the exporter's offset (`Mon, 10 Jun 2024
//! 08:13:20 +0200`), to the second. Ids: `"<sent ms>:<author>"` like the
//! JSON layout, but at second precision (numbered `:2`, `:3`... when one
//! author has several messages in one second), so they match other text
//! imports, not JSON imports. A record starts at a `From:` or `Type:` line that
//! follows a blank line; a body line of that shape after a blank line is
//! indistinguishable and starts a record too (sigtop's layout cannot tell).

use super::split_detail;
use crate::{ChatHandle, ImportError, ImportOptions, Position, Sink};
use chrono::DateTime;
use ferry_model::{
    App, Attachment, Chat, ChatKind, Message, MessageKind, Participant, Reaction, Timestamp,
};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};

/// One record's lines, and where it started.
#[derive(Debug, Default)]
struct Record {
    line: u64,
    lines: Vec<String>,
}

/// Imports one sigtop text file.
pub fn import(
    reader: &mut dyn Read,
    file: &str,
    total: u64,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let reader = BufReader::with_capacity(256 * 1024, reader);
    let mut state = State {
        file,
        options,
        chat: None,
        authors: HashSet::new(),
        ids: crate::signal::IdMaker::default(),
    };
    let mut rec = Record::default();
    let mut in_body = false;
    let mut prev_blank = false;
    let mut done = 0u64;
    let mut line_no = 0u64;
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| {
            ImportError::new(
                file,
                crate::InputError::Io {
                    path: file.into(),
                    source: e,
                },
            )
        })?;
        line_no += 1;
        done += line.len() as u64 + 1;
        let line = String::from_utf8(line).map_err(|_| {
            ImportError::at(
                file,
                Position::line(line_no),
                crate::ImportErrorKind::InvalidUtf8,
            )
        })?;
        let line = line.strip_suffix('\r').unwrap_or(&line).to_owned();
        if line_no == 1 {
            let title = line
                .trim_start_matches('\u{feff}')
                .strip_prefix("Conversation: ")
                .ok_or_else(|| {
                    ImportError::malformed(
                        file,
                        Position::line(1),
                        "expected `Conversation: <name>`",
                    )
                })?;
            state.open(sink, title)?;
            continue;
        }
        let starts = line.starts_with("From: ") || line.starts_with("Type: ");
        if starts && prev_blank && (in_body || rec.lines.is_empty()) {
            if !rec.lines.is_empty() {
                state.record(std::mem::take(&mut rec), sink)?;
            }
            rec.line = line_no;
            in_body = false;
        }
        if rec.lines.is_empty() && line.is_empty() {
            prev_blank = true;
            continue; // blank lines between records
        }
        if line.is_empty() && !in_body {
            in_body = true;
        }
        prev_blank = line.is_empty();
        rec.lines.push(line);
        if line_no.is_multiple_of(8192) {
            sink.progress(done, total)
                .map_err(|e| ImportError::new(file, e))?;
        }
    }
    if line_no == 0 {
        return Err(ImportError::malformed(
            file,
            Position::line(1),
            "empty file",
        ));
    }
    if !rec.lines.is_empty() {
        state.record(rec, sink)?;
    }
    sink.progress(done.min(total.max(done)), total)
        .map_err(|e| ImportError::new(file, e))?;
    Ok(())
}

struct State<'o> {
    file: &'o str,
    options: &'o ImportOptions,
    chat: Option<ChatHandle>,
    authors: HashSet<String>,
    ids: crate::signal::IdMaker,
}

fn parse_time(s: &str) -> Option<Timestamp> {
    DateTime::parse_from_rfc2822(s.trim()).ok().map(Timestamp)
}

/// `You` is the exporter; `Name (detail)` is keyed by the detail.
fn key_of(who: &str) -> String {
    if who == "You" {
        return "me".to_owned();
    }
    match split_detail(who) {
        (_, Some(detail)) => detail.to_owned(),
        (name, None) => name.to_owned(),
    }
}

/// `IMG.jpg (image/jpeg, 183204 bytes)`.
fn parse_attachment(v: &str) -> Attachment {
    if let Some(inner) = v.strip_suffix(" bytes)")
        && let Some((name, rest)) = inner.rsplit_once(" (")
        && let Some((mime, size)) = rest.rsplit_once(", ")
    {
        let mut a = Attachment::named(if name == "no filename" {
            "attachment"
        } else {
            name
        });
        if !mime.is_empty() {
            a.media_kind = crate::signal::kind_from_mime(mime, name);
            a.mime = Some(mime.to_owned());
        }
        a.size = size.parse().ok();
        return a;
    }
    Attachment::named(v)
}

/// Field lines (`Key: value`) at the start of `lines`, and the rest.
fn fields(lines: &[String]) -> (Vec<(&str, &str)>, &[String]) {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.is_empty() {
            return (out, &lines[i + 1..]);
        }
        if let Some((k, v)) = l.split_once(": ") {
            out.push((k, v));
        } else if let Some(k) = l.strip_suffix(':') {
            out.push((k, ""));
        }
    }
    (out, &[])
}

/// A quote block (`>` lines) at the start of `lines`: the quoted author
/// and sent time, and the lines after it.
fn quote(lines: &[String]) -> (Option<(String, i64)>, &[String]) {
    let n = lines.iter().take_while(|l| l.starts_with('>')).count();
    if n == 0 {
        return (None, lines);
    }
    let mut from = None;
    let mut sent = None;
    for l in &lines[..n] {
        let l = l.trim_start_matches('>').trim_start();
        if let Some(v) = l.strip_prefix("From: ") {
            from.get_or_insert_with(|| key_of(v));
        } else if let Some(v) = l.strip_prefix("Sent: ") {
            sent = sent.or_else(|| parse_time(v));
        }
    }
    // The blank line that separates the quote from the body.
    let rest = lines[n..]
        .strip_prefix(&[String::new()])
        .unwrap_or(&lines[n..]);
    let q = match (from, sent) {
        (Some(f), Some(s)) => Some((f, s.unix_millis())),
        _ => None,
    };
    (q, rest)
}

fn body(lines: &[String]) -> String {
    let lines = lines.strip_suffix(&[String::new()]).unwrap_or(lines);
    lines.join("\n")
}

impl State<'_> {
    fn open(&mut self, sink: &mut dyn Sink, title: &str) -> Result<(), ImportError> {
        let chat = Chat::new(App::Signal, title, ChatKind::Direct);
        let h = super::begin_chat(sink, chat, self.file, self.options)?;
        self.chat = Some(h);
        Ok(())
    }

    fn record(&mut self, rec: Record, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let file = self.file;
        let Some(chat) = self.chat else {
            return Ok(());
        };
        let (fields, rest) = fields(&rec.lines);
        let get = |k: &str| fields.iter().find(|(f, _)| *f == k).map(|(_, v)| *v);
        let ty = get("Type").unwrap_or("unknown");
        let sent = get("Sent")
            .and_then(parse_time)
            .or_else(|| get("Received").and_then(parse_time))
            .ok_or_else(|| {
                ImportError::malformed(
                    file,
                    Position::line(rec.line),
                    "record without a readable Sent: date",
                )
            })?;
        let sender = match get("From") {
            Some(who) => {
                let key = key_of(who);
                if key != "me" && self.authors.insert(key.clone()) {
                    let (name, detail) = split_detail(who);
                    let p = Participant {
                        key: key.clone(),
                        name: name.to_owned(),
                        phone: detail.filter(|d| d.starts_with('+')).map(str::to_owned),
                        handle: detail.filter(|d| !d.starts_with('+')).map(str::to_owned),
                        native_id: None,
                        is_me: false,
                    };
                    sink.participant(chat, p)
                        .map_err(|e| ImportError::new(file, e))?;
                    if self.authors.len() == 2 {
                        sink.set_chat_kind(chat, ChatKind::Group)
                            .map_err(|e| ImportError::new(file, e))?;
                    }
                }
                Some(key)
            }
            None => None,
        };
        let mut msg = Message::text(sender.clone(), sent, String::new());
        msg.native_id = Some(
            self.ids
                .id(sent.unix_millis(), sender.as_deref().unwrap_or("signal")),
        );
        for (k, v) in &fields {
            match *k {
                "Attachment" => msg.attachments.push(parse_attachment(v)),
                "Reaction" => {
                    let (emoji, who) = v.split_once(" from ").unwrap_or((v, ""));
                    msg.reactions.push(Reaction {
                        emoji: emoji.to_owned(),
                        by: (!who.is_empty()).then(|| key_of(who)),
                        at: None,
                    });
                }
                _ => {}
            }
        }
        if get("Edited").is_some() {
            self.edits(rest, &mut msg);
        } else {
            let (q, rest) = quote(rest);
            msg.reply_to = q.map(|(k, t)| format!("{t}:{k}"));
            msg.text = body(rest);
        }
        msg.kind = match ty {
            "incoming" | "outgoing" if !msg.attachments.is_empty() => MessageKind::Media,
            "incoming" | "outgoing" => MessageKind::Text,
            "call-history" => MessageKind::Call,
            _ => MessageKind::System,
        };
        if msg.text.is_empty() {
            match msg.kind {
                MessageKind::Call => msg.text = "Call".into(),
                MessageKind::System => {
                    msg.text = format!("Signal notice: {}", ty.replace('-', " "))
                }
                _ => {}
            }
        }
        sink.message(chat, msg)
            .map_err(|e| ImportError::new(file, e))
    }

    /// `| Version: N` blocks, newest first: the newest gives the text, its
    /// `Sent` the edit time; the quote is read from it too.
    fn edits(&self, rest: &[String], msg: &mut Message) {
        let lines: Vec<String> = rest
            .iter()
            .map(|l| {
                let l = l.strip_prefix('|').unwrap_or(l);
                l.strip_prefix(' ').unwrap_or(l).to_owned()
            })
            .collect();
        let starts: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("Version: "))
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = starts.first() else {
            msg.text = body(&lines);
            return;
        };
        let end = starts.get(1).copied().unwrap_or(lines.len());
        let block = &lines[first..end];
        let (fields, rest) = fields(block);
        let (q, rest) = quote(rest);
        msg.reply_to = q.map(|(k, t)| format!("{t}:{k}"));
        msg.text = body(rest);
        msg.edited = starts.len() > 1;
        msg.edited_at = fields
            .iter()
            .find(|(k, _)| *k == "Sent")
            .and_then(|(_, v)| parse_time(v));
    }
}
