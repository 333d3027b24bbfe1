//! The quick path for DCE messages against serde: on every fixture message
//! and on variants of them (fields null, missing, of another type, given
//! twice, with escapes), the quick path either gives what serde gives or
//! leaves the message to serde. Every fixture message as exported must take
//! the quick path.

use ferry_importers::discord::dce::{quick, types};
use serde_json::Value;
use std::path::PathBuf;

fn fixture_messages() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/discord/dce-json");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (i, m) in file["messages"].as_array().unwrap().iter().enumerate() {
            out.push((format!("{name} #{i}"), m.clone()));
        }
    }
    assert!(out.len() >= 9, "fixtures found: {}", out.len());
    out
}

/// Checks one text: `Some` from the quick path must equal serde's reading.
/// Returns whether the quick path read it.
fn agrees(name: &str, text: &str) -> bool {
    let Some(fast) = quick::message(text) else {
        return false;
    };
    let slow: types::Message<'_> = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{name}: quick read what serde refuses ({e}): {text}"));
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{name}: {text}");
    true
}

#[test]
fn every_fixture_message_takes_the_quick_path_and_matches_serde() {
    for (name, m) in fixture_messages() {
        for text in [
            serde_json::to_string(&m).unwrap(),
            serde_json::to_string_pretty(&m).unwrap(),
        ] {
            assert!(agrees(&name, &text), "{name}: quick path bailed on {text}");
        }
    }
}

/// Values to put in place of a field's value.
const REPLACEMENTS: [&str; 10] = [
    "null",
    "5",
    "-1.5e3",
    "true",
    "\"\"",
    "\" 42 \"",
    "\"line\\nbreak \\\"quoted\\\" \\u00e9\\ud83d\\ude00\"",
    "[]",
    "{}",
    "[{\"id\": \"1\", \"name\": \"n\"}]",
];

#[test]
fn variants_of_fixture_messages_agree_with_serde_or_bail() {
    let (mut quick_read, mut bailed) = (0, 0);
    for (name, m) in fixture_messages() {
        let obj = m.as_object().unwrap();
        let mut variants = Vec::new();
        for key in obj.keys() {
            let mut removed = obj.clone();
            removed.remove(key);
            variants.push((
                format!("{name} without {key}"),
                Value::Object(removed).to_string(),
            ));
            for r in REPLACEMENTS {
                let mut changed = obj.clone();
                changed.insert(key.clone(), serde_json::from_str(r).unwrap());
                variants.push((
                    format!("{name} {key}={r}"),
                    Value::Object(changed).to_string(),
                ));
            }
            if let Some(author) = obj.get("author").and_then(Value::as_object) {
                for r in REPLACEMENTS {
                    for field in author.keys() {
                        let mut a = author.clone();
                        a.insert(field.clone(), serde_json::from_str(r).unwrap());
                        let mut changed = obj.clone();
                        changed.insert("author".into(), Value::Object(a));
                        variants.push((
                            format!("{name} author.{field}={r}"),
                            Value::Object(changed).to_string(),
                        ));
                    }
                }
            }
        }
        let text = Value::Object(obj.clone()).to_string();
        // Text-level variants serde_json's writer never produces.
        variants.push((
            format!("{name} duplicate content"),
            text.replacen('{', "{\"content\":\"again\",", 1),
        ));
        variants.push((
            format!("{name} escaped key"),
            text.replace("\"content\"", "\"con\\u0074ent\""),
        ));
        variants.push((
            format!("{name} trailing comma"),
            text.replacen('}', ",}", 1),
        ));
        variants.push((format!("{name} trailing text"), format!("{text} x")));
        variants.push((format!("{name} as array"), "[\"1\"]".to_owned()));
        for (vname, vtext) in variants {
            if agrees(&vname, &vtext) {
                quick_read += 1;
            } else {
                bailed += 1;
                // What the quick path leaves, serde must still decide
                // without panicking (an error or a value).
                let _ = serde_json::from_str::<types::Message<'_>>(&vtext);
            }
        }
    }
    assert!(quick_read > 1000, "quick path read {quick_read} variants");
    assert!(bailed > 100, "quick path bailed on {bailed} variants");
}

#[test]
fn a_duplicate_field_is_left_to_serde_which_refuses_it() {
    let text = r#"{"id": "1", "content": "a", "content": "b"}"#;
    assert!(quick::message(text).is_none());
    assert!(serde_json::from_str::<types::Message<'_>>(text).is_err());
    // Unknown fields may repeat, as serde allows.
    let text = r#"{"id": "1", "isPinned": true, "isPinned": false}"#;
    assert!(agrees("repeated unknown field", text));
}
