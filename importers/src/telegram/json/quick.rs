//! The quick path for a Telegram message (see [`crate::json_quick`]): the
//! fields of the usual message and every string field are read directly;
//! the rest (other numbers, text arrays, polls,
//! contacts, places) go to serde as text, field by field. Anything else
//! bails, and the caller parses the whole message with serde, so the result
//! is always what serde would give (the differential tests check it).

use super::raw::{Lenient, PeerId, RawMessage, RawReaction, RawReactor, Str};
use super::text::Text;
use crate::json_quick::{Cursor, Quick, Seen};
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
        // Each known field once (serde refuses duplicates), in the order
        // of `RawMessage`.
        macro_rules! set {
            ($bit:expr, $field:ident, $read:expr) => {{
                seen.first($bit)?;
                m.$field = $read;
            }};
        }
        match key {
            "id" => set!(0, id, c.optional(Cursor::i64)?),
            "type" => set!(1, ty, str(c)?),
            "date" => set!(2, date, str(c)?),
            "date_unixtime" => set!(3, date_unixtime, lenient(c)?),
            "edited" => set!(4, edited, str(c)?),
            "edited_unixtime" => set!(5, edited_unixtime, lenient(c)?),
            "from" => set!(6, from, str(c)?),
            "from_id" => set!(7, from_id, peer(c)?),
            "actor" => set!(8, actor, str(c)?),
            "actor_id" => set!(9, actor_id, peer(c)?),
            "action" => set!(10, action, str(c)?),
            "title" => set!(11, title, str(c)?),
            "members" => set!(12, members, c.by_serde()?),
            "message_id" => set!(13, message_id, c.by_serde()?),
            "duration_seconds" => set!(14, duration_seconds, c.by_serde()?),
            "duration" => set!(15, duration, c.by_serde()?),
            "discard_reason" => set!(16, discard_reason, str(c)?),
            "period" => set!(17, period, c.by_serde()?),
            "inviter" => set!(18, inviter, str(c)?),
            "author" => set!(19, author, str(c)?),
            // `null` here differs from an absent key.
            "forwarded_from" => set!(20, forwarded_from, Some(str(c)?)),
            "saved_from" => set!(21, saved_from, str(c)?),
            "reply_to_message_id" => set!(22, reply_to_message_id, c.optional(Cursor::i64)?),
            "reply_to_peer_id" => set!(23, reply_to_peer_id, peer(c)?),
            "via_bot" => set!(24, via_bot, str(c)?),
            "photo" => set!(25, photo, str(c)?),
            "photo_file_size" => set!(26, photo_file_size, c.by_serde()?),
            "file" => set!(27, file, str(c)?),
            "file_name" => set!(28, file_name, str(c)?),
            "file_size" => set!(29, file_size, c.by_serde()?),
            "media_type" => set!(30, media_type, str(c)?),
            "mime_type" => set!(31, mime_type, str(c)?),
            "sticker_emoji" => set!(32, sticker_emoji, str(c)?),
            "performer" => set!(33, performer, str(c)?),
            "contact_information" => set!(34, contact_information, c.by_serde()?),
            "contact_vcard" => set!(35, contact_vcard, str(c)?),
            "contact_vcard_file_size" => set!(36, contact_vcard_file_size, c.by_serde()?),
            "location_information" => set!(37, location_information, c.by_serde()?),
            "place_name" => set!(38, place_name, str(c)?),
            "address" => set!(39, address, str(c)?),
            "poll" => set!(40, poll, c.by_serde()?),
            "text" => set!(41, text, text(c)?),
            "reactions" => set!(42, reactions, c.optional(reactions)?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(m)
}

fn reactions<'a>(c: &mut Cursor<'a>) -> Quick<Vec<RawReaction<'a>>> {
    let mut out = Vec::new();
    c.array(|c| {
        let mut r = RawReaction::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match key {
                "type" => {
                    seen.first(0)?;
                    r.ty = str(c)?;
                }
                "count" => {
                    seen.first(1)?;
                    r.count = c.by_serde()?;
                }
                "emoji" => {
                    seen.first(2)?;
                    r.emoji = str(c)?;
                }
                "document_id" => {
                    seen.first(3)?;
                    r.document_id = lenient(c)?;
                }
                "recent" => {
                    seen.first(4)?;
                    r.recent = c.optional(reactors)?;
                }
                _ => c.skip()?,
            }
            Ok(())
        })?;
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

fn reactors<'a>(c: &mut Cursor<'a>) -> Quick<Vec<RawReactor<'a>>> {
    let mut out = Vec::new();
    c.array(|c| {
        let mut r = RawReactor::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match key {
                "from" => {
                    seen.first(0)?;
                    r.from = str(c)?;
                }
                "from_id" => {
                    seen.first(1)?;
                    r.from_id = peer(c)?;
                }
                "date" => {
                    seen.first(2)?;
                    r.date = str(c)?;
                }
                "date_unixtime" => {
                    seen.first(3)?;
                    r.date_unixtime = lenient(c)?;
                }
                _ => c.skip()?,
            }
            Ok(())
        })?;
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}
