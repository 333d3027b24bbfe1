//! The Telegram HTML importer against `fixtures/telegram/html`.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MediaKind, Message, MessageKind};
use std::path::PathBuf;

fn export_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/telegram/html/ChatExport_2024-03-31")
}

fn run(tz: &str, me: Option<&str>) -> MemorySink {
    let input = Input::open(&export_dir()).unwrap();
    let found = detect(&input, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].format.id(), "telegram-html");
    assert_eq!(found[0].entry, "messages.html");
    assert_eq!(found[0].label, "Telegram chat «Ferry & friends» (HTML)");
    let opts = ImportOptions {
        tz: tz.parse().unwrap(),
        me: me.map(str::to_owned),
        ..ImportOptions::default()
    };
    let mut sink = MemorySink::new();
    import(&input, &found[0], &opts, &mut sink).unwrap();
    sink
}

fn msg<'a>(sink: &'a MemorySink, id: &str) -> &'a Message {
    sink.messages[0]
        .iter()
        .find(|m| m.native_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("message {id} not found"))
}

#[test]
fn both_pages_in_order_without_day_separators() {
    let sink = run("Europe/Berlin", Some("Bob Test"));
    assert_eq!(sink.chats.len(), 1);
    assert_eq!(sink.chats[0].title, "Ferry & friends");
    assert_eq!(sink.chats[0].native_id, None);
    let ids: Vec<_> = sink.messages[0]
        .iter()
        .map(|m| m.native_id.clone().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["10", "11", "12", "13", "14", "15", "16", "17", "18", "19"]
    );
    let people: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.is_me))
        .collect();
    assert_eq!(
        people,
        [
            ("Alice Example", false),
            ("Bob Test", true),
            ("Deleted Account", false)
        ]
    );
    // Three senders: a group.
    assert_eq!(sink.chats[0].kind, ChatKind::Group);
}

#[test]
fn senders_texts_and_joined_messages() {
    let sink = run("Europe/Berlin", None);
    let m = msg(&sink, "11");
    assert_eq!(m.sender.as_deref(), Some("Alice Example"));
    assert_eq!(m.text, "Hello world & friends\nsecond line");
    // "joined" continues the previous sender.
    assert_eq!(msg(&sink, "12").sender.as_deref(), Some("Alice Example"));
    assert_eq!(msg(&sink, "12").text, "see https://example.org/ 🙂");
    assert_eq!(msg(&sink, "14").sender.as_deref(), Some("Bob Test"));
    assert_eq!(msg(&sink, "17").sender.as_deref(), Some("Bob Test"));
    let service = msg(&sink, "10");
    assert_eq!(service.kind, MessageKind::System);
    assert_eq!(service.sender, None);
    assert_eq!(
        service.text,
        "Alice Example created group «Ferry & friends» with members Bob Test"
    );
    assert_eq!(msg(&sink, "18").text, "Bob Test pinned «reply to a me...»");
}

#[test]
fn replies_forwards_reactions_media() {
    let sink = run("Europe/Berlin", None);
    assert_eq!(msg(&sink, "13").reply_to.as_deref(), Some("11"));
    // A reply to a message on the previous page.
    assert_eq!(msg(&sink, "17").reply_to.as_deref(), Some("12"));
    let fwd = msg(&sink, "15");
    assert_eq!(fwd.forwarded_from.as_deref(), Some("Ferry News"));
    assert_eq!(fwd.text, "forwarded text");
    let r: Vec<_> = msg(&sink, "13")
        .reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.by.clone()))
        .collect();
    assert_eq!(r, [("👍", None), ("👍", None)]);
    let photo = msg(&sink, "14");
    assert_eq!(photo.kind, MessageKind::Media);
    assert_eq!(photo.text, "photo caption");
    assert_eq!(
        photo.attachments[0].file_name,
        "photo_1@30-03-2024_13-03-00.jpg"
    );
    assert_eq!(photo.attachments[0].media_kind, MediaKind::Image);
    let voice = msg(&sink, "16");
    assert_eq!(
        voice.attachments[0].file_name,
        "audio_1@31-03-2024_14-00-00.ogg"
    );
    assert_eq!(voice.attachments[0].media_kind, MediaKind::Voice);
    assert_eq!(voice.text, "");
    // The fixture has no media folders: named, not stored, warned about.
    assert!(voice.attachments[0].content_hash.is_none());
    assert_eq!(sink.warnings.len(), 2);
}

#[test]
fn dates_from_titles() {
    let sink = run("Europe/Berlin", None);
    assert_eq!(
        msg(&sink, "11").sent_at.to_rfc3339(),
        "2024-03-30T13:01:00+01:00"
    );
    // After the DST switch the printed standard offset is corrected by the zone.
    assert_eq!(
        msg(&sink, "16").sent_at.to_rfc3339(),
        "2024-03-31T14:00:00+02:00"
    );
    let utc = run("UTC", None);
    assert_eq!(
        msg(&utc, "16").sent_at.to_rfc3339(),
        "2024-03-31T14:00:00+01:00"
    );
    // Service messages show no time in HTML: the start of the day of the
    // separator before them, or the time of the message before them.
    assert_eq!(
        msg(&sink, "10").sent_at.to_rfc3339(),
        "2024-03-30T00:00:00+01:00"
    );
    assert_eq!(msg(&sink, "18").sent_at, msg(&sink, "17").sent_at);
}
