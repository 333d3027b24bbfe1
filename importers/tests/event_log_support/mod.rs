//! A sink that writes down every call it receives, in order, so two runs of
//! an importer (a parallel path and the sequential one, or two inputs that
//! must read the same) can be compared event by event.

#![allow(dead_code)]

use ferry_importers::{ChatHandle, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;

/// Every sink call as one line, in call order.
#[derive(Debug, Default)]
pub struct EventLog {
    pub events: Vec<String>,
    chats: u32,
    /// Return `Cancelled` from the `n`-th progress call (1-based).
    pub cancel_at_progress: Option<usize>,
    progress_calls: usize,
    /// Sleep this long before recording the first message (a slow sink, so
    /// an importer's earlier pipeline stages find their consumer behind).
    pub stall_first_message: Option<std::time::Duration>,
}

impl EventLog {
    pub fn new() -> Self {
        EventLog::default()
    }

    /// Number of `message` events.
    pub fn messages(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.starts_with("message "))
            .count()
    }
}

impl Sink for EventLog {
    fn begin_chat(&mut self, chat: Chat) -> Result<ChatHandle, SinkError> {
        self.events.push(format!("begin_chat {chat:?}"));
        self.chats += 1;
        Ok(ChatHandle(self.chats - 1))
    }

    fn participant(&mut self, chat: ChatHandle, p: Participant) -> Result<(), SinkError> {
        self.events.push(format!("participant {} {p:?}", chat.0));
        Ok(())
    }

    fn set_chat_kind(&mut self, chat: ChatHandle, kind: ChatKind) -> Result<(), SinkError> {
        self.events
            .push(format!("set_chat_kind {} {kind:?}", chat.0));
        Ok(())
    }

    fn message(&mut self, chat: ChatHandle, m: Message) -> Result<(), SinkError> {
        if let Some(d) = self.stall_first_message.take() {
            std::thread::sleep(d);
        }
        self.events.push(format!("message {} {m:?}", chat.0));
        Ok(())
    }

    fn media(&mut self, name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let mut bytes = Vec::new();
        content.read_to_end(&mut bytes)?;
        // FNV-1a: enough to tell contents apart in a comparison.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        let hash = format!("{h:016x}");
        self.events
            .push(format!("media {name:?} {} {hash}", bytes.len()));
        Ok(StoredMedia {
            content_hash: hash,
            size: bytes.len() as u64,
        })
    }

    fn warning(&mut self, w: Warning) {
        self.events.push(format!("warning {w:?}"));
    }

    fn skipped(&mut self, location: String, reason: String) {
        self.events.push(format!("skipped {location:?} {reason:?}"));
    }

    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        self.events.push(format!("progress {done} {total}"));
        self.progress_calls += 1;
        if self.cancel_at_progress == Some(self.progress_calls) {
            return Err(SinkError::Cancelled);
        }
        Ok(())
    }
}
