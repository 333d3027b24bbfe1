//! Messages, their kinds and reactions.

use crate::{Attachment, Timestamp};
use serde::{Deserialize, Serialize};

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    #[default]
    Text,
    /// A photo, video, voice note, file... (see its attachments).
    Media,
    /// A notice by the app itself: joined, left, changed the title, security code...
    System,
    /// A voice or video call (placed, missed, ...).
    Call,
    Location,
    /// A shared contact card.
    Contact,
    Poll,
    Sticker,
    /// A message deleted by its sender; the text is whatever the export kept.
    Deleted,
}

impl MessageKind {
    /// Stable lowercase name, as stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::Media => "media",
            MessageKind::System => "system",
            MessageKind::Call => "call",
            MessageKind::Location => "location",
            MessageKind::Contact => "contact",
            MessageKind::Poll => "poll",
            MessageKind::Sticker => "sticker",
            MessageKind::Deleted => "deleted",
        }
    }

    /// Parses [`MessageKind::as_str`] back.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "text" => MessageKind::Text,
            "media" => MessageKind::Media,
            "system" => MessageKind::System,
            "call" => MessageKind::Call,
            "location" => MessageKind::Location,
            "contact" => MessageKind::Contact,
            "poll" => MessageKind::Poll,
            "sticker" => MessageKind::Sticker,
            "deleted" => MessageKind::Deleted,
            _ => return None,
        })
    }
}

/// A reaction (emoji) someone put on a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reaction {
    pub emoji: String,
    /// Participant key of who reacted, when the export says.
    pub by: Option<String>,
    pub at: Option<Timestamp>,
}

/// One entry in a chat's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    /// The message's id in the source app, when the export has one. Used for
    /// deduplication and to resolve replies.
    pub native_id: Option<String>,
    /// [`crate::Participant::key`] of the sender; `None` for system lines.
    pub sender: Option<String>,
    pub sent_at: Timestamp,
    /// The text, byte-exact as exported (minus invisible direction marks).
    pub text: String,
    pub kind: MessageKind,
    pub attachments: Vec<Attachment>,
    /// `native_id` of the message this one replies to.
    pub reply_to: Option<String>,
    pub edited: bool,
    pub edited_at: Option<Timestamp>,
    /// Who or what the message was forwarded from.
    pub forwarded_from: Option<String>,
    pub reactions: Vec<Reaction>,
}

impl Message {
    /// A plain text message; everything else empty.
    pub fn text(sender: Option<String>, sent_at: Timestamp, text: impl Into<String>) -> Self {
        Message {
            native_id: None,
            sender,
            sent_at,
            text: text.into(),
            kind: MessageKind::Text,
            attachments: Vec::new(),
            reply_to: None,
            edited: false,
            edited_at: None,
            forwarded_from: None,
            reactions: Vec::new(),
        }
    }

    /// Whether the sender deleted it.
    pub fn is_deleted(&self) -> bool {
        self.kind == MessageKind::Deleted
    }
}
