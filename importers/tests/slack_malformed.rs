//! Malformed input must not panic: the Slack importer against broken
//! users, channel lists and day files.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};

/// A folder export from `(path, content)` pairs, imported when detected.
fn import_files(files: &[(&str, &[u8])]) -> (usize, Option<Result<MemorySink, String>>) {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    let input = Input::open(dir.path()).unwrap();
    let found = detect(&input, Some("slack".parse().unwrap()));
    let result = found.first().map(|f| {
        let mut sink = MemorySink::new();
        import(&input, f, &ImportOptions::default(), &mut sink)
            .map(|()| sink)
            .map_err(|e| e.to_string())
    });
    (found.len(), result)
}

const USERS: &[u8] = br#"[{"id":"U1","name":"alice"}]"#;
const CHANNELS: &[u8] = br#"[{"id":"C1","name":"general","members":["U1"]}]"#;

fn with_day(day: &[u8]) -> (usize, Option<Result<MemorySink, String>>) {
    import_files(&[
        ("users.json", USERS),
        ("channels.json", CHANNELS),
        ("general/2024-01-01.json", day),
    ])
}

#[test]
fn broken_day_files_fail_with_position_or_skip() {
    let huge_text = format!(r#"[{{"ts":"1.0","text":"{}"}}]"#, "x".repeat(2_000_000));
    for (name, day, ok) in [
        ("truncated", &br#"[{"ts":"1700000000.000100","text":"hi"#[..], false),
        ("not an array", br#"{"ts":"1.0"}"#, false),
        ("invalid utf-8", b"[{\"ts\":\"1.0\",\"text\":\"\xff\xfe\"}]", false),
        ("random bytes", &[0x00, 0x9f, 0x42, 0xff, 0x13], false),
        ("empty file", b"", false),
        ("trailing garbage", b"[] x", false),
        ("wrong field types", br#"[{"ts":1.5,"text":"a"}]"#, false),
        ("null element", b"[null]", false),
        ("no ts", br#"[{"text":"a"}]"#, true),
        ("bad ts", br#"[{"ts":"soon","text":"a"}]"#, true),
        ("unclosed mention", br#"[{"ts":"1.0","text":"<@U1"}]"#, true),
        ("reaction count overflow", br#"[{"ts":"1.0","reactions":[{"name":"+1","users":[],"count":18446744073709551615}]}]"#, true),
        ("huge text", huge_text.as_bytes(), true),
    ] {
        let (found, result) = with_day(day);
        assert_eq!(found, 1, "{name}");
        let result = result.unwrap();
        assert_eq!(result.is_ok(), ok, "{name}: {:?}", result.as_ref().err());
        if let Err(e) = result {
            assert!(e.contains("2024-01-01.json"), "{name}: {e}");
        }
    }
}

#[test]
fn bad_ts_is_skipped_not_imported() {
    let (_, result) = with_day(br#"[{"ts":"soon","text":"a"},{"ts":"5.5","text":"b"}]"#);
    let sink = result.unwrap().unwrap();
    assert_eq!(sink.message_count(), 1);
    assert_eq!(sink.skipped.len(), 1);
    let (_, result) = with_day(
        br#"[{"ts":"1.0","reactions":[{"name":"+1","users":[],"count":18446744073709551615}]}]"#,
    );
    assert_eq!(result.unwrap().unwrap().messages[0][0].reactions.len(), 100);
}

#[test]
fn broken_lists_fail_cleanly() {
    for (name, users, channels) in [
        (
            "users truncated",
            &br#"[{"id":"U1","name":"a""#[..],
            CHANNELS,
        ),
        ("channels not a list", USERS, br#"{"id":"C1"}"#),
        ("channels wrong types", USERS, br#"[{"id":5}]"#),
        ("channels invalid utf-8", USERS, b"[{\"id\":\"\xff\"}]"),
    ] {
        let (_, result) = import_files(&[
            ("users.json", users),
            ("channels.json", channels),
            ("general/2024-01-01.json", b"[]"),
        ]);
        if let Some(r) = result {
            assert!(r.is_err(), "{name}");
        }
    }
}

#[test]
fn hostile_channel_names_stay_inside_the_export() {
    let (_, result) = import_files(&[
        ("users.json", USERS),
        (
            "channels.json",
            br#"[{"id":"C1","name":"../.."},{"id":"..","name":""}]"#,
        ),
        ("general/2024-01-01.json", b"[]"),
    ]);
    let sink = result.unwrap().unwrap();
    assert!(sink.chats.is_empty());
}

#[test]
fn random_bytes_as_every_file_never_panic() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..200 {
        let mut bytes = Vec::new();
        for _ in 0..(seed % 200) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(b"[]{},:\"0123456789.tsxU@<>|&;\\ \xff"[(seed % 31) as usize]);
        }
        let _ = import_files(&[
            ("users.json", USERS),
            ("channels.json", CHANNELS),
            ("general/2024-01-01.json", &bytes),
        ]);
        let input = Input::from_bytes("users.json", bytes);
        let _ = detect(&input, None);
    }
}
