//! The Messages database importer against `fixtures/imessage/`.

use ferry_importers::imessage::typedstream::decode_text;
use ferry_importers::{Format, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MessageKind};
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/imessage")
        .join(path)
}

fn format() -> Format {
    "imessage".parse().unwrap()
}

/// A copy of the fixture database in a fresh folder (as `name`).
fn copy_db(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(fixture("synthetic_chat.db"), &path).unwrap();
    (dir, path)
}

fn run(path: &Path, options: &ImportOptions) -> MemorySink {
    let input = Input::open(path).unwrap();
    let found = detect(&input, Some(format()));
    assert_eq!(found.len(), 1, "detected {found:?}");
    let mut sink = MemorySink::new();
    import(&input, &found[0], options, &mut sink).unwrap();
    sink
}

#[test]
fn typedstream_fixtures_decode_to_their_text() {
    for (file, expected) in [
        ("AttributedBodyTextOnly.bin", "Noter test"),
        ("Blank.bin", ""),
        (
            "MultiPart.bin",
            "\u{fffc}test 1\u{fffc}test 2 \u{fffc}test 3",
        ),
        ("URL.bin", "https://github.com/ReagentX/Logria"),
    ] {
        let blob = std::fs::read(fixture(&format!("typedstream/{file}"))).unwrap();
        assert_eq!(decode_text(&blob), Ok(Some(expected.to_owned())), "{file}");
    }
}

#[test]
fn synthetic_database_chats_participants_and_messages() {
    let sink = run(&fixture("synthetic_chat.db"), &ImportOptions::default());
    let titles: Vec<_> = sink.chats.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["+15555550101", "+15555550101", "Ferry Group"]);
    let ids: Vec<_> = sink.chats.iter().map(|c| c.native_id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("iMessage;-;+15555550101"),
            Some("SMS;-;+15555550101"),
            Some("iMessage;+;chat123456789012345678")
        ]
    );
    let kinds: Vec<_> = sink.chats.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChatKind::Direct, ChatKind::Direct, ChatKind::Group]);
    // The tapback row is folded, not a message of its own.
    let counts: Vec<_> = sink.messages.iter().map(Vec::len).collect();
    assert_eq!(counts, [4, 1, 2]);

    let group = &sink.chats[2];
    let keys: Vec<_> = group.participants.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["me", "+15555550101", "bob@example.org"]);
    assert!(group.participants[0].is_me);
    assert_eq!(group.participants[1].phone.as_deref(), Some("+15555550101"));
    assert_eq!(
        group.participants[2].handle.as_deref(),
        Some("bob@example.org")
    );
    assert_eq!(group.participants[2].phone, None);

    let direct = &sink.messages[0];
    // Text only in attributedBody.
    assert_eq!(
        direct[0].native_id.as_deref(),
        Some("00000000-0000-4000-8000-000000000001")
    );
    assert_eq!(direct[0].text, "Noter test");
    assert_eq!(direct[0].sender.as_deref(), Some("+15555550101"));
    assert_eq!(direct[0].sent_at.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    // From me, with an attachment placeholder in the text and a tapback.
    assert_eq!(direct[1].sender.as_deref(), Some("me"));
    assert_eq!(direct[1].text, "test 1\ntest 2");
    assert_eq!(direct[1].kind, MessageKind::Text);
    assert_eq!(direct[1].attachments.len(), 1);
    assert_eq!(direct[1].attachments[0].file_name, "IMG_0001.HEIC");
    assert_eq!(direct[1].attachments[0].mime.as_deref(), Some("image/heic"));
    assert_eq!(direct[1].attachments[0].size, Some(1_482_113));
    assert_eq!(direct[1].reactions.len(), 1);
    assert_eq!(direct[1].reactions[0].emoji, "❤️");
    assert_eq!(direct[1].reactions[0].by.as_deref(), Some("+15555550101"));
    assert_eq!(
        direct[1].reactions[0].at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-14T22:15:20+00:00")
    );
    assert_eq!(direct[2].text, "https://github.com/ReagentX/Logria");
    // Edited: text only in the edit history of message_summary_info.
    assert_eq!(direct[3].text, "Edited message");
    assert!(direct[3].edited);
    assert_eq!(
        direct[3].edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-14T22:18:20+00:00")
    );
    assert_eq!(direct[3].kind, MessageKind::Text);

    assert_eq!(
        sink.messages[1][0].text,
        "plain SMS body, no attributedBody"
    );

    let events = &sink.messages[2];
    assert_eq!(events[0].kind, MessageKind::System);
    assert_eq!(events[0].text, "named the conversation \"Ferry Group\"");
    assert_eq!(events[1].text, "threaded reply");
    assert_eq!(events[1].sender.as_deref(), Some("bob@example.org"));
    assert_eq!(
        events[1].reply_to.as_deref(),
        Some("00000000-0000-4000-8000-000000000007")
    );
}

#[test]
fn missing_attachments_warn_once_per_chat() {
    let sink = run(&fixture("synthetic_chat.db"), &ImportOptions::default());
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.contains("--attachments"));
    assert!(sink.media.is_empty());
    assert_eq!(sink.messages[0][1].attachments[0].content_hash, None);

    let empty = tempfile::tempdir().unwrap();
    let options = ImportOptions {
        attachments_dir: Some(empty.path().to_owned()),
        ..ImportOptions::default()
    };
    let sink = run(&fixture("synthetic_chat.db"), &options);
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("not found"));
}

#[test]
fn attachments_are_streamed_from_the_attachments_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ab/11/AT_0_1111/IMG_0001.HEIC");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"not really a heic").unwrap();
    let options = ImportOptions {
        attachments_dir: Some(dir.path().to_owned()),
        ..ImportOptions::default()
    };
    let sink = run(&fixture("synthetic_chat.db"), &options);
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].0, "IMG_0001.HEIC");
    let att = &sink.messages[0][1].attachments[0];
    assert_eq!(att.size, Some(17));
    assert_eq!(
        att.content_hash.as_deref(),
        Some(sink.media[0].1.content_hash.as_str())
    );
}

#[test]
fn attachments_folder_beside_the_database_is_used() {
    let (dir, db) = copy_db("chat.db");
    let file = dir.path().join("Attachments/ab/11/AT_0_1111/IMG_0001.HEIC");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"x").unwrap();
    let sink = run(&db, &ImportOptions::default());
    assert_eq!(sink.media.len(), 1);
    assert!(sink.warnings.is_empty());
}

#[test]
fn database_is_never_modified() {
    let (dir, db) = copy_db("chat.db");
    let before = std::fs::read(&db).unwrap();
    let mtime = std::fs::metadata(&db).unwrap().modified().unwrap();
    let sink = run(&db, &ImportOptions::default());
    assert_eq!(sink.message_count(), 7);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(std::fs::metadata(&db).unwrap().modified().unwrap(), mtime);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["chat.db"], "no -wal, -shm or -journal appears");
}

#[test]
fn read_only_file_is_readable() {
    let (_dir, db) = copy_db("chat.db");
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms).unwrap();
    assert_eq!(run(&db, &ImportOptions::default()).message_count(), 7);
}

#[test]
fn messages_still_in_the_wal_are_read_and_the_wal_left_alone() {
    let (dir, db) = copy_db("chat.db");
    // Stand in for the Messages app: a writer in WAL mode that has not
    // checkpointed, still holding the database open.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             INSERT INTO message (ROWID, guid, text, handle_id, date, is_from_me)
               VALUES (9, 'WAL-ONLY-GUID', 'only in the wal', 1, 721800000000000000, 0);
             INSERT INTO chat_message_join VALUES (1, 9, 721800000000000000);",
        )
        .unwrap();
    let wal = dir.path().join("chat.db-wal");
    let wal_before = std::fs::read(&wal).unwrap();
    let db_before = std::fs::read(&db).unwrap();
    assert!(!wal_before.is_empty());
    let sink = run(&db, &ImportOptions::default());
    assert_eq!(sink.message_count(), 8);
    let last = sink.messages[0].last().unwrap();
    assert_eq!(last.native_id.as_deref(), Some("WAL-ONLY-GUID"));
    assert_eq!(last.text, "only in the wal");
    assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
    assert_eq!(std::fs::read(&db).unwrap(), db_before);
    // Once the writer closes, the log is checkpointed and removed; the
    // database stays in WAL mode and is read in place, immutable.
    drop(writer);
    assert!(!wal.exists());
    let sink = run(&db, &ImportOptions::default());
    assert_eq!(sink.message_count(), 8);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["chat.db"]);
}

#[test]
fn detected_by_content_not_by_name() {
    // An iOS backup names sms.db by a hash, in a folder named by its prefix.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("3d")).unwrap();
    let hashed = dir
        .path()
        .join("3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28");
    std::fs::copy(fixture("synthetic_chat.db"), &hashed).unwrap();
    // Another SQLite database without Messages' tables is not detected.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE message (id INTEGER); CREATE TABLE chat (id INTEGER);")
        .unwrap();
    std::fs::write(
        dir.path().join("chat.db"),
        b"not sqlite at all, just a name",
    )
    .unwrap();
    let input = Input::open(dir.path()).unwrap();
    let found = detect(&input, None);
    let ids: Vec<_> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert_eq!(
        ids,
        [("imessage", "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28")]
    );
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.message_count(), 7);
}

#[test]
fn database_in_a_zip_or_memory_is_read_from_a_temporary_copy() {
    let bytes = std::fs::read(fixture("synthetic_chat.db")).unwrap();
    let input = Input::from_bytes("chat.db", bytes.clone());
    let found = detect(&input, Some(format()));
    assert_eq!(found.len(), 1);
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.message_count(), 7);

    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("messages.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    zip.start_file("Messages/chat.db", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &bytes).unwrap();
    zip.finish().unwrap();
    let sink = run(&zip_path, &ImportOptions::default());
    assert_eq!(sink.message_count(), 7);
}

#[test]
fn dates_in_seconds_and_zone_offsets() {
    let (_dir, db) = copy_db("chat.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "UPDATE message SET date = date / 1000000000, date_edited = date_edited / 1000000000;",
        )
        .unwrap();
    let options = ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let sink = run(&db, &options);
    let m = &sink.messages[0];
    assert_eq!(m[0].sent_at.to_rfc3339(), "2023-11-14T23:13:20+01:00");
    assert_eq!(
        m[3].edited_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2023-11-14T23:18:20+01:00")
    );
}

#[test]
fn tapback_variants_fold_into_their_target() {
    let (_dir, db) = copy_db("chat.db");
    let target = "p:0/00000000-0000-4000-8000-000000000002";
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO message (guid, handle_id, is_from_me, date, associated_message_guid,
               associated_message_type) VALUES
             ('T1', 0, 1, 721693200000000000, ?1, 2001),
             ('T2', 0, 1, 721693210000000000, ?1, 2003),
             ('T3', 3, 0, 721693220000000000, ?1, 2004),
             ('T4', 3, 0, 721693230000000000, ?1, 3004),
             ('T5', 1, 0, 721693240000000000, ?1, 3000);
             ",
            [target],
        )
        .unwrap();
    let sink = run(&db, &ImportOptions::default());
    let reactions: Vec<_> = sink.messages[0][1]
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.as_deref()))
        .collect();
    // Me: like replaced by laugh. Bob: emphasis added then removed.
    // Alice: love removed.
    assert_eq!(reactions, [("😂", Some("me"))]);
    // Tapback rows never become messages, even joined to no chat.
    assert_eq!(sink.message_count(), 7);
}

#[test]
fn unsent_and_group_events() {
    let (_dir, db) = copy_db("chat.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "UPDATE message SET text = NULL, attributedBody = NULL, date_retracted = 721693300000000000
               WHERE ROWID = 4;
             INSERT INTO message (ROWID, guid, handle_id, is_from_me, date, item_type, group_action_type, other_handle)
               VALUES (20, 'EV1', 0, 1, 721700100000000000, 1, 0, 3),
                      (21, 'EV2', 3, 0, 721700200000000000, 3, 0, 0);
             INSERT INTO chat_message_join VALUES (3, 20, 0), (3, 21, 0);",
        )
        .unwrap();
    let sink = run(&db, &ImportOptions::default());
    assert_eq!(sink.messages[0][2].kind, MessageKind::Deleted);
    let events: Vec<_> = sink.messages[2]
        .iter()
        .map(|m| (m.kind, m.text.as_str(), m.sender.as_deref()))
        .collect();
    assert_eq!(
        events[2..],
        [
            (
                MessageKind::System,
                "added bob@example.org to the conversation",
                Some("me")
            ),
            (
                MessageKind::System,
                "left the conversation",
                Some("bob@example.org")
            ),
        ]
    );
}

#[test]
fn me_is_named_after_the_option() {
    let options = ImportOptions {
        me: Some("Jo".into()),
        ..ImportOptions::default()
    };
    let sink = run(&fixture("synthetic_chat.db"), &options);
    let me = &sink.chats[0].participants[0];
    assert!(me.is_me);
    assert_eq!(me.name, "Jo");
}
