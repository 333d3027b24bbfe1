//! The Telegram JSON importer against the synthetic fixtures in
//! `fixtures/telegram/json` (every entity, media and reaction type; the
//! invalid `\xNN` escape quirk). Real exports of every era:
//! `telegram_json_versions.rs`.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MediaKind, Message, MessageKind};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/telegram/json")
        .join(name)
}

fn options(tz: &str, me: Option<&str>) -> ImportOptions {
    ImportOptions {
        tz: tz.parse().unwrap(),
        me: me.map(str::to_owned),
        ..ImportOptions::default()
    }
}

/// Imports every Telegram JSON export found in `input`.
fn run(input: &Input, opts: &ImportOptions) -> MemorySink {
    let found = detect(input, Some("telegram-json".parse().unwrap()));
    assert!(!found.is_empty(), "no Telegram export detected");
    let mut sink = MemorySink::new();
    for d in &found {
        import(input, d, opts, &mut sink).unwrap();
    }
    sink
}

fn run_fixture(name: &str, opts: &ImportOptions) -> MemorySink {
    let data = std::fs::read(fixture(name)).unwrap();
    run(&Input::from_bytes("result.json", data), opts)
}

fn msg<'a>(sink: &'a MemorySink, chat: usize, id: &str) -> &'a Message {
    sink.messages[chat]
        .iter()
        .find(|m| m.native_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("message {id} not found"))
}

fn rfc(m: &Message) -> String {
    m.sent_at.to_rfc3339()
}

#[test]
fn synthetic_single_chat_chat_and_participants() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", Some("Me Myself")),
    );
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Ferry test group");
    assert_eq!(chat.kind, ChatKind::Group);
    assert_eq!(chat.native_id.as_deref(), Some("1999999999"));
    // 27 entries, one of them "unsupported" (no date, nothing to keep).
    assert_eq!(sink.messages[0].len(), 26);
    assert_eq!(sink.skipped.len(), 1);
    let mut people: Vec<_> = chat
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.is_me))
        .collect();
    people.sort();
    assert_eq!(
        people,
        [
            ("user1000000", "Me Myself", true),
            ("user1000001", "Alice Example", false),
            ("user1000002", "Bob Тестов", false),
            ("user1000099", "Deleted Account", false),
        ]
    );
}

#[test]
fn synthetic_single_chat_text_and_entities() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", None),
    );
    assert_eq!(msg(&sink, 0, "101").text, "Hi all 👋 — first message");
    let m = msg(&sink, 0, "102");
    assert_eq!(
        m.text,
        "bold italic under strike secret\nhttps://example.org/a?b=1 click here \
         (https://example.org/hidden) @alice_example Bob #ferry $USD /start a@example.org \
         +49 30 1234567 4111 1111 1111 1111\ninline()\nfn main() {}\nquoted line 🔥"
    );
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.sender.as_deref(), Some("user1000002"));
    assert_eq!(
        msg(&sink, 0, "119").text,
        "line one\u{2028}line two (U+2028 is written as a \\u2028 escape)"
    );
}

#[test]
fn synthetic_single_chat_times_follow_unixtime_in_the_zone() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", None),
    );
    assert_eq!(rfc(msg(&sink, 0, "100")), "2024-03-28T02:00:00+01:00");
    // Across the DST switch of 2024-03-31: offsets change, instants stay exact.
    assert_eq!(rfc(msg(&sink, 0, "125")), "2024-03-31T01:53:20+01:00");
    assert_eq!(rfc(msg(&sink, 0, "126")), "2024-03-31T04:00:00+02:00");
    let edited = msg(&sink, 0, "102");
    assert!(edited.edited);
    assert_eq!(
        edited.edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-29T02:05:00+01:00")
    );
    assert!(!msg(&sink, 0, "101").edited);

    let utc = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("UTC", None),
    );
    assert_eq!(rfc(msg(&utc, 0, "101")), "2024-03-28T01:01:00+00:00");
    assert_eq!(msg(&utc, 0, "101").sent_at, msg(&sink, 0, "101").sent_at);
}

#[test]
fn synthetic_single_chat_replies_forwards_service() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", None),
    );
    assert_eq!(msg(&sink, 0, "103").reply_to.as_deref(), Some("102"));
    // A reply into another chat does not point at a message of this one.
    assert_eq!(msg(&sink, 0, "123").reply_to, None);
    assert_eq!(
        msg(&sink, 0, "104").forwarded_from.as_deref(),
        Some("Ferry News Channel")
    );
    assert_eq!(
        msg(&sink, 0, "105").forwarded_from.as_deref(),
        Some("Hidden account")
    );

    let created = msg(&sink, 0, "100");
    assert_eq!(created.kind, MessageKind::System);
    assert_eq!(created.sender.as_deref(), Some("user1000000"));
    assert_eq!(
        created.text,
        "Me Myself created group «Ferry test group» with members Alice Example, Bob Тестов"
    );
    let pin = msg(&sink, 0, "117");
    assert_eq!(pin.kind, MessageKind::System);
    assert_eq!(pin.text, "Bob Тестов pinned a message");
    assert_eq!(pin.reply_to.as_deref(), Some("116"));
    let call = msg(&sink, 0, "121");
    assert_eq!(call.kind, MessageKind::Call);
    assert_eq!(call.text, "Alice Example started a voice chat (1 min 35 s)");
    assert_eq!(
        msg(&sink, 0, "124").text,
        "Me Myself added Carol, Deleted Account"
    );
    assert_eq!(
        msg(&sink, 0, "125").text,
        "Me Myself created topic «Travel»"
    );
    assert_eq!(msg(&sink, 0, "122").sender.as_deref(), Some("user1000099"));
}

#[test]
fn synthetic_single_chat_media_polls_locations_contacts() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", None),
    );
    let att = |id: &str| {
        let m = msg(&sink, 0, id);
        assert_eq!(m.attachments.len(), 1, "{id}");
        let a = &m.attachments[0];
        (
            m.kind,
            a.file_name.as_str(),
            a.media_kind,
            a.size,
            a.content_hash.is_some(),
        )
    };
    assert_eq!(
        att("106"),
        (
            MessageKind::Media,
            "photo_1@31-03-2024_08-00-00.jpg",
            MediaKind::Image,
            Some(84213),
            false
        )
    );
    assert_eq!(msg(&sink, 0, "106").text, "Photo with caption");
    assert_eq!(
        att("107"),
        (
            MessageKind::Media,
            "photo",
            MediaKind::Image,
            Some(2210432),
            false
        )
    );
    assert_eq!(
        att("108"),
        (
            MessageKind::Media,
            "audio_1@31-03-2024_08-20-00.ogg",
            MediaKind::Voice,
            Some(11622),
            false
        )
    );
    assert_eq!(
        msg(&sink, 0, "108").attachments[0].mime.as_deref(),
        Some("audio/ogg")
    );
    assert_eq!(
        att("109"),
        (
            MessageKind::Sticker,
            "sticker.webp",
            MediaKind::Sticker,
            Some(27362),
            false
        )
    );
    assert_eq!(msg(&sink, 0, "109").text, "😂");
    assert_eq!(
        att("110"),
        (
            MessageKind::Media,
            "clip.mp4",
            MediaKind::Video,
            Some(1048576),
            false
        )
    );
    assert_eq!(
        att("111"),
        (
            MessageKind::Media,
            "report.pdf",
            MediaKind::Document,
            Some(302113),
            false
        )
    );
    assert_eq!(
        att("112"),
        (
            MessageKind::Media,
            "holiday.gif.mp4",
            MediaKind::Gif,
            Some(91234567),
            false
        )
    );
    assert_eq!(
        att("118"),
        (
            MessageKind::Media,
            "animation",
            MediaKind::Gif,
            Some(200000),
            false
        )
    );

    let poll = msg(&sink, 0, "113");
    assert_eq!(poll.kind, MessageKind::Poll);
    assert_eq!(
        poll.text,
        "Poll: Lunch?\n- Pizza (2 votes, chosen)\n- Sushi (1 vote)"
    );
    let loc = msg(&sink, 0, "114");
    assert_eq!(loc.kind, MessageKind::Location);
    assert_eq!(loc.text, "Location: 52.520008, 13.404954");
    let contact = msg(&sink, 0, "115");
    assert_eq!(contact.kind, MessageKind::Contact);
    assert_eq!(contact.text, "Contact: Carol, +1 555 0100");
    assert_eq!(contact.attachments[0].file_name, "contact_1.vcard");
    assert_eq!(contact.attachments[0].media_kind, MediaKind::Contact);

    // Files named but absent from the input are warnings, never errors.
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.location.contains("message 107") && w.message.contains("File not included"))
    );
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("photos/photo_1@31-03-2024_08-00-00.jpg"))
    );
}

#[test]
fn synthetic_single_chat_reactions() {
    let sink = run_fixture(
        "synthetic_single_chat_2024.result.json",
        &options("Europe/Berlin", None),
    );
    let m = msg(&sink, 0, "116");
    let named: Vec<_> = m
        .reactions
        .iter()
        .filter(|r| r.by.is_some())
        .map(|r| {
            (
                r.emoji.as_str(),
                r.by.as_deref().unwrap(),
                r.at.unwrap().to_rfc3339(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("👍", "user1000001", "2024-03-31T01:35:00+01:00".to_owned()),
            ("👍", "user1000002", "2024-03-31T01:36:40+01:00".to_owned()),
        ]
    );
    let count = |e: &str| m.reactions.iter().filter(|r| r.emoji == e).count();
    assert_eq!(count("custom_emoji:5368324170671202286"), 1);
    assert_eq!(count("⭐"), 5);
    assert_eq!(m.reactions.len(), 8);
}

#[test]
fn invalid_x_escape_is_repaired() {
    let sink = run_fixture("quirk_invalid_x_escape.result.json", &options("UTC", None));
    assert_eq!(sink.chats[0].title, "Quirk bot");
    assert_eq!(sink.chats[0].kind, ChatKind::Direct);
    assert_eq!(msg(&sink, 0, "1").text, "field\u{1}separated\u{1}values");
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("repaired 4 invalid"))
    );
    // The bot is the peer of the chat and the sender.
    let keys: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(keys, ["user3000003"]);
}

#[test]
fn detect_labels_and_ignores_other_json() {
    let input = Input::from_bytes(
        "result.json",
        std::fs::read(fixture("synthetic_single_chat_2024.result.json")).unwrap(),
    );
    let found = detect(&input, None);
    let tg: Vec<_> = found
        .iter()
        .filter(|d| d.format.id() == "telegram-json")
        .collect();
    assert_eq!(tg.len(), 1);
    assert_eq!(tg[0].label, "Telegram chat «Ferry test group»");
    let input = Input::from_bytes(
        "result.json",
        std::fs::read(fixture("fz_2020-01.result.json")).unwrap(),
    );
    assert_eq!(
        detect(&input, None)[0].label,
        "Telegram export of a whole account"
    );
    for other in [
        &br#"{"name": "x", "messages": []}"#[..],
        b"[]",
        b"{\"about\": 1}",
        b"\xff\xfe",
    ] {
        let input = Input::from_bytes("result.json", other.to_vec());
        assert!(detect(&input, Some("telegram-json".parse().unwrap())).is_empty());
    }
}
