//! Importing one DYI thread folder (Facebook Messenger or Instagram).
//!
//! 1. Metadata pass over the newest file (`message_1.json`): `title`,
//!    `thread_type` and `participants` come after or around the messages, so
//!    they are read first with the messages skipped unbuilt.
//! 2. The chat is opened: `native_id` = the thread folder name (the last
//!    part of `thread_path`; without the `inbox/` / `archived_threads/`
//!    category, so a thread that moved between categories stays one chat),
//!    kind = Group for `thread_type` `RegularGroup` or more than two
//!    participants, else Direct.
//! 3. Files are read oldest first (`message_N.json` … `message_1.json`); each
//!    file's newest-first messages pass through a [`Timeline`] so the sink
//!    sees them in chronological order.

use super::convert::{Converted, Converter};
use super::detect::Thread;
use super::dyi::{RawMessage, ThreadFile, ThreadMeta, Want};
use super::me::Me;
use super::media::MediaResolver;
use super::mojibake::fix_owned;
use super::read::{Prefix, Stopped, json_error, parse_entry};
use super::timeline::{DEFAULT_CAP, Timeline};
use crate::{ChatHandle, ImportError, ImportOptions, Input, Sink};
use ferry_model::{Chat, ChatKind, Message, Participant};
use serde::de::DeserializeSeed;
use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

/// Progress is reported every this many messages.
const PROGRESS_EVERY: u64 = 2048;

/// Reads one thread file, calling `on_message` for each message.
fn read_file(
    input: &Input,
    entry: &str,
    want: Want,
    counter: &Rc<Cell<u64>>,
    on_message: &mut dyn FnMut(RawMessage) -> Result<(), Stopped>,
) -> Result<Result<ThreadMeta, serde_json::Error>, ImportError> {
    parse_entry(input, entry, Prefix::None, counter, |de| {
        ThreadFile { want, on_message }.deserialize(de)
    })
    .map_err(|e| ImportError::new(input.describe(entry), e))
}

/// Registers people as they are first seen.
#[derive(Debug)]
pub(crate) struct People<'m> {
    pub chat: ChatHandle,
    pub me: &'m Me,
    known: HashSet<String>,
}

impl<'m> People<'m> {
    pub fn new(chat: ChatHandle, me: &'m Me) -> Self {
        People {
            chat,
            me,
            known: HashSet::new(),
        }
    }

    pub fn see(&mut self, name: &str, sink: &mut dyn Sink) -> Result<(), crate::SinkError> {
        if name.is_empty() || self.known.contains(name) {
            return Ok(());
        }
        self.known.insert(name.to_owned());
        let mut p = Participant::named(name);
        p.is_me = self.me.is(name);
        sink.participant(self.chat, p)
    }
}

/// The chat a thread's metadata describes.
pub(crate) fn chat_for(thread: &Thread, meta: &ThreadMeta, participants: &[String]) -> Chat {
    let folder = meta
        .thread_path
        .as_deref()
        .and_then(|p| p.rsplit('/').next())
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| thread.folder());
    let title = meta
        .title
        .clone()
        .map(fix_owned)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| folder.to_owned());
    let kind = match meta.thread_type.as_deref() {
        Some("RegularGroup") => ChatKind::Group,
        Some("Regular") => ChatKind::Direct,
        _ if participants.len() > 2 => ChatKind::Group,
        _ => ChatKind::Direct,
    };
    let mut chat = Chat::new(thread.app, title, kind);
    chat.native_id = Some(folder.to_owned());
    chat
}

/// Imports every file of `thread` into `sink`.
pub fn import_thread(
    input: &Input,
    thread: &Thread,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let Some((_, newest)) = thread.files.first() else {
        return Ok(());
    };
    let counter = Rc::new(Cell::new(0u64));
    let meta = read_file(input, newest, Want::MetaOnly, &counter, &mut |_| Ok(()))?
        .map_err(|e| json_error(input, newest, &e))?;
    if !meta.has_messages {
        return Err(ImportError::malformed(
            input.describe(newest),
            crate::Position::default(),
            "no \"messages\" array: not a Messenger/Instagram thread file",
        ));
    }
    let participants: Vec<String> = meta.participants.iter().cloned().map(fix_owned).collect();
    let me = Me::resolve(input, options);
    let chat = sink
        .begin_chat(chat_for(thread, &meta, &participants))
        .map_err(|e| ImportError::new(input.describe(newest), e))?;
    let mut people = People::new(chat, &me);
    for name in &participants {
        people
            .see(name, sink)
            .map_err(|e| ImportError::new(input.describe(newest), e))?;
    }

    let total: u64 = thread
        .files
        .iter()
        .filter_map(|(_, e)| input.entry(e).map(|e| e.size))
        .sum();
    counter.set(0);
    let mut conv = Converter {
        input,
        tz: options.tz,
        media: MediaResolver::new(newest),
    };
    let mut seen = 0u64;
    for (_, entry) in thread.files.iter().rev() {
        let location = input.describe(entry);
        let mut timeline: Timeline<Message> = Timeline::new(DEFAULT_CAP);
        let mut stop: Option<ImportError> = None;
        let emit = |m: Message, sink: &mut dyn Sink| sink.message(chat, m);
        let mut on_message = |raw: RawMessage| -> Result<(), Stopped> {
            let r = (|| -> Result<(), ImportError> {
                seen += 1;
                if seen.is_multiple_of(PROGRESS_EVERY) {
                    sink.progress(counter.get(), total)
                        .map_err(|e| ImportError::new(location.clone(), e))?;
                }
                match conv.convert(raw, &location, sink)? {
                    Converted::Message(m) => {
                        if let Some(s) = &m.sender {
                            people
                                .see(s, sink)
                                .map_err(|e| ImportError::new(location.clone(), e))?;
                        }
                        let key = m.sent_at.unix_millis();
                        timeline
                            .push(key, *m, &mut |m| emit(m, sink))
                            .map_err(|e| ImportError::new(location.clone(), e))
                    }
                    Converted::Skipped(why) => {
                        sink.skipped(location.clone(), why);
                        Ok(())
                    }
                }
            })();
            r.map_err(|e| {
                stop = Some(e);
                Stopped
            })
        };
        let parsed = read_file(input, entry, Want::Messages, &counter, &mut on_message)?;
        if let Some(e) = stop {
            return Err(e);
        }
        parsed.map_err(|e| json_error(input, entry, &e))?;
        timeline
            .flush(&mut |m| emit(m, sink))
            .map_err(|e| ImportError::new(location.clone(), e))?;
    }
    conv.media.finish(&input.describe(&thread.dir), sink);
    sink.progress(total, total)
        .map_err(|e| ImportError::new(input.describe(&thread.dir), e))?;
    Ok(())
}
