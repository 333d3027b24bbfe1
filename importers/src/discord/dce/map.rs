//! One DiscordChatExporter message → one Ferry message.
//!
//! - `type`: `Call` → [`MessageKind::Call`]; the system notifications
//!   (`RecipientAdd` … `ThreadCreated`, or their numbers 1–18) →
//!   [`MessageKind::System`], keeping the author as the actor; everything
//!   else (`Default`, `Reply`, unknown future kinds) is a normal message.
//! - `reference` is a reply unless it is a forward, points into another
//!   channel (a crosspost) or belongs to a system message (pins).
//! - Reactions with `users` become one [`Reaction`] per user; counts beyond
//!   the listed users become anonymous reactions (capped).
//! - Embeds are rendered into the text only when the message has nothing
//!   else (bot messages); link previews of messages with text are dropped.
//!
//! Split in two so that messages can be converted on worker threads:
//! [`Prep::prepare`] does everything that needs no sink and lists the sink
//! calls the message needs ([`Step`]); [`Ctx::apply`] makes them in order.
//! Each thread remembers whom it has announced ([`Announced`]) and builds a
//! participant only the first time, so the usual message (an author seen
//! before) costs no copies of the author's names.

use super::types;
use crate::discord::assets::{self, AssetLog};
use crate::discord::time::parse_iso;
use crate::{ImportOptions, Input, Sink, SinkError};
use ferry_model::{MediaKind, Message, MessageKind, Participant, Reaction};
use std::collections::HashSet;
/// A set of keys hashed with foldhash (seeded at random): looked up once
/// per message, where SipHash showed in profiles.
pub type KeySet = HashSet<String, foldhash::fast::RandomState>;

/// Anonymous reactions kept per emoji at most (counts are attacker-chosen).
const MAX_ANONYMOUS_REACTIONS: u64 = 1000;

/// DCE's system notification kinds by name.
const SYSTEM_KINDS: [&str; 8] = [
    "RecipientAdd",
    "RecipientRemove",
    "ChannelNameChange",
    "ChannelIconChange",
    "ChannelPinnedMessage",
    "GuildMemberJoin",
    "ThreadCreated",
    "ThreadStarterMessage",
];

/// How a message `type` maps to a kind of line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Normal,
    Call,
    System,
}

pub fn line_of(kind: &str) -> Line {
    if kind == "Call" || kind == "3" {
        return Line::Call;
    }
    if SYSTEM_KINDS.contains(&kind) {
        return Line::System;
    }
    match kind.parse::<u32>() {
        Ok(n) if (1..=18).contains(&n) => Line::System,
        _ => Line::Normal,
    }
}

/// What the mapper needs from the surrounding import.
pub struct Ctx<'a> {
    pub input: &'a Input,
    /// Folder of the JSON file inside the input (`""` at the top).
    pub base_dir: String,
    /// The JSON file as named in warnings.
    pub location: String,
    pub options: &'a ImportOptions,
    pub sink: &'a mut dyn Sink,
    /// The chat, once `guild` and `channel` have been read.
    pub chat: Option<crate::ChatHandle>,
    pub channel_id: String,
    pub known: KeySet,
    pub assets: AssetLog,
    pub messages: u64,
    /// The previous message's id: DCE files can repeat a message.
    pub last_id: String,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("location", &self.location)
            .field("chat", &self.chat)
            .field("messages", &self.messages)
            .finish_non_exhaustive()
    }
}

impl Ctx<'_> {
    /// Registers a participant the first time it is announced.
    fn participant(&mut self, p: Participant) -> Result<(), SinkError> {
        if let Some(chat) = self.chat
            && !self.known.contains(&p.key)
        {
            self.known.insert(p.key.clone());
            self.sink.participant(chat, p)?;
        }
        Ok(())
    }

    /// Registers the participants a message announces without importing
    /// it (a repeated message): the thread that prepared it will not
    /// announce them again.
    pub fn announce(&mut self, prepared: Prepared) -> Result<(), SinkError> {
        if let Prepared::Message { author, steps, .. } = prepared {
            for p in author
                .into_iter()
                .chain(steps.into_iter().filter_map(|s| match s {
                    Step::Participant(p) => Some(p),
                    Step::Attach(_) => None,
                }))
            {
                self.participant(p)?;
            }
        }
        Ok(())
    }

    /// Makes a prepared message's sink calls (participants, media) in
    /// order and returns the message; `None` when it cannot be placed in
    /// time (the sink hears why).
    pub fn apply(&mut self, prepared: Prepared) -> Result<Option<Message>, SinkError> {
        let (mut msg, author, steps) = match prepared {
            Prepared::Skipped { location, why, .. } => {
                self.sink.skipped(location, why);
                return Ok(None);
            }
            Prepared::Message { msg, author, steps } => (msg, author, steps),
        };
        if let Some(p) = author {
            self.participant(p)?;
        }
        for step in steps {
            match step {
                Step::Participant(p) => self.participant(p)?,
                Step::Attach(m) => {
                    let att = assets::attach(
                        self.input,
                        &self.base_dir,
                        &m.url,
                        m.name.as_deref(),
                        m.size,
                        m.kind,
                        &mut self.assets,
                        &mut *self.sink,
                        &self.location,
                    )?;
                    msg.attachments.push(att);
                }
            }
        }
        Ok(Some(msg))
    }
}

/// A participant's key: the user id, or the name when there is none.
pub(super) fn key_ref<'u>(user: &'u types::User<'_>) -> &'u str {
    if user.id.is_unset() {
        &user.name
    } else {
        &user.id.0
    }
}

/// [`key_ref`], taken out of the user (the id is not copied).
fn into_key(user: types::User<'_>) -> String {
    if user.id.is_unset() {
        user.name.into_string()
    } else {
        user.id.0
    }
}

/// The keys of the participants one preparing thread has announced. The
/// messages that announced them are applied before any the thread prepares
/// later (see [`crate::par_items::run`]), so those need not announce them.
#[derive(Debug, Default)]
pub struct Announced(KeySet);

impl Announced {
    /// `user` as a participant, the first time this thread meets them.
    fn first(&mut self, user: &types::User<'_>, options: &ImportOptions) -> Option<Participant> {
        let key = key_ref(user);
        if self.0.contains(key) {
            return None;
        }
        self.0.insert(key.to_owned());
        Some(participant_of(user, key.to_owned(), options))
    }
}

/// What preparing a message needs from the import; shared by the threads
/// that prepare messages.
#[derive(Debug, Clone, Copy)]
pub struct Prep<'a> {
    /// The JSON file as named in warnings.
    pub location: &'a str,
    pub channel_id: &'a str,
    pub options: &'a ImportOptions,
}

/// A sink call a message needs, in the order the message needs it.
#[derive(Debug)]
pub enum Step {
    /// An author or reactor, announced on first sight.
    Participant(Participant),
    /// A file reference, resolved and appended to the attachments.
    Attach(Media),
}

/// A file a message refers to.
#[derive(Debug)]
pub struct Media {
    url: String,
    name: Option<String>,
    size: Option<u64>,
    kind: Option<MediaKind>,
}

/// A message converted as far as possible without the sink.
#[derive(Debug)]
// Nearly every value is a message: boxing it would add an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Prepared {
    /// Nothing to keep; the sink hears why. `id` is the message's id.
    Skipped {
        id: String,
        location: String,
        why: String,
    },
    /// The message (attachments still to come from [`Step::Attach`]), its
    /// author when first met (announced first) and the sink calls it needs
    /// after that.
    Message {
        msg: Message,
        author: Option<Participant>,
        steps: Vec<Step>,
    },
}

impl Prepared {
    /// The message's id as written (`""` when it has none).
    pub fn id(&self) -> &str {
        match self {
            Prepared::Skipped { id, .. } => id,
            Prepared::Message { msg, .. } => msg.native_id.as_deref().unwrap_or_default(),
        }
    }
}

impl Prep<'_> {
    /// Converts one message as far as it goes without the sink;
    /// `announced` is the preparing thread's own record.
    pub fn prepare(&self, m: types::Message<'_>, announced: &mut Announced) -> Prepared {
        let Some(sent_at) = parse_iso(&m.timestamp) else {
            return Prepared::Skipped {
                location: format!("{} message {}", self.location, m.id.0),
                why: format!("unreadable timestamp {:?}", m.timestamp),
                id: m.id.0,
            };
        };
        let line = line_of(&m.kind);
        let mut steps = Vec::new();
        let author = m
            .author
            .as_ref()
            .and_then(|a| announced.first(a, self.options));
        let sender = m.author.map(into_key);
        let mut text = m.content;
        let mut files = 0;
        let mut attach = |steps: &mut Vec<Step>, media: Media| {
            steps.push(Step::Attach(media));
            files += 1;
        };
        for a in m.attachments.iter() {
            attach(&mut steps, attachment(a));
        }
        for s in &m.stickers {
            attach(&mut steps, sticker(s));
        }
        let mut forwarded_from = None;
        let mut reply_to = None;
        if let Some(r) = &m.reference {
            let is_forward = r.kind.as_deref() == Some("Forward");
            let other_channel = r
                .channel_id
                .as_ref()
                .is_some_and(|c| !c.is_unset() && c.0 != self.channel_id);
            if is_forward {
                forwarded_from = Some(match &r.channel_id {
                    Some(c) => format!("Discord channel {}", c.0),
                    None => "Discord".to_owned(),
                });
            } else if line == Line::Normal && !other_channel {
                reply_to = r.message_id.as_ref().map(|id| id.0.clone());
            }
        }
        if let Some(f) = m.forwarded_message {
            if text.is_empty() {
                text = f.content;
            }
            for a in &f.attachments {
                attach(&mut steps, attachment(a));
            }
            for s in &f.stickers {
                attach(&mut steps, sticker(s));
            }
            forwarded_from.get_or_insert_with(|| "Discord".to_owned());
        }
        if text.is_empty() && files == 0 {
            text = render_embeds(&m.embeds);
        }
        let mut reactions = Vec::new();
        for r in m.reactions {
            self.reactions_of(r, announced, &mut steps, &mut reactions);
        }
        let edited_at = m.timestamp_edited.as_deref().and_then(parse_iso);
        let kind = match line {
            Line::Call => MessageKind::Call,
            Line::System => MessageKind::System,
            Line::Normal if !text.is_empty() => MessageKind::Text,
            Line::Normal if !m.stickers.is_empty() && m.attachments.is_empty() => {
                MessageKind::Sticker
            }
            Line::Normal if files > 0 => MessageKind::Media,
            Line::Normal => MessageKind::Text,
        };
        let msg = Message {
            native_id: Some(m.id.0).filter(|s| !s.is_empty()),
            sender,
            sent_at,
            text,
            kind,
            attachments: Vec::new(),
            reply_to,
            edited: edited_at.is_some(),
            edited_at,
            forwarded_from,
            reactions,
        };
        Prepared::Message { msg, author, steps }
    }

    fn reactions_of(
        &self,
        r: types::Reaction<'_>,
        announced: &mut Announced,
        steps: &mut Vec<Step>,
        out: &mut Vec<Reaction>,
    ) {
        let emoji = match &r.emoji.id {
            Some(id) if !id.is_unset() && !r.emoji.name.is_empty() => {
                format!(":{}:", r.emoji.name)
            }
            _ => r.emoji.name.clone(),
        };
        if emoji.is_empty() {
            return;
        }
        let listed = r.users.len() as u64;
        for u in r.users {
            if let Some(p) = announced.first(&u, self.options) {
                steps.push(Step::Participant(p));
            }
            out.push(Reaction {
                emoji: emoji.clone(),
                by: Some(into_key(u)),
                at: None,
            });
        }
        let anonymous = r.count.saturating_sub(listed).min(MAX_ANONYMOUS_REACTIONS);
        for _ in 0..anonymous {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
    }
}

fn attachment(a: &types::Attachment) -> Media {
    Media {
        url: a.url.clone(),
        name: a.file_name.clone(),
        size: a.file_size_bytes,
        kind: None,
    }
}

fn sticker(s: &types::Sticker) -> Media {
    let url_name = assets::file_name_of(&s.source_url);
    let ext = url_name.rsplit_once('.').map(|(_, e)| e).unwrap_or("png");
    let name = if s.name.is_empty() {
        url_name.to_owned()
    } else {
        format!("{}.{ext}", s.name)
    };
    Media {
        url: s.source_url.clone(),
        name: Some(name),
        size: None,
        kind: Some(MediaKind::Sticker),
    }
}

/// The person behind a DCE user object.
pub fn participant_of(user: &types::User<'_>, key: String, options: &ImportOptions) -> Participant {
    let display: &str = match user.nickname.as_deref() {
        Some(n) if !n.is_empty() => n,
        _ => &user.name,
    };
    let handle = match &*user.discriminator {
        "" | "0" | "0000" => user.name.to_string(),
        d => format!("{}#{d}", &*user.name),
    };
    let is_me = options.me.as_deref().is_some_and(|me| {
        [user.id.as_str(), &user.name, display, &handle]
            .iter()
            .any(|c| !c.is_empty() && c.eq_ignore_ascii_case(me))
    });
    Participant {
        key,
        name: display.to_owned(),
        phone: None,
        handle: Some(handle).filter(|h| !h.is_empty()),
        native_id: Some(user.id.0.clone()).filter(|id| !user.id.is_unset() && !id.is_empty()),
        is_me,
    }
}

/// Title, description and fields of embeds, one per line.
pub fn render_embeds(embeds: &[types::Embed]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in embeds {
        lines.extend(e.title.iter().filter(|t| !t.is_empty()).cloned());
        lines.extend(e.description.iter().filter(|d| !d.is_empty()).cloned());
        for f in &e.fields {
            lines.push(format!("{}: {}", f.name, f.value));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_types_map_to_lines() {
        for (kind, want) in [
            ("Default", Line::Normal),
            ("Reply", Line::Normal),
            ("", Line::Normal),
            ("ChatInputCommand", Line::Normal),
            ("20", Line::Normal),
            ("Call", Line::Call),
            ("3", Line::Call),
            ("RecipientAdd", Line::System),
            ("ChannelPinnedMessage", Line::System),
            ("GuildMemberJoin", Line::System),
            ("ThreadCreated", Line::System),
            ("7", Line::System),
        ] {
            assert_eq!(line_of(kind), want, "{kind:?}");
        }
    }

    #[test]
    fn discriminators_shape_the_handle() {
        let opts = ImportOptions {
            me: Some("bob#4821".into()),
            ..ImportOptions::default()
        };
        for (disc, nick, handle, name, me) in [
            ("0000", None, "bob", "bob", false),
            ("0", Some("Bobby"), "bob", "Bobby", false),
            ("4821", None, "bob#4821", "bob", true),
        ] {
            let u = types::User {
                id: crate::discord::snowflake::Snowflake("1".into()),
                name: "bob".into(),
                discriminator: disc.into(),
                nickname: nick.map(Into::into),
                is_bot: false,
            };
            let p = participant_of(&u, "1".into(), &opts);
            assert_eq!(p.handle.as_deref(), Some(handle));
            assert_eq!(p.name, name);
            assert_eq!(p.is_me, me, "{disc}");
        }
    }
}
