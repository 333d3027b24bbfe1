//! Element (Matrix) JSON exports: the shared fixture, table tests of event
//! variants, and malformed input that must not panic.

use ferry_importers::{
    Detected, Format, ImportError, ImportOptions, Input, MemorySink, detect, import,
};
use ferry_model::{ChatKind, MediaKind, MessageKind};
use std::path::Path;

const FIXTURE: &str = "../fixtures/matrix-element/matrix_-_Ferry_Test_Room_-_Chat_Export_-_2023-11-15T10-00-00.000Z.json";
const NAME: &str = "matrix - Room - Chat Export.json";

fn fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)).unwrap()
}

fn run_with(data: Vec<u8>, options: &ImportOptions) -> (Result<(), ImportError>, MemorySink) {
    let input = Input::from_bytes(NAME, data);
    let found = Detected {
        format: "matrix".parse::<Format>().unwrap(),
        entry: NAME.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    let r = import(&input, &found, options, &mut sink);
    (r, sink)
}

fn run(data: Vec<u8>) -> (Result<(), ImportError>, MemorySink) {
    run_with(data, &ImportOptions::default())
}

fn berlin() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    }
}

#[test]
fn fixture_is_detected_by_content() {
    let input = Input::from_bytes("export.json", fixture());
    let found = detect(&input, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].format.id(), "matrix");
    assert_eq!(found[0].label, "Matrix room «Ferry Test Room»");
}

#[test]
fn fixture_chat_and_participants() {
    let (r, sink) = run_with(fixture(), &berlin());
    r.unwrap();
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Ferry Test Room");
    assert_eq!(
        chat.native_id.as_deref(),
        Some("!AbCdEfGhIjKlMnOp:example.org")
    );
    assert_eq!(chat.kind, ChatKind::Direct);
    let people: Vec<_> = chat
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.is_me))
        .collect();
    assert_eq!(
        people,
        [
            ("@alice:example.org", "Alice", true),
            ("@bob:matrix.org", "Bob", false)
        ]
    );
}

#[test]
fn fixture_messages_fold_edits_reactions_and_redactions() {
    let (r, sink) = run_with(fixture(), &berlin());
    r.unwrap();
    let msgs = &sink.messages[0];
    // 9 events: 1 reaction and 1 edit are folded into their targets.
    assert_eq!(msgs.len(), 7);
    let kinds: Vec<_> = msgs.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MessageKind::System,
            MessageKind::System,
            MessageKind::Text,
            MessageKind::Text,
            MessageKind::Media,
            MessageKind::Media,
            MessageKind::Deleted
        ]
    );
    assert_eq!(msgs[0].text, "Alice created the room");
    assert_eq!(msgs[1].text, "Bob joined the room");

    let hello = &msgs[2];
    assert_eq!(
        hello.native_id.as_deref(),
        Some("$evt0003AbCdEfGhIjKlMnOpQrStUvWxYz")
    );
    assert_eq!(hello.sender.as_deref(), Some("@alice:example.org"));
    assert_eq!(hello.text, "Hello **Bob** 👋");
    assert_eq!(hello.sent_at.to_rfc3339(), "2023-11-14T23:13:22+01:00");

    let reply = &msgs[3];
    assert_eq!(reply.sender.as_deref(), Some("@bob:matrix.org"));
    assert_eq!(
        reply.reply_to.as_deref(),
        Some("$evt0003AbCdEfGhIjKlMnOpQrStUvWxYz")
    );
    assert_eq!(reply.text, "Hi Alice (edited)");
    assert!(reply.edited);
    assert_eq!(
        reply.edited_at.unwrap().to_rfc3339(),
        "2023-11-14T23:13:26+01:00"
    );
    assert_eq!(reply.reactions.len(), 1);
    assert_eq!(reply.reactions[0].emoji, "👍");
    assert_eq!(reply.reactions[0].by.as_deref(), Some("@alice:example.org"));

    let photo = &msgs[4].attachments[0];
    assert_eq!(photo.file_name, "photo.jpg");
    assert_eq!(photo.media_kind, MediaKind::Image);
    assert_eq!(photo.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(photo.size, Some(123456));
    assert_eq!(photo.content_hash, None);
    assert_eq!(msgs[5].attachments[0].file_name, "report.pdf");
    assert_eq!(msgs[5].text, "");

    assert_eq!(
        msgs[6].native_id.as_deref(),
        Some("$evt0009AbCdEfGhIjKlMnOpQrStUvWxYz")
    );
    assert_eq!(msgs[6].text, "");

    // Two missing files, one warning.
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.starts_with("2 attachment"));
}

/// Wraps events in an export object.
fn export(events: &str) -> Vec<u8> {
    format!(
        r#"{{"room_name": "R", "room_creator": "@a:x", "exported_by": "@a:x", "messages": [{events}]}}"#
    )
    .into_bytes()
}

fn ev(kind: &str, id: &str, sender: &str, ts: i64, content: &str) -> String {
    format!(
        r#"{{"type": "{kind}", "event_id": "{id}", "sender": "{sender}", "origin_server_ts": {ts}, "room_id": "!r:x", "content": {content}}}"#
    )
}

#[test]
fn event_variants() {
    struct Case {
        name: &'static str,
        event: String,
        kind: MessageKind,
        text: &'static str,
    }
    let cases = [
        Case {
            name: "notice",
            event: ev(
                "m.room.message",
                "$1",
                "@a:x",
                1,
                r#"{"msgtype": "m.notice", "body": "n"}"#,
            ),
            kind: MessageKind::Text,
            text: "n",
        },
        Case {
            name: "emote uses the display name (mxid when none)",
            event: ev(
                "m.room.message",
                "$1",
                "@a:x",
                1,
                r#"{"msgtype": "m.emote", "body": "waves"}"#,
            ),
            kind: MessageKind::Text,
            text: "* @a:x waves",
        },
        Case {
            name: "location",
            event: ev(
                "m.room.message",
                "$1",
                "@a:x",
                1,
                r#"{"msgtype": "m.location", "body": "Here", "geo_uri": "geo:1,2"}"#,
            ),
            kind: MessageKind::Location,
            text: "geo:1,2",
        },
        Case {
            name: "sticker",
            event: ev(
                "m.sticker",
                "$1",
                "@a:x",
                1,
                r#"{"body": "cat", "url": "mxc://x/y"}"#,
            ),
            kind: MessageKind::Sticker,
            text: "cat",
        },
        Case {
            name: "call invite",
            event: ev("m.call.invite", "$1", "@a:x", 1, r#"{"call_id": "c"}"#),
            kind: MessageKind::Call,
            text: "Call",
        },
        Case {
            name: "poll",
            event: ev(
                "org.matrix.msc3381.poll.start",
                "$1",
                "@a:x",
                1,
                r#"{"org.matrix.msc3381.poll.start": {"question": {"body": "Lunch?"}}}"#,
            ),
            kind: MessageKind::Poll,
            text: "Lunch?",
        },
        Case {
            name: "rename",
            event: ev("m.room.name", "$1", "@a:x", 1, r#"{"name": "New"}"#),
            kind: MessageKind::System,
            text: "@a:x changed the room name to New",
        },
        Case {
            name: "leave",
            event: r#"{"type": "m.room.member", "state_key": "@a:x", "event_id": "$1", "sender": "@a:x", "origin_server_ts": 1, "content": {"membership": "leave"}}"#.to_owned(),
            kind: MessageKind::System,
            text: "@a:x left the room",
        },
    ];
    for case in cases {
        let (r, sink) = run(export(&case.event));
        r.unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let m = &sink.messages[0][0];
        assert_eq!(m.kind, case.kind, "{}", case.name);
        assert_eq!(m.text, case.text, "{}", case.name);
    }
}

#[test]
fn redaction_event_marks_its_target_deleted() {
    let events = [
        ev("m.room.message", "$1", "@a:x", 1, r#"{"msgtype": "m.text", "body": "oops"}"#),
        r#"{"type": "m.room.redaction", "event_id": "$2", "sender": "@a:x", "origin_server_ts": 2, "redacts": "$1", "content": {}}"#.to_owned(),
    ];
    let (r, sink) = run(export(&events.join(",")));
    r.unwrap();
    assert_eq!(sink.messages[0].len(), 1);
    assert_eq!(sink.messages[0][0].kind, MessageKind::Deleted);
}

#[test]
fn latest_edit_wins_even_out_of_order() {
    let edit = |id: &str, ts: i64, text: &str| {
        ev(
            "m.room.message",
            id,
            "@a:x",
            ts,
            &format!(
                r#"{{"body": " * {text}", "m.new_content": {{"body": "{text}"}}, "m.relates_to": {{"rel_type": "m.replace", "event_id": "$1"}}}}"#
            ),
        )
    };
    let events = [
        ev(
            "m.room.message",
            "$1",
            "@a:x",
            1,
            r#"{"msgtype": "m.text", "body": "v1"}"#,
        ),
        edit("$3", 30, "v3"),
        edit("$2", 20, "v2"),
    ];
    let (r, sink) = run(export(&events.join(",")));
    r.unwrap();
    assert_eq!(sink.messages[0].len(), 1);
    assert_eq!(sink.messages[0][0].text, "v3");
    assert!(sink.messages[0][0].edited);
}

#[test]
fn me_option_marks_a_participant() {
    let events = [ev("m.room.message", "$1", "@b:x", 1, r#"{"body": "hi"}"#)];
    let options = ImportOptions {
        me: Some("@b:x".to_owned()),
        ..ImportOptions::default()
    };
    let (r, sink) = run_with(export(&events.join(",")), &options);
    r.unwrap();
    let b = sink.chats[0]
        .participants
        .iter()
        .find(|p| p.key == "@b:x")
        .unwrap();
    assert!(b.is_me);
}

mod malformed_must_not_panic {
    use super::*;

    #[test]
    fn truncated_at_every_length_fails_or_imports_fewer() {
        let data = fixture();
        for n in (0..data.len()).step_by(7) {
            let (r, sink) = run(data[..n].to_vec());
            assert!(r.is_err() || sink.message_count() <= 7, "at {n}");
        }
    }

    #[test]
    fn truncated_file_names_the_position() {
        let data = fixture();
        let (r, _) = run(data[..data.len() / 2].to_vec());
        let e = r.unwrap_err();
        assert!(e.position.is_some(), "{e}");
    }

    #[test]
    fn wrong_types_are_skipped_or_rejected() {
        for body in [
            r#"{"room_name": 5, "messages": [1, "x", null, {"type": 3}]}"#,
            r#"{"messages": {"a": 1}}"#,
            r#"[]"#,
            r#"{"room_name": "r", "messages": [{"type": "m.room.message", "origin_server_ts": 99999999999999999}]}"#,
            r#"{"room_name": "r", "messages": [{"type": "m.room.message", "origin_server_ts": -5, "content": []}]}"#,
        ] {
            let _ = run(body.as_bytes().to_vec());
        }
    }

    #[test]
    fn random_bytes_and_invalid_utf8() {
        let mut x: u32 = 12345;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        assert!(run(noise).0.is_err());
        let mut bad = fixture();
        bad.splice(200..200, [0xff, 0xfe, 0xc3]);
        assert!(run(bad).0.is_err());
    }

    #[test]
    fn huge_string_and_deep_nesting() {
        let huge = format!(
            r#"{{"room_name": "r", "messages": [{{"type": "m.room.message", "origin_server_ts": 1, "content": {{"body": "{}"}}}}]}}"#,
            "a".repeat(5 << 20)
        );
        let (r, sink) = run(huge.into_bytes());
        r.unwrap();
        assert_eq!(sink.messages[0][0].text.len(), 5 << 20);
        let deep = format!(
            r#"{{"room_name": "r", "messages": [{}]}}"#,
            "[".repeat(10_000)
        );
        assert!(run(deep.into_bytes()).0.is_err());
    }
}
