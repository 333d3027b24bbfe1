//! Malformed input must not panic: random bytes, truncated files, invalid
//! UTF-8 (replaced, with a warning naming the line), huge lines, lines
//! with nothing after the header, other formats.

use ferry_importers::{Detected, Format, ImportOptions, Input, MemorySink, detect, import};
use std::path::Path;

fn whatsapp() -> Format {
    "whatsapp".parse().unwrap()
}

/// Imports `data` as if it had been detected, whatever detection says.
fn force(data: Vec<u8>) -> (Result<(), ferry_importers::ImportError>, MemorySink) {
    let input = Input::from_bytes("chat.txt", data);
    let _ = detect(&input, None);
    let found = Detected {
        format: whatsapp(),
        entry: "chat.txt".into(),
        label: "x".into(),
    };
    let mut sink = MemorySink::new();
    let r = import(&input, &found, &ImportOptions::default(), &mut sink);
    (r, sink)
}

/// xorshift: deterministic noise without a dependency.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn random_bytes_do_not_panic() {
    for seed in 1..300u64 {
        let mut data = noise(seed, (seed as usize * 37) % 4000);
        // Half of the cases start like a real export.
        if seed % 2 == 0 {
            let mut head = b"23/03/2022, 13:31 - Bob: ".to_vec();
            head.append(&mut data);
            data = head;
        }
        let (r, _) = force(data);
        if let Err(e) = r {
            assert!(e.to_string().starts_with("chat.txt"), "{e}");
        }
    }
}

#[test]
fn every_truncation_of_a_fixture_imports_or_fails_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/whatsapp/ios_ar_arabic_digits_24h_whatsjson.txt");
    let full = std::fs::read(path).unwrap();
    let mut ok = 0;
    for cut in (0..full.len()).step_by(7) {
        let (r, sink) = force(full[..cut].to_vec());
        if r.is_ok() {
            ok += 1;
            assert!(sink.message_count() <= 23);
        }
    }
    assert!(ok > 300, "most prefixes hold whole entries: {ok}");
}

#[test]
fn invalid_utf8_is_replaced_and_reported_with_its_line() {
    let (r, sink) = force(
        b"23/03/2022, 13:31 - Bob: ok\n23/03/2022, 13:32 - Bob: bad \xFF\xFE here\n".to_vec(),
    );
    r.unwrap();
    assert_eq!(sink.messages[0][1].text, "bad \u{FFFD}\u{FFFD} here");
    assert_eq!(sink.warnings.len(), 1);
    assert_eq!(sink.warnings[0].location, "chat.txt:2");
    assert!(sink.warnings[0].message.contains("invalid UTF-8"));
}

#[test]
fn huge_line_of_50_mb_is_one_message() {
    let mut data = b"23/03/2022, 13:31 - Bob: ".to_vec();
    data.resize(data.len() + (50 << 20), b'a');
    data.extend_from_slice(b"\n23/03/2022, 13:32 - Bob: next\n");
    let (r, sink) = force(data);
    r.unwrap();
    assert_eq!(sink.message_count(), 2);
    assert_eq!(sink.messages[0][0].text.len(), 50 << 20);
}

#[test]
fn header_only_lines() {
    for text in [
        "23/03/2022, 13:31 - ",
        "23/03/2022, 13:31 -",
        "[3/27/22, 21:41:35]",
        "[3/27/22, 21:41:35] ",
    ] {
        let (r, sink) = force(text.as_bytes().to_vec());
        r.unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(sink.message_count(), 1, "{text:?}");
        assert_eq!(sink.messages[0][0].text, "", "{text:?}");
        assert_eq!(sink.messages[0][0].sender, None, "{text:?}");
    }
}

#[test]
fn other_formats_are_not_detected_and_fail_clearly_when_forced() {
    for (name, data) in [
        (
            "result.json",
            &b"{\"name\": \"chat\", \"messages\": []}"[..],
        ),
        ("empty.txt", b""),
        ("blank.txt", b"\n\n\r\n"),
        ("bom.txt", b"\xEF\xBB\xBF"),
        ("brackets.txt", &[b'['; 100_000][..]),
    ] {
        let input = Input::from_bytes(name, data.to_vec());
        assert!(detect(&input, None).is_empty(), "{name}");
        let (r, _) = force(data.to_vec());
        let err = r.unwrap_err().to_string();
        assert!(err.starts_with("chat.txt: line "), "{name}: {err}");
        assert!(err.contains("no WhatsApp message header"), "{name}: {err}");
    }
}

#[test]
fn text_before_the_first_header_is_reported_as_skipped() {
    let (r, sink) = force(b"garbage\n23/03/2022, 13:31 - Bob: hi\n".to_vec());
    r.unwrap();
    assert_eq!(sink.message_count(), 1);
    assert_eq!(
        sink.skipped,
        [(
            "chat.txt:1".to_owned(),
            "text before the first message header".to_owned()
        )]
    );
}

#[test]
fn many_links_and_markers_in_one_body() {
    let body = "https://x ".repeat(20_000) + &"<".repeat(10_000) + &" (".repeat(10_000);
    let (r, sink) = force(format!("23/03/2022, 13:31 - Bob: {body}\n").into_bytes());
    r.unwrap();
    assert_eq!(sink.message_count(), 1);
}
