//! Malformed input must not panic: the Messages importer and its decoders
//! against truncated, corrupted and hostile databases and blobs.

use ferry_importers::imessage::{bplist, summary, typedstream::decode_text};
use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/imessage")
        .join(path)
}

fn forced(name: &str) -> Detected {
    Detected {
        format: "imessage".parse().unwrap(),
        entry: name.to_owned(),
        label: String::new(),
    }
}

/// Imports `bytes` as an in-memory `chat.db`, detected or forced.
fn import_bytes(bytes: Vec<u8>) -> (usize, Result<MemorySink, String>) {
    let input = Input::from_bytes("chat.db", bytes);
    let detected = detect(&input, None).len();
    let mut sink = MemorySink::new();
    let result = import(
        &input,
        &forced("chat.db"),
        &ImportOptions::default(),
        &mut sink,
    )
    .map(|()| sink)
    .map_err(|e| e.to_string());
    (detected, result)
}

#[test]
fn non_databases_are_not_detected_and_fail_cleanly() {
    let db = std::fs::read(fixture("synthetic_chat.db")).unwrap();
    for (name, bytes) in [
        ("empty", Vec::new()),
        (
            "random bytes",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("text", b"hello, this is not a database".to_vec()),
        ("invalid utf-8", vec![0xff, 0xfe, 0xfd, 0x80, 0x00]),
    ] {
        let (detected, result) = import_bytes(bytes);
        assert_eq!(detected, 0, "{name}");
        assert!(result.is_err(), "{name}");
    }
    // Cut databases may still look like Messages' from their schema, but
    // reading them fails with an error.
    for (name, len) in [("header only", 100), ("first page only", 4096)] {
        assert!(import_bytes(db[..len].to_vec()).1.is_err(), "{name}");
    }
}

#[test]
fn truncated_databases_never_panic() {
    let db = std::fs::read(fixture("synthetic_chat.db")).unwrap();
    for len in (0..db.len())
        .step_by(4096)
        .chain([db.len() - 1, db.len() / 2 + 17])
    {
        let _ = import_bytes(db[..len].to_vec());
    }
}

#[test]
fn corrupted_pages_never_panic() {
    let db = std::fs::read(fixture("synthetic_chat.db")).unwrap();
    for offset in (100..db.len()).step_by(1531) {
        let mut bytes = db.clone();
        for b in bytes.iter_mut().skip(offset).take(64) {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        let _ = import_bytes(bytes);
    }
}

#[test]
fn hostile_column_values_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chat.db");
    std::fs::copy(fixture("synthetic_chat.db"), &db).unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE message SET date = 'yesterday' WHERE ROWID = 1;
             UPDATE message SET date = 9223372036854775807 WHERE ROWID = 2;
             UPDATE message SET date = -9223372036854775808, text = NULL,
               attributedBody = X'040b73747265616d747970656481e803840140848484' WHERE ROWID = 4;
             UPDATE message SET attributedBody = X'00ff00ff', message_summary_info = X'62706c6973743030ff'
               WHERE ROWID = 5;
             UPDATE message SET text = X'ff00fe', handle_id = 999 WHERE ROWID = 6;
             UPDATE message SET item_type = 77, group_action_type = -3 WHERE ROWID = 7;
             UPDATE attachment SET filename = '~/Library/Messages/Attachments/../../../etc/passwd';
             INSERT INTO chat_message_join VALUES (99, 8, 0);
             INSERT INTO chat_handle_join VALUES (3, 12345);",
        )
        .unwrap();
    let input = Input::open(&db).unwrap();
    let found = detect(&input, None);
    assert_eq!(found.len(), 1);
    let mut sink = MemorySink::new();
    let options = ImportOptions {
        attachments_dir: Some(dir.path().to_owned()),
        ..ImportOptions::default()
    };
    import(&input, &found[0], &options, &mut sink).unwrap();
    // Unreadable attributedBody: a warning, not a failure.
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("text not readable"))
    );
    // The path escaping the attachments folder is never opened.
    assert!(sink.media.is_empty());
    // The join to a chat that does not exist is reported.
    assert!(
        sink.skipped
            .iter()
            .any(|(_, why)| why.contains("does not exist"))
    );
    // A handle that does not exist leaves the sender unknown.
    assert_eq!(sink.messages[1][0].sender, None);
}

#[test]
fn schema_without_optional_columns_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chat.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, guid TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, date INTEGER);
             CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
             INSERT INTO handle VALUES (1, '+15550001');
             INSERT INTO chat VALUES (1, 'SMS;-;+15550001');
             INSERT INTO message VALUES (1, 'G1', 'old style', 300000000);
             INSERT INTO chat_message_join VALUES (1, 1);
             INSERT INTO message VALUES (2, 'G2', 'no chat', 300000001);",
        )
        .unwrap();
    let input = Input::open(&db).unwrap();
    let found = detect(&input, None);
    assert_eq!(found.len(), 1);
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.chats[0].title, "SMS;-;+15550001");
    assert_eq!(sink.messages[0][0].text, "old style");
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2010-07-05T05:20:00+00:00"
    );
    assert_eq!(sink.skipped.len(), 1, "{:?}", sink.skipped);
    assert!(sink.skipped[0].1.contains("1 message(s) belong to no chat"));
}

#[test]
fn every_truncation_and_byte_flip_of_the_blobs_never_panics() {
    for file in [
        "AttributedBodyTextOnly.bin",
        "Blank.bin",
        "MultiPart.bin",
        "URL.bin",
    ] {
        let blob = std::fs::read(fixture(&format!("typedstream/{file}"))).unwrap();
        for len in 0..blob.len() {
            let _ = decode_text(&blob[..len]);
            let _ = bplist::parse(&blob[..len]);
        }
        for i in 0..blob.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = blob.clone();
                b[i] ^= flip;
                let _ = decode_text(&b);
            }
        }
    }
}

#[test]
fn huge_and_random_blobs_never_panic() {
    let mut huge = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01+\x82".to_vec();
    huge.extend_from_slice(&i32::MAX.to_le_bytes());
    assert!(decode_text(&huge).is_err());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2000 {
        let len = (seed % 300) as usize;
        let mut bytes = b"\x04\x0bstreamtyped\x81\xe8\x03".to_vec();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push((seed >> 24) as u8);
        }
        let _ = decode_text(&bytes);
        let mut plist = b"bplist00".to_vec();
        plist.extend_from_slice(&bytes);
        let _ = bplist::parse(&plist);
        let _ = summary::read(&plist);
    }
}
