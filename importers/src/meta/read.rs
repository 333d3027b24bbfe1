//! Byte-level helpers shared by the Meta and X importers: streaming a JSON
//! entry through serde_json ([`parse_entry`]), a reader that drops a
//! leading UTF-8 byte-order mark, one that counts bytes for progress
//! reports, skipping the `window.YTD.x.part0 =` prefix of X archive files,
//! turning serde_json errors into positioned [`ImportError`]s, and
//! unix-time conversion into the user's zone.

use crate::{ImportError, Input, InputError, Position};
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::Timestamp;
use serde::de::DeserializeSeed;
use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// Returned by streaming callbacks to stop a parse; the callback's owner
/// keeps the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// What precedes the JSON value in an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// Plain JSON (a byte-order mark is dropped).
    None,
    /// A JavaScript assignment `window.YTD.name.part0 = ` (X archives):
    /// everything up to the first `=` within [`MAX_ASSIGNMENT`] bytes.
    Assignment,
}

/// Longest assignment prefix accepted before the `=`.
pub const MAX_ASSIGNMENT: usize = 512;

/// Entries up to this size are read into memory and parsed from the slice
/// (about twice as fast); larger ones are streamed. Peak memory stays
/// bounded either way.
pub const IN_MEMORY_MAX: u64 = 32 << 20;

/// Parses one entry with `seed`; bytes read are added to `counter`. For
/// plain JSON, only whitespace may follow the value; after an assignment
/// (JavaScript), what follows the array (`;`) is not checked. The outer
/// error is the input failing to open.
pub fn parse_entry<S, T>(
    input: &Input,
    entry: &str,
    prefix: Prefix,
    counter: &Rc<Cell<u64>>,
    seed: S,
) -> Result<Result<T, serde_json::Error>, InputError>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    parse_entry_with(input, entry, prefix, counter, seed, IN_MEMORY_MAX)
}

/// [`parse_entry`] with an explicit in-memory limit (tests force streaming).
fn parse_entry_with<S, T>(
    input: &Input,
    entry: &str,
    prefix: Prefix,
    counter: &Rc<Cell<u64>>,
    seed: S,
    in_memory_max: u64,
) -> Result<Result<T, serde_json::Error>, InputError>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let size = input.entry(entry).map(|e| e.size).unwrap_or(u64::MAX);
    if size <= in_memory_max {
        let bytes = input.with_entry(entry, |r| {
            let mut v = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            r.take(in_memory_max.saturating_add(1))
                .read_to_end(&mut v)
                .map(|_| v)
        })?;
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => return Ok(Err(serde_json::Error::io(e))),
        };
        counter.set(counter.get() + bytes.len() as u64);
        if bytes.len() as u64 <= in_memory_max {
            return Ok(parse_slice(&bytes, prefix, seed));
        }
        // Larger than declared: stream it instead.
    }
    input.with_entry(entry, |r| {
        let mut reader =
            BufReader::with_capacity(64 * 1024, SkipBom::new(Counted::new(r, counter.clone())));
        if prefix == Prefix::Assignment {
            skip_assignment(&mut reader).map_err(serde_json::Error::io)?;
        }
        let mut de = serde_json::Deserializer::from_reader(reader);
        let value = seed.deserialize(&mut de)?;
        if prefix == Prefix::None {
            de.end()?;
        }
        Ok(value)
    })
}

/// [`parse_entry`] on bytes in memory.
fn parse_slice<S, T>(bytes: &[u8], prefix: Prefix, seed: S) -> Result<T, serde_json::Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let mut body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if prefix == Prefix::Assignment {
        let mut head = body;
        skip_assignment(&mut head).map_err(serde_json::Error::io)?;
        body = head;
    }
    // Checking UTF-8 once for the whole entry (vectorised) is cheaper than
    // serde_json's check of each string; bytes that are not UTF-8 take the byte path,
    // which reports (or tolerates, in skipped values) them as before.
    if let Ok(text) = simdutf8::basic::from_utf8(body) {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = seed.deserialize(&mut de)?;
        if prefix == Prefix::None {
            de.end()?;
        }
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = seed.deserialize(&mut de)?;
    if prefix == Prefix::None {
        de.end()?;
    }
    Ok(value)
}

/// Consumes everything up to and including the first `=`.
pub fn skip_assignment(r: &mut impl BufRead) -> io::Result<()> {
    let mut seen = 0usize;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "no `=` assignment before the data",
            ));
        }
        let take = buf.len().min(MAX_ASSIGNMENT - seen);
        if let Some(i) = memchr::memchr(b'=', &buf[..take]) {
            r.consume(i + 1);
            return Ok(());
        }
        r.consume(take);
        seen += take;
        if seen >= MAX_ASSIGNMENT {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "no `=` assignment within the first bytes",
            ));
        }
    }
}

/// A serde_json error as an [`ImportError`] naming the entry and position.
pub fn json_error(input: &Input, entry: &str, e: &serde_json::Error) -> ImportError {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = msg.strip_suffix(&suffix).unwrap_or(&msg).to_owned();
    if e.line() == 0 {
        // Not a syntax error (reading failed, or no assignment found).
        return ImportError::new(
            input.describe(entry),
            crate::ImportErrorKind::Malformed(msg),
        );
    }
    let pos = Position {
        line: Some(e.line() as u64),
        column: Some(e.column() as u64),
        byte: None,
    };
    ImportError::malformed(input.describe(entry), pos, msg)
}

/// Wraps a reader, dropping a UTF-8 byte-order mark at its very start
/// (serde_json rejects one; some hand-made Meta files start with it).
#[derive(Debug)]
pub struct SkipBom<R> {
    inner: R,
    head: [u8; 3],
    head_len: usize,
    head_pos: usize,
    started: bool,
}

impl<R: Read> SkipBom<R> {
    pub fn new(inner: R) -> Self {
        SkipBom {
            inner,
            head: [0; 3],
            head_len: 0,
            head_pos: 0,
            started: false,
        }
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.started = true;
            while self.head_len < 3 {
                let n = self.inner.read(&mut self.head[self.head_len..])?;
                if n == 0 {
                    break;
                }
                self.head_len += n;
            }
            if self.head_len == 3 && self.head == [0xEF, 0xBB, 0xBF] {
                self.head_len = 0;
            }
        }
        if self.head_pos < self.head_len {
            let rest = &self.head[self.head_pos..self.head_len];
            let n = rest.len().min(buf.len());
            buf[..n].copy_from_slice(&rest[..n]);
            self.head_pos += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Wraps a reader, adding every byte read to a shared counter.
#[derive(Debug)]
pub struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counted<R> {
    pub fn new(inner: R, count: Rc<Cell<u64>>) -> Self {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A unix time in milliseconds, shown in the offset `tz` had at that
/// instant. `None` when out of range.
pub fn at_millis(millis: i64, tz: Tz) -> Option<Timestamp> {
    let utc = DateTime::<Utc>::from_timestamp_millis(millis)?;
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Timestamp::from_unix_millis(millis, offset.local_minus_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(r: impl Read) -> Vec<u8> {
        let mut out = Vec::new();
        let mut r = r;
        r.read_to_end(&mut out).unwrap();
        out
    }

    /// Yields one byte per read call, to exercise short reads.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.is_empty()) {
                (Some((b, rest)), false) => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn bom_table() {
        let cases: &[(&str, &[u8], &[u8])] = &[
            ("bom_dropped", b"\xEF\xBB\xBF{}", b"{}"),
            ("no_bom_kept", b"{}", b"{}"),
            ("short_input", b"{", b"{"),
            ("empty", b"", b""),
            ("only_bom", b"\xEF\xBB\xBF", b""),
            ("partial_bom_kept", b"\xEF\xBB{", b"\xEF\xBB{"),
        ];
        for (name, input, want) in cases {
            assert_eq!(read_all(SkipBom::new(*input)), *want, "{name}");
            assert_eq!(
                read_all(SkipBom::new(Trickle(input))),
                *want,
                "{name} trickle"
            );
        }
    }

    #[test]
    fn counts_bytes() {
        let c = Rc::new(Cell::new(0));
        assert_eq!(read_all(Counted::new(&b"hello"[..], c.clone())), b"hello");
        assert_eq!(c.get(), 5);
    }

    /// Parses `data` both in memory and streamed; both must agree.
    fn both_ways(data: &[u8], prefix: Prefix) -> Result<serde_json::Value, String> {
        let input = Input::from_bytes("f.js", data.to_vec());
        let mut results = Vec::new();
        for limit in [u64::MAX, 0] {
            let counter = Rc::new(Cell::new(0));
            let r = parse_entry_with(
                &input,
                "f.js",
                prefix,
                &counter,
                std::marker::PhantomData::<serde_json::Value>,
                limit,
            )
            .unwrap()
            .map_err(|e| json_error(&input, "f.js", &e).to_string());
            if r.is_ok() {
                assert_eq!(counter.get(), data.len() as u64, "limit {limit}");
            }
            results.push(r);
        }
        assert_eq!(results[0], results[1], "in memory vs streamed");
        results.remove(0)
    }

    #[test]
    fn parse_entry_table() {
        use serde_json::json;
        type Case<'a> = (
            &'a str,
            &'a [u8],
            Prefix,
            Result<serde_json::Value, &'a str>,
        );
        let cases: &[Case<'_>] = &[
            ("plain", b"[1]", Prefix::None, Ok(json!([1]))),
            (
                "bom",
                b"\xEF\xBB\xBF{\"a\":1}",
                Prefix::None,
                Ok(json!({"a": 1})),
            ),
            (
                "assignment",
                b"window.YTD.x.part0 = [2]",
                Prefix::Assignment,
                Ok(json!([2])),
            ),
            (
                "assignment_semicolon",
                b"window.YTD.x.part0 = [];\n",
                Prefix::Assignment,
                Ok(json!([])),
            ),
            (
                "trailing",
                b"[1] x",
                Prefix::None,
                Err("f.js: line 1, column 5: trailing characters"),
            ),
            (
                "truncated",
                b"[1,",
                Prefix::None,
                Err("f.js: line 1, column 3: EOF while parsing a value"),
            ),
            (
                "no_assignment",
                b"[1]",
                Prefix::Assignment,
                Err("f.js: no `=` assignment before the data"),
            ),
        ];
        for (name, data, prefix, want) in cases {
            let got = both_ways(data, *prefix);
            assert_eq!(got, want.clone().map_err(str::to_owned), "{name}");
        }
    }

    #[test]
    fn millis_in_zone_with_dst() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let summer = at_millis(1_714_567_890_123, berlin).unwrap();
        assert_eq!(summer.to_rfc3339(), "2024-05-01T14:51:30.123+02:00");
        let winter = at_millis(1_700_000_000_000, berlin).unwrap();
        assert_eq!(winter.offset_secs(), 3600);
        assert!(at_millis(i64::MAX, berlin).is_none());
    }
}
