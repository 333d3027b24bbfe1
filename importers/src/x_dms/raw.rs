//! Streaming reader for X DM files: an array of
//! `{"dmConversation": {"conversationId", "messages": [event, ...]}}`.
//!
//! [`super::split`] cuts the array into conversations; each element is
//! read with the [`Element`] seed. Each event is an object with one key
//! naming its kind (`messageCreate`,
//! `reactionCreate`, `joinConversation`, `participantsJoin`,
//! `participantsLeave`, `conversationNameUpdate`, ...) and is deserialised
//! on its own and handed to a [`Handler`]; a conversation's events are
//! never held as a whole by this reader. Events come newest first.

use crate::json_str::JsonStr;
use crate::meta::read::Stopped;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `urls[]` of a message: the t.co link and what it stands for.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
pub struct RawUrl<'a> {
    #[serde(default, borrow)]
    pub url: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub expanded: Option<JsonStr<'a>>,
}

/// A reaction, inside `messageCreate.reactions[]` or as `reactionCreate`.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RawReaction {
    #[serde(default)]
    pub sender_id: Option<String>,
    #[serde(default)]
    pub reaction_key: Option<String>,
    /// Newer archives may carry the emoji itself.
    #[serde(default)]
    pub emoji: Option<String>,
    /// The message reacted to.
    #[serde(default)]
    pub event_id: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `messageCreate` (and `welcomeMessageCreate`). Strings borrow from the
/// parse buffer where they have no escapes.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RawMessage<'a> {
    #[serde(default, borrow)]
    pub id: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub sender_id: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub recipient_id: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub text: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub created_at: Option<JsonStr<'a>>,
    #[serde(default, borrow)]
    pub media_urls: Option<Vec<JsonStr<'a>>>,
    #[serde(default, borrow)]
    pub urls: Option<Vec<RawUrl<'a>>>,
    #[serde(default)]
    pub reactions: Option<Vec<RawReaction>>,
}

/// `joinConversation`, `participantsJoin`, `participantsLeave`,
/// `conversationNameUpdate`: who did it, to whom, when.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RawGroupEvent {
    #[serde(default)]
    pub initiating_user_id: Option<String>,
    #[serde(default)]
    pub user_ids: Option<Vec<String>>,
    #[serde(default)]
    pub participants_snapshot: Option<Vec<String>>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// One element of a conversation's `messages`.
#[derive(Debug, Deserialize, Default, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RawEvent<'a> {
    #[serde(default, borrow)]
    pub message_create: Option<RawMessage<'a>>,
    #[serde(default, borrow)]
    pub welcome_message_create: Option<RawMessage<'a>>,
    #[serde(default)]
    pub reaction_create: Option<RawReaction>,
    #[serde(default)]
    pub join_conversation: Option<RawGroupEvent>,
    #[serde(default)]
    pub participants_join: Option<RawGroupEvent>,
    #[serde(default)]
    pub participants_leave: Option<RawGroupEvent>,
    #[serde(default)]
    pub conversation_name_update: Option<RawGroupEvent>,
}

/// Receives a file's content. An `Err` stops the parse; the handler keeps
/// the reason.
pub trait Handler {
    /// A conversation starts.
    fn begin(&mut self) -> Result<(), Stopped>;
    /// Its id, whenever the key comes (usually before the events).
    fn conversation_id(&mut self, id: String) -> Result<(), Stopped>;
    fn event(&mut self, event: RawEvent<'_>) -> Result<(), Stopped>;
    /// The conversation object ended.
    fn end(&mut self) -> Result<(), Stopped>;
}

/// The serde error message used when a [`Handler`] stops the parse.
pub const STOPPED: &str = "stopped by the importer";

fn stop<E: de::Error>(r: Result<(), Stopped>) -> Result<(), E> {
    r.map_err(|Stopped| E::custom(STOPPED))
}

/// Seed for one element of the file's array: `{"dmConversation": {...}}`.
pub struct Element<'h> {
    pub handler: &'h mut dyn Handler,
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Element")
    }
}

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Element<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a {\"dmConversation\": ...} object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "dmConversation" {
                map.next_value_seed(Conversation {
                    handler: &mut *self.handler,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Conversation<'h> {
    handler: &'h mut dyn Handler,
}

impl<'de> DeserializeSeed<'de> for Conversation<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Conversation<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a conversation object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        stop(self.handler.begin())?;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "conversationId" => {
                    let id: String = map.next_value()?;
                    stop(self.handler.conversation_id(id))?;
                }
                "messages" => map.next_value_seed(Events {
                    handler: &mut *self.handler,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        stop(self.handler.end())
    }
}

struct Events<'h> {
    handler: &'h mut dyn Handler,
}

impl<'de> DeserializeSeed<'de> for Events<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<RawEvent<'de>>()? {
            stop(self.handler.event(e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Log(Vec<String>);

    impl Handler for Log {
        fn begin(&mut self) -> Result<(), Stopped> {
            self.0.push("begin".into());
            Ok(())
        }
        fn conversation_id(&mut self, id: String) -> Result<(), Stopped> {
            self.0.push(format!("id {id}"));
            Ok(())
        }
        fn event(&mut self, e: RawEvent<'_>) -> Result<(), Stopped> {
            let what = if let Some(m) = e.message_create {
                format!("message {}", m.id.as_deref().unwrap_or_default())
            } else if e.participants_join.is_some() {
                "join".into()
            } else {
                "other".into()
            };
            self.0.push(what);
            Ok(())
        }
        fn end(&mut self) -> Result<(), Stopped> {
            self.0.push("end".into());
            Ok(())
        }
    }

    fn parse(json: &str) -> (Result<(), String>, Vec<String>) {
        let mut log = Log::default();
        let r = super::super::split::parse_file(&mut json.as_bytes(), &mut log)
            .map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message));
        (r, log.0)
    }

    #[test]
    fn events_in_order_with_unknown_keys_skipped() {
        let (r, log) = parse(
            r#"[{"dmConversation":{"conversationId":"1-2","extra":{},"messages":[
                {"messageCreate":{"id":"9","senderId":"1","text":"hi","mediaUrls":[],"urls":[]}},
                {"participantsJoin":{"initiatingUserId":"1","userIds":["3"],"createdAt":"x"}},
                {"somethingNew":{"a":1}}]}},
               {"other":1}]"#,
        );
        r.unwrap();
        assert_eq!(
            log,
            ["begin", "id 1-2", "message 9", "join", "other", "end"]
        );
    }

    #[test]
    fn wrong_shapes_are_errors() {
        for json in [
            "{}",
            r#"[{"dmConversation":[]}]"#,
            r#"[{"dmConversation":{"conversationId":5}}]"#,
            r#"[{"dmConversation":{"messages":{}}}]"#,
            r#"[{"dmConversation":{"messages":[{"messageCreate":{"mediaUrls":"x"}}]}}]"#,
            r#"[{"dmConversation":{"messages":["#,
        ] {
            assert!(parse(json).0.is_err(), "{json}");
        }
    }
}
