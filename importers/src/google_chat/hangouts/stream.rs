//! Streams `Hangouts.json` through a [`Pass`]: conversation metadata as
//! small JSON values, events one at a time (or skipped unparsed when the
//! pass does not want them), so memory does not grow with the file.
//!
//! Both roots are read by the same visitor: `{"conversations": [{
//! "conversation": {"conversation_id", "conversation": {...}}, "events":
//! [...]}]}` (2018+) and `{"conversation_state": [{"conversation_id",
//! "conversation_state": {"conversation": {...}, "event": [...]}}]}`
//! (older Takeouts).

use crate::matrix::stream::Counting;
use crate::{ImportError, Input, Position, SinkError};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::Read;

/// How often (in events) progress is reported.
const PROGRESS_EVERY: u64 = 1000;

/// What a pass does with the parts of the file.
pub trait Pass {
    /// Whether events are wanted (pass 2) or skipped (pass 1).
    fn wants_events(&self) -> bool;
    /// The `conversation` object of conversation `index`.
    fn conversation(&mut self, index: usize, conversation: Value);
    /// The `conversation_id` of conversation `index`.
    fn conversation_id(&mut self, index: usize, id: Value);
    /// One event of conversation `index`.
    fn event(&mut self, index: usize, event: Value) -> Result<(), SinkError>;
    /// Conversation `index` is complete.
    fn end(&mut self, index: usize) -> Result<(), SinkError>;
    /// How far the pass is, in bytes.
    fn progress(&mut self, _done: u64, _total: u64) -> Result<(), SinkError> {
        Ok(())
    }
}

/// Streams the `Hangouts.json` in `reader` through `pass`.
pub fn run(input: &Input, entry: &str, file: &str, pass: &mut dyn Pass) -> Result<(), ImportError> {
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let result = input
        .with_entry(entry, |r| walk(r, pass, total))
        .map_err(|e| ImportError::new(file, e))?;
    result.map_err(|e| match e {
        Stop::Sink(s) => ImportError::new(file, s),
        Stop::Json(j) => ImportError::malformed(
            file,
            Position {
                line: Some(j.line() as u64),
                column: Some(j.column() as u64),
                byte: None,
            },
            format!("not a Hangouts.json: {j}"),
        ),
    })
}

/// Why a pass stopped.
enum Stop {
    Json(serde_json::Error),
    Sink(SinkError),
}

fn walk(reader: &mut dyn Read, pass: &mut dyn Pass, total: u64) -> Result<(), Stop> {
    let (reader, bytes) = Counting::new(reader);
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut state = State {
        pass,
        stopped: None,
        events: 0,
        bytes,
        total,
    };
    let result = Root(&mut state).deserialize(&mut de);
    if let Some(e) = state.stopped.take() {
        return Err(Stop::Sink(e));
    }
    result.map_err(Stop::Json)?;
    de.end().map_err(Stop::Json)
}

/// Shared by the visitors of one pass.
struct State<'a> {
    pass: &'a mut dyn Pass,
    stopped: Option<SinkError>,
    events: u64,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
    total: u64,
}

impl State<'_> {
    fn stop<E: de::Error>(&mut self, e: SinkError) -> E {
        self.stopped = Some(e);
        E::custom("stopped")
    }
}

struct Root<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Hangouts.json object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "conversations" || key == "conversation_state" {
                map.next_value_seed(Conversations(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Conversations<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Conversations<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Conversations<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of conversations")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(Conversation {
                state: &mut *self.0,
                index,
            })?
            .is_some()
        {
            if let Err(e) = self.0.pass.end(index) {
                return Err(self.0.stop(e));
            }
            index += 1;
        }
        Ok(())
    }
}

/// One conversation object (or, in the older root, its nested
/// `conversation_state`).
struct Conversation<'s, 'a> {
    state: &'s mut State<'a>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for Conversation<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Conversation<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a conversation object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let index = self.index;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "conversation" => {
                    let v: Value = map.next_value()?;
                    // New root: {"conversation_id", "conversation": {...}}.
                    if let Some(id) = v.get("conversation_id") {
                        self.state.pass.conversation_id(index, id.clone());
                    }
                    let inner = match v.get("conversation") {
                        Some(c) if c.is_object() => c.clone(),
                        _ => v,
                    };
                    self.state.pass.conversation(index, inner);
                }
                "conversation_id" => {
                    let v: Value = map.next_value()?;
                    self.state.pass.conversation_id(index, v);
                }
                "conversation_state" => map.next_value_seed(Conversation {
                    state: &mut *self.state,
                    index,
                })?,
                "events" | "event" if self.state.pass.wants_events() => {
                    map.next_value_seed(Events {
                        state: &mut *self.state,
                        index,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Events<'s, 'a> {
    state: &'s mut State<'a>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for Events<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(event) = seq.next_element::<Value>()? {
            let s = &mut *self.state;
            s.events += 1;
            let mut r = s.pass.event(self.index, event);
            if r.is_ok() && s.events.is_multiple_of(PROGRESS_EVERY) {
                r = s.pass.progress(s.bytes.get(), s.total);
            }
            if let Err(e) = r {
                return Err(s.stop(e));
            }
        }
        Ok(())
    }
}
