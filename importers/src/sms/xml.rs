//! The XML pull loop shared by the scan and the import: quick-xml events
//! with raw (undecoded) attribute values, so that [`super::decode`] can
//! repair what a strict XML parser would reject.

use crate::{ImportError, Position};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
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

/// Raw attributes of one element, borrowed from the tag's bytes.
#[derive(Debug, Default)]
pub struct Attrs<'a> {
    items: Vec<(&'a [u8], &'a [u8])>,
    /// Whether some attribute could not be parsed (the rest are kept).
    pub damaged: bool,
}

/// XML whitespace, as quick-xml defines it.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// Index of the first byte at or after `from` that is not whitespace.
fn skip_ws(s: &[u8], from: usize) -> usize {
    from + s
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| is_ws(**b))
        .count()
}

/// Values up to this long are searched byte by byte; `memchr` pays off on
/// longer ones (message bodies, base64 media).
const SHORT_VALUE: usize = 32;

/// The index of the closing `quote` in `rest`.
fn find_quote(quote: u8, rest: &[u8]) -> Option<usize> {
    let head = rest.get(..SHORT_VALUE).unwrap_or(rest);
    match head.iter().position(|b| *b == quote) {
        Some(i) => Some(i),
        None if head.len() < SHORT_VALUE => None,
        None => memchr::memchr(quote, rest.get(SHORT_VALUE..).unwrap_or_default())
            .map(|i| i + SHORT_VALUE),
    }
}

impl<'a> Attrs<'a> {
    pub fn of(el: &'a BytesStart<'a>) -> Self {
        Self::parse(el.attributes_raw())
    }

    /// Splits the attribute part of a tag (what follows its name) the way
    /// quick-xml's `attributes().with_checks(false)` does, stopping at the
    /// first attribute it would reject: `key`, optional whitespace, `=`,
    /// optional whitespace, then a value in `"` or `'` quotes. The closing
    /// quote is found with `memchr`, which matters for long values.
    pub fn parse(s: &'a [u8]) -> Self {
        let mut out = Attrs {
            items: Vec::with_capacity(16),
            damaged: false,
        };
        let mut i = skip_ws(s, 0);
        while i < s.len() {
            let key_start = i;
            // A key is at least one byte, even a `=`.
            let key_end = key_start
                + 1
                + s.get(key_start + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| **b != b'=' && !is_ws(**b))
                    .count();
            let eq = skip_ws(s, key_end);
            if s.get(eq) != Some(&b'=') {
                out.damaged = true;
                break;
            }
            let open = skip_ws(s, eq + 1);
            let quote = match s.get(open) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => {
                    out.damaged = true;
                    break;
                }
            };
            let rest = s.get(open + 1..).unwrap_or_default();
            let Some(len) = find_quote(quote, rest) else {
                out.damaged = true;
                break;
            };
            let key = s.get(key_start..key_end).unwrap_or_default();
            out.items.push((key, rest.get(..len).unwrap_or_default()));
            i = skip_ws(s, open + 1 + len + 1);
        }
        out
    }

    /// Attributes from `(key, value)` pairs already split.
    pub fn from_items(items: Vec<(&'a [u8], &'a [u8])>, damaged: bool) -> Self {
        Attrs { items, damaged }
    }

    /// Every `(key, raw value)` pair, in tag order.
    pub fn items(&self) -> &[(&'a [u8], &'a [u8])] {
        &self.items
    }

    /// The raw value, or `None` when absent or the literal `null`.
    pub fn raw(&self, name: &str) -> Option<&'a [u8]> {
        self.items
            .iter()
            .find(|(k, _)| *k == name.as_bytes())
            .map(|(_, v)| *v)
            .filter(|v| *v != b"null")
    }

    /// An integer value (`null`, absent and non-numbers are `None`).
    pub fn int(&self, name: &str) -> Option<i64> {
        let raw = self.raw(name)?;
        // Plain digits (nearly every value) cannot overflow at this length.
        if (1..=18).contains(&raw.len()) && raw.iter().all(u8::is_ascii_digit) {
            return Some(raw.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')));
        }
        std::str::from_utf8(raw).ok()?.trim().parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `(key, value)` pairs and the damaged flag.
    type Split = (Vec<(Vec<u8>, Vec<u8>)>, bool);

    /// What quick-xml's own iterator makes of the same bytes.
    fn reference(content: &[u8]) -> Split {
        let text = String::from_utf8_lossy(content).into_owned();
        let el = BytesStart::from_content(format!("t{text}"), 1);
        let mut items = Vec::new();
        let mut damaged = false;
        for a in el.attributes().with_checks(false) {
            match a {
                Ok(a) => items.push((a.key.into_inner().to_vec(), a.value.to_vec())),
                Err(_) => {
                    damaged = true;
                    break;
                }
            }
        }
        (items, damaged)
    }

    fn ours(content: &[u8]) -> Split {
        let a = Attrs::parse(content);
        let items = a
            .items()
            .iter()
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect();
        (items, a.damaged)
    }

    #[test]
    fn attribute_table() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool);
        let cases: &[Case<'_>] = &[
            ("", &[], false),
            ("   ", &[], false),
            (r#" a="1" b='2'"#, &[("a", "1"), ("b", "2")], false),
            (r#" a = "1"b="x>y""#, &[("a", "1"), ("b", "x>y")], false),
            (
                r#" a="it's" b='say "hi"'"#,
                &[("a", "it's"), ("b", "say \"hi\"")],
                false,
            ),
            (r#" a="1" flag"#, &[("a", "1")], true),
            (r#" a="1" b=2 c="3""#, &[("a", "1")], true),
            (r#" a="unterminated"#, &[], true),
            (r#" a="1" b= "#, &[("a", "1")], true),
            (r#" ="x" a="1""#, &[], true),
            (r#" a="1" a="2""#, &[("a", "1"), ("a", "2")], false),
            ("\ta=\"\"\r\nb=''", &[("a", ""), ("b", "")], false),
        ];
        for (content, want, damaged) in cases {
            let got = ours(content.as_bytes());
            let want: Vec<_> = want
                .iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
                .collect();
            assert_eq!(got, (want, *damaged), "{content:?}");
            assert_eq!(
                got,
                reference(content.as_bytes()),
                "{content:?} vs quick-xml"
            );
        }
    }

    #[test]
    fn integer_table() {
        for (raw, want) in [
            ("1600000000000", Some(1_600_000_000_000)),
            ("0", Some(0)),
            ("-1", Some(-1)),
            (" 42 ", Some(42)),
            ("+7", Some(7)),
            ("999999999999999999", Some(999_999_999_999_999_999)),
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("00000000000000000000001", Some(1)),
            ("", None),
            ("null", None),
            ("1e3", None),
            ("\u{a0}5", Some(5)),
        ] {
            let content = format!(" v=\"{raw}\"");
            let a = Attrs::parse(content.as_bytes());
            assert_eq!(a.int("v"), want, "{raw:?}");
        }
    }

    #[test]
    fn quotes_found_in_short_and_long_values() {
        for len in [0, 1, 31, 32, 33, 64, 1000] {
            let value = "x".repeat(len);
            let content = format!(" a=\"{value}\" b='{value}\"'");
            let a = Attrs::parse(content.as_bytes());
            let b = format!("{value}\"");
            assert_eq!(
                a.items(),
                [(&b"a"[..], value.as_bytes()), (b"b", b.as_bytes())]
            );
            let open = format!(" a=\"{value}");
            assert!(Attrs::parse(open.as_bytes()).damaged, "{len}");
        }
    }

    #[test]
    fn same_split_as_quick_xml_on_random_tags() {
        // Tags built from the bytes that matter to the splitter.
        const ALPHABET: &[u8] = b" \t\n=\"'ab=\"\"'";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let mut s = state;
            let content: Vec<u8> = (0..len)
                .map(|_| {
                    s = s.rotate_left(5) ^ 0x2545_F491_4F6C_DD1D;
                    ALPHABET[(s % ALPHABET.len() as u64) as usize]
                })
                .collect();
            // quick-xml sees the attributes after the tag name and a space.
            let mut tag = vec![b' '];
            tag.extend_from_slice(&content);
            assert_eq!(
                ours(&tag),
                reference(&tag),
                "{:?}",
                String::from_utf8_lossy(&tag)
            );
        }
    }
}
