//! Malformed input must not panic: every Discord importer is fed broken,
//! truncated and foreign bytes, and must return (Ok or an error naming the
//! file), never panic or hang.

use ferry_importers::{Detected, ImportError, ImportOptions, Input, MemorySink, detect, import};
use std::path::PathBuf;

const FORMATS: [&str; 3] = ["discord-dce", "discord-dce-csv", "discord-package"];

fn fixture(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/discord")
        .join(rel);
    std::fs::read(p).unwrap()
}

const SYNTHETIC: &str =
    "dce-json/synthetic_Ferry_Test_Server_-_Text_Channels_-_general_[1000000000000000100].json";

/// Imports `data` with `format` forced (and with whatever detection finds).
fn feed(format: &str, name: &str, data: &[u8]) -> Result<MemorySink, ImportError> {
    let input = Input::from_bytes(name, data.to_vec());
    for found in detect(&input, None) {
        let _ = import(
            &input,
            &found,
            &ImportOptions::default(),
            &mut MemorySink::new(),
        );
    }
    let forced = Detected {
        format: format.parse().unwrap(),
        entry: name.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    import(&input, &forced, &ImportOptions::default(), &mut sink).map(|()| sink)
}

fn all_formats(name: &str, data: &[u8]) {
    for f in FORMATS {
        let _ = feed(f, name, data);
    }
}

#[test]
fn truncated_dce_json_is_an_error_with_a_position() {
    let full = fixture(SYNTHETIC);
    for cut in (0..full.len()).step_by(97) {
        let r = feed("discord-dce", "t.json", &full[..cut]);
        let err = r.err().unwrap_or_else(|| panic!("cut at {cut} accepted"));
        assert_eq!(err.file, "t.json");
        if cut > 0 {
            assert!(err.position.is_some(), "cut {cut}: {err}");
        }
    }
}

#[test]
fn truncated_csv_and_package_rows_do_not_panic() {
    for rel in [
        "dce-csv/synthetic_general.csv",
        "data-package/package_2021_csv/messages/c1000000000000000100/messages.csv",
        "data-package/package_2024_json/Messages/c1000000000000000100/messages.json",
    ] {
        let full = fixture(rel);
        for cut in 0..full.len() {
            all_formats("messages.csv", &full[..cut]);
            all_formats("x.csv", &full[..cut]);
        }
    }
}

#[test]
fn wrong_formats_are_refused() {
    for (name, data) in [
        ("a.json", &b"[]"[..]),
        ("a.json", b"{}"),
        ("a.json", b"{\"guild\":{}}"),
        ("a.json", b"null"),
        ("a.json", b"\"guild channel\""),
        ("a.txt", b"hello"),
        ("a.xml", b"<smses/>"),
    ] {
        assert!(feed("discord-dce", name, data).is_err(), "{name} {data:?}");
        assert!(
            feed("discord-package", name, data)
                .unwrap()
                .chats
                .is_empty()
        );
    }
    let txt = fixture("dce-txt/synthetic_general.txt");
    assert!(feed("discord-dce", "t.txt", &txt).is_err());
}

#[test]
fn structural_oddities() {
    for (what, json, ok) in [
        (
            "messages before channel",
            r#"{"messages":[],"channel":{"id":"1"}}"#,
            false,
        ),
        (
            "float id",
            r#"{"channel":{"id":"1"},"messages":[{"id":1.5,"timestamp":"2020-01-01T00:00:00Z"}]}"#,
            false,
        ),
        (
            "messages not an array",
            r#"{"channel":{"id":"1"},"messages":{"a":1}}"#,
            false,
        ),
        (
            "null messages",
            r#"{"channel":{"id":"1"},"messages":null}"#,
            true,
        ),
        (
            "no messages key",
            r#"{"guild":null,"channel":{"id":"1"}}"#,
            true,
        ),
        (
            "all nulls",
            r#"{"channel":{"id":null,"type":null,"name":null},"messages":[{"id":null,"timestamp":null,"author":null,"attachments":null,"reactions":null}]}"#,
            true,
        ),
        (
            "bad timestamp",
            r#"{"channel":{"id":"1"},"messages":[{"id":"2","timestamp":"yesterday"}]}"#,
            true,
        ),
        (
            "huge reaction count",
            r#"{"channel":{"id":"1"},"messages":[{"id":"2","timestamp":"2020-01-01T00:00:00Z","reactions":[{"emoji":{"name":"x"},"count":18446744073709551615}]}]}"#,
            true,
        ),
        (
            "deep nesting",
            &format!(
                r#"{{"channel":{{"id":"1"}},"messages":[{{"id":"2","embeds":{}{}}}]}}"#,
                "[".repeat(5000),
                "]".repeat(5000)
            ),
            false,
        ),
    ] {
        let r = feed("discord-dce", "t.json", json.as_bytes());
        assert_eq!(r.is_ok(), ok, "{what}: {:?}", r.err());
        if let Ok(sink) = r {
            assert_eq!(sink.chats.len(), 1, "{what}");
            assert!(sink.message_count() <= 1);
            let reactions: usize = sink
                .messages
                .iter()
                .flatten()
                .map(|m| m.reactions.len())
                .sum();
            assert!(reactions <= 1000, "{what}");
        }
    }
}

#[test]
fn invalid_utf8_random_bytes_and_huge_lines() {
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in [1, 7, 64, 1000, 20_000] {
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        all_formats("r.json", &data);
        all_formats("r.csv", &data);
    }
    let mut json = fixture(SYNTHETIC);
    json.splice(200..200, [0xff, 0xfe, 0xc0]);
    assert!(feed("discord-dce", "t.json", &json).is_err());
    let mut csv = fixture("dce-csv/synthetic_general.csv");
    csv.extend_from_slice(b"\"1\",\"x\",\"2024-05-01T09:00:00+02:00\",\"\xff\xfe\",\"\",\"\"\n");
    let sink = feed("discord-dce-csv", "t.csv", &csv).unwrap();
    assert_eq!(sink.messages[0].last().unwrap().text, "\u{fffd}\u{fffd}");
    let huge = "a".repeat(8 << 20);
    let big = format!(
        r#"{{"channel":{{"id":"1"}},"messages":[{{"id":"2","timestamp":"2020-01-01T00:00:00Z","content":"{huge}"}}]}}"#
    );
    let sink = feed("discord-dce", "t.json", big.as_bytes()).unwrap();
    assert_eq!(sink.messages[0][0].text.len(), 8 << 20);
}

#[test]
fn broken_package_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let chan = dir.path().join("messages/c1");
    std::fs::create_dir_all(&chan).unwrap();
    std::fs::create_dir_all(dir.path().join("account")).unwrap();
    std::fs::write(dir.path().join("account/user.json"), b"{\"id\": 1.5}").unwrap();
    std::fs::write(
        chan.join("messages.csv"),
        b"ID,Timestamp\n1,2020-01-01 00:00:00\n",
    )
    .unwrap();
    let input = Input::open(dir.path()).unwrap();
    let found = detect(&input, Some("discord-package".parse().unwrap()));
    assert_eq!(found.len(), 1);
    let err = import(
        &input,
        &found[0],
        &ImportOptions::default(),
        &mut MemorySink::new(),
    );
    assert!(err.unwrap_err().to_string().contains("user.json"));
    // Without user.json: imported, with "me" as the sender and a warning.
    std::fs::remove_file(dir.path().join("account/user.json")).unwrap();
    std::fs::write(chan.join("channel.json"), b"\"x\"").unwrap();
    let input = Input::open(dir.path()).unwrap();
    let err = import(
        &input,
        &found[0],
        &ImportOptions::default(),
        &mut MemorySink::new(),
    );
    assert!(err.is_err());
    std::fs::write(chan.join("channel.json"), b"null").unwrap();
    let input = Input::open(dir.path()).unwrap();
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.messages[0][0].sender.as_deref(), Some("me"));
    assert_eq!(sink.chats[0].title, "Discord channel 1");
    assert_eq!(sink.warnings.len(), 1);
    // A header without the needed columns.
    std::fs::write(chan.join("messages.csv"), b"Foo,Bar\n1,2\n").unwrap();
    let input = Input::open(dir.path()).unwrap();
    let err = import(
        &input,
        &found[0],
        &ImportOptions::default(),
        &mut MemorySink::new(),
    );
    assert!(err.unwrap_err().to_string().contains("line 1"));
}

#[test]
fn cancellation_stops_the_import() {
    struct Cancel(MemorySink);
    impl ferry_importers::Sink for Cancel {
        fn begin_chat(
            &mut self,
            c: ferry_model::Chat,
        ) -> Result<ferry_importers::ChatHandle, ferry_importers::SinkError> {
            self.0.begin_chat(c)
        }
        fn participant(
            &mut self,
            h: ferry_importers::ChatHandle,
            p: ferry_model::Participant,
        ) -> Result<(), ferry_importers::SinkError> {
            self.0.participant(h, p)
        }
        fn set_chat_kind(
            &mut self,
            h: ferry_importers::ChatHandle,
            k: ferry_model::ChatKind,
        ) -> Result<(), ferry_importers::SinkError> {
            self.0.set_chat_kind(h, k)
        }
        fn message(
            &mut self,
            _: ferry_importers::ChatHandle,
            _: ferry_model::Message,
        ) -> Result<(), ferry_importers::SinkError> {
            Err(ferry_importers::SinkError::Cancelled)
        }
        fn media(
            &mut self,
            n: &str,
            r: &mut dyn std::io::Read,
        ) -> Result<ferry_importers::StoredMedia, ferry_importers::SinkError> {
            self.0.media(n, r)
        }
        fn warning(&mut self, w: ferry_importers::Warning) {
            self.0.warning(w)
        }
        fn skipped(&mut self, l: String, r: String) {
            self.0.skipped(l, r)
        }
        fn progress(&mut self, _: u64, _: u64) -> Result<(), ferry_importers::SinkError> {
            Ok(())
        }
    }
    for (format, name, data) in [
        ("discord-dce", "t.json", fixture(SYNTHETIC)),
        (
            "discord-dce-csv",
            "t.csv",
            fixture("dce-csv/synthetic_general.csv"),
        ),
    ] {
        let input = Input::from_bytes(name, data);
        let found = Detected {
            format: format.parse().unwrap(),
            entry: name.into(),
            label: String::new(),
        };
        let err = import(
            &input,
            &found,
            &ImportOptions::default(),
            &mut Cancel(MemorySink::new()),
        )
        .unwrap_err();
        assert!(err.is_cancelled(), "{format}: {err}");
    }
}
