//! An open library, as front-ends see it.

use crate::CoreError;
use ferry_model::{ChatInfo, StoredMessage};
use ferry_store::{Insights, Library, SearchHit, SearchQuery, Stats};
use std::path::{Path, PathBuf};

/// An open Ferry library: the handle every front-end works with.
#[derive(Debug)]
pub struct Ferry {
    pub(crate) library: Library,
}

impl Ferry {
    /// Opens (creating if needed) the library in `dir`.
    pub fn open(dir: &Path) -> Result<Ferry, CoreError> {
        Ok(Ferry {
            library: Library::open(dir)?,
        })
    }

    /// The library folder.
    pub fn dir(&self) -> &Path {
        self.library.dir()
    }

    /// Every chat, most recently active first.
    pub fn chats(&self) -> Result<Vec<ChatInfo>, CoreError> {
        Ok(self.library.chats()?)
    }

    /// A chat by id or by (part of) its title.
    pub fn resolve_chat(&self, spec: &str) -> Result<ChatInfo, CoreError> {
        Ok(self.library.resolve_chat(spec)?)
    }

    /// A page of a chat's messages, oldest first.
    pub fn messages(
        &self,
        chat: i64,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<StoredMessage>, CoreError> {
        Ok(self.library.messages(chat, offset, limit)?)
    }

    /// Chronological position of a message in its chat.
    pub fn message_position(&self, message_id: i64) -> Result<Option<(i64, u64)>, CoreError> {
        Ok(self.library.message_position(message_id)?)
    }

    /// Position of the first message at or after a time.
    pub fn position_at(&self, chat: i64, unix_ms: i64) -> Result<u64, CoreError> {
        Ok(self.library.position_at(chat, unix_ms)?)
    }

    /// Full-text search.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, CoreError> {
        Ok(self.library.search(query)?)
    }

    /// Counts for one chat or the whole library.
    pub fn stats(&self, chat: Option<i64>) -> Result<Stats, CoreError> {
        Ok(self.library.stats(chat)?)
    }

    /// Chart data (per month, per sender, weekday x hour) for one chat or
    /// the whole library, computed in the database.
    pub fn insights(&self, chat: Option<i64>) -> Result<Insights, CoreError> {
        Ok(self.library.insights(chat)?)
    }

    /// Where a stored attachment's file is.
    pub fn media_path(&self, content_hash: &str) -> Option<PathBuf> {
        self.library.media_path(content_hash)
    }

    /// The store, for the operations of other core modules.
    pub fn store(&self) -> &Library {
        &self.library
    }
}
