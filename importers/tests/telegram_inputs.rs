//! Telegram exports as folders and zips: media files, full-account exports
//! with left chats, JSON preferred over HTML, re-imports, cancellation.

use ferry_importers::{
    ChatHandle, Detected, ImportOptions, Input, MemorySink, Sink, SinkError, StoredMedia, Warning,
    detect, import,
};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::{Read, Write};
use std::path::Path;

const SYNTHETIC: &str = "../fixtures/telegram/json/synthetic_single_chat_2024.result.json";
const HTML_PAGE: &str = "../fixtures/telegram/html/ChatExport_2024-03-31/messages.html";

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn write(root: &Path, rel: &str, data: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

fn import_all(input: &Input) -> (Vec<Detected>, MemorySink) {
    let found = detect(input, None);
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    for d in &found {
        import(input, d, &ImportOptions::default(), &mut sink).unwrap();
    }
    (found, sink)
}

const FULL_ACCOUNT: &str = r#"{
 "about": "Here is the data you requested.",
 "personal_information": {"user_id": 42, "first_name": "Me", "last_name": "Myself", "phone_number": "+1 555"},
 "chats": {"about": "a", "list": [
  {"name": "Ann", "type": "personal_chat", "id": 7, "messages": [
   {"id": 1, "type": "message", "date": "2024-01-01T01:00:00", "date_unixtime": "1704067200",
    "from": "Ann", "from_id": "user7", "photo": "chats/chat_001/photos/p.jpg", "text": "hi"},
   {"id": 2, "type": "service", "date_unixtime": "1704067260", "actor": "Me Myself",
    "actor_id": "user42", "action": "phone_call", "duration_seconds": 61, "text": ""}
  ]}
 ]},
 "left_chats": {"about": "b", "list": [
  {"name": "Old group", "type": "private_supergroup", "id": 9, "messages": [
   {"id": 5, "type": "message", "date_unixtime": "1704067300", "from": "Me Myself", "from_id": "user42", "text": "bye"}
  ]}
 ]}
}"#;

#[test]
fn folder_with_media_stores_the_files_and_skips_the_html_twin() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "result.json", &fixture(SYNTHETIC));
    write(d.path(), "messages.html", &fixture(HTML_PAGE));
    write(
        d.path(),
        "photos/photo_1@31-03-2024_08-00-00.jpg",
        b"jpeg bytes",
    );
    write(
        d.path(),
        "voice_messages/audio_1@31-03-2024_08-20-00.ogg",
        b"ogg",
    );
    write(d.path(), "video_files/clip.mp4", b"mp4!");
    write(d.path(), "files/report (2).pdf", b"%PDF");
    write(d.path(), "contacts/contact_1.vcard", b"BEGIN:VCARD");
    let input = Input::open(d.path()).unwrap();
    let (found, sink) = import_all(&input);
    assert_eq!(
        found.len(),
        1,
        "JSON wins over the HTML of the same export: {found:?}"
    );
    assert_eq!(found[0].format.id(), "telegram-json");
    let mut stored: Vec<_> = sink
        .media
        .iter()
        .map(|(n, s)| (n.as_str(), s.size))
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            ("contacts/contact_1.vcard", 11),
            ("files/report (2).pdf", 4),
            ("photos/photo_1@31-03-2024_08-00-00.jpg", 10),
            ("video_files/clip.mp4", 4),
            ("voice_messages/audio_1@31-03-2024_08-20-00.ogg", 3),
        ]
    );
    let photo = sink.messages[0]
        .iter()
        .find(|m| m.native_id.as_deref() == Some("106"))
        .unwrap();
    let a = &photo.attachments[0];
    assert_eq!(a.size, Some(10));
    assert_eq!(
        a.content_hash.as_deref(),
        Some(sink.media[0].1.content_hash.as_str())
    );
    // Placeholders (107, 109, 112, 118) stay named only, with warnings.
    let missing = sink.messages[0]
        .iter()
        .flat_map(|m| &m.attachments)
        .filter(|a| a.content_hash.is_none())
        .count();
    assert_eq!(missing, 4);
    assert_eq!(sink.warnings.len(), 4);
}

#[test]
fn zip_of_a_full_account_export_yields_chats_and_left_chats() {
    let d = tempfile::tempdir().unwrap();
    let zip_path = d.path().join("DataExport_2024-01-02.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("DataExport_2024-01-02/result.json", FULL_ACCOUNT.as_bytes()),
        ("DataExport_2024-01-02/chats/chat_001/photos/p.jpg", b"jpg"),
        (
            "DataExport_2024-01-02/chats/chat_001/messages.html",
            &fixture(HTML_PAGE),
        ),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    let input = Input::open(&zip_path).unwrap();
    let (found, sink) = import_all(&input);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].label, "Telegram export of a whole account");
    let chats: Vec<_> = sink
        .chats
        .iter()
        .map(|c| (c.title.as_str(), c.kind, c.native_id.as_deref()))
        .collect();
    assert_eq!(
        chats,
        [
            ("Ann", ChatKind::Direct, Some("7")),
            ("Old group", ChatKind::Group, Some("9"))
        ]
    );
    let ann: Vec<_> = sink.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.is_me))
        .collect();
    assert_eq!(
        ann,
        [("user42", "Me Myself", true), ("user7", "Ann", false)]
    );
    assert_eq!(sink.messages[0][0].attachments[0].size, Some(3));
    assert!(sink.messages[0][0].attachments[0].content_hash.is_some());
    let call = &sink.messages[0][1];
    assert_eq!(call.kind, ferry_model::MessageKind::Call);
    assert_eq!(call.text, "Me Myself called (1 min 1 s)");
    assert_eq!(sink.messages[1][0].sender.as_deref(), Some("user42"));
    assert_eq!(sink.media.len(), 1);
}

#[test]
fn reimport_gives_the_same_ids() {
    let input = Input::from_bytes("result.json", fixture(SYNTHETIC));
    let (_, a) = import_all(&input);
    let (_, b) = import_all(&input);
    assert_eq!(a.chats, b.chats);
    assert_eq!(a.messages, b.messages);
    let ids: std::collections::HashSet<_> = a.messages[0]
        .iter()
        .map(|m| m.native_id.clone().unwrap())
        .collect();
    assert_eq!(ids.len(), a.messages[0].len(), "message ids are unique");
}

/// Cancels after a number of messages.
struct Cancelling {
    inner: MemorySink,
    left: usize,
}

impl Sink for Cancelling {
    fn begin_chat(&mut self, chat: Chat) -> Result<ChatHandle, SinkError> {
        self.inner.begin_chat(chat)
    }
    fn participant(&mut self, c: ChatHandle, p: Participant) -> Result<(), SinkError> {
        self.inner.participant(c, p)
    }
    fn set_chat_kind(&mut self, c: ChatHandle, k: ChatKind) -> Result<(), SinkError> {
        self.inner.set_chat_kind(c, k)
    }
    fn message(&mut self, c: ChatHandle, m: Message) -> Result<(), SinkError> {
        if self.left == 0 {
            return Err(SinkError::Cancelled);
        }
        self.left -= 1;
        self.inner.message(c, m)
    }
    fn media(&mut self, n: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        self.inner.media(n, r)
    }
    fn warning(&mut self, w: Warning) {
        self.inner.warning(w)
    }
    fn skipped(&mut self, l: String, r: String) {
        self.inner.skipped(l, r)
    }
    fn progress(&mut self, d: u64, t: u64) -> Result<(), SinkError> {
        self.inner.progress(d, t)
    }
}

#[test]
fn cancellation_stops_both_importers() {
    let input = Input::from_bytes("result.json", fixture(SYNTHETIC));
    let found = detect(&input, None);
    let mut sink = Cancelling {
        inner: MemorySink::new(),
        left: 3,
    };
    let err = import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap_err();
    assert!(err.is_cancelled(), "{err}");
    assert_eq!(sink.inner.message_count(), 3);

    let d = tempfile::tempdir().unwrap();
    write(d.path(), "messages.html", &fixture(HTML_PAGE));
    let input = Input::open(d.path()).unwrap();
    let found = detect(&input, None);
    let mut sink = Cancelling {
        inner: MemorySink::new(),
        left: 2,
    };
    let err = import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap_err();
    assert!(err.is_cancelled(), "{err}");
}
