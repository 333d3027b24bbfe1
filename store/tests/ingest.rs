//! Ingest: atomicity, deduplication, merging, field round-trips.

mod common;

use common::*;
use ferry_model::{
    App, Attachment, Chat, ChatKind, MediaKind, Message, MessageKind, Participant, Reaction,
};
use ferry_store::{Library, StoreError};

#[test]
fn open_creates_the_folder_layout_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lib");
    {
        let lib = Library::open(&root).unwrap();
        assert_eq!(lib.dir(), root);
        assert!(lib.chats().unwrap().is_empty());
    }
    assert!(root.join("library.db").is_file());
    assert!(root.join("media").is_dir());
    let lib = Library::open(&root).unwrap();
    assert!(lib.chats().unwrap().is_empty());
}

#[test]
fn reads_back_what_was_ingested_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let stats = ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[
            text("Bob", 2, "second"),
            text("Alice", 1, "first"),
            text("Alice", 3, "third"),
        ],
    );
    assert_eq!(
        (
            stats.chats,
            stats.messages,
            stats.new_messages,
            stats.duplicates
        ),
        (1, 3, 3, 0)
    );
    let chats = lib.chats().unwrap();
    assert_eq!(chats.len(), 1);
    let chat = &chats[0];
    assert_eq!(
        (chat.title.as_str(), chat.app, chat.kind),
        ("Family", App::WhatsApp, ChatKind::Group)
    );
    assert_eq!(chat.messages, 3);
    assert_eq!(chat.first, Some(at(1)));
    assert_eq!(chat.last, Some(at(3)));
    let names: Vec<_> = chat
        .participants
        .iter()
        .map(|m| m.participant.name.as_str())
        .collect();
    assert_eq!(names, ["Alice", "Bob"]);
    assert_eq!(texts(&lib, chat.id), ["first", "second", "third"]);
    let page = lib.messages(chat.id, 1, 1).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].message.text, "second");
    assert_eq!(page[0].sender_name.as_deref(), Some("Bob"));
}

#[test]
fn same_input_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<_> = (0..50)
        .map(|i| text("Alice", i / 3, &format!("m{}", i % 4)))
        .collect();
    let first = ingest(&mut lib, &whatsapp_chat("Family"), &msgs);
    assert_eq!(first.new_messages, 50);
    let second = ingest(&mut lib, &whatsapp_chat("Family"), &msgs);
    assert_eq!((second.new_messages, second.duplicates), (0, 50));
    assert_eq!(total_messages(&lib), 50);
    assert_eq!(lib.chats().unwrap().len(), 1);
}

#[test]
fn older_and_newer_overlapping_exports_give_the_union() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // "ok" twice per minute so occurrence numbering matters in the overlap.
    let all: Vec<_> = (0..40)
        .flat_map(|i| {
            [
                text("Bob", i, "ok"),
                text("Bob", i, "ok"),
                text("Alice", i, &format!("n{i}")),
            ]
        })
        .collect();
    let older = &all[..75];
    let newer = &all[45..];
    ingest(&mut lib, &whatsapp_chat("Family"), newer);
    let stats = ingest(&mut lib, &whatsapp_chat("Family"), older);
    assert_eq!(stats.new_messages, 45);
    let chat = lib.resolve_chat("Family").unwrap();
    assert_eq!(chat.messages, 120);
    let expected: Vec<_> = all.iter().map(|m| m.text.clone()).collect();
    let got = texts(&lib, chat.id);
    let mut a = expected.clone();
    let mut b = got.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(chat.first, Some(at(0)));
    assert_eq!(chat.last, Some(at(39)));
}

#[test]
fn identical_messages_in_the_same_minute_stay_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs = [
        text("Bob", 5, "ok"),
        text("Bob", 5, "ok"),
        text("Bob", 5, "ok"),
    ];
    let stats = ingest(&mut lib, &whatsapp_chat("Family"), &msgs);
    assert_eq!(stats.new_messages, 3);
    // ...and the same three again are the same three.
    let stats = ingest(&mut lib, &whatsapp_chat("Family"), &msgs);
    assert_eq!(stats.new_messages, 0);
    // A fourth one in a longer export is new.
    let mut four = msgs.to_vec();
    four.push(text("Bob", 5, "ok"));
    assert_eq!(
        ingest(&mut lib, &whatsapp_chat("Family"), &four).new_messages,
        1
    );
}

/// Table of tuples that differ in one field each: all must be kept.
#[test]
fn messages_differing_in_one_field_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let base = text("Bob", 5, "hi");
    let mut other_kind = base.clone();
    other_kind.kind = MessageKind::System;
    let mut with_file = base.clone();
    with_file.attachments.push(Attachment::named("a.jpg"));
    let mut other_file = base.clone();
    other_file.attachments.push(Attachment::named("b.jpg"));
    let mut no_sender = base.clone();
    no_sender.sender = None;
    let cases = [
        ("base", base.clone()),
        ("other sender", text("Alice", 5, "hi")),
        ("other minute", text("Bob", 6, "hi")),
        ("other text", text("Bob", 5, "hi!")),
        ("other kind", other_kind),
        ("attachment", with_file),
        ("other attachment", other_file),
        ("no sender", no_sender),
    ];
    let msgs: Vec<_> = cases.iter().map(|(_, m)| m.clone()).collect();
    assert_eq!(
        ingest(&mut lib, &whatsapp_chat("F"), &msgs).new_messages,
        cases.len() as u64
    );
    assert_eq!(ingest(&mut lib, &whatsapp_chat("F"), &msgs).new_messages, 0);
}

fn telegram_chat() -> Chat {
    Chat {
        app: App::Telegram,
        native_id: Some("chat-77".into()),
        title: "Project".into(),
        kind: ChatKind::Group,
        participants: vec![Participant {
            key: "user1".into(),
            name: "Alice".into(),
            phone: Some("+15550001".into()),
            handle: Some("@alice".into()),
            native_id: Some("user1".into()),
            is_me: true,
        }],
    }
}

fn with_id(id: &str, minute: i64, body: &str) -> Message {
    let mut m = text("user1", minute, body);
    m.native_id = Some(id.into());
    m
}

#[test]
fn native_ids_dedupe_even_when_the_text_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(
        &mut lib,
        &telegram_chat(),
        &[with_id("1", 0, "helo"), with_id("2", 1, "x")],
    );
    // The same ids with other text and no edit mark: duplicates, text kept.
    let stats = ingest(
        &mut lib,
        &telegram_chat(),
        &[with_id("1", 0, "other"), with_id("3", 2, "y")],
    );
    assert_eq!((stats.new_messages, stats.duplicates), (1, 1));
    let chat = lib.resolve_chat("project").unwrap();
    assert_eq!(texts(&lib, chat.id), ["helo", "x", "y"]);
    // Chat matched by native id even under a new title.
    let mut renamed = telegram_chat();
    renamed.title = "Renamed".into();
    assert_eq!(
        ingest(&mut lib, &renamed, &[with_id("2", 1, "x")]).new_messages,
        0
    );
    assert_eq!(lib.chats().unwrap().len(), 1);
}

#[test]
fn a_later_edit_updates_the_stored_text_but_an_older_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(&mut lib, &telegram_chat(), &[with_id("1", 0, "helo")]);
    let mut edited = with_id("1", 0, "hello");
    edited.edited = true;
    edited.edited_at = Some(at(10));
    ingest(&mut lib, &telegram_chat(), std::slice::from_ref(&edited));
    let mut older_edit = with_id("1", 0, "hallo");
    older_edit.edited = true;
    older_edit.edited_at = Some(at(5));
    ingest(
        &mut lib,
        &telegram_chat(),
        &[older_edit, with_id("1", 0, "helo")],
    );
    let chat = lib.resolve_chat("Project").unwrap();
    let got = lib.messages(chat.id, 0, 10).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message.text, "hello");
    assert!(got[0].message.edited);
    assert_eq!(got[0].message.edited_at, Some(at(10)));
}

#[test]
fn a_message_with_every_field_set_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&telegram_chat()).unwrap();
    ing.participant(c, &Participant::named("Bob")).unwrap();
    let (hash, size) = ing.media(&mut &b"\x89PNG fake image"[..]).unwrap();
    let original = with_id("100", 0, "the original");
    let m = Message {
        native_id: Some("101".into()),
        sender: Some("user1".into()),
        sent_at: common::at(1),
        text: "Réponse — ответ — رد — ตอบ — 返事 🎉".into(),
        kind: MessageKind::Media,
        attachments: vec![
            Attachment {
                file_name: "photo.png".into(),
                media_kind: MediaKind::Image,
                mime: Some("image/png".into()),
                size: Some(size),
                content_hash: Some(hash.clone()),
            },
            Attachment::named("missing.opus"),
        ],
        reply_to: Some("100".into()),
        edited: true,
        edited_at: Some(
            ferry_model::Timestamp::from_unix_millis(1_709_281_234_567, -5 * 3600).unwrap(),
        ),
        forwarded_from: Some("Channel X".into()),
        reactions: vec![
            Reaction {
                emoji: "👍".into(),
                by: Some("Bob".into()),
                at: Some(common::at(2)),
            },
            Reaction {
                emoji: "❤️".into(),
                by: None,
                at: None,
            },
        ],
    };
    ing.message(c, &original).unwrap();
    assert!(ing.message(c, &m).unwrap());
    let stats = ing.commit().unwrap();
    assert_eq!((stats.attachments, stats.media_files_written), (2, 1));

    let chat = lib.resolve_chat("Project").unwrap();
    assert_eq!(chat.attachments, 2);
    let alice = &chat.participants[0].participant;
    assert_eq!(alice, &telegram_chat().participants[0]);
    let got = lib.messages(chat.id, 0, 10).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].message, m);
    assert_eq!(got[1].reply_to_id, Some(got[0].id));
    assert_eq!(got[1].sender_name.as_deref(), Some("Alice"));
    assert!(got[1].sender_is_me);
    assert_eq!(got[0].reply_to_id, None);
    let path = lib.media_path(&hash).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"\x89PNG fake image");
    assert!(lib.media_path(&"0".repeat(64)).is_none());
}

#[test]
fn reply_to_a_message_not_in_the_library_has_no_row_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut m = with_id("5", 0, "re");
    m.reply_to = Some("4".into());
    ingest(&mut lib, &telegram_chat(), &[m]);
    let chat = lib.resolve_chat("Project").unwrap();
    let got = lib.messages(chat.id, 0, 1).unwrap();
    assert_eq!(got[0].message.reply_to.as_deref(), Some("4"));
    assert_eq!(got[0].reply_to_id, None);
    // The replied-to message arrives later: now it resolves.
    ingest(&mut lib, &telegram_chat(), &[with_id("4", -1, "q")]);
    let got = lib.messages(chat.id, 0, 2).unwrap();
    assert_eq!(got[1].reply_to_id, Some(got[0].id));
}

#[test]
fn dropping_an_ingest_leaves_the_library_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[text("Alice", 0, "kept")],
    );
    {
        let mut ing = lib.begin_ingest().unwrap();
        let c = ing.begin_chat(&whatsapp_chat("Family")).unwrap();
        let c2 = ing.begin_chat(&whatsapp_chat("Other")).unwrap();
        for i in 0..100 {
            ing.message(c, &text("Bob", i, "lost")).unwrap();
            ing.message(c2, &text("Carol", i, "lost")).unwrap();
        }
        // an error in the middle: the importer returns early, the ingest drops
    }
    let chats = lib.chats().unwrap();
    assert_eq!(chats.len(), 1);
    assert_eq!(chats[0].messages, 1);
    assert_eq!(chats[0].participants.len(), 2);
    assert_eq!(texts(&lib, chats[0].id), ["kept"]);
    // and the library still takes new ingests
    assert_eq!(
        ingest(
            &mut lib,
            &whatsapp_chat("Family"),
            &[text("Bob", 1, "next")]
        )
        .new_messages,
        1
    );
}

#[test]
fn senders_not_named_as_participants_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[text("+1 555 0100", 0, "hi")],
    );
    let chat = lib.resolve_chat("Family").unwrap();
    let keys: Vec<_> = chat
        .participants
        .iter()
        .map(|m| m.participant.key.as_str())
        .collect();
    assert_eq!(keys, ["Alice", "Bob", "+1 555 0100"]);
    let got = lib.messages(chat.id, 0, 1).unwrap();
    assert_eq!(got[0].sender_name.as_deref(), Some("+1 555 0100"));
    assert!(!got[0].sender_is_me);
}

#[test]
fn set_chat_kind_changes_the_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&whatsapp_chat("Duo")).unwrap();
    ing.set_chat_kind(c, ChatKind::Direct).unwrap();
    ing.commit().unwrap();
    assert_eq!(lib.resolve_chat("Duo").unwrap().kind, ChatKind::Direct);
}

#[test]
fn unknown_chat_handles_are_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut other = Library::open(&dir.path().join("other")).unwrap();
    let mut ing2 = other.begin_ingest().unwrap();
    let c0 = ing2.begin_chat(&whatsapp_chat("A")).unwrap();
    let c1 = ing2.begin_chat(&whatsapp_chat("B")).unwrap();
    drop(ing2);
    let mut ing = lib.begin_ingest().unwrap();
    ing.begin_chat(&whatsapp_chat("A")).unwrap();
    assert!(matches!(
        ing.message(c1, &text("A", 0, "x")),
        Err(StoreError::UnknownChat(1))
    ));
    assert!(ing.message(c0, &text("A", 0, "x")).is_ok());
}
