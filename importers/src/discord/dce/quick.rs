//! The quick path for a DCE message (see [`crate::json_quick`]): the
//! message object and its author are read field by field; the rarer nested
//! values (non-empty attachments, embeds, stickers, reactions, a reference,
//! a forwarded message) go to serde as text. Anything else bails, and the
//! caller parses the whole message with serde, so the result is always
//! what serde would give (the differential tests check it).

use super::types::{Message, User};
use crate::discord::snowflake::Snowflake;
use crate::json_quick::{Cursor, Quick, Seen};
use crate::json_str::JsonStr;
use serde::Deserialize;

/// A message, or `None` when serde must decide.
pub fn message(text: &str) -> Option<Message<'_>> {
    let mut c = Cursor::new(text);
    let m = read_message(&mut c).ok()?;
    c.end().ok()?;
    Some(m)
}

fn read_message<'a>(c: &mut Cursor<'a>) -> Quick<Message<'a>> {
    let mut m = Message::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "id" => {
                seen.first(0)?;
                m.id = snowflake(c)?;
            }
            "type" => {
                seen.first(1)?;
                m.kind = nullable_str(c)?;
            }
            "timestamp" => {
                seen.first(2)?;
                m.timestamp = nullable_str(c)?;
            }
            "timestampEdited" => {
                seen.first(3)?;
                m.timestamp_edited = c.optional(Cursor::string)?;
            }
            "content" => {
                seen.first(4)?;
                m.content = nullable_str(c)?.into_string();
            }
            "author" => {
                seen.first(5)?;
                m.author = if c.null() { None } else { Some(user(c)?) };
            }
            "attachments" => {
                seen.first(6)?;
                m.attachments = list(c)?;
            }
            "embeds" => {
                seen.first(7)?;
                m.embeds = list(c)?;
            }
            "stickers" => {
                seen.first(8)?;
                m.stickers = list(c)?;
            }
            "reactions" => {
                seen.first(9)?;
                m.reactions = list(c)?;
            }
            "reference" => {
                seen.first(10)?;
                m.reference = c.optional(Cursor::by_serde)?;
            }
            "forwardedMessage" => {
                seen.first(11)?;
                m.forwarded_message = c.optional(Cursor::by_serde)?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(m)
}

fn user<'a>(c: &mut Cursor<'a>) -> Quick<User<'a>> {
    let mut u = User::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "id" => {
                seen.first(0)?;
                u.id = snowflake(c)?;
            }
            "name" => {
                seen.first(1)?;
                u.name = nullable_str(c)?;
            }
            "discriminator" => {
                seen.first(2)?;
                u.discriminator = nullable_str(c)?;
            }
            "nickname" => {
                seen.first(3)?;
                u.nickname = c.optional(Cursor::string)?;
            }
            "isBot" => {
                seen.first(4)?;
                u.is_bot = !c.null() && c.bool()?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(u)
}

/// A string id (DCE's form; numbers go to serde), trimmed as
/// [`Snowflake`] does; `null` is no id.
fn snowflake(c: &mut Cursor<'_>) -> Quick<Snowflake> {
    if c.null() {
        return Ok(Snowflake::default());
    }
    Ok(Snowflake(c.string()?.trim().to_owned()))
}

/// A string where `null` means empty.
fn nullable_str<'a>(c: &mut Cursor<'a>) -> Quick<JsonStr<'a>> {
    if c.null() {
        return Ok(JsonStr::default());
    }
    c.string()
}

/// A list where `null` means empty.
fn list<'a, T: Deserialize<'a>>(c: &mut Cursor<'a>) -> Quick<Vec<T>> {
    Ok(c.optional(Cursor::list)?.unwrap_or_default())
}
