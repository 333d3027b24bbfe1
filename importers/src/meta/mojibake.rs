//! Undoing Meta's double encoding ("mojibake").
//!
//! Meta's "Download your information" exporter writes every UTF-8 byte of a
//! string as its own `\u00XX` escape, so a JSON parser yields the Latin-1
//! reading of the UTF-8 bytes (`"Zoë"` arrives as `"ZoÃ«"`). [`fix`] maps
//! each char back to one byte and decodes the bytes as UTF-8, but only when
//! that is safe:
//!
//! - a string with any char above U+00FF was not double-encoded: unchanged;
//! - a pure ASCII string needs nothing: unchanged (fast path, no allocation);
//! - when the bytes are not valid UTF-8 the string held genuine Latin-1
//!   text (`"Ã"` alone): unchanged.

use std::borrow::Cow;

/// The string with Meta's mojibake undone where that is safe (see the module
/// documentation); borrowed when nothing changes.
pub fn fix(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let Ok(b) = u8::try_from(u32::from(c)) else {
            return Cow::Borrowed(s);
        };
        bytes.push(b);
    }
    match String::from_utf8(bytes) {
        Ok(fixed) => Cow::Owned(fixed),
        Err(_) => Cow::Borrowed(s),
    }
}

/// [`fix`] for an owned string, reusing it when nothing changes.
pub fn fix_owned(s: String) -> String {
    match fix(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(fixed) => fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Latin-1 reading of `s`'s UTF-8 bytes: what Meta's JSON decodes to.
    fn mojibake(s: &str) -> String {
        s.bytes().map(char::from).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &str, &str)] = &[
            ("e_acute", "Zo\u{c3}\u{ab}", "Zoë"),
            ("emoji", "\u{f0}\u{9f}\u{98}\u{8a}", "😊"),
            ("cyrillic", "\u{d0}\u{9f}\u{d1}\u{80}\u{d0}\u{b8}", "При"),
            ("ascii_untouched", "Hello, world", "Hello, world"),
            ("already_correct_e_acute", "café", "café"),
            (
                "already_correct_above_ff",
                "naïve “quotes”",
                "naïve “quotes”",
            ),
            ("already_correct_emoji", "ok 😊", "ok 😊"),
            ("genuine_latin1_not_utf8", "\u{c3}", "\u{c3}"),
            ("genuine_latin1_word", "Ã la carte", "Ã la carte"),
            ("empty", "", ""),
            ("nul_and_controls_ascii", "a\u{0}b", "a\u{0}b"),
            (
                "mixed_ascii_and_mojibake",
                "Gr\u{c3}\u{bc}\u{c3}\u{9f}e",
                "Grüße",
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(fix(input), *want, "{name}");
            assert_eq!(fix_owned((*input).to_owned()), *want, "{name} (owned)");
        }
    }

    #[test]
    fn round_trips_real_text() {
        for s in [
            "Vidimo se sutra 👋 (ćevapi?)",
            "Rechnung_März.pdf",
            "Carol ✈️",
            "日本語",
        ] {
            assert_eq!(fix(&mojibake(s)), s);
        }
    }

    #[test]
    fn fixing_twice_is_harmless() {
        let once = fix_owned(mojibake("Köln 🇵🇹"));
        assert_eq!(fix(&once), once.as_str());
    }
}
