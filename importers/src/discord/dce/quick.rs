//! The quick path for a DCE message (see [`crate::json_quick`]): the
//! message object, its author, attachments, reactions and reference are
//! read field by field; the rarer nested values (embeds, stickers, a
//! forwarded message) go to serde as text. Anything else bails, and the
//! caller parses the whole message with serde, so the result is always
//! what serde would give (the differential tests check it).

use super::types::{Attachment, Emoji, Message, Reaction, Reference, User};
use crate::discord::snowflake::Snowflake;
use crate::json_quick::{Cursor, Quick, Seen, once};
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
            "id" => once!(seen, m, 0, id, snowflake(c)?),
            "type" => once!(seen, m, 1, kind, nullable_str(c)?),
            "timestamp" => once!(seen, m, 2, timestamp, nullable_str(c)?),
            "timestampEdited" => once!(seen, m, 3, timestamp_edited, c.optional(Cursor::string)?),
            "content" => once!(seen, m, 4, content, nullable_str(c)?.into_string()),
            "author" => once!(seen, m, 5, author, c.optional(user)?),
            "attachments" => once!(seen, m, 6, attachments, each(c, attachment)?),
            "embeds" => once!(seen, m, 7, embeds, list(c)?),
            "stickers" => once!(seen, m, 8, stickers, list(c)?),
            "reactions" => once!(seen, m, 9, reactions, each(c, reaction)?),
            "reference" => once!(seen, m, 10, reference, c.optional(reference)?),
            "forwardedMessage" => once!(
                seen,
                m,
                11,
                forwarded_message,
                c.optional(Cursor::by_serde)?
            ),
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
            "id" => once!(seen, u, 0, id, snowflake(c)?),
            "name" => once!(seen, u, 1, name, nullable_str(c)?),
            "discriminator" => once!(seen, u, 2, discriminator, nullable_str(c)?),
            "nickname" => once!(seen, u, 3, nickname, c.optional(Cursor::string)?),
            "isBot" => once!(seen, u, 4, is_bot, !c.null() && c.bool()?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(u)
}

/// A string id (DCE's form; numbers go to serde), trimmed as
/// [`Snowflake`] does; `None` for `null`.
fn id(c: &mut Cursor<'_>) -> Quick<Option<Snowflake>> {
    c.optional(|c| Ok(Snowflake(c.string()?.trim().to_owned())))
}

/// An id where `null` means no id.
fn snowflake(c: &mut Cursor<'_>) -> Quick<Snowflake> {
    Ok(id(c)?.unwrap_or_default())
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
fn each<'a, T>(c: &mut Cursor<'a>, read: impl FnMut(&mut Cursor<'a>) -> Quick<T>) -> Quick<Vec<T>> {
    Ok(c.optional(|c| c.each(read))?.unwrap_or_default())
}

/// An id where `null` and `""` mean none (`snowflake::opt`).
fn optional_snowflake(c: &mut Cursor<'_>) -> Quick<Option<Snowflake>> {
    Ok(id(c)?.filter(|s| !s.0.is_empty()))
}

fn attachment(c: &mut Cursor<'_>) -> Quick<Attachment> {
    let mut a = Attachment::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "url" => once!(seen, a, 0, url, nullable_str(c)?.into_string()),
            "fileName" => once!(
                seen,
                a,
                1,
                file_name,
                c.optional(|c| c.string().map(JsonStr::into_string))?
            ),
            "fileSizeBytes" => once!(seen, a, 2, file_size_bytes, c.by_serde()?),
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
            "emoji" => once!(seen, r, 0, emoji, emoji(c)?),
            "count" => once!(
                seen,
                r,
                1,
                count,
                c.by_serde::<Option<u64>>()?.unwrap_or_default()
            ),
            "users" => once!(seen, r, 2, users, each(c, user)?),
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
            "id" => once!(seen, e, 0, id, optional_snowflake(c)?),
            "name" => once!(seen, e, 1, name, nullable_str(c)?.into_string()),
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
            "messageId" => once!(seen, r, 0, message_id, optional_snowflake(c)?),
            "channelId" => once!(seen, r, 1, channel_id, optional_snowflake(c)?),
            "type" => once!(
                seen,
                r,
                2,
                kind,
                c.optional(|c| c.string().map(JsonStr::into_string))?
            ),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}
