//! The parts of a DiscordChatExporter JSON file Ferry reads, as serde types.
//!
//! Unknown keys are ignored and missing or `null` keys take defaults, so
//! every DCE version from 2018 on (and future additions) deserialises.
//! A message's type, timestamps and author borrow from the element's bytes
//! ([`JsonStr`]): they are read once and, for an author seen before,
//! dropped, so copying them would be wasted.

use crate::discord::snowflake::{self, Snowflake};
use crate::json_str::JsonStr;
use serde::{Deserialize, Deserializer};

/// `null` becomes the type's default (DCE writes `null` for empty values).
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Guild {
    #[serde(deserialize_with = "nullable")]
    pub id: Snowflake,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Channel {
    #[serde(deserialize_with = "nullable")]
    pub id: Snowflake,
    #[serde(rename = "type", deserialize_with = "nullable")]
    pub kind: String,
    #[serde(deserialize_with = "nullable")]
    pub category: String,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct User<'a> {
    #[serde(deserialize_with = "nullable")]
    pub id: Snowflake,
    #[serde(borrow, deserialize_with = "nullable")]
    pub name: JsonStr<'a>,
    #[serde(borrow, deserialize_with = "nullable")]
    pub discriminator: JsonStr<'a>,
    #[serde(borrow)]
    pub nickname: Option<JsonStr<'a>>,
    #[serde(deserialize_with = "nullable")]
    pub is_bot: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Attachment {
    #[serde(deserialize_with = "nullable")]
    pub url: String,
    pub file_name: Option<String>,
    pub file_size_bytes: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Sticker {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub source_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EmbedField {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub value: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Embed {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub fields: Vec<EmbedField>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Emoji {
    #[serde(deserialize_with = "snowflake::opt")]
    pub id: Option<Snowflake>,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reaction<'a> {
    pub emoji: Emoji,
    #[serde(deserialize_with = "nullable")]
    pub count: u64,
    #[serde(borrow, deserialize_with = "nullable")]
    pub users: Vec<User<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reference {
    #[serde(deserialize_with = "snowflake::opt")]
    pub message_id: Option<Snowflake>,
    #[serde(deserialize_with = "snowflake::opt")]
    pub channel_id: Option<Snowflake>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Forwarded {
    #[serde(deserialize_with = "nullable")]
    pub content: String,
    #[serde(deserialize_with = "nullable")]
    pub attachments: Vec<Attachment>,
    #[serde(deserialize_with = "nullable")]
    pub stickers: Vec<Sticker>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Message<'a> {
    #[serde(deserialize_with = "nullable")]
    pub id: Snowflake,
    #[serde(rename = "type", borrow, deserialize_with = "nullable")]
    pub kind: JsonStr<'a>,
    #[serde(borrow, deserialize_with = "nullable")]
    pub timestamp: JsonStr<'a>,
    #[serde(borrow)]
    pub timestamp_edited: Option<JsonStr<'a>>,
    #[serde(deserialize_with = "nullable")]
    pub content: String,
    #[serde(borrow)]
    pub author: Option<User<'a>>,
    #[serde(deserialize_with = "nullable")]
    pub attachments: Vec<Attachment>,
    #[serde(deserialize_with = "nullable")]
    pub embeds: Vec<Embed>,
    #[serde(deserialize_with = "nullable")]
    pub stickers: Vec<Sticker>,
    #[serde(borrow, deserialize_with = "nullable")]
    pub reactions: Vec<Reaction<'a>>,
    pub reference: Option<Reference>,
    pub forwarded_message: Option<Forwarded>,
}
