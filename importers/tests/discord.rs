//! Discord importers against every Discord fixture, plus variants built in
//! the tests. Malformed inputs are in `discord_malformed.rs`.

use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MessageKind};
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/discord")
        .join(rel)
}

fn only(input: &Input, format: &str) -> Vec<Detected> {
    detect(input, Some(format.parse().unwrap()))
}

fn run_with(input: &Input, format: &str, options: &ImportOptions) -> MemorySink {
    let found = only(input, format);
    assert_eq!(found.len(), 1, "{format}: {found:?}");
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    import(input, &found[0], options, &mut sink).unwrap();
    sink
}

fn run(path: &str, format: &str) -> MemorySink {
    let input = Input::open(&fixture(path)).unwrap();
    run_with(&input, format, &ImportOptions::default())
}

const SYNTHETIC: &str =
    "dce-json/synthetic_Ferry_Test_Server_-_Text_Channels_-_general_[1000000000000000100].json";

#[test]
fn dce_synthetic_chat_and_participants() {
    let sink = run(SYNTHETIC, "discord-dce");
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Ferry Test Server / general");
    assert_eq!(chat.native_id.as_deref(), Some("1000000000000000100"));
    assert_eq!(chat.kind, ChatKind::Channel);
    let mut keys: Vec<_> = chat.participants.iter().map(|p| p.key.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "300000000000000001",
            "300000000000000002",
            "300000000000000009"
        ]
    );
    let alice = chat
        .participants
        .iter()
        .find(|p| p.key == "300000000000000001")
        .unwrap();
    assert_eq!(alice.name, "Alice");
    assert_eq!(alice.handle.as_deref(), Some("alice_dev"));
    let bob = chat
        .participants
        .iter()
        .find(|p| p.key == "300000000000000002")
        .unwrap();
    assert_eq!(bob.handle.as_deref(), Some("bob.builder#4821"));
    assert_eq!(sink.message_count(), 10);
}

#[test]
fn dce_synthetic_message_fields() {
    let sink = run(SYNTHETIC, "discord-dce");
    let m = &sink.messages[0];
    let ids: Vec<_> = m.iter().map(|m| m.native_id.as_deref().unwrap()).collect();
    assert_eq!(ids[0], "1200000000000000001");
    assert_eq!(ids[9], "1200000000000000010");
    assert_eq!(m[0].sender.as_deref(), Some("300000000000000001"));
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-05-01T09:00:00.123+02:00");
    assert_eq!(
        m[0].text,
        "Hello **world** — see <https://example.org> :wave:"
    );
    // Reply, edit, reactions with users.
    assert_eq!(m[1].reply_to.as_deref(), Some("1200000000000000001"));
    assert!(m[1].edited);
    assert_eq!(
        m[1].edited_at.unwrap().to_rfc3339(),
        "2024-05-01T09:02:00+02:00"
    );
    let reactions: Vec<_> = m[1]
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.as_deref()))
        .collect();
    assert_eq!(
        reactions,
        [
            ("👍", Some("300000000000000001")),
            ("👍", Some("300000000000000009")),
            (":ferryparrot:", Some("300000000000000001")),
        ]
    );
    // Remote attachment: named, sized, no content.
    assert_eq!(m[2].kind, MessageKind::Media);
    let a = &m[2].attachments[0];
    assert_eq!(a.file_name, "screenshot.png");
    assert_eq!(a.size, Some(254331));
    assert_eq!(a.content_hash, None);
    // Bot embed rendered as text.
    assert_eq!(
        m[3].text,
        "Build #42 passed\nAll **38** tests green\nBranch: main"
    );
    assert_eq!(m[3].sender.as_deref(), Some("300000000000000009"));
    // Sticker.
    assert_eq!(m[4].kind, MessageKind::Sticker);
    assert_eq!(m[4].attachments[0].file_name, "Wave.json");
    // Pin notice is a system line, not a reply.
    assert_eq!(m[5].kind, MessageKind::System);
    assert_eq!(m[5].reply_to, None);
    assert_eq!(m[5].sender.as_deref(), Some("300000000000000001"));
    assert_eq!(m[6].kind, MessageKind::Call);
    assert_eq!(m[6].text, "Started a call that lasted 3 minutes.");
    // Forward: the forwarded text, not a reply.
    assert_eq!(m[7].text, "original text of a forwarded message");
    assert_eq!(
        m[7].forwarded_from.as_deref(),
        Some("Discord channel 1000000000000000555")
    );
    assert_eq!(m[7].reply_to, None);
    assert_eq!(m[8].kind, MessageKind::System);
    assert_eq!(m[8].text, "Joined the server.");
    assert_eq!(m[9].text, "multi\nline, with \"quotes\" and ünïcödé 🎉");
    // One summary warning for the two remote files, not one per file.
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.starts_with("2 attachment(s)"));
}

#[test]
fn dce_direct_message_fixture() {
    let sink = run("dce-json/ca_DM_2A_2M.json", "discord-dce");
    let chat = &sink.chats[0];
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(chat.title, "Someones name");
    assert_eq!(chat.native_id.as_deref(), Some("530805775262679064"));
    assert_eq!(chat.participants.len(), 2);
    let someone = chat
        .participants
        .iter()
        .find(|p| p.key == "444444444444444444")
        .unwrap();
    assert_eq!(someone.name, "Someones nickname");
    assert_eq!(someone.handle.as_deref(), Some("Someones name#1234"));
    let m = &sink.messages[0];
    assert_eq!(m.len(), 3);
    // 42 reactions without users: anonymous, emoji decoded from \uD83D\uDC46.
    assert_eq!(m[0].reactions.len(), 42);
    assert!(
        m[0].reactions
            .iter()
            .all(|r| r.emoji == "👆" && r.by.is_none())
    );
    assert_eq!(m[2].native_id.as_deref(), Some("100"));
    assert_eq!(m[2].kind, MessageKind::Call);
}

#[test]
fn dce_server_fixture_drops_repeated_message_and_falls_back_to_name() {
    let sink = run("dce-json/ca_SV_5A_5M.json", "discord-dce");
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "DefleMask / general-chiptune");
    let m = &sink.messages[0];
    // Five entries, the first written twice: four messages.
    assert_eq!(m.len(), 4);
    assert_eq!(m[0].native_id.as_deref(), Some("459136077417021488"));
    assert!(m[0].edited);
    let mlomb = chat
        .participants
        .iter()
        .find(|p| p.key == "111111111111111111")
        .unwrap();
    assert_eq!(mlomb.name, "mlomb");
    assert_eq!(m[2].attachments.len(), 2, "attachment and sticker");
    assert_eq!(m[2].attachments[0].size, Some(165152));
    assert_eq!(
        m[2].attachments[1].media_kind,
        ferry_model::MediaKind::Sticker
    );
    let emojis: Vec<_> = m[3].reactions.iter().map(|r| r.emoji.as_str()).collect();
    assert_eq!(emojis, [":paul:", ":paul:", ":paul:", "❤", "❤"]);
}

/// Regression: each parsing thread announces a participant once, so one
/// met first in a repeated (dropped) message must still be registered from
/// it, or the later messages of that author would have no participant.
#[test]
fn a_participant_first_met_in_a_repeated_message_is_still_registered() {
    let msg = |id: &str, author: &str| {
        format!(
            r#"{{"id":"{id}","type":"Default","timestamp":"2020-01-01T00:00:0{id}+00:00",
            "content":"hi","author":{{"id":"{author}","name":"user{author}","nickname":"Nick {author}"}}}}"#
        )
    };
    let json = format!(
        r#"{{"guild":{{"id":"1","name":"G"}},"channel":{{"id":"2","type":"GuildTextChat","name":"c"}},
        "messages":[{},{},{}]}}"#,
        msg("1", "7"),
        msg("1", "8"),
        msg("2", "8")
    );
    let input = Input::from_bytes("t.json", json.into_bytes());
    let sink = run_with(&input, "discord-dce", &ImportOptions::default());
    let m = &sink.messages[0];
    assert_eq!(m.len(), 2, "the repeated message is dropped");
    assert_eq!(m[1].sender.as_deref(), Some("8"));
    let mut names: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str()))
        .collect();
    names.sort();
    assert_eq!(names, [("7", "Nick 7"), ("8", "Nick 8")]);
}

/// A DCE export written in the tests, with a local media folder.
fn dce_json(message_id: &str, url: &str) -> String {
    format!(
        r#"{{"guild":{{"id":"0","name":"Direct Messages"}},
        "channel":{{"id":"9007199254740993","type":"DirectGroupTextChat","category":"Private","name":"Trio"}},
        "messages":[{{"id":{message_id},"type":"Reply","timestamp":"2020-01-01T00:00:00+05:30",
        "content":"","author":{{"id":"18014398509481985","name":"zed","discriminator":"0000"}},
        "attachments":[{{"id":"1","url":"{url}","fileName":"photo.png","fileSizeBytes":4}}],
        "reference":{{"messageId":"9007199254740995","channelId":"9007199254740993"}}}}]}}"#
    )
}

#[test]
fn ids_beyond_2_pow_53_are_exact_as_strings_and_numbers() {
    for id in ["\"9007199254740993\"", "9007199254740993"] {
        let input = Input::from_bytes("t.json", dce_json(id, "https://x/photo.png").into_bytes());
        let sink = run_with(&input, "discord-dce", &ImportOptions::default());
        let chat = &sink.chats[0];
        assert_eq!(chat.native_id.as_deref(), Some("9007199254740993"));
        assert_eq!(chat.kind, ChatKind::Group);
        let m = &sink.messages[0][0];
        assert_eq!(m.native_id.as_deref(), Some("9007199254740993"), "{id}");
        assert_eq!(m.reply_to.as_deref(), Some("9007199254740995"));
        assert_eq!(m.sender.as_deref(), Some("18014398509481985"));
        assert_eq!(m.sent_at.offset_secs(), 19800);
    }
}

#[test]
fn downloaded_assets_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Trio.json_Files")).unwrap();
    std::fs::write(
        dir.path().join("Trio.json_Files/photo-1A2B.png"),
        b"\x89PNG",
    )
    .unwrap();
    // Windows-style separators, as DCE writes them on Windows.
    let json = dce_json("\"5\"", "Trio.json_Files\\\\photo-1A2B.png");
    std::fs::write(dir.path().join("Trio.json"), json).unwrap();
    let input = Input::open(dir.path()).unwrap();
    let sink = run_with(&input, "discord-dce", &ImportOptions::default());
    let a = &sink.messages[0][0].attachments[0];
    assert_eq!(a.file_name, "photo.png");
    assert_eq!(a.size, Some(4));
    assert!(a.content_hash.is_some());
    assert_eq!(sink.media.len(), 1);
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn missing_local_asset_is_a_warning() {
    let input = Input::from_bytes(
        "t.json",
        dce_json("\"5\"", "t.json_Files/gone.png").into_bytes(),
    );
    let sink = run_with(&input, "discord-dce", &ImportOptions::default());
    assert_eq!(sink.messages[0][0].attachments[0].content_hash, None);
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("gone.png"));
}

#[test]
fn options_me_marks_the_exporter() {
    let input = Input::open(&fixture(SYNTHETIC)).unwrap();
    let opts = ImportOptions {
        me: Some("alice_dev".into()),
        ..ImportOptions::default()
    };
    let sink = run_with(&input, "discord-dce", &opts);
    let me: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .filter(|p| p.is_me)
        .collect();
    assert_eq!(me.len(), 1);
    assert_eq!(me[0].key, "300000000000000001");
}

#[test]
fn dce_csv_fixture() {
    let sink = run("dce-csv/synthetic_general.csv", "discord-dce-csv");
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "synthetic_general");
    assert_eq!(chat.participants.len(), 3);
    let bob = chat
        .participants
        .iter()
        .find(|p| p.key == "300000000000000002")
        .unwrap();
    assert_eq!(bob.name, "bob.builder");
    assert_eq!(bob.handle.as_deref(), Some("bob.builder#4821"));
    let m = &sink.messages[0];
    assert_eq!(m.len(), 10);
    assert!(m.iter().all(|m| m.native_id.is_none()));
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-05-01T09:00:00.123+02:00");
    assert_eq!(m[1].reactions.len(), 3);
    assert_eq!(m[2].kind, MessageKind::Media);
    assert_eq!(m[2].attachments[0].file_name, "screenshot.png");
    assert_eq!(m[9].text, "multi\nline, with \"quotes\" and ünïcödé 🎉");
}

fn check_package(path: &str) -> MemorySink {
    let sink = run(path, "discord-package");
    assert_eq!(sink.chats.len(), 3);
    let titles: Vec<_> = sink.chats.iter().map(|c| c.title.as_str()).collect();
    let kinds: Vec<_> = sink.chats.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [ChatKind::Channel, ChatKind::Direct, ChatKind::Group]
    );
    assert_eq!(titles[0], "Ferry Test Server / general");
    assert_eq!(titles[2], "Discord group DM 1000000000000000300");
    let counts: Vec<_> = sink.messages.iter().map(Vec::len).collect();
    assert_eq!(counts, [2, 1, 1]);
    for (chat, msgs) in sink.chats.iter().zip(&sink.messages) {
        let me = chat.participants.iter().find(|p| p.is_me).unwrap();
        assert_eq!(me.key, "300000000000000001");
        assert_eq!(me.name, "alice_dev");
        assert!(
            msgs.iter()
                .all(|m| m.sender.as_deref() == Some("300000000000000001"))
        );
    }
    let general = &sink.messages[0];
    assert_eq!(general[0].native_id.as_deref(), Some("1234567890123456789"));
    assert_eq!(general[0].text, "hello <@300000000000000002> 👋");
    assert_eq!(general[1].text, "multi\nline, \"quoted\"");
    let files: Vec<_> = general[1]
        .attachments
        .iter()
        .map(|a| a.file_name.as_str())
        .collect();
    assert_eq!(files, ["a.png", "b.png"]);
    let dm = &sink.chats[1];
    let bob = dm
        .participants
        .iter()
        .find(|p| p.key == "300000000000000002")
        .unwrap();
    assert_eq!(bob.name, "bob.builder");
    assert_eq!(sink.chats[2].participants.len(), 3);
    assert_eq!(sink.messages[2][0].kind, MessageKind::Media);
    assert_eq!(
        sink.messages[2][0].attachments[0].file_name,
        "voice-message.ogg"
    );
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    sink
}

#[test]
fn package_2021_csv_layout() {
    let sink = check_package("data-package/package_2021_csv");
    assert_eq!(sink.chats[1].title, "bob.builder#4821");
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2021-03-01T12:00:00.123+00:00"
    );
    assert_eq!(
        sink.messages[1][0].sent_at.to_rfc3339(),
        "2021-03-02T08:30:00.500+00:00"
    );
}

#[test]
fn package_2024_json_layout_with_numeric_ids() {
    let sink = check_package("data-package/package_2024_json");
    assert_eq!(sink.chats[1].title, "bob.builder");
    assert_eq!(
        sink.messages[0][1].native_id.as_deref(),
        Some("1234567890123456790")
    );
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2021-03-01T12:00:00+00:00"
    );
}

#[test]
fn package_times_follow_the_zone_option() {
    let input = Input::open(&fixture("data-package/package_2024_json")).unwrap();
    let opts = ImportOptions {
        tz: chrono_tz::America::New_York,
        ..ImportOptions::default()
    };
    let sink = run_with(&input, "discord-package", &opts);
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2021-03-01T07:00:00-05:00"
    );
}

#[test]
fn package_in_a_zip() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("package.zip");
    let root = fixture("data-package/package_2024_json");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for entry in Input::open(&root).unwrap().entries() {
        w.start_file(entry.name.as_str(), opts).unwrap();
        w.write_all(&std::fs::read(root.join(&entry.name)).unwrap())
            .unwrap();
    }
    w.finish().unwrap();
    let input = Input::open(&zip_path).unwrap();
    let found = only(&input, "discord-package");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry, "Messages");
    assert_eq!(found[0].label, "Discord data package (3 channels)");
    let sink = run_with(&input, "discord-package", &ImportOptions::default());
    assert_eq!(sink.message_count(), 4);
}

#[test]
fn whole_fixture_folder_is_detected_by_content() {
    let input = Input::open(&fixture("")).unwrap();
    let mut found: Vec<_> = detect(&input, None)
        .into_iter()
        .map(|d| (d.format.id(), d.entry))
        .collect();
    found.sort();
    let formats: Vec<_> = found.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        formats,
        [
            "discord-dce",
            "discord-dce",
            "discord-dce",
            "discord-dce-csv",
            "discord-package",
            "discord-package"
        ],
        "{found:?}"
    );
    let entries: Vec<_> = found.iter().map(|(_, e)| e.as_str()).collect();
    assert!(entries.contains(&"data-package/package_2021_csv/messages"));
    assert!(entries.contains(&"data-package/package_2024_json/Messages"));
}

#[test]
fn dce_txt_is_not_claimed() {
    let input = Input::open(&fixture("dce-txt/synthetic_general.txt")).unwrap();
    assert!(
        detect(&input, None)
            .iter()
            .all(|d| !d.format.id().starts_with("discord"))
    );
}

#[test]
fn references_that_are_not_replies() {
    for (what, reference, kind, reply) in [
        (
            "same channel",
            r#"{"messageId":"7","channelId":"9007199254740993"}"#,
            "Default",
            Some("7"),
        ),
        (
            "no channel given",
            r#"{"messageId":"7"}"#,
            "Reply",
            Some("7"),
        ),
        (
            "crosspost",
            r#"{"messageId":"7","channelId":"42"}"#,
            "Default",
            None,
        ),
        (
            "forward",
            r#"{"messageId":"7","type":"Forward"}"#,
            "Default",
            None,
        ),
        (
            "pin notice",
            r#"{"messageId":"7"}"#,
            "ChannelPinnedMessage",
            None,
        ),
    ] {
        let json = format!(
            r#"{{"guild":{{"id":"0"}},"channel":{{"id":"9007199254740993"}},"messages":[{{"id":"8","type":"{kind}",
            "timestamp":"2020-01-01T00:00:00Z","content":"x","reference":{reference}}}]}}"#
        );
        let input = Input::from_bytes("r.json", json.into_bytes());
        let sink = run_with(&input, "discord-dce", &ImportOptions::default());
        assert_eq!(sink.messages[0][0].reply_to.as_deref(), reply, "{what}");
    }
}
