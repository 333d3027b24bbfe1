//! Chats and the people in them.

use crate::App;
use serde::{Deserialize, Serialize};

/// What kind of conversation a chat is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    /// Two people (possibly one of them only ever the exporter).
    #[default]
    Direct,
    /// Several people.
    Group,
    /// One-to-many broadcast (Telegram channel, Discord/Slack channel).
    Channel,
}

impl ChatKind {
    /// Stable lowercase name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Direct => "direct",
            ChatKind::Group => "group",
            ChatKind::Channel => "channel",
        }
    }

    /// Parses [`ChatKind::as_str`] back.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct" => Some(ChatKind::Direct),
            "group" => Some(ChatKind::Group),
            "channel" => Some(ChatKind::Channel),
            _ => None,
        }
    }
}

/// One conversation as an export describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Chat {
    pub app: App,
    /// The chat's id in the source app, when the export has one. Two imports
    /// with the same `app` and `native_id` are the same chat; without an id
    /// the title decides.
    pub native_id: Option<String>,
    pub title: String,
    pub kind: ChatKind,
    /// Everyone the export names as a member. Senders that appear only in
    /// messages are added by the store as they come.
    pub participants: Vec<Participant>,
}

impl Chat {
    /// A chat with a title and no members yet.
    pub fn new(app: App, title: impl Into<String>, kind: ChatKind) -> Self {
        Chat {
            app,
            native_id: None,
            title: title.into(),
            kind,
            participants: Vec::new(),
        }
    }
}

/// A person in a chat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Participant {
    /// How messages of this import refer to the person ([`crate::Message::sender`]):
    /// the native id when the format has one, else the phone or the display name.
    pub key: String,
    /// Display name as the export shows it.
    pub name: String,
    pub phone: Option<String>,
    /// Username or handle (`@alice`, an e-mail address, ...).
    pub handle: Option<String>,
    /// The person's id in the source app.
    pub native_id: Option<String>,
    /// Whether this is the person who made the export.
    pub is_me: bool,
}

impl Participant {
    /// A participant known only by name; the name is also the key.
    pub fn named(name: impl Into<String>) -> Self {
        let name = name.into();
        Participant {
            key: name.clone(),
            name,
            phone: None,
            handle: None,
            native_id: None,
            is_me: false,
        }
    }
}
