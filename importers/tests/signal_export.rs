//! signal-export output (data.json and chat.md) against the fixture, plus
//! edge cases: media present on disk, append-mode repeats, DST.

use ferry_importers::signal::signal_export::SignalExportImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink, detect};
use ferry_model::{ChatKind, MediaKind, MessageKind};
use std::path::Path;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/signal/signal-export"
);

fn options() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Amsterdam".parse().unwrap(),
        ..ImportOptions::default()
    }
}

fn import_dir(dir: &Path) -> Vec<(String, MemorySink)> {
    let input = Input::open(dir).unwrap();
    SignalExportImporter
        .detect(&input)
        .into_iter()
        .map(|f| {
            let mut sink = MemorySink::new();
            sink.hash_media = true;
            SignalExportImporter
                .import(&input, &f, &options(), &mut sink)
                .unwrap();
            (f.entry, sink)
        })
        .collect()
}

/// A copy of the fixture folder with only the named files of `Alice/`.
fn copy_fixture(files: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("Alice")).unwrap();
    for f in files {
        std::fs::copy(format!("{DIR}/Alice/{f}"), d.path().join("Alice").join(f)).unwrap();
    }
    d
}

fn check_fixture_messages(sink: &MemorySink) {
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice");
    assert_eq!(chat.kind, ChatKind::Direct);
    let me = chat.participants.iter().find(|p| p.is_me).unwrap();
    assert_eq!(me.key, "Me");
    assert!(
        chat.participants
            .iter()
            .any(|p| p.key == "Alice" && !p.is_me)
    );
    let m = &sink.messages[0];
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].text, "Hoi \u{fffc}! Zullen we morgen afspreken? 🚲");
    assert_eq!(m[0].sender.as_deref(), Some("Alice"));
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-06-10T08:13:20+02:00");
    assert_eq!(m[0].reactions.len(), 1);
    assert_eq!(m[0].reactions[0].emoji, "👍");
    assert_eq!(m[0].reactions[0].by.as_deref(), Some("Me"));
    assert_eq!(m[1].text, "Ja, 10 uur bij het station");
    assert_eq!(m[1].sender.as_deref(), Some("Me"));
    assert_eq!(m[2].text, "");
    assert_eq!(m[2].kind, MessageKind::Media);
    assert_eq!(m[2].attachments[0].file_name, "IMG_2024.jpg");
    assert_eq!(m[2].attachments[0].media_kind, MediaKind::Image);
    // Ids from sent time and sender: the same whichever file was read.
    assert_eq!(m[0].native_id.as_deref(), Some("1718000000000:Alice"));
    assert_eq!(m[1].native_id.as_deref(), Some("1718000120000:Me"));
}

#[test]
fn fixture_folder_reads_data_json_only() {
    let input = Input::open(Path::new(DIR)).unwrap();
    let found = detect(&input, None);
    let entries: Vec<_> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert_eq!(entries, vec![("signal-export", "Alice/data.json")]);
}

#[test]
fn data_json_fixture() {
    let results = import_dir(Path::new(DIR));
    let (_, sink) = &results[0];
    check_fixture_messages(sink);
    // The photo is named but media/ was not exported with the fixture.
    assert!(sink.messages[0][2].attachments[0].content_hash.is_none());
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.contains("media/IMG_2024.jpg"));
}

#[test]
fn chat_md_fixture_reads_the_same() {
    let d = copy_fixture(&["chat.md"]);
    let results = import_dir(d.path());
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].0, "Alice/chat.md");
    check_fixture_messages(&results[0].1);
}

#[test]
fn media_on_disk_is_stored_and_percent20_is_a_space() {
    let d = copy_fixture(&[]);
    let chat = d.path().join("Alice");
    std::fs::create_dir_all(chat.join("media")).unwrap();
    std::fs::write(chat.join("media/My File.pdf"), b"%PDF-1.4 tiny").unwrap();
    std::fs::write(
        chat.join("data.json"),
        "{\"date\": \"2024-01-02T10:00:00\", \"sender\": \"Bob\", \"body\": \"  \", \"quote\": \"\", \"sticker\": null, \"reactions\": [], \"attachments\": [{\"name\": \"My File.pdf\", \"path\": \"media/My%20File.pdf\", \"missing_kind\": null}], \"deleted\": false, \"call\": false, \"missed\": false}\n",
    )
    .unwrap();
    let results = import_dir(d.path());
    let sink = &results[0].1;
    let a = &sink.messages[0][0].attachments[0];
    assert_eq!(a.size, Some(13));
    assert!(a.content_hash.is_some());
    assert_eq!(a.media_kind, MediaKind::Document);
    assert_eq!(sink.media[0].0, "My File.pdf");
    assert!(sink.warnings.is_empty());
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2024-01-02T10:00:00+01:00"
    );
}

#[test]
fn append_mode_repeats_are_skipped() {
    let d = copy_fixture(&[]);
    let one = std::fs::read_to_string(format!("{DIR}/Alice/data.json")).unwrap();
    let newer = "{\"date\": \"2024-06-11T09:00:00\", \"sender\": \"Alice\", \"body\": \"nieuw  \", \"quote\": \"\", \"sticker\": null, \"reactions\": [], \"attachments\": [], \"deleted\": false, \"call\": false, \"missed\": false}\n";
    // The second run wrote everything again, plus one newer message.
    std::fs::write(
        d.path().join("Alice/data.json"),
        format!("{one}{one}{newer}"),
    )
    .unwrap();
    let results = import_dir(d.path());
    let sink = &results[0].1;
    assert_eq!(sink.messages[0].len(), 4);
    assert_eq!(sink.messages[0][3].text, "nieuw");
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.starts_with("3 messages were written twice"))
    );
}

#[test]
fn markdown_edge_cases() {
    let d = copy_fixture(&[]);
    let md = "[2024-03-31 02:30:00] Bob: gap hour  \n\n\
              [2024-03-31 04:00:00] Carol: (This message was deleted)\n\n\
              [2024-03-31 05:00:00] Me: line one\nline two [link](https://x.org)  \n(- Bob: ❤️, Carol: 😂 -)\n\n\
              [2024-03-31 06:00:00] Bob: \n(( 🐱 ))\n\n";
    std::fs::write(d.path().join("Alice/chat.md"), md).unwrap();
    let results = import_dir(d.path());
    let sink = &results[0].1;
    let m = &sink.messages[0];
    assert_eq!(m.len(), 4);
    // 02:30 did not exist that night in Amsterdam: read as 03:30 CEST.
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-03-31T03:30:00+02:00");
    assert_eq!(m[1].kind, MessageKind::Deleted);
    assert_eq!(m[2].text, "line one\nline two [link](https://x.org)");
    assert_eq!(m[2].reactions.len(), 2);
    assert_eq!(m[2].reactions[1].by.as_deref(), Some("Carol"));
    assert_eq!(m[3].kind, MessageKind::Sticker);
    assert_eq!(m[3].text, "🐱");
    assert_eq!(sink.chats[0].kind, ChatKind::Group);
}

#[test]
fn same_second_messages_get_distinct_ids() {
    let d = copy_fixture(&[]);
    let md = "[2024-01-02 10:00:00] Bob: one  \n\n[2024-01-02 10:00:00] Bob: two  \n\n[2024-01-02 10:00:00] Me: three  \n\n";
    std::fs::write(d.path().join("Alice/chat.md"), md).unwrap();
    let results = import_dir(d.path());
    let ids: Vec<_> = results[0].1.messages[0]
        .iter()
        .map(|m| m.native_id.clone().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "1704186000000:Bob",
            "1704186000000:Bob:2",
            "1704186000000:Me"
        ]
    );
}

#[test]
fn malformed_inputs_do_not_panic() {
    // (file, content, whether the import must fail); none may panic.
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("data.json", b"{\"date\": \"2024-06-10T08:13:20\", \"sender\": \"A\", \"body\": \"x\"}\n{\"date\": \"nope\", \"sender\": \"A\"}\n".to_vec(), true),
        ("data.json", b"{\"date\": \"2024-06-10T08:13:20\", \"sender\": \"A\", \"body\": \"\xff\xfe\"}\n".to_vec(), true),
        ("data.json", b"{\"date\": \"2024-06-10T08:13:20\", \"sender\": \"A\", \"body\": \"x\"}\n{\"date\": \"2024".to_vec(), true),
        ("chat.md", b"[2024-06-10 08:13:20] A: ok\n\xff\xff\n".to_vec(), true),
        ("chat.md", format!("[2024-06-10 08:13:20] A: {}\n", "x".repeat(1 << 20)).into_bytes(), false),
        ("chat.md", b"[2024-06-10 08:13:20] A: [a](./media/".to_vec(), false),
    ];
    for (name, data, fails) in cases {
        let input = Input::from_bytes(name, data);
        let found = SignalExportImporter.detect(&input);
        assert_eq!(found.len(), 1, "{name} should be detected");
        let mut sink = MemorySink::new();
        let res = SignalExportImporter.import(&input, &found[0], &options(), &mut sink);
        assert_eq!(res.is_err(), fails, "{name}: {res:?}");
    }
    // Random bytes are neither file.
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    for name in ["data.json", "chat.md"] {
        assert!(
            SignalExportImporter
                .detect(&Input::from_bytes(name, noise.clone()))
                .is_empty()
        );
    }
}
