//! X archive DM importer against `fixtures/x/`.

use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{App, ChatKind, MediaKind, Message, MessageKind};
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/x")
        .join(rel)
}

fn import_all(input: &Input, options: &ImportOptions) -> (Vec<Detected>, MemorySink) {
    let found = detect(input, None);
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    for d in &found {
        import(input, d, options, &mut sink).unwrap_or_else(|e| panic!("{}: {e}", d.entry));
    }
    (found, sink)
}

fn chat(sink: &MemorySink, native_id: &str) -> usize {
    sink.chats
        .iter()
        .position(|c| c.native_id.as_deref() == Some(native_id))
        .unwrap_or_else(|| panic!("no chat {native_id}"))
}

fn texts(ms: &[Message]) -> Vec<&str> {
    ms.iter().map(|m| m.text.as_str()).collect()
}

const ME: &str = "1400000000000000001";

/// A zip in `dir` named like an X archive, holding files of `archive_2024`
/// (`(path in the fixture, name in the zip)`).
fn zip_of_fixture(dir: &std::path::Path, files: &[(&str, &str)]) -> PathBuf {
    use std::io::Write;
    let zip_path = dir.join("twitter-2024-03-10-abc.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let root = fixture("archive_2024");
    for (rel, name) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&std::fs::read(root.join(rel)).unwrap())
            .unwrap();
    }
    w.finish().unwrap();
    zip_path
}

#[test]
fn archive_2024_detects_direct_and_group_files() {
    let input = Input::open(&fixture("archive_2024")).unwrap();
    let found = detect(&input, None);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("x-dms", "data/direct-messages.js"),
            ("x-dms", "data/direct-messages-group.js"),
        ]
    );
}

#[test]
fn one_to_one_conversations_across_parts() {
    let input = Input::open(&fixture("archive_2024")).unwrap();
    let (_, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(sink.chats.len(), 4);
    assert!(sink.chats.iter().all(|c| c.app == App::X));

    let a = chat(&sink, "1400000000000000001-222000111");
    assert_eq!(sink.chats[a].kind, ChatKind::Direct);
    assert_eq!(sink.chats[a].title, "222000111");
    let people: Vec<(&str, &str, bool, Option<&str>)> = sink.chats[a]
        .participants
        .iter()
        .map(|p| {
            (
                p.key.as_str(),
                p.name.as_str(),
                p.is_me,
                p.handle.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            (ME, "Ferry Tester", true, Some("@ferry_tester")),
            ("222000111", "222000111", false, None),
        ]
    );
    let ms = &sink.messages[a];
    assert_eq!(
        texts(ms),
        [
            "Hi River! Are we still on for Saturday?",
            "Meet at the café? Details: https://example.org/cafe-am-markt",
            "Here is the map",
            "Perfect, see you there 👋",
        ]
    );
    let ids: Vec<&str> = ms.iter().map(|m| m.native_id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "1712000000000000102",
            "1712000000000000103",
            "1712000000000000104",
            "1712000000000000105"
        ]
    );
    assert_eq!(ms[0].sender.as_deref(), Some(ME));
    assert_eq!(ms[1].sent_at.unix_millis(), 1_709_747_883_512);
    assert_eq!(ms[1].reactions[0].emoji, "😂");
    assert_eq!(ms[1].reactions[0].by.as_deref(), Some(ME));
    assert_eq!(ms[3].reactions[0].emoji, "❤️");
    let att = &ms[2].attachments[0];
    assert_eq!(ms[2].kind, MessageKind::Media);
    assert_eq!(att.file_name, "1712000000000000104-xYz12AbC.png");
    assert_eq!(att.media_kind, MediaKind::Image);
    assert!(att.content_hash.is_some());
    assert!(att.size.is_some_and(|s| s > 0));

    let b = chat(&sink, "333000222-1400000000000000001");
    assert_eq!(sink.chats[b].title, "333000222");
    assert_eq!(
        texts(&sink.messages[b]),
        [
            "Hallo Ferry, hier ist der Entwurf: https://example.org/entwurf.pdf",
            "Danke dir! Ich schau's mir an.",
        ]
    );

    // From direct-messages-part1.js, opened by a welcome message.
    let c = chat(&sink, "1400000000000000001-444000333");
    assert_eq!(
        texts(&sink.messages[c]),
        [
            "Welcome to Example Support! How can we help?",
            "My order has not arrived yet."
        ]
    );
}

#[test]
fn group_events_names_and_reactions() {
    let input = Input::open(&fixture("archive_2024")).unwrap();
    let options = ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let (_, sink) = import_all(&input, &options);
    let g = chat(&sink, "1612345678901234567");
    assert_eq!(sink.chats[g].kind, ChatKind::Group);
    assert_eq!(sink.chats[g].title, "Radtour Sonntag 🚲");
    let mut keys: Vec<&str> = sink.chats[g]
        .participants
        .iter()
        .map(|p| p.key.as_str())
        .collect();
    keys.sort();
    assert_eq!(keys, [ME, "222000111", "333000222", "555000444"]);
    let ms = &sink.messages[g];
    assert_eq!(
        texts(ms),
        [
            "222000111 added Ferry Tester to the group",
            "Hallo zusammen!",
            "Ferry Tester named the group Radtour",
            "222000111 added 555000444 to the group",
            "",
            "Route is up: https://example.org/route",
            "333000222 left the group",
            "222000111 named the group Radtour Sonntag 🚲",
            "Bis morgen 🚲",
        ]
    );
    use MessageKind::*;
    let kinds: Vec<MessageKind> = ms.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            System, Text, System, System, Media, Text, System, System, Text
        ]
    );
    assert_eq!(ms[0].sent_at.to_rfc3339(), "2024-03-09T15:59:00+01:00");
    assert_eq!(ms[6].sender.as_deref(), Some("333000222"));
    assert!(ms[0].native_id.is_none());
    // The GIF file is not in the archive.
    assert_eq!(ms[4].attachments[0].media_kind, MediaKind::Gif);
    assert_eq!(ms[4].attachments[0].content_hash, None);
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("AbCdGif.mp4"));
    // Embedded reaction plus the standalone reactionCreate event.
    let r: Vec<(&str, Option<&str>)> = ms[5]
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.as_deref()))
        .collect();
    assert_eq!(r, [("🔥", Some("555000444")), ("👍", Some(ME))]);
}

#[test]
fn archive_2020_singular_names_without_account() {
    let input = Input::open(&fixture("archive_2020")).unwrap();
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry, "data/direct-message.js");
    assert_eq!(sink.chats[0].title, "X DM 111222333-444555666");
    assert!(sink.chats[0].participants.iter().all(|p| !p.is_me));
    assert_eq!(
        texts(&sink.messages[0]),
        ["Quick call later?", "Sure, talk soon"]
    );

    let opts = ImportOptions {
        me: Some("111222333".into()),
        ..ImportOptions::default()
    };
    let (_, sink) = import_all(&input, &opts);
    let me: Vec<&str> = sink.chats[0]
        .participants
        .iter()
        .filter(|p| p.is_me)
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(me, ["111222333"]);
}

#[test]
fn lone_file_and_zip() {
    let input = Input::open(&fixture("archive_2024/data/direct-messages-group.js")).unwrap();
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(sink.message_count(), 9);
    // No account.js next to it: nobody is marked.
    assert!(sink.chats[0].participants.iter().all(|p| !p.is_me));

    let dir = tempfile::tempdir().unwrap();
    let zip_path = zip_of_fixture(
        dir.path(),
        &[
            ("data/account.js", "data/account.js"),
            ("data/direct-messages.js", "data/direct-messages.js"),
            (
                "data/direct-messages-part1.js",
                "data/direct-messages-part1.js",
            ),
            (
                "data/direct_messages_media/1712000000000000104-xYz12AbC.png",
                "data/direct_messages_media/1712000000000000104-xYz12AbC.png",
            ),
        ],
    );
    let input = Input::open(&zip_path).unwrap();
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(sink.chats.len(), 3);
    assert_eq!(sink.message_count(), 8);
    assert_eq!(sink.media.len(), 1);
    assert!(sink.warnings.is_empty());
}

/// A media file the archive renamed is still found by its message id
/// (`<id>-<anything>`), in a zip with the archive's files in a folder.
#[test]
fn a_renamed_media_file_is_found_by_its_message_id() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = zip_of_fixture(
        dir.path(),
        &[
            ("data/account.js", "data/account.js"),
            ("data/direct-messages.js", "data/direct-messages.js"),
            (
                "data/direct_messages_media/1712000000000000104-xYz12AbC.png",
                "data/direct_messages_media/1712000000000000104-renamed.png",
            ),
        ],
    );
    let input = Input::open(&zip_path).unwrap();
    let (_, sink) = import_all(&input, &ImportOptions::default());
    let a = chat(&sink, "1400000000000000001-222000111");
    let with_media: Vec<_> = sink.messages[a]
        .iter()
        .flat_map(|m| &m.attachments)
        .collect();
    assert_eq!(with_media.len(), 1);
    assert_eq!(with_media[0].file_name, "1712000000000000104-renamed.png");
    assert!(with_media[0].content_hash.is_some());
    assert_eq!(sink.media.len(), 1);
}
