//! The quick path for an X DM event (see [`crate::json_quick`]): a
//! `messageCreate` (or `welcomeMessageCreate`) is read field by field, its
//! non-empty `urls` and `reactions` and every other kind of event go to
//! serde as text. Anything else bails, and the caller parses the whole
//! event with serde, so the result is always what serde would give (the
//! differential tests check it).

use super::raw::{RawEvent, RawMessage};
use crate::json_quick::{Cursor, Quick, Seen, once};

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
            "messageCreate" => once!(seen, e, 0, message_create, c.optional(message)?),
            "welcomeMessageCreate" => {
                once!(seen, e, 1, welcome_message_create, c.optional(message)?)
            }
            "reactionCreate" => once!(seen, e, 2, reaction_create, c.optional(Cursor::by_serde)?),
            "joinConversation" => {
                once!(seen, e, 3, join_conversation, c.optional(Cursor::by_serde)?)
            }
            "participantsJoin" => {
                once!(seen, e, 4, participants_join, c.optional(Cursor::by_serde)?)
            }
            "participantsLeave" => once!(
                seen,
                e,
                5,
                participants_leave,
                c.optional(Cursor::by_serde)?
            ),
            "conversationNameUpdate" => once!(
                seen,
                e,
                6,
                conversation_name_update,
                c.optional(Cursor::by_serde)?
            ),
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
            "id" => once!(seen, m, 0, id, c.optional(Cursor::string)?),
            "senderId" => once!(seen, m, 1, sender_id, c.optional(Cursor::string)?),
            "recipientId" => once!(seen, m, 2, recipient_id, c.optional(Cursor::string)?),
            "text" => once!(seen, m, 3, text, c.optional(Cursor::string)?),
            "createdAt" => once!(seen, m, 4, created_at, c.optional(Cursor::string)?),
            "mediaUrls" => once!(
                seen,
                m,
                5,
                media_urls,
                c.optional(|c| c.each(Cursor::string))?
            ),
            "urls" => once!(seen, m, 6, urls, c.optional(Cursor::list)?),
            "reactions" => once!(seen, m, 7, reactions, c.optional(Cursor::list)?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(m)
}
