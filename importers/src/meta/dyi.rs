//! Streaming reader for one DYI `message_N.json` file (Facebook Messenger
//! and Instagram share the schema).
//!
//! The file is one object: `participants`, `messages` (newest first),
//! `title`, `thread_type`, `thread_path`, ... Keys are visited in whatever
//! order they come; each element of `messages` is deserialised on its own
//! and handed to a callback, so a file is never held in memory whole. With
//! [`Want::MetaOnly`] the messages are skipped without being built (used for
//! the metadata pre-pass, since `title` comes after `messages`).

use super::read::Stopped;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `{"name": ...}` as in `participants` and `users`.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawName {
    #[serde(default)]
    pub name: Option<String>,
}

/// A media reference: `{"uri": ..., "creation_timestamp": ...}`.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawUri {
    #[serde(default)]
    pub uri: Option<String>,
}

/// `share`: a link, post or profile shared into the chat.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawShare {
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub share_text: Option<String>,
    #[serde(default)]
    pub original_content_owner: Option<String>,
}

/// One entry of `reactions`.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawReaction {
    #[serde(default)]
    pub reaction: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    /// Seconds; only in newer exports.
    #[serde(default)]
    pub timestamp: Option<i64>,
}

/// One element of `messages`, every field optional (exports differ).
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawMessage {
    #[serde(default)]
    pub sender_name: Option<String>,
    #[serde(default)]
    pub timestamp_ms: Option<i64>,
    #[serde(default)]
    pub content: Option<String>,
    /// Older exports only: `Generic`, `Share`, `Call`, `Subscribe`, ...
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub photos: Option<Vec<RawUri>>,
    #[serde(default)]
    pub videos: Option<Vec<RawUri>>,
    #[serde(default)]
    pub audio_files: Option<Vec<RawUri>>,
    #[serde(default)]
    pub files: Option<Vec<RawUri>>,
    #[serde(default)]
    pub gifs: Option<Vec<RawUri>>,
    #[serde(default)]
    pub sticker: Option<RawUri>,
    #[serde(default)]
    pub share: Option<RawShare>,
    #[serde(default)]
    pub reactions: Option<Vec<RawReaction>>,
    #[serde(default)]
    pub call_duration: Option<i64>,
    #[serde(default)]
    pub missed: Option<bool>,
    #[serde(default)]
    pub users: Option<Vec<RawName>>,
    #[serde(default)]
    pub is_unsent: Option<bool>,
}

/// Everything in a thread file except its messages.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ThreadMeta {
    pub participants: Vec<String>,
    pub title: Option<String>,
    pub thread_type: Option<String>,
    pub thread_path: Option<String>,
    pub is_still_participant: Option<bool>,
    /// Whether the object had a `messages` array (a DYI thread must).
    pub has_messages: bool,
}

/// Whether to build messages or only skip over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Messages,
    MetaOnly,
}

/// Callback for each message, in file order. An `Err` stops the parse; the
/// caller keeps the reason.
pub type OnMessage<'a> = dyn FnMut(RawMessage) -> Result<(), Stopped> + 'a;

/// Seed reading one thread file.
pub struct ThreadFile<'a, 'b> {
    pub want: Want,
    pub on_message: &'a mut OnMessage<'b>,
}

impl fmt::Debug for ThreadFile<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadFile")
            .field("want", &self.want)
            .finish()
    }
}

impl<'de> DeserializeSeed<'de> for ThreadFile<'_, '_> {
    type Value = ThreadMeta;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ThreadMeta, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ThreadFile<'_, '_> {
    type Value = ThreadMeta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Messenger thread object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ThreadMeta, A::Error> {
        let mut meta = ThreadMeta::default();
        while let Some(key) = map.next_key::<KeyName>()? {
            match key.0.as_str() {
                "participants" => {
                    let list: Vec<RawName> = map.next_value()?;
                    meta.participants = list.into_iter().filter_map(|p| p.name).collect();
                }
                "messages" => {
                    meta.has_messages = true;
                    match self.want {
                        Want::MetaOnly => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        Want::Messages => map.next_value_seed(Messages {
                            on_message: &mut *self.on_message,
                        })?,
                    }
                }
                "title" => meta.title = map.next_value()?,
                "thread_type" => meta.thread_type = map.next_value()?,
                "thread_path" => meta.thread_path = map.next_value()?,
                "is_still_participant" => meta.is_still_participant = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(meta)
    }
}

/// An object key, owned (keys may contain escapes).
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(KeyName)
    }
}

struct Messages<'a, 'b> {
    on_message: &'a mut OnMessage<'b>,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(m) = seq.next_element::<RawMessage>()? {
            if (self.on_message)(m).is_err() {
                return Err(de::Error::custom("stopped by the importer"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str, want: Want) -> (Result<ThreadMeta, String>, Vec<RawMessage>) {
        let mut got = Vec::new();
        let mut on = |m| {
            got.push(m);
            Ok(())
        };
        let mut de = serde_json::Deserializer::from_str(json);
        let meta = ThreadFile {
            want,
            on_message: &mut on,
        }
        .deserialize(&mut de)
        .map_err(|e| e.to_string());
        (meta, got)
    }

    #[test]
    fn keys_in_any_order_and_unknown_keys_skipped() {
        let json = r#"{"title":"T","magic_words":[],"messages":[{"sender_name":"A","timestamp_ms":2,"x":{"y":[1]}},{"sender_name":"B","timestamp_ms":1}],"participants":[{"name":"A"},{"name":"B"}],"thread_path":"inbox/t_1","image":{"uri":"u"}}"#;
        let (meta, msgs) = parse(json, Want::Messages);
        let meta = meta.unwrap();
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.participants, ["A", "B"]);
        assert_eq!(meta.thread_path.as_deref(), Some("inbox/t_1"));
        assert!(meta.has_messages);
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].timestamp_ms, Some(2));
    }

    #[test]
    fn meta_only_builds_no_messages() {
        let (meta, msgs) = parse(
            r#"{"messages":[{"timestamp_ms":1}],"title":"T"}"#,
            Want::MetaOnly,
        );
        assert_eq!(meta.unwrap().title.as_deref(), Some("T"));
        assert!(msgs.is_empty());
    }

    #[test]
    fn nulls_are_absent_values() {
        let (meta, msgs) = parse(
            r#"{"title":null,"messages":[{"sender_name":null,"timestamp_ms":5,"photos":null}]}"#,
            Want::Messages,
        );
        assert_eq!(meta.unwrap().title, None);
        assert_eq!(msgs[0].sender_name, None);
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        for json in [
            "[]",
            r#"{"messages":{}}"#,
            r#"{"messages":[1]}"#,
            r#"{"participants":"x"}"#,
            r#"{"messages":[{"timestamp_ms":"soon"}]}"#,
            r#"{"messages":["#,
        ] {
            assert!(parse(json, Want::Messages).0.is_err(), "{json}");
        }
    }

    #[test]
    fn callback_error_stops_the_parse() {
        let mut seen = 0;
        let mut on = |_m| {
            seen += 1;
            Err(Stopped)
        };
        let mut de = serde_json::Deserializer::from_str(r#"{"messages":[{},{}]}"#);
        let r = ThreadFile {
            want: Want::Messages,
            on_message: &mut on,
        }
        .deserialize(&mut de);
        assert!(r.is_err());
        assert_eq!(seen, 1);
    }
}
