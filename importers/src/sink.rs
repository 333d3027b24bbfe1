//! The sink importers write into.
//!
//! An importer calls [`Sink::begin_chat`] for each chat it finds, then
//! [`Sink::message`] for every message of that chat, in any order (several
//! chats may be open at once, e.g. SMS threads interleave in one file).
//! Files found in the export go through [`Sink::media`], which stores them
//! and returns their content hash for [`ferry_model::Attachment::content_hash`].
//!
//! Every call may fail: storage errors and cancellation come back as
//! [`SinkError`], and the importer stops and returns it.

use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;

/// Identifies a chat opened with [`Sink::begin_chat`] within one import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatHandle(pub u32);

/// A file the sink stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMedia {
    /// Lowercase hex SHA-256 of the content.
    pub content_hash: String,
    pub size: u64,
}

/// Something the user should know about an import that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// File and position, e.g. `_chat.txt:12`, or the export as a whole.
    pub location: String,
    pub message: String,
}

/// Why a sink refused a value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    /// The user cancelled the import.
    #[error("cancelled")]
    Cancelled,
    /// The sink could not store the value.
    #[error("storage failed: {0}")]
    Storage(String),
    /// Reading media content for the sink failed.
    #[error("reading media failed: {0}")]
    Io(#[from] std::io::Error),
    /// The importer used a handle it was never given.
    #[error("unknown chat handle {0:?}")]
    UnknownChat(ChatHandle),
}

/// Receives what an importer finds.
pub trait Sink {
    /// Opens a chat; messages are then sent with the returned handle.
    fn begin_chat(&mut self, chat: Chat) -> Result<ChatHandle, SinkError>;

    /// Adds or updates a member of an open chat (matched by
    /// [`Participant::key`]).
    fn participant(&mut self, chat: ChatHandle, participant: Participant) -> Result<(), SinkError>;

    /// Changes what an open chat is once the importer knows better (WhatsApp
    /// decides direct vs group only at the end of the file).
    fn set_chat_kind(&mut self, chat: ChatHandle, kind: ChatKind) -> Result<(), SinkError>;

    /// One message of an open chat.
    fn message(&mut self, chat: ChatHandle, message: Message) -> Result<(), SinkError>;

    /// Stores a file's content; `name` is its name in the export.
    fn media(&mut self, name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError>;

    /// Something worth telling the user (ambiguous dates, a missing file...).
    fn warning(&mut self, warning: Warning);

    /// A part of the input that was not imported, and why.
    fn skipped(&mut self, location: String, reason: String);

    /// How far the importer is, in units of its choice (usually bytes).
    /// A sink returns [`SinkError::Cancelled`] here to stop the import.
    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError>;
}

/// A sink that keeps everything in memory: for tests, fuzzing and dry runs.
#[derive(Debug, Default)]
pub struct MemorySink {
    pub chats: Vec<Chat>,
    /// Messages per chat, index = [`ChatHandle`].
    pub messages: Vec<Vec<Message>>,
    /// `(name, hash, size)` of every file given to [`Sink::media`].
    pub media: Vec<(String, StoredMedia)>,
    pub warnings: Vec<Warning>,
    pub skipped: Vec<(String, String)>,
    /// When set, media content is hashed; otherwise only counted.
    pub hash_media: bool,
}

impl MemorySink {
    pub fn new() -> Self {
        MemorySink::default()
    }

    /// Total messages across chats.
    pub fn message_count(&self) -> usize {
        self.messages.iter().map(Vec::len).sum()
    }

    fn chat_mut(&mut self, h: ChatHandle) -> Result<&mut Chat, SinkError> {
        self.chats
            .get_mut(h.0 as usize)
            .ok_or(SinkError::UnknownChat(h))
    }
}

impl Sink for MemorySink {
    fn begin_chat(&mut self, chat: Chat) -> Result<ChatHandle, SinkError> {
        self.chats.push(chat);
        self.messages.push(Vec::new());
        Ok(ChatHandle((self.chats.len() - 1) as u32))
    }

    fn participant(&mut self, chat: ChatHandle, p: Participant) -> Result<(), SinkError> {
        let c = self.chat_mut(chat)?;
        match c.participants.iter_mut().find(|q| q.key == p.key) {
            Some(q) => *q = p,
            None => c.participants.push(p),
        }
        Ok(())
    }

    fn set_chat_kind(&mut self, chat: ChatHandle, kind: ChatKind) -> Result<(), SinkError> {
        self.chat_mut(chat)?.kind = kind;
        Ok(())
    }

    fn message(&mut self, chat: ChatHandle, message: Message) -> Result<(), SinkError> {
        self.messages
            .get_mut(chat.0 as usize)
            .ok_or(SinkError::UnknownChat(chat))?
            .push(message);
        Ok(())
    }

    fn media(&mut self, name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let mut buf = [0u8; 64 * 1024];
        let mut size = 0u64;
        // A cheap stand-in hash (FNV-1a) keeps this crate free of crypto
        // dependencies; the store computes the real SHA-256.
        let mut h: u64 = 0xcbf29ce484222325;
        loop {
            let n = content.read(&mut buf)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if self.hash_media {
                for b in &buf[..n] {
                    h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
                }
            }
        }
        let stored = StoredMedia {
            content_hash: format!("{h:016x}"),
            size,
        };
        self.media.push((name.to_owned(), stored.clone()));
        Ok(stored)
    }

    fn warning(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    fn skipped(&mut self, location: String, reason: String) {
        self.skipped.push((location, reason));
    }

    fn progress(&mut self, _done: u64, _total: u64) -> Result<(), SinkError> {
        Ok(())
    }
}
