//! One Hangouts conversation's metadata ([`Meta`]) and one event into one
//! message ([`convert`]).
//!
//! Event kinds: `REGULAR_CHAT_MESSAGE` (and `SMS`, anything with a
//! `chat_message`): text from `segment`s, photos from `attachment`s;
//! `HANGOUT_EVENT`: calls; `ADD_USER`/`REMOVE_USER`: membership;
//! `RENAME_CONVERSATION`; `OTR_MODIFICATION` (history on/off). Times are
//! microseconds since the epoch, written as strings.

use crate::matrix::at_millis;
use chrono_tz::Tz;
use ferry_model::{Attachment, MediaKind, Message, MessageKind};
use serde_json::Value;

/// What pass 1 learns about one conversation.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub id: Option<String>,
    pub name: Option<String>,
    pub group: bool,
    /// `(gaia id, display name)` of every participant.
    pub people: Vec<(String, String)>,
    /// The exporting account's gaia id.
    pub me: Option<String>,
}

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// `{"gaia_id": ..}` → the gaia id.
pub fn gaia(v: &Value) -> Option<&str> {
    str_of(v, "gaia_id").or_else(|| str_of(v, "chat_id"))
}

impl Meta {
    /// A `conversation_id` value: `{"id": "..."}` or a bare string.
    pub fn set_id(&mut self, v: &Value) {
        let id = v.as_str().or_else(|| str_of(v, "id"));
        if let Some(id) = id.filter(|s| !s.is_empty()) {
            self.id = Some(id.to_owned());
        }
    }

    /// The `conversation` object: type, name, participants, self.
    pub fn read(&mut self, c: &Value) {
        if let Some(id) = c.get("id") {
            self.set_id(id);
        }
        self.name = str_of(c, "name").map(str::to_owned);
        self.group = str_of(c, "type") == Some("GROUP");
        for p in c
            .get("participant_data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(id) = p.get("id").and_then(gaia) else {
                continue;
            };
            let name = str_of(p, "fallback_name").unwrap_or(id);
            if !self.people.iter().any(|(g, _)| g == id) {
                self.people.push((id.to_owned(), name.to_owned()));
            }
        }
        self.me = c
            .get("self_conversation_state")
            .and_then(|s| s.get("self_read_state"))
            .and_then(|s| s.get("participant_id"))
            .and_then(gaia)
            .map(str::to_owned);
    }

    /// The display name of a gaia id (the id itself when unknown).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.people
            .iter()
            .find(|(g, _)| g == id)
            .map(|(_, n)| n.as_str())
            .unwrap_or(id)
    }

    /// The chat's title: its name, else the other participants' names.
    pub fn title(&self) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        let others: Vec<&str> = self
            .people
            .iter()
            .filter(|(g, _)| Some(g) != self.me.as_ref())
            .map(|(_, n)| n.as_str())
            .collect();
        if others.is_empty() {
            format!("Hangouts {}", self.id.as_deref().unwrap_or("conversation"))
        } else {
            others.join(", ")
        }
    }
}

/// One event as a message, or why it is not one.
pub fn convert(event: &Value, meta: &Meta, tz: Tz) -> Result<Message, String> {
    let micros = match event.get("timestamp") {
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(v) => v.as_i64(),
        None => None,
    }
    .ok_or("event without a readable timestamp")?;
    let sent_at = at_millis(micros.div_euclid(1000), tz).ok_or("timestamp out of range")?;
    let sender = event.get("sender_id").and_then(gaia).map(str::to_owned);
    let actor = sender
        .as_deref()
        .map(|s| meta.name_of(s))
        .unwrap_or("Someone");
    let mut msg = Message::text(sender.clone(), sent_at, "");
    msg.native_id = str_of(event, "event_id").map(str::to_owned);
    let kind = str_of(event, "event_type").unwrap_or("");
    if let Some(chat) = event.get("chat_message") {
        let content = chat.get("message_content").unwrap_or(&Value::Null);
        msg.text = segments_text(content);
        attachments(content, &mut msg);
        return Ok(msg);
    }
    if let Some(h) = event.get("hangout_event") {
        msg.kind = MessageKind::Call;
        let what = match str_of(h, "media_type") {
            Some("AUDIO_ONLY") => "Voice call",
            _ => "Video call",
        };
        msg.text = match (str_of(h, "event_type"), h.get("hangout_duration_secs")) {
            (Some("END_HANGOUT"), Some(d)) => {
                let secs = d
                    .as_str()
                    .and_then(|s| s.parse::<u64>().ok())
                    .or(d.as_u64());
                match secs {
                    Some(s) => format!("{what} ended ({}:{:02})", s / 60, s % 60),
                    None => format!("{what} ended"),
                }
            }
            (Some("END_HANGOUT"), None) => format!("{what} ended"),
            _ => format!("{what} started"),
        };
        return Ok(msg);
    }
    msg.kind = MessageKind::System;
    msg.sender = None;
    if let Some(m) = event.get("membership_change") {
        let who: Vec<&str> = m
            .get("participant_ids")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(gaia).map(|g| meta.name_of(g)).collect())
            .unwrap_or_default();
        let who = who.join(", ");
        msg.text = match str_of(m, "type") {
            Some("JOIN") => format!("{actor} added {who}"),
            Some("LEAVE") if sender.as_deref().is_some_and(|s| meta.name_of(s) == who) => {
                format!("{who} left")
            }
            Some("LEAVE") => format!("{actor} removed {who}"),
            _ => format!("{actor} changed the members: {who}"),
        };
    } else if let Some(r) = event.get("conversation_rename") {
        msg.text = format!(
            "{actor} renamed the conversation to {}",
            str_of(r, "new_name").unwrap_or("")
        );
    } else if let Some(o) = event.get("otr_modification") {
        msg.text = match str_of(o, "new_otr_status") {
            Some("OFF_THE_RECORD") => format!("{actor} turned history off"),
            _ => format!("{actor} turned history on"),
        };
    } else if kind.is_empty() {
        return Err("event without a type".to_owned());
    } else {
        return Err(format!("event type {kind} is not imported"));
    }
    Ok(msg)
}

/// The text of `segment`s: `TEXT` and `LINK` text, `LINE_BREAK` as `\n`.
fn segments_text(content: &Value) -> String {
    let mut text = String::new();
    for s in content
        .get("segment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match str_of(s, "type") {
            Some("LINE_BREAK") => {
                text.push_str(s.get("text").and_then(Value::as_str).unwrap_or("\n"))
            }
            _ => text.push_str(s.get("text").and_then(Value::as_str).unwrap_or("")),
        }
    }
    text
}

/// `attachment[].embed_item`: photos and videos (by URL), places.
fn attachments(content: &Value, msg: &mut Message) {
    for a in content
        .get("attachment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(item) = a.get("embed_item") else {
            continue;
        };
        if let Some(photo) = item.get("plus_photo") {
            let url = str_of(photo, "url")
                .or_else(|| str_of(photo, "original_content_url"))
                .or_else(|| photo.get("thumbnail").and_then(|t| str_of(t, "url")))
                .unwrap_or("photo");
            let video = str_of(photo, "media_type") == Some("VIDEO");
            let mut att = Attachment::named(file_name_of(url, video));
            att.media_kind = if video {
                MediaKind::Video
            } else {
                MediaKind::Image
            };
            msg.attachments.push(att);
            msg.kind = MessageKind::Media;
        } else if let Some(place) = item.get("place_v2").or_else(|| item.get("place")) {
            msg.kind = MessageKind::Location;
            let name = str_of(place, "name").unwrap_or("");
            let url = str_of(place, "url").unwrap_or("");
            if msg.text.is_empty() {
                msg.text = [name, url]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
        }
    }
}

/// A file name for a photo URL: its last path segment without the query,
/// with an extension when the URL has none.
pub fn file_name_of(url: &str, video: bool) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let last = if last.is_empty() || last.contains(':') {
        "photo"
    } else {
        last
    };
    if last.contains('.') {
        last.to_owned()
    } else if video {
        format!("{last}.mp4")
    } else {
        format!("{last}.jpg")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_urls() {
        for (name, url, video, want) in [
            (
                "plain",
                "https://lh3.example.com/a/b/IMG_1.jpg",
                false,
                "IMG_1.jpg",
            ),
            (
                "query dropped",
                "https://x.example/p/IMG_2.png?sz=200",
                false,
                "IMG_2.png",
            ),
            (
                "no extension",
                "https://x.example/p/AbCd",
                false,
                "AbCd.jpg",
            ),
            ("video", "https://x.example/v/AbCd", true, "AbCd.mp4"),
            ("empty", "", false, "photo.jpg"),
            ("scheme only", "https://", false, "photo.jpg"),
        ] {
            assert_eq!(file_name_of(url, video), want, "{name}");
        }
    }
}
