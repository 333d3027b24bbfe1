//! Reading a DM file one event at a time, events parsed on worker threads.
//!
//! A DM file is one array of `{"dmConversation": {...}}` objects, few and
//! large (tens of thousands of events each). [`parse_file`] walks the
//! array and each conversation object itself with a [`Scanner`], in any
//! key order: small values (keys, `conversationId`, members Ferry ignores)
//! are parsed by serde as they come, and the `messages` array is cut into
//! events that [`par_items`] workers parse into [`RawEvent`]s (by the
//! [`quick`] path, or serde where it bails) and
//! [`Prepare`]; the [`Handler`] receives the results on the importer's
//! thread in file order, so it sees exactly the calls of a sequential parse
//! ([`Par::SEQUENTIAL`] is one).
//!
//! A conversation's first batch is parsed on the importer's thread (short
//! conversations start no workers). Memory stays flat: only batches of
//! events are buffered. One event
//! longer than [`ELEMENT_CAP`] ends the current batch run; it is streamed
//! through serde_json on the importer's thread, then the array continues.

use super::quick;
use super::raw::RawEvent;
use super::scan::{Pos, Scanner, parse_slice, relocate};
pub use super::scan::{STOPPED, SplitError};
use crate::meta::read::Stopped;
use crate::par_items::{self, Batch, ItemPos, Par};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::io::BufRead;
use std::marker::PhantomData;

/// Longest event (or other value) parsed from memory.
pub const ELEMENT_CAP: usize = 32 << 20;

/// Converts one event as far as it can without the handler; runs on
/// worker threads.
pub trait Prepare: Sync {
    type Out: Send;
    fn prepare(&self, event: RawEvent<'_>) -> Self::Out;
}

/// Receives a file's content on the importer's thread, in file order. An
/// `Err` stops the parse; the handler keeps the reason.
pub trait Handler<T> {
    /// A conversation starts.
    fn begin(&mut self) -> Result<(), Stopped>;
    /// Its id, whenever the key comes (usually before the events).
    fn conversation_id(&mut self, id: String) -> Result<(), Stopped>;
    /// One prepared event; `end` is the byte just after it, counted from
    /// where [`parse_file`] started reading.
    fn event(&mut self, event: T, end: u64) -> Result<(), Stopped>;
    /// The conversation object ended.
    fn end(&mut self) -> Result<(), Stopped>;
}

/// Parses the array of conversations that follows the assignment.
pub fn parse_file<R, P, H>(
    r: &mut R,
    prep: &P,
    handler: &mut H,
    par: &Par,
) -> Result<(), SplitError>
where
    R: BufRead,
    P: Prepare,
    H: Handler<P::Out> + ?Sized,
{
    parse_file_with(r, prep, handler, par, ELEMENT_CAP)
}

/// [`parse_file`] with an explicit value cap (tests use tiny ones).
pub fn parse_file_with<R, P, H>(
    r: &mut R,
    prep: &P,
    handler: &mut H,
    par: &Par,
    cap: usize,
) -> Result<(), SplitError>
where
    R: BufRead,
    P: Prepare,
    H: Handler<P::Out> + ?Sized,
{
    let mut s = Scanner::new(r, cap);
    if s.peek()? != Some(b'[') {
        return Err(s.err("expected `[`: an array of conversations"));
    }
    s.bump();
    let mut need_comma = false;
    loop {
        match s.peek()? {
            Some(b']') => return Ok(()),
            Some(b',') if need_comma => {
                s.bump();
                need_comma = false;
            }
            Some(b'{') if !need_comma => {
                element(&mut s, prep, handler, par)?;
                need_comma = true;
            }
            Some(b) => {
                return Err(s.err(format!(
                    "expected {} but found {:?}",
                    if need_comma {
                        "`,` or `]`"
                    } else {
                        "a conversation object"
                    },
                    char::from(b)
                )));
            }
            None => return Err(s.err("EOF while parsing the list of conversations")),
        }
    }
}

/// `{"dmConversation": {...}}` (its `{` is next).
fn element<R, P, H>(
    s: &mut Scanner<'_, R>,
    prep: &P,
    h: &mut H,
    par: &Par,
) -> Result<(), SplitError>
where
    R: BufRead,
    P: Prepare,
    H: Handler<P::Out> + ?Sized,
{
    s.bump();
    let mut first = true;
    while s.next_member(first, b'}', "a conversation")? {
        first = false;
        if s.key()? != "dmConversation" {
            s.parse_value(PhantomData::<IgnoredAny>)?;
        } else if s.peek()? == Some(b'{') {
            conversation(s, prep, h, par)?;
        } else {
            s.parse_value(Expect::Map("a conversation object"))?;
        }
    }
    Ok(())
}

/// The object inside `dmConversation` (its `{` is next).
fn conversation<R, P, H>(
    s: &mut Scanner<'_, R>,
    prep: &P,
    h: &mut H,
    par: &Par,
) -> Result<(), SplitError>
where
    R: BufRead,
    P: Prepare,
    H: Handler<P::Out> + ?Sized,
{
    s.bump();
    h.begin().map_err(|Stopped| s.pos.stopped())?;
    let mut first = true;
    while s.next_member(first, b'}', "a conversation")? {
        first = false;
        let key = s.key()?;
        match key.as_str() {
            "conversationId" => {
                let at = s.pos;
                let id: String = s.parse_value(PhantomData::<String>)?;
                h.conversation_id(id).map_err(|Stopped| at.stopped())?;
            }
            "messages" if s.peek()? == Some(b'[') => events(s, prep, h, par)?,
            "messages" => s.parse_value(Expect::Seq("an array of events"))?,
            _ => {
                s.parse_value(PhantomData::<IgnoredAny>)?;
            }
        }
    }
    h.end().map_err(|Stopped| s.pos.stopped())
}

/// The `messages` array (its `[` is next): events are cut out here,
/// parsed and prepared by [`par_items`] workers and handed on in order.
fn events<R, P, H>(s: &mut Scanner<'_, R>, prep: &P, h: &mut H, par: &Par) -> Result<(), SplitError>
where
    R: BufRead,
    P: Prepare,
    H: Handler<P::Out> + ?Sized,
{
    s.bump();
    let mut first = true;
    // The first batch is parsed here: most conversations of a real archive
    // are short, and starting workers for each would cost more than it saves.
    let mut warm_up = par.workers > 0;
    loop {
        let this_run = if warm_up {
            Par { workers: 0, ..*par }
        } else {
            *par
        };
        // Where each event in flight starts, for its errors.
        let starts = RefCell::new(VecDeque::<Pos>::new());
        let mut huge: Option<(Vec<u8>, Pos)> = None;
        let mut paused = false;
        let cap = s.cap;
        let scan = &mut *s;
        let fill = |batch: &mut Batch| -> Result<bool, SplitError> {
            while scan.next_member(first, b']', "the events of a conversation")? {
                first = false;
                scan.peek()?;
                let start = scan.pos;
                let from = batch.bytes.len();
                match scan.copy_value(&mut batch.bytes, cap)? {
                    super::scan::Scanned::Complete => {
                        let pos = ItemPos {
                            at: start.offset,
                            end: scan.pos.offset,
                        };
                        batch.close_item(from, pos);
                        starts.borrow_mut().push_back(start);
                        if batch.is_full() {
                            paused = warm_up;
                            return Ok(!warm_up);
                        }
                    }
                    super::scan::Scanned::Overflow => {
                        huge = Some((batch.bytes.split_off(from), start));
                        return Ok(false);
                    }
                }
            }
            Ok(false)
        };
        let parse = |_: &mut (), bytes: &[u8], _: ItemPos| {
            // The quick path first; serde decides what it leaves.
            match simdutf8::basic::from_utf8(bytes)
                .ok()
                .and_then(quick::event)
            {
                Some(event) => Ok(prep.prepare(event)),
                None => parse_slice(bytes, EventSeed(prep)),
            }
        };
        let apply = |parsed: Result<P::Out, serde_json::Error>, pos: ItemPos| {
            let start = starts.borrow_mut().pop_front().unwrap_or_default();
            let event = parsed.map_err(|e| relocate(&e, start))?;
            h.event(event, pos.end).map_err(|Stopped| start.stopped())
        };
        par_items::run(&this_run, fill, parse, apply)?;
        warm_up = false;
        if let Some((head, start)) = huge {
            let event = s.stream(head, start, EventSeed(prep))?;
            h.event(event, s.pos.offset)
                .map_err(|Stopped| start.stopped())?;
        } else if !paused {
            return Ok(());
        }
    }
}

/// Parses a [`RawEvent`] and prepares it.
struct EventSeed<'p, P>(&'p P);

impl<'de, P: Prepare> DeserializeSeed<'de> for EventSeed<'_, P> {
    type Value = P::Out;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<P::Out, D::Error> {
        RawEvent::deserialize(d).map(|e| self.0.prepare(e))
    }
}

/// A value of the wrong type where a map or a sequence is needed: parsing
/// it gives serde's error naming what was expected.
enum Expect {
    Map(&'static str),
    Seq(&'static str),
}

impl<'de> DeserializeSeed<'de> for Expect {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self {
            Expect::Map(_) => d.deserialize_map(self),
            Expect::Seq(_) => d.deserialize_seq(self),
        }
    }
}

impl<'de> Visitor<'de> for Expect {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Map(what) | Expect::Seq(what) => f.write_str(what),
        }
    }
}

#[cfg(test)]
mod tests;
