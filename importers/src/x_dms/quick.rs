//! The quick path for an X DM event (see [`crate::json_quick`]): a
//! `messageCreate` (or `welcomeMessageCreate`) is read field by field, its
//! non-empty `urls` and `reactions` and every other kind of event go to
//! serde as text. Anything else bails, and the caller parses the whole
//! event with serde, so the result is always what serde would give (the
//! differential tests check it).

use super::raw::{RawEvent, RawMessage};
use crate::json_quick::{Cursor, Quick, Seen};
use crate::json_str::JsonStr;

/// An event, or `None` when serde must decide.
pub fn event(text: &str) -> Option<RawEvent<'_>> {
    let mut c = Cursor::new(text);
    let e = read_event(&mut c).ok()?;
    c.end().ok()?;
    Some(e)
}

fn read_event<'a>(c: &mut Cursor<'a>) -> Quick<RawEvent<'a>> {
    let mut e = RawEvent::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "messageCreate" => {
                seen.first(0)?;
                e.message_create = c.optional(message)?;
            }
            "welcomeMessageCreate" => {
                seen.first(1)?;
                e.welcome_message_create = c.optional(message)?;
            }
            "reactionCreate" => {
                seen.first(2)?;
                e.reaction_create = c.optional(Cursor::by_serde)?;
            }
            "joinConversation" => {
                seen.first(3)?;
                e.join_conversation = c.optional(Cursor::by_serde)?;
            }
            "participantsJoin" => {
                seen.first(4)?;
                e.participants_join = c.optional(Cursor::by_serde)?;
            }
            "participantsLeave" => {
                seen.first(5)?;
                e.participants_leave = c.optional(Cursor::by_serde)?;
            }
            "conversationNameUpdate" => {
                seen.first(6)?;
                e.conversation_name_update = c.optional(Cursor::by_serde)?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(e)
}

fn message<'a>(c: &mut Cursor<'a>) -> Quick<RawMessage<'a>> {
    let mut m = RawMessage::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "id" => {
                seen.first(0)?;
                m.id = c.optional(Cursor::string)?;
            }
            "senderId" => {
                seen.first(1)?;
                m.sender_id = c.optional(Cursor::string)?;
            }
            "recipientId" => {
                seen.first(2)?;
                m.recipient_id = c.optional(Cursor::string)?;
            }
            "text" => {
                seen.first(3)?;
                m.text = c.optional(Cursor::string)?;
            }
            "createdAt" => {
                seen.first(4)?;
                m.created_at = c.optional(Cursor::string)?;
            }
            "mediaUrls" => {
                seen.first(5)?;
                m.media_urls = c.optional(strings)?;
            }
            "urls" => {
                seen.first(6)?;
                m.urls = c.optional(Cursor::list)?;
            }
            "reactions" => {
                seen.first(7)?;
                m.reactions = c.optional(Cursor::list)?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(m)
}

fn strings<'a>(c: &mut Cursor<'a>) -> Quick<Vec<JsonStr<'a>>> {
    let mut out = Vec::new();
    c.array(|c| {
        out.push(c.string()?);
        Ok(())
    })?;
    Ok(out)
}
