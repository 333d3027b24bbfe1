//! From bytes to entries (the first stage of the pipeline, run on its own
//! thread): lines, headers of the file's frozen shape, continuation lines,
//! the author split and author numbering.
//!
//! Entries go to the assembler in batches over a bounded channel, so the
//! two stages overlap and memory stays bounded. The bytes of a batch's
//! entries live in one buffer (entries hold ranges into it), so the
//! splitter allocates per batch rather than per entry, and the assembler
//! sends emptied batches back ([`Spare`]) so that, once the pipeline is
//! full, it does not allocate batches at all.

use super::decoded::{Decode, Decoded, decode_all};
use super::digits::{self, space_len};
use super::header::{self, Header, Shape};
use super::lines::{LineError, Lines};
use super::locale::FnvBuild;
use crate::{ImportError, ImportErrorKind, InputError, Position};
use std::collections::HashMap;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

/// Longest line accepted (a single message of this size is not a chat).
const MAX_LINE: usize = 256 << 20;
/// Entries per batch sent to the assembler.
const BATCH: usize = 4096;
/// Initial capacity of a batch's byte buffer (grows when needed).
const BATCH_BYTES: usize = BATCH * 128;
/// A returned buffer larger than this (it held a huge message) is freed
/// instead of reused, so one long message does not stay in memory.
const SPARE_BYTES_MAX: usize = 4 * BATCH_BYTES;

/// An emptied batch on its way back to the splitter, for reuse.
pub(crate) type Spare = (Vec<Entry>, Vec<u8>);

/// Empties a consumed batch and offers it back to the splitter. Never
/// waits: when the return queue is full, or the splitter has finished,
/// the batch is simply freed.
pub(crate) fn give_back(back: &SyncSender<Spare>, mut entries: Vec<Entry>, mut bytes: Vec<u8>) {
    if bytes.capacity() > SPARE_BYTES_MAX {
        return;
    }
    entries.clear();
    bytes.clear();
    let _ = back.try_send((entries, bytes));
}

/// One entry, split but not yet decoded (see [`super::decoded`] for who
/// removes marks, checks UTF-8 and classifies).
#[derive(Debug)]
pub(crate) struct Entry {
    pub header: Header,
    /// Line of the header (1-based).
    pub line: u64,
    /// Who wrote it, when the line has a plausible `Name: `.
    pub author: Option<Author>,
    /// Bytes after the header, as a range of the batch's buffer; the text
    /// starts `text_start` bytes into it.
    pub start: usize,
    pub end: usize,
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
    /// Entries, the buffer their bytes are in, the bytes of input consumed
    /// so far, and the entries decoded (empty when the splitter left that
    /// to the assembler, else one per entry).
    Entries(Vec<Entry>, Vec<u8>, u64, Vec<Decoded>),
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
    /// Where its bytes start in `Splitter::bytes`: the rest of the header
    /// line, then `\n` + each continuation line, up to the buffer's end.
    start: usize,
}

struct Splitter {
    shape: Option<Shape>,
    open: Option<Open>,
    batch: Vec<Entry>,
    /// The bytes of `batch`'s entries, then those of the open entry.
    bytes: Vec<u8>,
    preamble: Option<u64>,
    /// Raw author → number.
    authors: HashMap<Vec<u8>, usize, FnvBuild>,
    /// The previous entry's author (raw) and number.
    last_author: Vec<u8>,
    last_number: Option<usize>,
}

/// Reads the chat text and sends its entries; returns when the input ends,
/// fails, or the receiver hangs up. `decode` says when this thread decodes
/// a batch before handing it over.
pub(crate) fn split(
    reader: &mut dyn Read,
    file: &str,
    size: u64,
    tx: &SyncSender<Batch>,
    spares: &Receiver<Spare>,
    decode: Decode,
) {
    let mut s = Splitter {
        shape: None,
        open: None,
        batch: Vec::with_capacity(BATCH),
        bytes: Vec::with_capacity(BATCH_BYTES),
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
            let (full, bytes) = s.take_batch(spares);
            if !hand_over(tx, full, bytes, lines.consumed(), decode) {
                return;
            }
        }
    }
    s.close(true);
    let (last, bytes) = s.take_batch(spares);
    if hand_over(tx, last, bytes, lines.consumed(), decode) {
        let _ = tx.send(Batch::End {
            lines: no,
            preamble: s.preamble,
        });
    }
}

/// Sends a batch, decoding it first when `decode` says so: always, never,
/// or when the assembler is behind (the channel is full, so this thread
/// would otherwise wait). False when the receiver has hung up.
fn hand_over(
    tx: &SyncSender<Batch>,
    entries: Vec<Entry>,
    bytes: Vec<u8>,
    consumed: u64,
    decode: Decode,
) -> bool {
    let decoded = match decode {
        Decode::OnSplitter => decode_all(&entries, &bytes),
        Decode::OnAssembler | Decode::WhenBehind => Vec::new(),
    };
    let batch = Batch::Entries(entries, bytes, consumed, decoded);
    if decode != Decode::WhenBehind {
        return tx.send(batch).is_ok();
    }
    match tx.try_send(batch) {
        Ok(()) => true,
        Err(TrySendError::Full(Batch::Entries(entries, bytes, consumed, _))) => {
            let decoded = decode_all(&entries, &bytes);
            tx.send(Batch::Entries(entries, bytes, consumed, decoded))
                .is_ok()
        }
        Err(TrySendError::Full(other)) => tx.send(other).is_ok(),
        Err(TrySendError::Disconnected(_)) => false,
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
    /// Hands over the finished entries and their bytes; the open entry's
    /// bytes move to the front of a returned (or else fresh) buffer.
    fn take_batch(&mut self, spares: &Receiver<Spare>) -> (Vec<Entry>, Vec<u8>) {
        let (mut batch, mut bytes) = spares
            .try_recv()
            .unwrap_or_else(|_| (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH_BYTES)));
        batch.clear();
        bytes.clear();
        if let Some(open) = &mut self.open {
            bytes.extend_from_slice(self.bytes.get(open.start..).unwrap_or_default());
            self.bytes.truncate(open.start);
            open.start = 0;
        }
        let full = std::mem::replace(&mut self.batch, batch);
        (full, std::mem::replace(&mut self.bytes, bytes))
    }

    fn line(&mut self, line: &[u8], no: u64) {
        if let Some(h) = self.header_of(line) {
            self.close(false);
            let start = self.bytes.len();
            self.bytes
                .extend_from_slice(line.get(h.rest..).unwrap_or(&[]));
            self.open = Some(Open {
                header: h,
                line: no,
                start,
            });
            return;
        }
        match &self.open {
            Some(_) => {
                self.bytes.push(b'\n');
                self.bytes.extend_from_slice(line);
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
        let Some(open) = self.open.take() else {
            return;
        };
        if at_eof {
            while self.bytes.len() > open.start && self.bytes.last() == Some(&b'\n') {
                self.bytes.pop();
            }
        }
        // The buffer is taken out while the entry is read from it, so the
        // author table can be updated meanwhile.
        let bytes = std::mem::take(&mut self.bytes);
        let entry = self.entry(open, &bytes);
        self.bytes = bytes;
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

    fn entry(&mut self, open: Open, bytes: &[u8]) -> Entry {
        let raw = bytes.get(open.start..).unwrap_or_default();
        let split = split_author(raw).or_else(|| self.known_author_glued(raw));
        let (author, text_start) = match split {
            Some((end, start)) => (Some(self.author(&raw[..end])), start.min(raw.len())),
            None => (None, 0),
        };
        Entry {
            header: open.header,
            line: open.line,
            author,
            start: open.start,
            end: bytes.len(),
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
    fn entries_crossing_batch_edges_keep_their_bytes() {
        let (_back, spares) = std::sync::mpsc::sync_channel(1);
        split_across_batch_edges(&spares);
    }

    /// Regression: batches given back by the assembler are reused; one that
    /// comes back still holding entries and bytes must not leak them into
    /// the next batch.
    #[test]
    fn returned_batches_are_reused_without_their_old_content() {
        let old = "01/02/2020, 09:00 - Old: stale text\r\n".repeat(50);
        let (tx, rx) = std::sync::mpsc::sync_channel(8);
        let (_none, no_spares) = std::sync::mpsc::sync_channel(1);
        let size = old.len() as u64;
        split(
            &mut std::io::Cursor::new(old.into_bytes()),
            "old.txt",
            size,
            &tx,
            &no_spares,
            Decode::OnAssembler,
        );
        drop(tx);
        let (back, spares) = std::sync::mpsc::sync_channel(8);
        for b in rx {
            if let Batch::Entries(entries, bytes, _, _) = b {
                assert!(!entries.is_empty());
                // Handed back as they are, without `give_back`'s emptying.
                back.send((entries, bytes)).unwrap();
                back.send((Vec::new(), b"garbage".repeat(1000))).unwrap();
            }
        }
        split_across_batch_edges(&spares);
    }

    #[test]
    fn give_back_empties_batches_and_frees_huge_buffers() {
        let (back, spares) = std::sync::mpsc::sync_channel(4);
        give_back(&back, Vec::new(), b"abc".to_vec());
        give_back(&back, Vec::new(), Vec::with_capacity(SPARE_BYTES_MAX + 1));
        let (entries, bytes) = spares.try_recv().unwrap();
        assert!(entries.is_empty() && bytes.is_empty());
        assert!(spares.try_recv().is_err(), "the huge buffer was kept");
        // A full return queue or a finished splitter: the batch is dropped.
        for _ in 0..10 {
            give_back(&back, Vec::new(), Vec::new());
        }
        drop(spares);
        give_back(&back, Vec::new(), Vec::new());
    }

    fn split_across_batch_edges(spares: &Receiver<Spare>) {
        // More than two batches; every even entry has continuation lines
        // (one of them blank), so entries open at a batch edge carry their
        // bytes over into the next batch's buffer.
        let mut text = String::new();
        let mut want = Vec::new();
        for i in 0..(BATCH * 2 + 100) {
            let body = if i % 2 == 0 {
                format!("line {i}\nmore {i}\n\nend {i}")
            } else {
                format!("msg {i}")
            };
            text.push_str(&format!(
                "01/02/2020, 10:{:02} - User{}: {body}\r\n",
                i % 60,
                i % 3
            ));
            want.push(body);
        }
        let size = text.len() as u64;
        let (tx, rx) = std::sync::mpsc::sync_channel(64);
        split(
            &mut std::io::Cursor::new(text.into_bytes()),
            "t.txt",
            size,
            &tx,
            spares,
            Decode::OnAssembler,
        );
        drop(tx);
        let mut got = Vec::new();
        let mut batches = 0;
        for b in rx {
            match b {
                Batch::Entries(entries, bytes, _, _) => {
                    batches += 1;
                    for e in entries {
                        let raw = &bytes[e.start..e.end];
                        let number = match e.author {
                            Some(Author::Seen(n) | Author::New(n, _)) => n,
                            None => panic!("no author"),
                        };
                        assert_eq!(number, got.len() % 3);
                        got.push(String::from_utf8(raw[e.text_start..].to_vec()).unwrap());
                    }
                }
                Batch::End { lines, preamble } => {
                    assert_eq!(lines, (BATCH as u64 * 2 + 100) * 5 / 2);
                    assert_eq!(preamble, None);
                }
                Batch::Failed(e) => panic!("{e}"),
            }
        }
        assert!(batches >= 3, "{batches} batches");
        assert_eq!(got, want);
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
