//! The Telegram JSON importer against the real exports in
//! `fixtures/telegram/json`, 2020 to 2024: full-account and single-chat
//! shapes, integer and string ids, with and without `date_unixtime`.

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
