//! Batched streaming: every batch length, the second-connection reader and
//! the pages give exactly the messages that were stored, in chronological
//! order, with attachments, reactions and replies that cross batch edges.

mod common;

use common::at;
use ferry_model::{
    App, Attachment, Chat, ChatKind, Message, MessageKind, Participant, Reaction, StoredMessage,
};
use ferry_store::{Library, MESSAGE_BATCH, RawBatch, StoreError};

const N: usize = 2_600;

fn person(key: &str, name: &str) -> Participant {
    Participant {
        key: key.to_owned(),
        name: name.to_owned(),
        phone: None,
        handle: None,
        native_id: None,
        is_me: key == "k-me",
    }
}

/// Message `i` of the generated chat: three per minute, a run of 60 in one
/// minute, replies (to stored and to missing ids), reactions by a member
/// and by a stranger, attachments, system lines, edits and forwards.
fn message(i: usize) -> Message {
    let minute = if (1000..1060).contains(&i) {
        333
    } else {
        i as i64 / 3
    };
    let sender = match i % 23 {
        0 => None,
        r if r % 2 == 0 => Some("k-alice".to_owned()),
        _ => Some("k-me".to_owned()),
    };
    let mut m = Message::text(sender.clone(), at(minute), format!("message {i} ünïcødé"));
    if sender.is_none() {
        m.kind = MessageKind::System;
    }
    if !i.is_multiple_of(5) {
        m.native_id = Some(format!("n{i}"));
    }
    if i.is_multiple_of(11) && i >= 13 {
        m.reply_to = Some(format!("n{}", i - 13));
    }
    if i.is_multiple_of(17) {
        m.reply_to = Some("not-in-the-library".to_owned());
    }
    if i.is_multiple_of(13) {
        m.reactions = vec![
            Reaction {
                emoji: "👍".into(),
                by: Some("k-alice".into()),
                at: Some(at(minute + 1)),
            },
            Reaction {
                emoji: "😂".into(),
                by: Some("stranger".into()),
                at: None,
            },
        ];
    }
    if i.is_multiple_of(19) {
        m.attachments = vec![
            Attachment::named(format!("IMG-{i}.jpg")),
            Attachment::named(format!("doc-{i}.pdf")),
        ];
        m.kind = MessageKind::Media;
    }
    if i.is_multiple_of(29) {
        m.edited = true;
        m.edited_at = Some(at(minute + 2));
    }
    if i.is_multiple_of(31) {
        m.forwarded_from = Some("Someone".into());
    }
    m
}

/// How the generated chat is stored.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// One chronological import: row-id order is time order.
    Chronological,
    /// The second half imported before the first.
    HalvesSwapped,
    /// A chronological import, then older messages (some in instants that
    /// already have rows) imported later.
    LateArrivals,
    /// Like `LateArrivals`, next to a bigger chat (the chat is read by time).
    Minority,
}

const SHAPES: [Shape; 4] = [
    Shape::Chronological,
    Shape::HalvesSwapped,
    Shape::LateArrivals,
    Shape::Minority,
];

/// A library holding the generated chat "Big" in `shape`: the library, the
/// chat's row id and the messages in the order they were stored.
fn library(shape: Shape) -> (tempfile::TempDir, Library, i64, Vec<Message>) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // Another chat first, so row ids and participant ids are not the chat's own.
    let filler = if matches!(shape, Shape::Minority) {
        N + 1
    } else {
        1
    };
    let other: Vec<Message> = (0..filler)
        .map(|i| common::text("Alice", i as i64, &format!("elsewhere {i}")))
        .collect();
    common::ingest(&mut lib, &common::whatsapp_chat("Other"), &other);
    let chat = Chat {
        app: App::WhatsApp,
        native_id: Some("big".into()),
        title: "Big".into(),
        kind: ChatKind::Group,
        participants: vec![person("k-me", "Me Myself"), person("k-alice", "Alice A.")],
    };
    let (first, later): (Vec<usize>, Vec<usize>) = match shape {
        Shape::Chronological => ((0..N).collect(), Vec::new()),
        Shape::HalvesSwapped => ((N / 2..N).chain(0..N / 2).collect(), Vec::new()),
        Shape::LateArrivals | Shape::Minority => (0..N).partition(|i| i % 97 != 40),
    };
    let first: Vec<Message> = first.into_iter().map(message).collect();
    let later: Vec<Message> = later.into_iter().map(message).collect();
    common::ingest(&mut lib, &chat, &first);
    if !later.is_empty() {
        common::ingest(&mut lib, &chat, &later);
    }
    let id = lib.resolve_chat("Big").unwrap().id;
    (dir, lib, id, first.into_iter().chain(later).collect())
}

/// What the store must give back for `input`: chronological (ties in
/// storage order), display names for senders and reacting members, and
/// replies resolved to row ids.
fn check_against_input(got: &[StoredMessage], input: &[Message]) {
    assert_eq!(got.len(), input.len());
    let mut by_id: Vec<&StoredMessage> = got.iter().collect();
    by_id.sort_by_key(|m| m.id);
    for (stored, sent) in by_id.iter().zip(input) {
        let mut want = sent.clone();
        for r in &mut want.reactions {
            if r.by.as_deref() == Some("k-alice") {
                r.by = Some("Alice A.".into());
            }
        }
        assert_eq!(stored.message, want, "row {}", stored.id);
        let name = match sent.sender.as_deref() {
            Some("k-me") => Some("Me Myself"),
            Some("k-alice") => Some("Alice A."),
            _ => None,
        };
        assert_eq!(stored.sender_name.as_deref(), name);
        assert_eq!(stored.sender_is_me, sent.sender.as_deref() == Some("k-me"));
        let target = sent.reply_to.as_deref().and_then(|r| {
            by_id
                .iter()
                .find(|m| m.message.native_id.as_deref() == Some(r))
                .map(|m| m.id)
        });
        assert_eq!(stored.reply_to_id, target, "reply of row {}", stored.id);
    }
    let order: Vec<(i64, i64)> = got
        .iter()
        .map(|m| (m.message.sent_at.unix_millis(), m.id))
        .collect();
    assert!(order.is_sorted(), "chronological, ties by id");
    assert!(got.iter().any(|m| m.reply_to_id.is_some()));
}

#[test]
fn every_batch_length_gives_the_stored_messages_in_order() {
    for shape in SHAPES {
        every_batch_length(shape);
    }
}

fn every_batch_length(shape: Shape) {
    let (_d, lib, chat, input) = library(shape);
    let mut all = Vec::new();
    lib.for_each_message(chat, None, None, &mut |m| {
        all.push(m);
        Ok(())
    })
    .unwrap();
    check_against_input(&all, &input);
    let reader = lib.reader().unwrap();
    for len in [1, 2, 7, 100, MESSAGE_BATCH, 10_000] {
        let mut batches: Vec<Vec<StoredMessage>> = Vec::new();
        lib.for_each_batch(chat, None, None, len, &mut |b| {
            batches.push(b);
            Ok(())
        })
        .unwrap();
        for pair in batches.windows(2) {
            assert!(pair[0].len() >= len, "only the last batch is short");
            let last = pair[0].last().unwrap().message.sent_at;
            let next = pair[1].first().unwrap().message.sent_at;
            assert_ne!(
                last, next,
                "{shape:?}: an instant is never split (batch {len})"
            );
        }
        assert!(
            batches.iter().any(|b| b.len() >= 60),
            "the 60-message minute"
        );
        let flat: Vec<StoredMessage> = batches.into_iter().flatten().collect();
        assert_eq!(flat, all, "{shape:?}, batches of {len}");
        let mut from_reader = Vec::new();
        reader
            .for_each_batch(chat, None, None, len, &mut |b| {
                from_reader.extend(b);
                Ok(())
            })
            .unwrap();
        assert_eq!(
            from_reader, all,
            "{shape:?}, second connection, batches of {len}"
        );
    }
}

#[test]
fn pages_and_time_bounds_match_the_stream() {
    let (_d, lib, chat, _input) = library(Shape::LateArrivals);
    let all = lib.messages(chat, 0, u64::MAX).unwrap();
    assert_eq!(all.len(), N);
    for (offset, limit) in [
        (0, 1),
        (998, 70),
        (1023, 3),
        (N as u64 - 5, 50),
        (1500, 1100),
    ] {
        let page = lib.messages(chat, offset, limit).unwrap();
        let from = offset as usize;
        let to = (from + limit as usize).min(N);
        assert_eq!(page, all[from..to], "page {offset}+{limit}");
    }
    let (since, until) = (at(300).unix_millis(), at(500).unix_millis());
    let mut bounded = Vec::new();
    lib.for_each_batch(chat, Some(since), Some(until), 5, &mut |b| {
        bounded.extend(b);
        Ok(())
    })
    .unwrap();
    let want: Vec<StoredMessage> = all
        .iter()
        .filter(|m| (since..until).contains(&m.message.sent_at.unix_millis()))
        .cloned()
        .collect();
    assert!(want.len() > 500, "{}", want.len());
    assert_eq!(bounded, want);
}

#[test]
fn an_error_from_the_callback_stops_the_stream() {
    let (_d, lib, chat, _input) = library(Shape::Chronological);
    let mut seen = 0;
    let r = lib.for_each_batch(chat, None, None, 10, &mut |_| {
        seen += 1;
        Err(StoreError::Cancelled)
    });
    assert!(matches!(r, Err(StoreError::Cancelled)));
    assert_eq!(seen, 1);
}

/// Every batch of `chat` read as raw batches on the second connection and
/// turned into messages afterwards (as the export does on its writing
/// thread), with the length of each.
fn raw_batches(
    lib: &Library,
    chat: i64,
    len: usize,
) -> Result<Vec<Vec<StoredMessage>>, StoreError> {
    let mut raw = Vec::new();
    lib.reader()?
        .for_each_raw_batch(chat, None, None, len, &mut |b| {
            raw.push(b);
            Ok(())
        })?;
    raw.into_iter().map(RawBatch::into_messages).collect()
}

/// Points some rows' sender at a participant of another chat and one at a
/// participant row that does not exist (both are read on demand).
fn foreign_senders(dir: &std::path::Path, chat: i64) {
    let conn = rusqlite::Connection::open(dir.join("library.db")).unwrap();
    let n = conn
        .execute(
            "UPDATE messages SET sender_id = (SELECT min(id) FROM participants WHERE chat_id <> ?1)
             WHERE chat_id = ?1 AND id % 41 = 0",
            [chat],
        )
        .unwrap();
    assert!(n > 10, "{n}");
    conn.execute(
        "UPDATE messages SET sender_id = 999999 WHERE chat_id = ?1 AND id % 43 = 0",
        [chat],
    )
    .unwrap();
}

#[test]
fn raw_batches_turn_into_the_same_batches_as_the_converted_stream() {
    for shape in SHAPES {
        let (dir, lib, chat, input) = library(shape);
        let plain = lib.messages(chat, 0, u64::MAX).unwrap();
        check_against_input(&plain, &input);
        foreign_senders(dir.path(), chat);
        for len in [1, 7, MESSAGE_BATCH, 10_000] {
            let mut batches: Vec<Vec<StoredMessage>> = Vec::new();
            lib.for_each_batch(chat, None, None, len, &mut |b| {
                batches.push(b);
                Ok(())
            })
            .unwrap();
            let raw = raw_batches(&lib, chat, len).unwrap();
            assert_eq!(raw, batches, "{shape:?}, batches of {len}");
        }
        let flat: Vec<StoredMessage> = raw_batches(&lib, chat, MESSAGE_BATCH)
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(flat.len(), N);
        let stranger = flat.iter().find(|m| m.id % 41 == 0 && m.id % 43 != 0);
        let stranger = stranger.unwrap();
        assert_eq!(stranger.sender_name.as_deref(), Some("Alice"), "{shape:?}");
        assert_eq!(stranger.message.sender.as_deref(), Some("Alice"));
        let missing = flat.iter().find(|m| m.id % 43 == 0).unwrap();
        assert_eq!(missing.sender_name, None);
        assert_eq!(missing.message.sender, None);
        assert!(flat.iter().any(|m| !m.message.attachments.is_empty()));
        assert!(flat.iter().any(|m| !m.message.reactions.is_empty()));
        assert!(flat.iter().any(|m| m.message.edited_at.is_some()));
        assert!(flat.iter().any(|m| m.message.kind == MessageKind::System));
        assert!(flat.iter().any(|m| m.reply_to_id.is_some()));
    }
}

#[test]
fn a_corrupt_row_in_a_raw_batch_is_reported_with_its_row_id() {
    let (dir, lib, chat, _input) = library(Shape::Chronological);
    let all = lib.messages(chat, 0, u64::MAX).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    let (bad_text, bad_time, bad_kind) = (all[1500].id, all[2000].id, all[2500].id);
    for (set, row, what) in [
        (
            "text = CAST(X'C328FF' AS TEXT)",
            bad_text,
            "column 11 is not UTF-8",
        ),
        (
            "reply_to = CAST(X'FF' AS TEXT)",
            bad_text,
            "column 9 is not UTF-8",
        ),
        ("sent_tz = 999999", bad_time, "out of range"),
        ("edited_at = 9223372036854775807", bad_time, "out of range"),
        ("kind = 'bogus'", bad_kind, "unknown message kind"),
    ] {
        let saved: Vec<rusqlite::types::Value> = conn
            .query_row(
                "SELECT text, reply_to, sent_tz, edited_at, kind FROM messages WHERE id = ?1",
                [row],
                |r| (0..5).map(|i| r.get(i)).collect(),
            )
            .unwrap();
        conn.execute(&format!("UPDATE messages SET {set} WHERE id = ?1"), [row])
            .unwrap();
        let err = raw_batches(&lib, chat, MESSAGE_BATCH).unwrap_err();
        match &err {
            StoreError::Corrupt {
                table: "messages",
                row: r,
                what: w,
            } => assert!(*r == row && w.contains(what), "{set}: {err:?}"),
            _ => panic!("{set}: {err:?}"),
        }
        let old = lib.for_each_batch(chat, None, None, MESSAGE_BATCH, &mut |_| Ok(()));
        assert!(
            matches!(old, Err(StoreError::Corrupt { row: r, .. }) if r == row),
            "{set}: {old:?}"
        );
        conn.execute(
            "UPDATE messages SET text = ?2, reply_to = ?3, sent_tz = ?4, edited_at = ?5, kind = ?6
             WHERE id = ?1",
            rusqlite::params![row, saved[0], saved[1], saved[2], saved[3], saved[4]],
        )
        .unwrap();
        assert_eq!(lib.messages(chat, 0, u64::MAX).unwrap(), all, "{set}");
    }
}
