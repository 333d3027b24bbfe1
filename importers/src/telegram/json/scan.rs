//! A streaming scanner over JSON structure: it steps through objects and
//! arrays and skips values without keeping them; single values (one
//! message, a chat's name) are parsed by serde_json straight from its
//! read buffer ([`Scanner::parse`]). Memory holds one buffer, grown only
//! when a single value is larger than it, never the file.
//!
//! Values that fail with an invalid escape are repaired with
//! [`super::escape::repair`] (Telegram's `\xNN`) and parsed again.

use super::escape::repair;
use super::raw::RawMessage;
use crate::json_end::ValueEnd;
use serde::de::DeserializeOwned;
use std::io::{self, Read};

const CHUNK: usize = 256 * 1024;

/// The largest single value (one message) the scanner will hold.
pub const MAX_VALUE: usize = 256 << 20;

/// Parses one message object (`bytes`, found at byte `at` of the file) and
/// hands it to `f`; also returns how many `\x` escapes were repaired.
///
/// The bytes are checked as UTF-8 once, as a whole, so serde need not check
/// string by string; invalid UTF-8 goes through serde's own check for the
/// same error as before.
pub fn parse_message<U>(
    bytes: &[u8],
    at: u64,
    f: impl FnOnce(RawMessage<'_>) -> U,
) -> Result<(U, u64), ScanError> {
    let err = match from_bytes(bytes) {
        Ok(raw) => return Ok((f(raw), 0)),
        Err(e) => e,
    };
    if err.to_string().starts_with("invalid escape") {
        let mut fixed = bytes.to_vec();
        let n = repair(&mut fixed);
        if n > 0 {
            return match from_bytes(&fixed) {
                Ok(raw) => Ok((f(raw), n as u64)),
                Err(e) => Err(json_error(e, &fixed, at)),
            };
        }
    }
    Err(json_error(err, bytes, at))
}

/// The quick path first ([`super::quick`]); serde decides what it leaves.
fn from_bytes(bytes: &[u8]) -> Result<RawMessage<'_>, serde_json::Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => match super::quick::message(text) {
            Some(m) => Ok(m),
            None => serde_json::from_str(text),
        },
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Why the scanner stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("expected {expected}, found {found}")]
    Unexpected {
        expected: &'static str,
        found: String,
        at: u64,
    },
    #[error("unexpected end of file")]
    Eof { at: u64 },
    #[error("{msg}")]
    Json { msg: String, at: u64 },
    #[error("a single value is larger than {MAX_VALUE} bytes")]
    TooLarge { at: u64 },
}

impl ScanError {
    /// Byte offset where the problem is, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            ScanError::Io(_) => None,
            ScanError::Unexpected { at, .. }
            | ScanError::Eof { at }
            | ScanError::Json { at, .. }
            | ScanError::TooLarge { at } => Some(*at),
        }
    }
}

/// Reads JSON structure from a byte stream.
#[derive(Debug)]
pub struct Scanner<R> {
    r: R,
    /// Bytes read and not yet dropped are `buf[..end]`; `buf[pos..end]`
    /// is unread. The rest of `buf` is room for the next read.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// How many bytes a refill tries to hold.
    cap: usize,
    /// Absolute offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// `\x` escapes repaired so far.
    pub repaired: u64,
}

impl<R: Read> Scanner<R> {
    pub fn new(r: R) -> Self {
        Scanner {
            r,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            cap: CHUNK,
            base: 0,
            eof: false,
            repaired: 0,
        }
    }

    /// Bytes read from the reader so far.
    pub fn bytes_read(&self) -> u64 {
        self.base + self.end as u64
    }

    /// Absolute offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Makes at least one unread byte available; `false` at the end.
    fn fill(&mut self) -> Result<bool, ScanError> {
        if self.pos < self.end {
            return Ok(true);
        }
        self.read_more()
    }

    /// Keeps the unread bytes and reads more after them, up to the buffer's
    /// capacity (doubled first when the unread bytes already fill it).
    /// `false` when nothing more could be read.
    fn read_more(&mut self) -> Result<bool, ScanError> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.base += self.pos as u64;
            self.pos = 0;
        }
        if self.end >= self.cap {
            if self.cap >= MAX_VALUE {
                return Err(ScanError::TooLarge { at: self.offset() });
            }
            self.cap = (self.cap * 2).min(MAX_VALUE);
        }
        if self.buf.len() < self.cap {
            self.buf.resize(self.cap, 0);
        }
        let old = self.end;
        while self.end < self.cap {
            let target = self.buf.get_mut(self.end..self.cap).unwrap_or_default();
            match self.r.read(target) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end = (self.end + n).min(self.cap),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(self.end > old)
    }

    /// Parses the next value with serde, straight from the buffer.
    pub fn parse<T: DeserializeOwned>(&mut self) -> Result<T, ScanError> {
        let Some(first) = self.peek()? else {
            return Err(ScanError::Eof { at: self.offset() });
        };
        if !matches!(first, b'{' | b'[' | b'"') {
            // A scalar may be cut by the buffer's end: copy it whole first.
            let at = self.offset();
            let mut v = Vec::new();
            self.scalar(Some(&mut v))?;
            return serde_json::from_slice(&v).map_err(|e| json_error(e, &v, at));
        }
        loop {
            let slice = self.buf.get(self.pos..self.end).unwrap_or_default();
            let mut values = serde_json::Deserializer::from_slice(slice).into_iter::<T>();
            let err = match values.next() {
                Some(Ok(v)) => {
                    self.pos += values.byte_offset();
                    return Ok(v);
                }
                Some(Err(e)) => e,
                None => return Err(ScanError::Eof { at: self.offset() }),
            };
            if err.is_eof() && !self.eof {
                self.read_more()?;
                continue;
            }
            if err.to_string().starts_with("invalid escape") && self.repair_unread() > 0 {
                continue;
            }
            let slice = self.buf.get(self.pos..self.end).unwrap_or_default();
            return Err(json_error(err, slice, self.offset()));
        }
    }

    /// Repairs `\x` escapes in the unread bytes (which start between values).
    fn repair_unread(&mut self) -> usize {
        let mut tail = self
            .buf
            .get(self.pos..self.end)
            .unwrap_or_default()
            .to_vec();
        let n = repair(&mut tail);
        if n > 0 {
            self.buf.truncate(self.pos);
            self.buf.extend_from_slice(&tail);
            self.end = self.buf.len();
            self.repaired += n as u64;
        }
        n
    }

    /// The next byte that is not whitespace, without consuming it.
    pub fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            let unread = self.buf.get(self.pos..self.end).unwrap_or_default();
            match unread
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            {
                Some(k) => {
                    self.pos += k;
                    return Ok(unread.get(k).copied());
                }
                None => self.pos = self.end,
            }
        }
    }

    /// Consumes the next non-whitespace byte, which must be `want`.
    pub fn expect(&mut self, want: u8, expected: &'static str) -> Result<(), ScanError> {
        match self.peek()? {
            Some(b) if b == want => {
                self.pos += 1;
                Ok(())
            }
            found => Err(self.unexpected(expected, found)),
        }
    }

    /// After `{` or `[`: whether another member follows (consuming the
    /// `,` before it), or the container ends (consuming `close`).
    pub fn next_member(&mut self, first: bool, close: u8) -> Result<bool, ScanError> {
        match self.peek()? {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if first => Ok(true),
            found => Err(self.unexpected("',' or the end of a list", found)),
        }
    }

    /// Reads an object key and the `:` after it.
    pub fn key(&mut self, scratch: &mut Vec<u8>) -> Result<String, ScanError> {
        let at = self.offset();
        scratch.clear();
        match self.peek()? {
            Some(b'"') => self.copy_value(scratch)?,
            found => return Err(self.unexpected("an object key", found)),
        }
        self.expect(b':', "':'")?;
        let n = repair(scratch);
        self.repaired += n as u64;
        serde_json::from_slice(scratch).map_err(|e| json_error(e, scratch, at))
    }

    /// Skips one value.
    pub fn skip_value(&mut self) -> Result<(), ScanError> {
        self.walk_value(None)
    }

    /// Appends one value's bytes to `out`.
    pub fn copy_value(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        self.walk_value(Some(out))
    }

    fn walk_value(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), ScanError> {
        let first = match self.peek()? {
            Some(b) => b,
            None => return Err(ScanError::Eof { at: self.offset() }),
        };
        if !matches!(first, b'{' | b'[' | b'"') {
            return self.scalar(out);
        }
        let mut end = ValueEnd::new();
        let start = self.offset();
        let mut copied = 0usize;
        loop {
            if !self.fill()? {
                return Err(ScanError::Eof { at: self.offset() });
            }
            let chunk = self.buf.get(self.pos..self.end).unwrap_or_default();
            let found = end.scan(chunk);
            let i = found.unwrap_or(chunk.len());
            if let Some(o) = out.as_deref_mut() {
                o.extend_from_slice(chunk.get(..i).unwrap_or_default());
                copied += i;
                if copied > MAX_VALUE {
                    return Err(ScanError::TooLarge { at: start });
                }
            }
            self.pos += i;
            if found.is_some() {
                return Ok(());
            }
        }
    }

    /// A number, `true`, `false` or `null`: bytes up to the next delimiter.
    fn scalar(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), ScanError> {
        let at = self.offset();
        let mut len = 0usize;
        loop {
            if !self.fill()? {
                break;
            }
            let chunk = self.buf.get(self.pos..self.end).unwrap_or_default();
            let k = chunk
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                .unwrap_or(chunk.len());
            if let Some(o) = out.as_deref_mut() {
                o.extend_from_slice(chunk.get(..k).unwrap_or_default());
            }
            len += k;
            self.pos += k;
            if k < chunk.len() {
                break;
            }
        }
        if len == 0 {
            let found = self.peek()?;
            return Err(ScanError::Unexpected {
                expected: "a value",
                found: describe(found),
                at,
            });
        }
        Ok(())
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> Result<bool, ScanError> {
        Ok(self.peek()?.is_none())
    }

    pub fn unexpected(&self, expected: &'static str, found: Option<u8>) -> ScanError {
        match found {
            None => ScanError::Eof { at: self.offset() },
            f => ScanError::Unexpected {
                expected,
                found: describe(f),
                at: self.offset(),
            },
        }
    }
}

/// A serde error inside the value that starts at byte `at`, placed at its
/// offset in the file.
fn json_error(e: serde_json::Error, value: &[u8], at: u64) -> ScanError {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let msg = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', value)
            .nth(line - 2)
            .map_or(value.len(), |i| i + 1)
    };
    let within = (line_start + column.saturating_sub(1)).min(value.len());
    ScanError::Json {
        msg,
        at: at + within as u64,
    }
}

fn describe(b: Option<u8>) -> String {
    match b {
        None => "the end of the file".to_owned(),
        Some(b) if b.is_ascii_graphic() => format!("'{}'", b as char),
        Some(b) => format!("byte 0x{b:02x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(json: &str) -> Vec<String> {
        let mut s = Scanner::new(json.as_bytes());
        s.expect(b'[', "[").unwrap();
        let mut out = Vec::new();
        let mut first = true;
        while s.next_member(first, b']').unwrap() {
            first = false;
            let mut v = Vec::new();
            s.copy_value(&mut v).unwrap();
            out.push(String::from_utf8(v).unwrap());
        }
        assert!(s.at_end().unwrap());
        out
    }

    #[test]
    fn copies_each_value_exactly() {
        assert_eq!(
            values(
                r#"[ {"a": "}\"]", "b": [1, {"c": null}]}, "s\\", 12, -1.5e3, true, null, [] ]"#
            ),
            [
                r#"{"a": "}\"]", "b": [1, {"c": null}]}"#,
                r#""s\\""#,
                "12",
                "-1.5e3",
                "true",
                "null",
                "[]"
            ]
        );
    }

    #[test]
    fn values_across_chunk_boundaries() {
        let long = "x".repeat(CHUNK * 2 + 7);
        let json = format!(r#"[{{"t": "{long}"}}, 1]"#);
        let v = values(&json);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].len(), long.len() + 9);
    }

    #[test]
    fn keys_and_errors() {
        let mut s = Scanner::new(&br#"{"na\u006de": 1}"#[..]);
        s.expect(b'{', "{").unwrap();
        assert!(s.next_member(true, b'}').unwrap());
        let mut scratch = Vec::new();
        assert_eq!(s.key(&mut scratch).unwrap(), "name");
        s.skip_value().unwrap();
        assert!(!s.next_member(false, b'}').unwrap());

        let mut s = Scanner::new(&b"[{\"a\": \"unterminated"[..]);
        s.expect(b'[', "[").unwrap();
        assert!(matches!(s.skip_value(), Err(ScanError::Eof { .. })));
        let mut s = Scanner::new(&b"[1 2]"[..]);
        s.expect(b'[', "[").unwrap();
        s.skip_value().unwrap();
        assert!(s.next_member(false, b']').is_err());
    }

    #[test]
    fn parses_values_larger_than_the_buffer_and_repairs_escapes() {
        let long = "y".repeat(CHUNK * 3);
        let json = format!(r#"[{{"t": "{long}\x01"}}, 7, "z"]"#);
        let mut s = Scanner::new(json.as_bytes());
        s.expect(b'[', "[").unwrap();
        assert!(s.next_member(true, b']').unwrap());
        let v: std::collections::HashMap<String, String> = s.parse().unwrap();
        assert_eq!(v["t"].len(), long.len() + 1);
        assert!(v["t"].ends_with('\u{1}'));
        assert_eq!(s.repaired, 1);
        assert!(s.next_member(false, b']').unwrap());
        assert_eq!(s.parse::<u32>().unwrap(), 7);
        assert!(s.next_member(false, b']').unwrap());
        assert_eq!(s.parse::<String>().unwrap(), "z");
        assert!(!s.next_member(false, b']').unwrap());
    }

    #[test]
    fn parse_errors_carry_the_file_offset() {
        let mut s = Scanner::new(&b"[1, {\"a\": tru}]"[..]);
        s.expect(b'[', "[").unwrap();
        s.next_member(true, b']').unwrap();
        s.parse::<u8>().unwrap();
        s.next_member(false, b']').unwrap();
        let e = s.parse::<serde_json::Value>().unwrap_err();
        assert!(
            matches!(e, ScanError::Json { at, .. } if (10..=15).contains(&at)),
            "{e:?}"
        );
    }
}
