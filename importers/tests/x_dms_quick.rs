//! The quick path for X DM events against serde: on every fixture event
//! and on variants of them (fields null, missing, of another type, given
//! twice, with escapes), the quick path either gives what serde gives or
//! leaves the event to serde. Every message event as exported must take
//! the quick path.

mod quick_support;

use ferry_importers::x_dms::{quick, raw};
use quick_support::{agrees, fixtures_take_the_quick_path, variants_agree};
use serde_json::Value;
use std::path::PathBuf;

/// Every event of every DM file of the X fixtures.
fn fixture_events() -> Vec<(String, Value)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/x");
    let mut out = Vec::new();
    for archive in std::fs::read_dir(&root).unwrap() {
        let data = archive.unwrap().path().join("data");
        let Ok(files) = std::fs::read_dir(&data) else {
            continue;
        };
        for file in files {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("direct-message") || name.contains("headers") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // After the assignment; some archives end it with a semicolon.
            let json = text[text.find('=').unwrap() + 1..]
                .trim_end()
                .trim_end_matches(';');
            let convs: Value = serde_json::from_str(json).unwrap();
            for (c, conv) in convs.as_array().unwrap().iter().enumerate() {
                let events = conv["dmConversation"]["messages"].as_array().unwrap();
                for (i, e) in events.iter().enumerate() {
                    out.push((format!("{name} conversation {c} event {i}"), e.clone()));
                }
            }
        }
    }
    assert!(out.len() >= 20, "fixture events found: {}", out.len());
    out
}

fn check(name: &str, text: &str) -> bool {
    agrees::<raw::RawEvent<'_>>(name, text, quick::event)
}

#[test]
fn every_fixture_event_takes_the_quick_path_and_matches_serde() {
    let events = fixture_events();
    let messages = events
        .iter()
        .filter(|(_, e)| e.get("messageCreate").is_some())
        .count();
    assert!(messages >= 10, "message events: {messages}");
    fixtures_take_the_quick_path(&events, check);
}

#[test]
fn variants_of_fixture_events_agree_with_serde_or_bail() {
    variants_agree(&fixture_events(), "messageCreate", 500, check);
}
