//! Service messages (`"type": "service"`): the kind Ferry gives them and an
//! English sentence for their `action`, since the export leaves `text`
//! empty. Calls (`phone_call`, `group_call`) become [`MessageKind::Call`];
//! everything else is [`MessageKind::System`]. Unknown actions are kept
//! with their action name, so future Telegram versions still import.

use super::raw::RawMessage;
use crate::telegram::common::DELETED_ACCOUNT;
use ferry_model::MessageKind;

/// The kind and text of a service message whose actor is called `actor`.
pub fn describe(raw: &RawMessage<'_>, actor: &str) -> (MessageKind, String) {
    let action = raw.action.as_deref().unwrap_or("");
    let title = raw.title.as_deref().unwrap_or("");
    let members = || {
        raw.members
            .iter()
            .flatten()
            .map(|m| m.as_deref().unwrap_or(DELETED_ACCOUNT))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut kind = MessageKind::System;
    let text = match action {
        "create_group" => {
            let m = members();
            if m.is_empty() {
                format!("{actor} created group «{title}»")
            } else {
                format!("{actor} created group «{title}» with members {m}")
            }
        }
        "create_channel" => format!("{actor} created channel «{title}»"),
        "edit_group_title" => format!("{actor} changed the title to «{title}»"),
        "edit_group_photo" => format!("{actor} changed the group photo"),
        "delete_group_photo" => format!("{actor} removed the group photo"),
        "invite_members" => format!("{actor} added {}", members()),
        "remove_members" => format!("{actor} removed {}", members()),
        "join_group_by_link" => format!("{actor} joined the group via invite link"),
        "join_group_by_request" => format!("{actor} joined the group after a request"),
        "migrate_to_supergroup" => format!("{actor} converted this group to a supergroup"),
        "migrate_from_group" => format!("{actor} converted the group «{title}» to a supergroup"),
        "pin_message" => format!("{actor} pinned a message"),
        "clear_history" => "History cleared".to_owned(),
        "joined_telegram" => format!("{actor} joined Telegram"),
        "take_screenshot" => format!("{actor} took a screenshot"),
        "topic_created" => format!("{actor} created topic «{title}»"),
        "topic_edit" => format!("{actor} edited topic «{title}»"),
        "invite_to_group_call" => format!("{actor} invited {} to the voice chat", members()),
        "set_messages_ttl" => match raw.period {
            Some(p) if p > 0 => format!("{actor} set messages to auto-delete after {p} s"),
            _ => format!("{actor} disabled auto-delete"),
        },
        "phone_call" => {
            kind = MessageKind::Call;
            let mut t = format!("{actor} called");
            if let Some(d) = raw.duration_seconds {
                t.push_str(&format!(" ({})", duration(d)));
            }
            if let Some(r) = raw.discard_reason.as_deref().filter(|r| *r != "hangup") {
                t.push_str(&format!(" ({r})"));
            }
            t
        }
        "group_call" => {
            kind = MessageKind::Call;
            match raw.duration {
                Some(d) => format!("{actor} started a voice chat ({})", duration(d)),
                None => format!("{actor} started a voice chat"),
            }
        }
        "" => format!("{actor}: service message"),
        other => format!("{actor}: {}", other.replace('_', " ")),
    };
    let extra = raw.text.0.trim();
    if extra.is_empty() {
        (kind, text)
    } else {
        (kind, format!("{text}\n{extra}"))
    }
}

/// `95` -> `1 min 35 s`.
fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, s) => format!("{h} h {m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> RawMessage<'_> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn table_of_actions() {
        for (json, kind, text) in [
            (
                r#"{"action":"create_group","title":"G","members":["A",null]}"#,
                MessageKind::System,
                "Bob created group «G» with members A, Deleted Account",
            ),
            (
                r#"{"action":"phone_call","duration_seconds":95,"discard_reason":"hangup"}"#,
                MessageKind::Call,
                "Bob called (1 min 35 s)",
            ),
            (
                r#"{"action":"phone_call","discard_reason":"missed"}"#,
                MessageKind::Call,
                "Bob called (missed)",
            ),
            (
                r#"{"action":"group_call","duration":3700}"#,
                MessageKind::Call,
                "Bob started a voice chat (1 h 1 min 40 s)",
            ),
            (
                r#"{"action":"pin_message","message_id":3}"#,
                MessageKind::System,
                "Bob pinned a message",
            ),
            (
                r#"{"action":"send_star_gift_2031"}"#,
                MessageKind::System,
                "Bob: send star gift 2031",
            ),
            (
                r#"{"action":"custom","text":"said something"}"#,
                MessageKind::System,
                "Bob: custom\nsaid something",
            ),
        ] {
            assert_eq!(
                describe(&raw(json), "Bob"),
                (kind, text.to_owned()),
                "{json}"
            );
        }
    }
}
