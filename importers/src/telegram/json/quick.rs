//! The quick path for a Telegram message (see [`crate::json_quick`]): the
//! fields of the usual message, its reactions and every string field are
//! read directly; the rest (other numbers, text arrays, polls, contacts,
//! places) go to serde as text, field by field. Anything else bails, and
//! the caller parses the whole message with serde, so the result is always
//! what serde would give (the differential tests check it).

use super::raw::{Lenient, PeerId, RawMessage, RawReaction, RawReactor, Str};
use super::text::Text;
use crate::json_quick::{Cursor, Quick, Seen, once};
use std::borrow::Cow;

/// A message, or `None` when serde must decide.
pub fn message(text: &str) -> Option<RawMessage<'_>> {
    let mut c = Cursor::new(text);
    let m = read_message(&mut c).ok()?;
    c.end().ok()?;
    Some(m)
}

fn str<'a>(c: &mut Cursor<'a>) -> Quick<Option<Str<'a>>> {
    c.optional(|c| Ok(Str(c.string()?.0)))
}

/// A string, or a whole number printed (older exports); other numbers
/// are left to serde.
fn scalar<'a>(c: &mut Cursor<'a>) -> Quick<Cow<'a, str>> {
    if c.peek().is_some_and(|b| b.is_ascii_digit() || b == b'-') {
        return Ok(Cow::Owned(c.i64()?.to_string()));
    }
    Ok(c.string()?.0)
}

fn lenient<'a>(c: &mut Cursor<'a>) -> Quick<Option<Lenient<'a>>> {
    c.optional(|c| scalar(c).map(Lenient))
}

fn peer<'a>(c: &mut Cursor<'a>) -> Quick<Option<PeerId<'a>>> {
    c.optional(|c| scalar(c).map(PeerId::from_text))
}

/// `text`: a string, `null` (empty), or parts that serde flattens.
fn text(c: &mut Cursor<'_>) -> Quick<Text> {
    if c.null() {
        return Ok(Text::default());
    }
    if c.peek() == Some(b'"') {
        return Ok(Text(c.string()?.into_string()));
    }
    c.by_serde()
}

fn read_message<'a>(c: &mut Cursor<'a>) -> Quick<RawMessage<'a>> {
    let mut m = RawMessage::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        // In the order of `RawMessage`.
        match key {
            "id" => once!(seen, m, 0, id, c.optional(Cursor::i64)?),
            "type" => once!(seen, m, 1, ty, str(c)?),
            "date" => once!(seen, m, 2, date, str(c)?),
            "date_unixtime" => once!(seen, m, 3, date_unixtime, lenient(c)?),
            "edited" => once!(seen, m, 4, edited, str(c)?),
            "edited_unixtime" => once!(seen, m, 5, edited_unixtime, lenient(c)?),
            "from" => once!(seen, m, 6, from, str(c)?),
            "from_id" => once!(seen, m, 7, from_id, peer(c)?),
            "actor" => once!(seen, m, 8, actor, str(c)?),
            "actor_id" => once!(seen, m, 9, actor_id, peer(c)?),
            "action" => once!(seen, m, 10, action, str(c)?),
            "title" => once!(seen, m, 11, title, str(c)?),
            "members" => once!(seen, m, 12, members, c.by_serde()?),
            "message_id" => once!(seen, m, 13, message_id, c.by_serde()?),
            "duration_seconds" => once!(seen, m, 14, duration_seconds, c.by_serde()?),
            "duration" => once!(seen, m, 15, duration, c.by_serde()?),
            "discard_reason" => once!(seen, m, 16, discard_reason, str(c)?),
            "period" => once!(seen, m, 17, period, c.by_serde()?),
            "inviter" => once!(seen, m, 18, inviter, str(c)?),
            "author" => once!(seen, m, 19, author, str(c)?),
            // `null` here differs from an absent key.
            "forwarded_from" => once!(seen, m, 20, forwarded_from, Some(str(c)?)),
            "saved_from" => once!(seen, m, 21, saved_from, str(c)?),
            "reply_to_message_id" => {
                once!(seen, m, 22, reply_to_message_id, c.optional(Cursor::i64)?)
            }
            "reply_to_peer_id" => once!(seen, m, 23, reply_to_peer_id, peer(c)?),
            "via_bot" => once!(seen, m, 24, via_bot, str(c)?),
            "photo" => once!(seen, m, 25, photo, str(c)?),
            "photo_file_size" => once!(seen, m, 26, photo_file_size, c.by_serde()?),
            "file" => once!(seen, m, 27, file, str(c)?),
            "file_name" => once!(seen, m, 28, file_name, str(c)?),
            "file_size" => once!(seen, m, 29, file_size, c.by_serde()?),
            "media_type" => once!(seen, m, 30, media_type, str(c)?),
            "mime_type" => once!(seen, m, 31, mime_type, str(c)?),
            "sticker_emoji" => once!(seen, m, 32, sticker_emoji, str(c)?),
            "performer" => once!(seen, m, 33, performer, str(c)?),
            "contact_information" => once!(seen, m, 34, contact_information, c.by_serde()?),
            "contact_vcard" => once!(seen, m, 35, contact_vcard, str(c)?),
            "contact_vcard_file_size" => once!(seen, m, 36, contact_vcard_file_size, c.by_serde()?),
            "location_information" => once!(seen, m, 37, location_information, c.by_serde()?),
            "place_name" => once!(seen, m, 38, place_name, str(c)?),
            "address" => once!(seen, m, 39, address, str(c)?),
            "poll" => once!(seen, m, 40, poll, c.by_serde()?),
            "text" => once!(seen, m, 41, text, text(c)?),
            "reactions" => once!(seen, m, 42, reactions, c.optional(|c| c.each(reaction))?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(m)
}

fn reaction<'a>(c: &mut Cursor<'a>) -> Quick<RawReaction<'a>> {
    let mut r = RawReaction::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "type" => once!(seen, r, 0, ty, str(c)?),
            "count" => once!(seen, r, 1, count, c.by_serde()?),
            "emoji" => once!(seen, r, 2, emoji, str(c)?),
            "document_id" => once!(seen, r, 3, document_id, lenient(c)?),
            "recent" => once!(seen, r, 4, recent, c.optional(|c| c.each(reactor))?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}

fn reactor<'a>(c: &mut Cursor<'a>) -> Quick<RawReactor<'a>> {
    let mut r = RawReactor::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "from" => once!(seen, r, 0, from, str(c)?),
            "from_id" => once!(seen, r, 1, from_id, peer(c)?),
            "date" => once!(seen, r, 2, date, str(c)?),
            "date_unixtime" => once!(seen, r, 3, date_unixtime, lenient(c)?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}
