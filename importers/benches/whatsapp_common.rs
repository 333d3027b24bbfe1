//! Shared by the WhatsApp benches: a sink that only counts.

use ferry_importers::{ChatHandle, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Chat, ChatKind, Message, MessageKind, Participant};
use std::io::Read;

/// Counts what the importer sends and drops it.
#[derive(Debug, Default)]
pub struct CountingSink {
    pub messages: u64,
    pub system: u64,
    pub attachments: u64,
    pub deleted: u64,
    pub edited: u64,
    pub locations: u64,
    pub multiline: u64,
    pub participants: u64,
    pub warnings: u64,
    pub kind: Option<ChatKind>,
}

impl Sink for CountingSink {
    fn begin_chat(&mut self, _chat: Chat) -> Result<ChatHandle, SinkError> {
        Ok(ChatHandle(0))
    }
    fn participant(&mut self, _c: ChatHandle, _p: Participant) -> Result<(), SinkError> {
        self.participants += 1;
        Ok(())
    }
    fn set_chat_kind(&mut self, _c: ChatHandle, kind: ChatKind) -> Result<(), SinkError> {
        self.kind = Some(kind);
        Ok(())
    }
    fn message(&mut self, _c: ChatHandle, m: Message) -> Result<(), SinkError> {
        self.messages += 1;
        self.system += u64::from(m.kind == MessageKind::System);
        self.attachments += m.attachments.len() as u64;
        self.deleted += u64::from(m.kind == MessageKind::Deleted);
        self.edited += u64::from(m.edited);
        self.locations += u64::from(m.kind == MessageKind::Location);
        self.multiline += u64::from(m.kind != MessageKind::System && m.text.contains('\n'));
        Ok(())
    }
    fn media(&mut self, _n: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(r, &mut std::io::sink())?;
        Ok(StoredMedia {
            content_hash: String::new(),
            size,
        })
    }
    fn warning(&mut self, _w: Warning) {
        self.warnings += 1;
    }
    fn skipped(&mut self, _l: String, _r: String) {}
    fn progress(&mut self, _d: u64, _t: u64) -> Result<(), SinkError> {
        Ok(())
    }
}
