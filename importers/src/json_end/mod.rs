//! Finding where a JSON string, object or array ends.
//!
//! The streaming JSON importers cut long arrays into element bytes before
//! handing them to serde; that cut runs on the importer's one thread and
//! was its largest cost. [`ValueEnd::scan`] tracks only what the cut needs
//! (strings, escapes, nesting). Inside an open object or array it works on
//! blocks of 64 bytes ([`block`]: bit masks, string state by a running XOR,
//! only brackets outside strings visited). The start of a value, the last
//! bytes of a piece and blocks that are not JSON go through a word-wide
//! scan that stops at the next byte that matters: outside strings quotes
//! and brackets, inside strings quotes and backslashes (long strings go
//! through `memchr2`).
//!
//! Bytes are not validated here: serde checks each value when it parses it.
//! The state carries over between calls, so a value may be fed in pieces
//! of any size (a reader's buffer at a time).

use memchr::memchr2;

mod block;
use block::{BLOCK, Step};

/// One in every byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// High bits set in the bytes of `v` that are zero. Bytes above the first
/// zero byte may be flagged wrongly, the lowest flag is always right (the
/// only one the scanner uses).
#[inline]
pub(crate) fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(LO) & !v & HI
}

/// Flags quotes and backslashes.
#[inline]
fn string_stops(w: u64) -> u64 {
    zero_bytes(w ^ (LO * u64::from(b'"'))) | zero_bytes(w ^ (LO * u64::from(b'\\')))
}

/// Flags quotes and brackets (and, harmlessly, the control bytes 0x02,
/// 0x1b and 0x1d, which setting bit 5 folds onto them).
#[inline]
fn structure_stops(w: u64) -> u64 {
    let y = w | (LO * 0x20);
    zero_bytes(y ^ (LO * u64::from(b'"')))
        | zero_bytes(y ^ (LO * u64::from(b'{')))
        | zero_bytes(y ^ (LO * u64::from(b'}')))
}

#[inline]
fn is_structure(b: u8) -> bool {
    matches!(b, b'"' | b'{' | b'}' | b'[' | b']')
}

/// Index of the first quote or bracket in `chunk[from..]`.
#[inline]
fn next_structure(chunk: &[u8], mut from: usize) -> Option<usize> {
    while let Some(word) = chunk.get(from..from + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let m = structure_stops(u64::from_le_bytes(w));
        if m == 0 {
            from += 8;
            continue;
        }
        let j = from + (m.trailing_zeros() / 8) as usize;
        if chunk.get(j).copied().is_some_and(is_structure) {
            return Some(j);
        }
        from = j + 1;
    }
    let tail = chunk.get(from..)?;
    tail.iter().position(|&b| is_structure(b)).map(|k| from + k)
}

/// Index of the first quote or backslash in `chunk[from..]`.
#[inline]
fn next_string_stop(chunk: &[u8], mut from: usize) -> Option<usize> {
    // Most strings are short: two words first, `memchr2` for long ones.
    for _ in 0..2 {
        let Some(word) = chunk.get(from..from + 8) else {
            break;
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let m = string_stops(u64::from_le_bytes(w));
        if m != 0 {
            return Some(from + (m.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    memchr2(b'"', b'\\', chunk.get(from..)?).map(|k| from + k)
}

/// Where a value ends, fed piece by piece.
///
/// Start it at the value's first byte (`{`, `[` or `"`). Scalars (numbers,
/// `true`, `false`, `null`) have no end marker; callers cut those at the
/// next delimiter themselves.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ValueEnd {
    depth: u32,
    in_string: bool,
    /// The previous piece ended with a backslash inside a string.
    escape: bool,
}

impl ValueEnd {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scans the next piece of the value. `Some(n)`: the value ends with
    /// `chunk[n - 1]`; `None`: all of `chunk` belongs to it and more is
    /// needed.
    pub fn scan(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < chunk.len() {
            if self.depth == 0 {
                if self.in_string || self.escape {
                    // Inside a string value: its closing quote ends it.
                    return self.scan_words(chunk.get(i..)?).map(|n| i + n);
                }
                // The value's first byte (or, in a piece, what precedes it).
                let j = next_structure(chunk, i)?;
                if matches!(chunk.get(j), Some(b'{' | b'[')) {
                    self.depth = 1;
                    i = j + 1;
                    continue;
                }
                // A string value, or a stray closing bracket.
                return self.scan_words(chunk.get(j..)?).map(|n| j + n);
            }
            let end = (i + BLOCK).min(chunk.len());
            let piece = chunk.get(i..end)?;
            if let Ok(block) = <&[u8; BLOCK]>::try_from(piece) {
                match block::step(
                    block,
                    &mut self.depth,
                    &mut self.in_string,
                    &mut self.escape,
                ) {
                    Step::End(n) => return Some(i + n),
                    Step::Whole => {
                        i = end;
                        continue;
                    }
                    Step::Literal => {}
                }
            }
            if let Some(n) = self.scan_words(piece) {
                return Some(i + n);
            }
            i = end;
        }
        None
    }

    /// [`Self::scan`] with the word-wide search only.
    fn scan_words(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut i = 0;
        if self.escape {
            if chunk.is_empty() {
                return None;
            }
            self.escape = false;
            i = 1;
        }
        loop {
            if self.in_string {
                let j = next_string_stop(chunk, i)?;
                i = j + 1;
                if chunk.get(j) == Some(&b'"') {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Some(i);
                    }
                } else if i < chunk.len() {
                    // Skip the escaped byte.
                    i += 1;
                } else {
                    self.escape = true;
                    return None;
                }
            } else {
                let j = next_structure(chunk, i)?;
                i = j + 1;
                match chunk.get(j).copied().unwrap_or(b' ') {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    _ => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Some(i);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
