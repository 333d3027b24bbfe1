//! The batched path (`Ingest::push`, multi-row inserts) must store exactly
//! what inserting each message on its own (`Ingest::message`) stores: same
//! rows, same ids, same counts, on inputs that cross batch boundaries and
//! mix new messages with duplicates inside one batch.

mod common;

use common::*;
use ferry_model::{Attachment, Chat, MediaKind, Message, MessageKind, Reaction, Timestamp};
use ferry_store::{IngestStats, Library};

/// Every stored row of the tables an ingest writes, as text, in id order.
fn dump(lib_dir: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(lib_dir.join("library.db")).unwrap();
    let mut out = Vec::new();
    for table in [
        "SELECT * FROM chats ORDER BY id",
        "SELECT * FROM participants ORDER BY id",
        "SELECT * FROM messages ORDER BY id",
        "SELECT * FROM attachments ORDER BY message_id, position",
        "SELECT * FROM reactions ORDER BY message_id, position",
        "SELECT * FROM search_stale ORDER BY message_id",
    ] {
        let mut stmt = conn.prepare(table).unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let fields: Vec<String> = (0..cols)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(fields.join("|"));
        }
    }
    out
}

/// One import of `messages` into `chats` (by index), batched or not.
fn import(
    lib: &mut Library,
    chats: &[Chat],
    messages: &[(usize, Message)],
    batched: bool,
) -> IngestStats {
    let mut ing = lib.begin_ingest().unwrap();
    let refs: Vec<_> = chats.iter().map(|c| ing.begin_chat(c).unwrap()).collect();
    for (c, m) in messages {
        if batched {
            ing.push(refs[*c], m.clone()).unwrap();
        } else {
            ing.message(refs[*c], m).unwrap();
        }
    }
    ing.commit().unwrap()
}

/// Runs the same imports into two libraries, batched and one by one, and
/// compares every import's statistics and the final tables.
fn assert_same(chats: &[Chat], imports: &[Vec<(usize, Message)>]) {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut batched = Library::open(a.path()).unwrap();
    let mut single = Library::open(b.path()).unwrap();
    for (i, messages) in imports.iter().enumerate() {
        let x = import(&mut batched, chats, messages, true);
        let y = import(&mut single, chats, messages, false);
        assert_eq!(x, y, "statistics of import {i}");
    }
    drop((batched, single));
    let (x, y) = (dump(a.path()), dump(b.path()));
    assert_eq!(x.len(), y.len());
    for (r, s) in x.iter().zip(&y) {
        assert_eq!(r, s);
    }
}

fn telegram(title: &str, id: &str) -> Chat {
    let mut c = whatsapp_chat(title);
    c.app = ferry_model::App::Telegram;
    c.native_id = Some(id.to_owned());
    c
}

fn with_id(id: u32, minute: i64, body: &str) -> Message {
    let mut m = text("Alice", minute, body);
    m.native_id = Some(id.to_string());
    m
}

/// 1,000 messages over two chats: repeated texts in the same minute,
/// attachments and reactions every few messages, senders not announced.
fn mixed(n: i64) -> Vec<(usize, Message)> {
    (0..n)
        .map(|i| {
            let mut m = text(
                ["Alice", "Bob", "Zed"][(i % 3) as usize],
                i / 4,
                ["ok", "hi", "ok"][(i % 3) as usize],
            );
            if i % 7 == 0 {
                m.attachments.push(Attachment {
                    file_name: format!("IMG-{i}.jpg"),
                    media_kind: MediaKind::Image,
                    mime: Some("image/jpeg".into()),
                    size: Some(i as u64),
                    content_hash: None,
                });
            }
            if i % 11 == 0 {
                m.reactions.push(Reaction {
                    emoji: "👍".into(),
                    by: Some("Bob".into()),
                    at: None,
                });
            }
            ((i % 5 == 0) as usize, m)
        })
        .collect()
}

#[test]
fn batched_equals_single_on_a_fresh_library_and_on_reimport() {
    let chats = [whatsapp_chat("One"), whatsapp_chat("Two")];
    let all = mixed(1000);
    assert_same(&chats, &[all.clone(), all]);
}

#[test]
fn batched_equals_single_when_an_overlap_ends_inside_a_batch() {
    let chats = [whatsapp_chat("One"), whatsapp_chat("Two")];
    let all = mixed(1000);
    // Older export: the first 530; newer: 300..1000 (overlap ends mid-batch),
    // then one that interleaves known and new messages row by row.
    let older = all[..530].to_vec();
    let newer = all[300..].to_vec();
    let every_other: Vec<_> = mixed(1200).into_iter().step_by(2).collect();
    assert_same(&chats, &[older, newer, every_other]);
}

#[test]
fn batched_equals_single_with_native_ids_repeated_and_edited_inside_a_batch() {
    let chats = [telegram("T", "chat-1"), telegram("U", "chat-2")];
    let first: Vec<_> = (0..300u32)
        .map(|i| {
            (
                (i % 2) as usize,
                with_id(i % 200, i64::from(i), &format!("text {i}")),
            )
        })
        .collect();
    let edits: Vec<_> = (0..400u32)
        .map(|i| {
            let mut m = with_id(i, i64::from(i), &format!("edited {i}"));
            m.edited = i % 3 == 0;
            m.edited_at = m.edited.then(|| at(10_000 + i64::from(i)));
            ((i % 2) as usize, m)
        })
        .collect();
    assert_same(&chats, &[first, edits]);
}

#[test]
fn batched_and_single_calls_can_be_mixed_and_keep_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&whatsapp_chat("Order")).unwrap();
    for i in 0..100 {
        let m = text("Bob", 0, &format!("m{i}"));
        if i % 10 == 9 {
            assert!(ing.message(c, &m).unwrap());
        } else {
            ing.push(c, m).unwrap();
        }
    }
    let stats = ing.commit().unwrap();
    assert_eq!(
        (stats.messages, stats.new_messages, stats.duplicates),
        (100, 100, 0)
    );
    let chat = lib.resolve_chat("Order").unwrap();
    let want: Vec<String> = (0..100).map(|i| format!("m{i}")).collect();
    assert_eq!(texts(&lib, chat.id), want);
}

#[test]
fn a_dropped_ingest_with_a_partial_batch_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&whatsapp_chat("Gone")).unwrap();
    for i in 0..150 {
        ing.push(c, text("Bob", i, "x")).unwrap();
    }
    drop(ing);
    assert_eq!(total_messages(&lib), 0);
    assert!(lib.chats().unwrap().is_empty());
}

#[test]
fn batched_equals_single_when_plain_and_full_rows_alternate_by_batch() {
    // Full batches of plain rows take the short statement; a reply or a
    // forward anywhere in a batch sends the whole batch through the full one.
    let chats = [whatsapp_chat("One"), whatsapp_chat("Two")];
    let mut all = mixed(1000);
    for (i, (_, m)) in all.iter_mut().enumerate() {
        match (i / 64) % 3 {
            0 if i % 64 == 5 => m.edited = true,
            1 if i % 64 == 17 => m.reply_to = Some(format!("r{i}")),
            2 if i % 64 == 40 => m.forwarded_from = Some("Carol".into()),
            _ => {}
        }
    }
    assert_same(&chats, &[all.clone(), all]);
}

#[test]
fn batched_equals_single_when_small_values_change_from_batch_to_batch() {
    // The plain statement keeps what it bound at each row between batches
    // (chat, offset, kind, flags); every one of them changes here at some
    // row of some batch, and changes back later.
    let chats = [whatsapp_chat("One"), whatsapp_chat("Two")];
    let mut all = mixed(2000);
    for (i, (chat, m)) in all.iter_mut().enumerate() {
        let batch = i / 64;
        if batch % 4 == 1 {
            *chat = 1 - *chat;
        }
        if (i + batch) % 9 == 0 {
            m.kind = MessageKind::System;
        }
        if batch % 5 == 2 {
            let offset = if i % 2 == 0 { 3600 } else { -18000 };
            m.sent_at = Timestamp::from_unix_millis(m.sent_at.unix_millis(), offset).unwrap();
        }
        if (i * 7 + batch) % 11 == 0 {
            m.edited = !m.edited;
        }
        if batch % 6 == 3 {
            m.attachments.clear();
            m.reactions.clear();
        }
    }
    assert_same(&chats, &[all.clone(), all]);
}
