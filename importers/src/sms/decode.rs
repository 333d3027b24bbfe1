//! Attribute values as SMS Backup & Restore writes them, which is often
//! not valid XML:
//! - characters outside the BMP are written as two numeric references to
//!   UTF-16 surrogate halves (`&#55357;&#56832;` = 😀): pairs are combined
//!   into one character, a lone half becomes U+FFFD and is counted;
//! - control characters appear as references (`&#27;`); `&#0;` is dropped,
//!   the others are kept;
//! - unknown or unterminated entities are kept literally.
//!
//! [`Base64Reader`] decodes a part's `data` attribute while the sink reads
//! it, straight from the parser's buffer, so a multi-megabyte attachment is
//! never held twice.

use std::io::{self, Read};

/// What the decoder had to repair, for the end-of-import summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Repairs {
    pub lone_surrogates: u64,
    pub invalid_utf8: u64,
}

/// Longest entity considered (`&#x10FFFF;` is 10 bytes).
const MAX_ENTITY: usize = 12;

/// Decodes an attribute value's entities and character references.
pub fn decode(raw: &[u8], repairs: &mut Repairs) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    unescape(raw, &mut out, repairs);
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => {
            repairs.invalid_utf8 += 1;
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// [`decode`] appending to `out`: what is appended is valid UTF-8.
pub fn decode_into(raw: &[u8], out: &mut Vec<u8>, repairs: &mut Repairs) {
    let start = out.len();
    unescape(raw, out, repairs);
    let added = out.get(start..).unwrap_or_default();
    if std::str::from_utf8(added).is_err() {
        repairs.invalid_utf8 += 1;
        let fixed = String::from_utf8_lossy(added).into_owned();
        out.truncate(start);
        out.extend_from_slice(fixed.as_bytes());
    }
}

/// Appends `raw` to `out` with entities and references decoded (the bytes
/// themselves are not checked).
fn unescape(raw: &[u8], out: &mut Vec<u8>, repairs: &mut Repairs) {
    let mut i = 0;
    while i < raw.len() {
        let Some(amp) = memchr::memchr(b'&', &raw[i..]) else {
            out.extend_from_slice(&raw[i..]);
            break;
        };
        out.extend_from_slice(&raw[i..i + amp]);
        i += amp;
        match entity(&raw[i..]) {
            Some((Entity::Char(c), len)) => {
                i += len;
                if (0xD800..0xDC00).contains(&c) {
                    // A high surrogate: combine with a following low one.
                    if let Some((Entity::Char(lo), len2)) = entity(&raw[i..])
                        && (0xDC00..0xE000).contains(&lo)
                    {
                        i += len2;
                        let combined = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                        push_char(out, char::from_u32(combined));
                    } else {
                        repairs.lone_surrogates += 1;
                        push_char(out, None);
                    }
                } else if (0xDC00..0xE000).contains(&c) {
                    repairs.lone_surrogates += 1;
                    push_char(out, None);
                } else if c != 0 {
                    push_char(out, char::from_u32(c));
                }
            }
            Some((Entity::Named(b), len)) => {
                out.push(b);
                i += len;
            }
            None => {
                out.push(b'&');
                i += 1;
            }
        }
    }
}

/// A replacement character stands in for anything that is not a scalar value.
fn push_char(out: &mut Vec<u8>, c: Option<char>) {
    let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

enum Entity {
    /// A numeric reference (may be a surrogate half or out of range).
    Char(u32),
    /// One of the five predefined entities, as its ASCII byte.
    Named(u8),
}

/// Parses the entity at the start of `s` (which starts with `&`).
fn entity(s: &[u8]) -> Option<(Entity, usize)> {
    if s.first() != Some(&b'&') {
        return None;
    }
    let window = &s[..s.len().min(MAX_ENTITY)];
    let semi = memchr::memchr(b';', window)?;
    let body = &s[1..semi];
    let len = semi + 1;
    let ent = match body {
        b"amp" => Entity::Named(b'&'),
        b"lt" => Entity::Named(b'<'),
        b"gt" => Entity::Named(b'>'),
        b"quot" => Entity::Named(b'"'),
        b"apos" => Entity::Named(b'\''),
        [b'#', b'x' | b'X', hex @ ..] => Entity::Char(number(hex, 16)?),
        [b'#', dec @ ..] => Entity::Char(number(dec, 10)?),
        _ => return None,
    };
    Some((ent, len))
}

fn number(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    let mut v: u32 = 0;
    for &d in digits {
        let d = (d as char).to_digit(radix)?;
        v = v.checked_mul(radix)?.checked_add(d)?;
    }
    Some(v)
}

/// Streams the bytes of a base64 attribute value (standard or URL-safe
/// alphabet; whitespace, entities such as `&#10;` and stray characters are
/// skipped; `=` ends the data).
#[derive(Debug)]
pub struct Base64Reader<'a> {
    src: &'a [u8],
    pos: usize,
    acc: u32,
    bits: u32,
}

impl<'a> Base64Reader<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Base64Reader {
            src,
            pos: 0,
            acc: 0,
            bits: 0,
        }
    }

    fn next_sextet(&mut self) -> Option<u32> {
        while let Some(&b) = self.src.get(self.pos) {
            self.pos += 1;
            let v = match b {
                _ if SEXTETS[usize::from(b)] != 0xFF => SEXTETS[usize::from(b)],
                b'=' => {
                    self.pos = self.src.len();
                    return None;
                }
                b'&' => {
                    let rest = self.src.get(self.pos..).unwrap_or_default();
                    let window = &rest[..rest.len().min(MAX_ENTITY)];
                    if let Some(semi) = memchr::memchr(b';', window) {
                        self.pos += semi + 1;
                    }
                    continue;
                }
                _ => continue,
            };
            return Some(u32::from(v));
        }
        None
    }
}

/// Sextet values of the base64 alphabets; 0xFF for everything else.
const SEXTETS: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'+' as usize] = 62;
    t[b'-' as usize] = 62;
    t[b'/' as usize] = 63;
    t[b'_' as usize] = 63;
    t
};

impl Read for Base64Reader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            // Fast path: four alphabet characters in a row → three bytes.
            if self.bits == 0
                && out.len() - n >= 3
                && let Some(&[a, b, c, d]) = self.src.get(self.pos..self.pos + 4)
            {
                let (a, b, c, d) = (
                    SEXTETS[usize::from(a)],
                    SEXTETS[usize::from(b)],
                    SEXTETS[usize::from(c)],
                    SEXTETS[usize::from(d)],
                );
                if (a | b | c | d) & 0xC0 == 0 {
                    let v =
                        u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
                    out[n..n + 3].copy_from_slice(&v.to_be_bytes()[1..]);
                    n += 3;
                    self.pos += 4;
                    continue;
                }
            }
            // Slow path: one byte, skipping whitespace, entities and padding.
            while self.bits < 8 {
                match self.next_sextet() {
                    Some(v) => {
                        self.acc = (self.acc << 6) | v;
                        self.bits += 6;
                    }
                    None => return Ok(n),
                }
            }
            self.bits -= 8;
            out[n] = (self.acc >> self.bits) as u8;
            self.acc &= (1 << self.bits) - 1;
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> (String, Repairs) {
        let mut r = Repairs::default();
        (decode(s.as_bytes(), &mut r), r)
    }

    #[test]
    fn entity_table() {
        for (raw, want, lone) in [
            ("plain", "plain", 0),
            ("&#55357;&#56832;", "😀", 0),
            ("a&#55357;&#56397;&#55356;&#57341;b", "a👍🏽b", 0),
            ("&#xD83D;&#xDE00;", "😀", 0),
            ("&#55357;x", "\u{fffd}x", 1),
            ("&#56832;", "\u{fffd}", 1),
            ("&#55357;&#55357;&#56832;", "\u{fffd}😀", 1),
            ("&#55357;", "\u{fffd}", 1),
            (
                "&quot;Luigi&apos;s&quot; &amp; &lt;b&gt;",
                "\"Luigi's\" & <b>",
                0,
            ),
            ("line&#10;next", "line\nnext", 0),
            ("nul&#0;gone", "nulgone", 0),
            ("esc&#27;", "esc\u{1b}", 0),
            ("&#1114112;", "\u{fffd}", 0),
            ("&#99999999999999;", "&#99999999999999;", 0),
            ("a & b", "a & b", 0),
            ("&unknown;", "&unknown;", 0),
            ("&#;", "&#;", 0),
            ("trailing &", "trailing &", 0),
            ("&#x;", "&#x;", 0),
            ("raw 😀 utf8", "raw 😀 utf8", 0),
        ] {
            let (got, r) = d(raw);
            assert_eq!(got, want, "{raw}");
            assert_eq!(r.lone_surrogates, lone, "{raw}");
        }
    }

    #[test]
    fn decode_into_appends_what_decode_returns() {
        for raw in [
            &b"plain"[..],
            b"&#55357;&#56832;",
            b"a\xffb",
            b"&#55357;x",
            b"",
        ] {
            let (mut r1, mut r2) = (Repairs::default(), Repairs::default());
            let want = decode(raw, &mut r1);
            let mut out = b"prefix".to_vec();
            decode_into(raw, &mut out, &mut r2);
            assert_eq!(out, [&b"prefix"[..], want.as_bytes()].concat(), "{raw:?}");
            assert_eq!(r1, r2, "{raw:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_replaced_and_counted() {
        let mut r = Repairs::default();
        assert_eq!(decode(b"a\xffb", &mut r), "a\u{fffd}b");
        assert_eq!(r.invalid_utf8, 1);
    }

    fn b64(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        Base64Reader::new(s.as_bytes())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn base64_table() {
        for (raw, want) in [
            ("", &b""[..]),
            ("TWFu", b"Man"),
            ("TWE=", b"Ma"),
            ("TQ==", b"M"),
            ("TW\nFu&#10;TWFu", b"ManMan"),
            ("TWFu\r\n", b"Man"),
            ("TQ", b"M"),
            ("_-8=", &[0xff, 0xef]),
            ("/+8=", &[0xff, 0xef]),
            ("TWFu=garbage", b"Man"),
            ("!!!", b""),
            ("TWFuTWFu", b"ManMan"),
            ("TWFu TWFuTWE", b"ManManMa"),
            ("TW&#10;FuTWFu", b"ManMan"),
        ] {
            assert_eq!(b64(raw), want, "{raw}");
        }
    }

    #[test]
    fn base64_small_reads() {
        let mut r = Base64Reader::new(b"aGVsbG8gd29ybGQ=");
        let mut out = Vec::new();
        let mut one = [0u8; 1];
        while r.read(&mut one).unwrap() == 1 {
            out.push(one[0]);
        }
        assert_eq!(out, b"hello world");
    }
}
