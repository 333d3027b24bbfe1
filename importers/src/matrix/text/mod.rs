//! Element's *Plain Text* chat export: `matrix - <Room> - Chat Export -
//! <time>.txt`, or `export.txt` inside the zip made with attachments.
//!
//! One line per event, `<local time> - <text>`; lines that do not start
//! with a timestamp continue the previous event (Element does not escape
//! multi-line bodies). There are no event ids, no room id and no offsets:
//! times are read in the chosen zone, and re-imports deduplicate by content
//! (see `docs/formats/matrix.md`).
//!
//! Map:
//! - [`TextImporter`] (`matrix-txt`): detection and the two passes: the
//!   first decides day-first vs month-first dates for the whole file, the
//!   second emits messages.
//! - [`stamp`]: the locale-dependent timestamps.
//! - [`body`]: sender, kind and attachment of one event's text.
//! - [`read`]: bounded line reading and the chat's title from file names.

pub mod body;
pub mod read;
pub mod stamp;

use crate::{
    DateOrder, Detected, Format, ImportError, ImportOptions, Importer, Input, Sink, SinkError,
    Warning,
};
use chrono::TimeZone;
use ferry_model::{App, Chat, ChatKind, Message, Participant, Timestamp};
use read::Lines;
use stamp::{DateParts, Stamp};
use std::collections::BTreeSet;

/// How many bytes detection reads.
const SNIFF_BYTES: usize = 16 * 1024;
/// How often (in lines) progress is reported.
const PROGRESS_EVERY: u64 = 2000;

/// Element (Matrix) plain-text chat exports.
#[derive(Debug)]
pub struct TextImporter;

impl Importer for TextImporter {
    fn id(&self) -> &'static str {
        "matrix-txt"
    }

    fn app(&self) -> App {
        App::Matrix
    }

    fn description(&self) -> &'static str {
        "Element (Matrix) \"Export chat\" as plain text (one room; locale-dependent times)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.name.to_ascii_lowercase().ends_with(".txt"))
            .filter(|e| {
                input
                    .head(&e.name, SNIFF_BYTES)
                    .is_ok_and(|h| is_element_text(&e.name, &h))
            })
            .map(|e| Detected {
                format: Format::of(&TextImporter),
                entry: e.name.clone(),
                label: format!("Matrix room «{}» (text)", read::title(input, &e.name)),
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        import(input, &found.entry, options, sink)
    }
}

/// Whether an entry is an Element text export: its head is shaped like one
/// ([`sniff`]) and either the file has Element's name
/// (`matrix - <Room> - Chat Export - <time>.txt`) or the head holds a line
/// only Element writes. WhatsApp's detection asks this too: some WhatsApp
/// locales also write `<date> <time with seconds> - Name: text`.
pub fn is_element_text(entry: &str, head: &[u8]) -> bool {
    if !sniff(head) {
        return false;
    }
    let file = entry.rsplit('/').next().unwrap_or(entry);
    read::room_from_file_name(file).is_some() || has_element_lines(head)
}

/// Sentences and markers of Element's text export that WhatsApp never writes.
const ELEMENT_MARKS: [&str; 10] = [
    " created and configured the room",
    " joined the room",
    " left the room",
    " (Media omitted)",
    " (File Attached)",
    " changed the room name to ",
    " made future room history visible",
    " turned on end-to-end encryption",
    " - Message deleted",
    ": <@",
];

fn has_element_lines(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    ELEMENT_MARKS.iter().any(|m| text.contains(m))
}

/// Whether `head` is shaped like an Element text export: its first non-empty
/// line is `<time with seconds> - <text>`.
pub fn sniff(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty());
    lines
        .next()
        .and_then(stamp::split_line)
        .is_some_and(|(_, rest)| !rest.is_empty())
}

/// Evidence for the file's date order.
#[derive(Debug, Default)]
struct Order {
    day_first: bool,
    month_first: bool,
    ambiguous: bool,
}

impl Order {
    fn add(&mut self, s: &Stamp) {
        if let DateParts::Ambiguous { p, q, .. } = s.date {
            self.ambiguous = true;
            self.day_first |= p > 12;
            self.month_first |= q > 12;
        }
    }
}

/// Imports the text export `entry` of `input`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let err = |e: SinkError| ImportError::new(&file, e);

    // Pass 1: the date order.
    let mut order = Order::default();
    read::each_line(input, entry, &file, &mut |_, line| {
        if let Some((s, _)) = stamp::split_line(line) {
            order.add(&s);
        }
        Ok(())
    })?;
    let day_first = match (order.day_first, order.month_first, options.date_order) {
        (true, false, _) => true,
        (false, true, _) => false,
        (_, _, Some(o)) => o == DateOrder::Dmy,
        _ => {
            let d = options.default_date_order == DateOrder::Dmy;
            if order.ambiguous {
                sink.warning(Warning {
                    location: file.clone(),
                    message: format!(
                        "dates could be day-first or month-first; read as {} (choose with the date order option)",
                        if d { "day/month" } else { "month/day" }
                    ),
                });
            }
            d
        }
    };

    // Pass 2: the messages.
    let title = read::title(input, entry);
    let chat = sink
        .begin_chat(Chat::new(App::Matrix, title, ChatKind::Direct))
        .map_err(err)?;
    let mut emit = Emit {
        input,
        entry,
        options,
        chat,
        day_first,
        senders: BTreeSet::new(),
        pending: None,
        missing: 0,
        file: &file,
    };
    let mut lines_seen = 0u64;
    read::each_line(input, entry, &file, &mut |lines: &Lines, line| {
        lines_seen += 1;
        emit.line(line, lines.line_no(), sink)?;
        if lines_seen.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(lines.consumed(), total)?;
        }
        Ok(())
    })?;
    emit.flush(sink).map_err(err)?;
    if emit.senders.len() > 2 {
        sink.set_chat_kind(chat, ChatKind::Group).map_err(err)?;
    }
    if emit.missing > 0 {
        sink.warning(Warning {
            location: file.clone(),
            message: format!(
                "{} attachment(s) are not in the export (export again with \"Include attachments\" to keep the files)",
                emit.missing
            ),
        });
    }
    sink.progress(total, total).map_err(err)?;
    Ok(())
}

/// One event being collected (its continuation lines may follow).
#[derive(Debug)]
struct Pending {
    at: Timestamp,
    body: String,
}

/// State of pass 2.
struct Emit<'a> {
    input: &'a Input,
    entry: &'a str,
    options: &'a ImportOptions,
    chat: crate::ChatHandle,
    day_first: bool,
    senders: BTreeSet<String>,
    pending: Option<Pending>,
    missing: u64,
    file: &'a str,
}

impl Emit<'_> {
    fn line(&mut self, line: &str, line_no: u64, sink: &mut dyn Sink) -> Result<(), SinkError> {
        let stamped =
            stamp::split_line(line).and_then(|(s, rest)| Some((s.local(self.day_first)?, rest)));
        let Some((local, rest)) = stamped else {
            match &mut self.pending {
                Some(p) => {
                    p.body.push('\n');
                    p.body.push_str(line);
                }
                None if line.trim().is_empty() => {}
                None => sink.skipped(
                    format!("{}:{line_no}", self.file),
                    "text before the first timestamped line".to_owned(),
                ),
            }
            return Ok(());
        };
        self.flush(sink)?;
        let Some(at) = self.instant(local) else {
            sink.skipped(
                format!("{}:{line_no}", self.file),
                "time out of range".to_owned(),
            );
            return Ok(());
        };
        self.pending = Some(Pending {
            at,
            body: rest.to_owned(),
        });
        Ok(())
    }

    /// The instant of a wall-clock time in the chosen zone (the earlier
    /// reading when the clock was set back; an hour later in a gap).
    fn instant(&self, local: chrono::NaiveDateTime) -> Option<Timestamp> {
        let tz = self.options.tz;
        let at = tz.from_local_datetime(&local).earliest().or_else(|| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })?;
        crate::matrix::at_millis(at.timestamp_millis(), tz)
    }

    fn flush(&mut self, sink: &mut dyn Sink) -> Result<(), SinkError> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let b = body::classify(&p.body);
        if let Some(name) = &b.sender
            && self.senders.insert(name.clone())
        {
            let mut who = Participant::named(name.clone());
            who.is_me = self.options.me.as_deref() == Some(name.as_str());
            sink.participant(self.chat, who)?;
        }
        let mut msg = Message::text(b.sender, p.at, b.text);
        msg.kind = b.kind;
        if let Some(mut att) = b.attachment {
            let stored = if b.file_attached {
                read::find_media(self.input, self.entry, &att.file_name).and_then(|e| {
                    self.input
                        .with_entry(&e, |r| sink.media(&att.file_name, r))
                        .ok()
                })
            } else {
                None
            };
            match stored {
                Some(s) => {
                    let s = s?;
                    att.content_hash = Some(s.content_hash);
                    att.size = Some(s.size);
                }
                None => self.missing += 1,
            }
            msg.attachments.push(att);
        }
        sink.message(self.chat, msg)
    }
}

#[cfg(test)]
mod tests;
