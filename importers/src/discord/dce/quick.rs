//! The quick path for a DCE message (see [`crate::json_quick`]): the
//! message object, its author, attachments, reactions and reference are
//! read field by field; the rarer nested values (embeds, stickers, a
//! forwarded message) go to serde as text. Anything else bails, and the
//! caller parses the whole message with serde, so the result is always
//! what serde would give (the differential tests check it).

use super::types::{Attachment, Emoji, Message, Reaction, Reference, User};
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
                m.attachments = each(c, attachment)?;
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
                m.reactions = each(c, reaction)?;
            }
            "reference" => {
                seen.first(10)?;
                m.reference = c.optional(reference)?;
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

/// A list where `null` means empty, each element read by `read`.
fn each<'a, T>(
    c: &mut Cursor<'a>,
    mut read: impl FnMut(&mut Cursor<'a>) -> Quick<T>,
) -> Quick<Vec<T>> {
    let mut out = Vec::new();
    if !c.null() {
        c.array(|c| {
            out.push(read(c)?);
            Ok(())
        })?;
    }
    Ok(out)
}

/// An id where `null` and `""` mean none (`snowflake::opt`).
fn optional_snowflake(c: &mut Cursor<'_>) -> Quick<Option<Snowflake>> {
    Ok(
        c.optional(|c| Ok(Snowflake(c.string()?.trim().to_owned())))?
            .filter(|s| !s.0.is_empty()),
    )
}

fn attachment(c: &mut Cursor<'_>) -> Quick<Attachment> {
    let mut a = Attachment::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "url" => {
                seen.first(0)?;
                a.url = nullable_str(c)?.into_string();
            }
            "fileName" => {
                seen.first(1)?;
                a.file_name = c.optional(|c| c.string().map(JsonStr::into_string))?;
            }
            "fileSizeBytes" => {
                seen.first(2)?;
                a.file_size_bytes = c.by_serde()?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(a)
}

fn reaction<'a>(c: &mut Cursor<'a>) -> Quick<Reaction<'a>> {
    let mut r = Reaction::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "emoji" => {
                seen.first(0)?;
                r.emoji = emoji(c)?;
            }
            "count" => {
                seen.first(1)?;
                r.count = c.by_serde::<Option<u64>>()?.unwrap_or_default();
            }
            "users" => {
                seen.first(2)?;
                r.users = each(c, user)?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}

fn emoji(c: &mut Cursor<'_>) -> Quick<Emoji> {
    let mut e = Emoji::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "id" => {
                seen.first(0)?;
                e.id = optional_snowflake(c)?;
            }
            "name" => {
                seen.first(1)?;
                e.name = nullable_str(c)?.into_string();
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(e)
}

fn reference(c: &mut Cursor<'_>) -> Quick<Reference> {
    let mut r = Reference::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "messageId" => {
                seen.first(0)?;
                r.message_id = optional_snowflake(c)?;
            }
            "channelId" => {
                seen.first(1)?;
                r.channel_id = optional_snowflake(c)?;
            }
            "type" => {
                seen.first(2)?;
                r.kind = c.optional(|c| c.string().map(JsonStr::into_string))?;
            }
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}
