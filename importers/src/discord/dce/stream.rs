//! Splits a JSON object into its top-level members without building it,
//! and an array member into its elements, reading from a [`BufRead`].
//!
//! Each value's bytes are copied once into a reusable buffer and handed to
//! `serde_json::from_slice`, which is several times faster than parsing
//! from a reader byte by byte, while memory stays bounded by the largest
//! single value (one message), not by the file.
//!
//! The splitter only tracks strings, escapes and nesting
//! ([`crate::json_end`]); the values it hands out are validated by serde
//! when parsed.

use crate::json_end::ValueEnd;
use std::io::{self, BufRead};

/// Why splitting stopped.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    #[error("read failed: {0}")]
    Io(#[from] io::Error),
    #[error("unexpected end of file")]
    Eof,
    #[error("expected {expected}, found {found:?}")]
    Unexpected { expected: &'static str, found: char },
}

/// A streaming splitter over JSON text.
#[derive(Debug)]
pub struct Splitter<R> {
    r: R,
    /// Bytes consumed so far.
    pos: u64,
    buf: Vec<u8>,
}

/// What follows a member or an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    More,
    End,
}

impl<R> Splitter<R> {
    pub fn new(r: R) -> Self {
        Splitter {
            r,
            pos: 0,
            buf: Vec::new(),
        }
    }

    /// Bytes consumed so far (for progress and error positions).
    pub fn pos(&self) -> u64 {
        self.pos
    }
}

impl<R: BufRead> Splitter<R> {
    fn consume(&mut self, n: usize) {
        self.r.consume(n);
        self.pos += n as u64;
    }

    /// The next byte that is not whitespace (or a BOM), without consuming it.
    pub fn peek(&mut self) -> Result<Option<u8>, SplitError> {
        loop {
            let chunk = self.r.fill_buf()?;
            if chunk.is_empty() {
                return Ok(None);
            }
            let skip = chunk
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0xEF | 0xBB | 0xBF));
            match skip {
                Some(i) => {
                    let b = chunk[i];
                    self.consume(i);
                    return Ok(Some(b));
                }
                None => {
                    let n = chunk.len();
                    self.consume(n);
                }
            }
        }
    }

    /// Consumes `want` (after whitespace) or fails naming it.
    pub fn expect(&mut self, want: u8, expected: &'static str) -> Result<(), SplitError> {
        match self.peek()? {
            Some(b) if b == want => {
                self.consume(1);
                Ok(())
            }
            Some(b) => Err(SplitError::Unexpected {
                expected,
                found: char::from(b),
            }),
            None => Err(SplitError::Eof),
        }
    }

    /// After a member or element: `,` (more follow) or `close` (the end).
    pub fn separator(&mut self, close: u8) -> Result<Next, SplitError> {
        match self.peek()? {
            Some(b',') => {
                self.consume(1);
                Ok(Next::More)
            }
            Some(b) if b == close => {
                self.consume(1);
                Ok(Next::End)
            }
            Some(b) => Err(SplitError::Unexpected {
                expected: "',' or the end of the list",
                found: char::from(b),
            }),
            None => Err(SplitError::Eof),
        }
    }

    /// Reads one complete JSON value; returns its bytes.
    pub fn value(&mut self) -> Result<&[u8], SplitError> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let read = self.value_into(&mut buf);
        self.buf = buf;
        read?;
        Ok(&self.buf)
    }

    /// Reads one complete JSON value and appends its bytes to `out`.
    pub fn value_into(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        let first = self.peek()?.ok_or(SplitError::Eof)?;
        if matches!(first, b'{' | b'[' | b'"') {
            self.container(out)
        } else {
            self.scalar(out)
        }
    }

    /// A string, object or array: scan to its matching end.
    fn container(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        let mut end = ValueEnd::new();
        loop {
            let chunk = self.r.fill_buf()?;
            if chunk.is_empty() {
                return Err(SplitError::Eof);
            }
            let found = end.scan(chunk);
            let n = found.unwrap_or(chunk.len());
            out.extend_from_slice(chunk.get(..n).unwrap_or_default());
            self.consume(n);
            if found.is_some() {
                return Ok(());
            }
        }
    }

    /// A number, `true`, `false` or `null`: up to the next delimiter.
    fn scalar(&mut self, out: &mut Vec<u8>) -> Result<(), SplitError> {
        loop {
            let chunk = self.r.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            let end = chunk.iter().position(|b| {
                matches!(
                    b,
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n' | b'{' | b'[' | b'"'
                )
            });
            let n = end.unwrap_or(chunk.len());
            out.extend_from_slice(&chunk[..n]);
            self.consume(n);
            if end.is_some() {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(json: &str, chunk: usize) -> Vec<String> {
        let r = io::BufReader::with_capacity(chunk, json.as_bytes());
        let mut s = Splitter::new(r);
        s.expect(b'[', "[").unwrap();
        let mut out = Vec::new();
        loop {
            out.push(String::from_utf8(s.value().unwrap().to_vec()).unwrap());
            if s.separator(b']').unwrap() == Next::End {
                break;
            }
        }
        out
    }

    #[test]
    fn splits_values_across_chunk_boundaries() {
        let json = r#" [ {"a":"x\"}]\\","b":[1,{"c":2}]} , "s\\\"", 12.5e3 ,null,true, [[]], {} ]"#;
        let want = [
            r#"{"a":"x\"}]\\","b":[1,{"c":2}]}"#,
            r#""s\\\"""#,
            "12.5e3",
            "null",
            "true",
            "[[]]",
            "{}",
        ];
        for chunk in [1, 2, 3, 7, 64] {
            assert_eq!(values(json, chunk), want, "chunk {chunk}");
        }
    }

    #[test]
    fn truncation_and_junk_are_errors() {
        for json in [r#"[{"a":1"#, r#"["abc"#, "[1 2]", "[", r#"[{"a":"\"#] {
            let mut s = Splitter::new(io::BufReader::with_capacity(3, json.as_bytes()));
            let r = s.expect(b'[', "[").and_then(|()| {
                s.value()?;
                s.separator(b']')
            });
            assert!(r.is_err(), "{json}");
        }
    }

    #[test]
    fn bom_and_positions() {
        let mut s = Splitter::new("\u{feff} {\"k\": 1}".as_bytes());
        assert_eq!(s.peek().unwrap(), Some(b'{'));
        assert_eq!(s.pos(), 4);
        assert_eq!(s.value().unwrap(), b"{\"k\": 1}");
        assert_eq!(s.peek().unwrap(), None);
    }
}
