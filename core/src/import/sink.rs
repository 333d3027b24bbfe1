//! Sinks that connect importers to the library (or to nothing, for dry runs).

use crate::progress::{Cancel, Phase, Progress, ProgressUpdate};
use ferry_importers::{ChatHandle, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Chat, ChatKind, Message, Participant};
use ferry_store::{ChatRef, Ingest};
use std::io::Read;

/// What a sink saw, whatever it did with it.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub chats: u64,
    pub messages: u64,
    pub new_messages: u64,
    pub attachments: u64,
    pub warnings: Vec<String>,
    pub skipped: Vec<(String, String)>,
}

impl Tally {
    fn message(&mut self, m: &Message) {
        self.messages += 1;
        self.attachments += m.attachments.len() as u64;
    }
}

/// Reports progress (throttled to every 1/512th of the total) and checks
/// the cancel flag.
pub(crate) struct Ticker<'a> {
    pub progress: &'a dyn Progress,
    pub cancel: &'a Cancel,
    pub label: String,
    last: u64,
}

impl<'a> Ticker<'a> {
    pub fn new(progress: &'a dyn Progress, cancel: &'a Cancel, label: String) -> Self {
        Ticker {
            progress,
            cancel,
            label,
            last: 0,
        }
    }

    fn tick(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        if self.cancel.is_cancelled() {
            return Err(SinkError::Cancelled);
        }
        let step = (total / 512).max(1);
        if done >= total || done < self.last || done - self.last >= step {
            self.last = done;
            self.progress.update(&ProgressUpdate {
                phase: Phase::Importing,
                label: self.label.clone(),
                done,
                total,
            });
        }
        Ok(())
    }
}

fn storage(e: ferry_store::StoreError) -> SinkError {
    SinkError::Storage(e.to_string())
}

/// Writes into one open ingest of the library.
pub(crate) struct StoreSink<'i, 'lib, 'p> {
    pub ingest: &'i mut Ingest<'lib>,
    pub chats: Vec<ChatRef>,
    pub tally: Tally,
    pub ticker: Ticker<'p>,
    pub me: Option<String>,
}

impl StoreSink<'_, '_, '_> {
    fn chat(&self, h: ChatHandle) -> Result<ChatRef, SinkError> {
        self.chats
            .get(h.0 as usize)
            .copied()
            .ok_or(SinkError::UnknownChat(h))
    }

    fn mark_me(&self, mut p: Participant) -> Participant {
        if let Some(me) = &self.me
            && (p.name == *me || p.phone.as_deref() == Some(me.as_str()) || p.key == *me)
        {
            p.is_me = true;
        }
        p
    }
}

impl Sink for StoreSink<'_, '_, '_> {
    fn begin_chat(&mut self, mut chat: Chat) -> Result<ChatHandle, SinkError> {
        chat.participants = chat
            .participants
            .into_iter()
            .map(|p| self.mark_me(p))
            .collect();
        let r = self.ingest.begin_chat(&chat).map_err(storage)?;
        self.chats.push(r);
        self.tally.chats += 1;
        Ok(ChatHandle((self.chats.len() - 1) as u32))
    }

    fn participant(&mut self, chat: ChatHandle, p: Participant) -> Result<(), SinkError> {
        let c = self.chat(chat)?;
        let p = self.mark_me(p);
        self.ingest.participant(c, &p).map_err(storage)
    }

    fn set_chat_kind(&mut self, chat: ChatHandle, kind: ChatKind) -> Result<(), SinkError> {
        let c = self.chat(chat)?;
        self.ingest.set_chat_kind(c, kind).map_err(storage)
    }

    fn message(&mut self, chat: ChatHandle, message: Message) -> Result<(), SinkError> {
        let c = self.chat(chat)?;
        self.tally.message(&message);
        // Whether it was new is known once its batch is written: the
        // commit's statistics give the count.
        self.ingest.push(c, message).map_err(storage)
    }

    fn media(&mut self, _name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        if self.ticker.cancel.is_cancelled() {
            return Err(SinkError::Cancelled);
        }
        let (content_hash, size) = self.ingest.media(content).map_err(storage)?;
        Ok(StoredMedia { content_hash, size })
    }

    fn warning(&mut self, w: Warning) {
        self.tally
            .warnings
            .push(format!("{}: {}", w.location, w.message));
    }

    fn skipped(&mut self, location: String, reason: String) {
        self.tally.skipped.push((location, reason));
    }

    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        self.ticker.tick(done, total)
    }
}

/// Parses without storing anything: `--dry-run`. Keeps no messages, so
/// memory stays flat whatever the input size.
pub(crate) struct CountingSink<'p> {
    pub tally: Tally,
    pub ticker: Ticker<'p>,
}

impl Sink for CountingSink<'_> {
    fn begin_chat(&mut self, _chat: Chat) -> Result<ChatHandle, SinkError> {
        self.tally.chats += 1;
        Ok(ChatHandle((self.tally.chats - 1) as u32))
    }

    fn participant(&mut self, _chat: ChatHandle, _p: Participant) -> Result<(), SinkError> {
        Ok(())
    }

    fn set_chat_kind(&mut self, _chat: ChatHandle, _kind: ChatKind) -> Result<(), SinkError> {
        Ok(())
    }

    fn message(&mut self, _chat: ChatHandle, message: Message) -> Result<(), SinkError> {
        self.tally.message(&message);
        Ok(())
    }

    fn media(&mut self, _name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(content, &mut std::io::sink())?;
        Ok(StoredMedia {
            content_hash: String::new(),
            size,
        })
    }

    fn warning(&mut self, w: Warning) {
        self.tally
            .warnings
            .push(format!("{}: {}", w.location, w.message));
    }

    fn skipped(&mut self, location: String, reason: String) {
        self.tally.skipped.push((location, reason));
    }

    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        self.ticker.tick(done, total)
    }
}
