//! Finding where a JSON string, object or array ends, eight bytes at a time.
//!
//! The streaming JSON importers cut long arrays into element bytes before
//! handing them to serde; that cut runs on the importer's one thread and
//! was its largest cost. [`ValueEnd::scan`] tracks only what the cut needs
//! (strings, escapes, nesting) and finds the next byte that matters with
//! word-wide bit tricks instead of a byte-by-byte loop: outside strings it
//! looks for quotes and brackets, inside strings for quotes and
//! backslashes (long strings go through `memchr2`).
//!
//! Bytes are not validated here: serde checks each value when it parses it.
//! The state carries over between calls, so a value may be fed in pieces
//! of any size (a reader's buffer at a time).

use memchr::memchr2;

/// One in every byte.
const LO: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
const HI: u64 = 0x8080_8080_8080_8080;

/// High bits set in the bytes of `v` that are zero. Bytes above the first
/// zero byte may be flagged wrongly, the lowest flag is always right (the
/// only one the scanner uses).
#[inline]
fn zero_bytes(v: u64) -> u64 {
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
mod tests {
    use super::*;

    /// The byte-by-byte reference the importers used before.
    fn reference(bytes: &[u8]) -> Option<usize> {
        let (mut depth, mut in_str, mut esc) = (0u32, false, false);
        for (i, &b) in bytes.iter().enumerate() {
            if in_str {
                if esc {
                    esc = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'"' {
                    in_str = false;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                continue;
            }
            match b {
                b'"' => in_str = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Feeds `bytes` in pieces of `piece` bytes.
    fn pieces(bytes: &[u8], piece: usize) -> Option<usize> {
        let mut end = ValueEnd::new();
        let mut done = 0;
        for chunk in bytes.chunks(piece.max(1)) {
            if let Some(n) = end.scan(chunk) {
                return Some(done + n);
            }
            done += chunk.len();
        }
        None
    }

    const TRICKY: &[(&str, &str)] = &[
        ("escaped quote", r#"{"a": "x\"y"} tail"#),
        ("escaped backslash before quote", r#"{"a": "x\\"} tail"#),
        ("three backslashes", r#"{"a": "x\\\"}"} tail"#),
        ("brackets in strings", r#"{"a": "}]{[", "b": ["]"]} tail"#),
        ("unicode escapes", r#"{"a": "\u0022\u005c\u007d"} tail"#),
        ("string value", r#""a \"quoted\" }] word" tail"#),
        ("empty containers", r#"[{}, [], "", {"": []}] tail"#),
        ("array of arrays", "[[1,[2,[3,[4]]]],[]] tail"),
        ("non-ASCII", "{\"t\": \"naïve 東京 🎉 \\\"ok\\\"\"} tail"),
        (
            "long string",
            "{\"t\": \"0123456789abcdefghijklmnopqrstuvwxyz0123456789\\\\\\\"x\"} tail",
        ),
        ("pipe and brackets", r#"{"a": "|[|]|", "b": "\\|"} tail"#),
        (
            "control bytes folded onto stops",
            "{\"a\": 1\u{2}, \"b\": \u{1b}\u{1d}} tail",
        ),
        (
            "whitespace runs",
            "{\n            \"a\"   :     [ ]                   } tail",
        ),
    ];

    #[test]
    fn tricky_values_end_where_the_reference_says_in_pieces_of_any_size() {
        for (name, json) in TRICKY {
            let bytes = json.as_bytes();
            let want = reference(bytes);
            assert!(want.is_some(), "{name}");
            assert_eq!(
                &json[want.unwrap_or(0)..],
                " tail",
                "{name}: the reference must stop before the tail"
            );
            for piece in 1..=bytes.len() {
                assert_eq!(pieces(bytes, piece), want, "{name}, pieces of {piece}");
            }
        }
    }

    #[test]
    fn a_backslash_at_the_end_of_a_piece_escapes_the_next_piece() {
        let json = br#"["a\"]", 1]"#;
        let mut end = ValueEnd::new();
        assert_eq!(end.scan(&json[..4]), None, "ends with the backslash");
        assert_eq!(
            end.scan(&json[4..6]),
            None,
            "the escaped quote keeps the string open"
        );
        assert_eq!(end.scan(&json[6..]), Some(json.len() - 6));
        let mut end = ValueEnd::new();
        assert_eq!(end.scan(b"\"\\"), None);
        assert_eq!(end.scan(b""), None, "an empty piece changes nothing");
        assert_eq!(end.scan(b"\""), None);
        assert_eq!(end.scan(b"\""), Some(1));
    }

    #[test]
    fn every_truncation_is_incomplete() {
        for (name, json) in TRICKY {
            let bytes = json.as_bytes();
            let full = reference(bytes).unwrap_or(0);
            for cut in 0..full {
                assert_eq!(pieces(&bytes[..cut], 7), None, "{name} cut at {cut}");
                assert_eq!(pieces(&bytes[..cut], 1), None, "{name} cut at {cut}");
            }
        }
    }

    #[test]
    fn deep_nesting() {
        let json = format!("{}{}  ", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(pieces(json.as_bytes(), 4096), Some(200_000));
        assert_eq!(pieces(&json.as_bytes()[..199_999], 4096), None);
    }

    /// Every object, array and string that starts anywhere in the JSON
    /// fixtures of the importers that use the scanner ends where the old
    /// byte-by-byte scan said, fed in pieces of several sizes.
    #[test]
    fn fixture_values_end_where_the_reference_says() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures");
        let mut files = Vec::new();
        for dir in [
            "discord/dce-json",
            "telegram/json",
            "x/archive_2024/data",
            "x/archive_2020/data",
        ] {
            for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let path = e.unwrap().path();
                if path.extension().is_some_and(|x| x == "json" || x == "js") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 15, "{files:?}");
        let mut checked = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            for start in 0..bytes.len() {
                if !matches!(bytes[start], b'{' | b'[') {
                    continue;
                }
                let rest = &bytes[start..];
                let want = reference(rest);
                for piece in [5, 64, 4096] {
                    assert_eq!(
                        pieces(rest, piece),
                        want,
                        "{path:?} at {start}, pieces of {piece}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    /// A small deterministic generator of JSON-ish byte soup rich in the
    /// bytes that matter.
    fn soup(seed: u64, len: usize) -> Vec<u8> {
        const ALPHABET: &[u8] = b"\"\"\\\\{}[]  ,:a1|\n\x02\x1b\x1d\xc3\xa9\xe6\x9d\xb1";
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut out = vec![b'['];
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(ALPHABET[(x % ALPHABET.len() as u64) as usize]);
        }
        out
    }

    #[test]
    fn random_bytes_match_the_reference_in_any_pieces() {
        for seed in 0..400 {
            let bytes = soup(seed, 300);
            let want = reference(&bytes);
            for piece in [1, 3, 7, 8, 9, 16, 17, 64, 301] {
                assert_eq!(
                    pieces(&bytes, piece),
                    want,
                    "seed {seed}, pieces of {piece}"
                );
            }
        }
    }
}
