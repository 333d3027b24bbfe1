//! The time-of-day part of a header: 12/24-hour clocks and the many ways
//! phones spell AM/PM (`AM`, `a. m.`, `p.m.`, `ص`/`م`, `午前`/`午後`,
//! `오전`/`오후`, `vorm.`/`nachm.`...), before or after the digits.

use super::digits::space_len;

/// AM/PM markers: text (a space in it matches any space-like character,
/// ASCII letters match case-insensitively) and whether it means PM.
const MARKERS: &[(&str, bool)] = &[
    ("a. m.", false),
    ("p. m.", true),
    ("a.m.", false),
    ("p.m.", true),
    ("am", false),
    ("pm", true),
    ("vorm.", false),
    ("nachm.", true),
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
    ("오전", false),
    ("오후", true),
    ("ص", false),
    ("م", true),
    ("ق.ظ", false),
    ("ب.ظ", true),
    ("π.μ.", false),
    ("μ.μ.", true),
    ("πμ", false),
    ("μμ", true),
    ("ก่อนเที่ยง", false),
    ("หลังเที่ยง", true),
    ("dop.", false),
    ("odp.", true),
    ("de.", false),
    ("du.", true),
    ("ap.", false),
    ("ip.", true),
    ("sa", false),
    ("ch", true),
    ("fh", false),
    ("eh", true),
];

/// Matches one marker spelled `pat` at the start of `b`; returns the length.
fn match_one(pat: &str, b: &[u8]) -> Option<usize> {
    let p = pat.as_bytes();
    let (mut i, mut j) = (0, 0);
    while j < p.len() {
        if p[j] == b' ' {
            i += space_len(b.get(i..)?)?;
            j += 1;
            continue;
        }
        let c = *b.get(i)?;
        if !c.eq_ignore_ascii_case(&p[j]) {
            return None;
        }
        i += 1;
        j += 1;
    }
    // A Latin marker must not run into further letters ("amazing").
    let last_ascii_alpha = p.last().is_some_and(u8::is_ascii_alphabetic);
    if last_ascii_alpha && b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(i)
}

/// An AM/PM marker at the start of `b`: (is PM, byte length). The longest
/// spelling wins.
pub(crate) fn marker(b: &[u8]) -> Option<(bool, usize)> {
    let first = *b.first()?;
    if first.is_ascii_digit() || first == b']' || first == b',' || first == b'-' {
        return None;
    }
    // Fast path: plain `AM`/`PM` (any case) not followed by a letter or dot.
    if let [a, m, rest @ ..] = b
        && matches!(a, b'a' | b'A' | b'p' | b'P')
        && matches!(m, b'm' | b'M')
        && !rest
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'.')
    {
        return Some((matches!(a, b'p' | b'P'), 2));
    }
    MARKERS
        .iter()
        .filter_map(|(pat, pm)| match_one(pat, b).map(|n| (*pm, n)))
        .max_by_key(|&(_, n)| n)
}

/// Hour on a 24-hour clock. A marker is ignored when the hour is already
/// past 12 (`23:59 PM` is 23:59, as exported by real phones); `12 AM` is 0,
/// `12 PM` is 12, `0 AM` is 0.
pub(crate) fn hour24(hour: u32, pm: Option<bool>) -> u32 {
    match pm {
        Some(_) if hour > 12 => hour,
        Some(false) if hour == 12 => 0,
        Some(true) if hour < 12 => hour + 12,
        _ => hour,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_spellings() {
        for (s, pm) in [
            ("AM]", false),
            ("pm - ", true),
            ("a. m. -", false),
            ("p.\u{00A0}m.]", true),
            ("p.m.", true),
            ("ص]", false),
            ("م]", true),
            ("午前", false),
            ("午後", true),
            ("오전", false),
            ("오후", true),
            ("vorm.", false),
            ("nachm.", true),
            ("PM", true),
        ] {
            let got = marker(s.as_bytes());
            assert_eq!(got.map(|g| g.0), Some(pm), "{s}");
        }
        assert_eq!(marker(b"amazing"), None);
        assert_eq!(marker(b"- Bob"), None);
        assert_eq!(marker("a. m. x".as_bytes()), Some((false, 5)));
    }

    #[test]
    fn twelve_hour_rules() {
        assert_eq!(hour24(12, Some(false)), 0);
        assert_eq!(hour24(12, Some(true)), 12);
        assert_eq!(hour24(0, Some(false)), 0);
        assert_eq!(hour24(1, Some(true)), 13);
        assert_eq!(hour24(23, Some(true)), 23);
        assert_eq!(hour24(0, Some(true)), 12);
        assert_eq!(hour24(9, None), 9);
    }
}
