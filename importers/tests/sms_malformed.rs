//! Malformed input must not panic: the SMS Backup & Restore importer is fed
//! broken, truncated and foreign bytes, and must return (Ok or an error
//! naming the file and byte), never panic or hang.

use ferry_importers::{Detected, ImportError, ImportOptions, Input, MemorySink, detect, import};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/sms-backup-restore")
        .join(name);
    std::fs::read(p).unwrap()
}

fn feed(data: &[u8]) -> Result<MemorySink, ImportError> {
    let input = Input::from_bytes("b.xml", data.to_vec());
    for found in detect(&input, None) {
        let _ = import(
            &input,
            &found,
            &ImportOptions::default(),
            &mut MemorySink::new(),
        );
    }
    let forced = Detected {
        format: "sms-xml".parse().unwrap(),
        entry: "b.xml".into(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    import(&input, &forced, &ImportOptions::default(), &mut sink).map(|()| sink)
}

#[test]
fn every_truncation_of_the_fixtures_is_handled() {
    for (name, total) in [
        ("sms-20231114164000.xml", 6),
        ("calls-20231114164000.xml", 3),
    ] {
        let full = fixture(name);
        let mut previous = 0;
        for cut in 0..=full.len() {
            // Complete elements before the cut are kept; never more than the whole.
            if let Ok(sink) = feed(&full[..cut]) {
                let n = sink.message_count();
                assert!(n >= previous, "{name} cut {cut}: {n} < {previous}");
                previous = n;
            }
        }
        assert_eq!(previous, total, "{name}");
    }
}

#[test]
fn cut_inside_an_mms_keeps_what_was_read_and_warns() {
    let full = fixture("sms-20231114164000.xml");
    let text = String::from_utf8(full.clone()).unwrap();
    let cut = text.find("<addrs>").unwrap();
    let sink = feed(&full[..cut]).unwrap();
    assert_eq!(sink.message_count(), 5);
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("truncated"))
    );
}

#[test]
fn odd_values_table() {
    for (what, xml, messages) in [
        (
            "no date",
            r#"<smses><sms address="1" body="x"/></smses>"#,
            0,
        ),
        (
            "date not a number",
            r#"<smses><sms address="1" date="soon" body="x"/></smses>"#,
            0,
        ),
        (
            "huge date",
            r#"<smses><sms address="1" date="99999999999999999" body="x"/></smses>"#,
            0,
        ),
        (
            "negative date",
            r#"<smses><sms address="1" date="-5" body="x"/></smses>"#,
            1,
        ),
        (
            "null everything",
            r#"<smses><sms address="null" date="1700000000000" type="null" body="null" contact_name="null"/></smses>"#,
            1,
        ),
        (
            "unquoted attribute",
            r#"<smses><sms address=1 date="1700000000000"/></smses>"#,
            0,
        ),
        (
            "part outside mms",
            r#"<smses><part ct="image/png" data="AAAA"/><addr address="1"/></smses>"#,
            0,
        ),
        (
            "nested mms",
            r#"<smses><mms date="1"><mms date="2"></mms></mms></smses>"#,
            1,
        ),
        ("unmatched end", r#"<smses></mms></smses></x>"#, 0),
        (
            "entity soup",
            r#"<smses><sms address="&#55357;&#xD800;&#0;&#;&amp" date="1700000000000" body="&#x110000;&#4294967296;&&&;"/></smses>"#,
            1,
        ),
        (
            "bad base64",
            r#"<smses><mms date="1700000000000"><parts><part ct="image/png" data="!!!@@@==="/></parts></mms></smses>"#,
            1,
        ),
        (
            "mms without address",
            r#"<smses><mms date="1700000000000" msg_box="1"/></smses>"#,
            1,
        ),
        (
            "calls oddities",
            r#"<calls><call number="" date="1700000000000" type="77" duration="-3"/><call/></calls>"#,
            1,
        ),
    ] {
        let sink = feed(xml.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(sink.message_count(), messages, "{what}");
    }
}

#[test]
fn structurally_broken_xml_is_an_error_with_a_byte_position() {
    for xml in [
        &b"<smses><sms address=\"1\" date=\"1\"<<"[..],
        b"<smses><!-- x",
        b"<smses><![CDATA[ x",
    ] {
        match feed(xml) {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.file, "b.xml");
                assert!(e.position.and_then(|p| p.byte).is_some(), "{e}");
            }
        }
    }
}

#[test]
fn invalid_utf8_random_bytes_and_huge_values() {
    let mut seed = 0x2545f4914f6cdd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in [1, 5, 100, 4096, 50_000] {
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let _ = feed(&data);
        let mut xml = b"<smses><sms address=\"1\" date=\"1700000000000\" body=\"".to_vec();
        xml.extend(data.iter().map(|b| if *b == b'"' { b'x' } else { *b }));
        xml.extend_from_slice(b"\"/></smses>");
        let _ = feed(&xml);
    }
    let sink = feed(b"<smses><sms address=\"1\" date=\"1700000000000\" body=\"a\xffb\"/></smses>")
        .unwrap();
    assert_eq!(sink.messages[0][0].text, "a\u{fffd}b");
    assert!(sink.warnings[0].message.contains("UTF-8"));
    let huge = "x".repeat(16 << 20);
    let xml = format!("<smses><sms address=\"1\" date=\"1700000000000\" body=\"{huge}\"/></smses>");
    let sink = feed(xml.as_bytes()).unwrap();
    assert_eq!(sink.messages[0][0].text.len(), 16 << 20);
}

#[test]
fn foreign_files_are_not_detected() {
    for data in [
        &b"{\"guild\":{},\"channel\":{}}"[..],
        b"<html><body/></html>",
        b"AuthorID,Author,Date,Content,Attachments,Reactions\n",
        b"",
    ] {
        let input = Input::from_bytes("f.xml", data.to_vec());
        assert!(detect(&input, Some("sms-xml".parse().unwrap())).is_empty());
        let sink = feed(data);
        assert!(sink.map(|s| s.message_count() == 0).unwrap_or(true));
    }
}
