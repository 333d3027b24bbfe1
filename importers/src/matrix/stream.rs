//! Streams an Element export: the top-level object's small fields are kept
//! as JSON values, the `messages` array is handed over one event at a time,
//! so memory does not grow with the number of events.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::rc::Rc;

/// The top-level fields other than `messages` (room name, exporter, ...).
pub type Header = BTreeMap<String, Value>;

/// Why walking stopped.
#[derive(Debug)]
pub enum WalkError<E> {
    /// The JSON is malformed; the message carries serde_json's position.
    Json(serde_json::Error),
    /// The per-event callback refused to go on.
    Stopped(E),
}

/// A reader that counts the bytes read through it (for progress).
#[derive(Debug)]
pub struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Counting<R> {
    pub fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        (
            Counting {
                inner,
                count: count.clone(),
            },
            count,
        )
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Walks the export in `reader`, calling `on_event` for every element of
/// `messages`, and returns the other top-level fields.
pub fn walk<R: Read, E>(
    reader: R,
    on_event: &mut dyn FnMut(Value) -> Result<(), E>,
) -> Result<Header, WalkError<E>> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut stopped = None;
    let header = Root {
        on_event,
        stopped: &mut stopped,
    }
    .deserialize(&mut de);
    if let Some(e) = stopped {
        return Err(WalkError::Stopped(e));
    }
    let header = header.map_err(WalkError::Json)?;
    de.end().map_err(WalkError::Json)?;
    Ok(header)
}

struct Root<'a, E> {
    on_event: &'a mut dyn FnMut(Value) -> Result<(), E>,
    stopped: &'a mut Option<E>,
}

impl<'de, E> DeserializeSeed<'de> for Root<'_, E> {
    type Value = Header;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Header, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, E> Visitor<'de> for Root<'_, E> {
    type Value = Header;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Element export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "messages" {
                map.next_value_seed(Events {
                    on_event: &mut *self.on_event,
                    stopped: &mut *self.stopped,
                })?;
            } else {
                match header.entry(key) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        map.next_value::<IgnoredAny>()?;
                    }
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(map.next_value::<Value>()?);
                    }
                }
            }
        }
        Ok(header)
    }
}

struct Events<'a, E> {
    on_event: &'a mut dyn FnMut(Value) -> Result<(), E>,
    stopped: &'a mut Option<E>,
}

impl<'de, E> DeserializeSeed<'de> for Events<'_, E> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, E> Visitor<'de> for Events<'_, E> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of Matrix events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(event) = seq.next_element::<Value>()? {
            if let Err(e) = (self.on_event)(event) {
                *self.stopped = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
