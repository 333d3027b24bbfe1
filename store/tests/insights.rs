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

/// The calendar arithmetic agrees with chrono's for times spread over three
/// centuries (leap days, century years, before 1970) and offsets from
/// -12:00 to +14:00, with sub-second instants and several chats' senders
/// sharing names.
#[test]
fn calendar_arithmetic_agrees_with_chrono_over_three_centuries() {
    use chrono::{Datelike, Timelike};
    use std::collections::BTreeMap;
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (start, span) = (-3_786_825_600_000i64, 9_467_280_000_000i64); // 1850 .. 2150
    let mut months = BTreeMap::new();
    let mut grid = vec![vec![0u64; 24]; 7];
    let mut senders = BTreeMap::new();
    for (c, title) in ["One", "Two"].iter().enumerate() {
        let msgs: Vec<Message> = (0..1500)
            .map(|i| {
                let millis = start + (next() % span as u64) as i64;
                let offset = ((next() % 105) as i32 - 48) * 900;
                let name = ["Alice", "Bob", "Carol"][(i + c) % 3];
                let t = Timestamp::from_unix_millis(millis, offset).unwrap();
                let local = chrono::DateTime::from_timestamp_millis(millis)
                    .unwrap()
                    .with_timezone(&chrono::FixedOffset::east_opt(offset).unwrap());
                *months
                    .entry(local.format("%Y-%m").to_string())
                    .or_insert(0u64) += 1;
                grid[local.weekday().num_days_from_monday() as usize][local.hour() as usize] += 1;
                *senders.entry(name.to_owned()).or_insert(0u64) += 1;
                Message::text(Some(name.to_owned()), t, format!("m{i}"))
            })
            .collect();
        let mut chat = whatsapp_chat(title);
        chat.participants
            .push(ferry_model::Participant::named("Carol"));
        ingest(&mut lib, &chat, &msgs);
    }
    let i = lib.insights(None).unwrap();
    assert_eq!(i.messages, 3000);
    assert_eq!(i.per_month, months.into_iter().collect::<Vec<_>>());
    assert_eq!(i.hour_weekday, grid);
    let mut expected: Vec<_> = senders.into_iter().collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    assert_eq!(i.per_sender, expected);
}
