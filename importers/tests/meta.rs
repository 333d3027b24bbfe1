//! Messenger, Instagram and Messenger E2EE importers against every sample
//! in `fixtures/messenger/`.

use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{App, ChatKind, MediaKind, Message, MessageKind};
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/messenger")
        .join(rel)
}

fn berlin() -> ImportOptions {
    ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    }
}

/// Detects everything in `input` and imports it all into one sink.
fn import_all(input: &Input, options: &ImportOptions) -> (Vec<Detected>, MemorySink) {
    let found = detect(input, None);
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    for d in &found {
        import(input, d, options, &mut sink).unwrap_or_else(|e| panic!("{}: {e}", d.entry));
    }
    (found, sink)
}

fn open(rel: &str) -> Input {
    Input::open(&fixture(rel)).unwrap()
}

fn texts(ms: &[Message]) -> Vec<&str> {
    ms.iter().map(|m| m.text.as_str()).collect()
}

fn kinds(ms: &[Message]) -> Vec<MessageKind> {
    ms.iter().map(|m| m.kind).collect()
}

fn names(sink: &MemorySink, chat: usize) -> Vec<(&str, bool)> {
    sink.chats[chat]
        .participants
        .iter()
        .map(|p| (p.name.as_str(), p.is_me))
        .collect()
}

fn is_chronological(ms: &[Message]) -> bool {
    ms.windows(2).all(|w| w[0].sent_at <= w[1].sent_at)
}

#[test]
fn facebook_2019_old_layout() {
    let input = open("facebook_2019");
    let (found, sink) = import_all(&input, &berlin());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "messenger");
    assert_eq!(
        found[0].entry,
        "messages/inbox/zoeschmidt_a1b2c3d4e5/message_1.json"
    );
    let chat = &sink.chats[0];
    assert_eq!(chat.app, App::Messenger);
    assert_eq!(chat.title, "Zoë Schmidt");
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(chat.native_id.as_deref(), Some("zoeschmidt_a1b2c3d4e5"));
    assert_eq!(
        names(&sink, 0),
        [("Zoë Schmidt", false), ("Ferry Tester", false)]
    );

    let ms = &sink.messages[0];
    assert_eq!(ms.len(), 5);
    assert!(is_chronological(ms));
    assert_eq!(
        texts(ms),
        [
            "Grüße aus Köln",
            "Zoë hat dich angerufen.",
            "Schau mal: https://example.org/artikel",
            "Ich schicke dir das Foto",
            "Bis später! 😊",
        ]
    );
    assert_eq!(
        kinds(ms),
        [
            MessageKind::Text,
            MessageKind::Call,
            MessageKind::Text,
            MessageKind::Media,
            MessageKind::Text
        ]
    );
    assert_eq!(ms[0].sent_at.to_rfc3339(), "2019-07-15T17:40:00+02:00");
    assert_eq!(ms[0].sender.as_deref(), Some("Zoë Schmidt"));
    assert_eq!(ms[0].reactions.len(), 1);
    assert_eq!(ms[0].reactions[0].emoji, "❤");
    assert_eq!(ms[0].reactions[0].by.as_deref(), Some("Ferry Tester"));
    assert!(ms.iter().all(|m| m.native_id.is_none()));
    // The photo is referenced but not part of the sample.
    assert_eq!(ms[3].attachments.len(), 1);
    assert_eq!(ms[3].attachments[0].file_name, "67022545_2323_n_10157.jpg");
    assert_eq!(ms[3].attachments[0].media_kind, MediaKind::Image);
    assert_eq!(ms[3].attachments[0].content_hash, None);
    assert_eq!(sink.warnings.len(), 1);
    assert!(
        sink.warnings[0]
            .message
            .contains("67022545_2323_n_10157.jpg")
    );
}

#[test]
fn facebook_2024_two_files_every_media_kind() {
    let input = open("facebook_2024");
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "messenger");
    let chat = &sink.chats[0];
    assert_eq!(
        chat.native_id.as_deref(),
        Some("bobjones_10223344556677889")
    );
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(chat.title, "Bob Jones");
    let ms = &sink.messages[0];
    assert_eq!(ms.len(), 10);
    assert!(is_chronological(ms));
    assert_eq!(
        kinds(ms),
        [
            MessageKind::System,
            MessageKind::Text,
            MessageKind::Call,
            MessageKind::Media,
            MessageKind::Sticker,
            MessageKind::Media,
            MessageKind::Media,
            MessageKind::Media,
            MessageKind::Deleted,
            MessageKind::Text,
        ]
    );
    assert_eq!(ms[0].text, "You are now connected on Messenger");
    assert_eq!(
        ms[1].text,
        "older message lives in message_2.json — “smart quotes” and naïve café"
    );
    assert_eq!(ms[0].sent_at.to_rfc3339(), "2024-04-30T09:40:00+00:00");
    assert_eq!(ms[2].text, "Bob Jones started a video call.");
    let att = |i: usize| {
        (
            ms[i].attachments[0].file_name.as_str(),
            ms[i].attachments[0].media_kind,
        )
    };
    assert_eq!(att(3), ("2209_n_1234.gif", MediaKind::Gif));
    assert_eq!(
        att(4),
        (
            "39178562_1505197616293642_n_369239263222822.png",
            MediaKind::Sticker
        )
    );
    assert_eq!(att(5), ("Rechnung_März.pdf", MediaKind::Document));
    assert_eq!(
        att(6),
        ("437001234_1234567890_n_987654321.mp4", MediaKind::Video)
    );
    assert_eq!(ms[6].attachments.len(), 1, "thumbnails are not attachments");
    assert_eq!(
        att(7),
        ("audioclip17145677000001234_987654321.mp4", MediaKind::Voice)
    );
    assert_eq!(ms[8].text, "");
    assert_eq!(ms[9].text, "Vidimo se sutra 👋 (ćevapi?)");
    assert_eq!(ms[9].reactions[0].emoji, "👍");
    // Five referenced files, none in the sample.
    assert_eq!(sink.warnings.len(), 5);
    assert!(
        sink.warnings
            .iter()
            .any(|w| w.message.contains("Rechnung_März.pdf"))
    );
}

#[test]
fn instagram_2024_share_and_reaction_time() {
    let input = open("instagram_2024");
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "instagram");
    let chat = &sink.chats[0];
    assert_eq!(chat.app, App::Instagram);
    assert_eq!(chat.title, "Carol ✈️");
    assert_eq!(
        chat.native_id.as_deref(),
        Some("carol.travels_17841400000000000")
    );
    assert_eq!(
        names(&sink, 0),
        [("Carol ✈️", false), ("ferry.tester", false)]
    );
    let ms = &sink.messages[0];
    assert_eq!(
        texts(ms),
        [
            "Olá! Tudo bem? 😄",
            "",
            "Lisboa 🇵🇹\nhttps://www.instagram.com/reel/C7abcdEFGhi/",
            "Liked a message",
        ]
    );
    assert_eq!(
        kinds(ms),
        [
            MessageKind::Text,
            MessageKind::Media,
            MessageKind::Text,
            MessageKind::System
        ]
    );
    assert_eq!(ms[2].forwarded_from.as_deref(), Some("someone.else"));
    let r = &ms[1].reactions[0];
    assert_eq!(
        (r.emoji.as_str(), r.by.as_deref()),
        ("😍", Some("ferry.tester"))
    );
    assert_eq!(r.at.unwrap().unix_millis(), 1_717_000_150_000);
}

#[test]
fn e2ee_export() {
    let input = open("messenger_e2ee_2024");
    let (found, sink) = import_all(&input, &berlin());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "messenger-e2ee");
    let chat = &sink.chats[0];
    assert_eq!(chat.app, App::Messenger);
    assert_eq!(chat.title, "Dana Kim");
    assert_eq!(chat.native_id.as_deref(), Some("Dana Kim_12"));
    assert_eq!(chat.kind, ChatKind::Direct);
    assert_eq!(
        names(&sink, 0),
        [("Ferry Tester", false), ("Dana Kim", false)]
    );
    let ms = &sink.messages[0];
    assert_eq!(
        kinds(ms),
        [
            MessageKind::Text,
            MessageKind::Media,
            MessageKind::Text,
            MessageKind::Deleted
        ]
    );
    assert_eq!(ms[0].text, "End-to-end encrypted chat 🔐 naïve");
    // DST ended in Berlin at 01:00 UTC that day.
    assert_eq!(ms[0].sent_at.to_rfc3339(), "2024-10-27T04:33:20+01:00");
    assert_eq!(ms[0].reactions[0].emoji, "❤");
    assert_eq!(ms[0].reactions[0].by.as_deref(), Some("Dana Kim"));
    let a = &ms[1].attachments[0];
    assert_eq!(a.file_name, "7f3c2a9e-1111-4a2b-9c3d-5e6f7a8b9c0d.jpeg");
    assert_eq!(a.media_kind, MediaKind::Image);
    assert_eq!(ms[2].text, "https://example.org/x");
    assert_eq!(sink.warnings.len(), 1);
}

#[test]
fn chat_analytics_lone_file_with_bom() {
    let input = open("chat-analytics/2A_7M.message_1.json");
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "messenger");
    assert_eq!(sink.chats[0].native_id.as_deref(), Some("alice_aaaaaaaaaa"));
    assert_eq!(sink.chats[0].title, "Alice");
    let ms = &sink.messages[0];
    assert_eq!(ms.len(), 7);
    assert!(is_chronological(ms));
    assert_eq!(
        kinds(ms),
        [
            MessageKind::Media,
            MessageKind::Sticker,
            MessageKind::Media,
            MessageKind::Media,
            MessageKind::Text,
            MessageKind::Text,
            MessageKind::Text,
        ]
    );
    assert_eq!(ms[3].attachments[0].file_name, "blabla.docx");
    assert_eq!(ms[3].attachments[0].media_kind, MediaKind::Document);
    assert_eq!(texts(ms)[4..], ["you what", "Whats up!", "Hello"]);
    assert_eq!(ms[0].sent_at.unix_millis(), 1_415_147_240_411);
}

#[test]
fn group_thread_over_two_files_with_media_and_notices() {
    let input = open("facebook_group_2021");
    let (found, sink) = import_all(&input, &ImportOptions::default());
    let labels: Vec<&str> = found.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Messenger thread archived_threads/maxmustermann_q1w2e3r4t5",
            "Messenger thread inbox/wandergruppe_x7k2p9q4r1",
            "Messenger thread message_requests/unbekannt_z9y8x7w6v5",
        ]
    );
    let g = sink
        .chats
        .iter()
        .position(|c| c.title == "Wandergruppe 🥾")
        .unwrap();
    assert_eq!(sink.chats[g].kind, ChatKind::Group);
    // Олег left, so only messages name him; the profile file names the owner.
    assert_eq!(
        names(&sink, g),
        [
            ("Anna Weber", false),
            ("Jürgen Müller", false),
            ("Ferry Tester", true),
            ("Олег Петров", false),
        ]
    );
    let ms = &sink.messages[g];
    assert_eq!(ms.len(), 18);
    assert!(is_chronological(ms));
    use MessageKind::*;
    assert_eq!(
        kinds(ms),
        [
            System, System, System, Text, Text, Text, Media, Media, Sticker, Media, System, System,
            Text, Call, Deleted, Text, Text, Text
        ]
    );
    assert_eq!(ms[1].text, "Anna Weber named the group Wandergruppe 🥾.");
    assert_eq!(ms[5].text, "Привет всем!");
    // Generated "sent an attachment." text is dropped next to the file.
    assert_eq!(ms[7].text, "");
    let pdf = &ms[7].attachments[0];
    assert_eq!(pdf.file_name, "Protokoll_Grüße.pdf");
    let pdf_len = std::fs::metadata(fixture(
        "facebook_group_2021/messages/inbox/wandergruppe_x7k2p9q4r1/files/Protokoll_Grüße.pdf",
    ))
    .unwrap()
    .len();
    assert_eq!(pdf.size, Some(pdf_len));
    assert!(pdf.content_hash.is_some());
    assert!(ms[6].attachments[0].content_hash.is_some());
    assert!(ms[8].attachments[0].content_hash.is_some());
    assert_eq!(ms[9].attachments[0].content_hash, None);
    // Same-millisecond messages keep their order.
    assert_eq!(texts(ms)[16..], ["eins", "zwei"]);
    assert_eq!(sink.media.len(), 3);
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("not_in_this_part.mp4"));

    let a = sink
        .chats
        .iter()
        .position(|c| c.title == "Max Mustermann")
        .unwrap();
    assert_eq!(kinds(&sink.messages[a]), [Text, Call]);
    assert_eq!(
        sink.chats[a].native_id.as_deref(),
        Some("maxmustermann_q1w2e3r4t5")
    );
    let r = sink
        .chats
        .iter()
        .position(|c| c.title == "Unbekannte Person")
        .unwrap();
    assert_eq!(texts(&sink.messages[r]), ["Hi, kennen wir uns?"]);
}

#[test]
fn instagram_old_layout_is_told_apart_by_its_neighbours() {
    let input = open("instagram_2021");
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].format.id(), "instagram");
    assert_eq!(sink.chats[0].app, App::Instagram);
    assert_eq!(names(&sink, 0), [("Dave K", false), ("ferry.tester", true)]);
    let ms = &sink.messages[0];
    assert_eq!(
        ms[0].text,
        "Schau dir das an 😂\nKöln bei Nacht\nhttps://www.instagram.com/p/CabcDEF123/"
    );
    assert_eq!(ms[0].forwarded_from.as_deref(), Some("koeln.fotos"));
    assert_eq!(ms[1].kind, MessageKind::System);
}

#[test]
fn whole_fixture_folder_yields_every_thread_once() {
    let input = Input::open(&fixture("")).unwrap();
    let (found, sink) = import_all(&input, &ImportOptions::default());
    let count = |id: &str| found.iter().filter(|d| d.format.id() == id).count();
    assert_eq!(count("messenger"), 5);
    assert_eq!(count("instagram"), 2);
    assert_eq!(count("messenger-e2ee"), 1);
    assert_eq!(sink.chats.len(), 8);
    assert_eq!(sink.message_count(), 5 + 10 + 18 + 2 + 1 + 4 + 2 + 4);
}

#[test]
fn options_me_marks_the_owner() {
    let input = open("facebook_2024");
    let opts = ImportOptions {
        me: Some("bob jones".into()),
        ..ImportOptions::default()
    };
    let (_, sink) = import_all(&input, &opts);
    assert_eq!(
        names(&sink, 0),
        [("Bob Jones", true), ("Ferry Tester", false)]
    );
}

#[test]
fn zip_with_top_folder_resolves_media() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("facebook-ferrytester-2024.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let root = fixture("facebook_2024");
    let thread = "your_activity_across_facebook/messages/inbox/bobjones_10223344556677889";
    for f in ["message_1.json", "message_2.json"] {
        w.start_file(format!("facebook-ferrytester/{thread}/{f}"), opts)
            .unwrap();
        w.write_all(&std::fs::read(root.join(thread).join(f)).unwrap())
            .unwrap();
    }
    w.start_file(
        format!("facebook-ferrytester/{thread}/files/Rechnung_März.pdf"),
        opts,
    )
    .unwrap();
    w.write_all(b"%PDF-1.4 invoice").unwrap();
    w.finish().unwrap();

    let input = Input::open(&zip_path).unwrap();
    let (found, sink) = import_all(&input, &ImportOptions::default());
    assert_eq!(found.len(), 1);
    let ms = &sink.messages[0];
    let pdf = ms
        .iter()
        .flat_map(|m| &m.attachments)
        .find(|a| a.file_name == "Rechnung_März.pdf")
        .unwrap();
    assert_eq!(pdf.size, Some(16));
    assert!(pdf.content_hash.is_some());
    assert_eq!(sink.warnings.len(), 4);
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
            k: ChatKind,
        ) -> Result<(), ferry_importers::SinkError> {
            self.0.set_chat_kind(h, k)
        }
        fn message(
            &mut self,
            h: ferry_importers::ChatHandle,
            m: Message,
        ) -> Result<(), ferry_importers::SinkError> {
            self.0.message(h, m)
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
            Err(ferry_importers::SinkError::Cancelled)
        }
    }
    for rel in ["facebook_2024", "messenger_e2ee_2024"] {
        let input = open(rel);
        let found = detect(&input, None);
        let mut sink = Cancel(MemorySink::new());
        let err = import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap_err();
        assert!(err.is_cancelled(), "{rel}: {err}");
    }
}
