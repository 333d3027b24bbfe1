//! Turning prepared X DM events into messages, one conversation at a time.
//!
//! - `messageCreate` / `welcomeMessageCreate` → a message with
//!   `native_id` = the event id, sender = `senderId`; t.co links listed in
//!   `urls` are replaced by their `expanded` target, except links to the
//!   message's own media (`…/messages/media/…`), which are removed (the file
//!   is attached instead);
//! - `mediaUrls` → attachments, found in `direct_messages_media/` (group:
//!   `direct_messages_group_media/`) as `<messageId>-<file name>`;
//! - `reactions[]` and `reactionCreate` events → reactions (keys mapped to
//!   emoji, see [`super::text::reaction_emoji`]), attached to the message `eventId` names;
//! - `joinConversation`, `participantsJoin`, `participantsLeave`,
//!   `conversationNameUpdate` → System messages (English text, no id); the
//!   newest name update is the chat's title.
//!
//! [`super::prepare`] does everything that needs no sink on worker threads;
//! [`Conversations`] applies its results on the importer's thread, in file
//! order: people, media, reactions on earlier messages, the group name.
//!
//! Events are buffered per conversation in a [`Timeline`] (bounded: once
//! the conversation id is known it flushes every [`DEFAULT_CAP`] events) and
//! emitted oldest first.

use super::account::Me;
use super::prepare::{Prepared, PreparedMessage};
use super::split::Handler;
use super::ytd::DmKind;
use crate::meta::media::MediaResolver;
use crate::meta::read::Stopped;
use crate::meta::timeline::{DEFAULT_CAP, Timeline};
use crate::{ChatHandle, ImportError, ImportOptions, Input, Sink, SinkError, Warning};
use ferry_model::{
    App, Attachment, Chat, ChatKind, MediaKind, Message, MessageKind, Participant, Reaction,
};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Progress is reported every this many events.
const PROGRESS_EVERY: u64 = 4096;

/// State of one DM file's import.
pub struct Conversations<'a> {
    pub input: &'a Input,
    pub options: &'a ImportOptions,
    pub sink: &'a mut dyn Sink,
    pub me: &'a Me,
    pub kind: DmKind,
    /// Folder of the DM files (`data`), `""` at the top.
    pub dir: String,
    pub location: String,
    pub counter: Rc<Cell<u64>>,
    /// Where the array of the file being read starts, counted like
    /// `counter` (progress is this plus the offset of the event).
    pub file_start: u64,
    pub total: u64,
    pub media: MediaResolver,
    /// Chats opened so far (a conversation may continue in the next part).
    pub chats: HashMap<String, (ChatHandle, HashSet<String>)>,
    /// The first error, which stopped the parse.
    pub stop: Option<ImportError>,
    events: u64,
    unknown: u64,
    current: Current,
}

impl std::fmt::Debug for Conversations<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conversations")
            .field("kind", &self.kind)
            .field("location", &self.location)
            .field("chats", &self.chats.len())
            .finish()
    }
}

/// The conversation being read.
#[derive(Default)]
struct Current {
    id: Option<String>,
    name: Option<String>,
    people: Vec<String>,
    seen: HashSet<String>,
    timeline: Option<Timeline<Message>>,
    reactions: HashMap<String, Vec<Reaction>>,
    handle: Option<ChatHandle>,
}

impl Current {
    fn see(&mut self, id: Option<&str>) {
        // Most events name the conversation's latest people again: a look
        // at those is cheaper than hashing.
        let recent = |i: &str| self.people.iter().rev().take(4).any(|p| p == i);
        if let Some(id) = id.filter(|i| !i.is_empty() && !recent(i) && !self.seen.contains(*i)) {
            self.seen.insert(id.to_owned());
            self.people.push(id.to_owned());
        }
    }
}

impl<'a> Conversations<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        input: &'a Input,
        options: &'a ImportOptions,
        sink: &'a mut dyn Sink,
        me: &'a Me,
        kind: DmKind,
        dir: String,
        total: u64,
    ) -> Self {
        let media_anchor = if dir.is_empty() {
            "x.js".to_owned()
        } else {
            format!("{dir}/x.js")
        };
        Conversations {
            input,
            options,
            sink,
            me,
            kind,
            dir,
            location: String::new(),
            counter: Rc::new(Cell::new(0)),
            file_start: 0,
            total,
            media: MediaResolver::new(&media_anchor),
            chats: HashMap::new(),
            stop: None,
            events: 0,
            unknown: 0,
            current: Current::default(),
        }
    }

    fn err(&self, e: SinkError) -> ImportError {
        ImportError::new(self.location.clone(), e)
    }

    fn participant(&self, id: &str) -> Participant {
        let mut p = Participant::named(id);
        p.native_id = Some(id.to_owned());
        p.is_me = self.me.is(id);
        if let Some(a) = self
            .me
            .account
            .as_ref()
            .filter(|_| self.me.id() == Some(id))
        {
            if let Some(n) = &a.account_display_name {
                p.name = n.clone();
            }
            p.handle = a.username.as_ref().map(|u| format!("@{u}"));
        }
        p
    }

    fn title(&self) -> String {
        let c = &self.current;
        match self.kind {
            DmKind::Group => c
                .name
                .clone()
                .unwrap_or_else(|| format!("X group {}", c.id.as_deref().unwrap_or("?"))),
            DmKind::Direct => {
                let others: Vec<&String> = c
                    .people
                    .iter()
                    .filter(|p| Some(p.as_str()) != self.me.id())
                    .collect();
                match (self.me.id(), others.as_slice()) {
                    (Some(_), [other]) => self.me.display(other),
                    _ => format!("X DM {}", c.id.as_deref().unwrap_or("?")),
                }
            }
        }
    }

    /// Opens (or finds) the chat and registers new people.
    fn ensure_chat(&mut self) -> Result<ChatHandle, ImportError> {
        let key = self.current.id.clone().unwrap_or_default();
        let handle = match self.chats.get(&key) {
            Some((h, _)) => *h,
            None => {
                let kind = match self.kind {
                    DmKind::Group => ChatKind::Group,
                    DmKind::Direct => ChatKind::Direct,
                };
                let mut chat = Chat::new(App::X, self.title(), kind);
                chat.native_id = self.current.id.clone();
                let h = self.sink.begin_chat(chat).map_err(|e| self.err(e))?;
                self.chats.insert(key.clone(), (h, HashSet::new()));
                h
            }
        };
        let people = self.current.people.clone();
        for id in people {
            let fresh = self
                .chats
                .get_mut(&key)
                .is_some_and(|(_, known)| known.insert(id.clone()));
            if fresh {
                let p = self.participant(&id);
                self.sink.participant(handle, p).map_err(|e| self.err(e))?;
            }
        }
        self.current.handle = Some(handle);
        Ok(handle)
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        let Some(mut timeline) = self.current.timeline.take() else {
            return Ok(());
        };
        if !timeline.is_empty() || self.current.handle.is_none() {
            let handle = self.ensure_chat()?;
            let reactions = &mut self.current.reactions;
            let sink = &mut *self.sink;
            timeline
                .flush(&mut |mut m: Message| {
                    if let Some(r) = m.native_id.as_ref().and_then(|id| reactions.remove(id)) {
                        m.reactions.extend(r);
                    }
                    sink.message(handle, m)
                })
                .map_err(|e| ImportError::new(self.location.clone(), e))?;
        }
        self.current.timeline = Some(timeline);
        Ok(())
    }

    fn media(&mut self, msg_id: &str, url: &str, only: bool) -> Result<Attachment, ImportError> {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let base = path.rsplit('/').next().unwrap_or(path);
        let mut att = Attachment::named([msg_id, "-", base].concat());
        if url.contains("/dm_gif/") {
            att.media_kind = MediaKind::Gif;
        } else if att.media_kind == MediaKind::Other {
            att.media_kind = MediaKind::Image;
        }
        let folders: &[&str] = match self.kind {
            DmKind::Direct => &["direct_messages_media", "direct_message_media"],
            DmKind::Group => &["direct_messages_group_media", "direct_message_group_media"],
        };
        let mut entry = None;
        // `<dir>/<folder>/<id>-<name>`, built in one buffer (this runs for
        // every media message).
        let mut exact = String::with_capacity(self.dir.len() + 48 + msg_id.len() + base.len());
        for f in folders {
            exact.clear();
            if !self.dir.is_empty() {
                exact.push_str(&self.dir);
                exact.push('/');
            }
            exact.push_str(f);
            exact.push('/');
            exact.push_str(msg_id);
            exact.push('-');
            let start_len = exact.len();
            exact.push_str(base);
            if self.input.entry(&exact).is_some() {
                entry = Some(exact);
                break;
            }
            // Some archives rename the file; with one media file per message
            // any `<id>-` file is it.
            let start = exact.get(..start_len).unwrap_or_default();
            let entries = self.input.entries();
            let i = entries.partition_point(|e| e.name.as_str() < start);
            if let Some(e) = entries.get(i).filter(|e| only && e.name.starts_with(start)) {
                att.file_name = e.file_name().to_owned();
                entry = Some(e.name.clone());
                break;
            }
        }
        let location = self.location.clone();
        self.media
            .attach_entry(self.input, entry, url, att, &location, &mut *self.sink)
    }

    /// Registers a message's people and finds its media.
    fn message(&mut self, p: PreparedMessage) -> Result<Message, ImportError> {
        for id in p.people() {
            self.current.see(Some(id));
        }
        let PreparedMessage {
            mut message, media, ..
        } = p;
        let id = message.native_id.clone().unwrap_or_default();
        let mut attachments = Vec::with_capacity(media.len());
        for u in &media {
            attachments.push(self.media(&id, u, media.len() == 1)?);
        }
        if !attachments.is_empty() {
            message.kind = MessageKind::Media;
            message.attachments = attachments;
        }
        Ok(message)
    }

    fn handle_event(&mut self, p: Prepared, end: u64) -> Result<(), ImportError> {
        self.events += 1;
        if self.events.is_multiple_of(PROGRESS_EVERY) {
            let done = self.file_start + end;
            self.sink
                .progress(done, self.total)
                .map_err(|e| self.err(e))?;
        }
        let msg = match p {
            Prepared::Message(m) => Some(self.message(m)?),
            Prepared::Undated(id) => {
                self.sink.skipped(
                    self.location.clone(),
                    format!("message {id} without a usable createdAt"),
                );
                None
            }
            Prepared::Reaction {
                sender,
                target,
                reaction,
            } => {
                self.current.see(sender.as_deref());
                if let (Some(target), Some(reaction)) = (target, reaction) {
                    self.current
                        .reactions
                        .entry(target)
                        .or_default()
                        .push(reaction);
                }
                None
            }
            Prepared::Group {
                people,
                name,
                notice,
            } => {
                for id in &people {
                    self.current.see(Some(id));
                }
                if self.current.name.is_none() {
                    // Newest first: the first update seen is the current name.
                    self.current.name = name;
                }
                notice
            }
            Prepared::Unknown => {
                self.unknown += 1;
                None
            }
        };
        if let Some(m) = msg {
            let key = m.sent_at.unix_millis();
            let t = self
                .current
                .timeline
                .get_or_insert_with(|| Timeline::new(usize::MAX));
            t.push(key, m, &mut |_| Ok::<(), ImportError>(()))?;
            if t.len() >= DEFAULT_CAP && self.current.id.is_some() {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Reports what could not be placed, after the last file.
    pub fn finish(&mut self) {
        if self.unknown > 0 {
            self.sink.skipped(
                self.location.clone(),
                format!("{} events of a kind Ferry does not know", self.unknown),
            );
        }
        let loc = self.location.clone();
        self.media.finish(&loc, &mut *self.sink);
    }

    fn record<T>(&mut self, r: Result<T, ImportError>) -> Result<T, Stopped> {
        r.map_err(|e| {
            self.stop.get_or_insert(e);
            Stopped
        })
    }
}

impl Handler<Prepared> for Conversations<'_> {
    fn begin(&mut self) -> Result<(), Stopped> {
        // The previous conversation's (flushed) buffer keeps its capacity.
        let timeline = match self.current.timeline.take() {
            Some(t) if t.is_empty() => t,
            _ => Timeline::new(usize::MAX),
        };
        self.current = Current {
            timeline: Some(timeline),
            ..Current::default()
        };
        Ok(())
    }

    fn conversation_id(&mut self, id: String) -> Result<(), Stopped> {
        if self.kind == DmKind::Direct {
            // `<userA>-<userB>`
            for part in id
                .split('-')
                .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
            {
                self.current.see(Some(part));
            }
        }
        self.current.id = Some(id);
        Ok(())
    }

    fn event(&mut self, event: Prepared, end: u64) -> Result<(), Stopped> {
        let r = self.handle_event(event, end);
        self.record(r)
    }

    fn end(&mut self) -> Result<(), Stopped> {
        let r = self.flush();
        self.record(r)?;
        let left: usize = self.current.reactions.values().map(Vec::len).sum();
        if left > 0 {
            self.sink.warning(Warning {
                location: self.location.clone(),
                message: format!(
                    "{left} reactions in conversation {} refer to messages not in the export",
                    self.current.id.as_deref().unwrap_or("?")
                ),
            });
        }
        Ok(())
    }
}
