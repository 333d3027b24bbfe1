//! Chat assembly, the second stage of the pipeline (on the caller's
//! thread, which owns the sink): parsed entries → participants, media,
//! timestamps, messages, and the chat's kind.
//!
//! Until the file has shown its day/month order, finished messages wait in
//! a bounded buffer; if the buffer fills before the order is known, the
//! rest of the file is pre-scanned (headers only) to decide. Memory stays
//! bounded either way.

use super::decoded::{Decoded, decode};
use super::digits::{self, space_len};
use super::entries::{Author, Batch, Entry, Spare, give_back};
use super::header::Header;
use super::media::MediaFiles;
use super::order::{self, Clock, Evidence};
use crate::ChatHandle;
use crate::{DateOrder, ImportError, ImportOptions, Position, Sink, Warning};
use ferry_model::{Attachment, ChatKind, Message, Participant, Timestamp};
use std::sync::mpsc::{Receiver, SyncSender};

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

struct Assembler<'a, 's> {
    job: Job<'a>,
    sink: &'s mut dyn Sink,
    order: Option<DateOrder>,
    evidence: Evidence,
    pending: Vec<Pending>,
    pending_bytes: usize,
    /// Participant keys by author number, and whether the sink knows them.
    keys: Vec<(String, bool)>,
    group_event: bool,
    clock: Clock,
    entries: u64,
    bad_utf8_line: Option<u64>,
    missing_media: u64,
}

/// Receives the splitter's batches and sends messages into the sink.
pub(crate) fn run(
    job: Job<'_>,
    batches: &Receiver<Batch>,
    spares: &SyncSender<Spare>,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let forced = job.options.date_order;
    let tz = job.options.tz;
    let mut a = Assembler {
        job,
        sink,
        order: forced,
        evidence: Evidence::default(),
        pending: Vec::new(),
        pending_bytes: 0,
        keys: Vec::new(),
        group_event: false,
        clock: Clock::new(tz),
        entries: 0,
        bad_utf8_line: None,
        missing_media: 0,
    };
    let mut next_progress = PROGRESS_STEP;
    loop {
        match batches.recv() {
            Ok(Batch::Entries(mut entries, bytes, consumed, decoded)) => {
                if decoded.len() == entries.len() {
                    for (e, d) in entries.drain(..).zip(decoded) {
                        a.entry(e, d)?;
                    }
                } else {
                    for e in entries.drain(..) {
                        let d = decode(&e, &bytes);
                        a.entry(e, d)?;
                    }
                }
                give_back(spares, entries, bytes);
                if consumed >= next_progress {
                    next_progress = consumed + PROGRESS_STEP;
                    a.sink
                        .progress(consumed, a.job.total)
                        .map_err(|e| a.sink_err(e))?;
                }
            }
            Ok(Batch::End { lines, preamble }) => return a.finish(lines, preamble),
            Ok(Batch::Failed(e)) => return Err(e),
            Err(_) => {
                return Err(ImportError::new(
                    a.job.file.clone(),
                    crate::ImportErrorKind::Malformed("reading the chat text stopped".into()),
                ));
            }
        }
    }
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

    fn entry(&mut self, e: Entry, d: Decoded) -> Result<(), ImportError> {
        self.entries += 1;
        if d.bad_utf8 {
            self.bad_utf8_line.get_or_insert(e.line);
        }
        let number = match e.author {
            None => None,
            Some(Author::Seen(n)) => Some(n),
            Some(Author::New(n, raw)) => {
                self.name(&raw, e.line);
                Some(n)
            }
        };
        let Decoded {
            text,
            system,
            group_event,
            body,
            ..
        } = d;
        self.group_event |= group_event;
        let sender = match number {
            Some(n) if !system => Some(self.sender(n)?),
            _ => None,
        };
        let mut message = Message::text(sender, placeholder_time(), text);
        message.kind = body.kind;
        message.edited = body.edited;
        if let Some((name, kind)) = body.attachment {
            let att = self.attachment(name, kind, e.line)?;
            message.attachments.push(att);
        }
        self.emit(message, e.header, e.line)
    }

    /// Records the key of a newly numbered author.
    fn name(&mut self, raw: &[u8], line: u64) {
        let key = match String::from_utf8(clean_name(raw)) {
            Ok(k) => k,
            Err(e) => {
                self.bad_utf8_line.get_or_insert(line);
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        self.keys.push((key, false));
    }

    /// The key of author `n`, announced to the sink the first time it
    /// sends a message.
    fn sender(&mut self, n: usize) -> Result<String, ImportError> {
        let Some((key, announced)) = self.keys.get_mut(n) else {
            return Err(ImportError::new(
                self.job.file.clone(),
                crate::ImportErrorKind::Malformed(format!("unknown author number {n}")),
            ));
        };
        if !*announced {
            *announced = true;
            let key = key.clone();
            let is_me = self
                .job
                .options
                .me
                .as_deref()
                .is_some_and(|me| me.trim() == key);
            let p = Participant {
                is_me,
                ..Participant::named(key)
            };
            self.sink
                .participant(self.job.chat, p)
                .map_err(|e| self.sink_err(e))?;
        }
        Ok(self.keys[n].0.clone())
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

    fn finish(mut self, lines: u64, preamble: Option<u64>) -> Result<(), ImportError> {
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
        if let Some(l) = self.bad_utf8_line {
            self.warn(
                Some(l),
                "invalid UTF-8 replaced with U+FFFD (first occurrence here)".into(),
            );
        }
        if let Some(l) = preamble {
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
        let kind = if self.group_event || self.keys.iter().filter(|k| k.1).count() > 2 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        let n = clean_name("\u{202A}+40\u{00A0}521\u{00A0}028\u{202C}".as_bytes());
        assert_eq!(n, b"+40 521 028");
        assert_eq!(clean_name(b"  Bob  "), b"Bob");
        assert_eq!(clean_name("\u{200E}".as_bytes()), b"");
    }
}
