//! Signal Android `.backup`: the shared fixture, synthetic backups written
//! by a small encoder below (same crypto as the app), and damaged inputs.

use ferry_importers::signal::backup::SignalBackupImporter;
use ferry_importers::{
    ImportErrorKind, ImportOptions, Importer, Input, MemorySink, Secret, detect,
};
use ferry_model::{ChatKind, MediaKind, MessageKind};

#[path = "signal_support/writer.rs"]
mod writer;

use writer::{Param, Writer};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/signal/android-backup/signal-2023-11-14-22-13-20.backup"
);
const PASS: &str = "123451234512345123451234512345";

fn options(pass: Option<&str>) -> ImportOptions {
    ImportOptions {
        tz: "Europe/Amsterdam".parse().unwrap(),
        passphrase: pass.map(Secret::new),
        ..ImportOptions::default()
    }
}

fn import_bytes(
    name: &str,
    data: Vec<u8>,
    opts: &ImportOptions,
) -> (MemorySink, Result<(), ferry_importers::ImportError>) {
    let input = Input::from_bytes(name, data);
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    let found = SignalBackupImporter.detect(&input);
    let res = match found.first() {
        Some(f) => SignalBackupImporter.import(&input, f, opts, &mut sink),
        None => panic!("backup {name} not detected"),
    };
    (sink, res)
}

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE).unwrap()
}

#[test]
fn fixture_is_detected_by_content() {
    let input = Input::open(std::path::Path::new(FIXTURE)).unwrap();
    let found = detect(&input, None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "signal-backup");
    // Renamed, it is still found; a text file named .backup is not.
    let renamed = Input::from_bytes("whatever.bin", fixture());
    assert_eq!(SignalBackupImporter.detect(&renamed).len(), 1);
    let fake = Input::from_bytes(
        "x.backup",
        b"hello, this is not a backup at all, just text........................".to_vec(),
    );
    assert!(SignalBackupImporter.detect(&fake).is_empty());
}

#[test]
fn fixture_decrypts_with_its_passphrase() {
    let (sink, res) = import_bytes("signal.backup", fixture(), &options(Some(PASS)));
    res.unwrap();
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice Example");
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(chat.native_id.as_deref(), Some("+15550000002"));
    let me = chat.participants.iter().find(|p| p.is_me).unwrap();
    assert_eq!(me.key, "+15550000001");
    assert_eq!(me.name, "Me");
    let alice = chat.participants.iter().find(|p| !p.is_me).unwrap();
    assert_eq!(alice.phone.as_deref(), Some("+15550000002"));
    let msgs = &sink.messages[0];
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0].text, "Hi from a synthetic backup 👋");
    assert_eq!(msgs[0].sender.as_deref(), Some("+15550000002"));
    assert_eq!(msgs[0].kind, MessageKind::Text);
    assert_eq!(msgs[1].text, "Reply with an attachment");
    assert_eq!(msgs[1].sender.as_deref(), Some("+15550000001"));
    assert_eq!(msgs[1].kind, MessageKind::Media);
    let att = &msgs[1].attachments[0];
    assert_eq!(att.mime.as_deref(), Some("text/plain"));
    assert_eq!(att.size, Some(26));
    assert_eq!(att.media_kind, MediaKind::Document);
    assert!(att.content_hash.is_some());
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].1.size, 26);
    assert_eq!(
        Some(&sink.media[0].1.content_hash),
        att.content_hash.as_ref()
    );
    // Ids are the sent time plus the author, not row ids.
    let id0 = msgs[0].native_id.as_deref().unwrap();
    assert!(id0.ends_with(":+15550000002"), "{id0}");
    assert_eq!(
        id0.split(':').next().unwrap().parse::<i64>().unwrap(),
        msgs[0].sent_at.unix_millis()
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn passphrase_with_spaces_is_accepted() {
    let spaced = "12345 12345 12345 12345 12345 12345";
    let (sink, res) = import_bytes("signal.backup", fixture(), &options(Some(spaced)));
    res.unwrap();
    assert_eq!(sink.message_count(), 2);
}

const SELF_ACI: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const BOB_ACI: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const GROUP: &str = "__signal_group__v2__!00112233";
const SECURE: i64 = 0x80_0000 | 0x20_0000;

/// A backup shaped like a current Signal-Android database (one `message`
/// table, `attachment`, `reaction`, groups, edits, deletes, calls).
fn modern_backup() -> Vec<u8> {
    use Param::{Int, Null, Text};
    let mut w = Writer::new(PASS, 1);
    w.db_version(215)
        .sql("CREATE TABLE sqlite_sequence(name,seq)", &[])
        .sql(
            "CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER DEFAULT 0, \
             e164 TEXT, aci TEXT, group_id TEXT, system_joined_name TEXT, profile_given_name TEXT, \
             profile_family_name TEXT, username TEXT)",
            &[],
        )
        .sql("CREATE TABLE thread (_id INTEGER PRIMARY KEY, date INTEGER, recipient_id INTEGER)", &[])
        .sql("CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT, recipient_id INTEGER, title TEXT)", &[])
        .sql("CREATE TABLE group_membership (_id INTEGER PRIMARY KEY, group_id TEXT, recipient_id INTEGER)", &[])
        .sql(
            "CREATE TABLE message (_id INTEGER PRIMARY KEY, date_sent INTEGER, date_received INTEGER, \
             thread_id INTEGER, from_recipient_id INTEGER, to_recipient_id INTEGER, type INTEGER, body TEXT, \
             quote_id INTEGER DEFAULT 0, quote_author INTEGER DEFAULT 0, remote_deleted INTEGER DEFAULT 0, \
             latest_revision_id INTEGER DEFAULT NULL, original_message_id INTEGER DEFAULT NULL, \
             story_type INTEGER DEFAULT 0, parent_story_id INTEGER DEFAULT 0)",
            &[],
        )
        .sql(
            "CREATE TABLE attachment (_id INTEGER PRIMARY KEY, message_id INTEGER, content_type TEXT, \
             file_name TEXT, data_size INTEGER, sticker_pack_id TEXT, voice_note INTEGER DEFAULT 0)",
            &[],
        )
        .sql("CREATE TABLE reaction (_id INTEGER PRIMARY KEY, message_id INTEGER, author_id INTEGER, emoji TEXT, date_sent INTEGER)", &[])
        .sql("CREATE VIRTUAL TABLE message_fts USING fts5(body, thread_id UNINDEXED)", &[])
        .sql("CREATE TRIGGER message_ai AFTER INSERT ON message BEGIN INSERT INTO message_fts VALUES (new.body, new.thread_id); END", &[])
        .sql("CREATE INDEX message_thread ON message (thread_id)", &[]);
    let r = "INSERT INTO recipient VALUES (?,?,?,?,?,?,?,?,?)";
    w.sql(
        r,
        &[
            Int(1),
            Int(0),
            Text("+15550000001"),
            Text(SELF_ACI),
            Null,
            Null,
            Text("Sam"),
            Null,
            Null,
        ],
    )
    .sql(
        r,
        &[
            Int(2),
            Int(0),
            Text("+15550000002"),
            Text(BOB_ACI),
            Null,
            Text("Bob Builder"),
            Text("Bob"),
            Null,
            Null,
        ],
    )
    .sql(
        r,
        &[
            Int(3),
            Int(0),
            Null,
            Text("cccccccc-0000-4000-8000-000000000003"),
            Null,
            Null,
            Text("Carol"),
            Text("Climber"),
            Text("carol.01"),
        ],
    )
    .sql(
        r,
        &[
            Int(4),
            Int(3),
            Null,
            Null,
            Text(GROUP),
            Null,
            Null,
            Null,
            Null,
        ],
    )
    .sql(
        "INSERT INTO thread VALUES (?,?,?)",
        &[Int(1), Int(0), Int(2)],
    )
    .sql(
        "INSERT INTO thread VALUES (?,?,?)",
        &[Int(2), Int(0), Int(4)],
    )
    .sql(
        "INSERT INTO groups VALUES (?,?,?,?)",
        &[Int(1), Text(GROUP), Int(4), Text("Climbing")],
    )
    .sql(
        "INSERT INTO group_membership VALUES (?,?,?)",
        &[Int(1), Text(GROUP), Int(1)],
    )
    .sql(
        "INSERT INTO group_membership VALUES (?,?,?)",
        &[Int(2), Text(GROUP), Int(2)],
    )
    .sql(
        "INSERT INTO group_membership VALUES (?,?,?)",
        &[Int(3), Text(GROUP), Int(3)],
    );
    let m = "INSERT INTO message VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    let t0 = 1_700_000_000_000i64;
    #[rustfmt::skip]
    let rows: Vec<[Param; 15]> = vec![
        [Int(1), Int(t0), Int(t0 + 500), Int(1), Int(2), Int(1), Int(20 | SECURE), Text("Hello"), Int(0), Int(0), Int(0), Null, Null, Int(0), Int(0)],
        [Int(2), Int(t0 + 60_000), Int(t0 + 60_000), Int(1), Int(1), Int(2), Int(23 | SECURE), Text("Hi Bob"), Int(t0), Int(2), Int(0), Null, Null, Int(0), Int(0)],
        [Int(3), Int(t0 + 100_000), Int(t0 + 100_000), Int(1), Int(1), Int(2), Int(23 | SECURE), Text("Meet at 9"), Int(0), Int(0), Int(0), Int(4), Null, Int(0), Int(0)],
        [Int(4), Int(t0 + 160_000), Int(t0 + 160_000), Int(1), Int(1), Int(2), Int(23 | SECURE), Text("Meet at 10"), Int(0), Int(0), Int(0), Null, Int(3), Int(0), Int(0)],
        [Int(5), Int(t0 + 200_000), Int(t0 + 200_500), Int(1), Int(2), Int(1), Int(20 | SECURE), Null, Int(0), Int(0), Int(1), Null, Null, Int(0), Int(0)],
        [Int(6), Int(t0 + 300_000), Int(t0 + 300_000), Int(1), Int(2), Int(1), Int(1), Null, Int(0), Int(0), Int(0), Null, Null, Int(0), Int(0)],
        [Int(7), Int(t0 + 400_000), Int(t0 + 400_100), Int(2), Int(3), Int(4), Int(20 | SECURE), Text("Group hello"), Int(0), Int(0), Int(0), Null, Null, Int(0), Int(0)],
        [Int(8), Int(t0 + 500_000), Int(t0 + 500_000), Int(2), Int(1), Int(4), Int(23 | SECURE | 0x1_0000 | 0x8_0000), Text("CgIIAQ=="), Int(0), Int(0), Int(0), Null, Null, Int(0), Int(0)],
        [Int(9), Int(t0 + 600_000), Int(t0 + 600_000), Int(2), Int(3), Int(4), Int(20 | SECURE), Text("a story"), Int(0), Int(0), Int(0), Null, Null, Int(1), Int(0)],
    ];
    for row in &rows {
        w.sql(m, row);
    }
    let a = "INSERT INTO attachment VALUES (?,?,?,?,?,?,?)";
    w.sql(
        a,
        &[
            Int(1),
            Int(7),
            Text("image/jpeg"),
            Text("cat.jpg"),
            Int(9),
            Null,
            Int(0),
        ],
    )
    .attachment(1, b"JPEGBYTES")
    .sql(
        a,
        &[
            Int(2),
            Int(7),
            Text("video/mp4"),
            Null,
            Int(1_000_000),
            Null,
            Int(0),
        ],
    )
    .sql(
        "INSERT INTO reaction VALUES (?,?,?,?,?)",
        &[Int(1), Int(1), Int(1), Text("👍"), Int(t0 + 1000)],
    )
    .sql(
        "INSERT INTO reaction VALUES (?,?,?,?,?)",
        &[Int(2), Int(7), Int(2), Text("❤️"), Int(t0 + 401_000)],
    )
    .key_value("account.aci", SELF_ACI)
    .avatar("2", b"avatar-bytes")
    .preference("pref_backup_enabled", "true");
    w.end()
}

#[test]
fn modern_schema_chats_participants_and_messages() {
    let (sink, res) = import_bytes("signal-2024.backup", modern_backup(), &options(Some(PASS)));
    res.unwrap();
    assert_eq!(sink.chats.len(), 2);
    let direct = &sink.chats[0];
    assert_eq!(direct.title, "Bob Builder");
    assert_eq!(direct.kind, ChatKind::Direct);
    assert_eq!(direct.native_id.as_deref(), Some(BOB_ACI));
    let me = direct.participants.iter().find(|p| p.is_me).unwrap();
    assert_eq!((me.key.as_str(), me.name.as_str()), (SELF_ACI, "Sam"));
    assert_eq!(direct.participants.len(), 2);

    let m = &sink.messages[0];
    let texts: Vec<_> = m.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Hello", "Hi Bob", "Meet at 10", "", "Incoming voice call"]
    );
    assert_eq!(
        m[0].native_id.as_deref(),
        Some(format!("1700000000000:{BOB_ACI}").as_str())
    );
    assert_eq!(m[0].reactions.len(), 1);
    assert_eq!(m[0].reactions[0].by.as_deref(), Some(SELF_ACI));
    // The reply points at the quoted message's id.
    assert_eq!(m[1].reply_to, m[0].native_id);
    assert_eq!(m[1].sender.as_deref(), Some(SELF_ACI));
    // The edit keeps the first version's id and time; the old revision is gone.
    assert!(m[2].edited);
    assert_eq!(
        m[2].native_id.as_deref(),
        Some(format!("1700000100000:{SELF_ACI}").as_str())
    );
    assert_eq!(m[2].edited_at.unwrap().unix_millis(), 1_700_000_160_000);
    assert_eq!(m[3].kind, MessageKind::Deleted);
    assert_eq!(m[4].kind, MessageKind::Call);
    assert_eq!(m[4].sender.as_deref(), Some(BOB_ACI));

    let group = &sink.chats[1];
    assert_eq!(
        (group.title.as_str(), group.kind),
        ("Climbing", ChatKind::Group)
    );
    assert_eq!(group.native_id.as_deref(), Some(GROUP));
    let carol = group
        .participants
        .iter()
        .find(|p| p.name == "Carol Climber")
        .unwrap();
    assert_eq!(carol.handle.as_deref(), Some("carol.01"));
    assert_eq!(group.participants.len(), 3);
    let g = &sink.messages[1];
    assert_eq!(g.len(), 2, "the story is not a chat message");
    assert_eq!(g[0].kind, MessageKind::Media);
    assert_eq!(g[0].text, "Group hello");
    assert_eq!(g[0].attachments.len(), 2);
    assert_eq!(g[0].attachments[0].file_name, "cat.jpg");
    assert_eq!(g[0].attachments[0].size, Some(9));
    assert!(g[0].attachments[0].content_hash.is_some());
    assert_eq!(g[0].attachments[1].file_name, "attachment-2.mp4");
    assert_eq!(g[0].attachments[1].media_kind, MediaKind::Video);
    assert!(g[0].attachments[1].content_hash.is_none());
    assert_eq!(g[0].reactions[0].by.as_deref(), Some(BOB_ACI));
    assert_eq!(g[1].kind, MessageKind::System);
    assert_eq!(g[1].text, "You updated the group");
    assert_eq!(g[1].sender, None);
    // One warning: the video that was never downloaded.
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.contains("attachment-2.mp4"));
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].0, "cat.jpg");
    assert_eq!(sink.skipped.len(), 1, "the avatar is reported as skipped");
}

/// Before database version 168: `sms` + `mms`, `part`, `recipient_ids`,
/// frame format 0 (clear lengths), the owner in a preference.
#[test]
fn legacy_schema_with_clear_lengths() {
    use Param::{Int, Null, Text};
    let mut w = Writer::new(PASS, 0);
    w.db_version(110)
        .sql("CREATE TABLE recipient (_id INTEGER PRIMARY KEY, phone TEXT, uuid TEXT, signal_profile_name TEXT)", &[])
        .sql("CREATE TABLE thread (_id INTEGER PRIMARY KEY, recipient_ids TEXT)", &[])
        .sql("CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address INTEGER, date INTEGER, date_sent INTEGER, type INTEGER, body TEXT)", &[])
        .sql("CREATE TABLE mms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address INTEGER, date INTEGER, msg_box INTEGER, body TEXT, quote_id INTEGER, quote_author INTEGER)", &[])
        .sql("CREATE TABLE part (_id INTEGER PRIMARY KEY, mid INTEGER, ct TEXT, file_name TEXT, unique_id INTEGER, data_size INTEGER)", &[])
        .sql("INSERT INTO recipient VALUES (?,?,?,?)", &[Int(1), Text("+15550000009"), Null, Text("Old Me")])
        .sql("INSERT INTO recipient VALUES (?,?,?,?)", &[Int(2), Text("+15550000010"), Null, Text("Dana")])
        .sql("INSERT INTO thread VALUES (?,?)", &[Int(1), Text("2")])
        .sql("INSERT INTO sms VALUES (?,?,?,?,?,?,?)", &[Int(1), Int(1), Int(2), Int(1_500_000_001_000), Int(1_500_000_000_000), Int(20 | SECURE), Text("old hello")])
        .sql("INSERT INTO sms VALUES (?,?,?,?,?,?,?)", &[Int(2), Int(1), Int(2), Int(1_500_000_100_000), Int(1_500_000_100_000), Int(23 | SECURE), Text("old reply")])
        .sql("INSERT INTO mms VALUES (?,?,?,?,?,?,?,?)", &[Int(1), Int(1), Int(2), Int(1_500_000_200_000), Int(23 | SECURE), Null, Int(1_500_000_000_000), Int(2)])
        .sql("INSERT INTO part VALUES (?,?,?,?,?,?)", &[Int(1), Int(1), Text("audio/aac"), Null, Int(77), Int(4)])
        .attachment(1, b"\x00aac")
        .preference("pref_local_number", "+15550000009");
    let data = w.end();
    let (sink, res) = import_bytes("old.backup", data, &options(Some(PASS)));
    res.unwrap();
    assert_eq!(sink.chats.len(), 1);
    assert_eq!(sink.chats[0].title, "Dana");
    assert_eq!(sink.chats[0].native_id.as_deref(), Some("+15550000010"));
    let m = &sink.messages[0];
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].sender.as_deref(), Some("+15550000010"));
    assert_eq!(m[1].sender.as_deref(), Some("+15550000009"));
    assert_eq!(m[2].sender.as_deref(), Some("+15550000009"));
    assert_eq!(m[2].reply_to, m[0].native_id);
    assert_eq!(m[2].attachments[0].media_kind, MediaKind::Audio);
    assert_eq!(m[2].attachments[0].file_name, "attachment-1.aac");
    assert_eq!(m[2].attachments[0].size, Some(4));
    let me = sink.chats[0].participants.iter().find(|p| p.is_me).unwrap();
    assert_eq!(me.name, "Old Me");
}

// ---- malformed input must not panic -------------------------------------

fn err_of(data: Vec<u8>, pass: Option<&str>) -> ferry_importers::ImportError {
    let (_, res) = import_bytes("bad.backup", data, &options(pass));
    res.expect_err("import should fail")
}

#[test]
fn missing_passphrase_is_a_secret_error() {
    let e = err_of(fixture(), None);
    assert!(
        matches!(&e.kind, ImportErrorKind::Secret(m) if m.starts_with("a passphrase is required")),
        "{e}"
    );
}

#[test]
fn malformed_passphrases_are_refused_before_decrypting() {
    for bad in [
        "12345",
        "123451234512345123451234512345 1",
        "12345abcde12345123451234512345",
    ] {
        let e = err_of(fixture(), Some(bad));
        assert!(matches!(e.kind, ImportErrorKind::Secret(_)), "{bad}: {e}");
        // The passphrase never appears in the message.
        assert!(!e.to_string().contains("12345"), "{e}");
    }
}

#[test]
fn wrong_passphrase_is_a_clear_error() {
    let e = err_of(fixture(), Some("111111111111111111111111111111"));
    let text = e.to_string();
    assert!(matches!(e.kind, ImportErrorKind::Secret(_)), "{text}");
    assert!(
        text.contains("wrong passphrase or corrupted backup"),
        "{text}"
    );
    assert!(text.contains("frame 1"), "{text}");
    assert!(!text.contains("1111111111"), "{text}");
}

#[test]
fn flipped_bytes_fail_their_mac() {
    let data = fixture();
    // Byte 70 is in frame 1; 700 in a later SQL frame; 1500 in the
    // attachment blob (which starts at 1480).
    for (at, secret, frame_hint) in [
        (70usize, true, "frame 1"),
        (700, false, "MAC mismatch in frame"),
        (1500, false, "MAC mismatch"),
    ] {
        let mut d = data.clone();
        d[at] ^= 0x01;
        let e = err_of(d, Some(PASS));
        let text = e.to_string();
        assert_eq!(
            matches!(e.kind, ImportErrorKind::Secret(_)),
            secret,
            "{at}: {text}"
        );
        assert!(text.contains(frame_hint), "{at}: {text}");
        assert!(
            e.position.and_then(|p| p.byte).is_some(),
            "{at}: no byte position"
        );
    }
}

#[test]
fn truncated_backups_fail_cleanly() {
    let data = fixture();
    for cut in [70, 300, 1000, 1485, 1507, data.len() - 5] {
        let e = err_of(data[..cut].to_vec(), Some(PASS));
        let text = e.to_string();
        assert!(text.contains("truncated"), "cut at {cut}: {text}");
    }
    // Cut exactly between frames, before the end frame.
    let e = err_of(data[..1480].to_vec(), Some(PASS));
    assert!(e.to_string().contains("without its end frame"), "{e}");
}

#[test]
fn unsupported_version_and_refused_sql() {
    let mut w = Writer::new(PASS, 1);
    w.sql("ATTACH DATABASE 'x.db' AS x", &[]);
    let e = err_of(w.end(), Some(PASS));
    assert!(e.to_string().contains("refusing SQL statement"), "{e}");

    let mut data = fixture();
    // Header version field (0x18 0x01) -> version 9.
    let pos = data.windows(2).position(|w| w == [0x18, 0x01]).unwrap();
    data[pos + 1] = 9;
    let e = err_of(data, Some(PASS));
    assert!(
        e.to_string()
            .contains("unsupported backup format version 9"),
        "{e}"
    );
}

#[test]
fn random_bytes_and_text_are_not_backups() {
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    for data in [
        random,
        b"\xff\xfe not utf-8 \x80\x81".repeat(20),
        Vec::new(),
    ] {
        let input = Input::from_bytes("x.backup", data);
        assert!(SignalBackupImporter.detect(&input).is_empty());
    }
}

#[test]
fn a_header_without_frames_is_truncated_not_a_panic() {
    let data = fixture()[..60].to_vec();
    let e = err_of(data, Some(PASS));
    assert!(e.to_string().contains("without its end frame"), "{e}");
}
