//! Chat assembly: lines → entries → messages in the sink.
//!
//! A line that starts with a header (of the file's frozen shape) opens an
//! entry; every other line is appended to the open entry with `\n`.
//! Closing an entry splits the author, removes invisible marks, classifies
//! the body, resolves the timestamp and sends the message.
//!
//! Until the file has shown its day/month order, finished messages wait in
//! a bounded buffer; if the buffer fills before the order is known, the
//! rest of the file is pre-scanned (headers only) to decide. Memory stays
//! bounded either way.

use super::body::{self, Body};
use super::digits::{self, space_len};
use super::header::{self, Header, Shape};
use super::lines::{LineError, Lines};
use super::locale::FnvBuild;
use super::media::MediaFiles;
use super::order::{self, Clock, Evidence};
use crate::{ChatHandle, InputError};
use crate::{DateOrder, ImportError, ImportErrorKind, ImportOptions, Position, Sink, Warning};
use ferry_model::{Attachment, ChatKind, Message, MessageKind, Participant, Timestamp};
use std::collections::HashMap;
use std::io::Read;

/// Longest line accepted (a single message of this size is not a chat).
const MAX_LINE: usize = 256 << 20;
/// Messages kept while the day/month order is unknown.
const MAX_PENDING: usize = 50_000;
const MAX_PENDING_BYTES: usize = 32 << 20;
/// How often progress is reported, in bytes.
const PROGRESS_STEP: u64 = 8 << 20;
/// Missing-media warnings listed one by one before they are summarised.
const MAX_MISSING_WARNINGS: u64 = 20;

/// What the assembler needs from its caller.
pub(crate) struct Job<'a> {
    /// File name for errors and warnings.
    pub file: String,
    pub options: &'a ImportOptions,
    pub chat: ChatHandle,
    pub total: u64,
    pub media: MediaFiles<'a>,
    /// Reads the whole file again, headers only, to decide the day/month
    /// order when the first part of the file could not.
    pub prescan: &'a dyn Fn() -> Result<Evidence, ImportError>,
}

struct Pending {
    message: Message,
    header: Header,
    line: u64,
}

struct Open {
    header: Header,
    line: u64,
    /// Raw bytes after the header: first line, then `\n` + each
    /// continuation line.
    raw: Vec<u8>,
}

struct Assembler<'a, 's> {
    job: Job<'a>,
    sink: &'s mut dyn Sink,
    shape: Option<Shape>,
    order: Option<DateOrder>,
    evidence: Evidence,
    pending: Vec<Pending>,
    pending_bytes: usize,
    open: Option<Open>,
    /// Raw author bytes → index in `keys`.
    senders: HashMap<Vec<u8>, usize, FnvBuild>,
    /// Participant keys, in order of appearance.
    keys: Vec<String>,
    /// Raw author bytes and key index of the previous message.
    last_sender: Option<usize>,
    last_raw: Vec<u8>,
    group_event: bool,
    clock: Clock,
    entries: u64,
    text_buf: Vec<u8>,
    bad_utf8_line: Option<u64>,
    preamble_line: Option<u64>,
    missing_media: u64,
}

/// Parses the chat text from `reader` into the sink.
pub(crate) fn run(
    job: Job<'_>,
    reader: &mut dyn Read,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let forced = job.options.date_order;
    let tz = job.options.tz;
    let mut a = Assembler {
        job,
        sink,
        shape: None,
        order: forced,
        evidence: Evidence::default(),
        pending: Vec::new(),
        pending_bytes: 0,
        open: None,
        senders: HashMap::default(),
        keys: Vec::new(),
        last_sender: None,
        last_raw: Vec::new(),
        group_event: false,
        clock: Clock::new(tz),
        entries: 0,
        text_buf: Vec::new(),
        bad_utf8_line: None,
        preamble_line: None,
        missing_media: 0,
    };
    let mut lines = Lines::new(reader, MAX_LINE);
    let mut line_no = 0u64;
    let mut next_progress = PROGRESS_STEP;
    loop {
        let line = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => return Err(a.line_error(e, line_no + 1)),
        };
        line_no += 1;
        a.line(line, line_no)?;
        if lines.consumed() >= next_progress {
            next_progress = lines.consumed() + PROGRESS_STEP;
            a.sink
                .progress(lines.consumed(), a.job.total)
                .map_err(|e| ImportError::new(a.job.file.clone(), e))?;
        }
    }
    a.finish(line_no)
}

impl Assembler<'_, '_> {
    fn err(&self, line: u64, msg: String) -> ImportError {
        ImportError::malformed(self.job.file.clone(), Position::line(line), msg)
    }

    fn sink_err(&self, e: crate::SinkError) -> ImportError {
        ImportError::new(self.job.file.clone(), e)
    }

    fn warn(&mut self, line: Option<u64>, message: String) {
        let location = match line {
            Some(l) => format!("{}:{l}", self.job.file),
            None => self.job.file.clone(),
        };
        self.sink.warning(Warning { location, message });
    }

    fn line_error(&self, e: LineError, line: u64) -> ImportError {
        match e {
            LineError::Io(source) => ImportError::at(
                self.job.file.clone(),
                Position::line(line),
                ImportErrorKind::Input(InputError::Io {
                    path: self.job.file.clone(),
                    source,
                }),
            ),
            LineError::TooLong(max) => self.err(
                line,
                format!("line longer than {max} bytes: not a chat export"),
            ),
        }
    }

    /// One physical line.
    fn line(&mut self, line: &[u8], no: u64) -> Result<(), ImportError> {
        if let Some(h) = self.header_of(line) {
            self.close(false)?;
            let mut raw = std::mem::take(&mut self.text_buf);
            raw.clear();
            raw.extend_from_slice(line.get(h.rest..).unwrap_or(&[]));
            self.open = Some(Open {
                header: h,
                line: no,
                raw,
            });
            return Ok(());
        }
        match &mut self.open {
            Some(open) => {
                open.raw.push(b'\n');
                open.raw.extend_from_slice(line);
            }
            None => {
                let mut visible = line.to_vec();
                visible.retain(|b| !b.is_ascii_whitespace());
                if !digits::strip_marks(&visible).is_empty() && self.preamble_line.is_none() {
                    self.preamble_line = Some(no);
                }
            }
        }
        Ok(())
    }

    fn header_of(&mut self, line: &[u8]) -> Option<Header> {
        let h = header::parse(line)?;
        match self.shape {
            Some(s) if s != h.shape => None,
            Some(_) => Some(h),
            None => {
                self.shape = Some(h.shape);
                Some(h)
            }
        }
    }

    /// Closes the open entry, if any.
    fn close(&mut self, at_eof: bool) -> Result<(), ImportError> {
        let Some(mut open) = self.open.take() else {
            return Ok(());
        };
        if at_eof {
            while open.raw.last() == Some(&b'\n') {
                open.raw.pop();
            }
        }
        self.entries += 1;
        let message = self.message(&open)?;
        self.text_buf = open.raw;
        self.emit(message, open.header, open.line)
    }

    /// Author part of the first line: the text before the first `": "`
    /// (or a final `:`), when it is a plausible name.
    fn split_author(raw: &[u8]) -> Option<(usize, usize)> {
        let first_end = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
        let first = &raw[..first_end];
        let mut from = 0;
        while let Some(i) = memchr::memchr(b':', &first[from..]) {
            let at = from + i;
            let next = first.get(at + 1);
            let body_start = match next {
                None => at + 1,
                Some(_) => match space_len(&first[at + 1..]) {
                    Some(n) => at + 1 + n,
                    None => {
                        from = at + 1;
                        continue;
                    }
                },
            };
            let name = &first[..at];
            return plausible_author(name).then_some((at, body_start));
        }
        None
    }

    /// `Name:text` without the space, accepted only for a known sender.
    fn known_author_glued(&self, raw: &[u8]) -> Option<(usize, usize)> {
        let first_end = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
        let at = memchr::memchr(b':', &raw[..first_end])?;
        self.senders
            .contains_key(&raw[..at])
            .then_some((at, at + 1))
    }

    fn message(&mut self, open: &Open) -> Result<Message, ImportError> {
        let raw = &open.raw;
        let split = Self::split_author(raw).or_else(|| self.known_author_glued(raw));
        let (author_raw, text_raw) = match split {
            Some((end, start)) => (Some(&raw[..end]), raw.get(start..).unwrap_or(&[])),
            None => (None, &raw[..]),
        };
        let mut bytes = Vec::with_capacity(text_raw.len());
        let marked = digits::strip_marks_into(text_raw, &mut bytes);
        let mut text = self.utf8(bytes, open.line);
        let system = match author_raw {
            None => true,
            Some(_) => body::is_authored_system(&text, marked),
        };
        let mut body = Body {
            kind: MessageKind::System,
            attachment: None,
            edited: false,
        };
        let sender = match (system, author_raw) {
            (false, Some(a)) => Some(self.sender(a, open.line)?),
            _ => None,
        };
        if system {
            if !self.group_event && body::is_group_event(&text) {
                self.group_event = true;
            }
        } else {
            body = body::classify(&mut text, marked);
        }
        let mut message = Message::text(sender, placeholder_time(), text);
        message.kind = body.kind;
        message.edited = body.edited;
        if let Some((name, kind)) = body.attachment {
            let att = self.attachment(name, kind, open.line)?;
            message.attachments.push(att);
        }
        Ok(message)
    }

    fn utf8(&mut self, bytes: Vec<u8>, line: u64) -> String {
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                if self.bad_utf8_line.is_none() {
                    self.bad_utf8_line = Some(line);
                }
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        }
    }

    /// The participant key of a raw author, registering new ones.
    fn sender(&mut self, raw: &[u8], line: u64) -> Result<String, ImportError> {
        if let Some(i) = self.last_sender
            && self.last_raw == raw
        {
            return Ok(self.keys[i].clone());
        }
        let index = match self.senders.get(raw) {
            Some(&i) => i,
            None => {
                let key = self.utf8(clean_name(raw), line);
                let is_me = self
                    .job
                    .options
                    .me
                    .as_deref()
                    .is_some_and(|me| me.trim() == key);
                let p = Participant {
                    is_me,
                    ..Participant::named(key.clone())
                };
                self.sink
                    .participant(self.job.chat, p)
                    .map_err(|e| self.sink_err(e))?;
                self.keys.push(key);
                self.senders.insert(raw.to_vec(), self.keys.len() - 1);
                self.keys.len() - 1
            }
        };
        self.last_sender = Some(index);
        self.last_raw.clear();
        self.last_raw.extend_from_slice(raw);
        Ok(self.keys[index].clone())
    }

    fn attachment(
        &mut self,
        name: String,
        kind: ferry_model::MediaKind,
        line: u64,
    ) -> Result<Attachment, ImportError> {
        let mut att = Attachment {
            media_kind: kind,
            ..Attachment::named(name)
        };
        match self.job.media.store(&att.file_name, &mut *self.sink) {
            Ok(Some(stored)) => {
                att.content_hash = Some(stored.content_hash);
                att.size = Some(stored.size);
            }
            Ok(None) => {
                self.missing_media += 1;
                if self.missing_media <= MAX_MISSING_WARNINGS {
                    let msg = format!("attached file {:?} is not in the export", att.file_name);
                    self.warn(Some(line), msg);
                }
            }
            Err(crate::SinkError::Io(e)) => {
                let msg = format!("could not read attached file {:?}: {e}", att.file_name);
                self.warn(Some(line), msg);
            }
            Err(e) => return Err(self.sink_err(e)),
        }
        Ok(att)
    }

    fn emit(&mut self, message: Message, header: Header, line: u64) -> Result<(), ImportError> {
        if self.order.is_none() {
            self.evidence.add(&header.date);
            if let Some(o) = self.evidence.decided() {
                self.order = Some(o);
            }
        }
        match self.order {
            Some(order) => {
                if !self.pending.is_empty() {
                    self.flush(order)?;
                }
                self.send(message, &header, line, order)
            }
            None => {
                self.pending_bytes += message.text.len() + 64;
                self.pending.push(Pending {
                    message,
                    header,
                    line,
                });
                if self.pending.len() >= MAX_PENDING || self.pending_bytes >= MAX_PENDING_BYTES {
                    let evidence = (self.job.prescan)()?;
                    let order = self.settle(evidence.decided());
                    self.flush(order)?;
                }
                Ok(())
            }
        }
    }

    /// Fixes the order once the file has been seen: the decided one, the
    /// forced one, or the default with a warning.
    fn settle(&mut self, decided: Option<DateOrder>) -> DateOrder {
        if let Some(o) = self.order.or(decided) {
            self.order = Some(o);
            return o;
        }
        let o = self.job.options.default_date_order;
        let shown = match o {
            DateOrder::Dmy => "dd/mm",
            DateOrder::Mdy => "mm/dd",
            DateOrder::Ymd => "yyyy/mm/dd",
        };
        let msg = format!("could not tell day/month order; read as {shown} (use --date-order)");
        self.warn(None, msg);
        self.order = Some(o);
        o
    }

    fn flush(&mut self, order: DateOrder) -> Result<(), ImportError> {
        self.pending_bytes = 0;
        for p in std::mem::take(&mut self.pending) {
            self.send(p.message, &p.header, p.line, order)?;
        }
        Ok(())
    }

    fn send(
        &mut self,
        mut message: Message,
        h: &Header,
        line: u64,
        order: DateOrder,
    ) -> Result<(), ImportError> {
        message.sent_at = self.timestamp(h, line, order)?;
        self.sink
            .message(self.job.chat, message)
            .map_err(|e| self.sink_err(e))
    }

    fn timestamp(
        &mut self,
        h: &Header,
        line: u64,
        order: DateOrder,
    ) -> Result<Timestamp, ImportError> {
        let date = order::date_of(&h.date, order).ok_or_else(|| {
            let [a, b, c] = h.date.fields;
            let sep = char::from(h.shape.date_sep);
            let how = match (self.job.options.date_order, order) {
                (Some(_), o) => format!("{} (forced)", o.as_str()),
                (None, o) => o.as_str().to_owned(),
            };
            self.err(
                line,
                format!("impossible date {a}{sep}{b}{sep}{c} read as {how}"),
            )
        })?;
        let time = order::time_of(h)
            .ok_or_else(|| self.err(line, format!("impossible time {}:{:02}", h.hour, h.minute)))?;
        self.clock
            .instant(date.and_time(time))
            .ok_or_else(|| self.err(line, format!("date out of range: {date}")))
    }

    fn finish(mut self, lines: u64) -> Result<(), ImportError> {
        self.close(true)?;
        if self.entries == 0 {
            return Err(self.err(
                lines.max(1),
                "no WhatsApp message header found (expected lines like \
                 \"23/03/2022, 13:31 - Name: text\" or \"[3/27/22, 21:41:35] Name: text\")"
                    .into(),
            ));
        }
        if !self.pending.is_empty() || self.order.is_none() {
            let decided = self.evidence.decided();
            let order = self.settle(decided);
            self.flush(order)?;
        }
        if self.evidence.conflicting() {
            self.warn(None, "dates disagree on day/month order".into());
        }
        if let Some(l) = self.bad_utf8_line {
            self.warn(
                Some(l),
                "invalid UTF-8 replaced with U+FFFD (first occurrence here)".into(),
            );
        }
        if let Some(l) = self.preamble_line {
            let location = format!("{}:{l}", self.job.file);
            self.sink
                .skipped(location, "text before the first message header".into());
        }
        if self.missing_media > MAX_MISSING_WARNINGS {
            let more = self.missing_media - MAX_MISSING_WARNINGS;
            self.warn(
                None,
                format!("{more} more attached files are not in the export"),
            );
        }
        if self.entries == 40_000 || self.entries == 10_000 {
            let msg = format!(
                "exactly {} entries: WhatsApp cuts long exports at this size, older messages may be missing",
                self.entries
            );
            self.warn(None, msg);
        }
        let kind = if self.group_event || self.keys.len() > 2 {
            ChatKind::Group
        } else {
            ChatKind::Direct
        };
        self.sink
            .set_chat_kind(self.job.chat, kind)
            .map_err(|e| self.sink_err(e))?;
        let total = self.job.total;
        self.sink
            .progress(total, total)
            .map_err(|e| self.sink_err(e))
    }
}

/// A timestamp replaced before the message is sent.
fn placeholder_time() -> Timestamp {
    Timestamp(chrono::DateTime::UNIX_EPOCH.fixed_offset())
}

/// A participant name from raw author bytes: marks removed, no-break
/// spaces made plain, surrounding spaces trimmed.
pub(crate) fn clean_name(raw: &[u8]) -> Vec<u8> {
    let stripped = digits::strip_marks(raw);
    let mut out = Vec::with_capacity(stripped.len());
    let mut i = 0;
    while i < stripped.len() {
        match space_len(&stripped[i..]) {
            Some(n) => {
                out.push(b' ');
                i += n;
            }
            None => {
                out.push(stripped[i]);
                i += 1;
            }
        }
    }
    let start = out.iter().position(|b| *b != b' ').unwrap_or(out.len());
    let end = out
        .iter()
        .rposition(|b| *b != b' ')
        .map_or(start, |e| e + 1);
    out[start..end].to_vec()
}

/// Whether text before `": "` can be a sender's name: not empty, not a
/// sentence (system lines quote group names, which may contain `": "`).
fn plausible_author(name: &[u8]) -> bool {
    if name.len() > 160 || name.contains(&b'"') {
        return false;
    }
    if name.is_ascii() {
        return name.iter().any(|b| *b != b' ');
    }
    const QUOTES: [&str; 5] = ["“", "”", "«", "»", "„"];
    let visible = {
        let mut i = 0;
        loop {
            if i >= name.len() {
                break false;
            }
            match space_len(&name[i..]).or_else(|| digits::mark_len(&name[i..])) {
                Some(n) => i += n,
                None => break true,
            }
        }
    };
    visible
        && !QUOTES
            .iter()
            .any(|q| memchr::memmem::find(name, q.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_split_rules() {
        fn s(raw: &str) -> Option<(&str, &str)> {
            Assembler::split_author(raw.as_bytes()).map(|(a, b)| (&raw[..a], &raw[b..]))
        }
        assert_eq!(s("Bob: hi: there"), Some(("Bob", "hi: there")));
        assert_eq!(s("Carol:"), Some(("Carol", "")));
        assert_eq!(s("Bob:hi"), None);
        assert_eq!(s("Loris created group “Trip: Rome”"), None);
        assert_eq!(s("You added Bob"), None);
        assert_eq!(s("John Doe:."), None);
        assert_eq!(s("a\u{00A0}b:\u{00A0}x"), Some(("a\u{00A0}b", "x")));
        assert_eq!(s("Bob: x\nAlice: y"), Some(("Bob", "x\nAlice: y")));
    }

    #[test]
    fn names_are_cleaned() {
        let n = clean_name("\u{202A}+40\u{00A0}521\u{00A0}028\u{202C}".as_bytes());
        assert_eq!(n, b"+40 521 028");
        assert_eq!(clean_name(b"  Bob  "), b"Bob");
        assert_eq!(clean_name("\u{200E}".as_bytes()), b"");
    }
}
