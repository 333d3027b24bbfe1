//! Every `*.expected.json` in `fixtures/whatsapp/` states facts about a
//! real export (entry count, authors, timestamps, texts, system lines,
//! attachments...); this test checks every stated fact against the import.

use ferry_importers::{Format, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{MediaKind, Message, MessageKind};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/whatsapp")
}

fn run(path: &Path) -> MemorySink {
    let input = Input::open(path).unwrap();
    let format: Format = "whatsapp".parse().unwrap();
    let found = detect(&input, Some(format));
    assert_eq!(found.len(), 1, "{}: {found:?}", path.display());
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    sink
}

/// Marks removed, no-break spaces made plain (the fixtures' `*_clean`).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        })
        .map(|c| if c == '\u{00A0}' || c == '\u{202F}' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn kind_matches(stated: &str, kind: MediaKind) -> bool {
    match stated {
        "image" => kind == MediaKind::Image,
        "video" => kind == MediaKind::Video,
        "audio" => matches!(kind, MediaKind::Audio | MediaKind::Voice),
        "sticker" => kind == MediaKind::Sticker,
        "gif" => kind == MediaKind::Gif,
        "file" => matches!(
            kind,
            MediaKind::Document | MediaKind::Contact | MediaKind::Other
        ),
        _ => false,
    }
}

fn check_fact(name: &str, m: &Message, fact: &Value) {
    let at = format!("{name} #{}", fact["index"]);
    let system = fact["system"].as_bool().unwrap();
    assert_eq!(
        m.kind == MessageKind::System,
        system,
        "{at}: kind {:?}",
        m.kind
    );
    match (&fact["author"], system) {
        (_, true) | (Value::Null, _) => assert_eq!(m.sender, None, "{at}"),
        (Value::String(a), false) => {
            let want = fact["author_clean"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| clean(a));
            assert_eq!(m.sender.as_deref(), Some(want.as_str()), "{at}");
        }
        (other, _) => panic!("{at}: author {other}"),
    }
    if let Some(ts) = fact["timestamp"].as_str() {
        let got = m
            .sent_at
            .0
            .naive_local()
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        assert_eq!(got, ts, "{at}");
    }
    let text = fact["text_clean"]
        .as_str()
        .or(fact["text"].as_str())
        .unwrap();
    assert_eq!(m.text, text, "{at}");
    let attachment = fact["attachment"].as_str().or(fact["media"].as_str());
    match attachment {
        Some("media omitted (type unknown)") => {
            assert_eq!(m.kind, MessageKind::Media, "{at}");
            assert!(m.attachments.is_empty(), "{at}");
        }
        Some(file) => {
            assert_eq!(m.attachments.len(), 1, "{at}");
            assert_eq!(m.attachments[0].file_name, file, "{at}");
            assert_eq!(
                m.attachments[0].content_hash, None,
                "{at}: no media in a .txt"
            );
            if let Some(k) = fact["attachment_kind"].as_str() {
                assert!(
                    kind_matches(k, m.attachments[0].media_kind),
                    "{at}: {k} vs {:?}",
                    m.attachments[0].media_kind
                );
            }
        }
        None => {}
    }
    if fact.get("location").is_some() {
        assert_eq!(m.kind, MessageKind::Location, "{at}");
    }
    if fact["deleted"].as_bool() == Some(true) {
        assert_eq!(m.kind, MessageKind::Deleted, "{at}");
    }
    if fact["view_once_or_omitted"].as_bool() == Some(true) {
        assert_eq!(m.kind, MessageKind::Media, "{at}");
        assert!(m.attachments.is_empty(), "{at}");
    }
}

fn check(path: &Path, expected: &Value) -> usize {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let sink = run(path);
    assert_eq!(sink.chats.len(), 1, "{name}");
    let messages = &sink.messages[0];
    let count = expected["entry_count"].as_u64().unwrap() as usize;
    assert_eq!(messages.len(), count, "{name}: entry count");
    let facts = expected["messages"].as_array().unwrap();
    for fact in facts {
        let i = fact["index"].as_u64().unwrap() as usize;
        check_fact(&name, &messages[i], fact);
    }
    let order = expected["format"]["date_order"].as_str().unwrap_or("");
    let warned = sink
        .warnings
        .iter()
        .any(|w| w.message.contains("could not tell day/month order"));
    if order.starts_with("ambiguous") || order.starts_with("MDY or DMY") {
        assert!(
            warned,
            "{name}: ambiguous dates must be reported: {:?}",
            sink.warnings
        );
    } else if order == "DMY" || order == "MDY" || order == "YMD" {
        assert!(!warned, "{name}: order is decidable: {:?}", sink.warnings);
    }
    facts.len()
}

#[test]
fn every_expected_json_fact_holds() {
    let mut files = 0;
    let mut facts = 0;
    let mut paths: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    paths.sort();
    for json in paths {
        let expected: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let fixture = fixtures().join(expected["fixture"].as_str().unwrap());
        facts += check(&fixture, &expected);
        files += 1;
        // The zip's chat also ships as a loose .txt: same facts.
        let twin = fixture.with_extension("txt");
        if fixture.extension().is_some_and(|e| e == "zip") && twin.exists() {
            facts += check(&twin, &expected);
            files += 1;
        }
    }
    assert_eq!(files, 30, "fixture files checked");
    assert!(facts > 350, "facts checked: {facts}");
}

fn kinds(messages: &[Message], kind: MessageKind) -> usize {
    messages.iter().filter(|m| m.kind == kind).count()
}

/// Fixtures without an `expected.json`: counts checked by hand against the
/// files (header lines, system lines, markers).
#[test]
fn fixtures_without_expectations_import_with_hand_checked_counts() {
    use ferry_model::ChatKind;
    let s = run(&fixtures().join("android_dmy_dots_pokemon_whatstk.txt"));
    let m = &s.messages[0];
    assert_eq!(m.len(), 20);
    assert_eq!(s.chats[0].title, "Pokemon Chat");
    assert_eq!(s.chats[0].kind, ChatKind::Group);
    // Entry 0: the notice authored by the chat's name; entry 1: without author.
    assert_eq!(
        (m[0].kind, m[1].kind),
        (MessageKind::System, MessageKind::System)
    );
    assert_eq!(kinds(m, MessageKind::System), 2);
    assert_eq!(s.chats[0].participants.len(), 8);
    assert_eq!(m[12].sender.as_deref(), Some("Jessie & James"));

    let s = run(&fixtures().join("android_en_dmy_24h_group_whatsjson.txt"));
    let m = &s.messages[0];
    assert_eq!(m.len(), 20);
    assert_eq!(kinds(m, MessageKind::System), 16);
    assert_eq!(kinds(m, MessageKind::Deleted), 1);
    assert_eq!(
        s.chats[0].kind,
        ChatKind::Group,
        "one writer, but group events"
    );
    assert_eq!(m[1].text, "Dmitry S created group \"Group Chat\"");

    let s = run(&fixtures().join("android_nl_dmy_dashes_whatsjson.txt"));
    let m = &s.messages[0];
    assert_eq!(m.len(), 41);
    assert_eq!(kinds(m, MessageKind::System), 1);
    assert_eq!(kinds(m, MessageKind::Deleted), 7);
    assert_eq!(kinds(m, MessageKind::Contact), 2);
    assert_eq!(kinds(m, MessageKind::Sticker), 4);
    assert_eq!(
        kinds(m, MessageKind::Media),
        15,
        "3 files + 12 <Media weggelaten>"
    );
    assert_eq!(m.iter().map(|m| m.attachments.len()).sum::<usize>(), 9);
    assert_eq!(s.chats[0].kind, ChatKind::Direct);

    let s = run(&fixtures().join("android_ymd_dashes_lorem_whatstk.txt"));
    assert_eq!(s.messages[0].len(), 300);
    let first = s.messages[0][0].sent_at.0.naive_local().to_string();
    assert_eq!(first, "2019-10-20 10:16:00");

    let s = run(&fixtures().join("ios_dmy_dashes_seconds_lorem_whatstk.txt"));
    assert_eq!(s.messages[0].len(), 500);

    let s = run(&fixtures().join("ios_dmy_dots_poll_pustur.txt"));
    let m = &s.messages[0];
    assert_eq!(m.len(), 52);
    assert_eq!(kinds(m, MessageKind::System), 4);
    assert_eq!(kinds(m, MessageKind::Poll), 1);
    assert_eq!(m.iter().map(|m| m.attachments.len()).sum::<usize>(), 4);
    assert_eq!(s.chats[0].kind, ChatKind::Group);
    let poll = m.iter().find(|m| m.kind == MessageKind::Poll).unwrap();
    assert!(
        poll.text
            .starts_with("POLL:\nWhen can we meet?\nOPTION: Thursday 15 evening (2 votes)")
    );

    let s = run(&fixtures().join("ios_ru_whatsjson.zip"));
    assert_eq!(s.messages[0].len(), 25);
    assert_eq!(s.chats[0].title, "Elon Musk");
    assert_eq!(kinds(&s.messages[0], MessageKind::System), 1);
    assert_eq!(s.chats[0].participants.len(), 2);
}
