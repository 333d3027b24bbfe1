//! The Messenger/Instagram DYI import parses a thread's files on a second
//! thread and hands messages to the thread that owns the sink. These tests
//! check that this path gives exactly the sink calls of the inline path
//! (same events, same order, same progress reports) on every fixture and on
//! a generated thread that crosses many batch boundaries, and that parse
//! errors and cancellation still behave.

mod event_log_support;

use event_log_support::EventLog;
use ferry_importers::meta::detect::{Thread, threads};
use ferry_importers::meta::thread::import_thread_with;
use ferry_importers::ordered_pipeline::Mode;
use ferry_importers::{ImportOptions, Input};
use serde_json::json;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/messenger")
        .join(rel)
}

fn run(
    input: &Input,
    thread: &Thread,
    mode: Mode,
    batch: usize,
    cancel_at_progress: Option<usize>,
) -> (Vec<String>, Result<(), String>) {
    let mut sink = EventLog::new();
    sink.cancel_at_progress = cancel_at_progress;
    let options = ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let r = import_thread_with(input, thread, &options, &mut sink, mode, batch)
        .map_err(|e| e.to_string());
    (sink.events, r)
}

/// Every thread of `input`: threaded in batches of 1, 5 and 1024 messages
/// equals inline. Returns the number of messages seen.
fn assert_same(input: &Input, cancel_at_progress: Option<usize>) -> usize {
    let found = threads(input);
    assert!(!found.is_empty());
    let mut messages = 0;
    for t in &found {
        let want = run(input, t, Mode::Inline, 1024, cancel_at_progress);
        for batch in [1, 5, 1024] {
            let got = run(input, t, Mode::Threaded, batch, cancel_at_progress);
            assert_eq!(got.1, want.1, "{} batch {batch}", t.dir);
            assert_eq!(got.0.len(), want.0.len(), "{} batch {batch}", t.dir);
            for (i, (g, w)) in got.0.iter().zip(&want.0).enumerate() {
                assert_eq!(g, w, "{} event {i} batch {batch}", t.dir);
            }
        }
        messages += want.0.iter().filter(|e| e.starts_with("message ")).count();
    }
    messages
}

#[test]
fn threaded_reader_matches_inline_on_every_fixture() {
    let mut total = 0;
    for dir in [
        "facebook_2019",
        "facebook_2024",
        "facebook_group_2021",
        "instagram_2021",
        "instagram_2024",
    ] {
        total += assert_same(&Input::open(&fixture(dir)).unwrap(), None);
    }
    assert!(total > 20, "{total}");
}

/// The Latin-1 reading of `s`'s UTF-8 bytes: how Meta writes strings.
fn moji(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

/// Writes a thread of `files` files with `per_file` messages each (newest
/// first, as Meta writes them) below `root`.
fn generate(root: &Path, files: usize, per_file: usize) {
    let dir = root.join("your_activity_across_facebook/messages/inbox/gen_123");
    std::fs::create_dir_all(&dir).unwrap();
    let people = [moji("Zoë Schmidt"), "Ana Lima".to_owned(), moji("Jörg 😊")];
    let texts = [
        moji("Grüße aus Köln"),
        "plain".to_owned(),
        moji("Vidimo se sutra 👋"),
        "Ã la carte".to_owned(),
        String::new(),
    ];
    for f in 0..files {
        let mut messages = Vec::new();
        for i in (0..per_file).rev() {
            let n = (files - 1 - f) * per_file + i;
            let sender = &people[n % 3];
            // Some equal times, to exercise the stable ordering.
            let mut m = json!({
                "sender_name": sender,
                "timestamp_ms": 1_500_000_000_000u64 + (n as u64 / 2) * 1000,
                "content": texts[n % 5],
            });
            match n % 11 {
                0 => m["photos"] = json!([{"uri": format!("photos/{n}.jpg")}]),
                1 => m["reactions"] = json!([{"reaction": moji("❤"), "actor": sender}]),
                2 => {
                    m["share"] = json!({"link": "https://example.com", "share_text": moji("Schön")})
                }
                3 => m["call_duration"] = json!(61),
                4 => m["is_unsent"] = json!(true),
                5 => {
                    m.as_object_mut().unwrap().remove("timestamp_ms");
                }
                6 => m["sticker"] = json!({"uri": "stickers/s.png"}),
                _ => {}
            }
            messages.push(m);
        }
        let file = json!({
            "participants": people.iter().map(|p| json!({"name": p})).collect::<Vec<_>>(),
            "messages": messages,
            "title": moji("Grüppchen"),
            "thread_type": "RegularGroup",
            "thread_path": "inbox/gen_123",
        });
        let text = serde_json::to_string_pretty(&file).unwrap();
        std::fs::write(dir.join(format!("message_{}.json", f + 1)), text).unwrap();
    }
}

#[test]
fn threaded_reader_matches_inline_on_a_generated_thread() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 4, 2500);
    let input = Input::open(tmp.path()).unwrap();
    let t = &threads(&input)[0];
    let (events, r) = run(&input, t, Mode::Inline, 1024, None);
    assert_eq!(r, Ok(()));
    for kind in [
        "progress ",
        "skipped ",
        "warning ",
        "participant ",
        "begin_chat ",
    ] {
        assert!(events.iter().any(|e| e.starts_with(kind)), "no {kind}");
    }
    // Mojibake undone on the reader's side.
    assert!(events.iter().any(|e| e.contains("Grüße aus Köln")));
    assert!(!events.iter().any(|e| e.contains("Ã¼")));
    let messages = assert_same(&input, None);
    assert!(messages > 9000, "{messages}");
}

#[test]
fn truncated_file_is_an_error_naming_file_and_position_in_every_mode() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 3, 1500);
    let second = tmp
        .path()
        .join("your_activity_across_facebook/messages/inbox/gen_123/message_2.json");
    let text = std::fs::read(&second).unwrap();
    std::fs::write(&second, &text[..text.len() / 2]).unwrap();
    let input = Input::open(tmp.path()).unwrap();
    let t = &threads(&input)[0];
    let (events, r) = run(&input, t, Mode::Threaded, 5, None);
    let err = r.unwrap_err();
    assert!(err.contains("message_2.json: line "), "{err}");
    // The oldest file (message_3.json) was emitted before the error.
    assert!(events.iter().filter(|e| e.starts_with("message ")).count() >= 1000);
    assert_same(&input, None);
}

#[test]
fn cancellation_from_progress_stops_every_mode_at_the_same_event() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 3, 3000);
    let input = Input::open(tmp.path()).unwrap();
    let t = &threads(&input)[0];
    let (events, r) = run(&input, t, Mode::Threaded, 5, Some(2));
    assert!(r.unwrap_err().ends_with("cancelled"));
    assert!(events.last().unwrap().starts_with("progress "));
    assert_same(&input, Some(2));
}
