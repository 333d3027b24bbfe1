//! The small JSON files of a data package: `account/user.json`,
//! `messages/index.json` and each channel's `channel.json`.

use crate::discord::snowflake::{self, Snowflake};
use crate::{ImportError, ImportOptions, Input};
use ferry_model::{ChatKind, Participant};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::BufReader;

/// `account/user.json` (only the fields Ferry uses; the real file also
/// holds payments, relationships, settings... which are skipped).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct User {
    #[serde(deserialize_with = "snowflake::opt")]
    pub id: Option<Snowflake>,
    pub username: Option<String>,
    pub global_name: Option<String>,
    /// A number in packages, a string elsewhere; `0` for new usernames.
    pub discriminator: Option<serde_json::Value>,
}

impl User {
    /// The exporting user as a participant (always `is_me`).
    pub fn participant(&self, options: &ImportOptions) -> Participant {
        let username = self.username.clone().filter(|u| !u.is_empty());
        let disc = match &self.discriminator {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let handle = username.as_ref().map(|u| match disc.as_str() {
            "" | "0" | "0000" => u.clone(),
            d => format!("{u}#{d:0>4}"),
        });
        let name = self
            .global_name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| username.clone())
            .or_else(|| options.me.clone())
            .unwrap_or_else(|| "Me".to_owned());
        let id = self
            .id
            .as_ref()
            .filter(|i| !i.is_unset())
            .map(|i| i.0.clone());
        Participant {
            key: id.clone().unwrap_or_else(|| "me".to_owned()),
            name,
            phone: None,
            handle,
            native_id: id,
            is_me: true,
        }
    }
}

/// The guild a channel belongs to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Guild {
    pub id: Option<Snowflake>,
    pub name: Option<String>,
}

/// `c<id>/channel.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Channel {
    #[serde(deserialize_with = "snowflake::opt")]
    pub id: Option<Snowflake>,
    /// An integer in older packages (`0`, `1`, `3`, `11`), a name in newer
    /// ones (`GUILD_TEXT`, `DM`, `GROUP_DM`, `PUBLIC_THREAD`).
    #[serde(rename = "type")]
    pub kind: Option<serde_json::Value>,
    pub name: Option<String>,
    pub guild: Option<Guild>,
    pub recipients: Option<Vec<Snowflake>>,
}

impl Channel {
    pub fn chat_kind(&self) -> ChatKind {
        let kind = match &self.kind {
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::String(s)) => s.to_ascii_uppercase(),
            _ => String::new(),
        };
        match kind.as_str() {
            "1" | "DM" => ChatKind::Direct,
            "3" | "GROUP_DM" => ChatKind::Group,
            _ => ChatKind::Channel,
        }
    }
}

/// The prefix Discord puts before a DM partner's name in `index.json`.
pub const DM_LABEL: &str = "Direct Message with ";

/// Reads a small JSON entry into `T`, streaming (unknown keys skipped).
pub fn read_json<T: for<'de> Deserialize<'de>>(
    input: &Input,
    entry: &str,
) -> Result<T, ImportError> {
    let location = input.describe(entry);
    let parsed = input
        .with_entry(entry, |r| {
            serde_json::from_reader::<_, T>(BufReader::new(r))
        })
        .map_err(|e| ImportError::new(location.clone(), e))?;
    parsed.map_err(|e| crate::discord::dce::json_error(&location, &e))
}

/// `messages/index.json`: channel id → label (`null` for unnamed group DMs).
pub type Index = HashMap<String, Option<String>>;
