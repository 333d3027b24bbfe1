//! sigtop `-f json`: `[`, one Signal Desktop message object per line
//! (comma-terminated), `]`.
//!
//! The objects are Desktop's internal message model, so their keys drift
//! between Desktop versions (`sourceUuid` became `sourceServiceId`,
//! `authorUuid` became `authorAci`); both spellings are read (`raw`).
//! Lines are cut on the importer's thread and parsed in batches on worker
//! threads ([`par_items`], `prepare`), borrowing strings from the line;
//! the results reach the sink in file order (`apply`). Memory stays flat
//! whatever the file size.
//!
//! Ids: a message is `"<sent_at>:<author>"`, the author being the sender's
//! service id (ACI) or phone, or `me` for outgoing messages; a quote names
//! the quoted message by its `sent_at` and author, which resolves to the
//! same id.

mod apply;
mod prepare;
mod raw;

use crate::par_items::{self, Batch, ItemPos, Par};
use crate::{ImportError, ImportOptions, InputError, Position, Sink};
use apply::Conv;
use prepare::{Prep, Prepared};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};

/// Lines between progress reports.
const PROGRESS_EVERY: u64 = 8192;

/// Imports one sigtop JSON file; lines are parsed as `par` says
/// ([`Par::SEQUENTIAL`] on the calling thread; the sink sees the same calls
/// either way).
pub fn import(
    reader: &mut dyn Read,
    file: &str,
    title: &str,
    total: u64,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    par: &Par,
) -> Result<(), ImportError> {
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut conv = Conv::new(file, title, options);
    // Line numbers of the objects in flight, oldest first: `fill` pushes,
    // `apply` pops (both on this thread).
    let lines = RefCell::new(VecDeque::new());
    let (mut line_no, mut done) = (0u64, 0u64);
    let fill = |batch: &mut Batch| -> Result<bool, ImportError> {
        loop {
            let start = batch.bytes.len();
            let n = reader.read_until(b'\n', &mut batch.bytes).map_err(|e| {
                ImportError::new(
                    file,
                    InputError::Io {
                        path: file.into(),
                        source: e,
                    },
                )
            })?;
            if n == 0 {
                return Ok(false);
            }
            line_no += 1;
            let at = done;
            done += n as u64;
            let (from, to) = object_bounds(batch.bytes.get(start..).unwrap_or_default());
            let obj = batch
                .bytes
                .get(start + from..start + to)
                .unwrap_or_default();
            if obj.is_empty() || obj == b"[" || obj == b"]" || obj == b"[]" {
                batch.bytes.truncate(start);
                continue;
            }
            if !obj.starts_with(b"{") {
                batch.bytes.truncate(start);
                return Err(ImportError::malformed(
                    file,
                    Position::line(line_no),
                    "expected one message object per line, as sigtop writes them",
                ));
            }
            batch.bytes.truncate(start + to);
            batch.bytes.drain(start..start + from);
            batch.close_item(start, ItemPos { at, end: done });
            lines.borrow_mut().push_back(line_no);
            if batch.is_full() {
                return Ok(true);
            }
        }
    };
    let prep = Prep { title, options };
    let parse = |seen: &mut prepare::Seen, obj: &[u8], _: ItemPos| prep.line(seen, obj);
    let apply = |prepared: Prepared, pos: ItemPos| -> Result<(), ImportError> {
        let line = lines.borrow_mut().pop_front().unwrap_or_default();
        conv.apply(prepared, line, &mut *sink)?;
        if line.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(pos.end, total)
                .map_err(|e| ImportError::new(file, e))?;
        }
        Ok(())
    };
    par_items::run(par, fill, parse, apply)?;
    conv.finish(sink)?;
    sink.progress(done, total)
        .map_err(|e| ImportError::new(file, e))
}

/// Where the object lies in a line: surrounding whitespace, a byte order
/// mark and the trailing comma left out.
fn object_bounds(line: &[u8]) -> (usize, usize) {
    let trimmed = line.trim_ascii();
    let lead = line.len() - line.trim_ascii_start().len();
    let (lead, trimmed) = match trimmed.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (lead + 3, rest),
        None => (lead, trimmed),
    };
    let obj = trimmed.strip_suffix(b",").unwrap_or(trimmed);
    (lead, lead + obj.len())
}

#[cfg(test)]
mod tests {
    use super::object_bounds;

    #[test]
    fn object_bounds_leave_out_whitespace_a_bom_and_the_comma() {
        for (line, want) in [
            (&b"{\"a\":1},\n"[..], &b"{\"a\":1}"[..]),
            (b"{\"a\":1}\r\n", b"{\"a\":1}"),
            (b"  {\"a\":1} ,\n", b"{\"a\":1} "),
            (b"\xef\xbb\xbf[\n", b"["),
            (b"\xef\xbb\xbf{\"a\":\",\"},", b"{\"a\":\",\"}"),
            (b"]", b"]"),
            (b"\n", b""),
            (b"", b""),
            (b",", b""),
        ] {
            let (from, to) = object_bounds(line);
            assert_eq!(&line[from..to], want, "{:?}", String::from_utf8_lossy(line));
        }
    }
}
