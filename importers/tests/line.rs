//! LINE text exports: both samples (chats, participants, every message),
//! table tests of the variants the samples do not show, stable output for
//! deduplication, and malformed input that must not panic.

mod transcript_support;

use ferry_importers::{DateOrder, ImportOptions, Input, detect};
use ferry_model::{ChatKind, MediaKind};
use transcript_support::{
    claims_no_other_fixture, fixture, force, in_zone, ok, people, rows, survives_garbage,
};

/// `(name, body, options, expected (time, text) rows)`.
type DateCase<'a> = (
    &'a str,
    &'a str,
    &'a ImportOptions,
    &'a [(&'a str, &'a str)],
);
/// `(name, body, expected (kind, text) rows)`.
type BodyCase = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const EN: &str = "line/[LINE]_Chat_with_Alice_Example.txt";
const JA: &str = "line/[LINE]_花子とのトーク履歴.txt";

fn row(
    sender: Option<&str>,
    at: &str,
    kind: &'static str,
    text: &str,
) -> (Option<String>, String, &'static str, String) {
    (
        sender.map(str::to_owned),
        at.to_owned(),
        kind,
        text.to_owned(),
    )
}

#[test]
fn samples_are_detected_by_content_not_name() {
    for (rel, label) in [(EN, "LINE chat «Alice Example»"), (JA, "LINE chat «花子»")] {
        let input = Input::from_bytes("export.txt", fixture(rel));
        let found = detect(&input, None);
        assert_eq!(found.len(), 1, "{rel}: {found:?}");
        assert_eq!(found[0].format.id(), "line");
        assert_eq!(found[0].label, label);
    }
    let whatsapp = Input::from_bytes("[LINE] x.txt", b"23/03/2022, 13:31 - A: b\n".to_vec());
    assert!(detect(&whatsapp, "line".parse().ok()).is_empty());
}

#[test]
fn english_sample_every_message() {
    let sink = ok(
        "line",
        "chat.txt",
        &String::from_utf8(fixture(EN)).unwrap(),
        &in_zone("Europe/Berlin"),
    );
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(
        (chat.title.as_str(), chat.kind, chat.native_id.as_deref()),
        ("Alice Example", ChatKind::Direct, None)
    );
    assert_eq!(
        people(&sink),
        [
            ("Alice Example".to_owned(), false),
            ("Ferry Tester".to_owned(), true)
        ]
    );
    let a = Some("Alice Example");
    let f = Some("Ferry Tester");
    assert_eq!(
        rows(&sink),
        [
            row(a, "2024-01-02T09:00:00+01:00", "text", "Happy new year! 🎍"),
            row(
                f,
                "2024-01-02T09:01:00+01:00",
                "text",
                "Same to you!\nLet's meet on Friday"
            ),
            row(a, "2024-01-02T09:02:00+01:00", "sticker", "[Sticker]"),
            row(a, "2024-01-02T09:05:00+01:00", "media", "[Photo]"),
            row(
                f,
                "2024-01-02T09:06:00+01:00",
                "media",
                "[File] budget 2024.xlsx"
            ),
            row(a, "2024-01-02T21:38:00+01:00", "call", "☎ Missed call"),
            row(
                f,
                "2024-01-02T22:05:00+01:00",
                "deleted",
                "Ferry Tester unsent a message."
            ),
            row(
                a,
                "2024-01-03T08:59:00+01:00",
                "text",
                "https://example.org/?a=1&b=2"
            ),
        ]
    );
    let file = &sink.messages[0][4].attachments;
    assert_eq!(file.len(), 1);
    assert_eq!(
        (
            file[0].file_name.as_str(),
            file[0].media_kind,
            file[0].content_hash.as_deref()
        ),
        ("budget 2024.xlsx", MediaKind::Document, None)
    );
    assert!(sink.messages[0].iter().all(|m| m.native_id.is_none()));
    // The weekday decided the order (01/02 on a Tuesday is 2 January): the
    // only warning is the file LINE never exports.
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert_eq!(sink.warnings[0].location, "chat.txt:10");
    assert!(sink.warnings[0].message.contains("1 attachment"));
}

#[test]
fn japanese_sample_every_message() {
    let sink = ok(
        "line",
        "x.txt",
        &String::from_utf8(fixture(JA)).unwrap(),
        &in_zone("Asia/Tokyo"),
    );
    let chat = &sink.chats[0];
    assert_eq!((chat.title.as_str(), chat.kind), ("花子", ChatKind::Direct));
    assert_eq!(
        people(&sink),
        [("花子".to_owned(), false), ("太郎".to_owned(), true)]
    );
    let h = Some("花子");
    assert_eq!(
        rows(&sink),
        [
            row(
                h,
                "2025-04-18T12:08:00+09:00",
                "text",
                "お疲れ様です！\nよろしくお願いします！"
            ),
            row(h, "2025-04-18T12:08:00+09:00", "media", "[写真]"),
            row(h, "2025-04-18T12:09:00+09:00", "sticker", "[スタンプ]"),
            row(
                Some("太郎"),
                "2025-04-18T14:13:00+09:00",
                "text",
                "振り込み完了しました"
            ),
            row(h, "2025-04-18T21:38:00+09:00", "call", "☎ 不在着信"),
            row(
                h,
                "2025-04-18T22:10:00+09:00",
                "deleted",
                "花子がメッセージの送信を取り消しました"
            ),
        ]
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn english_group_with_twelve_hour_clock() {
    let text = "[LINE] Chat history in Book Club\r\nSaved on: 2024/02/01 10:00\r\n\r\n2024.01.30 Tuesday\r\n9:30 PM\tAlice\tWho reads?\r\n9:31 PM\tBob\tMe!\r\n9:40 PM\tAlice invited Carol to the group.\r\n12:05 AM\tCarol\t[Photo]\r\n";
    let sink = ok("line", "g.txt", text, &ImportOptions::default());
    assert_eq!(
        (sink.chats[0].title.as_str(), sink.chats[0].kind),
        ("Book Club", ChatKind::Group)
    );
    assert_eq!(
        people(&sink),
        [
            ("Alice".to_owned(), false),
            ("Bob".to_owned(), false),
            ("Carol".to_owned(), false)
        ],
        "nobody is known to be the exporter in a group"
    );
    assert_eq!(
        rows(&sink),
        [
            row(
                Some("Alice"),
                "2024-01-30T21:30:00+00:00",
                "text",
                "Who reads?"
            ),
            row(Some("Bob"), "2024-01-30T21:31:00+00:00", "text", "Me!"),
            row(
                None,
                "2024-01-30T21:40:00+00:00",
                "system",
                "Alice invited Carol to the group."
            ),
            row(
                Some("Carol"),
                "2024-01-30T00:05:00+00:00",
                "media",
                "[Photo]"
            ),
        ]
    );
}

#[test]
fn date_and_time_variants() {
    let dmy = ImportOptions {
        date_order: Some(DateOrder::Dmy),
        ..ImportOptions::default()
    };
    let mdy_default = ImportOptions {
        default_date_order: DateOrder::Mdy,
        ..ImportOptions::default()
    };
    let cases: &[DateCase<'_>] = &[
        (
            "day above 12 decides day-first",
            "Sat, 13/01/2024\n10:00\tA\tx\nTue, 02/01/2024\n10:00\tA\ty\n",
            &ImportOptions::default(),
            &[
                ("2024-01-13T10:00:00+00:00", "x"),
                ("2024-01-02T10:00:00+00:00", "y"),
            ],
        ),
        (
            "weekday decides month-first",
            "Thu, 1/4/2024\n10:00\tA\tx\n",
            &ImportOptions::default(),
            &[("2024-01-04T10:00:00+00:00", "x")],
        ),
        (
            "forced order wins",
            "01/02/2024\n10:00\tA\tx\n",
            &dmy,
            &[("2024-02-01T10:00:00+00:00", "x")],
        ),
        (
            "undecided falls back to the default",
            "01/02/2024\n10:00\tA\tx\n",
            &mdy_default,
            &[("2024-01-02T10:00:00+00:00", "x")],
        ),
        (
            "japanese weekday",
            "2024/01/15（月）\n午後7:04\tA\tx\n",
            &ImportOptions::default(),
            &[("2024-01-15T19:04:00+00:00", "x")],
        ),
        (
            "chinese weekday and am/pm",
            "2026/1/30周五\n下午07:04\tA\tx\n上午12:30\tA\ty\n",
            &ImportOptions::default(),
            &[
                ("2026-01-30T19:04:00+00:00", "x"),
                ("2026-01-30T00:30:00+00:00", "y"),
            ],
        ),
        (
            "pm glued to the digits",
            "2024.01.02 Tuesday\n09:30PM\tA\tx\n",
            &ImportOptions::default(),
            &[("2024-01-02T21:30:00+00:00", "x")],
        ),
    ];
    for (name, body, opts, want) in cases {
        let text = format!("[LINE] Chat history with A\nSaved on: 2024/01/03 09:00\n\n{body}");
        let sink = ok("line", "c.txt", &text, opts);
        let got: Vec<(String, String)> = rows(&sink).into_iter().map(|r| (r.1, r.3)).collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
    let sink = ok(
        "line",
        "c.txt",
        "[LINE] Chat history with A\n01/02/2024\n10:00\tA\tx\n",
        &ImportOptions::default(),
    );
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("day/month order")),
        "an undecided order is reported"
    );
}

#[test]
fn dst_gap_and_overlap_in_the_chosen_zone() {
    let text = "[LINE] Chat history with A\n2024/03/31(Sun)\n02:30\tA\tgap\n2024/10/27(Sun)\n02:30\tA\toverlap\n";
    let sink = ok("line", "c.txt", text, &in_zone("Europe/Berlin"));
    let at: Vec<String> = rows(&sink).into_iter().map(|r| r.1).collect();
    assert_eq!(
        at,
        ["2024-03-31T03:30:00+02:00", "2024-10-27T02:30:00+02:00"]
    );
}

#[test]
fn body_and_quote_variants() {
    let cases: &[BodyCase] = &[
        (
            "quoted multi-line with blank line",
            "10:00\tA\t\"one\n\ntwo\"\n",
            &[("text", "one\n\ntwo")],
        ),
        (
            "one-line text starting with a quote keeps it",
            "10:00\tA\t\"quoted\" she said\n10:01\tA\tnext\n",
            &[("text", "\"quoted\" she said"), ("text", "next")],
        ),
        (
            "unclosed quote ends at the next message",
            "10:00\tA\t\"open\nstill\n10:01\tA\tnext\n",
            &[("text", "\"open\nstill"), ("text", "next")],
        ),
        (
            "unquoted continuation",
            "10:00\tA\tfirst\nsecond\n\n",
            &[("text", "first\nsecond")],
        ),
        (
            "date-like text inside quotes stays text",
            "10:00\tA\t\"see\n2024/01/02(Tue)\nok\"\n",
            &[("text", "see\n2024/01/02(Tue)\nok")],
        ),
        (
            "empty sender column is a notice",
            "10:00\t\tB joined the group.\n",
            &[("system", "B joined the group.")],
        ),
        (
            "video, voice, location, contact",
            "10:00\tA\t[Video]\n10:01\tA\t[Voice message]\n10:02\tA\t[Location]\n10:03\tA\t[Contact]\n",
            &[
                ("media", "[Video]"),
                ("media", "[Voice message]"),
                ("location", "[Location]"),
                ("contact", "[Contact]"),
            ],
        ),
        (
            "call time",
            "10:00\tA\t☎ Call time 0:12\n",
            &[("call", "☎ Call time 0:12")],
        ),
        (
            "tabs inside a text",
            "10:00\tA\ta\tb\n",
            &[("text", "a\tb")],
        ),
    ];
    for (name, body, want) in cases {
        let text = format!("[LINE] Chat history with A\n2024/01/02(Tue)\n{body}");
        let sink = ok("line", "c.txt", &text, &ImportOptions::default());
        let got: Vec<(&str, String)> = rows(&sink).into_iter().map(|r| (r.2, r.3)).collect();
        let want: Vec<(&str, String)> = want.iter().map(|(k, t)| (*k, (*t).to_owned())).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn me_option_and_file_name_title() {
    let text = "2024/01/02(Tue)\n10:00\tAlice\thi\n10:01\tMe Myself\tho\n";
    let opts = ImportOptions {
        me: Some("Me Myself".to_owned()),
        ..ImportOptions::default()
    };
    let (r, sink) = force(
        "line",
        "[LINE] Chat with Alice.txt",
        text.as_bytes().to_vec(),
        &opts,
    );
    r.unwrap();
    assert_eq!(sink.chats[0].title, "Alice");
    assert_eq!(
        people(&sink),
        [("Alice".to_owned(), false), ("Me Myself".to_owned(), true)]
    );
    let input = Input::from_bytes("[LINE] Chat with Alice.txt", text.as_bytes().to_vec());
    assert_eq!(
        detect(&input, "line".parse().ok()).len(),
        1,
        "a headerless file is found by its lines"
    );
}

#[test]
fn impossible_date_is_an_error_naming_the_line() {
    let text = "[LINE] Chat history with A\n\n2024/02/30(Fri)\n10:00\tA\tx\n";
    let (r, _) = force(
        "line",
        "c.txt",
        text.as_bytes().to_vec(),
        &ImportOptions::default(),
    );
    assert_eq!(
        r.unwrap_err().to_string(),
        "c.txt: line 3: impossible date 2024/2/30 read as dmy"
    );
}

#[test]
fn stray_lines_are_reported_as_skipped() {
    let text = "[LINE] Chat history with A\n2024/01/02(Tue)\nstray\n10:00\tA\tx\n";
    let sink = ok("line", "c.txt", text, &ImportOptions::default());
    assert_eq!(sink.message_count(), 1);
    assert_eq!(
        sink.skipped,
        [("c.txt:3".to_owned(), "text outside any message".to_owned())]
    );
}

#[test]
fn the_same_file_imports_identically_twice() {
    // The store deduplicates these id-less messages by content, so the
    // output must not depend on anything but the file and the options.
    for rel in [EN, JA] {
        let a = force("line", "c.txt", fixture(rel), &in_zone("Asia/Tokyo")).1;
        let b = force("line", "c.txt", fixture(rel), &in_zone("Asia/Tokyo")).1;
        assert_eq!(a.messages, b.messages, "{rel}");
        assert_eq!(a.chats, b.chats, "{rel}");
    }
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let mut data =
        b"[LINE] Chat history with A\n2024/01/02(Tue)\n10:00\tA\tbad \xFF byte\n".to_vec();
    data.extend(b"10:01\tA\tfine\n");
    let (r, sink) = force("line", "c.txt", data, &ImportOptions::default());
    r.unwrap();
    assert_eq!(sink.messages[0][0].text, "bad \u{FFFD} byte");
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.location == "c.txt:3" && w.message.contains("UTF-8"))
    );
}

#[test]
fn malformed_input_does_not_panic() {
    survives_garbage(
        "line",
        "c.txt",
        "[LINE] Chat history with A\n2024/01/02(Tue)\n10:00\tA\t",
        &fixture(EN),
    );
    survives_garbage("line", "c.txt", "2024/01/02(Tue)\n", &fixture(JA));
}

#[test]
fn other_formats_text_files_are_not_claimed() {
    claims_no_other_fixture("line");
}
