//! Values as they come back out of a library: chats and messages with the
//! row ids the store gave them. Shared by the store (which produces them),
//! the exporters and the front-ends (which read them).

use crate::{App, ChatKind, Message, Participant, Timestamp};
use serde::{Deserialize, Serialize};

/// A chat in the library, with a summary of its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChatInfo {
    /// Row id, stable for the life of the library.
    pub id: i64,
    pub app: App,
    pub native_id: Option<String>,
    pub title: String,
    pub kind: ChatKind,
    pub participants: Vec<Member>,
    pub messages: u64,
    pub attachments: u64,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
}

/// A participant of a stored chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Member {
    /// Row id of the participant.
    pub id: i64,
    #[serde(flatten)]
    pub participant: Participant,
}

/// A message in the library.
///
/// `message.sender` is the sender's [`Participant::key`]; `sender_name` is
/// the display name to show. In `message.reactions`, `by` holds display
/// names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredMessage {
    /// Row id, stable for the life of the library.
    pub id: i64,
    pub chat_id: i64,
    pub sender_name: Option<String>,
    pub sender_is_me: bool,
    /// Row id of the message this one replies to, when it is in the library.
    pub reply_to_id: Option<i64>,
    pub message: Message,
}
