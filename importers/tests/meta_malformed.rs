//! Malformed input must not panic: the Messenger, Instagram and E2EE
//! importers on truncated, wrong, binary and hostile files.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};

/// Detects and imports everything; returns (detected, errors).
fn run(name: &str, data: Vec<u8>) -> (usize, Vec<String>) {
    let input = Input::from_bytes(name, data);
    let found = detect(&input, None);
    let mut errors = Vec::new();
    for d in &found {
        let mut sink = MemorySink::new();
        if let Err(e) = import(&input, d, &ImportOptions::default(), &mut sink) {
            errors.push(e.to_string());
        }
    }
    (found.len(), errors)
}

const GOOD: &str = r#"{"participants":[{"name":"A"},{"name":"B"}],"messages":[{"sender_name":"A","timestamp_ms":1700000000000,"content":"hi"}],"title":"A","thread_path":"inbox/a_1"}"#;

#[test]
fn truncated_thread_is_an_error_with_file_and_position() {
    for cut in [40, 80, 120, GOOD.len() - 1] {
        let (n, errors) = run("message_1.json", GOOD.as_bytes()[..cut].to_vec());
        assert_eq!(n, 1, "cut {cut}");
        assert_eq!(errors.len(), 1, "cut {cut}");
        assert!(
            errors[0].starts_with("message_1.json: line 1, column"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn wrong_shapes_are_errors() {
    let cases: &[(&str, &str)] = &[
        ("messages_object", r#"{"participants":[],"messages":{}}"#),
        (
            "message_not_object",
            r#"{"participants":[],"messages":[3]}"#,
        ),
        (
            "timestamp_string",
            r#"{"participants":[],"messages":[{"timestamp_ms":"x"}]}"#,
        ),
        (
            "participants_string",
            r#"{"participants":"A","messages":[]}"#,
        ),
        (
            "no_messages",
            r#"{"participants":[{"name":"A"}],"title":"t"}"#,
        ),
        (
            "trailing_garbage",
            r#"{"participants":[],"messages":[]} junk"#,
        ),
        (
            "e2ee_messages_object",
            r#"{"participants":["a"],"threadName":"a_1","messages":{}}"#,
        ),
        (
            "e2ee_no_messages",
            r#"{"participants":["a"],"threadName":"a_1"}"#,
        ),
        (
            "e2ee_sender_number",
            r#"{"threadName":"a_1","messages":[{"senderName":1}]}"#,
        ),
    ];
    for (name, json) in cases {
        let file = if name.starts_with("e2ee") {
            "a_1.json"
        } else {
            "message_1.json"
        };
        let (n, errors) = run(file, json.as_bytes().to_vec());
        assert_eq!((n, errors.len()), (1, 1), "{name}: {errors:?}");
    }
}

#[test]
fn odd_but_valid_values_import() {
    let cases: &[(&str, &str)] = &[
        (
            "missing_timestamp_skipped",
            r#"{"participants":[],"messages":[{"content":"x"}]}"#,
        ),
        (
            "huge_timestamp_skipped",
            r#"{"participants":[],"messages":[{"timestamp_ms":9223372036854775807}]}"#,
        ),
        (
            "negative_reaction_time",
            r#"{"participants":[],"messages":[{"timestamp_ms":1,"reactions":[{"reaction":"x","actor":"a","timestamp":-9223372036854775808}]}]}"#,
        ),
        (
            "nulls_everywhere",
            r#"{"participants":[{"name":null}],"messages":[{"timestamp_ms":1,"photos":[{"uri":null}],"share":null}]}"#,
        ),
        (
            "hostile_uri",
            r#"{"participants":[],"messages":[{"timestamp_ms":1,"photos":[{"uri":"../../etc/passwd"}]}]}"#,
        ),
        ("empty", r#"{"participants":[],"messages":[]}"#),
    ];
    for (name, json) in cases {
        let (n, errors) = run("message_1.json", json.as_bytes().to_vec());
        assert_eq!((n, errors.len()), (1, 0), "{name}: {errors:?}");
    }
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut bytes = br#"{"participants":[],"messages":[{"timestamp_ms":1,"content":""#.to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'"', b'}', b']', b'}']);
    let (n, errors) = run("message_1.json", bytes);
    assert_eq!((n, errors.len()), (1, 1));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let open = "[".repeat(100_000);
    let close = "]".repeat(100_000);
    // Inside an unknown key it is skipped without recursion...
    let skipped =
        format!(r#"{{"participants":[],"messages":[{{"timestamp_ms":1,"x":{open}{close}}}]}}"#);
    assert_eq!(run("message_1.json", skipped.into_bytes()), (1, vec![]));
    // ...inside a known one it is a type error.
    let refused = format!(r#"{{"participants":{open}{close},"messages":[]}}"#);
    let (n, errors) = run("message_1.json", refused.into_bytes());
    assert_eq!((n, errors.len()), (1, 1));
    assert!(errors[0].contains("line 1, column 19"), "{}", errors[0]);
}

#[test]
fn huge_line_imports() {
    let text = "é".repeat(2_000_000);
    let json = format!(
        r#"{{"participants":[],"messages":[{{"timestamp_ms":1,"sender_name":"A","content":"{text}"}}]}}"#
    );
    let input = Input::from_bytes("message_1.json", json.into_bytes());
    let found = detect(&input, None);
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.messages[0][0].text.chars().count(), 2_000_000);
}

#[test]
fn random_and_foreign_bytes_are_not_detected() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for len in [0usize, 1, 3, 64, 4096] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        assert_eq!(run("message_1.json", bytes).0, 0, "len {len}");
    }
    for foreign in [
        "[1,2,3]",
        "{\"a\":1}",
        "12/01/2020, 10:00 - A: hi",
        "\u{feff}",
    ] {
        assert_eq!(
            run("message_1.json", foreign.as_bytes().to_vec()).0,
            0,
            "{foreign}"
        );
    }
}
