//! Characters the header parser needs to see through: Unicode decimal
//! digits (Arabic-Indic, Persian, Devanagari, fullwidth...), invisible
//! direction marks, the spaces phones put around times, and calendar eras
//! (Buddhist, Japanese) in the year field.

/// First code point of each block of ten decimal digits the parser accepts.
const DIGIT_ZEROS: &[u32] = &[
    0x0030, // ASCII
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
    0x07C0, // NKo
    0x0966, // Devanagari
    0x09E6, // Bengali
    0x0A66, // Gurmukhi
    0x0AE6, // Gujarati
    0x0B66, // Oriya
    0x0BE6, // Tamil
    0x0C66, // Telugu
    0x0CE6, // Kannada
    0x0D66, // Malayalam
    0x0DE6, // Sinhala
    0x0E50, // Thai
    0x0ED0, // Lao
    0x0F20, // Tibetan
    0x1040, // Myanmar
    0x17E0, // Khmer
    0x1810, // Mongolian
    0xFF10, // Fullwidth
];

/// Decodes one UTF-8 character at the start of `b`: (char, byte length).
/// `None` at the end or on an invalid sequence.
pub(crate) fn decode(b: &[u8]) -> Option<(char, usize)> {
    let first = *b.first()?;
    let len = match first {
        0x00..=0x7F => return Some((char::from(first), 1)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(b.get(..len)?).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// The value of a decimal digit in any supported script.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    let cp = u32::from(c);
    DIGIT_ZEROS
        .iter()
        .find(|&&z| cp >= z && cp < z + 10)
        .map(|&z| cp - z)
}

/// Invisible format characters WhatsApp sprinkles into exports: LRM, RLM,
/// embeddings/overrides (U+202A..U+202E), isolates (U+2066..U+2069) and
/// the BOM / zero-width no-break space (U+FEFF). Removed from names and
/// text; ZWJ/ZWNJ (emoji sequences, Persian) are *not* in this set.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Byte length of an invisible mark at the start of `b`, if there is one.
#[inline]
pub(crate) fn mark_len(b: &[u8]) -> Option<usize> {
    match b {
        [0xE2, 0x80, 0x8E | 0x8F | 0xAA..=0xAE, ..]
        | [0xE2, 0x81, 0xA6..=0xA9, ..]
        | [0xEF, 0xBB, 0xBF, ..] => Some(3),
        _ => None,
    }
}

/// Byte length of a space-like character at the start of `b`: ASCII
/// space, NO-BREAK SPACE (U+00A0) or NARROW NO-BREAK SPACE (U+202F).
#[inline]
pub(crate) fn space_len(b: &[u8]) -> Option<usize> {
    match b {
        [b' ', ..] => Some(1),
        [0xC2, 0xA0, ..] => Some(2),
        [0xE2, 0x80, 0xAF, ..] => Some(3),
        _ => None,
    }
}

/// Copies `b` without invisible marks (see [`is_mark`]).
pub(crate) fn strip_marks(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    strip_marks_into(b, &mut out);
    out
}

/// Appends `b` to `out` without invisible marks; tells whether any mark
/// was removed.
pub(crate) fn strip_marks_into(b: &[u8], out: &mut Vec<u8>) -> bool {
    let mut removed = false;
    let mut rest = b;
    // Every mark starts with 0xE2 or 0xEF; jump between candidates.
    while let Some(i) = memchr::memchr2(0xE2, 0xEF, rest) {
        out.extend_from_slice(&rest[..i]);
        let tail = &rest[i..];
        match mark_len(tail) {
            Some(n) => {
                removed = true;
                rest = &tail[n..];
            }
            None => {
                out.push(tail[0]);
                rest = &tail[1..];
            }
        }
    }
    out.extend_from_slice(rest);
    removed
}

/// Removes invisible marks from `v[from..]` and moves that part to the
/// front (dropping `v[..from]`), in place; tells whether a mark was removed.
pub(crate) fn strip_marks_in_place(v: &mut Vec<u8>, from: usize) -> bool {
    let mut read = from.min(v.len());
    let mut write = 0;
    let mut removed = false;
    while read < v.len() {
        let next = memchr::memchr2(0xE2, 0xEF, &v[read..]).map_or(v.len(), |i| read + i);
        v.copy_within(read..next, write);
        write += next - read;
        read = next;
        if read < v.len() {
            match mark_len(&v[read..]) {
                Some(n) => {
                    removed = true;
                    read += n;
                }
                None => {
                    v[write] = v[read];
                    write += 1;
                    read += 1;
                }
            }
        }
    }
    v.truncate(write);
    removed
}

/// The text of `raw[from..]` without invisible marks: (text, whether a
/// mark was removed, whether invalid UTF-8 was replaced by U+FFFD).
///
/// Valid text (the usual case) is checked with a SIMD validator and copied
/// around the marks; invalid text is stripped in place first and then
/// decoded lossily, exactly as before the fast path existed.
pub(crate) fn decode_text(raw: &[u8], from: usize) -> (String, bool, bool) {
    if let Ok(s) = simdutf8::basic::from_utf8(raw.get(from..).unwrap_or_default()) {
        let mut out = String::with_capacity(s.len());
        let marked = strip_marks_str(s, &mut out);
        return (out, marked, false);
    }
    let mut raw = raw.to_vec();
    let marked = strip_marks_in_place(&mut raw, from);
    match String::from_utf8(raw) {
        Ok(s) => (s, marked, false),
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            marked,
            true,
        ),
    }
}

/// Appends `s` to `out` without invisible marks; tells whether any mark
/// was removed. Marks are whole characters, so the pieces between them
/// are valid `str` slices.
fn strip_marks_str(s: &str, out: &mut String) -> bool {
    let b = s.as_bytes();
    let (mut start, mut from, mut removed) = (0, 0, false);
    while let Some(i) = memchr::memchr2(0xE2, 0xEF, b.get(from..).unwrap_or_default()) {
        let at = from + i;
        match mark_len(b.get(at..).unwrap_or_default()) {
            Some(n) => {
                out.push_str(s.get(start..at).unwrap_or_default());
                removed = true;
                start = at + n;
                from = start;
            }
            None => from = at + 1,
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
    removed
}

/// A calendar era found in the year field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Era {
    /// Plain Gregorian year (2 or 4 digits).
    Gregorian,
    /// Thai solar calendar: Buddhist era, 543 years ahead.
    Buddhist,
    /// Japanese imperial era; the value is the Gregorian year before year 1.
    Japanese(u32),
}

/// Japanese era names as WhatsApp prints them: Latin initial or kanji.
const JAPANESE_ERAS: &[(&str, u32)] = &[
    ("R", 2018),
    ("H", 1988),
    ("S", 1925),
    ("T", 1911),
    ("M", 1867),
    ("令和", 2018),
    ("平成", 1988),
    ("昭和", 1925),
    ("大正", 1911),
    ("明治", 1867),
];

/// A Japanese era prefix at the start of `b`: (Gregorian base, length).
pub(crate) fn japanese_era(b: &[u8]) -> Option<(u32, usize)> {
    if !matches!(
        b.first(),
        Some(b'R' | b'H' | b'S' | b'T' | b'M' | 0xE4..=0xE6)
    ) {
        return None;
    }
    JAPANESE_ERAS.iter().find_map(|(name, base)| {
        let n = name.len();
        (b.get(..n) == Some(name.as_bytes())).then_some((*base, n))
    })
}

/// The Gregorian year of a printed year field.
///
/// Two-digit years are 20yy. Four-digit years above 2300 are read as
/// Buddhist era even without a `BE` suffix (WhatsApp did not exist in the
/// 24th century; Thai phones print 2565 for 2022).
pub(crate) fn gregorian_year(value: u32, digits: u8, era: Era) -> Option<i32> {
    let y = match era {
        Era::Japanese(base) => base.checked_add(value)?,
        Era::Buddhist => value.checked_sub(543)?,
        Era::Gregorian if digits <= 2 => 2000 + value,
        Era::Gregorian if value > 2300 => value - 543,
        Era::Gregorian => value,
    };
    i32::try_from(y).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_in_many_scripts() {
        for (c, v) in [
            ('7', 7),
            ('٣', 3),
            ('۸', 8),
            ('९', 9),
            ('৫', 5),
            ('๒', 2),
            ('５', 5),
        ] {
            assert_eq!(digit_value(c), Some(v), "{c}");
        }
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('\u{0669}'), Some(9));
    }

    #[test]
    fn marks_are_stripped_but_zwj_kept() {
        let s = "\u{200E}a\u{202A}+40\u{00A0}1\u{202C}\u{FEFF}👨\u{200D}👩\u{2067}x\u{2069}";
        let out = String::from_utf8(strip_marks(s.as_bytes())).unwrap();
        assert_eq!(out, "a+40\u{00A0}1👨\u{200D}👩x");
        // Other characters starting with 0xE2/0xEF survive.
        let s = "→ “quoted” ＡＢ";
        assert_eq!(strip_marks(s.as_bytes()), s.as_bytes());
    }

    #[test]
    fn in_place_strip_drops_the_prefix_and_marks() {
        let mut v = "Bob: \u{200E}hi \u{2067}→\u{2069}".as_bytes().to_vec();
        assert!(strip_marks_in_place(&mut v, 5));
        assert_eq!(v, "hi →".as_bytes());
        let mut v = b"abc".to_vec();
        assert!(!strip_marks_in_place(&mut v, 0));
        assert_eq!(v, b"abc");
        let mut v = b"abc".to_vec();
        assert!(!strip_marks_in_place(&mut v, 9));
        assert!(v.is_empty());
    }

    #[test]
    fn fast_text_decoding_equals_strip_then_decode() {
        // The reference: strip in place, then decode (lossily if needed).
        fn reference(raw: &[u8], from: usize) -> (String, bool, bool) {
            let mut v = raw.to_vec();
            let marked = strip_marks_in_place(&mut v, from);
            match String::from_utf8(v) {
                Ok(s) => (s, marked, false),
                Err(e) => (
                    String::from_utf8_lossy(e.as_bytes()).into_owned(),
                    marked,
                    true,
                ),
            }
        }
        let cases: &[&[u8]] = &[
            b"",
            b"Bob: hi",
            "Bob: \u{200E}<attached: x.jpg>".as_bytes(),
            "A: \u{2067}→\u{2069} “q” ＡＢ \u{FEFF}end\u{202C}".as_bytes(),
            "Zoë: 👨\u{200D}👩 \u{200F}".as_bytes(),
            // Invalid bytes, and invalid bytes that a removed mark joins
            // into a valid character (the slow path must keep that).
            b"A: \xFF ok",
            b"A: \xC3\xE2\x80\x8E\xA9",
            b"A: \xE2\x80",
            b"\xE2\x80\x8E\xEF\xBB\xBF",
        ];
        for raw in cases {
            for from in [0, 3, 99] {
                assert_eq!(
                    decode_text(raw, from),
                    reference(raw, from),
                    "{raw:?} from {from}"
                );
            }
        }
        let (t, marked, bad) = decode_text(b"A: \xC3\xE2\x80\x8E\xA9", 3);
        assert_eq!((t.as_str(), marked, bad), ("é", true, false));
    }

    #[test]
    fn eras_and_short_years() {
        assert_eq!(gregorian_year(22, 2, Era::Gregorian), Some(2022));
        assert_eq!(gregorian_year(2565, 4, Era::Buddhist), Some(2022));
        assert_eq!(gregorian_year(2565, 4, Era::Gregorian), Some(2022));
        assert_eq!(gregorian_year(4, 1, Era::Japanese(2018)), Some(2022));
        assert_eq!(gregorian_year(30, 2, Era::Japanese(1988)), Some(2018));
        assert_eq!(japanese_era("令和5".as_bytes()), Some((2018, 6)));
        assert_eq!(japanese_era(b"H30"), Some((1988, 1)));
        assert_eq!(japanese_era(b"30"), None);
    }

    #[test]
    fn decode_handles_bad_bytes() {
        assert_eq!(decode(b""), None);
        assert_eq!(decode(&[0xFF, 0x41]), None);
        assert_eq!(decode(&[0xE2, 0x80]), None);
        assert_eq!(decode("é".as_bytes()), Some(('é', 2)));
    }
}
