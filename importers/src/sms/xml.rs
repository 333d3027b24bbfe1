//! The XML pull loop shared by the scan and the import: quick-xml events
//! with raw (undecoded) attribute values, so that [`super::decode`] can
//! repair what a strict XML parser would reject.

use crate::{ImportError, Position};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::BufRead;

/// Tags larger than this keep the buffer's memory only until the next tag.
const KEEP_BUFFER: usize = 1 << 20;

/// An element boundary seen by [`walk`].
#[derive(Debug)]
pub enum Tag<'a> {
    /// `<name …>`; `empty` for `<name …/>`.
    Open { el: &'a BytesStart<'a>, empty: bool },
    /// `</name>`.
    Close(&'a [u8]),
}

/// Raw attributes of one element.
#[derive(Debug, Default)]
pub struct Attrs<'a> {
    items: Vec<(&'a [u8], Cow<'a, [u8]>)>,
    /// Whether some attribute could not be parsed (the rest are kept).
    pub damaged: bool,
}

impl<'a> Attrs<'a> {
    pub fn of(el: &'a BytesStart<'a>) -> Self {
        let mut out = Attrs::default();
        for a in el.attributes().with_checks(false) {
            match a {
                Ok(a) => out.items.push((a.key.into_inner(), a.value)),
                Err(_) => {
                    out.damaged = true;
                    break;
                }
            }
        }
        out
    }

    /// The raw value, or `None` when absent or the literal `null`.
    pub fn raw(&self, name: &str) -> Option<&[u8]> {
        self.items
            .iter()
            .find(|(k, _)| *k == name.as_bytes())
            .map(|(_, v)| v.as_ref())
            .filter(|v| *v != b"null")
    }

    /// An integer value (`null`, absent and non-numbers are `None`).
    pub fn int(&self, name: &str) -> Option<i64> {
        std::str::from_utf8(self.raw(name)?)
            .ok()?
            .trim()
            .parse()
            .ok()
    }
}

/// Calls `f` for every element boundary until the end of the document.
/// `f` gets the byte offset of the tag for error messages.
pub fn walk<R: BufRead>(
    reader: R,
    location: &str,
    mut f: impl FnMut(Tag<'_>, u64) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut xml = Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = false;
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        buf.clear();
        if buf.capacity() > KEEP_BUFFER {
            buf.shrink_to(64 * 1024);
        }
        let pos = xml.buffer_position();
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            ImportError::malformed(
                location,
                Position::byte(xml.error_position()),
                e.to_string(),
            )
        })?;
        match event {
            Event::Start(el) => f(
                Tag::Open {
                    el: &el,
                    empty: false,
                },
                pos,
            )?,
            Event::Empty(el) => f(
                Tag::Open {
                    el: &el,
                    empty: true,
                },
                pos,
            )?,
            Event::End(el) => f(Tag::Close(el.name().into_inner()), pos)?,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}
