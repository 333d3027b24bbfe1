//! The streaming import of one `sms-*.xml` or `calls-*.xml` file, in two
//! stages (see [`crate::ordered_pipeline`]):
//!
//! 1. the reader ([`read`], on a second thread for files of
//!    [`THREADED_FROM`] bytes or more) tokenises the XML, splits attributes
//!    and prepares each `<sms>` and `<call>` (direction, date, decoded
//!    address; the raw body) into [`Batch`]es of [`Rec`]ords; `<mms>`,
//!    `<part>` and `<addr>` travel as raw attributes;
//! 2. the calling thread ([`State`]) owns the sink and the table of threads
//!    and turns the records into sink calls, in file order, exactly as one
//!    sequential loop would.
//!
//! Only the MMS being read, the table of open threads and a few batches in
//! flight are kept, so memory does not grow with the file.

use super::decode::{Repairs, decode, decode_into};
use super::phone;
use super::records::{self, Losses, Mms};
use super::scan;
use super::threads::{ME, Threads};
use super::xml::{Attrs, Tag, walk};
use crate::ordered_pipeline::{self, Emit, Mode};
use crate::{ImportError, ImportOptions, Input, Sink, SinkError, Warning};
use ferry_model::{Message, MessageKind, Timestamp};
use std::io::BufReader;
use std::ops::Range;

/// How often (in elements) progress is reported.
const PROGRESS_EVERY: u64 = 4096;

/// Files from this size on are read on a second thread.
pub const THREADED_FROM: u64 = 1 << 20;

/// A batch is handed over when it holds this many records...
const BATCH_RECORDS: usize = 2048;

/// ... or this many bytes of values.
const BATCH_BYTES: usize = 1 << 20;

/// How the two stages run; [`Tuning::for_size`] picks the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    pub mode: Mode,
    pub batch_records: usize,
}

impl Tuning {
    /// Threaded for large files, inline for small ones.
    pub fn for_size(size: u64) -> Self {
        Tuning {
            mode: if size >= THREADED_FROM {
                Mode::Threaded
            } else {
                Mode::Inline
            },
            batch_records: BATCH_RECORDS,
        }
    }
}

/// The elements handed over as raw attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Mms,
    Part,
    Addr,
}

/// One thing the reader found, in file order.
#[derive(Debug)]
enum Rec {
    /// Report progress at this byte.
    Progress(u64),
    /// An element that is not imported.
    Skip {
        pos: u64,
        what: &'static str,
        why: &'static str,
    },
    /// A text message: `address` and `contact` (raw, decoded only when a
    /// new chat needs a name) are ranges of [`Batch::bytes`].
    Sms {
        at: Timestamp,
        mine: bool,
        address: Range<usize>,
        /// Raw (still encoded); `None` when absent or `null`.
        body: Option<Range<usize>>,
        contact: Option<Range<usize>>,
    },
    /// A call log entry (`number` and `contact` as for [`Rec::Sms`]).
    Call {
        at: Timestamp,
        kind: i64,
        duration: i64,
        number: Range<usize>,
        contact: Option<Range<usize>>,
    },
    /// `<mms>`, `<part>` or `<addr>` with its raw attributes (key and value
    /// ranges of [`Batch::bytes`]).
    Raw {
        kind: RawKind,
        pos: u64,
        empty: bool,
        attrs: Vec<(Range<usize>, Range<usize>)>,
    },
    /// `</mms>`.
    MmsEnd(u64),
}

/// Records plus the bytes their ranges point into.
#[derive(Debug, Default)]
struct Batch {
    recs: Vec<Rec>,
    bytes: Vec<u8>,
}

impl Batch {
    fn push_bytes(&mut self, b: &[u8]) -> Range<usize> {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(b);
        start..self.bytes.len()
    }
}

/// Counts the reader keeps for the summary.
#[derive(Debug, Default, Clone, Copy)]
struct ReadTotals {
    repairs: Repairs,
    damaged: u64,
}

/// The reader stage: parses the file into batches for `emit`.
fn read(
    input: &Input,
    entry: &str,
    location: &str,
    options: &ImportOptions,
    batch_records: usize,
    emit: &mut Emit<'_, Batch>,
) -> Result<ReadTotals, ImportError> {
    let tz = options.tz;
    let mut totals = ReadTotals::default();
    let mut batch = Batch::default();
    let mut stopped = false;
    let result = input.with_entry(entry, |r| {
        let mut elements = 0u64;
        walk(
            BufReader::with_capacity(1 << 16, r),
            location,
            |tag, pos| {
                elements += 1;
                if elements.is_multiple_of(PROGRESS_EVERY) {
                    batch.recs.push(Rec::Progress(pos));
                }
                match tag {
                    Tag::Open { el, empty } => {
                        let name = el.name().into_inner();
                        let kind = match name {
                            b"sms" | b"call" => None,
                            b"mms" => Some(RawKind::Mms),
                            b"part" => Some(RawKind::Part),
                            b"addr" => Some(RawKind::Addr),
                            _ => return Ok(()),
                        };
                        let a = Attrs::of(el);
                        if a.damaged {
                            totals.damaged += 1;
                        }
                        let rec = match kind {
                            None if name == b"sms" => sms(&a, pos, &tz, &mut batch, &mut totals),
                            None => call(&a, pos, &tz, &mut batch, &mut totals),
                            Some(kind) => {
                                let attrs = a
                                    .items()
                                    .iter()
                                    .map(|(k, v)| (batch.push_bytes(k), batch.push_bytes(v)))
                                    .collect();
                                Rec::Raw {
                                    kind,
                                    pos,
                                    empty,
                                    attrs,
                                }
                            }
                        };
                        batch.recs.push(rec);
                    }
                    Tag::Close(b"mms") => batch.recs.push(Rec::MmsEnd(pos)),
                    Tag::Close(_) => {}
                }
                let full = batch.recs.len() >= batch_records || batch.bytes.len() >= BATCH_BYTES;
                if full && emit(std::mem::take(&mut batch)).is_err() {
                    stopped = true;
                    // The consumer has stopped; its error is the one reported.
                    return Err(ImportError::new(location, SinkError::Cancelled));
                }
                Ok(())
            },
        )
    });
    let walked = result
        .map_err(|e| ImportError::new(location, e))
        .and_then(|r| r);
    if !stopped && !batch.recs.is_empty() {
        // What was read before an error is consumed before the error.
        let _ = emit(batch);
    }
    walked.map(|()| totals)
}

/// Prepares one `<sms>`.
fn sms(a: &Attrs<'_>, pos: u64, tz: &chrono_tz::Tz, b: &mut Batch, t: &mut ReadTotals) -> Rec {
    let kind = a.int("type").unwrap_or(1);
    let Some(mine) = records::sms_is_mine(kind) else {
        return Rec::Skip {
            pos,
            what: "<sms>",
            why: "draft, never sent",
        };
    };
    let Some(at) = a.int("date").and_then(|d| records::timestamp(d, tz)) else {
        return Rec::Skip {
            pos,
            what: "<sms>",
            why: "missing or unreadable date",
        };
    };
    let address = decoded(a, "address", b, &mut t.repairs);
    // The body is decoded on the sink's thread, which has less to do.
    let body = a.raw("body").map(|raw| b.push_bytes(raw));
    let contact = a.raw("contact_name").map(|c| b.push_bytes(c));
    Rec::Sms {
        at,
        mine,
        address,
        body,
        contact,
    }
}

/// Prepares one `<call>`.
fn call(a: &Attrs<'_>, pos: u64, tz: &chrono_tz::Tz, b: &mut Batch, t: &mut ReadTotals) -> Rec {
    let Some(at) = a.int("date").and_then(|d| records::timestamp(d, tz)) else {
        return Rec::Skip {
            pos,
            what: "<call>",
            why: "missing or unreadable date",
        };
    };
    let number = decoded(a, "number", b, &mut t.repairs);
    let kind = a.int("type").unwrap_or(0);
    let duration = a.int("duration").unwrap_or(0);
    let contact = a.raw("contact_name").map(|c| b.push_bytes(c));
    Rec::Call {
        at,
        kind,
        duration,
        number,
        contact,
    }
}

/// An attribute decoded into the batch's bytes (empty when absent).
fn decoded(a: &Attrs<'_>, name: &str, b: &mut Batch, repairs: &mut Repairs) -> Range<usize> {
    let start = b.bytes.len();
    if let Some(raw) = a.raw(name) {
        decode_into(raw, &mut b.bytes, repairs);
    }
    start..b.bytes.len()
}

/// Bytes of a batch as text (decoded values are UTF-8 by construction).
fn text(bytes: &[u8], r: Range<usize>) -> &str {
    std::str::from_utf8(bytes.get(r).unwrap_or_default()).unwrap_or_default()
}

struct State<'a> {
    input: &'a Input,
    entry: &'a str,
    location: String,
    options: &'a ImportOptions,
    sink: &'a mut dyn Sink,
    threads: Threads,
    /// Whether the own number is settled (from options or a scan).
    own_settled: bool,
    repairs: Repairs,
    losses: Losses,
    damaged: u64,
    mms: Option<Mms>,
    total: u64,
}

/// Imports one SMS Backup & Restore file (messages or calls).
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    import_with(input, entry, options, sink, Tuning::for_size(total))
}

/// [`import`] with the stages run as `tuning` says (tests compare modes).
pub fn import_with(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    tuning: Tuning,
) -> Result<(), ImportError> {
    let location = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let own = options
        .me
        .as_deref()
        .filter(|m| phone::looks_like_phone(m))
        .map(phone::normalise);
    let mut st = State {
        input,
        entry,
        location: location.clone(),
        options,
        sink,
        threads: Threads::new(options.me.as_deref(), own.clone()),
        own_settled: own.is_some(),
        repairs: Repairs::default(),
        losses: Losses::default(),
        damaged: 0,
        mms: None,
        total,
    };
    let batch_records = tuning.batch_records.max(1);
    let totals = ordered_pipeline::run(
        tuning.mode,
        |emit| read(input, entry, &location, options, batch_records, emit),
        |batch| st.apply(batch),
    )?;
    st.repairs.lone_surrogates += totals.repairs.lone_surrogates;
    st.repairs.invalid_utf8 += totals.repairs.invalid_utf8;
    st.damaged += totals.damaged;
    if let Some(mms) = st.mms.take() {
        st.warn("the file ends inside an <mms> element (truncated?); kept what was read");
        st.finish_mms(mms, total)?;
    }
    st.summary();
    Ok(())
}

impl State<'_> {
    fn err(&self, e: SinkError) -> ImportError {
        ImportError::new(&self.location, e)
    }

    fn warn(&mut self, message: &str) {
        self.sink.warning(Warning {
            location: self.location.clone(),
            message: message.to_owned(),
        });
    }

    fn apply(&mut self, batch: Batch) -> Result<(), ImportError> {
        let Batch { recs, bytes } = batch;
        for rec in recs {
            match rec {
                Rec::Progress(pos) => {
                    let total = self.total;
                    self.sink.progress(pos, total).map_err(|e| self.err(e))?;
                }
                Rec::Skip { pos, what, why } => self.skip(pos, what, why.to_owned()),
                Rec::Sms {
                    at,
                    mine,
                    address,
                    body,
                    contact,
                } => {
                    let (chat, other) = self.direct(&bytes, address, contact)?;
                    let sender = if mine { ME.to_owned() } else { other };
                    let body = body
                        .map(|r| decode(bytes.get(r).unwrap_or_default(), &mut self.repairs))
                        .unwrap_or_default();
                    let m = Message::text(Some(sender), at, body);
                    self.sink.message(chat, m).map_err(|e| self.err(e))?;
                }
                Rec::Call {
                    at,
                    kind,
                    duration,
                    number,
                    contact,
                } => {
                    let (chat, other) = self.direct(&bytes, number, contact)?;
                    let sender = if kind == 2 { ME.to_owned() } else { other };
                    let mut m = Message::text(Some(sender), at, records::call_text(kind, duration));
                    m.kind = MessageKind::Call;
                    self.sink.message(chat, m).map_err(|e| self.err(e))?;
                }
                Rec::Raw {
                    kind,
                    pos,
                    empty,
                    attrs,
                } => {
                    let items = attrs
                        .into_iter()
                        .map(|(k, v)| {
                            (
                                bytes.get(k).unwrap_or_default(),
                                bytes.get(v).unwrap_or_default(),
                            )
                        })
                        .collect();
                    self.raw(kind, pos, empty, &Attrs::from_items(items, false))?;
                }
                Rec::MmsEnd(pos) => {
                    if let Some(mms) = self.mms.take() {
                        self.finish_mms(mms, pos)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The 1:1 chat of an SMS or call and the other person's key.
    fn direct(
        &mut self,
        bytes: &[u8],
        address: Range<usize>,
        contact: Option<Range<usize>>,
    ) -> Result<(crate::ChatHandle, String), ImportError> {
        let repairs = &mut self.repairs;
        self.threads
            .direct(
                text(bytes, address),
                || contact.map(|c| decode(bytes.get(c).unwrap_or_default(), repairs)),
                &mut *self.sink,
            )
            .map_err(|e| ImportError::new(&self.location, e))
    }

    fn raw(
        &mut self,
        kind: RawKind,
        pos: u64,
        empty: bool,
        a: &Attrs<'_>,
    ) -> Result<(), ImportError> {
        match kind {
            RawKind::Mms => {
                self.settle_own_number()?;
                let mms = Mms::open(a, &mut self.repairs);
                if empty {
                    self.finish_mms(mms, pos)
                } else {
                    self.mms = Some(mms);
                    Ok(())
                }
            }
            RawKind::Part => match self.mms.as_mut() {
                Some(mms) => {
                    records::part(mms, a, &mut self.repairs, &mut self.losses, &mut *self.sink)
                        .map_err(|e| ImportError::new(&self.location, e))
                }
                None => Ok(()),
            },
            RawKind::Addr => {
                if let Some(mms) = self.mms.as_mut() {
                    let address = records::text(a, "address", &mut self.repairs);
                    mms.addrs
                        .push((address.unwrap_or_default(), a.int("type").unwrap_or(0)));
                }
                Ok(())
            }
        }
    }

    /// Runs the own-number scan before the first MMS is placed.
    fn settle_own_number(&mut self) -> Result<(), ImportError> {
        if self.own_settled {
            return Ok(());
        }
        self.own_settled = true;
        let loc = self.location.clone();
        let ev = self
            .input
            .with_entry(self.entry, |r| scan::scan(r, &loc))
            .map_err(|e| ImportError::new(&loc, e))??;
        self.threads.set_own(ev.own_number());
        Ok(())
    }

    fn skip(&mut self, pos: u64, what: &str, why: String) {
        self.sink
            .skipped(format!("{}: byte {pos}: {what}", self.location), why);
    }

    fn finish_mms(&mut self, mms: Mms, pos: u64) -> Result<(), ImportError> {
        let Some(at) = mms
            .date
            .and_then(|d| records::timestamp(d, &self.options.tz))
        else {
            self.skip(pos, "<mms>", "missing or unreadable date".into());
            return Ok(());
        };
        let placed = records::emit_mms(mms, at, &mut self.threads, &mut *self.sink)
            .map_err(|e| self.err(e))?;
        if !placed {
            self.skip(pos, "<mms>", "draft, never sent".into());
        }
        Ok(())
    }

    fn summary(&mut self) {
        let r = self.repairs;
        if r.lone_surrogates > 0 {
            self.warn(&format!(
                "{} unpaired UTF-16 surrogate reference(s) replaced with U+FFFD",
                r.lone_surrogates
            ));
        }
        if r.invalid_utf8 > 0 {
            self.warn(&format!(
                "{} value(s) were not valid UTF-8; bad bytes replaced with U+FFFD",
                r.invalid_utf8
            ));
        }
        if self.losses.missing_data > 0 {
            self.warn(&format!(
                "{} MMS attachment(s) have no data in the backup; kept by name only",
                self.losses.missing_data
            ));
        }
        if self.damaged > 0 {
            self.warn(&format!(
                "{} element(s) had unreadable attributes; the readable ones were kept",
                self.damaged
            ));
        }
    }
}
