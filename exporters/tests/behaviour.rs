//! Named behaviour of the driver and writers: errors, time filters,
//! unique Telegram timestamps, SMS addressing, HTML paging.

mod common;

use common::{chat, direct, family, member, run, stored};
use ferry_exporters::{ExportError, ExportFormat, ExportOptions, Exporter, export_chats};
use ferry_model::ChatKind;

fn no_media(_: &str) -> Option<std::path::PathBuf> {
    None
}

#[test]
fn sms_requires_a_phone_for_every_member_and_names_who_lacks_one() {
    let (mut c, msgs) = direct();
    c.participants[1].participant.phone = None;
    let tmp = tempfile::tempdir().unwrap();
    let opts = ExportOptions::new(tmp.path().join("s.xml"));
    let err = export_chats(
        ExportFormat::SmsXml,
        opts,
        &[(c.clone(), msgs.clone())],
        &no_media,
    )
    .unwrap_err();
    match &err {
        ExportError::MissingPhone { participants, .. } => {
            assert_eq!(participants, &["Alice Example"])
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("--phone"), "{err}");
    // The --phone mapping fixes it.
    let mut opts = ExportOptions::new(tmp.path().join("s.xml"));
    opts.add_phones(["Alice Example=+31611111111"]).unwrap();
    export_chats(ExportFormat::SmsXml, opts, &[(c, msgs)], &no_media).unwrap();
    let xml = std::fs::read_to_string(tmp.path().join("s.xml")).unwrap();
    assert!(xml.contains("address=\"+31611111111\""), "{xml}");
    assert!(xml.contains("<smses count=\"2\""), "{xml}");
    assert!(
        xml.contains("type=\"1\"") && xml.contains("type=\"2\""),
        "received and sent: {xml}"
    );
}

#[test]
fn sms_needs_to_know_who_the_user_is() {
    let (mut c, msgs) = direct();
    c.participants[0].participant.is_me = false;
    let tmp = tempfile::tempdir().unwrap();
    let opts = ExportOptions::new(tmp.path().join("s.xml"));
    let err = export_chats(
        ExportFormat::SmsXml,
        opts,
        &[(c.clone(), msgs.clone())],
        &no_media,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::UnknownMe { .. }), "{err:?}");
    let mut opts = ExportOptions::new(tmp.path().join("s.xml"));
    opts.me = Some("Sam Me".into());
    let s = export_chats(ExportFormat::SmsXml, opts, &[(c, msgs)], &no_media).unwrap();
    assert_eq!(s.messages, 2);
}

#[test]
fn since_and_until_filter_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let (c, msgs) = family();
    let since = msgs[1].message.sent_at.unix_millis();
    let until = msgs[5].message.sent_at.unix_millis();
    let s = run(
        ExportFormat::Jsonl,
        &tmp.path().join("m.jsonl"),
        &[(c, msgs)],
        |o| {
            o.since = Some(since);
            o.until = Some(until);
        },
    );
    // Messages 2..=5 (index 1..5): since inclusive, until exclusive.
    assert_eq!(s.messages, 4);
    let lines = std::fs::read_to_string(tmp.path().join("m.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 4);
}

#[test]
fn telegram_timestamps_are_unique_and_never_earlier() {
    let c = chat(
        3,
        "Minute precision",
        ChatKind::Direct,
        vec![
            member(1, "me", "Me", None, true),
            member(2, "a", "Ann", None, false),
        ],
        5,
    );
    let t = 1_700_000_000;
    let msgs = vec![
        stored(1, &c, Some(("a", "Ann")), t, "one"),
        stored(2, &c, Some(("me", "Me")), t, "two"),
        stored(3, &c, Some(("a", "Ann")), t, "three"),
        stored(4, &c, Some(("a", "Ann")), t + 1, "four"),
        stored(5, &c, Some(("a", "Ann")), t + 60, "five"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let s = run(
        ExportFormat::TelegramJson,
        &tmp.path().join("tg"),
        &[(c, msgs)],
        |_| {},
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("tg/result.json")).unwrap()).unwrap();
    let times: Vec<i64> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date_unixtime"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(times, vec![t, t + 1, t + 2, t + 3, t + 60]);
    let moved = s
        .degraded
        .iter()
        .find(|d| d.reason.contains("unique"))
        .unwrap();
    assert_eq!(moved.count, 3);
    assert_eq!(v["type"], "personal_chat");
}

#[test]
fn telegram_chats_keep_their_message_ids_and_reply_ids() {
    let (mut c, mut msgs) = family();
    c.app = ferry_model::App::Telegram;
    for m in &mut msgs {
        m.message.native_id = Some((m.id + 500).to_string());
    }
    msgs[3].message.reply_to = Some("502".into());
    let tmp = tempfile::tempdir().unwrap();
    run(
        ExportFormat::TelegramJson,
        &tmp.path().join("tg"),
        &[(c, msgs)],
        |_| {},
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("tg/result.json")).unwrap()).unwrap();
    assert_eq!(v["messages"][0]["id"], 501);
    assert_eq!(v["messages"][3]["reply_to_message_id"], 502);
    assert_eq!(v["messages"][3]["custom_reactions"][0]["emoji"], "👍");
    assert_eq!(
        v["messages"][3]["reactions"][0]["recent"][0]["from_id"],
        "user11"
    );
}

#[test]
fn big_html_chats_get_a_page_per_month_and_replies_link_across_pages() {
    let mut c = chat(
        4,
        "Big",
        ChatKind::Direct,
        vec![
            member(1, "me", "Me", None, true),
            member(2, "a", "Ann", None, false),
        ],
        3,
    );
    c.messages = 5_000; // the library says it is big
    let jan = 1_704_067_200; // 2024-01-01T00:00:00Z
    let feb = 1_706_745_600 + 7200; // 2024-02-01T02:00:00Z
    let mut reply = stored(3, &c, Some(("me", "Me")), feb + 60, "answer");
    reply.reply_to_id = Some(1);
    let msgs = vec![
        stored(1, &c, Some(("a", "Ann")), jan + 7200, "question"),
        stored(2, &c, Some(("a", "Ann")), feb, "next month"),
        reply,
    ];
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("html");
    let s = run(ExportFormat::Html, &out, &[(c, msgs)], |_| {});
    assert_eq!(s.chats[0].parts, 2);
    let feb_page = std::fs::read_to_string(out.join("chats/1/2024-02.html")).unwrap();
    assert!(feb_page.contains("href=\"2024-01.html#m1\""), "{feb_page}");
    let jan_page = std::fs::read_to_string(out.join("chats/1/2024-01.html")).unwrap();
    assert!(
        jan_page.contains("href=\"2024-02.html\">Next page"),
        "{jan_page}"
    );
    let index = std::fs::read_to_string(out.join("chats/1/index.html")).unwrap();
    assert!(index.contains("January 2024") && index.contains("February 2024"));
}

#[test]
fn messages_outside_a_chat_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ex = Exporter::new(
        ExportFormat::Txt,
        ExportOptions::new(tmp.path()),
        1,
        &no_media,
    )
    .unwrap();
    let (c, msgs) = direct();
    assert!(matches!(ex.message(&msgs[0]), Err(ExportError::Misuse(_))));
    assert!(matches!(ex.end_chat(), Err(ExportError::Misuse(_))));
    ex.begin_chat(&c).unwrap();
    assert!(matches!(ex.begin_chat(&c), Err(ExportError::Misuse(_))));
}

#[test]
fn zero_media_per_part_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::new(tmp.path());
    opts.max_media_per_part = Some(0);
    let err = Exporter::new(ExportFormat::WhatsApp, opts, 1, &no_media).unwrap_err();
    assert!(matches!(err, ExportError::InvalidOption { .. }));
}

#[test]
fn time_zone_option_changes_printed_times_only() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("wa");
    run(ExportFormat::WhatsApp, &out, &[direct()], |o| {
        o.tz = Some(chrono_tz::Asia::Tokyo)
    });
    let zip = out.join("WhatsApp Chat - Alice Example.zip");
    let entries = common::zip_entries(&zip);
    let text = String::from_utf8(entries[0].1.clone()).unwrap();
    // 09:11:12 UTC is 18:11:12 in Tokyo.
    assert!(
        text.starts_with("[02/01/2024, 18:11:12] Alice Example: "),
        "{text}"
    );
}
