//! Telegram JSON: parsing message arrays on worker threads gives exactly
//! the sink calls of the sequential parse (fixtures, a generated chat of
//! many batches, truncated files, cancellation).

mod par_support;

use ferry_importers::telegram::json::import_with;
use ferry_importers::{ImportOptions, Input};
use par_support::same_in_parallel;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/telegram/json")
}

fn options() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        me: Some("user1000001".to_owned()),
        ..ImportOptions::default()
    }
}

fn check(what: &str, data: &[u8], cancel_at: Option<usize>) -> par_support::Outcome {
    let opts = options();
    same_in_parallel(what, cancel_at, |sink, par| {
        let input = Input::from_bytes("result.json", data.to_vec());
        import_with(&input, "result.json", &opts, sink, par)
    })
}

/// One message of the generated chat; `i` picks the variant.
fn message(i: usize) -> String {
    let id = 10 + i * 3;
    let unix = 1_700_000_000 + i as u64 * 37;
    let who = i % 7;
    let head = format!(
        r#"{{"id": {id}, "type": "message", "date": "2023-11-14T23:13:20", "date_unixtime": "{unix}", "from": "Person {who}", "from_id": "user{who}00""#
    );
    match i % 11 {
        0 => format!(r#"{head}, "text": "plain text {i} with \"quotes\" and \\ and ] }} [ {{"}}"#),
        1 => format!(
            r#"{head}, "text": ["bold: ", {{"type": "bold", "text": "x{i}"}}, " and ", {{"type": "text_link", "text": "here", "href": "https://example.org/{i}"}}]}}"#
        ),
        2 => format!(
            r#"{head}, "reply_to_message_id": {}, "text": "reply \u00e9\n\ud83d\ude00"}}"#,
            id.saturating_sub(3)
        ),
        3 => format!(
            r#"{head}, "photo": "(File not included. Change data exporting settings to download.)", "photo_file_size": 123, "text": ""}}"#
        ),
        4 => format!(
            r#"{{"id": {id}, "type": "service", "date": "2023-11-14T23:13:20", "date_unixtime": "{unix}", "actor": "Person {who}", "actor_id": "user{who}00", "action": "pin_message", "message_id": 12, "text": ""}}"#
        ),
        5 => format!(
            r#"{head}, "text": "liked", "reactions": [{{"type": "emoji", "count": 3, "emoji": "👍", "recent": [{{"from": "New {i}", "from_id": "user9{i}", "date": "2023-11-15T00:00:00"}}]}}]}}"#
        ),
        6 => format!(r#"{{"id": {id}, "type": "unsupported", "date": "2023-11-14T23:13:20"}}"#),
        7 => format!(r#"{head}, "text": "control \x01 escape {i}"}}"#),
        8 => format!(
            r#"{head}, "file": "files/doc{i}.pdf", "file_name": "doc.pdf", "mime_type": "application/pdf", "file_size": 9, "text": "see file"}}"#
        ),
        9 => {
            format!(r#"{{"id": {id}, "type": "message", "date": "not a date", "text": "undated"}}"#)
        }
        _ => format!(
            r#"{head}, "forwarded_from": null, "edited": "2023-11-15T10:00:00", "edited_unixtime": "{}", "text": "édité ✓ 中文"}}"#,
            unix + 60
        ),
    }
}

/// A single-chat export of `n` messages, pretty-printed like Telegram.
fn generated(n: usize) -> String {
    let messages: Vec<String> = (0..n).map(message).collect();
    format!(
        "{{\n \"name\": \"Generated\",\n \"type\": \"private_group\",\n \"id\": 4242,\n \"messages\": [\n  {}\n ]\n}}\n",
        messages.join(",\n  ")
    )
}

#[test]
fn fixtures_give_the_same_sink_calls_in_parallel() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let (events, result) = check(&path.display().to_string(), &data, None);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
        assert!(events.iter().any(|e| e.starts_with("message")));
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} fixtures");
}

#[test]
fn a_generated_chat_of_many_batches_gives_the_same_sink_calls() {
    let n = 3000;
    let json = generated(n);
    let (events, result) = check("generated", json.as_bytes(), None);
    assert_eq!(result, Ok(()));
    let messages = events.iter().filter(|e| e.starts_with("message")).count();
    // Every 11th message is unsupported, every 11th has no date.
    let dropped = (0..n).filter(|i| matches!(i % 11, 6 | 9)).count();
    assert_eq!(messages, n - dropped);
    assert_eq!(
        events.iter().filter(|e| e.starts_with("skipped")).count(),
        dropped
    );
    let escapes = (0..n).filter(|i| i % 11 == 7).count();
    let repaired = format!("repaired {escapes} invalid");
    assert!(events.iter().any(|e| e.contains(&repaired)), "{repaired}");
    assert!(events.iter().any(|e| e.starts_with("progress")));
    let reply = events
        .iter()
        .find(|e| e.contains(r#"native_id: Some("16")"#))
        .unwrap();
    assert!(reply.contains(r#"reply_to: Some("13")"#), "{reply}");
}

#[test]
fn truncated_files_fail_the_same_way_naming_file_and_position() {
    let json = generated(700);
    for cut in [
        json.len() / 3,
        json.len() / 2 + 17,
        json.len() - 40,
        json.len() - 3,
    ] {
        let (events, result) = check(&format!("cut at {cut}"), &json.as_bytes()[..cut], None);
        let err = result.unwrap_err();
        assert!(err.contains("result.json"), "{err}");
        assert!(err.contains("byte: Some("), "{err}");
        assert!(events.iter().filter(|e| e.starts_with("message")).count() > 100);
    }
}

#[test]
fn a_malformed_message_mid_array_fails_the_same_way() {
    let json = generated(900).replacen(r#""id": 1213,"#, r#""id": 1213 "#, 1);
    let (_, result) = check("malformed", json.as_bytes(), None);
    let err = result.unwrap_err();
    assert!(err.contains("expected `,` or `}`"), "{err}");
    let json = generated(900).replacen("Person 3", "Person \u{0}3", 1);
    assert!(check("control byte", json.as_bytes(), None).1.is_err());
}

#[test]
fn cancellation_from_progress_stops_at_the_same_message() {
    let json = generated(9000);
    let (events, result) = check("cancelled", json.as_bytes(), Some(1));
    assert!(result.unwrap_err().contains("Cancelled"));
    assert_eq!(
        events.iter().filter(|e| e.starts_with("message")).count(),
        4096
    );
}
