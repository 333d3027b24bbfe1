//! Insights: per-month, per-sender and weekday x hour counts from SQL,
//! in each message's own offset.

mod common;

use common::*;
use ferry_model::{Message, MessageKind, Timestamp};
use ferry_store::{Insights, Library};

fn msg(sender: Option<&str>, unix_secs: i64, offset_secs: i32, body: &str) -> Message {
    Message::text(
        sender.map(str::to_owned),
        Timestamp::from_unix(unix_secs, offset_secs).unwrap(),
        body,
    )
}

fn month(m: &str, count: u64) -> (String, u64) {
    (m.to_owned(), count)
}

fn sender(name: &str, count: u64) -> (String, u64) {
    (name.to_owned(), count)
}

/// Library with two chats; returns (dir, lib, id of "Family").
fn library() -> (tempfile::TempDir, Library, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // 2024-03-31 23:30 UTC = 2024-04-01 (Monday) 01:30 at +02:00.
    let late_march_utc = 1_711_927_800;
    // 2024-03-01 (Friday) 09:00 UTC.
    let first_of_march = 1_709_283_600;
    let mut system = msg(None, first_of_march + 60, 0, "Alice created the group");
    system.kind = MessageKind::System;
    ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[
            msg(Some("Alice"), first_of_march, 0, "a"),
            msg(Some("Bob"), first_of_march + 120, 0, "b"),
            msg(Some("Alice"), late_march_utc, 7200, "c"),
            system,
        ],
    );
    ingest(
        &mut lib,
        &whatsapp_chat("Work"),
        // 1969-12-31 (Wednesday) 23:59:59.5 UTC: before the epoch.
        &[Message::text(
            Some("Bob".into()),
            Timestamp::from_unix_millis(-500, 0).unwrap(),
            "old",
        )],
    );
    let family = lib.resolve_chat("Family").unwrap().id;
    (dir, lib, family)
}

fn cell(i: &Insights, weekday: usize, hour: usize) -> u64 {
    i.hour_weekday[weekday][hour]
}

#[test]
fn one_chat_counts_by_local_month_sender_and_hour() {
    let (_d, lib, family) = library();
    let i = lib.insights(Some(family)).unwrap();
    assert_eq!(i.messages, 4);
    assert_eq!(
        i.per_month,
        [month("2024-03", 3), month("2024-04", 1)],
        "the +02:00 message late on 31 March UTC is April locally"
    );
    assert_eq!(i.per_sender, [sender("Alice", 2), sender("Bob", 1)]);
    assert_eq!(i.hour_weekday.len(), 7);
    assert!(i.hour_weekday.iter().all(|row| row.len() == 24));
    assert_eq!(
        cell(&i, 4, 9),
        3,
        "Friday 09:00: two texts and the system line"
    );
    assert_eq!(cell(&i, 0, 1), 1, "Monday 01:30 local");
    let total: u64 = i.hour_weekday.iter().flatten().sum();
    assert_eq!(total, 4);
}

#[test]
fn whole_library_includes_every_chat_and_floors_times_before_1970() {
    let (_d, lib, _) = library();
    let i = lib.insights(None).unwrap();
    assert_eq!(i.messages, 5);
    assert_eq!(i.per_month.first(), Some(&month("1969-12", 1)));
    assert_eq!(i.per_sender, [sender("Alice", 2), sender("Bob", 2)]);
    assert_eq!(
        cell(&i, 2, 23),
        1,
        "Wednesday 23:59:59.5, not Thursday 00:00"
    );
}

#[test]
fn agrees_with_the_streaming_stats() {
    let (_d, lib, family) = library();
    for chat in [Some(family), None] {
        let i = lib.insights(chat).unwrap();
        let s = lib.stats(chat).unwrap();
        assert_eq!(i.messages, s.messages);
        assert_eq!(i.per_month, s.per_month);
        assert_eq!(i.per_sender, s.per_sender);
        for (d, row) in s.hour_weekday.iter().enumerate() {
            assert_eq!(&i.hour_weekday[d][..], &row[..], "weekday {d}");
        }
    }
}

#[test]
fn empty_library_and_unknown_chat_have_zero_counts() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    for chat in [None, Some(42)] {
        let i = lib.insights(chat).unwrap();
        assert_eq!(i.messages, 0);
        assert!(i.per_month.is_empty() && i.per_sender.is_empty());
        assert_eq!(i.hour_weekday, vec![vec![0u64; 24]; 7]);
    }
}
