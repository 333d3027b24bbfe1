//! Tests against the Takeout samples in `fixtures/google-chat/`.

use super::*;
use crate::{MemorySink, Warning};
use ferry_model::{ChatKind, MediaKind, Message, MessageKind};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/google-chat")
}

fn run(input: &Input, found: &Detected, options: &ImportOptions) -> MemorySink {
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    crate::import(input, found, options, &mut sink).unwrap();
    sink
}

/// Every Google Chat and Hangouts export in `input`, imported into one sink.
fn import_all(input: &Input, options: &ImportOptions) -> MemorySink {
    let mut sink = MemorySink::new();
    for found in crate::detect(input, None) {
        crate::import(input, &found, options, &mut sink).unwrap();
    }
    sink
}

fn by_id<'a>(sink: &'a MemorySink, id: &str) -> (&'a ferry_model::Chat, &'a [Message]) {
    let i = sink
        .chats
        .iter()
        .position(|c| c.native_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no chat {id}"));
    (&sink.chats[i], &sink.messages[i])
}

fn rfc(m: &Message) -> String {
    m.sent_at.to_rfc3339()
}

#[test]
fn takeout_folder_yields_every_conversation() {
    let input = Input::open(&fixtures().join("Takeout")).unwrap();
    let found = crate::detect(&input, None);
    let mut ids: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            (
                "google-chat",
                "Google Chat/Groups/DM h8mNwAAAAAE/messages.json"
            ),
            (
                "google-chat",
                "Google Chat/Groups/Space AAAAxyz/messages.json"
            ),
            ("hangouts", "Hangouts/Hangouts.json"),
        ]
    );
    let sink = import_all(&input, &ImportOptions::default());
    assert_eq!(sink.chats.len(), 4);
    assert_eq!(sink.message_count(), 4 + 5 + 5 + 4);
}

#[test]
fn takeout_zip_yields_the_same_conversations() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("takeout-20231120.zip");
    let file = std::fs::File::create(&zip_path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let root = fixtures();
    let folder = Input::open(&root.join("Takeout")).unwrap();
    for e in folder.entries() {
        zip.start_file(
            format!("Takeout/{}", e.name),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, &folder.read_all(&e.name).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    let input = Input::open(&zip_path).unwrap();
    assert!(input.is_zip());
    let sink = import_all(&input, &ImportOptions::default());
    assert_eq!(sink.chats.len(), 4);
    assert_eq!(sink.message_count(), 18);
    // The attached file inside the zip is stored too.
    assert_eq!(sink.media.len(), 1);
}

#[test]
fn dm_sample_fields() {
    let input = Input::open(&fixtures().join("Takeout")).unwrap();
    let found = GoogleChatImporter
        .detect(&input)
        .into_iter()
        .find(|d| d.entry.contains("DM "))
        .unwrap();
    assert_eq!(found.label, "Google Chat DM h8mNwAAAAAE");
    let sink = run(&input, &found, &ImportOptions::default());
    let (chat, msgs) = by_id(&sink, "h8mNwAAAAAE");
    assert_eq!(chat.app, ferry_model::App::GoogleChat);
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(
        chat.title, "Bob Test",
        "a DM is named after the other person"
    );
    let people: Vec<(&str, &str, bool)> = chat
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.is_me))
        .collect();
    assert_eq!(
        people,
        [
            ("alice@example.org", "Alice Example", true),
            ("bob@example.org", "Bob Test", false)
        ]
    );
    assert_eq!(msgs.len(), 4);

    let hi = &msgs[0];
    assert_eq!(
        hi.native_id.as_deref(),
        Some("h8mNwAAAAAE/bPj1pNqHdWg/bPj1pNqHdWg")
    );
    assert_eq!(hi.sender.as_deref(), Some("alice@example.org"));
    assert_eq!(hi.text, "Hi Bob 👋 check https://example.org");
    assert_eq!(hi.sent_at.unix_millis(), 1_700_000_000_000);
    assert_eq!(hi.kind, MessageKind::Text);

    let edited = &msgs[1];
    assert_eq!(edited.text, "edited reply");
    assert!(edited.edited);
    assert_eq!(
        edited.edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-14T22:15:00+00:00")
    );
    assert_eq!(
        edited.reply_to.as_deref(),
        Some("h8mNwAAAAAE/bPj1pNqHdWg/bPj1pNqHdWg"),
        "same thread"
    );
    assert_eq!(edited.reactions.len(), 1);
    assert_eq!(edited.reactions[0].emoji, "👍");
    assert_eq!(edited.reactions[0].by.as_deref(), Some("alice@example.org"));

    let picture = &msgs[2];
    assert_eq!(picture.kind, MessageKind::Media);
    assert_eq!(picture.attachments.len(), 1);
    assert_eq!(picture.attachments[0].file_name, "diagram.png");
    assert_eq!(picture.attachments[0].media_kind, MediaKind::Image);
    assert_eq!(
        picture.attachments[0].content_hash, None,
        "the file is not in the sample"
    );
    assert_eq!(picture.reply_to, None);

    let deleted = &msgs[3];
    assert_eq!(deleted.kind, MessageKind::Deleted);
    assert_eq!(rfc(deleted), "2023-11-15T09:00:00+00:00");

    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(
        sink.warnings[0].message.contains("File-diagram.png"),
        "{:?}",
        sink.warnings
    );
}

#[test]
fn space_sample_fields() {
    let input = Input::open(&fixtures().join("Takeout")).unwrap();
    let found = GoogleChatImporter
        .detect(&input)
        .into_iter()
        .find(|d| d.entry.contains("Space "))
        .unwrap();
    let options = ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let sink = run(&input, &found, &options);
    let (chat, msgs) = by_id(&sink, "AAAAxyz");
    assert_eq!(chat.title, "Ferry Space");
    assert_eq!(chat.kind, ChatKind::Group);
    // Three members plus the bot, announced when it first writes.
    let keys: Vec<&str> = chat.participants.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "alice@example.org",
            "bob@example.org",
            "carol@example.org",
            "Ferry Bot"
        ]
    );
    assert_eq!(chat.participants.iter().filter(|p| p.is_me).count(), 1);
    assert_eq!(msgs.len(), 5);

    // U+202F before AM; shown in Berlin's offset.
    assert_eq!(rfc(&msgs[0]), "2023-11-16T09:00:00+01:00");

    let notes = &msgs[1];
    assert_eq!(
        notes.reply_to.as_deref(),
        Some("AAAAxyz/T1/T1"),
        "thread reply"
    );
    assert_eq!(notes.attachments[0].file_name, "notes.txt");
    assert_eq!(notes.attachments[0].size, Some(35));
    assert!(notes.attachments[0].content_hash.is_some());
    let reactions: Vec<(&str, Option<&str>)> = notes
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.as_deref()))
        .collect();
    assert_eq!(
        reactions,
        [
            (":ferry:", Some("bob@example.org")),
            (":ferry:", Some("carol@example.org"))
        ]
    );

    let quoted = &msgs[2];
    assert_eq!(
        quoted.reply_to.as_deref(),
        Some("AAAAxyz/T1/T1"),
        "quoted message"
    );
    assert_eq!(quoted.text, "Agreed with this");

    let call = &msgs[3];
    assert_eq!(call.kind, MessageKind::Call);
    assert_eq!(
        call.text,
        "Video call https://meet.example.org/abc-defg-hij"
    );

    let bot = &msgs[4];
    assert_eq!(bot.sender.as_deref(), Some("Ferry Bot"));
    assert_eq!(bot.attachments[0].content_hash, None);
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].0, "notes.txt");
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("File-agenda.pdf"))
    );
}

#[test]
fn hangouts_sample_fields() {
    let input = Input::open(&fixtures().join("Takeout/Hangouts")).unwrap();
    let found = HangoutsImporter.detect(&input);
    assert_eq!(found.len(), 1);
    let sink = run(&input, &found[0], &ImportOptions::default());
    assert_eq!(sink.chats.len(), 2);

    let (dm, msgs) = by_id(&sink, "UgwDmAAAAAAAAAAAAAAA4AaABAQ");
    assert_eq!(dm.kind, ChatKind::Direct);
    assert_eq!(dm.title, "Bob Test");
    let me: Vec<&str> = dm
        .participants
        .iter()
        .filter(|p| p.is_me)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(me, ["Alice Example"]);
    assert_eq!(msgs.len(), 5);
    assert_eq!(msgs[0].text, "Hi Bob,\nsee https://example.org");
    assert_eq!(msgs[0].native_id.as_deref(), Some("7-H0Z7-a0001"));
    assert_eq!(msgs[0].sender.as_deref(), Some("111111111111111111111"));
    assert_eq!(rfc(&msgs[0]), "2017-07-14T02:40:00+00:00");
    assert_eq!(msgs[1].text, "Hello Alice 👋");
    assert_eq!(msgs[2].kind, MessageKind::Media);
    assert_eq!(msgs[2].attachments[0].file_name, "IMG_0001.jpg");
    assert_eq!(msgs[2].attachments[0].media_kind, MediaKind::Image);
    assert_eq!(msgs[3].kind, MessageKind::Call);
    assert_eq!(msgs[3].text, "Video call started");
    assert_eq!(msgs[4].text, "Video call ended (2:05)");

    let (group, msgs) = by_id(&sink, "UgwGrpAAAAAAAAAAAAAA4AaABAQ");
    assert_eq!(group.kind, ChatKind::Group);
    assert_eq!(group.title, "Ferry Crew");
    let names: Vec<&str> = group.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Alice Example", "Bob Test", "333333333333333333333"],
        "no fallback_name: the gaia id"
    );
    let texts: Vec<(&str, MessageKind)> = msgs.iter().map(|m| (m.text.as_str(), m.kind)).collect();
    assert_eq!(
        texts,
        [
            (
                "Alice Example added Bob Test, 333333333333333333333",
                MessageKind::System
            ),
            (
                "Alice Example renamed the conversation to Ferry Crew",
                MessageKind::System
            ),
            ("hi all", MessageKind::Text),
            ("333333333333333333333 left", MessageKind::System),
        ]
    );
    assert_eq!(sink.skipped.len(), 1, "link sharing is not imported");
    assert!(
        sink.skipped[0]
            .1
            .contains("GROUP_LINK_SHARING_MODIFICATION")
    );
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.starts_with("1 attachment(s)"));
}

#[test]
fn hangouts_legacy_root() {
    let input = Input::open(&fixtures().join("hangouts-legacy/Hangouts.json")).unwrap();
    let found = HangoutsImporter.detect(&input);
    assert_eq!(found.len(), 1);
    let sink = run(&input, &found[0], &ImportOptions::default());
    let (chat, msgs) = by_id(&sink, "UgzOldAAAAAAAAAAAAAA4AaABAQ");
    assert_eq!(chat.title, "Alice Example", "self is Bob in this dump");
    let texts: Vec<&str> = msgs.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["from 2014", "still here"]);
    assert_eq!(msgs[1].sent_at.unix_millis(), 1_400_000_005_000);
}

#[test]
fn hangouts_photo_next_to_the_json_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixtures().join("Takeout/Hangouts/Hangouts.json");
    std::fs::copy(src, dir.path().join("Hangouts.json")).unwrap();
    std::fs::write(dir.path().join("IMG_0001.jpg"), b"jpeg bytes").unwrap();
    let input = Input::open(dir.path()).unwrap();
    let found = HangoutsImporter.detect(&input);
    let sink = run(&input, &found[0], &ImportOptions::default());
    let (_, msgs) = by_id(&sink, "UgwDmAAAAAAAAAAAAAAA4AaABAQ");
    assert_eq!(msgs[2].attachments[0].size, Some(10));
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn me_option_marks_the_owner_without_user_info() {
    let dm = fixtures().join("Takeout/Google Chat/Groups/DM h8mNwAAAAAE");
    let input = Input::open(&dm).unwrap();
    let found = GoogleChatImporter.detect(&input);
    assert_eq!(found.len(), 1);
    let options = ImportOptions {
        me: Some("bob@example.org".to_owned()),
        ..ImportOptions::default()
    };
    let sink = run(&input, &found[0], &options);
    let me: Vec<&str> = sink.chats[0]
        .participants
        .iter()
        .filter(|p| p.is_me)
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(me, ["bob@example.org"]);
    assert_eq!(
        sink.chats[0].title, "Alice Example",
        "named after the other person"
    );
    assert_eq!(
        sink.chats[0].native_id.as_deref(),
        Some("h8mNwAAAAAE"),
        "the id comes from the opened folder's name"
    );
}

#[test]
fn sniffing() {
    let cases: [(&str, &[u8], bool, bool); 8] = [
        ("chat messages", br#"{"messages": [{"creator": {"name": "a"}, "created_date": "x"}]}"#, true, false),
        ("chat empty with group info", br#"{ "messages" : [ ] }"#, true, false),
        ("hangouts new root", br#"{"conversations": [{"conversation": {"conversation_id": {"id": "x"}}}]}"#, false, true),
        ("hangouts old root", br#"{"continuation_end_timestamp": "1", "conversation_state": [{"conversation_id": {"id": "x"}}]}"#, false, true),
        ("matrix export", br#"{"room_name": "x", "messages": [{"origin_server_ts": 1}]}"#, false, false),
        ("slack day file", br#"[{"type": "message", "text": "hi"}]"#, false, false),
        ("instagram-like", br#"{"participants": [], "messages": [{"sender_name": "a"}]}"#, false, false),
        ("binary", b"\xff\xfe\x00\x01", false, false),
    ];
    for (name, head, chat, hangouts) in cases {
        assert_eq!(sniff_chat(head, true), chat, "{name}");
        assert_eq!(sniff_hangouts(head), hangouts, "{name}");
    }
    assert!(
        !sniff_chat(br#"{"messages": []}"#, false),
        "empty list alone is too little"
    );
}

#[test]
fn reimport_is_identical() {
    // Native ids everywhere: a second import yields the same messages.
    let input = Input::open(&fixtures().join("Takeout")).unwrap();
    let a = import_all(&input, &ImportOptions::default());
    let b = import_all(&input, &ImportOptions::default());
    assert_eq!(a.messages, b.messages);
    assert!(a.messages.iter().flatten().all(|m| m.native_id.is_some()));
    assert!(a.chats.iter().all(|c| c.native_id.is_some()));
}

mod malformed {
    //! Bad input must end in an error or a partial import, never a panic.
    use super::*;

    fn chat_file(data: &[u8]) -> Result<MemorySink, crate::ImportError> {
        let input = Input::from_bytes("messages.json", data.to_vec());
        let found = Detected {
            format: Format::of(&GoogleChatImporter),
            entry: "messages.json".to_owned(),
            label: String::new(),
        };
        let mut sink = MemorySink::new();
        crate::import(&input, &found, &ImportOptions::default(), &mut sink).map(|_| sink)
    }

    fn hangouts_file(data: &[u8]) -> Result<MemorySink, crate::ImportError> {
        let input = Input::from_bytes("Hangouts.json", data.to_vec());
        let found = Detected {
            format: Format::of(&HangoutsImporter),
            entry: "Hangouts.json".to_owned(),
            label: String::new(),
        };
        let mut sink = MemorySink::new();
        crate::import(&input, &found, &ImportOptions::default(), &mut sink).map(|_| sink)
    }

    #[test]
    fn bad_inputs_do_not_panic() {
        let dm = std::fs::read(
            fixtures().join("Takeout/Google Chat/Groups/DM h8mNwAAAAAE/messages.json"),
        )
        .unwrap();
        let hang = std::fs::read(fixtures().join("Takeout/Hangouts/Hangouts.json")).unwrap();
        let mut cases: Vec<(String, Vec<u8>)> = vec![
            ("empty".into(), Vec::new()),
            ("random bytes".into(), (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect()),
            ("invalid utf-8".into(), b"{\"messages\": [{\"text\": \"\xff\xfe\"}]}".to_vec()),
            ("huge line".into(), format!("{{\"messages\": [{{\"text\": \"{}\"}}]}}", "x".repeat(2_000_000)).into_bytes()),
            ("wrong types".into(), br#"{"messages": [1, "x", null, {"creator": 5, "created_date": 7, "reactions": {"a": 1}, "attached_files": "no"}]}"#.to_vec()),
            ("hangouts wrong types".into(), br#"{"conversations": [{"conversation": 3, "events": [{"timestamp": "abc"}, {"timestamp": "99999999999999999999"}, {"timestamp": {"x": 1}}, 5]}]}"#.to_vec()),
            ("deep nesting".into(), "[".repeat(10_000).into_bytes()),
        ];
        for cut in [1, 10, 100, dm.len() / 2, dm.len() - 1] {
            cases.push((format!("chat cut at {cut}"), dm[..cut].to_vec()));
        }
        for cut in [1, 50, hang.len() / 3, hang.len() - 2] {
            cases.push((format!("hangouts cut at {cut}"), hang[..cut].to_vec()));
        }
        for (name, data) in &cases {
            let _ = chat_file(data);
            let _ = hangouts_file(data);
            let input = Input::from_bytes("x.json", data.clone());
            let _ = crate::detect(&input, None);
            let _ = name;
        }
    }

    #[test]
    fn truncated_chat_names_the_position() {
        let err = chat_file(br#"{"messages": [{"text": "a"}, {"te"#).unwrap_err();
        assert_eq!(err.file, "messages.json");
        assert!(err.position.and_then(|p| p.line).is_some(), "{err}");
    }

    #[test]
    fn messages_without_dates_are_skipped_not_fatal() {
        let sink = chat_file(br#"{"messages": [{"text": "a"}, {"text": "b", "created_date": "Tuesday, November 14, 2023 at 10:13:20 PM UTC"}]}"#).unwrap();
        assert_eq!(sink.message_count(), 1);
        assert_eq!(sink.skipped.len(), 1);
    }

    #[test]
    fn unknown_zone_is_read_in_the_chosen_zone_with_one_warning() {
        let data = br#"{"messages": [
            {"text": "a", "created_date": "Tuesday, November 14, 2023 at 10:13:20 PM XYZT"},
            {"text": "b", "created_date": "Tuesday, November 14, 2023 at 10:13:21 PM XYZT"}]}"#;
        let sink = chat_file(data).unwrap();
        assert_eq!(sink.message_count(), 2);
        let zone_warnings: Vec<&Warning> = sink
            .warnings
            .iter()
            .filter(|w| w.message.contains("time zone"))
            .collect();
        assert_eq!(zone_warnings.len(), 1);
        assert_eq!(sink.messages[0][0].sent_at.unix_millis(), 1_700_000_000_000);
    }

    #[test]
    fn hangouts_events_before_metadata_still_land_in_a_chat() {
        let data = br#"{"conversations": [{"events": [
            {"event_id": "e1", "sender_id": {"gaia_id": "9"}, "timestamp": "1500000000000000",
             "event_type": "REGULAR_CHAT_MESSAGE", "chat_message": {"message_content": {"segment": [{"type": "TEXT", "text": "early"}]}}}],
            "conversation": {"conversation_id": {"id": "C1"}, "conversation": {"id": {"id": "C1"}, "type": "GROUP", "name": "Late",
            "participant_data": [{"id": {"gaia_id": "9"}, "fallback_name": "Nine"}]}}}]}"#;
        let sink = hangouts_file(data).unwrap();
        assert_eq!(sink.chats.len(), 1);
        assert_eq!(
            sink.chats[0].title, "Late",
            "metadata comes from the first pass"
        );
        assert_eq!(sink.chats[0].participants[0].name, "Nine");
        assert_eq!(sink.messages[0][0].text, "early");
    }
}
