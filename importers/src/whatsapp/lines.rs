//! Streaming line splitting: a reusable buffer, `memchr` for line ends,
//! `\n`, `\r\n` and a lone `\r` all accepted. Memory stays at the buffer
//! size plus the longest line, whatever the file size.

use std::io::{self, Read};

const CHUNK: usize = 1 << 20;

/// Splits a reader into lines (without their terminators).
pub(crate) struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    /// Start of unread data in `buf`.
    pos: usize,
    /// End of valid data in `buf`.
    end: usize,
    eof: bool,
    /// Bytes consumed so far (for progress).
    consumed: u64,
    /// Longest line accepted, in bytes.
    max_line: usize,
}

/// Why a line could not be read.
#[derive(Debug)]
pub(crate) enum LineError {
    Io(io::Error),
    TooLong(usize),
}

impl<R: Read> Lines<R> {
    /// `size_hint`: the input's size when known (small inputs get a small
    /// buffer; the buffer still grows for long lines).
    pub fn new(reader: R, max_line: usize, size_hint: u64) -> Self {
        let cap = usize::try_from(size_hint.saturating_add(1))
            .unwrap_or(CHUNK)
            .clamp(64, CHUNK);
        Lines {
            reader,
            buf: vec![0; cap],
            pos: 0,
            end: 0,
            eof: false,
            consumed: 0,
            max_line,
        }
    }

    /// Bytes of input consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Reads more data after `end`, moving the unread part to the front
    /// (and growing the buffer when one line fills it).
    fn fill(&mut self) -> Result<(), LineError> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() > self.max_line {
                return Err(LineError::TooLong(self.max_line));
            }
            let grown = (self.buf.len() * 2).min(self.max_line.saturating_add(2));
            self.buf.resize(grown.max(self.buf.len() + 1), 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(LineError::Io(e)),
            }
        }
    }

    /// The next line, or `None` at the end of input.
    pub fn next_line(&mut self) -> Result<Option<&[u8]>, LineError> {
        let mut scanned = 0;
        loop {
            let window = &self.buf[self.pos + scanned..self.end];
            if let Some(i) = memchr::memchr2(b'\n', b'\r', window) {
                let at = self.pos + scanned + i;
                let is_cr = self.buf[at] == b'\r';
                if is_cr && at + 1 == self.end && !self.eof {
                    // `\r` at the end of the data: need one more byte to
                    // know whether `\n` follows.
                    scanned = at - self.pos;
                    self.fill_keeping(&mut scanned)?;
                    continue;
                }
                // Only bytes before `end` are data: what lies behind it
                // is left over from earlier reads.
                let term = if is_cr && at + 1 < self.end && self.buf[at + 1] == b'\n' {
                    2
                } else {
                    1
                };
                let start = self.pos;
                self.pos = at + term;
                self.consumed += (at + term - start) as u64;
                return Ok(Some(&self.buf[start..at]));
            }
            if self.eof {
                if self.pos == self.end {
                    return Ok(None);
                }
                let start = self.pos;
                self.consumed += (self.end - start) as u64;
                self.pos = self.end;
                return Ok(Some(&self.buf[start..self.end]));
            }
            scanned = self.end - self.pos;
            self.fill_keeping(&mut scanned)?;
        }
    }

    fn fill_keeping(&mut self, scanned: &mut usize) -> Result<(), LineError> {
        self.fill()?;
        // `fill` moved the unread data to the front; `scanned` is relative
        // to `pos`, which is now 0, so it stays valid.
        *scanned = (*scanned).min(self.end - self.pos);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8], cap: usize) -> Vec<Vec<u8>> {
        let mut l = Lines::new(data, 1 << 30, 0);
        l.buf = vec![0; cap];
        let mut out = Vec::new();
        while let Some(x) = l.next_line().unwrap() {
            out.push(x.to_vec());
        }
        assert_eq!(l.consumed(), data.len() as u64);
        out
    }

    #[test]
    fn every_line_end_and_tiny_buffers() {
        let data = b"a\r\nbb\n\nccc\rd\r\n\r\ne";
        let want: Vec<Vec<u8>> = [&b"a"[..], b"bb", b"", b"ccc", b"d", b"", b"e"]
            .iter()
            .map(|s| s.to_vec())
            .collect();
        for cap in [1, 2, 3, 4, 7, 64] {
            assert_eq!(all(data, cap), want, "cap {cap}");
        }
        assert_eq!(all(b"x\n", 1), vec![b"x".to_vec()]);
        assert!(all(b"", 4).is_empty());
        assert_eq!(all(b"\r", 1), vec![b"".to_vec()]);
    }

    #[test]
    fn final_cr_ignores_stale_bytes_behind_the_data() {
        // Regression: a `\n` left in the buffer by an earlier read, right
        // behind a final `\r`, was taken for a CRLF and moved the read
        // position past the end of the data (a panic on the next line).
        let want: Vec<Vec<u8>> = [&b"ab"[..], b"", b"c"].iter().map(|s| s.to_vec()).collect();
        assert_eq!(all(b"ab\n\nc\r", 4), want);
    }

    #[test]
    fn too_long_line_is_an_error() {
        let data = [b'a'; 100];
        let mut l = Lines::new(&data[..], 10, 0);
        l.buf = vec![0; 4];
        assert!(matches!(l.next_line(), Err(LineError::TooLong(10))));
    }
}
