//! The quick path for DCE messages against serde: on every fixture message
//! and on variants of them (fields null, missing, of another type, given
//! twice, with escapes), the quick path either gives what serde gives or
//! leaves the message to serde. Every fixture message as exported must take
//! the quick path.

mod quick_support;

use ferry_importers::discord::dce::{quick, types};
use quick_support::{agrees, fixtures_take_the_quick_path, variants_agree};
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

fn check(name: &str, text: &str) -> bool {
    agrees::<types::Message<'_>>(name, text, quick::message)
}

#[test]
fn every_fixture_message_takes_the_quick_path_and_matches_serde() {
    fixtures_take_the_quick_path(&fixture_messages(), check);
}

#[test]
fn variants_of_fixture_messages_agree_with_serde_or_bail() {
    variants_agree(&fixture_messages(), "content", 1000, check);
}

#[test]
fn a_duplicate_field_is_left_to_serde_which_refuses_it() {
    let text = r#"{"id": "1", "content": "a", "content": "b"}"#;
    assert!(quick::message(text).is_none());
    assert!(serde_json::from_str::<types::Message<'_>>(text).is_err());
    // Unknown fields may repeat, as serde allows.
    let text = r#"{"id": "1", "isPinned": true, "isPinned": false}"#;
    assert!(check("repeated unknown field", text));
}

#[test]
fn attachments_reactions_and_references_agree_with_serde_or_bail() {
    let user = r#"{"id": "300000000000000001", "name": "a", "discriminator": "0000", "nickname": null, "isBot": false}"#;
    let parts = [
        r#""attachments": [{"id": "1", "url": "https://cdn/x.png", "fileName": "x.png", "fileSizeBytes": 12}]"#.to_owned(),
        r#""attachments": [{"url": null, "fileName": null, "fileSizeBytes": null}, {}]"#.to_owned(),
        r#""attachments": [{"url": "u", "fileSizeBytes": 1.5}]"#.to_owned(),
        r#""attachments": [{"url": "u", "url": "v"}]"#.to_owned(),
        r#""attachments": null"#.to_owned(),
        r#""attachments": [null]"#.to_owned(),
        format!(r#""reactions": [{{"emoji": {{"id": "", "name": "👍", "code": "thumbsup", "isAnimated": false}}, "count": 2, "users": [{user}, {user}]}}]"#),
        r#""reactions": [{"emoji": {"id": " 42 ", "name": null}, "count": null, "users": null}]"#.to_owned(),
        r#""reactions": [{"emoji": {"id": 42, "name": "x"}, "count": 1}]"#.to_owned(),
        r#""reactions": [{"emoji": null, "count": 1}]"#.to_owned(),
        r#""reactions": [{"count": -1}]"#.to_owned(),
        r#""reactions": [{"emoji": {"name": "a", "name": "b"}}]"#.to_owned(),
        r#""reference": {"messageId": "5", "channelId": "7", "guildId": null, "type": "Default"}"#.to_owned(),
        r#""reference": {"messageId": null, "channelId": "", "type": null}"#.to_owned(),
        r#""reference": {"messageId": 5}"#.to_owned(),
        r#""reference": {"type": 3}"#.to_owned(),
        r#""reference": null"#.to_owned(),
    ];
    let mut quick_read = 0;
    for (i, p) in parts.iter().enumerate() {
        let text = format!(
            r#"{{"id": "1", "type": "Default", "timestamp": "2024-01-01T00:00:00+00:00", {p}}}"#
        );
        quick_read += usize::from(check(&format!("case {i}"), &text));
    }
    assert!(quick_read >= 8, "quick path read {quick_read}");
}
