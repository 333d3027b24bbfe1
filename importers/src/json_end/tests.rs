use super::*;

use super::reference::{pieces, reference};

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

/// Longer soups with fewer quotes, so that blocks of 64 bytes start inside
/// and outside strings, at every depth, with escapes across their edges.
#[test]
fn long_random_values_match_the_reference_block_by_block() {
    const ALPHABET: &[u8] = b"\"\\{{[[]]}}  ,:abcdefgh12345\n\xc3\xa9";
    for seed in 0..200u64 {
        let mut x = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1;
        let mut bytes = vec![b'{'];
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.push(ALPHABET[(x % ALPHABET.len() as u64) as usize]);
        }
        let want = reference(&bytes);
        for piece in [63, 64, 65, 128, 1000, 2001] {
            assert_eq!(
                pieces(&bytes, piece),
                want,
                "seed {seed}, pieces of {piece}"
            );
        }
    }
}

#[test]
fn an_escape_across_a_block_edge() {
    // The backslash is the 64th byte after the opening bracket, so it ends
    // the first block; the quote it escapes starts the second.
    let mut json = String::from("[\"");
    json.push_str(&"a".repeat(62));
    json.push_str("\\\"]\"] tail");
    let bytes = json.as_bytes();
    assert_eq!(bytes[64], b'\\');
    let want = reference(bytes);
    assert_eq!(want, Some(json.len() - 5));
    for piece in [64, 65, 66, 200] {
        assert_eq!(pieces(bytes, piece), want, "pieces of {piece}");
    }
}

/// Regression (found by the `json_end` fuzz target): a string value longer
/// than a block, fed in pieces of 64 bytes, went on to the block scan,
/// which only ends values at brackets, and never ended.
#[test]
fn a_long_string_value_in_pieces_of_a_block() {
    let mut bytes = vec![b'"'];
    bytes.extend(std::iter::repeat_n(0u8, 126));
    bytes.push(b'"');
    bytes.extend_from_slice(b" tail");
    assert_eq!(reference(&bytes), Some(128));
    for piece in [1, 63, 64, 65, 128, 500] {
        assert_eq!(pieces(&bytes, piece), Some(128), "pieces of {piece}");
    }
    let escaped = b"\"0123456789012345678901234567890123456789012345678901234567890\\\"\\\\\" tail";
    let want = reference(escaped);
    assert_eq!(want, Some(escaped.len() - 5));
    for piece in [62, 63, 64, 65] {
        assert_eq!(pieces(escaped, piece), want, "escaped, pieces of {piece}");
    }
}
