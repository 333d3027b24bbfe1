//! Chats and participants within an ingest.

use super::{ChatRef, ChatState, Ingest, Occurrences};
use crate::StoreError;
use ferry_model::{Chat, ChatKind, Participant};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

impl Ingest<'_> {
    /// Finds the chat this describes (same app + native id, or same app +
    /// title when there is no native id) or creates it; merges participants.
    pub fn begin_chat(&mut self, chat: &Chat) -> Result<ChatRef, StoreError> {
        let app = chat.app.id();
        let found: Option<i64> = match &chat.native_id {
            Some(native) => self
                .conn
                .prepare_cached("SELECT id FROM chats WHERE app = ?1 AND native_id = ?2")?
                .query_row(params![app, native], |r| r.get(0))
                .optional()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT id FROM chats WHERE app = ?1 AND title = ?2
                     ORDER BY native_id IS NOT NULL, id LIMIT 1",
                )?
                .query_row(params![app, chat.title], |r| r.get(0))
                .optional()?,
        };
        let id = match found {
            Some(id) => id,
            None => {
                self.conn
                    .prepare_cached(
                        "INSERT INTO chats (app, native_id, title, kind) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![app, chat.native_id, chat.title, chat.kind.as_str()])?;
                self.conn.last_insert_rowid()
            }
        };
        let chat_ref = match self.by_chat_id.get(&id) {
            Some(&idx) => ChatRef(idx),
            None => {
                let idx = u32::try_from(self.chats.len()).unwrap_or(u32::MAX);
                self.chats.push(ChatState {
                    id,
                    senders: HashMap::default(),
                    occurrences: Occurrences::default(),
                    added: 0,
                    attachments: 0,
                    first: None,
                    last: None,
                });
                self.by_chat_id.insert(id, idx);
                self.stats.chats += 1;
                ChatRef(idx)
            }
        };
        for p in &chat.participants {
            self.participant(chat_ref, p)?;
        }
        Ok(chat_ref)
    }

    pub(super) fn state(&mut self, chat: ChatRef) -> Result<&mut ChatState, StoreError> {
        self.chats
            .get_mut(chat.0 as usize)
            .ok_or_else(|| StoreError::UnknownChat(chat.0))
    }

    /// Adds a member or updates one with the same key (newer name wins,
    /// missing details are kept, `is_me` sticks).
    pub fn participant(&mut self, chat: ChatRef, p: &Participant) -> Result<(), StoreError> {
        let chat_id = self.state(chat)?.id;
        let id: i64 = self.stmts.upsert_participant.query_row(
            params![
                chat_id,
                p.key,
                p.name,
                p.phone,
                p.handle,
                p.native_id,
                p.is_me
            ],
            |r| r.get(0),
        )?;
        self.state(chat)?.senders.insert(p.key.clone(), id);
        Ok(())
    }

    pub fn set_chat_kind(&mut self, chat: ChatRef, kind: ChatKind) -> Result<(), StoreError> {
        let chat_id = self.state(chat)?.id;
        self.conn
            .prepare_cached("UPDATE chats SET kind = ?1 WHERE id = ?2")?
            .execute(params![kind.as_str(), chat_id])?;
        Ok(())
    }

    pub(super) fn sender_id(&mut self, chat: ChatRef, key: &str) -> Result<i64, StoreError> {
        let state = self
            .chats
            .get(chat.0 as usize)
            .ok_or_else(|| StoreError::UnknownChat(chat.0))?;
        if let Some(&id) = state.senders.get(key) {
            return Ok(id);
        }
        let chat_id = state.id;
        let found: Option<i64> = self
            .stmts
            .find_participant
            .query_row(params![chat_id, key], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => self.stmts.upsert_participant.query_row(
                params![
                    chat_id,
                    key,
                    key,
                    None::<&str>,
                    None::<&str>,
                    None::<&str>,
                    false
                ],
                |r| r.get(0),
            )?,
        };
        self.state(chat)?.senders.insert(key.to_owned(), id);
        Ok(id)
    }
}
