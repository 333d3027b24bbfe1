//! Reading back: chat listing and resolution, paging, streaming, positions, stats.

mod common;

use common::*;
use ferry_model::{Attachment, MessageKind};
use ferry_store::{Library, StoreError};

fn three_chats() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[text("Alice", 0, "a"), text("Bob", 50, "b")],
    );
    ingest(
        &mut lib,
        &whatsapp_chat("Family trip"),
        &[text("Alice", 100, "c")],
    );
    ingest(&mut lib, &whatsapp_chat("Work"), &[text("Bob", 10, "d")]);
    (dir, lib)
}

#[test]
fn chats_are_ordered_by_last_message() {
    let (_d, lib) = three_chats();
    let titles: Vec<_> = lib.chats().unwrap().into_iter().map(|c| c.title).collect();
    assert_eq!(titles, ["Family trip", "Family", "Work"]);
}

#[test]
fn resolve_chat_table() {
    let (_d, lib) = three_chats();
    let id_of = |t: &str| {
        lib.chats()
            .unwrap()
            .into_iter()
            .find(|c| c.title == t)
            .unwrap()
            .id
    };
    let family = id_of("Family");
    assert_eq!(
        lib.resolve_chat(&family.to_string()).unwrap().title,
        "Family"
    );
    assert_eq!(
        lib.resolve_chat("FAMILY").unwrap().title,
        "Family",
        "exact beats substring"
    );
    assert_eq!(lib.resolve_chat("trip").unwrap().title, "Family trip");
    assert_eq!(lib.resolve_chat("wor").unwrap().title, "Work");
    match lib.resolve_chat("a") {
        Err(StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        lib.resolve_chat("nothing"),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(lib.resolve_chat(""), Err(StoreError::NotFound(_))));
    assert!(matches!(
        lib.resolve_chat("999"),
        Err(StoreError::NotFound(_))
    ));
    assert!(lib.chat(999).unwrap().is_none());
}

#[test]
fn streaming_respects_the_time_range_and_positions_agree_with_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<_> = (0..100)
        .map(|i| text("Bob", i / 2, &format!("m{i}")))
        .collect();
    ingest(&mut lib, &whatsapp_chat("F"), &msgs);
    let chat = lib.resolve_chat("F").unwrap().id;
    let mut seen = Vec::new();
    lib.for_each_message(
        chat,
        Some(at(10).unix_millis()),
        Some(at(20).unix_millis()),
        &mut |m| {
            seen.push(m.message.text);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(seen, (20..40).map(|i| format!("m{i}")).collect::<Vec<_>>());
    let all = lib.messages(chat, 0, 1000).unwrap();
    for (pos, m) in all.iter().enumerate() {
        assert_eq!(
            lib.message_position(m.id).unwrap(),
            Some((chat, pos as u64))
        );
    }
    assert_eq!(lib.message_position(123_456).unwrap(), None);
    assert_eq!(lib.position_at(chat, at(10).unix_millis()).unwrap(), 20);
    assert_eq!(lib.position_at(chat, at(10).unix_millis() + 1).unwrap(), 22);
    assert_eq!(lib.position_at(chat, at(1000).unix_millis()).unwrap(), 100);
    assert_eq!(lib.messages(chat, 98, 10).unwrap().len(), 2);
    assert!(lib.messages(chat, u64::MAX, u64::MAX).unwrap().is_empty());
}

#[test]
fn streaming_stops_at_the_callers_error() {
    let (_d, lib) = three_chats();
    let chat = lib.resolve_chat("Family").unwrap().id;
    let mut n = 0;
    let r = lib.for_each_message(chat, None, None, &mut |_| {
        n += 1;
        Err(StoreError::Cancelled)
    });
    assert!(matches!(r, Err(StoreError::Cancelled)));
    assert_eq!(n, 1);
}

#[test]
fn stats_count_senders_months_kinds_and_hours() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // at(0) is Friday 2024-03-01 09:00 +01:00.
    let mut photo = text("Bob", 60, "");
    photo.kind = MessageKind::Media;
    photo.attachments = vec![Attachment {
        size: Some(1000),
        ..Attachment::named("p.jpg")
    }];
    let mut system = text("Bob", 0, "Alice joined");
    system.sender = None;
    system.kind = MessageKind::System;
    let msgs = [
        text("Alice", 0, "a"),
        text("Alice", 1, "b"),
        photo,
        system,
        text("Bob", 60 * 24 * 31, "april"),
    ];
    ingest(&mut lib, &whatsapp_chat("F"), &msgs);
    ingest(
        &mut lib,
        &whatsapp_chat("G"),
        &[text("Alice", 0, "elsewhere")],
    );
    let chat = lib.resolve_chat("F").unwrap().id;
    let s = lib.stats(Some(chat)).unwrap();
    assert_eq!(
        (s.messages, s.attachments, s.attachment_bytes),
        (5, 1, 1000)
    );
    assert_eq!(s.first, Some(at(0)));
    assert_eq!(s.last, Some(at(60 * 24 * 31)));
    assert_eq!(
        s.per_sender,
        [("Alice".to_string(), 2), ("Bob".to_string(), 2)]
    );
    assert_eq!(
        s.per_month,
        [("2024-03".to_string(), 4), ("2024-04".to_string(), 1)]
    );
    assert_eq!(
        s.per_kind,
        [
            ("text".to_string(), 3),
            ("media".to_string(), 1),
            ("system".to_string(), 1)
        ]
    );
    assert_eq!(s.hour_weekday[4][9], 3, "Friday 09:xx");
    assert_eq!(s.hour_weekday[4][10], 1, "Friday 10:00");
    assert_eq!(s.hour_weekday[0][9], 1, "Monday 2024-04-01 09:00");
    let all = lib.stats(None).unwrap();
    assert_eq!(all.messages, 6);
    assert_eq!(all.per_sender[0], ("Alice".to_string(), 3));
}

#[test]
fn values_the_store_never_writes_are_reported_as_corrupt() {
    let (dir, lib) = three_chats();
    let chat = lib.resolve_chat("Work").unwrap().id;
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    conn.execute(
        "UPDATE messages SET kind = 'bogus' WHERE chat_id = ?1",
        [chat],
    )
    .unwrap();
    assert!(matches!(
        lib.messages(chat, 0, 10),
        Err(StoreError::Corrupt {
            table: "messages",
            ..
        })
    ));
    conn.execute(
        "UPDATE messages SET kind = 'text', sent_tz = 999999 WHERE chat_id = ?1",
        [chat],
    )
    .unwrap();
    assert!(matches!(
        lib.messages(chat, 0, 10),
        Err(StoreError::Corrupt { .. })
    ));
    conn.execute("UPDATE chats SET app = 'icq' WHERE id = ?1", [chat])
        .unwrap();
    assert!(matches!(
        lib.chat(chat),
        Err(StoreError::Corrupt { table: "chats", .. })
    ));
}

#[test]
fn text_columns_that_are_not_utf8_or_not_text_are_errors_not_panics() {
    let (dir, lib) = three_chats();
    let chat = lib.resolve_chat("Work").unwrap().id;
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    let good = lib.messages(chat, 0, 10).unwrap();
    assert!(!good.is_empty());
    for (set, corrupt) in [
        ("text = CAST(X'C328FF' AS TEXT)", true),
        ("text = 'ok', native_id = CAST(X'FF' AS TEXT)", true),
        (
            "native_id = NULL, forwarded_from = CAST(X'E282' AS TEXT)",
            true,
        ),
        ("forwarded_from = NULL, text = X'6869'", false),
    ] {
        conn.execute(
            &format!("UPDATE messages SET {set} WHERE chat_id = ?1"),
            [chat],
        )
        .unwrap();
        let read = lib.messages(chat, 0, 10);
        assert!(read.is_err(), "{set}");
        if corrupt {
            assert!(
                matches!(
                    read,
                    Err(StoreError::Corrupt {
                        table: "messages",
                        ..
                    })
                ),
                "{set}: {read:?}"
            );
        }
        let mut streamed = 0;
        let r = lib.for_each_message(chat, None, None, &mut |_| {
            streamed += 1;
            Ok(())
        });
        assert!(r.is_err() && streamed == 0, "{set}");
    }
}

/// Regression guard for streaming's own ordering of messages that share an
/// instant: it must match the pages (by sent_at, then id).
#[test]
fn streaming_order_matches_paging_with_many_messages_per_instant() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<_> = (0..300)
        .map(|i| {
            text(
                if i % 2 == 0 { "Alice" } else { "Bob" },
                (i / 60) * 7 % 5,
                &format!("m{i}"),
            )
        })
        .collect();
    ingest(&mut lib, &whatsapp_chat("F"), &msgs);
    let chat = lib.resolve_chat("F").unwrap().id;
    let paged: Vec<_> = lib
        .messages(chat, 0, 1000)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    let mut streamed = Vec::new();
    lib.for_each_message(chat, None, None, &mut |m| {
        streamed.push(m.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed.len(), 300);
    assert_eq!(streamed, paged);
    // within one instant, export order is kept
    let first_instant: Vec<_> = lib
        .messages(chat, 0, 60)
        .unwrap()
        .into_iter()
        .map(|m| m.message.text)
        .collect();
    assert_eq!(
        first_instant,
        (0..60).map(|i| format!("m{i}")).collect::<Vec<_>>()
    );
}

/// Every page, including pages that start or end inside a group of messages
/// sharing one instant, is the matching slice of the full stream.
#[test]
fn pages_are_slices_of_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<_> = (0..40)
        .map(|i| {
            text(
                "Bob",
                [0, 0, 0, 1, 2, 2, 5][i % 7] + (i / 7) as i64 * 10,
                &format!("m{i}"),
            )
        })
        .collect();
    ingest(&mut lib, &whatsapp_chat("F"), &msgs);
    let chat = lib.resolve_chat("F").unwrap().id;
    let mut all = Vec::new();
    let mut keys = Vec::new();
    lib.for_each_message(chat, None, None, &mut |m| {
        all.push(m.id);
        keys.push((m.message.sent_at.unix_millis(), m.id));
        Ok(())
    })
    .unwrap();
    assert_eq!(all.len(), 40);
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "by sent_at, then id: {keys:?}"
    );
    for offset in 0..45u64 {
        for limit in [0u64, 1, 2, 3, 7, 50] {
            let page: Vec<_> = lib
                .messages(chat, offset, limit)
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect();
            let lo = (offset as usize).min(all.len());
            let hi = (lo + limit as usize).min(all.len());
            assert_eq!(page, all[lo..hi], "offset {offset} limit {limit}");
        }
    }
}

/// Pages in the second half of a chat are found by walking the time index
/// from the newest message, positions from the nearer end of the chat's
/// span: both must agree with a naive ordering by (sent_at, id), also when
/// pages and positions fall inside long runs of equal timestamps and when
/// a later import interleaves with earlier rows.
#[test]
fn pages_and_positions_from_the_back_match_a_naive_ordering_with_ties() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let minute = |i: usize| [0, 0, 0, 0, 3, 3, 4, 9, 9, 9, 9, 9][i % 12] + (i / 24) as i64;
    let first: Vec<_> = (0..150)
        .map(|i| text("Alice", minute(i), &format!("a{i}")))
        .collect();
    ingest(&mut lib, &whatsapp_chat("F"), &first);
    // A second import: rows with later ids at the same instants.
    let second: Vec<_> = (0..97)
        .map(|i| text("Bob", minute(i * 3), &format!("b{i}")))
        .collect();
    ingest(&mut lib, &whatsapp_chat("F"), &second);
    let chat = lib.resolve_chat("F").unwrap();
    assert_eq!(chat.messages, 247);

    let mut naive = Vec::new();
    lib.for_each_message(chat.id, None, None, &mut |m| {
        naive.push((m.message.sent_at.unix_millis(), m.id));
        Ok(())
    })
    .unwrap();
    naive.sort_unstable();
    let total = naive.len() as u64;
    assert_eq!(total, 247);

    for offset in 0..total + 3 {
        for limit in [1u64, 5, 12, 100] {
            let page: Vec<_> = lib
                .messages(chat.id, offset, limit)
                .unwrap()
                .into_iter()
                .map(|m| (m.message.sent_at.unix_millis(), m.id))
                .collect();
            let from = (offset as usize).min(naive.len());
            let to = (from + limit as usize).min(naive.len());
            assert_eq!(page, naive[from..to], "offset {offset}, limit {limit}");
        }
    }

    let mut instants: Vec<i64> = naive.iter().map(|(at, _)| *at).collect();
    instants.dedup();
    for at in instants.iter().flat_map(|&t| [t - 1, t, t + 1]) {
        let expected = naive.iter().filter(|(t, _)| *t < at).count() as u64;
        assert_eq!(lib.position_at(chat.id, at).unwrap(), expected, "at {at}");
    }
    for (position, (_, id)) in naive.iter().enumerate() {
        assert_eq!(
            lib.message_position(*id).unwrap(),
            Some((chat.id, position as u64)),
            "message {id}"
        );
    }
    assert_eq!(lib.position_at(chat.id, i64::MIN).unwrap(), 0);
    assert_eq!(lib.position_at(chat.id, i64::MAX).unwrap(), total);
}
