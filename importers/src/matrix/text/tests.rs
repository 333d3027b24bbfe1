//! Tests against the plain-text sample in `fixtures/matrix-element/`.

use super::*;
use crate::MemorySink;
use ferry_model::{MediaKind, MessageKind};
use std::path::PathBuf;

const SAMPLE: &str = "matrix_-_Ferry_Test_Room_-_Chat_Export_-_2023-11-15T10-00-00.000Z";

fn fixture(ext: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../fixtures/matrix-element/{SAMPLE}.{ext}"))
}

fn los_angeles() -> ImportOptions {
    ImportOptions {
        tz: "America/Los_Angeles".parse().unwrap(),
        ..ImportOptions::default()
    }
}

fn import_bytes(
    name: &str,
    data: &[u8],
    options: &ImportOptions,
) -> Result<MemorySink, ImportError> {
    let input = Input::from_bytes(name, data.to_vec());
    let found = Detected {
        format: Format::of(&TextImporter),
        entry: name.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    crate::import(&input, &found, options, &mut sink).map(|_| sink)
}

#[test]
fn sample_is_detected_by_this_importer_only() {
    let input = Input::open(&fixture("txt")).unwrap();
    let found = crate::detect(&input, None);
    let ids: Vec<&str> = found.iter().map(|d| d.format.id()).collect();
    assert_eq!(ids, ["matrix-txt"], "WhatsApp and others must not claim it");
    assert_eq!(found[0].label, "Matrix room «Ferry Test Room» (text)");
}

#[test]
fn element_or_whatsapp() {
    // (name, entry, head, is Element)
    let cases = [
        (
            "element name",
            "matrix - R - Chat Export - 2023.txt",
            "14.11.2023, 23:13:20 - A: b\n",
            true,
        ),
        (
            "element sentence",
            "export.txt",
            "14.11.2023, 23:13:20 - A: b\n14.11.2023, 23:13:21 - B joined the room\n",
            true,
        ),
        (
            "reply quote",
            "chat.txt",
            "11/14/2023, 2:13:20 PM - B: <@a:x.org \"hi\"> yo\n",
            true,
        ),
        (
            "whatsapp with seconds",
            "WhatsApp Chat with A.txt",
            "13. 6. 2018. 21:25:15 - A: b\n",
            false,
        ),
        (
            "whatsapp android",
            "chat.txt",
            "14/11/2023, 22:13 - A: b\n",
            false,
        ),
        (
            "element name, not element lines",
            "matrix - R - Chat Export - 2023.txt",
            "hello\n",
            false,
        ),
    ];
    for (name, entry, head, want) in cases {
        assert_eq!(is_element_text(entry, head.as_bytes()), want, "{name}");
    }
}

#[test]
fn sample_fields() {
    let input = Input::open(&fixture("txt")).unwrap();
    let found = TextImporter.detect(&input);
    let mut sink = MemorySink::new();
    crate::import(&input, &found[0], &los_angeles(), &mut sink).unwrap();
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.app, App::Matrix);
    assert_eq!(chat.title, "Ferry Test Room");
    assert_eq!(chat.native_id, None);
    assert_eq!(chat.kind, ChatKind::Direct);
    let names: Vec<&str> = chat.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Alice", "Bob"]);

    let msgs = &sink.messages[0];
    let rows: Vec<(Option<&str>, &str, MessageKind)> = msgs
        .iter()
        .map(|m| (m.sender.as_deref(), m.text.as_str(), m.kind))
        .collect();
    assert_eq!(
        rows,
        [
            (
                None,
                "Alice created and configured the room.",
                MessageKind::System
            ),
            (None, "Bob joined the room", MessageKind::System),
            (Some("Alice"), "Hello **Bob** 👋", MessageKind::Text),
            (Some("Bob"), "Hi Alice!", MessageKind::Text),
            (Some("Alice"), "", MessageKind::Media),
            (Some("Bob"), "Hi Alice (edited)", MessageKind::Text),
            (Some("Alice"), "report.pdf", MessageKind::Media),
            (None, "Message deleted", MessageKind::Deleted),
        ]
    );
    // 2:13:20 PM in Los Angeles is the JSON export's origin_server_ts.
    let millis: Vec<i64> = msgs.iter().map(|m| m.sent_at.unix_millis()).collect();
    assert_eq!(millis[0], 1_700_000_000_000);
    assert_eq!(millis[7], 1_700_000_008_000);
    assert_eq!(msgs[0].sent_at.to_rfc3339(), "2023-11-14T14:13:20-08:00");
    assert_eq!(msgs[4].attachments[0].media_kind, MediaKind::Image);
    assert_eq!(msgs[6].attachments[0].file_name, "report.pdf");
    assert!(msgs.iter().all(|m| m.native_id.is_none()));
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.starts_with("2 attachment(s)"));
}

#[test]
fn same_room_as_the_json_export() {
    // The store finds a chat without native id by (app, title): the text
    // export lands in the room the JSON export created.
    let json = Input::open(&fixture("json")).unwrap();
    let txt = Input::open(&fixture("txt")).unwrap();
    let mut a = MemorySink::new();
    let mut b = MemorySink::new();
    for (input, sink) in [(&json, &mut a), (&txt, &mut b)] {
        for found in crate::detect(input, None) {
            crate::import(input, &found, &los_angeles(), sink).unwrap();
        }
    }
    assert_eq!(a.chats[0].app, b.chats[0].app);
    assert_eq!(a.chats[0].title, b.chats[0].title);
}

#[test]
fn reimport_gives_identical_messages() {
    // No ids: dedup relies on (sender, time, text, kind, attachments)
    // being reproduced exactly.
    let data = std::fs::read(fixture("txt")).unwrap();
    let a = import_bytes("export.txt", &data, &los_angeles()).unwrap();
    let b = import_bytes("export.txt", &data, &los_angeles()).unwrap();
    assert_eq!(a.messages, b.messages);
}

#[test]
fn locales_and_date_orders() {
    // (name, text, date order option, first message's wall clock, warnings)
    let cases: [(&str, &str, Option<DateOrder>, &str, usize); 6] = [
        (
            "de-DE",
            "14.11.2023, 23:13:20 - Alice: hallo\n",
            None,
            "2023-11-14T23:13:20+00:00",
            0,
        ),
        (
            "en-GB decided by a later line",
            "01/02/2023, 09:00:00 - A: x\n13/02/2023, 09:00:00 - A: y\n",
            None,
            "2023-02-01T09:00:00+00:00",
            0,
        ),
        (
            "en-US decided by a later line",
            "01/02/2023, 9:00:00 AM - A: x\n01/13/2023, 9:00:00 AM - A: y\n",
            None,
            "2023-01-02T09:00:00+00:00",
            0,
        ),
        (
            "undecidable falls back with a warning",
            "01/02/2023, 09:00:00 - A: x\n",
            None,
            "2023-02-01T09:00:00+00:00",
            1,
        ),
        (
            "undecidable with the option",
            "01/02/2023, 09:00:00 - A: x\n",
            Some(DateOrder::Mdy),
            "2023-01-02T09:00:00+00:00",
            0,
        ),
        (
            "full date",
            "Tue, Nov 14 2023 10:13:20 PM - A: x\n",
            None,
            "2023-11-14T22:13:20+00:00",
            0,
        ),
    ];
    for (name, text, order, first, warnings) in cases {
        let options = ImportOptions {
            date_order: order,
            ..ImportOptions::default()
        };
        let sink = import_bytes("export.txt", text.as_bytes(), &options).unwrap();
        assert_eq!(sink.messages[0][0].sent_at.to_rfc3339(), first, "{name}");
        assert_eq!(sink.warnings.len(), warnings, "{name}: {:?}", sink.warnings);
    }
}

#[test]
fn multi_line_bodies_continue_the_previous_event() {
    let text = "14.11.2023, 23:13:20 - Alice: line one\nline two\n\nline four\n14.11.2023, 23:14:00 - Bob: next\n";
    let sink = import_bytes("export.txt", text.as_bytes(), &ImportOptions::default()).unwrap();
    let texts: Vec<&str> = sink.messages[0].iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["line one\nline two\n\nline four", "next"]);
}

#[test]
fn group_when_more_than_two_people_write() {
    let text =
        "14.11.2023, 23:13:20 - A: 1\n14.11.2023, 23:13:21 - B: 2\n14.11.2023, 23:13:22 - C: 3\n";
    let options = ImportOptions {
        me: Some("B".to_owned()),
        ..ImportOptions::default()
    };
    let sink = import_bytes("export.txt", text.as_bytes(), &options).unwrap();
    assert_eq!(sink.chats[0].kind, ChatKind::Group);
    let me: Vec<&str> = sink.chats[0]
        .participants
        .iter()
        .filter(|p| p.is_me)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(me, ["B"]);
}

#[test]
fn attached_file_in_the_zip_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("matrix - Ferry Test Room - Chat Export - 2023-11-15T10-00-00.000Z.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("export.txt", opts).unwrap();
    std::io::Write::write_all(
        &mut zip,
        b"14.11.2023, 23:13:20 - Alice: report.pdf (File Attached)\n",
    )
    .unwrap();
    zip.start_file("files/report-14-11-2023 at 23-13-20.pdf", opts)
        .unwrap();
    std::io::Write::write_all(&mut zip, b"%PDF-1.4").unwrap();
    zip.finish().unwrap();
    let input = Input::open(&path).unwrap();
    let found = TextImporter.detect(&input);
    assert_eq!(found.len(), 1);
    let mut sink = MemorySink::new();
    crate::import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(
        sink.chats[0].title, "Ferry Test Room",
        "named after the zip"
    );
    let att = &sink.messages[0][0].attachments[0];
    assert_eq!(att.size, Some(8));
    assert!(att.content_hash.is_some());
    assert!(sink.warnings.is_empty());
}

mod malformed {
    //! Bad input must end in an error or a partial import, never a panic.
    use super::*;

    #[test]
    fn bad_inputs_do_not_panic() {
        let sample = std::fs::read(fixture("txt")).unwrap();
        let mut cases: Vec<(String, Vec<u8>)> = vec![
            ("empty".into(), Vec::new()),
            (
                "random bytes".into(),
                (0..4096u32)
                    .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
                    .collect(),
            ),
            (
                "invalid utf-8".into(),
                b"14.11.2023, 23:13:20 - A: \xff\xfe\n\xc3".to_vec(),
            ),
            (
                "huge line".into(),
                format!(
                    "14.11.2023, 23:13:20 - A: {}\n14.11.2023, 23:13:21 - B: ok\n",
                    "x".repeat(3 << 20)
                )
                .into_bytes(),
            ),
            ("only continuation lines".into(), b"hello\nworld\n".to_vec()),
            (
                "impossible date".into(),
                b"31.02.2023, 23:13:20 - A: x\n".to_vec(),
            ),
            (
                "year zero".into(),
                b"01.01.0000, 00:00:00 - A: x\n".to_vec(),
            ),
            (
                "whatsapp".into(),
                b"14/11/2023, 22:13 - Alice: hi\n".to_vec(),
            ),
            (
                "crlf".into(),
                b"14.11.2023, 23:13:20 - A: x\r\n\r\n".to_vec(),
            ),
        ];
        for cut in [1, 7, 30, sample.len() / 2, sample.len() - 1] {
            cases.push((format!("cut at {cut}"), sample[..cut].to_vec()));
        }
        for (name, data) in &cases {
            let r = import_bytes("export.txt", data, &ImportOptions::default());
            assert!(r.is_ok(), "{name}: text is always readable, got {r:?}");
            let input = Input::from_bytes("export.txt", data.clone());
            let _ = crate::detect(&input, None);
        }
    }

    #[test]
    fn huge_line_is_cut_and_the_next_line_survives() {
        let data = format!(
            "14.11.2023, 23:13:20 - A: {}\n14.11.2023, 23:13:21 - B: ok\n",
            "x".repeat(3 << 20)
        );
        let sink = import_bytes("export.txt", data.as_bytes(), &ImportOptions::default()).unwrap();
        let msgs = &sink.messages[0];
        assert_eq!(msgs.len(), 2);
        assert!(msgs[0].text.len() < read::MAX_LINE);
        assert_eq!(msgs[1].text, "ok");
    }

    #[test]
    fn text_before_the_first_stamp_is_reported() {
        let sink = import_bytes(
            "export.txt",
            b"preamble\n14.11.2023, 23:13:20 - A: x\n",
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(sink.message_count(), 1);
        assert_eq!(sink.skipped.len(), 1);
        assert_eq!(sink.skipped[0].0, "export.txt:1");
    }
}
