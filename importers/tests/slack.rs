//! The Slack workspace export importer against `fixtures/slack/`.

use ferry_importers::{Format, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MessageKind};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/slack")
        .join(path)
}

fn format() -> Format {
    "slack".parse().unwrap()
}

fn run_input(input: &Input, options: &ImportOptions) -> MemorySink {
    let found = detect(input, None);
    let ids: Vec<_> = found.iter().map(|d| d.format.id()).collect();
    assert_eq!(ids, ["slack"], "{found:?}");
    let mut sink = MemorySink::new();
    import(input, &found[0], options, &mut sink).unwrap();
    sink
}

fn run(path: &str) -> MemorySink {
    run_input(
        &Input::open(&fixture(path)).unwrap(),
        &ImportOptions::default(),
    )
}

#[test]
fn synthetic_workspace_chats_and_participants() {
    let sink = run("synthetic_workspace_export");
    let chats: Vec<_> = sink
        .chats
        .iter()
        .map(|c| (c.title.as_str(), c.native_id.as_deref(), c.kind))
        .collect();
    assert_eq!(
        chats,
        [
            ("#general", Some("C01GENERAL"), ChatKind::Channel),
            ("Alice Example, bob", Some("D0DM000001"), ChatKind::Direct),
        ]
    );
    let counts: Vec<_> = sink.messages.iter().map(Vec::len).collect();
    assert_eq!(counts, [9, 1]);
    let people: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.handle.as_deref()))
        .collect();
    assert_eq!(
        people,
        [
            ("U01ALICE01", "Alice Example", Some("alice")),
            ("U01BOB0002", "bob", Some("bob")),
            ("B01BOT0003", "Ferry Bot", Some("ferrybot")),
            ("USLACKBOT", "USLACKBOT", None),
        ]
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn synthetic_workspace_message_fields() {
    let sink = run("synthetic_workspace_export");
    let m = &sink.messages[0];
    assert_eq!(m[0].kind, MessageKind::System);
    assert_eq!(m[0].text, "@bob has joined the channel");
    assert_eq!(m[0].sender.as_deref(), Some("U01BOB0002"));

    assert_eq!(m[1].native_id.as_deref(), Some("1700000100.000200"));
    assert_eq!(
        m[1].sent_at.to_rfc3339(),
        "2023-11-14T22:15:00.000200+00:00"
    );
    assert_eq!(
        m[1].text,
        "Hi @bob & team — see the docs (https://example.org) <3 :tada: :skin-tone-2:"
    );
    assert_eq!(m[1].reply_to, None, "a thread parent replies to nothing");
    let reactions: Vec<_> = m[1]
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.as_deref()))
        .collect();
    assert_eq!(
        reactions,
        [("👍", Some("U01BOB0002")), ("❤🏼", Some("U01ALICE01"))]
    );

    assert!(m[2].edited);
    assert_eq!(
        m[2].edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-14T22:17:30+00:00")
    );
    assert_eq!(m[3].reply_to.as_deref(), Some("1700000100.000200"));

    assert_eq!(m[4].kind, MessageKind::Media);
    let file = &m[4].attachments[0];
    assert_eq!(file.file_name, "diagram.png");
    assert_eq!(file.mime.as_deref(), Some("image/png"));
    assert_eq!(file.size, Some(48213));
    assert_eq!(file.content_hash, None);

    assert_eq!(m[5].sender.as_deref(), Some("B01BOT0003"));
    assert_eq!(m[5].text, "Build passed");
    assert_eq!(m[6].kind, MessageKind::Deleted);
    assert_eq!(m[7].sender, None);
    assert_eq!(m[7].text, "old-style file comment (pre-2019)");
    assert_eq!(
        m[8].sent_at.to_rfc3339(),
        "2023-11-15T23:59:59.000100+00:00"
    );

    assert_eq!(
        sink.messages[1][0].text,
        "DM text (DM folders only appear in Business+/Enterprise exports)"
    );
}

#[test]
fn slackdump_export_structure() {
    let sink = run("slackdump_source_export_dir");
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "#B75B4C7");
    assert_eq!(chat.native_id.as_deref(), Some("CO69735E8A"));
    assert_eq!(chat.kind, ChatKind::Channel);
    let members: Vec<_> = chat
        .participants
        .iter()
        .take(3)
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(members, ["UOF82F39AE", "UO9EBC728B", "UOB5F987BF17"]);
    assert_eq!(chat.participants[0].name, "kPVTqHcBWssWFAU");
    let m = &sink.messages[0];
    assert_eq!(m.len(), 16);
    assert_eq!(m[0].native_id.as_deref(), Some("1736478514.897649"));
    assert_eq!(m[0].text, "CYmxt38hm");
    assert_eq!(m[2].kind, MessageKind::System);
    assert_eq!(m[3].reply_to.as_deref(), Some("1736478630.905399"));
    assert_eq!(m[7].native_id.as_deref(), Some("1736554828.343759"));
    assert_eq!(m[7].kind, MessageKind::Deleted);
    assert_eq!(
        m[10].attachments[0].mime.as_deref(),
        Some("application/vnd.google-apps.document")
    );
    assert_eq!(m[10].kind, MessageKind::Text);
    assert_eq!(m[12].kind, MessageKind::Media);
    assert_eq!(m[12].attachments[0].size, Some(239922));
    // Bot message with an edit by someone else.
    assert_eq!(m[13].sender.as_deref(), Some("UO0EC43A4792"));
    assert!(m[13].edited);
    let bot = chat
        .participants
        .iter()
        .find(|p| p.key == "UO0EC43A4792")
        .unwrap();
    assert_eq!(bot.name, "RLEA");
}

#[test]
fn zipped_export_inside_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("Ferry Slack export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let root = fixture("synthetic_workspace_export");
    for entry in [
        "channels.json",
        "dms.json",
        "groups.json",
        "mpims.json",
        "users.json",
        "integration_logs.json",
        "general/2023-11-14.json",
        "general/2023-11-15.json",
        "D0DM000001/2023-11-14.json",
    ] {
        zip.start_file(
            format!("Ferry/{entry}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(root.join(entry)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
    let input = Input::open(&zip_path).unwrap();
    let sink = run_input(&input, &ImportOptions::default());
    assert_eq!(sink.message_count(), 10);
    assert_eq!(sink.chats[0].title, "#general");
}

#[test]
fn me_and_time_zone_options() {
    let options = ImportOptions {
        me: Some("Alice Example".into()),
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let sink = run_input(
        &Input::open(&fixture("synthetic_workspace_export")).unwrap(),
        &options,
    );
    let alice = &sink.chats[0].participants[0];
    assert!(alice.is_me);
    assert!(!sink.chats[0].participants[1].is_me);
    assert_eq!(
        sink.messages[0][1].sent_at.to_rfc3339(),
        "2023-11-14T23:15:00.000200+01:00"
    );
}

#[test]
fn only_slack_exports_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("users.json"), br#"{"users": []}"#).unwrap();
    std::fs::write(dir.path().join("channels.json"), b"[]").unwrap();
    let input = Input::open(dir.path()).unwrap();
    assert!(
        detect(&input, Some(format())).is_empty(),
        "users.json is no array"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("users.json"),
        br#"[{"id":"U1","name":"a"}]"#,
    )
    .unwrap();
    let input = Input::open(dir.path()).unwrap();
    assert!(
        detect(&input, Some(format())).is_empty(),
        "no conversation list"
    );
}

#[test]
fn day_folders_no_list_names_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("users.json"),
        br#"[{"id":"U1","name":"a"}]"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("channels.json"), b"[]").unwrap();
    std::fs::create_dir(dir.path().join("lost")).unwrap();
    std::fs::write(dir.path().join("lost/2024-01-01.json"), b"[]").unwrap();
    let sink = run_input(&Input::open(dir.path()).unwrap(), &ImportOptions::default());
    assert!(sink.chats.is_empty());
    assert_eq!(sink.skipped.len(), 1, "{:?}", sink.skipped);
    assert!(sink.skipped[0].0.ends_with("lost"));
}
