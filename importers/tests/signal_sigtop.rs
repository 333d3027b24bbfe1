//! sigtop output (JSON and text) against the fixtures, plus edge cases and
//! malformed input.

use ferry_importers::signal::sigtop::SigtopImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink, detect};
use ferry_model::{ChatKind, MediaKind, MessageKind};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/signal/sigtop");
const JSON: &str = "Alice_Example_(+31600000001).json";
const TEXT: &str = "Alice_Example_(+31600000001).txt";

fn options() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Amsterdam".parse().unwrap(),
        ..ImportOptions::default()
    }
}

fn run(name: &str, data: Vec<u8>) -> (MemorySink, Result<(), ferry_importers::ImportError>) {
    let input = Input::from_bytes(name, data);
    let mut sink = MemorySink::new();
    let found = SigtopImporter.detect(&input);
    let Some(f) = found.first() else {
        return (
            sink,
            Err(ferry_importers::ImportError::new(
                name,
                ferry_importers::ImportErrorKind::Unrecognised(String::new()),
            )),
        );
    };
    let res = SigtopImporter.import(&input, f, &options(), &mut sink);
    (sink, res)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

#[test]
fn folder_of_sigtop_files_detects_both_layouts() {
    let input = Input::open(std::path::Path::new(DIR)).unwrap();
    let found = detect(&input, None);
    let ids: Vec<_> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert!(ids.contains(&("sigtop", JSON)), "{ids:?}");
    assert!(ids.contains(&("sigtop", TEXT)), "{ids:?}");
    assert_eq!(found.len(), 2, "{ids:?}");
}

#[test]
fn json_fixture() {
    let (sink, res) = run(JSON, fixture(JSON));
    res.unwrap();
    assert_eq!(sink.chats.len(), 1);
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice Example (+31600000001)");
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(
        chat.native_id.as_deref(),
        Some("3f9e6c1a-0b8e-4c7e-9d2f-1a2b3c4d5e6f")
    );
    let alice = chat.participants.iter().find(|p| !p.is_me).unwrap();
    assert_eq!(alice.key, "a1a1a1a1-1111-4111-8111-111111111111");
    assert_eq!(alice.name, "Alice Example");
    assert_eq!(alice.phone.as_deref(), Some("+31600000001"));
    assert!(chat.participants.iter().any(|p| p.is_me && p.key == "me"));

    let m = &sink.messages[0];
    assert_eq!(m.len(), 5);
    assert_eq!(m[0].text, "Hoi \u{fffc}! Zullen we morgen afspreken? 🚲");
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-06-10T08:13:20+02:00");
    assert_eq!(
        m[0].native_id.as_deref(),
        Some("1718000000000:a1a1a1a1-1111-4111-8111-111111111111")
    );
    assert_eq!(m[0].reactions.len(), 1);
    assert_eq!(m[0].reactions[0].emoji, "👍");
    assert_eq!(m[0].reactions[0].by.as_deref(), Some("me"));
    // The reply quotes the first message and was edited once.
    assert_eq!(m[1].sender.as_deref(), Some("me"));
    assert_eq!(m[1].reply_to, m[0].native_id);
    assert_eq!(m[1].text, "Ja, 10 uur bij het station");
    assert!(m[1].edited);
    assert_eq!(
        m[1].edited_at.unwrap().to_rfc3339(),
        "2024-06-10T08:15:50+02:00"
    );
    assert_eq!(m[1].sent_at.to_rfc3339(), "2024-06-10T08:15:20+02:00");
    // Attachment named, not included: kept without content, with a warning.
    assert_eq!(m[2].kind, MessageKind::Media);
    let a = &m[2].attachments[0];
    assert_eq!(
        (a.file_name.as_str(), a.mime.as_deref(), a.size),
        ("IMG_2024.jpg", Some("image/jpeg"), Some(183204))
    );
    assert_eq!(a.media_kind, MediaKind::Image);
    assert!(a.content_hash.is_none());
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("1 attachments"));
    assert_eq!(m[3].kind, MessageKind::Call);
    assert_eq!(m[3].sender, None);
    assert_eq!(m[4].kind, MessageKind::System);
    assert_eq!(m[4].text, "Disappearing messages timer set to 1 week");
}

#[test]
fn text_fixture() {
    let (sink, res) = run(TEXT, fixture(TEXT));
    res.unwrap();
    let chat = &sink.chats[0];
    assert_eq!(chat.title, "Alice Example (+31600000001)");
    let alice = chat.participants.iter().find(|p| !p.is_me).unwrap();
    assert_eq!(
        (alice.key.as_str(), alice.name.as_str()),
        ("+31600000001", "Alice Example")
    );
    let m = &sink.messages[0];
    assert_eq!(m.len(), 5);
    assert_eq!(m[0].text, "Hoi @Me! Zullen we morgen afspreken? 🚲");
    assert_eq!(m[0].sender.as_deref(), Some("+31600000001"));
    assert_eq!(m[0].sent_at.to_rfc3339(), "2024-06-10T08:13:20+02:00");
    assert_eq!(m[0].reactions[0].by.as_deref(), Some("me"));
    assert_eq!(m[1].sender.as_deref(), Some("me"));
    assert_eq!(m[1].text, "Ja, 10 uur bij het station");
    assert!(m[1].edited);
    assert_eq!(
        m[1].edited_at.unwrap().to_rfc3339(),
        "2024-06-10T08:15:50+02:00"
    );
    assert_eq!(m[1].reply_to, m[0].native_id);
    assert_eq!(m[2].kind, MessageKind::Media);
    assert_eq!(m[2].attachments[0].size, Some(183204));
    assert_eq!(m[2].text, "");
    assert_eq!(m[3].kind, MessageKind::Call);
    assert_eq!(m[4].kind, MessageKind::System);
    assert_eq!(m[4].text, "Signal notice: timer notification");
}
