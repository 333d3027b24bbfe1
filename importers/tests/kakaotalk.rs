//! KakaoTalk exports: the three text samples (PC English, PC Korean,
//! Android Korean), table tests of the variants the samples do not show
//! (iOS, English mobile, notices, the macOS CSV), stable output for
//! deduplication, and malformed input that must not panic.

mod transcript_support;

use ferry_importers::{ImportOptions, Input, detect};
use ferry_model::{ChatKind, MediaKind};
use transcript_support::{
    claims_no_other_fixture, fixture, force, in_zone, ok, people, rows, survives_garbage,
};

const PC_EN: &str = "kakaotalk/KakaoTalk_Chat_John_Doe_pc_en.txt";
const PC_KO: &str = "kakaotalk/KakaoTalk_Chat_홍길동_pc_ko.txt";
const ANDROID_KO: &str = "kakaotalk/KakaoTalkChats_mobile_android_ko.txt";

type Row = (Option<String>, String, &'static str, String);
/// `(name, lines after the title, expected rows)`.
type Case<'a> = (&'a str, &'a str, &'a [Row]);

fn row(sender: Option<&str>, at: &str, kind: &'static str, text: &str) -> Row {
    (
        sender.map(str::to_owned),
        at.to_owned(),
        kind,
        text.to_owned(),
    )
}

fn seoul() -> ImportOptions {
    in_zone("Asia/Seoul")
}

fn sample(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap()
}

#[test]
fn samples_are_detected_by_content_not_name() {
    for (rel, label) in [
        (PC_EN, "KakaoTalk chat «John Doe»"),
        (PC_KO, "KakaoTalk chat «홍길동»"),
        (ANDROID_KO, "KakaoTalk chat «홍길동»"),
    ] {
        let input = Input::from_bytes("export.txt", fixture(rel));
        let found = detect(&input, None);
        assert_eq!(found.len(), 1, "{rel}: {found:?}");
        assert_eq!(
            (found[0].format.id(), found[0].label.as_str()),
            ("kakaotalk", label),
            "{rel}"
        );
    }
}

#[test]
fn pc_english_sample_every_message() {
    let sink = ok("kakaotalk", "chat.txt", &sample(PC_EN), &seoul());
    let chat = &sink.chats[0];
    assert_eq!(
        (chat.title.as_str(), chat.kind),
        ("John Doe", ChatKind::Direct)
    );
    assert_eq!(
        people(&sink),
        [("John Doe".to_owned(), false), ("Me".to_owned(), true)]
    );
    let (j, me) = (Some("John Doe"), Some("Me"));
    assert_eq!(
        rows(&sink),
        [
            row(j, "2020-12-31T23:58:00+09:00", "text", "Happy new year!"),
            row(
                me,
                "2020-12-31T23:59:00+09:00",
                "text",
                "Same to you\nand your family 🎆"
            ),
            row(j, "2021-01-01T00:05:00+09:00", "media", "File: report.pdf"),
            row(me, "2021-01-01T00:06:00+09:00", "media", "Photo"),
            row(j, "2021-01-01T00:07:00+09:00", "sticker", "Emoticons"),
        ]
    );
    let a = &sink.messages[0][2].attachments[0];
    assert_eq!(
        (
            a.file_name.as_str(),
            a.media_kind,
            a.content_hash.as_deref()
        ),
        ("report.pdf", MediaKind::Document, None)
    );
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert_eq!(sink.warnings[0].location, "chat.txt:9");
}

#[test]
fn pc_korean_sample_every_message() {
    let sink = ok("kakaotalk", "chat.txt", &sample(PC_KO), &seoul());
    assert_eq!(
        (sink.chats[0].title.as_str(), sink.chats[0].kind),
        ("홍길동", ChatKind::Direct)
    );
    assert_eq!(
        people(&sink),
        [("홍길동".to_owned(), false), ("나".to_owned(), true)]
    );
    let h = Some("홍길동");
    assert_eq!(
        rows(&sink),
        [
            row(
                h,
                "2020-12-31T23:58:00+09:00",
                "text",
                "새해 복 많이 받으세요!"
            ),
            row(
                Some("나"),
                "2020-12-31T23:59:00+09:00",
                "text",
                "감사합니다 😊"
            ),
            row(h, "2021-01-01T00:05:00+09:00", "media", "사진"),
            row(h, "2021-01-01T00:06:00+09:00", "sticker", "이모티콘"),
        ]
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn android_korean_sample_every_message() {
    let sink = ok("kakaotalk", "chat.txt", &sample(ANDROID_KO), &seoul());
    assert_eq!(sink.chats[0].title, "홍길동");
    assert_eq!(
        people(&sink),
        [("홍길동".to_owned(), false), ("나".to_owned(), true)]
    );
    let h = Some("홍길동");
    assert_eq!(
        rows(&sink),
        [
            row(
                h,
                "2020-12-31T23:58:00+09:00",
                "text",
                "새해 복 많이 받으세요!"
            ),
            row(
                Some("나"),
                "2020-12-31T23:59:00+09:00",
                "text",
                "감사합니다\n줄바꿈된 두 번째 줄"
            ),
            row(h, "2021-01-01T00:05:00+09:00", "media", "사진"),
        ]
    );
}

#[test]
fn mobile_and_pc_variants() {
    let cases: &[Case<'_>] = &[
        (
            "iOS dotted dates",
            "2020. 12. 31. 오후 11:59, 홍길동 : 메시지\n",
            &[row(
                Some("홍길동"),
                "2020-12-31T23:59:00+00:00",
                "text",
                "메시지",
            )],
        ),
        (
            "English mobile",
            "December 31, 2020 at 11:59 PM, John : Hi\nDec 31, 2020, 11:59 PM, John : again\n",
            &[
                row(Some("John"), "2020-12-31T23:59:00+00:00", "text", "Hi"),
                row(Some("John"), "2020-12-31T23:59:00+00:00", "text", "again"),
            ],
        ),
        (
            "notice without a sender, deleted message, call, several photos",
            "2017년 10월 10일 오후 5:03, 홍길동님이 들어왔습니다.\n2017년 10월 10일 오후 5:04, 홍길동 : 삭제된 메시지입니다.\n2017년 10월 10일 오후 5:05, 홍길동 : 보이스톡 00:12\n2017년 10월 10일 오후 5:06, 홍길동 : 사진 3장\n",
            &[
                row(
                    None,
                    "2017-10-10T17:03:00+00:00",
                    "system",
                    "홍길동님이 들어왔습니다.",
                ),
                row(
                    Some("홍길동"),
                    "2017-10-10T17:04:00+00:00",
                    "deleted",
                    "삭제된 메시지입니다.",
                ),
                row(
                    Some("홍길동"),
                    "2017-10-10T17:05:00+00:00",
                    "call",
                    "보이스톡 00:12",
                ),
                row(
                    Some("홍길동"),
                    "2017-10-10T17:06:00+00:00",
                    "media",
                    "사진 3장",
                ),
            ],
        ),
        (
            "time-only lines under a separator; a continuation with ' : ' and a time",
            "--------------- 2023년 5월 10일 수요일 ---------------\n오전 9:23, 홍길동 : 오늘 몇시에 와?\n12:30, 그때 봐 : 응\n",
            &[row(
                Some("홍길동"),
                "2023-05-10T09:23:00+00:00",
                "text",
                "오늘 몇시에 와?\n12:30, 그때 봐 : 응",
            )],
        ),
        (
            "PC name with brackets, empty text, blank line inside a message",
            "--------------- Friday, January 1, 2021 ---------------\n[A] [B] [12:00 PM] x\n\ny\n[C] [1:00 AM] \n",
            &[
                row(Some("A] [B"), "2021-01-01T12:00:00+00:00", "text", "x\n\ny"),
                row(Some("C"), "2021-01-01T01:00:00+00:00", "text", ""),
            ],
        ),
    ];
    for (name, body, want) in cases {
        let text = format!("Chat with Someone\nDate Saved : 2021-01-01 00:10:00\n\n{body}");
        let sink = ok("kakaotalk", "c.txt", &text, &ImportOptions::default());
        assert_eq!(rows(&sink), *want, "{name}");
    }
}

#[test]
fn three_senders_make_a_group_and_me_option_marks_the_exporter() {
    let text = "단톡방 님과 카카오톡 대화\n저장한 날짜 : 2021-01-01 00:10:00\n\n--------------- 2020년 12월 31일 목요일 ---------------\n[가] [오후 1:00] a\n[나] [오후 1:01] b\n[Kim] [오후 1:02] c\n";
    let opts = ImportOptions {
        me: Some("Kim".to_owned()),
        ..ImportOptions::default()
    };
    let sink = ok("kakaotalk", "c.txt", text, &opts);
    assert_eq!(
        (sink.chats[0].title.as_str(), sink.chats[0].kind),
        ("단톡방", ChatKind::Group)
    );
    assert_eq!(
        people(&sink),
        [
            ("가".to_owned(), false),
            ("나".to_owned(), true),
            ("Kim".to_owned(), true)
        ]
    );
}

const CSV: &str = "\u{feff}Date,User,Message\r\n2020-12-31 23:58:00,John Doe,Happy new year!\r\n2020-12-31 23:59:10,Me,\"Same to you\r\nand \"\"your\"\" family\"\r\n2021-01-01 00:05:00,John Doe,File: report.pdf\r\n2021-01-01 00:06:00,,John Doe left the chat.\r\n";
const CSV_NAME: &str = "KakaoTalk_Chat_John Doe_2021-01-01-00-10-00.csv";

#[test]
fn macos_csv() {
    let input = Input::from_bytes(CSV_NAME, CSV.as_bytes().to_vec());
    let found = detect(&input, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].format.id(), found[0].label.as_str()),
        ("kakaotalk-csv", "KakaoTalk chat «John Doe»")
    );
    let sink = ok("kakaotalk-csv", CSV_NAME, CSV, &seoul());
    assert_eq!(
        (sink.chats[0].title.as_str(), sink.chats[0].kind),
        ("John Doe", ChatKind::Direct)
    );
    assert_eq!(
        people(&sink),
        [("John Doe".to_owned(), false), ("Me".to_owned(), true)]
    );
    let j = Some("John Doe");
    assert_eq!(
        rows(&sink),
        [
            row(j, "2020-12-31T23:58:00+09:00", "text", "Happy new year!"),
            row(
                Some("Me"),
                "2020-12-31T23:59:10+09:00",
                "text",
                "Same to you\nand \"your\" family"
            ),
            row(j, "2021-01-01T00:05:00+09:00", "media", "File: report.pdf"),
            row(
                None,
                "2021-01-01T00:06:00+09:00",
                "system",
                "John Doe left the chat."
            ),
        ]
    );
    assert_eq!(
        sink.warnings.len(),
        1,
        "the named file is not in the export"
    );
}

#[test]
fn csv_bad_date_names_its_line_and_short_records_are_skipped() {
    let text = "Date,User,Message\n2020-12-31 23:58:00,A,x\n2020-12-31 23:58:00,A\nyesterday,A,y\n";
    let (r, sink) = force(
        "kakaotalk-csv",
        "c.csv",
        text.as_bytes().to_vec(),
        &ImportOptions::default(),
    );
    assert_eq!(
        r.unwrap_err().to_string(),
        "c.csv: line 4: bad date \"yesterday\""
    );
    assert_eq!(
        sink.skipped,
        [("c.csv:3".to_owned(), "record with 2 field(s)".to_owned())]
    );
}

#[test]
fn the_same_file_imports_identically_twice() {
    for rel in [PC_EN, PC_KO, ANDROID_KO] {
        let a = force("kakaotalk", "c.txt", fixture(rel), &seoul()).1;
        let b = force("kakaotalk", "c.txt", fixture(rel), &seoul()).1;
        assert_eq!((a.chats, a.messages), (b.chats, b.messages), "{rel}");
    }
}

#[test]
fn malformed_input_does_not_panic() {
    survives_garbage(
        "kakaotalk",
        "c.txt",
        "Chat with A\nDate Saved : x\n\n--------------- Friday, January 1, 2021 ---------------\n[A] [1:00 AM] ",
        &fixture(PC_EN),
    );
    survives_garbage(
        "kakaotalk",
        "c.txt",
        "2020년 12월 31일 오후 11:59, 홍길동 : ",
        &fixture(ANDROID_KO),
    );
    survives_garbage(
        "kakaotalk-csv",
        "c.csv",
        "Date,User,Message\n2020-12-31 23:58:00,A,\"",
        CSV.as_bytes(),
    );
}

#[test]
fn other_formats_text_files_are_not_claimed() {
    claims_no_other_fixture("kakaotalk");
    claims_no_other_fixture("kakaotalk-csv");
}
