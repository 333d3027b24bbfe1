//! Signal Android `.backup`: the shared fixture, synthetic backups written
//! by a small encoder below (same crypto as the app), and damaged inputs.

use ferry_importers::signal::backup::SignalBackupImporter;
use ferry_importers::{
    ImportErrorKind, ImportOptions, Importer, Input, MemorySink, Secret, detect,
};
use ferry_model::{ChatKind, MediaKind, MessageKind};

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
