//! The quick path for Telegram messages against serde: on every fixture
//! message and on variants of them (fields null, missing, of another type,
//! given twice, with escapes), the quick path either gives what serde gives
//! or leaves the message to serde. Every fixture message as exported must
//! take the quick path.

mod quick_support;

use ferry_importers::telegram::json::{quick, raw};
use quick_support::{agrees, fixtures_take_the_quick_path, variants_agree};
use serde_json::Value;
use std::path::PathBuf;

/// Every element of every `messages` array in the JSON fixtures (files
/// that are not valid JSON, such as the `\x` escape quirk, are left out).
fn fixture_messages() -> Vec<(String, Value)> {
    fn collect(name: &str, v: &Value, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(map) => {
                for (k, inner) in map {
                    if k == "messages"
                        && let Some(list) = inner.as_array()
                    {
                        for (i, m) in list.iter().enumerate() {
                            out.push((format!("{name} #{}", out.len() + i), m.clone()));
                        }
                    } else {
                        collect(name, inner, out);
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|x| collect(name, x, out)),
            _ => {}
        }
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/telegram/json");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(file) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        collect(&name, &file, &mut out);
    }
    assert!(out.len() >= 50, "fixture messages found: {}", out.len());
    out
}

fn check(name: &str, text: &str) -> bool {
    agrees::<raw::RawMessage<'_>>(name, text, quick::message)
}

#[test]
fn every_fixture_message_takes_the_quick_path_and_matches_serde() {
    fixtures_take_the_quick_path(&fixture_messages(), check);
}

#[test]
fn variants_of_fixture_messages_agree_with_serde_or_bail() {
    variants_agree(&fixture_messages(), "text", 1000, check);
}

#[test]
fn forwarded_from_null_stays_apart_from_absent() {
    let m = quick::message(r#"{"id": 1, "forwarded_from": null}"#).unwrap();
    assert!(matches!(m.forwarded_from, Some(None)));
    let m = quick::message(r#"{"id": 1}"#).unwrap();
    assert!(m.forwarded_from.is_none());
}

#[test]
fn whole_numbers_read_as_text_like_serde_and_other_numbers_bail() {
    for text in [
        r#"{"id": 1, "from_id": 22222222}"#,
        r#"{"id": 1, "date_unixtime": 1711587600}"#,
        r#"{"id": -999999999, "from_id": -5}"#,
    ] {
        assert!(check(text, text), "{text}");
    }
    for text in [
        r#"{"id": 1, "from_id": -0}"#,
        r#"{"id": 1, "date_unixtime": 1.5e9}"#,
        r#"{"id": 1, "from_id": 18446744073709551615}"#,
    ] {
        assert!(quick::message(text).is_none(), "{text}");
        assert!(
            serde_json::from_str::<raw::RawMessage<'_>>(text).is_ok(),
            "{text}"
        );
    }
}

#[test]
fn reactions_agree_with_serde_or_bail() {
    let base = r#"{"type": "emoji", "count": 2, "emoji": "👍", "document_id": "5", "recent":
        [{"from": "A", "from_id": "user1", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200"},
         {"from": null, "from_id": 42, "x": [1]}]}"#;
    let cases = [
        base.to_owned(),
        base.replace("\"count\": 2", "\"count\": null"),
        base.replace("\"count\": 2", "\"count\": -2"),
        base.replace("\"count\": 2", "\"count\": 2.5"),
        base.replace("\"document_id\": \"5\"", "\"document_id\": 5"),
        base.replace("\"recent\":", "\"recent\": null, \"other\":"),
        base.replace("\"emoji\": \"👍\"", "\"emoji\": \"👍\", \"emoji\": \"x\""),
        base.replace("\"from\": \"A\"", "\"from\": \"A\", \"from\": \"B\""),
        base.replace("\"date\": \"2024", "\"date\": 2024, \"d\": \"2024"),
        base.replace("{\"from\": null", "null, {\"from\": null"),
        r#"{"type": "custom_emoji", "document_id": "files/sticker.webp", "count": 1}"#.to_owned(),
    ];
    let mut quick_read = 0;
    for (i, r) in cases.iter().enumerate() {
        for text in [
            format!(r#"{{"id": 1, "reactions": [{r}]}}"#),
            format!(r#"{{"id": 1, "reactions": [{r}, {r}]}}"#),
        ] {
            quick_read += usize::from(check(&format!("reaction case {i}"), &text));
        }
    }
    assert!(quick_read >= 10, "quick path read {quick_read}");
}
