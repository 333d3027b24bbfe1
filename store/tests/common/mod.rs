//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

use ferry_model::{App, Chat, ChatKind, Message, Participant, Timestamp};
use ferry_store::{IngestStats, Library};

/// 2024-03-01 09:00 +01:00 plus `minutes`.
pub fn at(minutes: i64) -> Timestamp {
    Timestamp::from_unix(1_709_280_000 + minutes * 60, 3600).unwrap()
}

pub fn whatsapp_chat(title: &str) -> Chat {
    Chat {
        app: App::WhatsApp,
        native_id: None,
        title: title.to_owned(),
        kind: ChatKind::Group,
        participants: vec![Participant::named("Alice"), Participant::named("Bob")],
    }
}

pub fn text(sender: &str, minute: i64, body: &str) -> Message {
    Message::text(Some(sender.to_owned()), at(minute), body)
}

/// Ingests `messages` into one chat (through the batched `push`, as
/// imports do) and commits.
pub fn ingest(lib: &mut Library, chat: &Chat, messages: &[Message]) -> IngestStats {
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(chat).unwrap();
    for m in messages {
        ing.push(c, m.clone()).unwrap();
    }
    ing.commit().unwrap()
}

/// All texts of a chat in chronological order.
pub fn texts(lib: &Library, chat: i64) -> Vec<String> {
    lib.messages(chat, 0, u64::MAX)
        .unwrap()
        .into_iter()
        .map(|m| m.message.text)
        .collect()
}

pub fn total_messages(lib: &Library) -> u64 {
    lib.chats().unwrap().iter().map(|c| c.messages).sum()
}
