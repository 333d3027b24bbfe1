//! Ferry's data model: plain values, no I/O.
//!
//! Every importer turns an export into these types, the store persists them,
//! and every exporter reads them back. Nothing here touches a file, a clock or
//! a database.
//!
//! Map:
//! - [`App`]: the messenger a chat came from.
//! - [`Chat`], [`ChatKind`]: one conversation and the people in it.
//! - [`Participant`]: a person in a chat, identified inside the import by a
//!   [`Participant::key`].
//! - [`Message`], [`MessageKind`], [`Reaction`]: one entry of a chat's timeline.
//! - [`Attachment`], [`MediaKind`]: a file that belongs to a message.
//! - [`ChatInfo`], [`Member`], [`StoredMessage`]: the same values read back
//!   from a library, with row ids.
//! - [`Timestamp`]: an instant plus the UTC offset that applied when it was sent.

mod app;
mod attachment;
mod chat;
mod library;
mod message;
mod time;

pub use app::{App, UnknownApp};
pub use attachment::{Attachment, MediaKind};
pub use chat::{Chat, ChatKind, Participant};
pub use library::{ChatInfo, Member, StoredMessage};
pub use message::{Message, MessageKind, Reaction};
pub use time::Timestamp;
