//! The export reads the store on a second thread, in batches. These tests
//! hold it to what feeding the exporter on one thread, message by message
//! from [`ferry_store::Library::for_each_message`], writes: the same files,
//! byte for byte, for chats of several batches whose replies, reactions
//! and attachments cross batch edges.

use ferry_core::progress::{Cancel, NoProgress, ProgressUpdate};
use ferry_core::{ExportRequest, Ferry};
use ferry_exporters::{ExportFormat, ExportOptions, ExportSummary, Exporter};
use ferry_model::{
    App, Attachment, Chat, ChatKind, Message, MessageKind, Participant, Reaction, Timestamp,
};
use ferry_store::{Library, MESSAGE_BATCH};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Messages of the big chat: more than two batches.
const N: usize = MESSAGE_BATCH * 2 + 500;

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix(1_709_280_000 + minute * 60, 3600).unwrap()
}

fn person(key: &str, name: &str, is_me: bool) -> Participant {
    Participant {
        key: key.to_owned(),
        name: name.to_owned(),
        phone: Some(format!("+31 6 {}", key.len())),
        handle: None,
        native_id: None,
        is_me,
    }
}

fn message(i: usize) -> Message {
    // Two or three per minute, with a long run in one minute.
    let minute = if (900..960).contains(&i) {
        360
    } else {
        i as i64 * 2 / 5
    };
    let sender = if i.is_multiple_of(41) {
        None
    } else if i.is_multiple_of(2) {
        Some("alice".to_owned())
    } else {
        Some("me".to_owned())
    };
    let mut m = Message::text(
        sender.clone(),
        at(minute),
        format!("line {i}: «quote» & <b>"),
    );
    if sender.is_none() {
        m.kind = MessageKind::System;
    }
    m.native_id = Some(format!("id{i}"));
    if i.is_multiple_of(7) && i > 30 {
        m.reply_to = Some(format!("id{}", i - 30));
    }
    if i.is_multiple_of(9) {
        m.reactions = vec![Reaction {
            emoji: "❤️".into(),
            by: Some("alice".into()),
            at: Some(at(minute + 1)),
        }];
    }
    if i.is_multiple_of(25) {
        m.attachments = vec![Attachment::named(format!("IMG-{i}.jpg"))];
        m.kind = MessageKind::Media;
    }
    if i.is_multiple_of(33) {
        m.text.push_str("\nsecond line");
        m.edited = true;
        m.edited_at = Some(at(minute + 3));
    }
    m
}

/// A library with a big group chat (imported in two goes, the second one
/// with older messages) and a small direct chat.
fn library(dir: &Path) {
    let mut lib = Library::open(dir).unwrap();
    let big = Chat {
        app: App::WhatsApp,
        native_id: Some("big".into()),
        title: "Big group".into(),
        kind: ChatKind::Group,
        participants: vec![
            person("me", "Me", true),
            person("alice", "Alice Example", false),
        ],
    };
    let small = Chat {
        app: App::Signal,
        native_id: Some("small".into()),
        title: "Small".into(),
        kind: ChatKind::Direct,
        participants: vec![person("bob", "Bob", false), person("me", "Me", true)],
    };
    let (now, later): (Vec<usize>, Vec<usize>) = (0..N).partition(|i| i % 101 != 7);
    for (chat, part) in [(&big, now), (&big, later)] {
        let mut ing = lib.begin_ingest().unwrap();
        let c = ing.begin_chat(chat).unwrap();
        for i in part {
            ing.message(c, &message(i)).unwrap();
        }
        ing.commit().unwrap();
    }
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&small).unwrap();
    for i in 0..12 {
        let sender = if i % 2 == 0 { "bob" } else { "me" };
        ing.message(
            c,
            &Message::text(Some(sender.into()), at(i * 500), format!("hi {i}")),
        )
        .unwrap();
    }
    ing.commit().unwrap();
}

/// The reference: one thread, one message at a time.
fn export_sequentially(ferry: &Ferry, request: &ExportRequest) -> ExportSummary {
    let chats = ferry.export_chats(&request.chats).unwrap();
    let resolve = |hash: &str| ferry.media_path(hash);
    let mut ex = Exporter::new(
        request.format,
        request.options.clone(),
        chats.len(),
        &resolve,
    )
    .unwrap();
    for chat in &chats {
        ex.begin_chat(chat).unwrap();
        ferry
            .store()
            .for_each_message(
                chat.id,
                request.options.since,
                request.options.until,
                &mut |m| {
                    ex.message(&m).unwrap();
                    Ok(())
                },
            )
            .unwrap();
        ex.end_chat().unwrap();
    }
    ex.finish().unwrap()
}

/// Every file under `dir` by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn request(format: ExportFormat, out: PathBuf, since: Option<i64>) -> ExportRequest {
    // SMS backups are named by the time of writing unless given a file name.
    let out = match format {
        ExportFormat::SmsXml => out.join("sms.xml"),
        _ => out,
    };
    let mut options = ExportOptions::new(out);
    options.since = since;
    ExportRequest {
        chats: Vec::new(),
        format,
        options,
    }
}

#[test]
fn threaded_export_writes_what_a_sequential_one_writes() {
    let tmp = tempfile::tempdir().unwrap();
    library(&tmp.path().join("lib"));
    let ferry = Ferry::open(&tmp.path().join("lib")).unwrap();
    let formats = [
        ExportFormat::Jsonl,
        ExportFormat::Html,
        ExportFormat::Csv,
        ExportFormat::Txt,
        ExportFormat::TelegramJson,
        ExportFormat::SmsXml,
    ];
    for format in formats {
        for since in [None, Some(at(300).unix_millis())] {
            let name = format!("{format:?}-{}", since.is_some());
            let threaded_dir = tmp.path().join("threaded").join(&name);
            let sequential_dir = tmp.path().join("sequential").join(&name);
            let threaded = ferry
                .export(
                    &request(format, threaded_dir.clone(), since),
                    &NoProgress,
                    &Cancel::new(),
                )
                .unwrap();
            let sequential =
                export_sequentially(&ferry, &request(format, sequential_dir.clone(), since));
            let want = if since.is_some() {
                12 + N - 750
            } else {
                12 + N
            };
            assert!(
                threaded.messages as usize >= want - 60,
                "{name}: {}",
                threaded.messages
            );
            assert_eq!(threaded.messages, sequential.messages, "{name}");
            assert_eq!(threaded.degraded, sequential.degraded, "{name}");
            assert_eq!(threaded.attachments_missing, sequential.attachments_missing);
            let (a, b) = (files(&threaded_dir), files(&sequential_dir));
            assert!(!a.is_empty(), "{name}");
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
            for (path, bytes) in &a {
                assert!(bytes == &b[path], "{name}: {} differs", path.display());
            }
        }
    }
}

#[test]
fn a_cancelled_threaded_export_stops_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    library(&tmp.path().join("lib"));
    let ferry = Ferry::open(&tmp.path().join("lib")).unwrap();
    let cancel = Cancel::new();
    let progress = |u: &ProgressUpdate| {
        if u.done >= 2_000 {
            cancel.cancel();
        }
    };
    let err = ferry
        .export(
            &request(ExportFormat::Jsonl, tmp.path().join("out.jsonl"), None),
            &progress,
            &cancel,
        )
        .unwrap_err();
    assert_eq!(err.code(), "cancelled", "{err}");
}

/// The writing thread turns the read rows into messages: a row it cannot
/// turn (text that is not UTF-8, a timestamp out of range) fails the export
/// with the store's error naming the row, after the batches before it.
#[test]
fn a_corrupt_row_fails_the_threaded_export_with_the_rows_id() {
    let tmp = tempfile::tempdir().unwrap();
    library(&tmp.path().join("lib"));
    let ferry = Ferry::open(&tmp.path().join("lib")).unwrap();
    let big = ferry.resolve_chat("Big group").unwrap().id;
    let all = ferry.store().messages(big, 0, u64::MAX).unwrap();
    let row = all[MESSAGE_BATCH * 2 + 300].id;
    let conn = rusqlite::Connection::open(tmp.path().join("lib").join("library.db")).unwrap();
    for set in [
        "text = CAST(X'C328' AS TEXT)",
        "text = 'ok', sent_tz = 999999",
    ] {
        conn.execute(&format!("UPDATE messages SET {set} WHERE id = ?1"), [row])
            .unwrap();
        let out = tmp.path().join("corrupt.jsonl");
        let seen = std::sync::atomic::AtomicU64::new(0);
        let progress = |u: &ProgressUpdate| {
            seen.fetch_max(u.done, std::sync::atomic::Ordering::Relaxed);
        };
        let err = ferry
            .export(
                &ExportRequest {
                    chats: vec!["Big group".into()],
                    ..request(ExportFormat::Jsonl, out, None)
                },
                &progress,
                &Cancel::new(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "store", "{set}: {err}");
        assert!(
            err.to_string()
                .contains(&format!("corrupt library: messages row {row}:")),
            "{set}: {err}"
        );
        let done = seen.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            done >= 2_000,
            "{set}: the batches before it were written: {done}"
        );
    }
}
