//! A small chat built from model values, shared by the writer tests.
#![allow(dead_code)]

use ferry_exporters::{ExportFormat, ExportOptions, ExportSummary, export_chats};
use ferry_model::{
    App, Attachment, ChatInfo, ChatKind, MediaKind, Member, Message, MessageKind, Participant,
    Reaction, StoredMessage, Timestamp,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A 1x1 JPEG-ish payload: the content does not matter to the writers.
pub const PHOTO_BYTES: &[u8] = b"\xff\xd8\xff\xe0 tiny photo \xff\xd9";
pub const PHOTO_HASH: &str = "aa11bb22cc33dd44ee55ff6677889900aa11bb22cc33dd44ee55ff6677889900";

pub fn ts(unix: i64) -> Timestamp {
    Timestamp::from_unix(unix, 3600).unwrap()
}

pub fn member(id: i64, key: &str, name: &str, phone: Option<&str>, me: bool) -> Member {
    Member {
        id,
        participant: Participant {
            key: key.into(),
            name: name.into(),
            phone: phone.map(Into::into),
            handle: None,
            native_id: None,
            is_me: me,
        },
    }
}

pub fn chat(id: i64, title: &str, kind: ChatKind, members: Vec<Member>, messages: u64) -> ChatInfo {
    ChatInfo {
        id,
        app: App::WhatsApp,
        native_id: None,
        title: title.into(),
        kind,
        participants: members,
        messages,
        attachments: 1,
        first: None,
        last: None,
    }
}

pub fn stored(
    id: i64,
    chat: &ChatInfo,
    sender: Option<(&str, &str)>,
    unix: i64,
    text: &str,
) -> StoredMessage {
    let me = sender.is_some_and(|(k, _)| {
        chat.participants
            .iter()
            .any(|m| m.participant.key == k && m.participant.is_me)
    });
    StoredMessage {
        id,
        chat_id: chat.id,
        sender_name: sender.map(|(_, n)| n.to_owned()),
        sender_is_me: me,
        reply_to_id: None,
        message: Message {
            native_id: Some(format!("n{id}")),
            ..Message::text(sender.map(|(k, _)| k.to_owned()), ts(unix), text)
        },
    }
}

/// A group chat "Family ✨" with the user, Alice and Bob: text with emoji,
/// multi-line text, a reply, reactions, an edit, a system line, a photo
/// that is in the library, a voice note that is not, a forward, a deletion.
pub fn family() -> (ChatInfo, Vec<StoredMessage>) {
    let c = chat(
        1,
        "Family ✨",
        ChatKind::Group,
        vec![
            member(10, "me", "Sam Me", Some("+31600000001"), true),
            member(11, "alice", "Alice Example", Some("+31600000002"), false),
            member(12, "bob", "Bob Тестов", Some("+31600000003"), false),
        ],
        9,
    );
    let alice = Some(("alice", "Alice Example"));
    let bob = Some(("bob", "Bob Тестов"));
    let me = Some(("me", "Sam Me"));
    let t0 = 1_704_186_672; // 2024-01-02 09:11:12 UTC
    let mut v = Vec::new();
    let mut sys = stored(1, &c, None, t0, "Alice Example created group \"Family ✨\"");
    sys.message.kind = MessageKind::System;
    v.push(sys);
    v.push(stored(2, &c, alice, t0 + 60, "Hello everyone 👋😀"));
    v.push(stored(
        3,
        &c,
        bob,
        t0 + 65,
        "Hi!\nSecond line, with a comma",
    ));
    let mut reply = stored(4, &c, me, t0 + 120, "Replying to Alice");
    reply.reply_to_id = Some(2);
    reply.message.reply_to = Some("n2".into());
    reply.message.reactions = vec![
        Reaction {
            emoji: "👍".into(),
            by: Some("Alice Example".into()),
            at: Some(ts(t0 + 130)),
        },
        Reaction {
            emoji: "❤️".into(),
            by: Some("Bob Тестов".into()),
            at: None,
        },
    ];
    v.push(reply);
    let mut edited = stored(5, &c, alice, t0 + 120, "Edited text");
    edited.message.edited = true;
    edited.message.edited_at = Some(ts(t0 + 200));
    v.push(edited);
    let mut photo = stored(6, &c, bob, t0 + 86_400, "Look at this");
    photo.message.kind = MessageKind::Media;
    photo.message.attachments = vec![Attachment {
        file_name: "IMG_0001.JPG".into(),
        media_kind: MediaKind::Image,
        mime: Some("image/jpeg".into()),
        size: Some(PHOTO_BYTES.len() as u64),
        content_hash: Some(PHOTO_HASH.into()),
    }];
    v.push(photo);
    let mut voice = stored(7, &c, alice, t0 + 86_460, "");
    voice.message.kind = MessageKind::Media;
    voice.message.attachments = vec![Attachment::named("PTT-20240103-WA0001.opus")];
    v.push(voice);
    let mut fwd = stored(8, &c, me, t0 + 86_520, "=SUM(A1:A2) forwarded, \"quoted\"");
    fwd.message.forwarded_from = Some("News channel".into());
    v.push(fwd);
    let mut del = stored(9, &c, bob, t0 + 86_580, "");
    del.message.kind = MessageKind::Deleted;
    v.push(del);
    (c, v)
}

/// A direct chat with one other person.
pub fn direct() -> (ChatInfo, Vec<StoredMessage>) {
    let c = chat(
        2,
        "Alice Example",
        ChatKind::Direct,
        vec![
            member(10, "me", "Sam Me", Some("+31600000001"), true),
            member(11, "alice", "Alice Example", Some("+31600000002"), false),
        ],
        2,
    );
    let t0 = 1_704_186_672;
    let v = vec![
        stored(
            20,
            &c,
            Some(("alice", "Alice Example")),
            t0,
            "Coffee? ☕ <b>now</b> & later",
        ),
        stored(21, &c, Some(("me", "Sam Me")), t0 + 30, "Yes 😀"),
    ];
    (c, v)
}

/// A folder holding the library's media, and a resolver over it.
pub struct Media {
    pub dir: tempfile::TempDir,
}

impl Media {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PHOTO_HASH), PHOTO_BYTES).unwrap();
        Media { dir }
    }

    pub fn resolve(&self, hash: &str) -> Option<PathBuf> {
        let p = self.dir.path().join(hash);
        p.exists().then_some(p)
    }
}

/// Runs one export into `out`.
pub fn run(
    format: ExportFormat,
    out: &Path,
    chats: &[(ChatInfo, Vec<StoredMessage>)],
    tweak: impl FnOnce(&mut ExportOptions),
) -> ExportSummary {
    let media = Media::new();
    let mut opts = ExportOptions::new(out);
    tweak(&mut opts);
    let resolve = |h: &str| media.resolve(h);
    export_chats(format, opts, chats, &resolve).unwrap()
}

/// Every file under `dir` (relative path -> bytes), sorted.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Entries of a zip: name -> bytes, in archive order.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            (f.name().to_owned(), buf)
        })
        .collect()
}
