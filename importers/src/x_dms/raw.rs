//! The serde shapes of X DM files: an array of
//! `{"dmConversation": {"conversationId", "messages": [event, ...]}}`.
//!
//! [`super::split`] walks the array and the conversation objects itself and
//! hands each event's bytes to serde as a [`RawEvent`]: an object with one
//! key naming its kind (`messageCreate`, `reactionCreate`,
//! `joinConversation`, `participantsJoin`, `participantsLeave`,
//! `conversationNameUpdate`, ...). A conversation's events are never held
//! as a whole. Events come newest first.

use crate::json_str::JsonStr;
use serde::Deserialize;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn events_borrow_plain_strings_and_ignore_unknown_keys() {
        let json = r#"{"messageCreate": {"id": "9", "text": "a \"b\"", "senderId": "1",
            "mediaUrls": ["https://x/1.jpg"], "urls": [{"url": "u", "expanded": "e", "display": "d"}],
            "reactions": [{"senderId": "2", "reactionKey": "like", "eventId": "9"}], "new": [1]},
            "somethingNew": {"a": 1}}"#;
        let e: RawEvent<'_> = serde_json::from_str(json).unwrap();
        let m = e.message_create.unwrap();
        assert!(matches!(m.id.as_ref().unwrap().0, Cow::Borrowed("9")));
        assert!(matches!(m.text.as_ref().unwrap().0, Cow::Owned(_)));
        assert_eq!(m.text.as_deref(), Some("a \"b\""));
        assert_eq!(m.media_urls.unwrap()[0].as_ref() as &str, "https://x/1.jpg");
        assert_eq!(m.urls.unwrap()[0].expanded.as_deref(), Some("e"));
        assert_eq!(
            m.reactions.unwrap()[0].reaction_key.as_deref(),
            Some("like")
        );
        assert!(e.reaction_create.is_none() && e.join_conversation.is_none());
    }

    #[test]
    fn group_events_and_wrong_shapes() {
        let e: RawEvent<'_> = serde_json::from_str(
            r#"{"participantsJoin": {"initiatingUserId": "1", "userIds": ["3", "4"], "createdAt": "x"}}"#,
        )
        .unwrap();
        let g = e.participants_join.unwrap();
        assert_eq!(g.user_ids, Some(vec!["3".to_owned(), "4".to_owned()]));
        for bad in [
            r#"{"messageCreate": {"mediaUrls": "x"}}"#,
            r#"{"messageCreate": 5}"#,
            r#"{"participantsLeave": {"userIds": [1]}}"#,
            "5",
        ] {
            assert!(serde_json::from_str::<RawEvent<'_>>(bad).is_err(), "{bad}");
        }
    }
}
