//! Reading a DM file one conversation at a time.
//!
//! serde_json parses a slice about three times faster than a reader, but a
//! whole DM file can be hundreds of megabytes. [`parse_file`] therefore
//! scans the top-level array itself (tracking only strings and nesting),
//! copies each conversation object into a buffer and parses that slice.
//! A conversation larger than [`ELEMENT_CAP`] is not buffered further: the
//! bytes so far plus the rest of the file are streamed through serde_json
//! instead, so memory stays bounded.

use super::raw::{Element, Handler};
use crate::json_end::ValueEnd;
use serde::de::DeserializeSeed;
use std::io::{self, BufRead, Read};

/// Largest conversation parsed from memory.
pub const ELEMENT_CAP: usize = 32 << 20;

/// Why a file could not be read, with its position (1-based; line 0 when
/// unknown).
#[derive(Debug)]
pub struct SplitError {
    pub line: u64,
    pub column: u64,
    pub message: String,
    /// serde_json stopped because the handler said so.
    pub stopped: bool,
}

/// What [`scan_element`] found.
enum Scanned {
    Complete,
    Overflow,
}

struct Scanner<'r, R> {
    r: &'r mut R,
    line: u64,
    column: u64,
}

impl<R: BufRead> Scanner<'_, R> {
    fn err(&self, message: impl Into<String>) -> SplitError {
        SplitError {
            line: self.line,
            column: self.column,
            message: message.into(),
            stopped: false,
        }
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Result<Option<u8>, SplitError> {
        loop {
            let (line, column) = (self.line, self.column);
            let chunk = self.r.fill_buf().map_err(|e| SplitError {
                line,
                column,
                message: e.to_string(),
                stopped: false,
            })?;
            let Some(&b) = chunk.first() else {
                return Ok(None);
            };
            match b {
                b'\n' => {
                    self.line += 1;
                    self.column = 0;
                }
                b' ' | b'\t' | b'\r' => self.column += 1,
                _ => return Ok(Some(b)),
            }
            self.r.consume(1);
        }
    }

    fn bump(&mut self) {
        self.r.consume(1);
        self.column += 1;
    }

    /// Copies one `{...}` into `buf` (the `{` is next in the reader).
    fn scan_element(&mut self, buf: &mut Vec<u8>, cap: usize) -> Result<Scanned, SplitError> {
        let mut value_end = ValueEnd::new();
        loop {
            let (line, column) = (self.line, self.column);
            let chunk = self.r.fill_buf().map_err(|e| SplitError {
                line,
                column,
                message: e.to_string(),
                stopped: false,
            })?;
            if chunk.is_empty() {
                return Err(self.err("EOF while parsing a conversation"));
            }
            let end = value_end.scan(chunk);
            let take = end.unwrap_or(chunk.len());
            self.line += memchr::memchr_iter(b'\n', &chunk[..take]).count() as u64;
            buf.extend_from_slice(&chunk[..take]);
            self.r.consume(take);
            if end.is_some() {
                self.column = match buf.iter().rposition(|&b| b == b'\n') {
                    Some(nl) => (buf.len() - nl - 1) as u64,
                    None => self.column + buf.len() as u64,
                };
                return Ok(Scanned::Complete);
            }
            if buf.len() > cap {
                return Ok(Scanned::Overflow);
            }
        }
    }
}

/// Parses the array of conversations that follows the assignment.
pub fn parse_file<R: BufRead>(r: &mut R, handler: &mut dyn Handler) -> Result<(), SplitError> {
    parse_file_with(r, handler, ELEMENT_CAP)
}

/// [`parse_file`] with an explicit element cap (tests use tiny ones).
fn parse_file_with<R: BufRead>(
    r: &mut R,
    handler: &mut dyn Handler,
    cap: usize,
) -> Result<(), SplitError> {
    let mut s = Scanner {
        r,
        line: 1,
        column: 0,
    };
    if s.peek()? != Some(b'[') {
        return Err(s.err("expected `[`: an array of conversations"));
    }
    s.bump();
    let mut buf = Vec::new();
    let mut need_comma = false;
    loop {
        match s.peek()? {
            Some(b']') => return Ok(()),
            Some(b',') if need_comma => {
                s.bump();
                need_comma = false;
            }
            Some(b'{') if !need_comma => {
                let (line, column) = (s.line, s.column);
                buf.clear();
                match s.scan_element(&mut buf, cap)? {
                    Scanned::Complete => {
                        // One UTF-8 check for the conversation is cheaper
                        // than serde_json's check of each string; bytes that
                        // are not UTF-8 take the byte path as before.
                        let element = Element {
                            handler: &mut *handler,
                        };
                        match std::str::from_utf8(&buf) {
                            Ok(text) => {
                                element.deserialize(&mut serde_json::Deserializer::from_str(text))
                            }
                            Err(_) => {
                                element.deserialize(&mut serde_json::Deserializer::from_slice(&buf))
                            }
                        }
                        .map_err(|e| relocate(&e, line, column))?;
                    }
                    Scanned::Overflow => {
                        let head = io::Cursor::new(std::mem::take(&mut buf));
                        let mut de = serde_json::Deserializer::from_reader(head.chain(&mut *s.r));
                        Element {
                            handler: &mut *handler,
                        }
                        .deserialize(&mut de)
                        .map_err(|e| relocate(&e, line, column))?;
                        // Lines inside the streamed part were not counted.
                        s.line = 0;
                    }
                }
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

/// A serde_json error inside an element, at its place in the file.
fn relocate(e: &serde_json::Error, line: u64, column: u64) -> SplitError {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = msg.strip_suffix(&suffix).unwrap_or(&msg).to_owned();
    let el = e.line() as u64;
    SplitError {
        line: if line == 0 || el == 0 {
            0
        } else {
            line + el - 1
        },
        column: if el == 1 {
            column + e.column() as u64
        } else {
            e.column() as u64
        },
        stopped: message == super::raw::STOPPED,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::read::Stopped;
    use crate::x_dms::raw::RawEvent;

    /// Records texts of messages, per conversation.
    #[derive(Default)]
    struct Texts(Vec<String>);

    impl Handler for Texts {
        fn begin(&mut self) -> Result<(), Stopped> {
            self.0.push("[".into());
            Ok(())
        }
        fn conversation_id(&mut self, id: String) -> Result<(), Stopped> {
            self.0.push(id);
            Ok(())
        }
        fn event(&mut self, e: RawEvent<'_>) -> Result<(), Stopped> {
            match e.message_create.and_then(|m| m.text) {
                Some(t) if &*t == "stop" => Err(Stopped),
                Some(t) => {
                    self.0.push(t.into_string());
                    Ok(())
                }
                None => Ok(()),
            }
        }
        fn end(&mut self) -> Result<(), Stopped> {
            self.0.push("]".into());
            Ok(())
        }
    }

    fn run(data: &str, cap: usize) -> Result<Vec<String>, String> {
        let mut h = Texts::default();
        parse_file_with(&mut data.as_bytes(), &mut h, cap)
            .map(|()| h.0)
            .map_err(|e| format!("{}:{} {}", e.line, e.column, e.message))
    }

    const TWO: &str = "[\n  {\"dmConversation\" : {\"conversationId\" : \"1-2\", \"messages\" : [\n    {\"messageCreate\" : {\"text\" : \"a \\\" } ] {\"}}]}},\n  {\"dmConversation\" : {\"conversationId\" : \"9\", \"messages\" : [{\"messageCreate\" : {\"text\" : \"b\"}}]}}\n];";

    #[test]
    fn conversations_in_memory_and_streamed_agree() {
        let want = ["[", "1-2", "a \" } ] {", "]", "[", "9", "b", "]"];
        assert_eq!(run(TWO, ELEMENT_CAP).unwrap(), want);
        // A cap of 8 bytes forces every conversation through the streaming path.
        assert_eq!(run(TWO, 8).unwrap(), want);
    }

    #[test]
    fn error_table() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "not_array",
                "{}",
                "1:0 expected `[`: an array of conversations",
            ),
            (
                "eof_in_list",
                "[",
                "1:1 EOF while parsing the list of conversations",
            ),
            (
                "eof_in_element",
                "[ {\"a\" : [",
                "1:2 EOF while parsing a conversation",
            ),
            (
                "missing_comma",
                "[{} {}]",
                "1:4 expected `,` or `]` but found '{'",
            ),
            (
                "number_element",
                "[1]",
                "1:1 expected a conversation object but found '1'",
            ),
            (
                "type_error_line_2",
                "[\n {\"dmConversation\" : 5}]",
                "2:22 invalid type: integer `5`, expected a conversation object",
            ),
        ];
        for (name, data, want) in cases {
            assert_eq!(run(data, ELEMENT_CAP).unwrap_err(), *want, "{name}");
        }
    }

    #[test]
    fn handler_stop_is_marked() {
        let data = r#"[{"dmConversation":{"messages":[{"messageCreate":{"text":"stop"}}]}}]"#;
        let mut h = Texts::default();
        let e = parse_file(&mut data.as_bytes(), &mut h).unwrap_err();
        assert!(e.stopped);
    }

    #[test]
    fn empty_array_and_trailing_javascript() {
        assert_eq!(
            run("  [ ] ;\nwhatever", ELEMENT_CAP).unwrap(),
            Vec::<String>::new()
        );
    }
}
