use super::*;
use serde::de::IgnoredAny;
use std::borrow::Cow;

/// Whether the quick path reads `text` as one whole value.
fn quick_skips(text: &str) -> bool {
    let mut c = Cursor::new(text);
    c.skip().and_then(|()| c.end()).is_ok()
}

fn serde_skips(text: &str) -> bool {
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

#[test]
fn what_the_quick_path_skips_serde_accepts_too() {
    // (name, text, whether the quick path reads it)
    let cases = [
        ("empty object", "{}", true),
        ("empty array", " [ ] ", true),
        (
            "nested",
            r#"{"a": [1, -2.5e+3, 0, true, false, null, {"b": "c"}]}"#,
            true,
        ),
        ("indented", "{\n  \"a\": \"b\",\r\n\t\"c\": []\n}", true),
        (
            "escapes",
            r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#,
            true,
        ),
        ("ignored lone surrogate", r#""\udc00""#, true),
        ("unicode text", "\"naïve 東京 🎉\"", true),
        ("zero", "0", true),
        ("negative zero fraction", "-0.0", true),
        ("exponent", "1E5", true),
        ("leading zero", "01", false),
        ("bare minus", "-", false),
        ("fraction without digits", "1.", false),
        ("exponent without digits", "1e+", false),
        ("plus sign", "+1", false),
        ("trailing comma in object", r#"{"a": 1,}"#, false),
        ("trailing comma in array", "[1,]", false),
        ("missing comma", "[1 2]", false),
        ("missing colon", r#"{"a" 1}"#, false),
        ("unquoted key", "{a: 1}", false),
        ("single quotes", "'a'", false),
        ("raw control character in a string", "\"a\u{1}b\"", false),
        ("raw newline in a string", "\"a\nb\"", false),
        ("invalid escape", r#""\x41""#, false),
        ("short unicode escape", r#""\u12""#, false),
        ("unterminated string", "\"abc", false),
        ("unterminated object", r#"{"a": 1"#, false),
        ("misspelt literal", "nul", false),
        ("literal with a tail", "truex", false),
        ("two values", "1 2", false),
        ("nothing", "", false),
        ("only whitespace", " \n ", false),
    ];
    for (name, text, reads) in cases {
        assert_eq!(quick_skips(text), reads, "{name}: {text:?}");
        if reads {
            assert!(serde_skips(text), "{name}: quick read what serde refuses");
        }
    }
}

#[test]
fn nesting_beyond_the_limit_is_left_to_serde() {
    let depth = MAX_DEPTH as usize;
    let within = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(quick_skips(&within));
    let beyond = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
    assert!(!quick_skips(&beyond));
    assert!(serde_skips(&beyond), "serde's own limit is higher");
}

#[test]
fn strings_decode_like_serde_and_borrow_without_escapes() {
    let cases = [
        r#""plain""#,
        r#""""#,
        r#""a\"b""#,
        r#""tab\there\nnewline""#,
        r#""\u00e9\u6771\ud83d\ude00 mixed""#,
        r#""\u0000""#,
        r#""ends with escape\\""#,
        "\"long text without escapes, longer than one word of eight bytes 🎉\"",
        r#""long text with an escape far in, longer than one word \" there""#,
    ];
    for text in cases {
        let mut c = Cursor::new(text);
        let quick = c.string().unwrap_or_else(|_| panic!("{text}"));
        c.end().unwrap();
        let serde: String = serde_json::from_str(text).unwrap();
        assert_eq!(&*quick, serde, "{text}");
        assert_eq!(
            matches!(quick.0, Cow::Borrowed(_)),
            !text.contains('\\'),
            "{text}"
        );
    }
}

#[test]
fn strings_serde_refuses_or_that_are_not_strings_bail() {
    for text in [
        r#""\ud83d""#,
        r#""\ud83dx""#,
        r#""\ud83d\u0041""#,
        r#""\ude00""#,
        r#""\q""#,
        "\"a\u{1f}\"",
        "\"open",
        "12",
        "null",
    ] {
        let mut c = Cursor::new(text);
        assert_eq!(c.string().map(|_| ()), Err(Bail), "{text}");
    }
}

#[test]
fn objects_give_each_key_and_refuse_escaped_keys() {
    let mut keys = Vec::new();
    let mut c = Cursor::new(r#"{ "a" : 1 , "b": {"c": [2]}, "d": "e" }"#);
    c.object(|c, k| {
        keys.push(k);
        c.skip()
    })
    .unwrap();
    c.end().unwrap();
    assert_eq!(keys, ["a", "b", "d"]);

    let mut c = Cursor::new(r#"{"\u0061": 1}"#);
    assert_eq!(c.object(|c, _| c.skip()), Err(Bail));
}

#[test]
fn a_field_seen_twice_bails() {
    let mut seen = Seen::default();
    assert_eq!(seen.first(0), Ok(()));
    assert_eq!(seen.first(5), Ok(()));
    assert_eq!(seen.first(0), Err(Bail));
}

#[test]
fn null_empty_arrays_and_other_values() {
    let mut c = Cursor::new(r#"[null, [ ], [1], {"x": [true]}]"#);
    let mut seen = Vec::new();
    c.array(|c| {
        if c.null() {
            seen.push("null");
        } else if c.empty_array() {
            seen.push("[]");
        } else {
            c.skip()?;
            seen.push("value");
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, ["null", "[]", "value", "value"]);
    assert!(!Cursor::new("nulL").null());
    assert_eq!(Cursor::new(" true").bool(), Ok(true));
    assert_eq!(Cursor::new("False").bool(), Err(Bail));
}

#[test]
fn integers_the_quick_path_reads_and_those_it_leaves() {
    for (text, want) in [
        ("0", Some(0)),
        ("42", Some(42)),
        ("-999999999", Some(-999_999_999)),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
    ] {
        let mut c = Cursor::new(text);
        assert_eq!(c.i64().ok(), want, "{text}");
        assert_eq!(serde_json::from_str::<i64>(text).ok(), want, "{text}");
    }
    // Leading zeros, fractions, exponents, out of range: serde's.
    for text in [
        "-0",
        "-",
        "01",
        "-01",
        "1.0",
        "1e3",
        "9223372036854775808",
        "-9223372036854775809",
        "\"1\"",
        "x",
    ] {
        assert_eq!(Cursor::new(text).i64(), Err(Bail), "{text}");
    }
}

#[test]
fn serde_reads_a_nested_value_and_the_cursor_continues_after_it() {
    let mut c = Cursor::new(r#"{"a": [1, {"b": "c"}] , "d": 5, "e": [1,], "f": 1}"#);
    let mut got = Vec::new();
    let walked = c.object(|c, key| {
        match key {
            "a" => got.push(format!("{:?}", c.by_serde::<serde_json::Value>()?)),
            "d" => got.push(format!("{:?}", c.by_serde::<u8>()?)),
            _ => got.push(format!("{:?}", c.by_serde::<Vec<u8>>()?)),
        }
        Ok(())
    });
    // `[1,]` is not JSON: serde refuses it, so the cursor bails there.
    assert_eq!(walked, Err(Bail));
    assert_eq!(got.len(), 2);
    assert!(got[0].contains("String(\"c\")"), "{got:?}");
    assert_eq!(got[1], "5");
    let mut c = Cursor::new(r#"[{"x": 1}, 2]"#);
    let mut n = 0;
    c.array(|c| {
        n += 1;
        c.by_serde::<serde_json::Value>().map(drop)
    })
    .unwrap();
    c.end().unwrap();
    assert_eq!(n, 2);
}
