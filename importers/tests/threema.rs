//! Threema chat exports: the sample (chat, participants, every message,
//! files found next to it), table tests of the locale and legacy variants
//! the sample does not show, stable output for deduplication, and
//! malformed input that must not panic.

mod transcript_support;

use ferry_importers::{DateOrder, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MediaKind};
use transcript_support::{
    claims_no_other_fixture, fixture, force, in_zone, ok, people, rows, survives_garbage,
};

const SAMPLE: &str = "threema/messages-Alice_Example.txt";
const NAME: &str = "messages-Alice_Example.txt";

type Row = (Option<String>, String, &'static str, String);
/// `(name, file, options, expected rows)`.
type Case<'a> = (&'a str, &'a str, &'a ImportOptions, &'a [Row]);

fn row(sender: Option<&str>, at: &str, kind: &'static str, text: &str) -> Row {
    (
        sender.map(str::to_owned),
        at.to_owned(),
        kind,
        text.to_owned(),
    )
}

fn berlin() -> ImportOptions {
    in_zone("Europe/Berlin")
}

#[test]
fn sample_is_detected_by_content_not_name() {
    for name in [NAME, "export.txt"] {
        let input = Input::from_bytes(name, fixture(SAMPLE));
        let found = detect(&input, None);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].format.id(), "threema");
    }
    let input = Input::from_bytes(NAME, fixture(SAMPLE));
    assert_eq!(
        detect(&input, None)[0].label,
        "Threema chat «Alice Example»"
    );
}

#[test]
fn sample_every_message() {
    let sink = ok(
        "threema",
        NAME,
        &String::from_utf8(fixture(SAMPLE)).unwrap(),
        &berlin(),
    );
    let chat = &sink.chats[0];
    assert_eq!(
        (chat.title.as_str(), chat.kind, chat.native_id.as_deref()),
        ("Alice Example", ChatKind::Direct, None)
    );
    assert_eq!(
        people(&sink),
        [
            ("Alice Example".to_owned(), false),
            ("Ich".to_owned(), true)
        ]
    );
    let (a, me) = (Some("Alice Example"), Some("Ich"));
    assert_eq!(
        rows(&sink),
        [
            row(
                a,
                "2023-11-14T22:13:00+01:00",
                "text",
                "Hallo! Wie geht's? 😊"
            ),
            row(
                me,
                "2023-11-14T22:14:00+01:00",
                "text",
                "Gut, danke.\nZweite Zeile derselben Nachricht"
            ),
            row(a, "2023-11-14T22:15:00+01:00", "media", "Bild"),
            row(
                me,
                "2023-11-14T22:16:00+01:00",
                "media",
                "Datei: Rechnung.pdf"
            ),
            row(
                a,
                "2023-11-14T22:20:00+01:00",
                "media",
                "Sprachnachricht (0:07)"
            ),
        ]
    );
    let files: Vec<(String, MediaKind, Option<String>)> = sink.messages[0]
        .iter()
        .flat_map(|m| &m.attachments)
        .map(|a| (a.file_name.clone(), a.media_kind, a.content_hash.clone()))
        .collect();
    assert_eq!(
        files,
        [
            (
                "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.jpg".to_owned(),
                MediaKind::Image,
                None
            ),
            (
                "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0.pdf".to_owned(),
                MediaKind::Document,
                None
            ),
            (
                "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d.aac".to_owned(),
                MediaKind::Voice,
                None
            ),
        ]
    );
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert_eq!(sink.warnings[0].location, format!("{NAME}:4"));
    assert!(sink.warnings[0].message.starts_with("3 attachment(s)"));
}

#[test]
fn files_next_to_the_chat_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(NAME), fixture(SAMPLE)).unwrap();
    std::fs::write(
        dir.path().join("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.jpg"),
        b"jpeg bytes",
    )
    .unwrap();
    let input = Input::open(dir.path()).unwrap();
    let found = detect(&input, None);
    assert_eq!(found.len(), 1, "{found:?}");
    let mut sink = MemorySink::new();
    import(&input, &found[0], &berlin(), &mut sink).unwrap();
    let photo = &sink.messages[0][2].attachments[0];
    assert_eq!(photo.size, Some(10));
    assert!(photo.content_hash.is_some());
    assert_eq!(sink.media.len(), 1);
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.starts_with("2 attachment(s)"))
    );
}

#[test]
fn locale_variants_of_the_current_format() {
    let dmy = ImportOptions {
        date_order: Some(DateOrder::Dmy),
        ..ImportOptions::default()
    };
    let cases: &[Case<'_>] = &[
        (
            "ISO dates",
            "[2023-11-14, 22:13] Me: hi\n",
            &ImportOptions::default(),
            &[row(Some("Me"), "2023-11-14T22:13:00+00:00", "text", "hi")],
        ),
        (
            "US dates decided by a day above 12, 12-hour clock",
            "[11/14/2023, 10:13 PM] Me: a\n[11/03/2023, 12:05 AM] Me: b\n",
            &ImportOptions::default(),
            &[
                row(Some("Me"), "2023-11-14T22:13:00+00:00", "text", "a"),
                row(Some("Me"), "2023-11-03T00:05:00+00:00", "text", "b"),
            ],
        ),
        (
            "forced order",
            "[01/02/2023, 10:00] Me: a\n",
            &dmy,
            &[row(Some("Me"), "2023-02-01T10:00:00+00:00", "text", "a")],
        ),
        (
            "seconds and two-digit years",
            "[14.11.23, 22:13:05] Bob: x\n",
            &ImportOptions::default(),
            &[row(Some("Bob"), "2023-11-14T22:13:05+00:00", "text", "x")],
        ),
        (
            "notice without a sender",
            "[14.11.2023, 22:13] Bob: x\n[14.11.2023, 22:14] Gruppe umbenannt\n",
            &ImportOptions::default(),
            &[
                row(Some("Bob"), "2023-11-14T22:13:00+00:00", "text", "x"),
                row(
                    None,
                    "2023-11-14T22:14:00+00:00",
                    "system",
                    "Gruppe umbenannt",
                ),
            ],
        ),
        (
            "colon in the text, empty text",
            "[14.11.2023, 22:13] Bob: Zeit: 10:00\n[14.11.2023, 22:14] Bob:\n",
            &ImportOptions::default(),
            &[
                row(
                    Some("Bob"),
                    "2023-11-14T22:13:00+00:00",
                    "text",
                    "Zeit: 10:00",
                ),
                row(Some("Bob"), "2023-11-14T22:14:00+00:00", "text", ""),
            ],
        ),
    ];
    for (name, body, opts, want) in cases {
        let sink = ok("threema", "messages-X.txt", body, opts);
        assert_eq!(rows(&sink), *want, "{name}");
    }
    let sink = ok(
        "threema",
        "messages-X.txt",
        "[01/02/2023, 10:00] Me: a\n",
        &ImportOptions::default(),
    );
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("day/month order"))
    );
}

#[test]
fn legacy_format_with_zone_abbreviations() {
    let text = "<<< 12. März 2016 um 14:22:01 MEZ: Hallo\r\n>>> 12. März 2016 um 14:23:00 MEZ: Bild (a1b2c3.jpg)\r\n>>> 3. Juli 2016 um 09:05:00 MESZ: Sommer\r\nzweite Zeile\r\n<<< 4. Juli 2016 um 10:00:00 XYZ: unbekannte Zone\r\n";
    let sink = ok(
        "threema",
        "messages-Bob.txt",
        text,
        &in_zone("America/New_York"),
    );
    assert_eq!(sink.chats[0].title, "Bob");
    assert_eq!(
        people(&sink),
        [("Bob".to_owned(), false), ("Me".to_owned(), true)]
    );
    assert_eq!(
        rows(&sink),
        [
            row(Some("Bob"), "2016-03-12T14:22:01+01:00", "text", "Hallo"),
            row(Some("Me"), "2016-03-12T14:23:00+01:00", "media", "Bild"),
            row(
                Some("Me"),
                "2016-07-03T09:05:00+02:00",
                "text",
                "Sommer\nzweite Zeile"
            ),
            row(
                Some("Bob"),
                "2016-07-04T10:00:00-04:00",
                "text",
                "unbekannte Zone"
            ),
        ]
    );
    assert_eq!(sink.messages[0][1].attachments[0].file_name, "a1b2c3.jpg");
    let input = Input::from_bytes("chat.txt", text.as_bytes().to_vec());
    assert_eq!(detect(&input, None).len(), 1, "legacy lines are detected");
}

#[test]
fn three_senders_make_a_group_and_stray_text_is_skipped() {
    let text =
        "stray\n[14.11.2023, 22:13] A: a\n[14.11.2023, 22:14] B: b\n[14.11.2023, 22:15] Ich: c\n";
    let sink = ok(
        "threema",
        "messages-Team.txt",
        text,
        &ImportOptions::default(),
    );
    assert_eq!(
        (sink.chats[0].title.as_str(), sink.chats[0].kind),
        ("Team", ChatKind::Group)
    );
    assert_eq!(
        sink.skipped,
        [(
            "messages-Team.txt:1".to_owned(),
            "text before the first message".to_owned()
        )]
    );
}

#[test]
fn impossible_date_is_an_error_naming_the_line() {
    let text = "[14.11.2023, 22:13] A: a\n[31.02.2023, 22:14] A: b\n";
    let (r, _) = force(
        "threema",
        "m.txt",
        text.as_bytes().to_vec(),
        &ImportOptions::default(),
    );
    assert_eq!(
        r.unwrap_err().to_string(),
        "m.txt: line 2: impossible date 31/2/2023 read as dmy"
    );
}

#[test]
fn the_same_file_imports_identically_twice() {
    let a = force("threema", NAME, fixture(SAMPLE), &berlin()).1;
    let b = force("threema", NAME, fixture(SAMPLE), &berlin()).1;
    assert_eq!((a.chats, a.messages), (b.chats, b.messages));
}

#[test]
fn malformed_input_does_not_panic() {
    survives_garbage(
        "threema",
        NAME,
        "[14.11.2023, 22:13] Alice: ",
        &fixture(SAMPLE),
    );
    survives_garbage(
        "threema",
        NAME,
        "<<< 12. März 2016 um 14:22:01 MEZ: ",
        &fixture(SAMPLE),
    );
}

#[test]
fn other_formats_text_files_are_not_claimed() {
    claims_no_other_fixture("threema");
}
