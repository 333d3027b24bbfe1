//! Turning X DM events into messages, one conversation at a time.
//!
//! - `messageCreate` / `welcomeMessageCreate` → a message with
//!   `native_id` = the event id, sender = `senderId`; t.co links listed in
//!   `urls` are replaced by their `expanded` target, except links to the
//!   message's own media (`…/messages/media/…`), which are removed (the file
//!   is attached instead);
//! - `mediaUrls` → attachments, found in `direct_messages_media/` (group:
//!   `direct_messages_group_media/`) as `<messageId>-<file name>`;
//! - `reactions[]` and `reactionCreate` events → reactions (keys mapped to
//!   emoji, see [`reaction_emoji`]), attached to the message `eventId` names;
//! - `joinConversation`, `participantsJoin`, `participantsLeave`,
//!   `conversationNameUpdate` → System messages (English text, no id); the
//!   newest name update is the chat's title.
//!
//! Events are buffered per conversation in a [`Timeline`] (bounded: once
//! the conversation id is known it flushes every [`DEFAULT_CAP`] events) and
//! emitted oldest first.

use super::account::Me;
use super::raw::{Handler, RawEvent, RawGroupEvent, RawMessage, RawReaction};
use super::text::{expand_text, parse_time, reaction_emoji};
use super::ytd::DmKind;
use crate::json_str::JsonStr;
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
        if let Some(id) = id.filter(|i| !i.is_empty() && !self.seen.contains(*i)) {
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

    /// A person's name in notices: the account name for the exporter.
    fn display(&self, id: &str) -> String {
        self.me
            .account
            .as_ref()
            .filter(|_| self.me.id() == Some(id))
            .and_then(|a| a.account_display_name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    fn names(&self, ids: &[String]) -> String {
        let names: Vec<String> = ids.iter().map(|i| self.display(i)).collect();
        names.join(", ")
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
                    (Some(_), [other]) => self.display(other),
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

    fn reaction(&mut self, r: RawReaction) -> Option<Reaction> {
        self.current.see(r.sender_id.as_deref());
        let emoji = r
            .emoji
            .filter(|e| !e.is_empty())
            .or_else(|| r.reaction_key.map(|k| reaction_emoji(&k).to_owned()))?;
        Some(Reaction {
            emoji,
            by: r.sender_id,
            at: r.created_at.and_then(|t| parse_time(&t, self.options)),
        })
    }

    fn media(&mut self, msg_id: &str, url: &str, only: bool) -> Result<Attachment, ImportError> {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let base = path.rsplit('/').next().unwrap_or(path);
        let mut att = Attachment::named(format!("{msg_id}-{base}"));
        if url.contains("/dm_gif/") {
            att.media_kind = MediaKind::Gif;
        } else if att.media_kind == MediaKind::Other {
            att.media_kind = MediaKind::Image;
        }
        let folders: &[&str] = match self.kind {
            DmKind::Direct => &["direct_messages_media", "direct_message_media"],
            DmKind::Group => &["direct_messages_group_media", "direct_message_group_media"],
        };
        let prefix = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        let mut entry = None;
        for f in folders {
            let exact = format!("{prefix}{f}/{msg_id}-{base}");
            if self.input.entry(&exact).is_some() {
                entry = Some(exact);
                break;
            }
            // Some archives rename the file; with one media file per message
            // any `<id>-` file is it.
            let start = format!("{prefix}{f}/{msg_id}-");
            let entries = self.input.entries();
            let i = entries.partition_point(|e| e.name.as_str() < start.as_str());
            if let Some(e) = entries
                .get(i)
                .filter(|e| only && e.name.starts_with(&start))
            {
                att.file_name = e.file_name().to_owned();
                entry = Some(e.name.clone());
                break;
            }
        }
        let location = self.location.clone();
        self.media
            .attach_entry(self.input, entry, url, att, &location, &mut *self.sink)
    }

    fn message(&mut self, m: RawMessage<'_>) -> Result<Option<Message>, ImportError> {
        let Some(sent_at) = m
            .created_at
            .as_deref()
            .and_then(|t| parse_time(t, self.options))
        else {
            self.sink.skipped(
                self.location.clone(),
                format!(
                    "message {} without a usable createdAt",
                    m.id.as_deref().unwrap_or("?")
                ),
            );
            return Ok(None);
        };
        self.current.see(m.sender_id.as_deref());
        self.current
            .see(m.recipient_id.as_deref().filter(|r| *r != "0"));
        let text = expand_text(
            m.text.map(JsonStr::into_string).unwrap_or_default(),
            m.urls.as_deref().unwrap_or(&[]),
        );
        let id = m.id.as_deref().unwrap_or_default();
        let urls = m.media_urls.as_deref().unwrap_or_default();
        let mut attachments = Vec::new();
        for u in urls {
            attachments.push(self.media(id, u, urls.len() == 1)?);
        }
        let reactions = m
            .reactions
            .into_iter()
            .flatten()
            .filter_map(|r| self.reaction(r))
            .collect();
        let mut msg = Message::text(m.sender_id.map(JsonStr::into_string), sent_at, text);
        msg.native_id = m.id.filter(|i| !i.is_empty()).map(JsonStr::into_string);
        msg.kind = if attachments.is_empty() {
            MessageKind::Text
        } else {
            MessageKind::Media
        };
        msg.attachments = attachments;
        msg.reactions = reactions;
        Ok(Some(msg))
    }

    fn notice(&mut self, g: &RawGroupEvent, text: String) -> Option<Message> {
        let sent_at = g
            .created_at
            .as_deref()
            .and_then(|t| parse_time(t, self.options))?;
        let mut m = Message::text(g.initiating_user_id.clone(), sent_at, text);
        m.kind = MessageKind::System;
        Some(m)
    }

    fn group_event(&mut self, e: RawEvent<'_>) -> Option<Message> {
        if let Some(g) = e.join_conversation {
            self.current.see(g.initiating_user_id.as_deref());
            for p in g.participants_snapshot.iter().flatten() {
                self.current.see(Some(p));
            }
            let me = self
                .me
                .id()
                .map(|i| self.display(i))
                .unwrap_or_else(|| "you".into());
            let by = self.display(g.initiating_user_id.as_deref().unwrap_or("someone"));
            return self.notice(&g, format!("{by} added {me} to the group"));
        }
        if let Some(g) = e.participants_join {
            self.current.see(g.initiating_user_id.as_deref());
            let users = g.user_ids.clone().unwrap_or_default();
            for u in &users {
                self.current.see(Some(u));
            }
            let by = self.display(g.initiating_user_id.as_deref().unwrap_or("someone"));
            return self.notice(
                &g,
                format!("{by} added {} to the group", self.names(&users)),
            );
        }
        if let Some(g) = e.participants_leave {
            let users = g.user_ids.clone().unwrap_or_default();
            for u in &users {
                self.current.see(Some(u));
            }
            let mut m = self.notice(&g, format!("{} left the group", self.names(&users)))?;
            m.sender = match users.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            };
            return Some(m);
        }
        if let Some(g) = e.conversation_name_update {
            self.current.see(g.initiating_user_id.as_deref());
            let name = g.name.clone().unwrap_or_default();
            if self.current.name.is_none() && !name.is_empty() {
                // Newest first: the first update seen is the current name.
                self.current.name = Some(name.clone());
            }
            let by = self.display(g.initiating_user_id.as_deref().unwrap_or("someone"));
            return self.notice(&g, format!("{by} named the group {name}"));
        }
        None
    }

    fn handle_event(&mut self, e: RawEvent<'_>) -> Result<(), ImportError> {
        self.events += 1;
        if self.events.is_multiple_of(PROGRESS_EVERY) {
            let done = self.counter.get();
            self.sink
                .progress(done, self.total)
                .map_err(|e| self.err(e))?;
        }
        let mut e = e;
        let msg = if let Some(m) = e.message_create.take().or(e.welcome_message_create.take()) {
            self.message(m)?
        } else if let Some(r) = e.reaction_create.take() {
            let target = r.event_id.clone();
            if let (Some(target), Some(reaction)) = (target, self.reaction(r)) {
                self.current
                    .reactions
                    .entry(target)
                    .or_default()
                    .push(reaction);
            }
            None
        } else {
            let any = e.join_conversation.is_some()
                || e.participants_join.is_some()
                || e.participants_leave.is_some()
                || e.conversation_name_update.is_some();
            if !any {
                self.unknown += 1;
            }
            self.group_event(e)
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

impl Handler for Conversations<'_> {
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

    fn event(&mut self, event: RawEvent<'_>) -> Result<(), Stopped> {
        let r = self.handle_event(event);
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
