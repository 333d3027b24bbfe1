//! Malformed input must not panic: truncated files, wrong types, random
//! bytes, invalid UTF-8, huge values, deep nesting. Errors are fine;
//! panics and hangs are bugs.

use ferry_importers::{
    Detected, Format, ImportError, ImportOptions, Input, MemorySink, Position, import,
};
use std::path::Path;

const SYNTHETIC: &str = "../fixtures/telegram/json/synthetic_single_chat_2024.result.json";
const FULL: &str = "../fixtures/telegram/json/fz_2020-01.result.json";
const HTML_PAGE: &str = "../fixtures/telegram/html/ChatExport_2024-03-31/messages.html";

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Runs an importer on bytes named `name`, whatever detection says.
fn run(format: &str, name: &str, data: Vec<u8>) -> (Result<(), ImportError>, MemorySink) {
    let input = Input::from_bytes(name, data);
    let found = Detected {
        format: format.parse::<Format>().unwrap(),
        entry: name.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    let r = import(&input, &found, &ImportOptions::default(), &mut sink);
    (r, sink)
}

fn json(data: &[u8]) -> (Result<(), ImportError>, MemorySink) {
    run("telegram-json", "result.json", data.to_vec())
}

fn html(data: &[u8]) -> (Result<(), ImportError>, MemorySink) {
    run("telegram-html", "messages.html", data.to_vec())
}

/// Deterministic pseudo-random bytes.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn truncated_json_at_every_length_is_an_error_not_a_panic() {
    for file in [SYNTHETIC, FULL] {
        let data = fixture(file);
        for cut in (0..data.len()).step_by(37) {
            let (r, _) = json(&data[..cut]);
            assert!(r.is_err(), "{file} cut at {cut} was accepted");
        }
    }
}

#[test]
fn truncation_error_names_the_file_and_a_position() {
    let data = fixture(SYNTHETIC);
    let (r, sink) = json(&data[..data.len() / 2]);
    let e = r.unwrap_err();
    assert_eq!(e.file, "result.json");
    assert!(
        matches!(e.position, Some(Position { byte: Some(_), .. })),
        "{e}"
    );
    // Messages before the cut were delivered.
    assert!(sink.message_count() > 5);
}

#[test]
fn table_of_malformed_json() {
    let huge = format!(
        r#"{{"name":"h","type":"personal_chat","id":1,"messages":[{{"id":1,"type":"message","date_unixtime":"1","from_id":"user1","text":"{}"}}]}}"#,
        "a".repeat(20 << 20)
    );
    let nest = |key: &str| {
        format!(
            r#"{{"type":"personal_chat","messages":[{{"id":1,"{key}":{}"a"{}}}]}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
    };
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("empty", b"".to_vec(), false),
        ("not an object", b"[1,2,3]".to_vec(), false),
        ("wrong id type", br#"{"type":"personal_chat","messages":[{"id":"x","type":"message"}]}"#.to_vec(), false),
        ("text is a number", br#"{"type":"personal_chat","messages":[{"id":1,"text":5}]}"#.to_vec(), false),
        ("messages is an object", br#"{"type":"personal_chat","messages":{"a":1}}"#.to_vec(), true),
        ("message is a string", br#"{"type":"personal_chat","messages":["hi"]}"#.to_vec(), false),
        ("chats list is null", br#"{"about":"x","chats":{"list":null}}"#.to_vec(), true),
        ("trailing garbage", br#"{"type":"personal_chat","messages":[]} xyz"#.to_vec(), false),
        ("invalid utf-8 in a string", b"{\"type\":\"personal_chat\",\"messages\":[{\"id\":1,\"text\":\"\xff\xfe\"}]}".to_vec(), false),
        ("bad x escape", br#"{"type":"personal_chat","messages":[{"id":1,"text":"\xZZ"}]}"#.to_vec(), false),
        ("huge string", huge.into_bytes(), true),
        // Unknown keys are skipped without recursion; known ones hit
        // serde_json's depth limit: neither overflows the stack.
        ("deep nesting, unknown key", nest("x").into_bytes(), true),
        ("deep nesting in text", nest("text").into_bytes(), false),
        ("no date", br#"{"type":"personal_chat","messages":[{"id":1,"type":"message","text":"x"}]}"#.to_vec(), true),
        ("out of range unixtime", br#"{"type":"personal_chat","messages":[{"id":1,"date_unixtime":"99999999999999999","text":"x"}]}"#.to_vec(), true),
    ];
    for (name, data, ok) in cases {
        let (r, _) = json(&data);
        assert_eq!(r.is_ok(), ok, "{name}: {r:?}");
    }
}

#[test]
fn huge_message_text_arrives_whole() {
    let text = "ы".repeat(3 << 20);
    let data = format!(
        r#"{{"name":"h","type":"personal_chat","id":1,"messages":[{{"id":1,"type":"message","date_unixtime":"1","from_id":"user1","text":"{text}"}}]}}"#
    );
    let (r, sink) = json(data.as_bytes());
    r.unwrap();
    assert_eq!(sink.messages[0][0].text, text);
}

#[test]
fn random_bytes_never_panic() {
    for seed in 0..200 {
        let data = noise(seed, 1 + (seed as usize * 53) % 4000);
        let _ = json(&data);
        let _ = html(&data);
        // Noise after a valid prefix reaches deeper code paths.
        let mut prefixed = br#"{"type":"personal_chat","messages":[{"id":1,"#.to_vec();
        prefixed.extend_from_slice(&data);
        let _ = json(&prefixed);
        let mut page = fixture(HTML_PAGE)[..1500].to_vec();
        page.extend(data.iter().map(|b| if *b < 0x80 { *b } else { b'<' }));
        let _ = html(&page);
    }
}

#[test]
fn table_of_malformed_html() {
    let page = fixture(HTML_PAGE);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("empty", b"".to_vec(), true),
        ("invalid utf-8", b"<div class=\"message\" id=\"message1\">\xff</div>".to_vec(), false),
        ("unclosed tags", b"<div class=\"message default\" id=\"message1\"><div class=\"text\">x".to_vec(), true),
        ("deep nesting", "<div>".repeat(200_000).into_bytes(), true),
        ("bad date", br#"<div class="message default" id="message1"><div class="date details" title="99.99.9999 99:99:99"></div></div>"#.to_vec(), true),
        ("half page", page[..page.len() / 2].to_vec(), true),
    ];
    for (name, data, ok) in cases {
        let (r, _) = html(&data);
        assert_eq!(r.is_ok(), ok, "{name}: {r:?}");
    }
    for cut in (0..page.len()).step_by(41) {
        let (r, _) = html(&page[..cut]);
        assert!(r.is_ok(), "cut at {cut}: {r:?}");
    }
}
