//! Malformed input must not panic: the X DM importer on truncated, wrong,
//! binary and hostile files.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};

fn run(data: &[u8]) -> (usize, Vec<String>, MemorySink) {
    let input = Input::from_bytes("direct-messages.js", data.to_vec());
    let found = detect(&input, None);
    let mut errors = Vec::new();
    let mut sink = MemorySink::new();
    for d in &found {
        if let Err(e) = import(&input, d, &ImportOptions::default(), &mut sink) {
            errors.push(e.to_string());
        }
    }
    (found.len(), errors, sink)
}

const GOOD: &str = r#"window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "1-2", "messages" : [ { "messageCreate" : { "id" : "5", "senderId" : "1", "recipientId" : "2", "text" : "hi", "mediaUrls" : [ ], "createdAt" : "2024-01-01T00:00:00.000Z" } } ] } } ]"#;

#[test]
fn good_sample_imports() {
    let (n, errors, sink) = run(GOOD.as_bytes());
    assert_eq!((n, errors.len(), sink.message_count()), (1, 0, 1));
}

#[test]
fn truncated_file_is_an_error_with_position() {
    for cut in [40, 60, 120, 200, GOOD.len() - 1] {
        let (n, errors, _) = run(&GOOD.as_bytes()[..cut]);
        assert_eq!((n, errors.len()), (1, 1), "cut {cut}: {errors:?}");
        assert!(
            errors[0].starts_with("direct-messages.js: line 1, column"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn wrong_shapes_are_errors() {
    let cases: &[(&str, &str)] = &[
        ("object_not_array", "window.YTD.direct_messages.part0 = {}"),
        (
            "conversation_array",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":[]}]"#,
        ),
        (
            "id_number",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":1}}]"#,
        ),
        (
            "messages_object",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"messages":{}}}]"#,
        ),
        (
            "media_urls_string",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"messages":[{"messageCreate":{"mediaUrls":"x"}}]}}]"#,
        ),
        (
            "nothing_after_equals",
            "window.YTD.direct_messages.part0 = ",
        ),
    ];
    for (name, js) in cases {
        let (n, errors, _) = run(js.as_bytes());
        assert_eq!((n, errors.len()), (1, 1), "{name}: {errors:?}");
    }
}

#[test]
fn odd_but_valid_values_import() {
    let cases: &[(&str, &str, usize)] = &[
        ("empty_array", "window.YTD.direct_messages.part0 = [ ]", 0),
        (
            "bad_date_skipped",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":"1-2","messages":[{"messageCreate":{"id":"1","createdAt":"yesterday"}}]}}]"#,
            0,
        ),
        (
            "no_conversation_id",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"messages":[{"messageCreate":{"id":"1","createdAt":"2024-01-01T00:00:00Z"}}]}}]"#,
            1,
        ),
        (
            "unknown_event",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":"1-2","messages":[{"messageEdit":{"id":"1"}}]}}]"#,
            0,
        ),
        (
            "orphan_reaction",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":"1-2","messages":[{"reactionCreate":{"senderId":"1","reactionKey":"like","eventId":"404"}}]}}]"#,
            0,
        ),
        (
            "hostile_media_url",
            r#"window.YTD.direct_messages.part0 = [{"dmConversation":{"conversationId":"1-2","messages":[{"messageCreate":{"id":"../../x","createdAt":"2024-01-01T00:00:00Z","mediaUrls":["https://x/../../../etc/passwd"]}}]}}]"#,
            1,
        ),
        (
            "trailing_semicolon",
            "window.YTD.direct_messages.part0 = [ ];\n",
            0,
        ),
    ];
    for (name, js, messages) in cases {
        let (n, errors, sink) = run(js.as_bytes());
        assert_eq!(
            (n, errors.len(), sink.message_count()),
            (1, 0, *messages),
            "{name}: {errors:?}"
        );
    }
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut bytes = GOOD.as_bytes().to_vec();
    let at = GOOD.find("\"hi\"").unwrap() + 1;
    bytes[at] = 0xff;
    let (n, errors, _) = run(&bytes);
    assert_eq!((n, errors.len()), (1, 1));
}

#[test]
fn huge_line_imports() {
    let text = "🚲".repeat(1_000_000);
    let js = GOOD.replace("\"hi\"", &format!("\"{text}\""));
    let (_, errors, sink) = run(js.as_bytes());
    assert!(errors.is_empty());
    assert_eq!(sink.messages[0][0].text.chars().count(), 1_000_000);
}

#[test]
fn random_and_foreign_bytes_are_not_detected() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for len in [0usize, 1, 11, 200, 4096] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        assert_eq!(run(&bytes).0, 0, "len {len}");
    }
    for foreign in [
        "window.YTD.tweets.part0 = []",
        "window.YTD.direct_message_headers.part0 = []",
        "window.__THAR_CONFIG = {}",
        "[{\"dmConversation\":{}}]",
    ] {
        assert_eq!(run(foreign.as_bytes()).0, 0, "{foreign}");
    }
}
