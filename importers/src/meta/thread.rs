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
//!
//! Two stages (see [`crate::ordered_pipeline`]): the reader ([`read_thread`],
//! on a second thread for threads of [`THREADED_FROM`] bytes or more) parses
//! the files and undoes the mojibake; the calling thread ([`Apply`]) owns
//! the sink and converts, orders and emits, in the order a single loop would.

use super::convert::{Converted, Converter, Fixed};
use super::detect::Thread;
use super::dyi::{RawMessage, ThreadFile, ThreadMeta, Want};
use super::me::Me;
use super::media::MediaResolver;
use super::mojibake::fix_owned;
use super::read::{Prefix, Stopped, json_error, parse_entry};
use super::timeline::{DEFAULT_CAP, Timeline};
use crate::ordered_pipeline::{self, Emit, Mode};
use crate::{ChatHandle, ImportError, ImportOptions, Input, Sink, SinkError};
use ferry_model::{Chat, ChatKind, Message, Participant};
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
    parse_entry(
        input,
        entry,
        Prefix::None,
        counter,
        ThreadFile { want, on_message },
    )
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

/// Threads whose files add up to this many bytes are read on a second
/// thread.
pub const THREADED_FROM: u64 = 1 << 20;

/// Messages per batch handed from the reader to the sink's thread.
const BATCH: usize = 1024;

/// What the reader stage found, in file order.
// Nearly every record is a `Message`: boxing it would cost an allocation
// per message for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Rec {
    /// The metadata of the newest file (always first).
    Meta(ThreadMeta),
    /// The files from now on are `thread.files[i]`.
    File(usize),
    /// A message, with the bytes read so far (for progress).
    Message(Fixed, u64),
    /// The current file was read to its end.
    FileEnd,
}

/// The reader stage: metadata pass, then every file oldest first, each
/// message mojibake-fixed; errors name the file and position.
fn read_thread(
    input: &Input,
    thread: &Thread,
    batch_size: usize,
    emit: &mut Emit<'_, Vec<Rec>>,
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
    let stopped = |entry: &str| ImportError::new(input.describe(entry), SinkError::Cancelled);
    emit(vec![Rec::Meta(meta)]).map_err(|_| stopped(newest))?;
    counter.set(0);
    let mut batch = Vec::with_capacity(batch_size);
    for (i, (_, entry)) in thread.files.iter().enumerate().rev() {
        batch.push(Rec::File(i));
        let mut consumer_gone = false;
        let mut on_message = |raw: RawMessage| -> Result<(), Stopped> {
            batch.push(Rec::Message(Fixed::new(raw), counter.get()));
            if batch.len() >= batch_size {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                if emit(full).is_err() {
                    consumer_gone = true;
                    return Err(Stopped);
                }
            }
            Ok(())
        };
        let parsed = read_file(input, entry, Want::Messages, &counter, &mut on_message);
        if consumer_gone {
            return Err(stopped(entry));
        }
        let done = parsed.and_then(|p| p.map_err(|e| json_error(input, entry, &e)));
        if let Err(e) = done {
            // The messages read before the error are handled first.
            let _ = emit(std::mem::take(&mut batch));
            return Err(e);
        }
        batch.push(Rec::FileEnd);
    }
    emit(batch).map_err(|_| stopped(newest))
}

/// The sink's side: everything that needs the chat, the people seen so far
/// and the sink.
struct Apply<'a, 'i> {
    input: &'i Input,
    thread: &'a Thread,
    sink: &'a mut dyn Sink,
    total: u64,
    chat: Option<(ChatHandle, People<'a>)>,
    me: &'a Me,
    conv: Converter<'i>,
    seen: u64,
    location: String,
    timeline: Timeline<Message>,
}

impl Apply<'_, '_> {
    fn apply(&mut self, batch: Vec<Rec>) -> Result<(), ImportError> {
        for rec in batch {
            match rec {
                Rec::Meta(meta) => self.begin(&meta)?,
                Rec::File(i) => {
                    let entry = self.thread.files.get(i).map(|(_, e)| e.as_str());
                    self.location = self.input.describe(entry.unwrap_or_default());
                    self.timeline = Timeline::new(DEFAULT_CAP);
                }
                Rec::Message(raw, done) => self.message(raw, done)?,
                Rec::FileEnd => {
                    let Some((chat, _)) = &self.chat else {
                        continue;
                    };
                    let chat = *chat;
                    let sink = &mut *self.sink;
                    self.timeline
                        .flush(&mut |m| sink.message(chat, m))
                        .map_err(|e| ImportError::new(self.location.clone(), e))?;
                }
            }
        }
        Ok(())
    }

    /// Opens the chat from the newest file's metadata.
    fn begin(&mut self, meta: &ThreadMeta) -> Result<(), ImportError> {
        let newest = self
            .thread
            .files
            .first()
            .map(|(_, e)| e.as_str())
            .unwrap_or_default();
        let participants: Vec<String> = meta.participants.iter().cloned().map(fix_owned).collect();
        let chat = self
            .sink
            .begin_chat(chat_for(self.thread, meta, &participants))
            .map_err(|e| ImportError::new(self.input.describe(newest), e))?;
        let mut people = People::new(chat, self.me);
        for name in &participants {
            people
                .see(name, self.sink)
                .map_err(|e| ImportError::new(self.input.describe(newest), e))?;
        }
        self.chat = Some((chat, people));
        Ok(())
    }

    fn message(&mut self, raw: Fixed, done: u64) -> Result<(), ImportError> {
        let Some((chat, people)) = &mut self.chat else {
            return Ok(());
        };
        let chat = *chat;
        let location = &self.location;
        let sink = &mut *self.sink;
        self.seen += 1;
        if self.seen.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(done, self.total)
                .map_err(|e| ImportError::new(location.clone(), e))?;
        }
        match self.conv.convert(raw, location, sink)? {
            Converted::Message(m) => {
                if let Some(s) = &m.sender {
                    people
                        .see(s, sink)
                        .map_err(|e| ImportError::new(location.clone(), e))?;
                }
                let key = m.sent_at.unix_millis();
                self.timeline
                    .push(key, *m, &mut |m| sink.message(chat, m))
                    .map_err(|e| ImportError::new(location.clone(), e))
            }
            Converted::Skipped(why) => {
                sink.skipped(location.clone(), why);
                Ok(())
            }
        }
    }
}

/// Imports every file of `thread` into `sink`.
pub fn import_thread(
    input: &Input,
    thread: &Thread,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let total: u64 = thread
        .files
        .iter()
        .filter_map(|(_, e)| input.entry(e).map(|e| e.size))
        .sum();
    let mode = if total >= THREADED_FROM {
        Mode::Threaded
    } else {
        Mode::Inline
    };
    import_thread_with(input, thread, options, sink, mode, BATCH)
}

/// [`import_thread`] with the reader run as `mode` says, in batches of
/// `batch_size` messages (tests compare modes and batch sizes).
pub fn import_thread_with(
    input: &Input,
    thread: &Thread,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    mode: Mode,
    batch_size: usize,
) -> Result<(), ImportError> {
    let Some((_, newest)) = thread.files.first() else {
        return Ok(());
    };
    let total: u64 = thread
        .files
        .iter()
        .filter_map(|(_, e)| input.entry(e).map(|e| e.size))
        .sum();
    let me = Me::resolve(input, options, newest);
    let mut st = Apply {
        input,
        thread,
        sink,
        total,
        chat: None,
        me: &me,
        conv: Converter {
            input,
            tz: options.tz,
            media: MediaResolver::new(newest),
        },
        seen: 0,
        location: String::new(),
        timeline: Timeline::new(DEFAULT_CAP),
    };
    let batch_size = batch_size.max(1);
    ordered_pipeline::run(
        mode,
        |emit| read_thread(input, thread, batch_size, emit),
        |batch| st.apply(batch),
    )?;
    st.conv.media.finish(&input.describe(&thread.dir), st.sink);
    st.sink
        .progress(total, total)
        .map_err(|e| ImportError::new(input.describe(&thread.dir), e))?;
    Ok(())
}
