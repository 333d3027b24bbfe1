//! A cursor over a DM file that steps through JSON structure without
//! parsing it: whitespace, separators, keys, and whole values cut out as
//! bytes (with [`ValueEnd`]) for serde to parse from memory.
//!
//! It counts lines, columns and bytes as it goes, so every error names its
//! place in the file. A value longer than the cap is not buffered further:
//! the bytes so far plus the rest of the value are streamed through
//! serde_json instead, still counted, so memory stays bounded.

use crate::json_end::ValueEnd;
use serde::de::DeserializeSeed;
use std::io::{self, BufRead, Read};

/// Why a file could not be read, with its position (1-based line, column =
/// bytes before the spot on its line; line 0 when unknown).
#[derive(Debug)]
pub struct SplitError {
    pub line: u64,
    pub column: u64,
    pub message: String,
    /// The handler stopped the parse.
    pub stopped: bool,
}

/// The message of a [`SplitError`] for a stop asked by the handler.
pub const STOPPED: &str = "stopped by the importer";

/// A place in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
    /// Bytes from where the scan started.
    pub offset: u64,
}

impl Pos {
    /// Moves past `bytes`.
    fn advance(&mut self, bytes: &[u8]) {
        self.offset += bytes.len() as u64;
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
                self.column = (bytes.len() - last - 1) as u64;
            }
            None => self.column += bytes.len() as u64,
        }
    }

    pub fn error(self, message: impl Into<String>) -> SplitError {
        SplitError {
            line: self.line,
            column: self.column,
            message: message.into(),
            stopped: false,
        }
    }

    /// The handler asked to stop here.
    pub fn stopped(self) -> SplitError {
        SplitError {
            stopped: true,
            ..self.error(STOPPED)
        }
    }
}

/// What [`Scanner::copy_value`] found.
#[derive(Debug)]
pub enum Scanned {
    Complete,
    /// The value is longer than the cap; what was read of it is in the
    /// buffer.
    Overflow,
}

/// The cursor (see the module documentation).
#[derive(Debug)]
pub struct Scanner<'r, R> {
    r: &'r mut R,
    pub pos: Pos,
    /// Longest value parsed from memory.
    pub cap: usize,
    /// Reused for small values (keys, ids).
    scratch: Vec<u8>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'r, R: BufRead> Scanner<'r, R> {
    pub fn new(r: &'r mut R, cap: usize) -> Self {
        Scanner {
            r,
            pos: Pos {
                line: 1,
                column: 0,
                offset: 0,
            },
            cap: cap.max(1),
            scratch: Vec::new(),
        }
    }

    pub fn err(&self, message: impl Into<String>) -> SplitError {
        self.pos.error(message)
    }

    /// The next byte that is not whitespace, not consumed.
    pub fn peek(&mut self) -> Result<Option<u8>, SplitError> {
        loop {
            let pos = self.pos;
            let chunk = self.r.fill_buf().map_err(|e| pos.error(e.to_string()))?;
            if chunk.is_empty() {
                return Ok(None);
            }
            let n = chunk.iter().position(|&b| !is_space(b));
            let skip = n.unwrap_or(chunk.len());
            let next = n.and_then(|n| chunk.get(n).copied());
            self.pos.advance(chunk.get(..skip).unwrap_or_default());
            self.r.consume(skip);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Consumes the byte [`Scanner::peek`] returned (not a newline).
    pub fn bump(&mut self) {
        self.r.consume(1);
        self.pos.column += 1;
        self.pos.offset += 1;
    }

    /// Steps to the next element of an array or member of an object whose
    /// opening bracket is consumed: `Ok(false)` after its `close`.
    pub fn next_member(&mut self, first: bool, close: u8, what: &str) -> Result<bool, SplitError> {
        match self.peek()? {
            Some(b) if b == close => {
                self.bump();
                Ok(false)
            }
            Some(b',') if !first => {
                self.bump();
                match self.peek()? {
                    Some(b) if b == close => Err(self.err("trailing comma")),
                    Some(_) => Ok(true),
                    None => Err(self.err(format!("EOF while parsing {what}"))),
                }
            }
            Some(_) if first => Ok(true),
            Some(b) => Err(self.err(format!(
                "expected `,` or `{}` but found {:?}",
                char::from(close),
                char::from(b)
            ))),
            None => Err(self.err(format!("EOF while parsing {what}"))),
        }
    }

    /// An object key and its `:`.
    pub fn key(&mut self) -> Result<String, SplitError> {
        if self.peek()? != Some(b'"') {
            return Err(self.err("key must be a string"));
        }
        let key = self.parse_value(std::marker::PhantomData::<String>)?;
        match self.peek()? {
            Some(b':') => {
                self.bump();
                Ok(key)
            }
            Some(b) => Err(self.err(format!("expected `:` but found {:?}", char::from(b)))),
            None => Err(self.err("EOF while parsing an object")),
        }
    }

    /// Appends the next value to `buf`, stopping once it holds more than
    /// `cap` bytes of it. Scalars end at the next delimiter.
    pub fn copy_value(&mut self, buf: &mut Vec<u8>, cap: usize) -> Result<Scanned, SplitError> {
        let start = buf.len();
        let container = match self.peek()? {
            Some(b'{' | b'[' | b'"') => true,
            Some(_) => false,
            None => return Err(self.err("EOF while parsing a value")),
        };
        let mut end = ValueEnd::new();
        loop {
            let pos = self.pos;
            let chunk = self.r.fill_buf().map_err(|e| pos.error(e.to_string()))?;
            if chunk.is_empty() {
                if container {
                    return Err(self.err("EOF while parsing a value"));
                }
                break;
            }
            let found = if container {
                end.scan(chunk)
            } else {
                chunk
                    .iter()
                    .position(|&b| matches!(b, b',' | b']' | b'}') || is_space(b))
            };
            let take = found.unwrap_or(chunk.len()).min(chunk.len());
            let piece = chunk.get(..take).unwrap_or_default();
            buf.extend_from_slice(piece);
            self.pos.advance(piece);
            self.r.consume(take);
            if found.is_some() {
                break;
            }
            if buf.len() - start > cap {
                if !container {
                    return Err(self.err("value too long"));
                }
                return Ok(Scanned::Overflow);
            }
        }
        if buf.len() == start {
            return Err(self.err("expected value"));
        }
        Ok(Scanned::Complete)
    }

    /// Parses the next value with serde: from memory, or streamed when it
    /// is longer than the cap.
    pub fn parse_value<V, S>(&mut self, seed: S) -> Result<V, SplitError>
    where
        S: for<'de> DeserializeSeed<'de, Value = V>,
    {
        let start = self.pos;
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        let r = match self.copy_value(&mut buf, self.cap)? {
            Scanned::Complete => parse_slice(&buf, seed).map_err(|e| relocate(&e, start)),
            Scanned::Overflow => return self.stream(buf, start, seed),
        };
        if buf.capacity() <= 1 << 20 {
            self.scratch = buf;
        }
        r
    }

    /// Parses a value of which `head` (starting at `start`) was read,
    /// reading the rest from the file through serde_json.
    pub fn stream<V, S>(&mut self, head: Vec<u8>, start: Pos, seed: S) -> Result<V, SplitError>
    where
        S: for<'de> DeserializeSeed<'de, Value = V>,
    {
        let rest = Tracked {
            r: &mut *self.r,
            pos: &mut self.pos,
        };
        let mut de = serde_json::Deserializer::from_reader(io::Cursor::new(head).chain(rest));
        // Objects, arrays and strings end with a byte serde consumes: it
        // reads nothing past the value.
        seed.deserialize(&mut de).map_err(|e| relocate(&e, start))
    }
}

/// Counts what serde_json reads from the file.
struct Tracked<'a, R> {
    r: &'a mut R,
    pos: &'a mut Pos,
}

impl<R: Read> Read for Tracked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.r.read(buf)?;
        self.pos.advance(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// Parses one value from memory. One (vectorised) UTF-8 check of the value is cheaper
/// than serde_json's check of each string; bytes that are not UTF-8 take
/// the byte path, which reports where.
pub fn parse_slice<'de, S: DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> Result<S::Value, serde_json::Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => {
            let mut de = serde_json::Deserializer::from_str(text);
            let v = seed.deserialize(&mut de)?;
            de.end()?;
            Ok(v)
        }
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let v = seed.deserialize(&mut de)?;
            de.end()?;
            Ok(v)
        }
    }
}

/// A serde_json error inside a value that starts at `start`, at its place
/// in the file.
pub fn relocate(e: &serde_json::Error, start: Pos) -> SplitError {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = msg.strip_suffix(&suffix).unwrap_or(&msg).to_owned();
    let el = e.line() as u64;
    SplitError {
        line: if start.line == 0 || el == 0 {
            0
        } else {
            start.line + el - 1
        },
        column: if el == 1 {
            start.column + e.column() as u64
        } else {
            e.column() as u64
        },
        stopped: false,
        message,
    }
}
