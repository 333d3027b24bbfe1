//! Repairs the invalid `\xNN` escapes some Telegram Desktop versions write
//! for control characters.
//!
//! Inside JSON strings, `\x01` becomes `\u0001` (valid JSON, same
//! character). An escaped backslash followed by `x` (`\\x`) is left alone:
//! the repair tracks whether it is inside a string and whether the previous
//! byte started an escape. Nothing outside strings is changed. The repair
//! is idempotent, so a buffer may be repaired again after more bytes were
//! appended to it.

use memchr::{memchr, memchr2};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Outside,
    InString,
    /// Just after a backslash inside a string.
    Escape,
}

/// Rewrites every `\x` escape of `bytes` (which must start outside a JSON
/// string) as `\u00`; returns how many were rewritten.
pub fn repair(bytes: &mut Vec<u8>) -> usize {
    if memchr::memmem::find(bytes, b"\\x").is_none() {
        return 0;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut state = State::Outside;
    let mut repaired = 0;
    let mut i = 0;
    while let Some(rest) = bytes.get(i..).filter(|r| !r.is_empty()) {
        match state {
            State::Outside => match memchr(b'"', rest) {
                Some(k) => {
                    out.extend_from_slice(&rest[..=k]);
                    i += k + 1;
                    state = State::InString;
                }
                None => {
                    out.extend_from_slice(rest);
                    break;
                }
            },
            State::InString => match memchr2(b'"', b'\\', rest) {
                Some(k) => {
                    out.extend_from_slice(&rest[..=k]);
                    i += k + 1;
                    state = if rest[k] == b'"' {
                        State::Outside
                    } else {
                        State::Escape
                    };
                }
                None => {
                    out.extend_from_slice(rest);
                    break;
                }
            },
            State::Escape => {
                if rest[0] == b'x' {
                    out.extend_from_slice(b"u00");
                    repaired += 1;
                } else {
                    out.push(rest[0]);
                }
                i += 1;
                state = State::InString;
            }
        }
    }
    *bytes = out;
    repaired
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_escapes() {
        for (name, input, want, count) in [
            ("x escape", r#"{"a":"f\x01v"}"#, r#"{"a":"f\u0001v"}"#, 1),
            (
                "escaped backslash then x",
                r#"{"a":"\\x01"}"#,
                r#"{"a":"\\x01"}"#,
                0,
            ),
            (
                "three backslashes",
                r#"{"a":"\\\x1f"}"#,
                r#"{"a":"\\\u001f"}"#,
                1,
            ),
            (
                "escaped quote",
                r#"{"a":"\"\x02"}"#,
                r#"{"a":"\"\u0002"}"#,
                1,
            ),
            ("x outside strings untouched", r#"{"x":1}"#, r#"{"x":1}"#, 0),
            (
                "unicode escape untouched",
                r#"["\u2028"]"#,
                r#"["\u2028"]"#,
                0,
            ),
            ("key with x escape", r#"{"\x41":1}"#, r#"{"\u0041":1}"#, 1),
            ("two in a row", r#"["\x01\x02"]"#, r#"["\u0001\u0002"]"#, 2),
        ] {
            let mut b = input.as_bytes().to_vec();
            assert_eq!(repair(&mut b), count, "{name}");
            assert_eq!(String::from_utf8(b.clone()).unwrap(), want, "{name}");
            assert_eq!(repair(&mut b), 0, "{name}: idempotent");
        }
    }

    #[test]
    fn repaired_text_parses() {
        let mut b = br#"["field\x01separated"]"#.to_vec();
        repair(&mut b);
        let v: Vec<String> = serde_json::from_slice(&b).unwrap();
        assert_eq!(v, ["field\u{1}separated"]);
    }
}
