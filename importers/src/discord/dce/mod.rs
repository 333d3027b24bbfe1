//! DiscordChatExporter JSON: one file per channel, streamed.
//!
//! The top-level object is read key by key; `guild` and `channel` (which DCE
//! writes first) open the chat, and the `messages` array is visited one
//! element at a time, so memory stays flat however long the channel is.
//! - [`types`]: serde shapes of the file.
//! - [`map`]: one exported message → one [`ferry_model::Message`].
//! - [`csv`]: the CSV flavour of the same exporter.

pub mod csv;
pub mod map;
pub mod types;

use crate::discord::assets::AssetLog;
use crate::discord::count::{Counter, CountingReader};
use crate::{ImportError, ImportErrorKind, ImportOptions, Input, Position, Sink};
use ferry_model::{App, Chat, ChatKind};
use map::Ctx;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;
use std::io::BufReader;

/// How often (in messages) progress is reported.
const PROGRESS_EVERY: u64 = 4096;

/// Whether the start of a file looks like a DCE JSON export.
pub fn sniff(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && t.contains("\"guild\"") && t.contains("\"channel\"")
}

/// Chat title and kind from DCE's guild and channel.
pub fn chat_of(guild: &types::Guild, channel: &types::Channel) -> Chat {
    let kind = match channel.kind.as_str() {
        "DirectTextChat" | "1" => ChatKind::Direct,
        "DirectGroupTextChat" | "3" => ChatKind::Group,
        _ => ChatKind::Channel,
    };
    let is_dm = kind != ChatKind::Channel || guild.id.is_unset();
    let title = if is_dm || guild.name.is_empty() {
        if channel.name.is_empty() {
            format!("Discord DM {}", channel.id.0)
        } else {
            channel.name.clone()
        }
    } else if channel.kind.contains("Thread") && !channel.category.is_empty() {
        format!("{} / {} / {}", guild.name, channel.category, channel.name)
    } else {
        format!("{} / {}", guild.name, channel.name)
    };
    Chat {
        app: App::Discord,
        native_id: Some(channel.id.0.clone()).filter(|id| !channel.id.is_unset() && !id.is_empty()),
        title,
        kind,
        participants: Vec::new(),
    }
}

/// Imports one DCE JSON file.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let location = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let base_dir = entry
        .rsplit_once('/')
        .map(|(d, _)| d.to_owned())
        .unwrap_or_default();
    let mut ctx = Ctx {
        input,
        base_dir,
        location: location.clone(),
        options,
        sink,
        chat: None,
        channel_id: String::new(),
        known: HashSet::new(),
        assets: AssetLog::default(),
        failure: None,
        messages: 0,
        last_id: String::new(),
    };
    let result = input.with_entry(entry, |r| {
        let counting = CountingReader::new(r);
        let counter = counting.counter();
        let mut de =
            serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, counting));
        let visitor = TopVisitor {
            ctx: &mut ctx,
            counter,
            total,
        };
        de::Deserializer::deserialize_map(&mut de, visitor).and_then(|()| de.end())
    });
    let json = result.map_err(|e| ImportError::new(location.clone(), e))?;
    if let Some(f) = ctx.failure.take() {
        return Err(f);
    }
    json.map_err(|e| json_error(&location, &e))?;
    if ctx.chat.is_none() {
        return Err(ImportError::new(
            location,
            ImportErrorKind::Malformed(
                "no \"channel\" object: not a DiscordChatExporter export".into(),
            ),
        ));
    }
    ctx.assets.finish(&location, ctx.sink);
    Ok(())
}

/// A serde_json error with its line and column.
pub fn json_error(location: &str, e: &serde_json::Error) -> ImportError {
    let pos = Position {
        line: Some(e.line() as u64),
        column: Some(e.column() as u64),
        byte: None,
    };
    ImportError::malformed(location, pos, e.to_string())
}

struct TopVisitor<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    counter: Counter,
    total: u64,
}

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a DiscordChatExporter export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut guild = types::Guild::default();
        let mut channel: Option<types::Channel> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "guild" => {
                    guild = map
                        .next_value::<Option<types::Guild>>()?
                        .unwrap_or_default()
                }
                "channel" => channel = map.next_value()?,
                "messages" => {
                    let Some(ch) = channel.as_ref() else {
                        return Err(de::Error::custom(
                            "\"messages\" comes before \"channel\"; cannot place them in a chat",
                        ));
                    };
                    if self.ctx.chat.is_none() {
                        let chat = chat_of(&guild, ch);
                        self.ctx.channel_id = ch.id.0.clone();
                        let handle = self.ctx.sink.begin_chat(chat).map_err(|e| {
                            self.ctx.failure = Some(ImportError::new(self.ctx.location.clone(), e));
                            de::Error::custom("sink failed")
                        })?;
                        self.ctx.chat = Some(handle);
                    }
                    map.next_value_seed(MessagesSeed {
                        ctx: &mut *self.ctx,
                        counter: &self.counter,
                        total: self.total,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if self.ctx.chat.is_none()
            && let Some(ch) = channel.as_ref()
        {
            // A channel exported with no "messages" key at all.
            let handle = self.ctx.sink.begin_chat(chat_of(&guild, ch)).map_err(|e| {
                self.ctx.failure = Some(ImportError::new(self.ctx.location.clone(), e));
                de::Error::custom("sink failed")
            })?;
            self.ctx.chat = Some(handle);
        }
        Ok(())
    }
}

struct MessagesSeed<'s, 'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    counter: &'s Counter,
    total: u64,
}

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MessagesSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(chat) = self.ctx.chat else {
            return Err(de::Error::custom("no chat open"));
        };
        while let Some(m) = seq.next_element::<types::Message>()? {
            let fail = |ctx: &mut Ctx<'_>, e| {
                ctx.failure = Some(ImportError::new(ctx.location.clone(), e));
                de::Error::custom("sink failed")
            };
            if !m.id.0.is_empty() && m.id.0 == self.ctx.last_id {
                continue; // the same message written twice in a row
            }
            self.ctx.last_id.clone_from(&m.id.0);
            let converted = match self.ctx.convert(m) {
                Ok(c) => c,
                Err(e) => return Err(fail(self.ctx, e)),
            };
            if let Some(msg) = converted
                && let Err(e) = self.ctx.sink.message(chat, msg)
            {
                return Err(fail(self.ctx, e));
            }
            self.ctx.messages += 1;
            if self.ctx.messages.is_multiple_of(PROGRESS_EVERY)
                && let Err(e) = self.ctx.sink.progress(self.counter.get(), self.total)
            {
                return Err(fail(self.ctx, e));
            }
        }
        Ok(())
    }
}
