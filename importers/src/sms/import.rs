//! The streaming import of one `sms-*.xml` or `calls-*.xml` file.
//!
//! Elements are handled as the pull parser meets them; only the MMS being
//! read (its texts and attachment descriptions) and the table of open
//! threads are kept, so memory does not grow with the file.

use super::decode::Repairs;
use super::phone;
use super::records::{self, Losses, Mms};
use super::scan;
use super::threads::{ME, Threads};
use super::xml::{Attrs, Tag, walk};
use crate::{ImportError, ImportOptions, Input, Sink, Warning};
use ferry_model::{Message, MessageKind};
use std::io::BufReader;

/// How often (in elements) progress is reported.
const PROGRESS_EVERY: u64 = 4096;

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
}

/// Imports one SMS Backup & Restore file (messages or calls).
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
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
    };
    let result = input.with_entry(entry, |r| {
        let mut elements = 0u64;
        walk(
            BufReader::with_capacity(1 << 16, r),
            &location,
            |tag, pos| {
                elements += 1;
                if elements.is_multiple_of(PROGRESS_EVERY) {
                    st.sink
                        .progress(pos, total)
                        .map_err(|e| ImportError::new(&location, e))?;
                }
                st.tag(tag, pos)
            },
        )
    });
    result.map_err(|e| ImportError::new(location.clone(), e))??;
    if let Some(mms) = st.mms.take() {
        st.warn("the file ends inside an <mms> element (truncated?); kept what was read");
        st.finish_mms(mms, total)?;
    }
    st.summary();
    Ok(())
}

impl State<'_> {
    fn err(&self, e: crate::SinkError) -> ImportError {
        ImportError::new(&self.location, e)
    }

    fn warn(&mut self, message: &str) {
        self.sink.warning(Warning {
            location: self.location.clone(),
            message: message.to_owned(),
        });
    }

    fn tag(&mut self, tag: Tag<'_>, pos: u64) -> Result<(), ImportError> {
        match tag {
            Tag::Open { el, empty } => {
                let name = el.name().into_inner();
                if !matches!(name, b"sms" | b"mms" | b"part" | b"addr" | b"call") {
                    return Ok(());
                }
                let a = Attrs::of(el);
                if a.damaged {
                    self.damaged += 1;
                }
                match name {
                    b"sms" => self.sms(&a, pos),
                    b"call" => self.call(&a, pos),
                    b"mms" => {
                        self.settle_own_number()?;
                        let mms = Mms::open(&a, &mut self.repairs);
                        if empty {
                            self.finish_mms(mms, pos)
                        } else {
                            self.mms = Some(mms);
                            Ok(())
                        }
                    }
                    b"part" => match self.mms.as_mut() {
                        Some(mms) => records::part(
                            mms,
                            &a,
                            &mut self.repairs,
                            &mut self.losses,
                            &mut *self.sink,
                        )
                        .map_err(|e| ImportError::new(&self.location, e)),
                        None => Ok(()),
                    },
                    _ => {
                        if let Some(mms) = self.mms.as_mut() {
                            let address = records::text(&a, "address", &mut self.repairs);
                            mms.addrs
                                .push((address.unwrap_or_default(), a.int("type").unwrap_or(0)));
                        }
                        Ok(())
                    }
                }
            }
            Tag::Close(b"mms") => match self.mms.take() {
                Some(mms) => self.finish_mms(mms, pos),
                None => Ok(()),
            },
            Tag::Close(_) => Ok(()),
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
            .with_entry(self.entry, |r| {
                scan::scan(BufReader::with_capacity(1 << 16, r), &loc)
            })
            .map_err(|e| ImportError::new(&loc, e))??;
        self.threads.set_own(ev.own_number());
        Ok(())
    }

    fn skip(&mut self, pos: u64, what: &str, why: String) {
        self.sink
            .skipped(format!("{}: byte {pos}: {what}", self.location), why);
    }

    fn sms(&mut self, a: &Attrs<'_>, pos: u64) -> Result<(), ImportError> {
        let kind = a.int("type").unwrap_or(1);
        let Some(mine) = records::sms_is_mine(kind) else {
            self.skip(pos, "<sms>", "draft, never sent".into());
            return Ok(());
        };
        let Some(at) = a
            .int("date")
            .and_then(|d| records::timestamp(d, &self.options.tz))
        else {
            self.skip(pos, "<sms>", "missing or unreadable date".into());
            return Ok(());
        };
        let address = records::text(a, "address", &mut self.repairs).unwrap_or_default();
        let contact = records::text(a, "contact_name", &mut self.repairs);
        let body = records::text(a, "body", &mut self.repairs).unwrap_or_default();
        let members = self.threads.members(std::iter::once(address.as_str()));
        let chat = self
            .threads
            .chat(&members, contact.as_deref(), &mut *self.sink)
            .map_err(|e| self.err(e))?;
        let sender = if mine {
            ME.to_owned()
        } else {
            members.first().map(|m| m.key.clone()).unwrap_or_default()
        };
        let m = Message::text(Some(sender), at, body);
        self.sink.message(chat, m).map_err(|e| self.err(e))
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

    fn call(&mut self, a: &Attrs<'_>, pos: u64) -> Result<(), ImportError> {
        let Some(at) = a
            .int("date")
            .and_then(|d| records::timestamp(d, &self.options.tz))
        else {
            self.skip(pos, "<call>", "missing or unreadable date".into());
            return Ok(());
        };
        let number = records::text(a, "number", &mut self.repairs).unwrap_or_default();
        let contact = records::text(a, "contact_name", &mut self.repairs);
        let kind = a.int("type").unwrap_or(0);
        let members = self.threads.members(std::iter::once(number.as_str()));
        let chat = self
            .threads
            .chat(&members, contact.as_deref(), &mut *self.sink)
            .map_err(|e| self.err(e))?;
        let sender = if kind == 2 {
            ME.to_owned()
        } else {
            members.first().map(|m| m.key.clone()).unwrap_or_default()
        };
        let mut m = Message::text(
            Some(sender),
            at,
            records::call_text(kind, a.int("duration").unwrap_or(0)),
        );
        m.kind = MessageKind::Call;
        self.sink.message(chat, m).map_err(|e| self.err(e))
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
