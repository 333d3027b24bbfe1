//! Phone numbers as thread keys.
//!
//! SMS Backup & Restore stores numbers as the phone did (`+1 312-555-0101`,
//! `(312) 555 0101`, short codes, alphanumeric sender names). Threads are
//! rebuilt by a normalised key: spaces, dashes, dots and parentheses are
//! removed, a leading `+` is kept, nothing else changes. National and
//! international spellings of one number (`0413…` vs `+61413…`) stay
//! separate threads: guessing a country would merge wrong threads.

/// The placeholder Android writes for the phone's own number in MMS.
pub const OWN_TOKEN: &str = "insert-address-token";

/// Key for an address nobody knows (withheld caller id, empty `address`).
pub const UNKNOWN: &str = "unknown";

/// The thread key of one address.
pub fn normalise(raw: &str) -> String {
    let t = raw.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        return UNKNOWN.to_owned();
    }
    let mut out = String::with_capacity(t.len());
    for (i, c) in t.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push('+'),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' | '\t' => {}
            c => out.push(c),
        }
    }
    if out.is_empty() {
        UNKNOWN.to_owned()
    } else {
        out
    }
}

/// Whether a free-form string (such as `ImportOptions::me`) is a phone number.
pub fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'))
}

/// The addresses of an MMS `address` attribute (`~`-separated).
pub fn split_addresses(raw: &str) -> impl Iterator<Item = &str> {
    raw.split('~').map(str::trim).filter(|a| !a.is_empty())
}

/// Whether a contact name is a real name rather than a placeholder.
pub fn is_real_name(name: &str) -> bool {
    let n = name.trim();
    !(n.is_empty() || n == "(Unknown)" || n.eq_ignore_ascii_case("null"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        for (raw, want) in [
            ("+13125550101", "+13125550101"),
            ("+1 312-555-0101", "+13125550101"),
            ("(312) 555.0101", "3125550101"),
            ("0413 222 333", "0413222333"),
            ("22395", "22395"),
            ("Google", "Google"),
            ("1+2", "1+2"),
            ("", UNKNOWN),
            ("null", UNKNOWN),
            ("  ", UNKNOWN),
            ("()", UNKNOWN),
        ] {
            assert_eq!(normalise(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn phone_like_strings() {
        assert!(looks_like_phone("+1 312 555 0100"));
        assert!(!looks_like_phone("Alice"));
        assert!(!looks_like_phone("12"));
    }

    #[test]
    fn address_lists() {
        let a: Vec<_> = split_addresses("+1~ +2 ~~").collect();
        assert_eq!(a, ["+1", "+2"]);
    }
}
