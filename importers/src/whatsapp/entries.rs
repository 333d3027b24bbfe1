//! From bytes to entries (the first stage of the pipeline, run on its own
//! thread): lines, headers of the file's frozen shape, continuation lines,
//! the author split and author numbering.
//!
//! Entries go to the assembler in batches over a bounded channel, so the
//! two stages overlap and memory stays bounded.

use super::digits::{self, space_len};
use super::header::{self, Header, Shape};
use super::lines::{LineError, Lines};
use super::locale::FnvBuild;
use crate::{ImportError, ImportErrorKind, InputError, Position};
use std::collections::HashMap;
use std::io::Read;
use std::sync::mpsc::SyncSender;

/// Longest line accepted (a single message of this size is not a chat).
const MAX_LINE: usize = 256 << 20;
/// Entries per batch sent to the assembler.
const BATCH: usize = 512;

/// One entry, split but not yet decoded: the assembler removes marks,
/// checks UTF-8 and classifies (so the two threads share the work).
#[derive(Debug)]
pub(crate) struct Entry {
    pub header: Header,
    /// Line of the header (1-based).
    pub line: u64,
    /// Who wrote it, when the line has a plausible `Name: `.
    pub author: Option<Author>,
    /// Bytes after the header; the text starts at `text_start`.
    pub raw: Vec<u8>,
    pub text_start: usize,
}

/// A sender, numbered in order of first appearance.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Author {
    /// Seen before: its number.
    Seen(usize),
    /// First appearance: its number and the raw name bytes.
    New(usize, Vec<u8>),
}

/// What the splitter sends.
#[derive(Debug)]
pub(crate) enum Batch {
    /// Entries, and the bytes of input consumed so far.
    Entries(Vec<Entry>, u64),
    /// The end: physical lines read, first line of text before any header.
    End {
        lines: u64,
        preamble: Option<u64>,
    },
    Failed(ImportError),
}

struct Open {
    header: Header,
    line: u64,
    /// Bytes after the header: first line, then `\n` + each continuation.
    raw: Vec<u8>,
}

struct Splitter {
    shape: Option<Shape>,
    open: Option<Open>,
    batch: Vec<Entry>,
    preamble: Option<u64>,
    /// Raw author → number.
    authors: HashMap<Vec<u8>, usize, FnvBuild>,
    /// The previous entry's author (raw) and number.
    last_author: Vec<u8>,
    last_number: Option<usize>,
}

/// Reads the chat text and sends its entries; returns when the input ends,
/// fails, or the receiver hangs up.
pub(crate) fn split(reader: &mut dyn Read, file: &str, size: u64, tx: &SyncSender<Batch>) {
    let mut s = Splitter {
        shape: None,
        open: None,
        batch: Vec::with_capacity(BATCH),
        preamble: None,
        authors: HashMap::default(),
        last_author: Vec::new(),
        last_number: None,
    };
    let mut lines = Lines::new(reader, MAX_LINE, size);
    let mut no = 0u64;
    loop {
        let line = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Batch::Failed(line_error(file, e, no + 1)));
                return;
            }
        };
        no += 1;
        s.line(line, no);
        if s.batch.len() >= BATCH {
            let full = std::mem::replace(&mut s.batch, Vec::with_capacity(BATCH));
            if tx.send(Batch::Entries(full, lines.consumed())).is_err() {
                return;
            }
        }
    }
    s.close(true);
    let last = std::mem::take(&mut s.batch);
    if tx.send(Batch::Entries(last, lines.consumed())).is_ok() {
        let _ = tx.send(Batch::End {
            lines: no,
            preamble: s.preamble,
        });
    }
}

fn line_error(file: &str, e: LineError, line: u64) -> ImportError {
    match e {
        LineError::Io(source) => ImportError::at(
            file,
            Position::line(line),
            ImportErrorKind::Input(InputError::Io {
                path: file.to_owned(),
                source,
            }),
        ),
        LineError::TooLong(max) => ImportError::malformed(
            file,
            Position::line(line),
            format!("line longer than {max} bytes: not a chat export"),
        ),
    }
}

impl Splitter {
    fn line(&mut self, line: &[u8], no: u64) {
        if let Some(h) = self.header_of(line) {
            self.close(false);
            let raw = line.get(h.rest..).unwrap_or(&[]).to_vec();
            self.open = Some(Open {
                header: h,
                line: no,
                raw,
            });
            return;
        }
        match &mut self.open {
            Some(open) => {
                open.raw.push(b'\n');
                open.raw.extend_from_slice(line);
            }
            None => {
                let mut visible = line.to_vec();
                visible.retain(|b| !b.is_ascii_whitespace());
                if !digits::strip_marks(&visible).is_empty() && self.preamble.is_none() {
                    self.preamble = Some(no);
                }
            }
        }
    }

    fn header_of(&mut self, line: &[u8]) -> Option<Header> {
        let h = header::parse(line)?;
        match self.shape {
            Some(s) if s != h.shape => None,
            Some(_) => Some(h),
            None => {
                self.shape = Some(h.shape);
                Some(h)
            }
        }
    }

    fn close(&mut self, at_eof: bool) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        if at_eof {
            while open.raw.last() == Some(&b'\n') {
                open.raw.pop();
            }
        }
        let entry = self.entry(open);
        self.batch.push(entry);
    }

    /// `Name:text` without the space, accepted only for a known author.
    fn known_author_glued(&self, raw: &[u8]) -> Option<(usize, usize)> {
        let first_end = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
        let at = memchr::memchr(b':', &raw[..first_end])?;
        self.authors
            .contains_key(&raw[..at])
            .then_some((at, at + 1))
    }

    fn author(&mut self, raw: &[u8]) -> Author {
        if let Some(n) = self.last_number
            && self.last_author == raw
        {
            return Author::Seen(n);
        }
        self.last_author.clear();
        self.last_author.extend_from_slice(raw);
        let next = self.authors.len();
        let author = match self.authors.get(raw) {
            Some(&n) => Author::Seen(n),
            None => {
                self.authors.insert(raw.to_vec(), next);
                Author::New(next, raw.to_vec())
            }
        };
        self.last_number = Some(match author {
            Author::Seen(n) | Author::New(n, _) => n,
        });
        author
    }

    fn entry(&mut self, open: Open) -> Entry {
        let raw = &open.raw;
        let split = split_author(raw).or_else(|| self.known_author_glued(raw));
        let (author, text_start) = match split {
            Some((end, start)) => (Some(self.author(&raw[..end])), start.min(raw.len())),
            None => (None, 0),
        };
        Entry {
            header: open.header,
            line: open.line,
            author,
            raw: open.raw,
            text_start,
        }
    }
}

/// Author part of the first line: the text before the first `": "` (or a
/// final `:`), when it is a plausible name.
pub(crate) fn split_author(raw: &[u8]) -> Option<(usize, usize)> {
    let first_end = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
    let first = &raw[..first_end];
    let mut from = 0;
    while let Some(i) = memchr::memchr(b':', &first[from..]) {
        let at = from + i;
        let body_start = match first.get(at + 1) {
            None => at + 1,
            Some(_) => match space_len(&first[at + 1..]) {
                Some(n) => at + 1 + n,
                None => {
                    from = at + 1;
                    continue;
                }
            },
        };
        return plausible_author(&first[..at]).then_some((at, body_start));
    }
    None
}

/// Whether text before `": "` can be a sender's name: not empty, not a
/// sentence (system lines quote group names, which may contain `": "`).
fn plausible_author(name: &[u8]) -> bool {
    if name.len() > 160 || name.contains(&b'"') {
        return false;
    }
    if name.is_ascii() {
        return name.iter().any(|b| *b != b' ');
    }
    let mut i = 0;
    let visible = loop {
        if i >= name.len() {
            break false;
        }
        match space_len(&name[i..]).or_else(|| digits::mark_len(&name[i..])) {
            Some(n) => i += n,
            None => break true,
        }
    };
    visible && !has_quote(name)
}

/// Whether `name` holds a typographic quote (`“ ” „ « »`), as a byte scan:
/// this runs for every entry whose sender's name is not ASCII.
fn has_quote(name: &[u8]) -> bool {
    let mut from = 0;
    while let Some(k) = memchr::memchr2(0xE2, 0xC2, name.get(from..).unwrap_or_default()) {
        let at = from + k;
        // U+201C-U+201E are E2 80 9C-9E; U+00AB and U+00BB are C2 AB and C2 BB.
        if let [0xE2, 0x80, 0x9C..=0x9E, ..] | [0xC2, 0xAB | 0xBB, ..] = &name[at..] {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_split_rules() {
        fn s(raw: &str) -> Option<(&str, &str)> {
            split_author(raw.as_bytes()).map(|(a, b)| (&raw[..a], &raw[b..]))
        }
        assert_eq!(s("Bob: hi: there"), Some(("Bob", "hi: there")));
        assert_eq!(s("Carol:"), Some(("Carol", "")));
        assert_eq!(s("Bob:hi"), None);
        assert_eq!(s("Loris created group “Trip: Rome”"), None);
        assert_eq!(s("You added Bob"), None);
        assert_eq!(s("John Doe:."), None);
        assert_eq!(s("a\u{00A0}b:\u{00A0}x"), Some(("a\u{00A0}b", "x")));
        assert_eq!(s("Bob: x\nAlice: y"), Some(("Bob", "x\nAlice: y")));
        assert_eq!(s("\u{200E}: x"), None);
        assert_eq!(s("Zoë: salut"), Some(("Zoë", "salut")));
    }

    #[test]
    fn quotes_in_a_name_make_it_a_sentence() {
        for (name, quoted) in [
            ("Anna „Trip: Rome“", true),
            ("«Équipe»", true),
            ("Loris “x”", true),
            ("Søren Müller", false),
            ("Łukasz – 🇵🇱", false),
            ("\u{00A0}Bob\u{00A0}", false),
            ("", false),
        ] {
            assert_eq!(has_quote(name.as_bytes()), quoted, "{name}");
            let line = format!("{name}: hi");
            assert_eq!(
                split_author(line.as_bytes()).is_none(),
                quoted || name.is_empty(),
                "{name}"
            );
        }
    }
}
