//! First pass over the events: what later events change about earlier ones.
//! Edits (`m.replace`) and reactions (`m.annotation`) are separate events in
//! Matrix; Ferry folds them into their target. Only these relations are
//! kept, so memory grows with the number of edits and reactions, not with
//! the number of messages.

use super::at_millis;
use chrono_tz::Tz;
use ferry_model::{Reaction, Timestamp};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The newest replacement of one message.
#[derive(Debug, Clone)]
pub struct Edit {
    pub text: String,
    pub at: Option<Timestamp>,
    millis: i64,
}

/// Everything the first pass learns.
#[derive(Debug, Default)]
pub struct Folds {
    /// Target event id -> its newest edit.
    pub edits: HashMap<String, Edit>,
    /// Target event id -> reactions, in file order.
    pub reactions: HashMap<String, Vec<Reaction>>,
    /// Event ids removed by `m.room.redaction` events.
    pub redacted: std::collections::HashSet<String>,
    /// The room id (from the first event that has one).
    pub room_id: Option<String>,
    /// Sender mxid -> display name (latest `m.room.member` wins).
    pub people: BTreeMap<String, String>,
    /// The room creator's mxid (from `m.room.create`).
    pub creator: Option<String>,
}

/// A string field of a JSON object.
pub fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The `m.relates_to` object of an event's content.
pub fn relates_to(event: &Value) -> Option<&Value> {
    event.get("content")?.get("m.relates_to")
}

impl Folds {
    /// Takes note of one event.
    pub fn note(&mut self, event: &Value, tz: Tz) {
        if self.room_id.is_none() {
            self.room_id = str_at(event, "room_id").map(str::to_owned);
        }
        let kind = str_at(event, "type").unwrap_or("");
        if let Some(sender) = str_at(event, "sender") {
            self.people
                .entry(sender.to_owned())
                .or_insert_with(|| sender.to_owned());
        }
        let millis = event
            .get("origin_server_ts")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        match kind {
            "m.room.create" => {
                let c = event.get("content").and_then(|c| str_at(c, "creator"));
                self.creator = c.or_else(|| str_at(event, "sender")).map(str::to_owned);
            }
            "m.room.member" => {
                let who = str_at(event, "state_key");
                let name = event.get("content").and_then(|c| str_at(c, "displayname"));
                if let (Some(who), Some(name)) = (who, name)
                    && !who.is_empty()
                    && !name.is_empty()
                {
                    self.people.insert(who.to_owned(), name.to_owned());
                }
            }
            "m.room.redaction" => {
                let target = str_at(event, "redacts")
                    .or_else(|| event.get("content").and_then(|c| str_at(c, "redacts")));
                if let Some(t) = target {
                    self.redacted.insert(t.to_owned());
                }
            }
            "m.reaction" => {
                let Some(rel) = relates_to(event) else { return };
                if str_at(rel, "rel_type") != Some("m.annotation") || is_redacted(event) {
                    return;
                }
                if let (Some(target), Some(key)) = (str_at(rel, "event_id"), str_at(rel, "key")) {
                    self.reactions
                        .entry(target.to_owned())
                        .or_default()
                        .push(Reaction {
                            emoji: key.to_owned(),
                            by: str_at(event, "sender").map(str::to_owned),
                            at: at_millis(millis, tz),
                        });
                }
            }
            _ => {
                if let Some((target, text)) = replacement(event) {
                    let newer = self.edits.get(target).is_none_or(|e| e.millis <= millis);
                    if newer {
                        self.edits.insert(
                            target.to_owned(),
                            Edit {
                                text: text.to_owned(),
                                at: at_millis(millis, tz),
                                millis,
                            },
                        );
                    }
                }
            }
        }
    }
}

/// Whether the server redacted this event (its content is gone).
pub fn is_redacted(event: &Value) -> bool {
    event
        .get("unsigned")
        .and_then(|u| u.get("redacted_because"))
        .is_some()
}

/// `(target event id, new text)` when the event is an edit (`m.replace`).
pub fn replacement(event: &Value) -> Option<(&str, &str)> {
    let rel = relates_to(event)?;
    if str_at(rel, "rel_type")? != "m.replace" {
        return None;
    }
    let target = str_at(rel, "event_id")?;
    let content = event.get("content")?;
    let text = content
        .get("m.new_content")
        .and_then(|n| str_at(n, "body"))
        .or_else(|| str_at(content, "body").map(|b| b.strip_prefix(" * ").unwrap_or(b)))?;
    Some((target, text))
}
