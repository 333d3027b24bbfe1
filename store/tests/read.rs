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
