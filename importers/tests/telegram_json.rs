//! The Telegram JSON importer against every fixture in `fixtures/telegram/json`.

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
fn full_account_2020_every_chat_with_me() {
    let sink = run_fixture("fz_2020-01.result.json", &options("Asia/Tashkent", None));
    let chats: Vec<_> = sink
        .chats
        .iter()
        .map(|c| (c.title.as_str(), c.kind, c.native_id.as_deref().unwrap()))
        .collect();
    assert_eq!(
        chats,
        [
            ("ppppppp gggggg", ChatKind::Group, "8123123123"),
            ("Vvvvv", ChatKind::Direct, "9777777777"),
            ("Deleted Account", ChatKind::Direct, "4321012345"),
            ("Ddddddd", ChatKind::Direct, "9333333333"),
        ]
    );
    let counts: Vec<_> = sink.messages.iter().map(Vec::len).collect();
    assert_eq!(counts, [31, 12, 5, 2]);
    for chat in &sink.chats {
        let me: Vec<_> = chat.participants.iter().filter(|p| p.is_me).collect();
        assert_eq!(me.len(), 1, "{}", chat.title);
        assert_eq!(me[0].key, "user11111111");
        assert_eq!(me[0].name, "Aaaaa Aaaaaaaaaaa");
        assert_eq!(me[0].phone.as_deref(), Some("+998 91 1234567"));
        assert_eq!(me[0].handle.as_deref(), Some("@frozenspider"));
    }
    // Integer from_id of 2020 exports become the same keys as later exports.
    let first = msg(&sink, 0, "4725");
    assert_eq!(first.sender.as_deref(), Some("user22222222"));
    // No date_unixtime: the naive date is read in the given zone.
    assert_eq!(rfc(first), "2016-11-09T00:29:16+05:00");
    // "edited": "1970-01-01T05:00:00" is Telegram's "never edited".
    let edited: Vec<_> = sink
        .messages
        .iter()
        .flatten()
        .filter(|m| m.edited)
        .map(|m| m.native_id.as_deref().unwrap())
        .collect();
    assert_eq!(edited, ["67346", "129455"]);
    assert_eq!(
        msg(&sink, 0, "129455")
            .edited_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2019-09-24T20:49:31+05:00")
    );
    assert_eq!(msg(&sink, 0, "39740").reply_to.as_deref(), Some("39739"));
    assert_eq!(
        msg(&sink, 0, "61541").forwarded_from.as_deref(),
        Some("Tashkent24 - Новости Узбекистана")
    );
    let call = msg(&sink, 1, "40163");
    assert_eq!(call.kind, MessageKind::Call);
    assert_eq!(call.text, "Vvvvv Vvvvvvvvv called (1 min 17 s)");
    assert_eq!(
        msg(&sink, 1, "40149").text,
        "Vvvvv Vvvvvvvvv called (missed)"
    );
    assert_eq!(msg(&sink, 3, "91190").text, "History cleared");
    assert_eq!(msg(&sink, 0, "129455").kind, MessageKind::Location);
    assert_eq!(msg(&sink, 0, "132894").kind, MessageKind::Poll);
    assert!(
        msg(&sink, 0, "132894")
            .text
            .starts_with("Poll: Вечерний Мудозвон – это...")
    );
    let sticker = msg(&sink, 0, "4744");
    assert_eq!(sticker.kind, MessageKind::Sticker);
    assert_eq!(sticker.text, "😆");
    assert_eq!(sticker.attachments[0].file_name, "sticker.webp");
    // A contact without a phone number.
    assert_eq!(msg(&sink, 0, "103927").text, "Contact: Марат Такси Сам");
    // Deleted accounts keep their id as key.
    let nameless: Vec<_> = sink.chats[2]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str()))
        .collect();
    assert!(nameless.contains(&("user32507588", "Deleted Account")));
    // Same-second messages keep file order.
    let ids: Vec<_> = sink.messages[2]
        .iter()
        .map(|m| m.native_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["24712", "24713", "24714", "24715", "24716"]);
}

#[test]
fn full_account_2021_to_2024_variants() {
    let s = run_fixture("fz_2021-05.result.json", &options("UTC", None));
    assert_eq!(s.messages[0].len(), 3);
    assert_eq!(msg(&s, 0, "4721").sender.as_deref(), Some("channel8112233"));
    assert_eq!(
        msg(&s, 0, "4721").text,
        "My Old Group converted the group «My Group» to a supergroup"
    );

    let s = run_fixture("fz_2023-01.result.json", &options("UTC", None));
    assert_eq!(s.messages[0].len(), 6);
    assert_eq!(rfc(msg(&s, 0, "-999999999")), "2016-02-10T16:55:03+00:00");
    assert_eq!(
        msg(&s, 0, "111111").text,
        "this contains a lot of stuff: 😁http://mylink.org/HIDE ME"
    );
    assert_eq!(
        msg(&s, 0, "111112").text,
        "Aaaaa Aaaaaaaaaaa added Deleted Account"
    );
    assert_eq!(
        msg(&s, 0, "111114").text,
        "Aaaaa Aaaaaaaaaaa: suggest profile photo"
    );
    assert_eq!(msg(&s, 0, "111114").attachments[0].file_name, "photo");

    let s = run_fixture("fz_2023-10_audio-video.result.json", &options("UTC", None));
    let kinds: Vec<_> = s.messages[0]
        .iter()
        .map(|m| {
            (
                m.attachments[0].file_name.as_str(),
                m.attachments[0].media_kind,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("audio_file.mp3", MediaKind::Audio),
            ("audio_file.mp3", MediaKind::Audio),
            ("video_file.mp4", MediaKind::Video),
            ("video_file.mp4", MediaKind::Video),
        ]
    );
    assert_eq!(
        s.chats[0]
            .participants
            .iter()
            .filter(|p| p.name == "Deleted Account")
            .count(),
        1
    );

    let s = run_fixture(
        "fz_2024-01_inline-bot-buttons.result.json",
        &options("UTC", None),
    );
    assert_eq!(s.chats[0].kind, ChatKind::Direct);
    assert_eq!(s.messages[0].len(), 5);
    assert_eq!(msg(&s, 0, "11111").text, "Some initial bold text");
    assert_eq!(msg(&s, 0, "11113").text, "");
    // Me is the sender here; the peer comes from the chat id.
    let keys: Vec<_> = s.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.is_me))
        .collect();
    assert_eq!(keys, [("user11111111", true), ("user123123123", false)]);

    let s = run_fixture(
        "fz_2024-02_create-channel_saved-from.result.json",
        &options("UTC", None),
    );
    assert_eq!(
        msg(&s, 0, "11111").text,
        "Dummy Supergroup created channel «Dummy Supergroup»"
    );
    assert_eq!(
        msg(&s, 0, "11112").forwarded_from.as_deref(),
        Some("Forwarded From Name")
    );
}

#[test]
fn single_chat_channel_2021() {
    let s = run_fixture(
        "tg2md_2021_channel.result.json",
        &options("Europe/Berlin", None),
    );
    assert_eq!(s.chats[0].title, "test");
    assert_eq!(s.chats[0].kind, ChatKind::Channel);
    assert_eq!(s.messages[0].len(), 19);
    let keys: Vec<_> = s.chats[0]
        .participants
        .iter()
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(keys, ["channel1292077344"]);
    // Naive dates through the zone (no date_unixtime in 2021).
    assert_eq!(rfc(msg(&s, 0, "2")), "2020-11-12T12:54:07+01:00");
    assert_eq!(rfc(msg(&s, 0, "21")), "2021-07-12T13:17:15+02:00");
    let edited = msg(&s, 0, "5");
    assert_eq!(
        edited.edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2020-11-12T13:03:00+01:00")
    );
    assert_eq!(
        edited.text,
        "italic\n\nbold\n\nunderline\n\nstrikethrough\n\nmonospace"
    );
    assert_eq!(
        msg(&s, 0, "14").text,
        "text link\n\n (http://example.com/)example.com\n\nexample@example.com"
    );
    assert_eq!(msg(&s, 0, "22").attachments[0].media_kind, MediaKind::Image);
    assert_eq!(msg(&s, 0, "26").attachments[0].file_name, "LICENSE.md");
    assert_eq!(msg(&s, 0, "8").attachments[0].media_kind, MediaKind::Audio);
    assert_eq!(msg(&s, 0, "7").attachments[0].media_kind, MediaKind::Voice);
}

#[test]
fn me_from_options_by_key_or_name() {
    for me in ["channel1292077344", "1292077344", "test"] {
        let s = run_fixture("tg2md_2021_channel.result.json", &options("UTC", Some(me)));
        assert!(s.chats[0].participants[0].is_me, "{me}");
    }
    let s = run_fixture(
        "tg2md_2021_channel.result.json",
        &options("UTC", Some("someone")),
    );
    assert!(!s.chats[0].participants[0].is_me);
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
