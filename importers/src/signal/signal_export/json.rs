//! signal-export `data.json`: JSON Lines, one object per message:
//! `{date, sender, body, quote, sticker, reactions: [[name, emoji]],
//! attachments: [{name, path, missing_kind}], deleted, call, missed}`.
//!
//! `date` is a naive local time (read in [`crate::ImportOptions::tz`]);
//! `body` has two trailing spaces appended (a Markdown line break) which
//! are removed; mentions stay U+FFFC placeholders as exported. There are no
//! message ids (see [`super`] for the ids Ferry makes), and the quote is only the quoted text, so replies cannot be
//! linked.

use super::Conv;
use crate::{ImportError, Position, Sink};
use chrono::NaiveDateTime;
use ferry_model::{Attachment, MediaKind, Message, MessageKind, Reaction};
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

#[derive(Debug, Deserialize)]
struct Rec<'a> {
    #[serde(borrow)]
    date: Cow<'a, str>,
    #[serde(borrow)]
    sender: Cow<'a, str>,
    #[serde(borrow)]
    body: Option<Cow<'a, str>>,
    #[serde(borrow)]
    sticker: Option<StickerRec<'a>>,
    #[serde(default, borrow)]
    reactions: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    #[serde(default, borrow)]
    attachments: Vec<AttRec<'a>>,
    deleted: Option<bool>,
    call: Option<bool>,
    missed: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum StickerRec<'a> {
    Object {
        #[serde(borrow)]
        emoji: Option<Cow<'a, str>>,
    },
    Text(#[serde(borrow)] Cow<'a, str>),
}

#[derive(Debug, Deserialize)]
struct AttRec<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    path: Option<Cow<'a, str>>,
    #[serde(borrow)]
    missing_kind: Option<Cow<'a, str>>,
}

/// Reads `2024-06-10T08:13:20` (optionally with fractional seconds). The
/// common shape is read by hand; anything else goes through chrono.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() == 19 && b[4] == b'-' && b[7] == b'-' && (b[10] == b'T' || b[10] == b' ') {
        let num = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|x| x.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|x| x.parse::<u32>().ok())
        };
        let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        return date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?);
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
}

/// signal-export appends two spaces to every body.
pub(crate) fn strip_break(body: &str) -> &str {
    body.strip_suffix("  ").unwrap_or(body)
}

pub fn import(
    reader: &mut dyn Read,
    conv: &mut Conv<'_>,
    total: u64,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = conv.file().to_owned();
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut line = Vec::new();
    let (mut line_no, mut done) = (0u64, 0u64);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(|e| {
            ImportError::new(
                &file,
                crate::InputError::Io {
                    path: file.clone(),
                    source: e,
                },
            )
        })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        done += n as u64;
        let t = line.trim_ascii();
        let t = t.strip_prefix(b"\xef\xbb\xbf").unwrap_or(t);
        if t.is_empty() {
            continue;
        }
        let at = Position::line(line_no);
        // One UTF-8 check per line is cheaper than serde_json's per string.
        let parsed = match std::str::from_utf8(t) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(t),
        };
        let rec: Rec<'_> = parsed
            .map_err(|e| ImportError::malformed(&file, at, format!("bad message record: {e}")))?;
        let date = parse_date(&rec.date)
            .ok_or_else(|| ImportError::malformed(&file, at, format!("bad date {:?}", rec.date)))?;
        if conv.is_repeat(date) {
            continue;
        }
        let sent_at = conv.time(date).ok_or_else(|| {
            ImportError::malformed(&file, at, "date outside the time zone's range")
        })?;
        let sender = conv.sender(&rec.sender, sink)?;
        let body = strip_break(rec.body.as_deref().unwrap_or(""));
        let mut msg = Message::text(Some(sender.clone()), sent_at, body);
        msg.native_id = Some(conv.id(&sent_at, &sender));
        for (name, emoji) in &rec.reactions {
            let by = conv.sender(name, sink)?;
            msg.reactions.push(Reaction {
                emoji: emoji.to_string(),
                by: Some(by),
                at: None,
            });
        }
        for a in &rec.attachments {
            let name = a.name.as_deref().unwrap_or("");
            let att = match (&a.path, &a.missing_kind) {
                (Some(path), None) => conv.attachment(name, path, sink)?,
                _ => {
                    sink.warning(crate::Warning {
                        location: format!("{file}:{line_no}"),
                        message: format!("attachment {name} was missing when signal-export ran"),
                    });
                    Attachment::named(if name.is_empty() { "attachment" } else { name })
                }
            };
            msg.attachments.push(att);
        }
        if !msg.attachments.is_empty() {
            msg.kind = MessageKind::Media;
        }
        if let Some(s) = &rec.sticker {
            msg.kind = MessageKind::Sticker;
            let emoji = match s {
                StickerRec::Object { emoji } => emoji.as_deref().unwrap_or(""),
                StickerRec::Text(t) => t,
            };
            if msg.text.is_empty() {
                msg.text = emoji.to_owned();
            }
            if msg.attachments.is_empty() {
                let mut a = Attachment::named("sticker.webp");
                a.media_kind = MediaKind::Sticker;
                msg.attachments.push(a);
            }
        }
        if rec.call == Some(true) {
            msg.kind = MessageKind::Call;
            if msg.text.is_empty() {
                msg.text = if rec.missed == Some(true) {
                    "Missed call"
                } else {
                    "Call"
                }
                .to_owned();
            }
        }
        if rec.deleted == Some(true) {
            msg.kind = MessageKind::Deleted;
            msg.text.clear();
        }
        sink.message(conv.chat(), msg)
            .map_err(|e| ImportError::new(&file, e))?;
        if line_no % 8192 == 0 {
            sink.progress(done, total)
                .map_err(|e| ImportError::new(&file, e))?;
        }
    }
    sink.progress(done, total)
        .map_err(|e| ImportError::new(&file, e))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        for (s, want) in [
            ("2024-06-10T08:13:20", Some("2024-06-10 08:13:20")),
            ("2024-06-10 08:13:20", Some("2024-06-10 08:13:20")),
            (
                "2024-06-10T08:13:20.250000",
                Some("2024-06-10 08:13:20.250"),
            ),
            ("2024-02-30T08:13:20", None),
            ("2024-06-10T25:13:20", None),
            ("2024-06-1xT08:13:20", None),
            ("2024-+6-10T08:13:20", None),
            ("", None),
        ] {
            let got = parse_date(s).map(|d| d.format("%Y-%m-%d %H:%M:%S%.3f").to_string());
            let want = want.map(|w| {
                if w.contains('.') {
                    w.to_owned()
                } else {
                    format!("{w}.000")
                }
            });
            assert_eq!(got, want, "{s}");
        }
    }
}
