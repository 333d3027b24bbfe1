//! A quick reader for the common shape of a JSON value, with serde as the
//! judge of everything else.
//!
//! The streaming importers parse millions of small objects of one known
//! shape, and serde's derive spends most of its time on what the importer
//! then drops: whitespace, keys, values of fields nobody reads. [`Cursor`]
//! walks a value's text directly: a caller names the fields it reads,
//! skips the rest, and gets strings borrowed where they have no escapes.
//!
//! The contract that keeps this safe is [`Bail`]: whenever the text is not
//! exactly what the quick path understands (a syntax error, an escaped key,
//! a lone surrogate, a duplicate field, a value of an unexpected type,
//! nesting deeper than [`MAX_DEPTH`]), the cursor gives up and the caller
//! parses the same text with serde, which either reads it or reports the
//! error with its position. So the quick path may refuse more than serde,
//! never accept more: what it skips it checks against the JSON grammar as
//! serde_json does for ignored values (strings with valid escapes and no
//! control characters, numbers without leading zeros, exact literals).
//!
//! The text is `&str`: UTF-8 was validated before (one vectorised pass per
//! element in the callers).

use crate::json_end::{HI, LO, zero_bytes};
use crate::json_str::JsonStr;
use serde::Deserialize;
use std::borrow::Cow;

#[cfg(test)]
mod tests;

/// The quick path does not handle this text; parse it with serde.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bail;

/// What a quick read gives.
pub type Quick<T> = Result<T, Bail>;

/// Nesting the quick path follows before it hands over to serde (whose own
/// limit is 128).
pub const MAX_DEPTH: u32 = 64;

/// Flags quotes, backslashes and control bytes (below 0x20). As with
/// [`zero_bytes`], only the lowest flag is reliable.
#[inline]
fn string_stops(w: u64) -> u64 {
    zero_bytes(w ^ (LO * u64::from(b'"')))
        | zero_bytes(w ^ (LO * u64::from(b'\\')))
        | (w.wrapping_sub(LO * 0x20) & !w & HI)
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// Fields already read, to refuse a field given twice (serde's derive
/// rejects duplicates of the fields it knows).
#[derive(Debug, Default, Clone, Copy)]
pub struct Seen(u64);

impl Seen {
    /// `Ok` the first time `bit` is seen.
    #[inline]
    pub fn first(&mut self, bit: u32) -> Quick<()> {
        let mask = 1u64 << (bit & 63);
        if self.0 & mask != 0 {
            return Err(Bail);
        }
        self.0 |= mask;
        Ok(())
    }
}

/// Sets `$obj.$field` to `$read` unless bit `$bit` of the [`Seen`] `$seen`
/// says the field was given before (then it bails).
macro_rules! once {
    ($seen:ident, $obj:ident, $bit:expr, $field:ident, $read:expr) => {{
        $seen.first($bit)?;
        $obj.$field = $read;
    }};
}
pub(crate) use once;

/// A position in a JSON text. See the module docs.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor { text, i: 0 }
    }

    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips whitespace; runs of spaces (indentation) a word at a time.
    #[inline]
    fn ws(&mut self) {
        let b = self.bytes();
        while b.get(self.i).copied().is_some_and(is_ws) {
            self.i += 1;
            while let Some(word) = b.get(self.i..self.i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                let other = u64::from_le_bytes(w) ^ (LO * u64::from(b' '));
                if other != 0 {
                    self.i += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                self.i += 8;
            }
        }
    }

    /// The next byte that is not whitespace, left unread.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes().get(self.i).copied()
    }

    #[inline]
    fn eat(&mut self, c: u8) -> Quick<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// Reads `null` if that is the next value.
    #[inline]
    pub fn null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.bytes().get(self.i..self.i + 4) == Some(b"null") {
            self.i += 4;
            true
        } else {
            false
        }
    }

    /// Only whitespace is left (as `serde_json::from_str` requires).
    pub fn end(&mut self) -> Quick<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Bail),
        }
    }

    /// Reads an object, calling `field` with each key and the cursor at its
    /// value, which `field` must read (or [`Cursor::skip`]).
    #[inline]
    pub fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Quick<()>) -> Quick<()> {
        self.eat(b'{')?;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.eat(b'"')?;
            let key = self.plain_key()?;
            self.eat(b':')?;
            self.ws();
            field(self, key)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(Bail),
            }
        }
    }

    /// Reads an array, calling `item` with the cursor at each element.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Quick<()>) -> Quick<()> {
        self.eat(b'[')?;
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            item(self)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(Bail),
            }
        }
    }

    /// Reads an array, each element by `read`.
    pub fn each<T>(&mut self, mut read: impl FnMut(&mut Self) -> Quick<T>) -> Quick<Vec<T>> {
        let mut out = Vec::new();
        self.array(|c| {
            out.push(read(c)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Whether the next value is an empty array (read if so).
    #[inline]
    pub fn empty_array(&mut self) -> bool {
        if self.peek() != Some(b'[') {
            return false;
        }
        let at = self.i;
        self.i += 1;
        if self.peek() == Some(b']') {
            self.i += 1;
            true
        } else {
            self.i = at;
            false
        }
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Quick<bool> {
        self.ws();
        let b = self.bytes();
        if b.get(self.i..self.i + 4) == Some(b"true") {
            self.i += 4;
            Ok(true)
        } else if b.get(self.i..self.i + 5) == Some(b"false") {
            self.i += 5;
            Ok(false)
        } else {
            Err(Bail)
        }
    }

    /// Index of the first quote, backslash or control byte at or after `i`.
    #[inline]
    fn string_stop(&self, mut i: usize) -> Quick<usize> {
        let b = self.bytes();
        while let Some(word) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            let m = string_stops(u64::from_le_bytes(w));
            if m != 0 {
                return Ok(i + (m.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        while let Some(&c) = b.get(i) {
            if c == b'"' || c == b'\\' || c < 0x20 {
                return Ok(i);
            }
            i += 1;
        }
        Err(Bail)
    }

    /// The rest of a key after its opening quote; keys with escapes bail.
    #[inline]
    fn plain_key(&mut self) -> Quick<&'a str> {
        let start = self.i;
        let stop = self.string_stop(start)?;
        if self.bytes().get(stop) != Some(&b'"') {
            return Err(Bail);
        }
        self.i = stop + 1;
        self.text.get(start..stop).ok_or(Bail)
    }

    /// Reads a string, borrowed unless it has escapes.
    #[inline]
    pub fn string(&mut self) -> Quick<JsonStr<'a>> {
        self.eat(b'"')?;
        let start = self.i;
        let stop = self.string_stop(start)?;
        match self.bytes().get(stop) {
            Some(b'"') => {
                self.i = stop + 1;
                Ok(JsonStr(Cow::Borrowed(
                    self.text.get(start..stop).ok_or(Bail)?,
                )))
            }
            Some(b'\\') => {
                let mut out = String::with_capacity(stop - start + 16);
                out.push_str(self.text.get(start..stop).ok_or(Bail)?);
                self.i = stop;
                self.unescape_rest(&mut out)?;
                Ok(JsonStr(Cow::Owned(out)))
            }
            _ => Err(Bail),
        }
    }

    /// Reads a string's remainder from an escape on, into `out`.
    fn unescape_rest(&mut self, out: &mut String) -> Quick<()> {
        loop {
            // At a backslash.
            let b = self.bytes();
            let esc = b.get(self.i + 1).copied().ok_or(Bail)?;
            self.i += 2;
            match esc {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => out.push(self.unicode_escape()?),
                _ => return Err(Bail),
            }
            let start = self.i;
            let stop = self.string_stop(start)?;
            out.push_str(self.text.get(start..stop).ok_or(Bail)?);
            self.i = stop;
            match b.get(stop) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {}
                _ => return Err(Bail),
            }
        }
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Quick<u32> {
        let digits = self.bytes().get(self.i..self.i + 4).ok_or(Bail)?;
        let mut v = 0u32;
        for &d in digits {
            let n = char::from(d).to_digit(16).ok_or(Bail)?;
            v = v * 16 + n;
        }
        self.i += 4;
        Ok(v)
    }

    /// The character of a `\u` escape (after the `u`), joining a surrogate
    /// pair; a lone surrogate bails (serde refuses it in a string).
    fn unicode_escape(&mut self) -> Quick<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes().get(self.i..self.i + 2) != Some(b"\\u") {
                    return Err(Bail);
                }
                self.i += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Bail);
                }
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Bail),
            c => c,
        };
        char::from_u32(code).ok_or(Bail)
    }

    /// Skips a string's remainder after its opening quote, checking its
    /// escapes as serde does for ignored strings (any `\u` of four hex
    /// digits).
    fn skip_string_rest(&mut self) -> Quick<()> {
        loop {
            let stop = self.string_stop(self.i)?;
            match self.bytes().get(stop) {
                Some(b'"') => {
                    self.i = stop + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i = stop + 2;
                    match self.bytes().get(stop + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                        Some(b'u') => {
                            self.hex4()?;
                        }
                        _ => return Err(Bail),
                    }
                }
                _ => return Err(Bail),
            }
        }
    }

    /// Skips a number, checking it against the JSON grammar.
    fn skip_number(&mut self) -> Quick<()> {
        let b = self.bytes();
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = self.i;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => {
                i += 1;
                if b.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(Bail);
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return Err(Bail),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return Err(Bail);
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return Err(Bail);
            }
        }
        self.i = i;
        Ok(())
    }

    /// Reads an integer written without fraction or exponent that fits an
    /// `i64` (ids); any other number, and `-0`, bails.
    pub fn i64(&mut self) -> Quick<i64> {
        self.ws();
        let b = self.bytes();
        let negative = b.get(self.i) == Some(&b'-');
        let start = self.i + usize::from(negative);
        let mut i = start;
        let mut magnitude: u64 = 0;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(d - b'0')))
                .ok_or(Bail)?;
            i += 1;
        }
        let leading_zero = b.get(start) == Some(&b'0') && (i > start + 1 || negative);
        if i == start || leading_zero || matches!(b.get(i), Some(b'.' | b'e' | b'E')) {
            return Err(Bail);
        }
        let v = if negative {
            0i64.checked_sub_unsigned(magnitude).ok_or(Bail)?
        } else {
            i64::try_from(magnitude).map_err(|_| Bail)?
        };
        self.i = i;
        Ok(v)
    }

    /// Skips one value of any kind, checking it (see the module docs).
    pub fn skip(&mut self) -> Quick<()> {
        self.skip_at(0)
    }

    fn skip_at(&mut self, depth: u32) -> Quick<()> {
        match self.peek().ok_or(Bail)? {
            b'"' => {
                self.i += 1;
                self.skip_string_rest()
            }
            b'{' if depth < MAX_DEPTH => self.object(|c, _| c.skip_at(depth + 1)),
            b'[' if depth < MAX_DEPTH => self.array(|c| c.skip_at(depth + 1)),
            b't' | b'f' => self.bool().map(drop),
            b'n' => {
                if self.null() {
                    Ok(())
                } else {
                    Err(Bail)
                }
            }
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => Err(Bail),
        }
    }

    /// `None` for `null`, else what `read` reads.
    #[inline]
    pub fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Quick<T>) -> Quick<Option<T>> {
        if self.null() {
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// The next value, read by serde (for the rarer nested values) in one
    /// pass: serde reports where the value ended.
    pub fn by_serde<T: Deserialize<'a>>(&mut self) -> Quick<T> {
        self.ws();
        let rest = self.text.get(self.i..).ok_or(Bail)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        match values.next() {
            Some(Ok(v)) => {
                self.i += values.byte_offset();
                Ok(v)
            }
            _ => Err(Bail),
        }
    }

    /// An array: empty at once, otherwise read by serde.
    #[inline]
    pub fn list<T: Deserialize<'a>>(&mut self) -> Quick<Vec<T>> {
        if self.empty_array() {
            return Ok(Vec::new());
        }
        self.by_serde()
    }
}
