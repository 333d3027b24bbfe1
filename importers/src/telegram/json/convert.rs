//! From [`RawMessage`] to [`Message`]: time stamps, senders (registered as
//! participants on first sight), replies, edits, forwards, reactions,
//! attachments, service actions, polls, locations and contacts.
//!
//! Split in two so that messages can be converted on worker threads:
//! [`Prep::prepare`] does everything that needs no sink and lists the sink
//! calls the message needs ([`Step`]); [`Ctx::apply`] makes those calls in
//! order on the importer's thread.

use super::raw::{PeerId, RawMessage, RawReaction};
use super::service;
use crate::telegram::common::{
    DELETED_ACCOUNT, MediaFiles, MediaRef, at_local, at_unix, parse_naive,
};
use crate::{ChatHandle, ImportOptions, Sink, SinkError};
use chrono::Datelike;
use ferry_model::{MediaKind, Message, MessageKind, Participant, Reaction, Timestamp};
use std::collections::HashMap;

/// Anonymous reactions (counted but not named) kept per emoji; a channel
/// post with more keeps this many.
pub const MAX_ANONYMOUS_REACTIONS: u64 = 1000;

/// `forwarded_from` of a message forwarded from an account that hides
/// its name (`"forwarded_from": null`).
pub const HIDDEN_ACCOUNT: &str = "Hidden account";

/// Who made the export, as far as it says.
#[derive(Debug, Default, Clone)]
pub struct Me {
    /// Participant key from `personal_information.user_id`.
    pub key: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub handle: Option<String>,
    /// [`ImportOptions::me`]: a name, `user123` key or bare id.
    pub option: Option<String>,
}

impl Me {
    fn matches(&self, key: &str, name: Option<&str>) -> bool {
        if self.key.as_deref() == Some(key) {
            return true;
        }
        match self.option.as_deref() {
            Some(me) => {
                me == key
                    || name == Some(me)
                    || key.trim_start_matches(|c: char| c.is_ascii_alphabetic()) == me
            }
            None => false,
        }
    }
}

/// Everything a message conversion needs from the import.
pub struct Ctx<'a> {
    pub sink: &'a mut dyn Sink,
    pub options: &'a ImportOptions,
    pub media: MediaFiles<'a>,
    /// The file being read, for warnings.
    pub file: String,
    pub me: Me,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("file", &self.file).finish()
    }
}

/// One open chat.
#[derive(Debug)]
pub struct ChatState {
    pub handle: ChatHandle,
    /// The chat's bare id, to recognise replies within the same chat.
    pub id: Option<String>,
    /// Participants announced so far; `true` once their name is known.
    members: HashMap<String, bool, foldhash::fast::RandomState>,
}

impl ChatState {
    pub fn new(handle: ChatHandle, id: Option<String>) -> Self {
        ChatState {
            handle,
            id,
            members: HashMap::default(),
        }
    }
}

impl Ctx<'_> {
    /// Announces a participant the first time it is seen (again once a
    /// name turns up for someone first seen without one).
    pub fn participant(
        &mut self,
        chat: &mut ChatState,
        key: &str,
        name: Option<&str>,
    ) -> Result<(), SinkError> {
        let named = name.is_some();
        match chat.members.get(key) {
            Some(true) => return Ok(()),
            Some(false) if !named => return Ok(()),
            _ => {}
        }
        chat.members.insert(key.to_owned(), named);
        let is_me = self.me.matches(key, name);
        let own = |v: &Option<String>| if is_me { v.clone() } else { None };
        let p = Participant {
            key: key.to_owned(),
            name: name
                .map(str::to_owned)
                .or_else(|| own(&self.me.name))
                .unwrap_or_else(|| DELETED_ACCOUNT.to_owned()),
            phone: own(&self.me.phone),
            handle: own(&self.me.handle),
            native_id: Some(key.to_owned()),
            is_me,
        };
        self.sink.participant(chat.handle, p)
    }

    /// Sends a prepared message's sink calls (participants, media) in
    /// order and returns the message; `Ok(None)` when it carries nothing to
    /// keep (unsupported, or no readable date), after telling the sink why.
    pub fn apply(
        &mut self,
        prepared: Prepared,
        chat: &mut ChatState,
    ) -> Result<Option<Message>, SinkError> {
        let (mut msg, sender_name, steps) = match prepared {
            Prepared::Skipped { location, why } => {
                self.sink.skipped(location, why);
                return Ok(None);
            }
            Prepared::Message {
                msg,
                sender_name,
                steps,
            } => (msg, sender_name, steps),
        };
        if let Some(key) = msg.sender.as_deref() {
            self.participant(chat, key, sender_name.as_deref())?;
        }
        for step in steps {
            match step {
                Step::Participant { key, name } => self.participant(chat, &key, name.as_deref())?,
                Step::Attach(m) => {
                    let file = &self.file;
                    let id = msg.native_id.as_deref();
                    let where_ = || location(file, id);
                    let att = self.media.attach(self.sink, &m.as_ref(), &where_)?;
                    msg.attachments.push(att);
                }
            }
        }
        Ok(Some(msg))
    }
}

/// What converting a message needs from its chat and import; shared by the
/// threads that prepare messages.
#[derive(Debug, Clone, Copy)]
pub struct Prep<'a> {
    pub options: &'a ImportOptions,
    /// The file being read, for warnings.
    pub file: &'a str,
    /// The chat's bare id, to recognise replies within the same chat.
    pub chat_id: Option<&'a str>,
}

/// A sink call a message needs, in the order the message needs it.
#[derive(Debug)]
pub enum Step {
    /// A sender or reactor, announced on first sight.
    Participant { key: String, name: Option<String> },
    /// A media reference, resolved and appended to the attachments.
    Attach(OwnedMedia),
}

/// A [`MediaRef`] that owns its strings.
#[derive(Debug)]
pub struct OwnedMedia {
    path: String,
    original_name: Option<String>,
    fallback_name: String,
    kind: Option<MediaKind>,
    mime: Option<String>,
    size: Option<u64>,
}

impl OwnedMedia {
    fn of(m: &MediaRef<'_>) -> Self {
        OwnedMedia {
            path: m.path.to_owned(),
            original_name: m.original_name.map(str::to_owned),
            fallback_name: m.fallback_name.to_owned(),
            kind: m.kind,
            mime: m.mime.map(str::to_owned),
            size: m.size,
        }
    }

    fn as_ref(&self) -> MediaRef<'_> {
        MediaRef {
            path: &self.path,
            original_name: self.original_name.as_deref(),
            fallback_name: &self.fallback_name,
            kind: self.kind,
            mime: self.mime.as_deref(),
            size: self.size,
        }
    }
}

/// Senders whose name one parsing thread has already handed on (see
/// [`crate::par_items::run`]): the messages that carried it are applied
/// first, so later ones from the same thread leave the name out and spare
/// an allocation each.
#[derive(Debug, Default)]
pub struct Named(std::collections::HashSet<String, foldhash::fast::RandomState>);

impl Named {
    /// The name to hand on with a message from `key`: `None` when this
    /// thread already handed one on.
    fn first(&mut self, key: Option<&str>, name: Option<&str>) -> Option<String> {
        let (key, name) = (key?, name?);
        if self.0.contains(key) {
            return None;
        }
        self.0.insert(key.to_owned());
        Some(name.to_owned())
    }
}

/// A message converted as far as possible without the sink.
#[derive(Debug)]
// Nearly every value is a message: boxing it would add an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Prepared {
    /// Nothing to keep; the sink hears why.
    Skipped { location: String, why: String },
    /// The message (attachments still to come from [`Step::Attach`]), its
    /// sender's name (the sender is announced first) and the sink calls it
    /// needs after that.
    Message {
        msg: Message,
        sender_name: Option<String>,
        steps: Vec<Step>,
    },
}

impl Prep<'_> {
    fn time(&self, unix: Option<i64>, naive: Option<&str>) -> Option<Timestamp> {
        match unix {
            Some(s) => at_unix(s, self.options.tz),
            None => at_local(parse_naive(naive?)?, self.options.tz),
        }
    }

    /// Converts one message as far as it goes without the sink; `named`
    /// is the parsing thread's record of names handed on.
    pub fn prepare(&self, mut raw: RawMessage<'_>, named: &mut Named) -> Prepared {
        let id = raw.id.map(|i| i.to_string());
        if raw.ty.as_deref() == Some("unsupported") {
            let why = "message type unsupported by the export".to_owned();
            return Prepared::Skipped {
                location: location(self.file, id.as_deref()),
                why,
            };
        }
        let unix = raw.date_unixtime.as_ref().and_then(|u| u.as_i64());
        let Some(sent_at) = self.time(unix, raw.date.as_deref()) else {
            let why = "no readable date".to_owned();
            return Prepared::Skipped {
                location: location(self.file, id.as_deref()),
                why,
            };
        };
        let edited_at = match raw.edited_unixtime.as_ref().and_then(|u| u.as_i64()) {
            Some(s) if s > 0 => at_unix(s, self.options.tz),
            Some(_) => None,
            // Old exports write an "edited" of the Unix epoch for every message.
            None => parse_naive(raw.edited.as_deref().unwrap_or(""))
                .filter(|n| n.year() > 1970)
                .and_then(|n| at_local(n, self.options.tz)),
        };
        let service = raw.ty.as_deref() == Some("service");
        let (peer, name) = if service {
            (raw.actor_id.as_ref(), raw.actor.as_deref())
        } else {
            (raw.from_id.as_ref(), raw.from.as_deref())
        };
        let sender = match (peer, name) {
            (Some(p), _) if !p.0.is_empty() => Some(p.0.to_string()),
            (_, Some(n)) if !n.is_empty() => Some(n.to_owned()),
            _ => None,
        };
        let mut steps = Vec::new();
        let sender_name = named.first(sender.as_deref(), name);
        let mut msg = Message::text(sender, sent_at, String::new());
        msg.native_id = id;
        msg.edited = edited_at.is_some();
        msg.edited_at = edited_at;
        msg.forwarded_from = match raw.forwarded_from.take() {
            Some(Some(f)) => Some(f.0.into_owned()),
            Some(None) => Some(HIDDEN_ACCOUNT.to_owned()),
            None => raw.saved_from.take().map(|s| s.0.into_owned()),
        };
        msg.reply_to = reply_target(&raw, self.chat_id);
        if attachments(&raw, &mut steps) > 0 {
            msg.kind = MessageKind::Media;
        }
        if service {
            let (kind, text) = service::describe(&raw, name.unwrap_or(DELETED_ACCOUNT));
            msg.kind = kind;
            msg.text = text;
            if raw.action.as_deref() == Some("pin_message") {
                msg.reply_to = raw.message_id.map(|i| i.to_string());
            }
        } else {
            msg.text = std::mem::take(&mut raw.text.0);
            special_content(&raw, &mut msg);
        }
        for r in raw.reactions.iter().flatten() {
            self.reaction(r, &mut steps, &mut msg.reactions);
        }
        Prepared::Message {
            msg,
            sender_name,
            steps,
        }
    }

    fn reaction(&self, r: &RawReaction<'_>, steps: &mut Vec<Step>, out: &mut Vec<Reaction>) {
        let emoji = match (r.ty.as_deref(), &r.emoji, &r.document_id) {
            (_, Some(e), _) if !e.is_empty() => e.to_string(),
            (Some("paid"), _, _) => "⭐".to_owned(),
            (_, _, Some(d)) => format!("custom_emoji:{}", d.0),
            _ => "?".to_owned(),
        };
        let recent = r.recent.as_deref().unwrap_or_default();
        for who in recent {
            let by = who.from_id.as_ref().map(|p: &PeerId<'_>| p.0.to_string());
            if let Some(key) = &by {
                steps.push(Step::Participant {
                    key: key.clone(),
                    name: who.from.as_deref().map(str::to_owned),
                });
            }
            let unix = who.date_unixtime.as_ref().and_then(|u| u.as_i64());
            out.push(Reaction {
                emoji: emoji.clone(),
                by,
                at: self.time(unix, who.date.as_deref()),
            });
        }
        let anonymous = r
            .count
            .unwrap_or(recent.len() as u64)
            .saturating_sub(recent.len() as u64)
            .min(MAX_ANONYMOUS_REACTIONS);
        for _ in 0..anonymous {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
    }
}

/// Media references of a message as [`Step::Attach`] steps; returns how many.
fn attachments(raw: &RawMessage<'_>, steps: &mut Vec<Step>) -> usize {
    let mut n = 0;
    let mut add = |m: MediaRef<'_>| {
        steps.push(Step::Attach(OwnedMedia::of(&m)));
        n += 1;
    };
    if let Some(path) = raw.photo.as_deref() {
        add(MediaRef {
            path,
            fallback_name: "photo",
            kind: Some(MediaKind::Image),
            size: raw.photo_file_size,
            ..MediaRef::default()
        });
    }
    if let Some(path) = raw.file.as_deref() {
        let ty = raw.media_type.as_deref();
        let kind = match ty {
            Some("sticker") => Some(MediaKind::Sticker),
            Some("voice_message") => Some(MediaKind::Voice),
            Some("video_message" | "video_file") => Some(MediaKind::Video),
            Some("animation") => Some(MediaKind::Gif),
            Some("audio_file") => Some(MediaKind::Audio),
            _ => None,
        };
        add(MediaRef {
            path,
            original_name: raw.file_name.as_deref(),
            fallback_name: ty.unwrap_or("file"),
            kind,
            mime: raw.mime_type.as_deref(),
            size: raw.file_size,
        });
    }
    if let Some(path) = raw.contact_vcard.as_deref() {
        add(MediaRef {
            path,
            fallback_name: "contact.vcard",
            kind: Some(MediaKind::Contact),
            size: raw.contact_vcard_file_size,
            ..MediaRef::default()
        });
    }
    n
}

/// Stickers, polls, locations and contacts: kind and readable text.
fn special_content(raw: &RawMessage<'_>, msg: &mut Message) {
    let add = |msg: &mut Message, line: String| {
        if !msg.text.is_empty() {
            msg.text.push('\n');
        }
        msg.text.push_str(&line);
    };
    if raw.media_type.as_deref() == Some("sticker") {
        msg.kind = MessageKind::Sticker;
        if let Some(e) = raw.sticker_emoji.as_deref().filter(|_| msg.text.is_empty()) {
            msg.text = e.to_owned();
        }
    }
    if let Some(poll) = &raw.poll {
        msg.kind = MessageKind::Poll;
        let mut t = format!("Poll: {}", poll.question.0);
        for a in &poll.answers {
            let votes = match a.voters.unwrap_or(0) {
                1 => "1 vote".to_owned(),
                n => format!("{n} votes"),
            };
            let chosen = if a.chosen == Some(true) {
                ", chosen"
            } else {
                ""
            };
            t.push_str(&format!("\n- {} ({votes}{chosen})", a.text.0));
        }
        if poll.closed == Some(true) {
            t.push_str("\n(closed)");
        }
        add(msg, t);
    }
    if let Some(loc) = &raw.location_information
        && let (Some(lat), Some(lon)) = (loc.latitude, loc.longitude)
    {
        msg.kind = MessageKind::Location;
        let venue: Vec<&str> = [raw.place_name.as_deref(), raw.address.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let mut t = format!("Location: {lat}, {lon}");
        if !venue.is_empty() {
            t = format!("{} ({lat}, {lon})", venue.join(", "));
        }
        add(msg, t);
    }
    if let Some(c) = &raw.contact_information {
        msg.kind = MessageKind::Contact;
        let name: Vec<&str> = [c.first_name.as_deref(), c.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let mut t = format!("Contact: {}", name.join(" "));
        if let Some(p) = c.phone_number.as_deref().filter(|p| !p.is_empty()) {
            t.push_str(&format!(", {p}"));
        }
        add(msg, t);
    }
}

/// `result.json: message 12`, for warnings.
fn location(file: &str, id: Option<&str>) -> String {
    format!("{file}: message {}", id.unwrap_or("?"))
}

/// The reply target when it is in this chat (a reply into another chat
/// names a message id of that chat, which would resolve wrongly here).
fn reply_target(raw: &RawMessage<'_>, chat_id: Option<&str>) -> Option<String> {
    let id = raw.reply_to_message_id?;
    match &raw.reply_to_peer_id {
        Some(peer) if Some(peer.number()) != chat_id => None,
        _ => Some(id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::Named;

    #[test]
    fn a_thread_hands_on_each_senders_name_once() {
        let mut named = Named::default();
        let cases = [
            (Some("user1"), Some("Ann"), Some("Ann")),
            (Some("user1"), Some("Ann B."), None),
            // Unnamed first: nothing recorded, so the name comes later.
            (Some("user2"), None, None),
            (Some("user2"), Some("Bo"), Some("Bo")),
            (None, Some("Cy"), None),
        ];
        for (key, name, want) in cases {
            assert_eq!(named.first(key, name).as_deref(), want, "{key:?} {name:?}");
        }
    }
}
