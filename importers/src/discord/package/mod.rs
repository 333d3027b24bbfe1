//! Discord's own data package (Settings → Data & Privacy → Request data).
//!
//! ```text
//! account/user.json                 the exporting user
//! messages/ or Messages/
//!   index.json                      channel id → label
//!   c<id>/ (older: <id>/)
//!     channel.json                  id, type, name, guild, recipients
//!     messages.csv | messages.json  ID, Timestamp, Contents, Attachments
//! ```
//! The package holds only the exporting user's own messages, so every
//! message is sent by the `is_me` participant from `user.json`.
//! - [`meta`]: `user.json`, `index.json`, `channel.json`.
//! - [`rows`]: the CSV and JSON message lists, streamed.

pub mod meta;
pub mod rows;

use crate::discord::assets::{self, AssetLog};
use crate::discord::time::parse_package;
use crate::{ImportError, ImportOptions, Input, Sink, SinkError};
use ferry_model::{App, Attachment, Chat, ChatKind, Message, MessageKind, Participant};
use std::collections::BTreeMap;

/// A channel folder of a package: its id and its messages file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelDir {
    pub dir: String,
    pub id: String,
    pub messages: String,
}

/// Splits `<root>/<messages|Messages>/<c?id>/messages.<csv|json>` into
/// (messages folder, channel folder, channel id).
fn parse_messages_path(name: &str) -> Option<(&str, &str, &str)> {
    let (dir, file) = name.rsplit_once('/')?;
    if !file.eq_ignore_ascii_case("messages.csv") && !file.eq_ignore_ascii_case("messages.json") {
        return None;
    }
    let (folder, chan) = dir.rsplit_once('/').unwrap_or(("", dir));
    let last = folder.rsplit('/').next().unwrap_or(folder);
    if !last.eq_ignore_ascii_case("messages") {
        return None;
    }
    let id = chan.strip_prefix('c').unwrap_or(chan);
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some((folder, dir, id))
}

/// Every package `messages` folder in the input, with its channels.
pub fn find(input: &Input) -> BTreeMap<String, Vec<ChannelDir>> {
    let mut out: BTreeMap<String, Vec<ChannelDir>> = BTreeMap::new();
    for e in input.entries() {
        if let Some((folder, dir, id)) = parse_messages_path(&e.name) {
            let list = out.entry(folder.to_owned()).or_default();
            // A folder with both files: prefer JSON (the newer one).
            match list.iter_mut().find(|c| c.dir == dir) {
                Some(c) if e.name.ends_with(".json") => c.messages = e.name.clone(),
                Some(_) => {}
                None => list.push(ChannelDir {
                    dir: dir.to_owned(),
                    id: id.to_owned(),
                    messages: e.name.clone(),
                }),
            }
        }
    }
    out
}

/// Whether an entry lies inside a data package's messages folder.
pub fn is_package_entry(name: &str) -> bool {
    name.split('/').any(|c| c.eq_ignore_ascii_case("messages"))
        && (name.ends_with("/channel.json")
            || name.ends_with("/index.json")
            || parse_messages_path(name).is_some())
}

/// Imports every channel of the package whose messages folder is `folder`.
pub fn import(
    input: &Input,
    folder: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let channels = find(input).remove(folder).unwrap_or_default();
    let root = folder
        .rsplit_once('/')
        .map(|(r, _)| format!("{r}/"))
        .unwrap_or_default();
    let user_entry = format!("{root}account/user.json");
    let user: meta::User = if input.entry(&user_entry).is_some() {
        meta::read_json(input, &user_entry)?
    } else {
        sink.warning(crate::Warning {
            location: input.describe(folder),
            message: "no account/user.json: the exporting user is known only as \"me\"".into(),
        });
        meta::User::default()
    };
    let me = user.participant(options);
    let index_entry = format!("{folder}/index.json");
    let index: meta::Index = if input.entry(&index_entry).is_some() {
        meta::read_json::<Option<meta::Index>>(input, &index_entry)?.unwrap_or_default()
    } else {
        meta::Index::new()
    };
    let total: u64 = channels
        .iter()
        .filter_map(|c| input.entry(&c.messages).map(|e| e.size))
        .sum();
    let mut done = 0;
    let mut log = AssetLog::default();
    for c in &channels {
        import_channel(input, c, &index, &me, options, sink, &mut log)?;
        done += input.entry(&c.messages).map(|e| e.size).unwrap_or(0);
        sink.progress(done, total)
            .map_err(|e| ImportError::new(input.describe(&c.messages), e))?;
    }
    log.finish(&input.describe(folder), sink);
    Ok(())
}

fn import_channel(
    input: &Input,
    c: &ChannelDir,
    index: &meta::Index,
    me: &Participant,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    log: &mut AssetLog,
) -> Result<(), ImportError> {
    let channel_entry = format!("{}/channel.json", c.dir);
    let channel: meta::Channel = if input.entry(&channel_entry).is_some() {
        meta::read_json::<Option<meta::Channel>>(input, &channel_entry)?.unwrap_or_default()
    } else {
        meta::Channel::default()
    };
    let id = channel
        .id
        .as_ref()
        .filter(|i| !i.is_unset())
        .map(|i| i.0.clone())
        .unwrap_or_else(|| c.id.clone());
    let label = index.get(&id).cloned().flatten();
    let kind = channel.chat_kind();
    let (chat, others) = chat_of(&channel, &id, label.as_deref(), kind, me);
    let location = input.describe(&c.messages);
    let handle = sink
        .begin_chat(chat)
        .map_err(|e| ImportError::new(location.clone(), e))?;
    for p in std::iter::once(me.clone()).chain(others) {
        sink.participant(handle, p)
            .map_err(|e| ImportError::new(location.clone(), e))?;
    }
    let mut each = |row: rows::Row| -> Result<(), SinkError> {
        let ts = row.timestamp.as_deref().unwrap_or_default();
        let Some(sent_at) = parse_package(ts, options) else {
            sink.skipped(
                format!("{location} message {}", row.id.0),
                format!("unreadable timestamp {ts:?}"),
            );
            return Ok(());
        };
        let text = row.contents.unwrap_or_default();
        let attachments: Vec<Attachment> = row
            .attachments
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(|url| {
                log.remote += 1;
                Attachment::named(assets::file_name_of(url))
            })
            .collect();
        let kind = if text.is_empty() && !attachments.is_empty() {
            MessageKind::Media
        } else {
            MessageKind::Text
        };
        let mut m = Message::text(Some(me.key.clone()), sent_at, text);
        m.native_id = Some(row.id.0).filter(|s| !s.is_empty());
        m.kind = kind;
        m.attachments = attachments;
        sink.message(handle, m)
    };
    let is_json = c.messages.to_ascii_lowercase().ends_with(".json");
    let result = input.with_entry(&c.messages, |r| {
        if is_json {
            rows::json_rows(r, &location, &mut each)
        } else {
            rows::csv_rows(r, &location, &mut each)
        }
    });
    result.map_err(|e| ImportError::new(location.clone(), e))?
}

/// The chat for a channel, and the other people the package names in it.
fn chat_of(
    channel: &meta::Channel,
    id: &str,
    label: Option<&str>,
    kind: ChatKind,
    me: &Participant,
) -> (Chat, Vec<Participant>) {
    let name = channel.name.clone().filter(|n| !n.is_empty());
    let guild_name = channel.guild.as_ref().and_then(|g| g.name.clone());
    let partner = label.and_then(|l| l.strip_prefix(meta::DM_LABEL));
    let title = match (kind, &name, &guild_name) {
        (ChatKind::Channel, Some(n), Some(g)) => format!("{g} / {n}"),
        (ChatKind::Direct, _, _) if partner.is_some() => partner.unwrap_or_default().to_owned(),
        (ChatKind::Group, Some(n), _) => n.clone(),
        _ => match (label, kind) {
            (Some(l), _) if !l.is_empty() => l.to_owned(),
            (_, ChatKind::Group) => format!("Discord group DM {id}"),
            (_, ChatKind::Direct) => format!("Discord DM {id}"),
            _ => format!("Discord channel {id}"),
        },
    };
    let others: Vec<Participant> = channel
        .recipients
        .iter()
        .flatten()
        .filter(|r| !r.is_unset() && Some(&r.0) != me.native_id.as_ref())
        .map(|r| {
            let mut p = Participant::named(r.0.clone());
            p.native_id = Some(r.0.clone());
            if let (ChatKind::Direct, Some(full)) = (kind, partner) {
                p.name = full.split('#').next().unwrap_or(full).to_owned();
                p.handle = Some(full.to_owned());
            }
            p
        })
        .collect();
    let chat = Chat {
        app: App::Discord,
        native_id: Some(id.to_owned()),
        title,
        kind,
        participants: Vec::new(),
    };
    (chat, others)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_paths() {
        for (name, want) in [
            (
                "package/messages/c123/messages.csv",
                Some(("package/messages", "package/messages/c123", "123")),
            ),
            (
                "Messages/c9/messages.json",
                Some(("Messages", "Messages/c9", "9")),
            ),
            (
                "messages/77/messages.csv",
                Some(("messages", "messages/77", "77")),
            ),
            ("messages/cx/messages.csv", None),
            ("other/c1/messages.csv", None),
            ("messages/c1/channel.json", None),
            ("c1/messages.csv", None),
        ] {
            assert_eq!(parse_messages_path(name), want, "{name}");
        }
    }
}
