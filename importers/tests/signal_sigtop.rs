//! sigtop output (JSON and text) against the fixtures, plus edge cases and
//! malformed input.

use ferry_importers::signal::sigtop::SigtopImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink, detect};
use ferry_model::{ChatKind, MediaKind, MessageKind};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/signal/sigtop");
const JSON: &str = "Alice_Example_(+31600000001).json";
const TEXT: &str = "Alice_Example_(+31600000001).txt";

fn options() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Amsterdam".parse().unwrap(),
        ..ImportOptions::default()
    }
}

fn run(name: &str, data: Vec<u8>) -> (MemorySink, Result<(), ferry_importers::ImportError>) {
    let input = Input::from_bytes(name, data);
    let mut sink = MemorySink::new();
    let found = SigtopImporter.detect(&input);
    let Some(f) = found.first() else {
        return (
            sink,
            Err(ferry_importers::ImportError::new(
                name,
                ferry_importers::ImportErrorKind::Unrecognised(String::new()),
            )),
        );
    };
    let res = SigtopImporter.import(&input, f, &options(), &mut sink);
    (sink, res)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

#[test]
fn folder_of_sigtop_files_detects_both_layouts() {
    let input = Input::open(std::path::Path::new(DIR)).unwrap();
    let found = detect(&input, None);
    let ids: Vec<_> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert!(ids.contains(&("sigtop", JSON)), "{ids:?}");
    assert!(ids.contains(&("sigtop", TEXT)), "{ids:?}");
    assert_eq!(found.len(), 2, "{ids:?}");
}

#[test]
fn json_fixture() {
    let (sink, res) = run(JSON, fixture(JSON));
    res.unwrap();
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice Example (+31600000001)");
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(
        chat.native_id.as_deref(),
        Some("3f9e6c1a-0b8e-4c7e-9d2f-1a2b3c4d5e6f")
    );
    let alice = chat.participants.iter().find(|p| !p.is_me).unwrap();
    assert_eq!(alice.key, "a1a1a1a1-1111-4111-8111-111111111111");
    assert_eq!(alice.name, "Alice Example");
    assert_eq!(alice.phone.as_deref(), Some("+31600000001"));
    assert!(chat.participants.iter().any(|p| p.is_me && p.key == "me"));

    let m = &sink.messages[0];
    assert_eq!(m.len(), 5);
    assert_eq!(m[0].text, "Hoi \u{fffc}! Zullen we morgen afspreken? 🚲");
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-06-10T08:13:20+02:00");
    assert_eq!(
        m[0].native_id.as_deref(),
        Some("1718000000000:a1a1a1a1-1111-4111-8111-111111111111")
    );
    assert_eq!(m[0].reactions.len(), 1);
    assert_eq!(m[0].reactions[0].emoji, "👍");
    assert_eq!(m[0].reactions[0].by.as_deref(), Some("me"));
    // The reply quotes the first message and was edited once.
    assert_eq!(m[1].sender.as_deref(), Some("me"));
    assert_eq!(m[1].reply_to, m[0].native_id);
    assert_eq!(m[1].text, "Ja, 10 uur bij het station");
    assert!(m[1].edited);
    assert_eq!(
        m[1].edited_at.unwrap().to_rfc3339(),
        "2024-06-10T08:15:50+02:00"
    );
    assert_eq!(m[1].sent_at.to_rfc3339(), "2024-06-10T08:15:20+02:00");
    // Attachment named, not included: kept without content, with a warning.
    assert_eq!(m[2].kind, MessageKind::Media);
    let a = &m[2].attachments[0];
    assert_eq!(
        (a.file_name.as_str(), a.mime.as_deref(), a.size),
        ("IMG_2024.jpg", Some("image/jpeg"), Some(183204))
    );
    assert_eq!(a.media_kind, MediaKind::Image);
    assert!(a.content_hash.is_none());
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("1 attachments"));
    assert_eq!(m[3].kind, MessageKind::Call);
    assert_eq!(m[3].sender, None);
    assert_eq!(m[4].kind, MessageKind::System);
    assert_eq!(m[4].text, "Disappearing messages timer set to 1 week");
}

#[test]
fn text_fixture() {
    let (sink, res) = run(TEXT, fixture(TEXT));
    res.unwrap();
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice Example (+31600000001)");
    let alice = chat.participants.iter().find(|p| !p.is_me).unwrap();
    assert_eq!(
        (alice.key.as_str(), alice.name.as_str()),
        ("+31600000001", "Alice Example")
    );
    let m = &sink.messages[0];
    assert_eq!(m.len(), 5);
    assert_eq!(m[0].text, "Hoi @Me! Zullen we morgen afspreken? 🚲");
    assert_eq!(m[0].sender.as_deref(), Some("+31600000001"));
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-06-10T08:13:20+02:00");
    assert_eq!(m[0].reactions[0].by.as_deref(), Some("me"));
    assert_eq!(m[1].sender.as_deref(), Some("me"));
    assert_eq!(m[1].text, "Ja, 10 uur bij het station");
    assert!(m[1].edited);
    assert_eq!(
        m[1].edited_at.unwrap().to_rfc3339(),
        "2024-06-10T08:15:50+02:00"
    );
    assert_eq!(m[1].reply_to, m[0].native_id);
    assert_eq!(m[2].kind, MessageKind::Media);
    assert_eq!(m[2].attachments[0].size, Some(183204));
    assert_eq!(m[2].text, "");
    assert_eq!(m[3].kind, MessageKind::Call);
    assert_eq!(m[4].kind, MessageKind::System);
    assert_eq!(m[4].text, "Signal notice: timer notification");
}

#[test]
fn json_drifted_keys_groups_stickers_and_deletions() {
    // Older Desktop spelling (`sourceUuid`, `authorUuid`), a second sender
    // (a group), a sticker, a remote delete, a story and a voice note.
    let lines = [
        r#"{"conversationId":"g1","type":"incoming","body":"hi","sent_at":1000,"sourceUuid":"u-1","source":"+1"}"#,
        r#"{"conversationId":"g1","type":"incoming","body":"","sent_at":2000,"sourceServiceId":"u-2","sticker":{"packId":"p","stickerId":3,"emoji":"🐱"}}"#,
        r#"{"conversationId":"g1","type":"outgoing","body":"yes","sent_at":3000,"quote":{"id":1000,"authorUuid":"u-1"}}"#,
        r#"{"conversationId":"g1","type":"incoming","body":"oops","sent_at":4000,"sourceServiceId":"u-2","deletedForEveryone":true}"#,
        r#"{"conversationId":"g1","type":"story","sent_at":5000}"#,
        r#"{"conversationId":"g1","type":"outgoing","sent_at":6000,"attachments":[{"contentType":"audio/aac","size":10,"flags":1}],"quote":{"id":2500,"authorAci":"someone-else"}}"#,
        r#"{"conversationId":"g1","type":"group-v2-change","sent_at":7000}"#,
        r#"{"conversationId":"g1","type":"call-history","sent_at":8000,"callHistoryDetails":{"wasIncoming":true,"wasVideoCall":true}}"#,
    ];
    let data = format!("[\n{}\n]\n", lines.join(",\n"));
    let (sink, res) = run("Climbing.json", data.into_bytes());
    res.unwrap();
    assert_eq!(sink.chats[0].kind, ChatKind::Group);
    assert_eq!(sink.chats[0].title, "Climbing");
    let m = &sink.messages[0];
    assert_eq!(m.len(), 7, "the story is skipped");
    assert_eq!(sink.skipped.len(), 1);
    assert_eq!(m[0].sender.as_deref(), Some("u-1"));
    let first = sink.chats[0]
        .participants
        .iter()
        .find(|p| p.key == "u-1")
        .unwrap();
    assert_eq!(first.name, "+1", "a group title does not name its members");
    assert_eq!(m[1].kind, MessageKind::Sticker);
    assert_eq!(m[1].text, "🐱");
    assert_eq!(m[2].reply_to.as_deref(), Some("1000:u-1"));
    assert_eq!(m[3].kind, MessageKind::Deleted);
    assert_eq!(m[3].text, "");
    assert_eq!(m[4].attachments[0].media_kind, MediaKind::Voice);
    // A quoted author never seen writing is the exporter.
    assert_eq!(m[4].reply_to.as_deref(), Some("2500:me"));
    assert_eq!(
        (m[5].kind, m[5].text.as_str()),
        (MessageKind::System, "Group updated")
    );
    assert_eq!(
        (m[6].kind, m[6].text.as_str()),
        (MessageKind::Call, "Missed video call")
    );
}

#[test]
fn text_quote_without_edits_and_multiline_bodies() {
    let text = "Conversation: Bob (+2)\n\n\
                From: Bob (+2)\nType: incoming\nSent: Tue, 2 Jan 2024 10:00:00 +0100\nReceived: Tue, 2 Jan 2024 10:00:01 +0100\n\nfirst line\n\nthird line\n\n\
                From: You\nType: outgoing\nSent: Tue, 2 Jan 2024 10:01:00 +0100\n\n> From: Bob (+2)\n> Sent: Tue, 2 Jan 2024 10:00:00 +0100\n>\n> first line\n\nanswer\n\n";
    let (sink, res) = run("Bob_(+2).txt", text.as_bytes().to_vec());
    res.unwrap();
    let m = &sink.messages[0];
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].text, "first line\n\nthird line");
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-01-02T10:00:00+01:00");
    assert_eq!(m[1].text, "answer");
    assert_eq!(m[1].reply_to, m[0].native_id);
}

#[test]
fn malformed_sigtop_inputs_fail_cleanly() {
    // (name, content, expected error fragment); none may panic.
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a.json",
            b"[\n{\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":1},\n{\"conversationId\":\"c\",\"type\":\"inc".to_vec(),
            "line 3",
        ),
        (
            "a.json",
            b"[\n{\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":1},\n{\"conversationId\":\"c\",\"type\":\"incoming\",\"body\":\"x\"}\n]".to_vec(),
            "without sent_at",
        ),
        (
            "a.json",
            b"[\n{\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":99999999999999999}\n]".to_vec(),
            "impossible time",
        ),
        (
            "a.json",
            b"[\n{\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":1,\"body\":\"\xff\"}\n]".to_vec(),
            "line 2",
        ),
        (
            "a.txt",
            b"Conversation: X\n\nFrom: You\nType: outgoing\nSent: not a date\n\nhi\n".to_vec(),
            "Sent: date",
        ),
        (
            "a.txt",
            b"Conversation: X\n\nFrom: You\nType: outgoing\nSent: Tue, 2 Jan 2024 10:00:00 +0100\n\n\xff\xfe\n".to_vec(),
            "invalid UTF-8",
        ),
    ];
    for (name, data, want) in cases {
        let (_, res) = run(name, data);
        let e = res.expect_err(name);
        assert!(e.to_string().contains(want), "{name}: {e}");
    }
    // Huge lines and random bytes: no panic, and random bytes are not sigtop.
    let huge = format!(
        "[\n{{\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":1,\"body\":\"{}\"}}\n]",
        "x".repeat(4 << 20)
    );
    let (sink, res) = run("big.json", huge.into_bytes());
    res.unwrap();
    assert_eq!(sink.messages[0][0].text.len(), 4 << 20);
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for name in ["n.json", "n.txt"] {
        assert!(
            SigtopImporter
                .detect(&Input::from_bytes(name, noise.clone()))
                .is_empty()
        );
    }
}

#[test]
fn a_long_first_body_does_not_hide_the_format() {
    let body = "y".repeat(10_000);
    let data = format!(
        "[\n{{\"id\":\"1\",\"conversationId\":\"c\",\"type\":\"incoming\",\"body\":\"{body}\",\"sent_at\":5,\"source\":\"+3\"}}\n]\n"
    );
    let (sink, res) = run("Carl_(+3).json", data.into_bytes());
    res.unwrap();
    assert_eq!(sink.messages[0][0].text.len(), 10_000);
    assert_eq!(sink.messages[0][0].sender.as_deref(), Some("+3"));
}

/// Regression: a reaction from the chat's own conversation id named an
/// arbitrary author once the chat had two (a hash set's first element, which
/// changes from run to run); it is the first author, every time.
#[test]
fn a_reaction_by_the_chats_own_id_names_the_first_author_every_time() {
    let data = concat!(
        "[\n",
        r#"{"conversationId":"c","type":"incoming","sent_at":1000,"sourceServiceId":"aci-first","body":"a"},"#,
        "\n",
        r#"{"conversationId":"c","type":"incoming","sent_at":2000,"source":"+31600000009","body":"b"},"#,
        "\n",
        r#"{"conversationId":"c","type":"outgoing","sent_at":3000,"body":"c","reactions":[{"emoji":"👍","fromId":"c"}]}"#,
        "\n]\n"
    );
    for run_no in 0..8 {
        let (sink, res) = run(JSON, data.as_bytes().to_vec());
        res.unwrap();
        let m = &sink.messages[0];
        assert_eq!(m.len(), 3);
        assert_eq!(
            m[2].reactions[0].by.as_deref(),
            Some("aci-first"),
            "run {run_no}"
        );
    }
}
