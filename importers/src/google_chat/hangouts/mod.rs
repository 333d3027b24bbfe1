//! Legacy Hangouts: `Hangouts.json`, every conversation of the account in
//! one file that can be hundreds of megabytes. It is never held whole; two
//! streamed passes:
//!
//! 1. every conversation's metadata (id, name, type, participants, who
//!    "self" is); events are skipped unparsed. Memory grows with the number
//!    of conversations and participants only;
//! 2. each event, one at a time, into a message of its conversation
//!    (the chat is opened when its first event or its end is reached).
//!
//! - [`stream`]: the serde visitor over both roots.
//! - [`event`]: [`event::Meta`] and one event into one message.

pub mod event;
pub mod stream;

use crate::{ChatHandle, ImportError, ImportOptions, Input, Sink, SinkError, Warning};
use event::Meta;
use ferry_model::{App, Chat, ChatKind, Participant};
use serde_json::Value;
use std::collections::HashSet;
use stream::Pass;

/// Imports every conversation of the `Hangouts.json` entry `entry`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let mut metas = Collect(Vec::new());
    stream::run(input, entry, &file, &mut metas)?;

    let dir = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut emit = Emit {
        metas: metas.0,
        chats: Vec::new(),
        announced: HashSet::new(),
        input,
        dir,
        file: &file,
        options,
        sink,
        missing: 0,
        count: 0,
    };
    stream::run(input, entry, &file, &mut emit)?;
    let (missing, sink) = (emit.missing, emit.sink);
    if missing > 0 {
        sink.warning(Warning {
            location: file.clone(),
            message: format!(
                "{missing} attachment(s) are only linked (Google Photos URLs), not in the export; kept by name"
            ),
        });
    }
    sink.progress(total, total)
        .map_err(|e| ImportError::new(&file, e))?;
    Ok(())
}

/// Pass 1: the metadata of every conversation, by position in the file.
struct Collect(Vec<Meta>);

impl Collect {
    fn at(&mut self, index: usize) -> Option<&mut Meta> {
        if self.0.len() <= index {
            self.0.resize_with(index + 1, Meta::default);
        }
        self.0.get_mut(index)
    }
}

impl Pass for Collect {
    fn wants_events(&self) -> bool {
        false
    }
    fn conversation(&mut self, index: usize, conversation: Value) {
        if let Some(m) = self.at(index) {
            m.read(&conversation);
        }
    }
    fn conversation_id(&mut self, index: usize, id: Value) {
        if let Some(m) = self.at(index) {
            m.set_id(&id);
        }
    }
    fn event(&mut self, _index: usize, _event: Value) -> Result<(), SinkError> {
        Ok(())
    }
    fn end(&mut self, index: usize) -> Result<(), SinkError> {
        self.at(index);
        Ok(())
    }
}

/// Pass 2: events into messages.
struct Emit<'a> {
    metas: Vec<Meta>,
    /// Chat handle per conversation index, once opened.
    chats: Vec<Option<ChatHandle>>,
    /// `(conversation index, gaia id)` already given to the sink.
    announced: HashSet<(usize, String)>,
    input: &'a Input,
    dir: &'a str,
    file: &'a str,
    options: &'a ImportOptions,
    sink: &'a mut dyn Sink,
    missing: u64,
    count: u64,
}

impl Emit<'_> {
    /// The chat of conversation `index`, opened on first use.
    fn chat(&mut self, index: usize) -> Result<ChatHandle, SinkError> {
        if let Some(Some(h)) = self.chats.get(index) {
            return Ok(*h);
        }
        let meta = self.metas.get(index).cloned().unwrap_or_default();
        let kind = if meta.group || meta.people.len() > 2 {
            ChatKind::Group
        } else {
            ChatKind::Direct
        };
        let mut chat = Chat::new(App::GoogleChat, meta.title(), kind);
        chat.native_id = meta.id.clone();
        let h = self.sink.begin_chat(chat)?;
        for (gaia, name) in &meta.people {
            self.announce(h, index, &meta, gaia, name)?;
        }
        if self.chats.len() <= index {
            self.chats.resize(index + 1, None);
        }
        if let Some(slot) = self.chats.get_mut(index) {
            *slot = Some(h);
        }
        Ok(h)
    }

    fn announce(
        &mut self,
        chat: ChatHandle,
        index: usize,
        meta: &Meta,
        gaia: &str,
        name: &str,
    ) -> Result<(), SinkError> {
        if !self.announced.insert((index, gaia.to_owned())) {
            return Ok(());
        }
        let is_me = meta.me.as_deref() == Some(gaia)
            || self
                .options
                .me
                .as_deref()
                .is_some_and(|me| me == name || me == gaia);
        self.sink.participant(
            chat,
            Participant {
                key: gaia.to_owned(),
                name: name.to_owned(),
                phone: None,
                handle: None,
                native_id: Some(gaia.to_owned()),
                is_me,
            },
        )
    }

    /// Stores photos that sit next to `Hangouts.json`; counts the others.
    fn media(&mut self, msg: &mut ferry_model::Message) -> Result<(), SinkError> {
        for att in &mut msg.attachments {
            let found = self
                .input
                .entries()
                .iter()
                .find(|e| e.dir() == self.dir && e.file_name() == att.file_name)
                .map(|e| e.name.clone());
            let stored = match found {
                Some(entry) => self
                    .input
                    .with_entry(&entry, |r| self.sink.media(&att.file_name, r))
                    .ok(),
                None => None,
            };
            match stored {
                Some(s) => {
                    let s = s?;
                    att.content_hash = Some(s.content_hash);
                    att.size = Some(s.size);
                }
                None => self.missing += 1,
            }
        }
        Ok(())
    }
}

impl Emit<'_> {
    fn emit(
        &mut self,
        chat: ChatHandle,
        index: usize,
        meta: &Meta,
        event: &Value,
    ) -> Result<(), SinkError> {
        match event::convert(event, meta, self.options.tz) {
            Ok(mut msg) => {
                if let Some(sender) = event.get("sender_id").and_then(event::gaia) {
                    self.announce(chat, index, meta, sender, meta.name_of(sender))?;
                }
                self.media(&mut msg)?;
                self.sink.message(chat, msg)
            }
            Err(reason) => {
                self.sink.skipped(
                    format!(
                        "{} conversation {} event {}",
                        self.file,
                        index + 1,
                        self.count
                    ),
                    reason,
                );
                Ok(())
            }
        }
    }
}

impl Pass for Emit<'_> {
    fn wants_events(&self) -> bool {
        true
    }
    fn conversation(&mut self, _index: usize, _conversation: Value) {}
    fn conversation_id(&mut self, _index: usize, _id: Value) {}

    fn event(&mut self, index: usize, event: Value) -> Result<(), SinkError> {
        self.count += 1;
        let chat = self.chat(index)?;
        // Taken out for the duration of the event (put back below), so the
        // metadata is neither cloned per event nor borrowed across `self`.
        let meta = self
            .metas
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default();
        let result = self.emit(chat, index, &meta, &event);
        if let Some(slot) = self.metas.get_mut(index) {
            *slot = meta;
        }
        result
    }

    fn end(&mut self, index: usize) -> Result<(), SinkError> {
        self.chat(index).map(|_| ())
    }

    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        self.sink.progress(done, total)
    }
}
