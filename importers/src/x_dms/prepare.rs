//! The part of converting an event that needs no sink and no state of the
//! conversation, so it can run on worker threads.
//!
//! [`Prep::event`] turns one [`RawEvent`] into a [`Prepared`]: the message
//! or notice built (time parsed in the import's zone, t.co links expanded,
//! reaction keys mapped to emoji, notice text written), plus what the
//! importer's thread still has to do with it in file order: the people to
//! register (in the order the sequential conversion met them), media to
//! look up, the group name to remember. [`super::convert`] applies it.

use super::account::Me;
use super::raw::{RawEvent, RawGroupEvent, RawMessage, RawReaction};
use super::text::{expand_text, parse_time, reaction_emoji};
use crate::ImportOptions;
use crate::json_str::JsonStr;
use ferry_model::{Message, MessageKind, Reaction};

/// What is fixed for the whole import.
#[derive(Debug, Clone, Copy)]
pub struct Prep<'a> {
    pub options: &'a ImportOptions,
    pub me: &'a Me,
}

/// One event, converted as far as it can be without the sink.
#[derive(Debug, Clone, PartialEq)]
pub enum Prepared {
    /// A `messageCreate` or `welcomeMessageCreate`.
    Message(PreparedMessage),
    /// A message without a usable `createdAt`: skipped, named by its id.
    Undated(String),
    /// A `reactionCreate`: `sender` is registered even when the reaction
    /// itself is unusable; it joins the message `target` names.
    Reaction {
        sender: Option<String>,
        target: Option<String>,
        reaction: Option<Reaction>,
    },
    /// A group event: the people it names, a new group name, its notice.
    Group {
        people: Vec<String>,
        name: Option<String>,
        notice: Option<Message>,
    },
    /// An event of a kind Ferry does not know.
    Unknown,
}

/// A message whose attachments are still to be found.
///
/// Its people, in the order they are registered: the sender, the
/// recipient, then whoever reacted: the `by` of each reaction, or
/// `reacting` when some reaction could not be kept (its person still
/// counts). Nothing is copied for the common case.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedMessage {
    /// Without attachments, kind [`MessageKind::Text`].
    pub message: Message,
    pub recipient: Option<String>,
    pub reacting: Option<Vec<String>>,
    /// `mediaUrls`.
    pub media: Vec<String>,
}

impl PreparedMessage {
    /// The people of the message in order (see the type's documentation).
    pub fn people(&self) -> impl Iterator<Item = &str> {
        let listed = self.reacting.iter().flatten().map(String::as_str);
        let by = self
            .message
            .reactions
            .iter()
            .filter(|_| self.reacting.is_none())
            .filter_map(|r| r.by.as_deref());
        self.message
            .sender
            .as_deref()
            .into_iter()
            .chain(self.recipient.as_deref())
            .chain(listed)
            .chain(by)
    }
}

impl Prep<'_> {
    /// Converts one event (see the module documentation).
    pub fn event(&self, mut e: RawEvent<'_>) -> Prepared {
        if let Some(m) = e.message_create.take().or(e.welcome_message_create.take()) {
            return self.message(m);
        }
        if let Some(r) = e.reaction_create.take() {
            let sender = r.sender_id.clone();
            let target = r.event_id.clone();
            return Prepared::Reaction {
                sender,
                target,
                reaction: self.reaction(r),
            };
        }
        self.group_event(e)
    }

    fn reaction(&self, r: RawReaction) -> Option<Reaction> {
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

    fn message(&self, m: RawMessage<'_>) -> Prepared {
        let Some(sent_at) = m
            .created_at
            .as_deref()
            .and_then(|t| parse_time(t, self.options))
        else {
            return Prepared::Undated(m.id.as_deref().unwrap_or("?").to_owned());
        };
        let recipient = m
            .recipient_id
            .filter(|r| &**r != "0")
            .map(JsonStr::into_string);
        let text = expand_text(
            m.text.map(JsonStr::into_string).unwrap_or_default(),
            m.urls.as_deref().unwrap_or(&[]),
        );
        let media = m
            .media_urls
            .unwrap_or_default()
            .into_iter()
            .map(JsonStr::into_string)
            .collect();
        let raw = m.reactions.unwrap_or_default();
        let all_kept = raw
            .iter()
            .all(|r| r.emoji.as_deref().is_some_and(|e| !e.is_empty()) || r.reaction_key.is_some());
        let reacting =
            (!all_kept).then(|| raw.iter().filter_map(|r| r.sender_id.clone()).collect());
        let reactions = raw.into_iter().filter_map(|r| self.reaction(r)).collect();
        let mut message = Message::text(m.sender_id.map(JsonStr::into_string), sent_at, text);
        message.native_id = m.id.filter(|i| !i.is_empty()).map(JsonStr::into_string);
        message.kind = MessageKind::Text;
        message.reactions = reactions;
        Prepared::Message(PreparedMessage {
            message,
            recipient,
            reacting,
            media,
        })
    }

    fn notice(&self, g: &RawGroupEvent, text: String) -> Option<Message> {
        let sent_at = g
            .created_at
            .as_deref()
            .and_then(|t| parse_time(t, self.options))?;
        let mut m = Message::text(g.initiating_user_id.clone(), sent_at, text);
        m.kind = MessageKind::System;
        Some(m)
    }

    fn by(&self, g: &RawGroupEvent) -> String {
        self.me
            .display(g.initiating_user_id.as_deref().unwrap_or("someone"))
    }

    fn group_event(&self, e: RawEvent<'_>) -> Prepared {
        let mut people = Vec::new();
        let mut name = None;
        let notice = if let Some(g) = e.join_conversation {
            people.extend(g.initiating_user_id.clone());
            people.extend(g.participants_snapshot.iter().flatten().cloned());
            let me = self
                .me
                .id()
                .map(|i| self.me.display(i))
                .unwrap_or_else(|| "you".into());
            self.notice(&g, format!("{} added {me} to the group", self.by(&g)))
        } else if let Some(g) = e.participants_join {
            people.extend(g.initiating_user_id.clone());
            let users = g.user_ids.clone().unwrap_or_default();
            people.extend(users.iter().cloned());
            let text = format!(
                "{} added {} to the group",
                self.by(&g),
                self.me.names(&users)
            );
            self.notice(&g, text)
        } else if let Some(g) = e.participants_leave {
            let users = g.user_ids.clone().unwrap_or_default();
            people.extend(users.iter().cloned());
            let text = format!("{} left the group", self.me.names(&users));
            self.notice(&g, text).map(|mut m| {
                m.sender = match users.as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                };
                m
            })
        } else if let Some(g) = e.conversation_name_update {
            people.extend(g.initiating_user_id.clone());
            let new_name = g.name.clone().unwrap_or_default();
            let text = format!("{} named the group {new_name}", self.by(&g));
            name = Some(new_name).filter(|n| !n.is_empty());
            self.notice(&g, text)
        } else {
            return Prepared::Unknown;
        };
        Prepared::Group {
            people,
            name,
            notice,
        }
    }
}

impl super::split::Prepare for Prep<'_> {
    type Out = Prepared;
    fn prepare(&self, event: RawEvent<'_>) -> Prepared {
        self.event(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepare(json: &str, me: &Me) -> Prepared {
        let options = ImportOptions::default();
        let e: RawEvent<'_> = serde_json::from_str(json).unwrap();
        Prep {
            options: &options,
            me,
        }
        .event(e)
    }

    fn message(json: &str) -> PreparedMessage {
        match prepare(json, &Me::default()) {
            Prepared::Message(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn people_come_in_the_order_the_message_names_them() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "sender_and_recipient",
                r#"{"messageCreate": {"senderId": "1", "recipientId": "2", "createdAt": "2024-01-01T00:00:00Z"}}"#,
                &["1", "2"],
            ),
            (
                "recipient_zero_is_nobody",
                r#"{"messageCreate": {"senderId": "1", "recipientId": "0", "createdAt": "2024-01-01T00:00:00Z"}}"#,
                &["1"],
            ),
            (
                "reactions_after",
                r#"{"messageCreate": {"senderId": "1", "createdAt": "2024-01-01T00:00:00Z",
                    "reactions": [{"senderId": "3", "reactionKey": "like"}, {"reactionKey": "sad"}, {"senderId": "4", "emoji": "🎉"}]}}"#,
                &["1", "3", "4"],
            ),
            (
                "unusable_reaction_still_names_its_person",
                r#"{"messageCreate": {"senderId": "1", "createdAt": "2024-01-01T00:00:00Z",
                    "reactions": [{"senderId": "5"}, {"senderId": "3", "reactionKey": "like"}, {"senderId": "6", "emoji": ""}]}}"#,
                &["1", "5", "3", "6"],
            ),
        ];
        for (name, json, want) in cases {
            let m = message(json);
            assert_eq!(m.people().collect::<Vec<_>>(), *want, "{name}");
        }
        let m = message(cases[3].1);
        assert_eq!(
            m.message.reactions.len(),
            1,
            "only the keyed reaction is kept"
        );
    }

    #[test]
    fn messages_without_a_time_are_named_by_id() {
        let p = prepare(
            r#"{"messageCreate": {"id": "77", "createdAt": "yesterday"}}"#,
            &Me::default(),
        );
        assert_eq!(p, Prepared::Undated("77".into()));
        let p = prepare(r#"{"messageCreate": {}}"#, &Me::default());
        assert_eq!(p, Prepared::Undated("?".into()));
    }

    #[test]
    fn group_events_and_unknown_kinds() {
        let me = Me::new(
            Some(super::super::account::Account {
                account_id: Some("1".into()),
                username: None,
                account_display_name: Some("Me Myself".into()),
            }),
            None,
        );
        let Prepared::Group {
            people,
            name,
            notice,
        } = prepare(
            r#"{"conversationNameUpdate": {"initiatingUserId": "1", "name": "", "createdAt": "2024-01-01T00:00:00Z"}}"#,
            &me,
        )
        else {
            panic!("not a group event");
        };
        assert_eq!((people, name), (vec!["1".to_owned()], None));
        assert_eq!(notice.unwrap().text, "Me Myself named the group ");
        let Prepared::Group { notice, .. } = prepare(
            r#"{"joinConversation": {"initiatingUserId": "2", "participantsSnapshot": ["1", "2"]}}"#,
            &me,
        ) else {
            panic!("not a group event");
        };
        assert_eq!(notice, None, "no time, no notice");
        assert_eq!(
            prepare(r#"{"messageEdit": {"id": "1"}}"#, &me),
            Prepared::Unknown
        );
    }
}
