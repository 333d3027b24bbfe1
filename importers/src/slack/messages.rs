//! Day files (`<folder>/YYYY-MM-DD.json`) streamed into messages.
//!
//! Each day file is one JSON array; its elements are deserialised one at a
//! time (a `serde` visitor over the array), so memory stays flat however
//! long a day is. Per message:
//! - `ts` (`"1700000100.000200"`) is the native id and, read as decimal
//!   seconds and microseconds (never through a float), the exact instant;
//! - `user` (or `bot_id` for bots) is the sender;
//! - `subtype` decides the kind (joins, topics, pins... are system lines;
//!   `tombstone` is deleted; `huddle_thread` a call);
//! - `thread_ts` other than `ts` makes it a reply to the thread's parent;
//! - `edited.ts`, `reactions[].users` (one reaction per user), and
//!   `files[]` (names only: exports carry links, not content).

use super::join;
use super::meta::{Conversation, Users};
use super::text;
use crate::{ChatHandle, ImportError, ImportErrorKind, ImportOptions, Input, Position, Sink};
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::{Attachment, Chat, Message, MessageKind, Participant, Reaction, Timestamp};
use serde::Deserialize;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Most anonymous reactions added for one emoji when `count` exceeds the
/// users Slack listed.
const MAX_UNNAMED_REACTIONS: u64 = 100;

/// `ts` as an instant in the offset `tz` had then; `None` when malformed.
pub fn parse_ts(ts: &str, tz: Tz) -> Option<Timestamp> {
    let (secs, frac) = ts.split_once('.').unwrap_or((ts, ""));
    if secs.is_empty()
        || !secs.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 9
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let secs: i64 = secs.parse().ok()?;
    let nanos: u32 = format!("{frac:0<9}").parse().ok()?;
    let utc = DateTime::<Utc>::from_timestamp(secs, nanos)?;
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Some(Timestamp(utc.with_timezone(&offset)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Edited {
    ts: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawReaction {
    name: String,
    users: Vec<String>,
    count: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFile {
    id: Option<String>,
    name: Option<String>,
    title: Option<String>,
    mimetype: Option<String>,
    size: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LegacyAttachment {
    fallback: Option<String>,
    text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UserProfile {
    real_name: Option<String>,
    display_name: Option<String>,
}

/// One element of a day file, with the fields Ferry uses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawMessage {
    subtype: Option<String>,
    ts: Option<String>,
    user: Option<String>,
    bot_id: Option<String>,
    username: Option<String>,
    text: Option<String>,
    thread_ts: Option<String>,
    edited: Option<Edited>,
    reactions: Vec<RawReaction>,
    files: Vec<RawFile>,
    attachments: Vec<LegacyAttachment>,
    user_profile: Option<UserProfile>,
}

/// What a `subtype` makes a message.
pub fn kind_of_subtype(subtype: &str) -> MessageKind {
    match subtype {
        "tombstone" | "message_deleted" => MessageKind::Deleted,
        "huddle_thread" | "sh_room_created" => MessageKind::Call,
        "channel_join"
        | "channel_leave"
        | "channel_topic"
        | "channel_purpose"
        | "channel_name"
        | "channel_archive"
        | "channel_unarchive"
        | "channel_convert_to_private"
        | "channel_convert_to_public"
        | "group_join"
        | "group_leave"
        | "group_topic"
        | "group_purpose"
        | "group_name"
        | "group_archive"
        | "group_unarchive"
        | "pinned_item"
        | "unpinned_item"
        | "bot_add"
        | "bot_remove"
        | "reminder_add"
        | "channel_canvas_updated" => MessageKind::System,
        _ => MessageKind::Text,
    }
}

/// Everything the day files of one import share.
struct Ctx<'a> {
    users: &'a Users,
    channel_names: HashMap<&'a str, &'a str>,
    options: &'a ImportOptions,
}

/// The chat being written.
struct OpenChat {
    handle: ChatHandle,
    known: HashSet<String>,
}

impl Ctx<'_> {
    fn user_name(&self, id: &str) -> Option<String> {
        self.users.get(id).map(|u| u.display_name().to_owned())
    }

    fn channel_name(&self, id: &str) -> Option<String> {
        self.channel_names.get(id).map(|n| (*n).to_owned())
    }

    /// A sender's participant: from `users.json`, else from the message.
    fn participant(&self, key: &str, raw: &RawMessage) -> Participant {
        if let Some(u) = self.users.get(key) {
            return u.participant(self.options.me.as_deref());
        }
        let name = raw
            .user_profile
            .as_ref()
            .and_then(|p| {
                [&p.real_name, &p.display_name]
                    .into_iter()
                    .flatten()
                    .find(|n| !n.trim().is_empty())
                    .cloned()
            })
            .or_else(|| raw.username.clone().filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| key.to_owned());
        Participant {
            key: key.to_owned(),
            is_me: self.options.me.as_deref() == Some(name.as_str()),
            name,
            phone: None,
            handle: None,
            native_id: Some(key.to_owned()),
        }
    }

    fn message(&self, raw: &RawMessage) -> Option<Message> {
        let ts = raw.ts.as_deref()?;
        let sent_at = parse_ts(ts, self.options.tz)?;
        let sender = raw
            .user
            .clone()
            .or_else(|| raw.bot_id.clone())
            .filter(|s| !s.is_empty());
        let mut body = text::render(
            raw.text.as_deref().unwrap_or_default(),
            &|id: &str| self.user_name(id),
            &|id: &str| self.channel_name(id),
        );
        if body.trim().is_empty() {
            body = raw
                .attachments
                .iter()
                .filter_map(|a| a.fallback.as_deref().or(a.text.as_deref()))
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    text::render(t, &|id: &str| self.user_name(id), &|id: &str| {
                        self.channel_name(id)
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut m = Message::text(sender, sent_at, body);
        m.native_id = Some(ts.to_owned());
        m.reply_to = raw.thread_ts.clone().filter(|t| t != ts && !t.is_empty());
        m.edited_at = raw
            .edited
            .as_ref()
            .and_then(|e| e.ts.as_deref())
            .and_then(|t| parse_ts(t, self.options.tz));
        m.edited = raw.edited.is_some();
        for r in &raw.reactions {
            let emoji = text::reaction_emoji(&r.name);
            for u in &r.users {
                m.reactions.push(Reaction {
                    emoji: emoji.clone(),
                    by: Some(u.clone()),
                    at: None,
                });
            }
            let unnamed = r.count.saturating_sub(r.users.len() as u64);
            for _ in 0..unnamed.min(MAX_UNNAMED_REACTIONS) {
                m.reactions.push(Reaction {
                    emoji: emoji.clone(),
                    by: None,
                    at: None,
                });
            }
        }
        for f in &raw.files {
            let name = [&f.name, &f.title]
                .into_iter()
                .flatten()
                .find(|n| !n.is_empty())
                .cloned()
                .or_else(|| f.id.as_ref().map(|id| format!("file {id}")))
                .unwrap_or_else(|| "file".to_owned());
            let mut a = Attachment::named(name);
            a.mime = f.mimetype.clone().filter(|m| !m.is_empty());
            a.size = f.size.filter(|&s| s > 0);
            m.attachments.push(a);
        }
        m.kind = match raw.subtype.as_deref() {
            Some(s) => kind_of_subtype(s),
            None => MessageKind::Text,
        };
        if m.kind == MessageKind::Text && m.text.trim().is_empty() && !m.attachments.is_empty() {
            m.kind = MessageKind::Media;
        }
        Some(m)
    }
}

/// Imports every conversation that has day files.
pub fn import(
    input: &Input,
    root: &str,
    users: &Users,
    conversations: &[Conversation],
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let ctx = Ctx {
        users,
        channel_names: conversations
            .iter()
            .filter_map(|c| Some((c.id.as_str(), c.name.as_deref()?)))
            .collect(),
        options,
    };
    let plan: Vec<(&Conversation, Vec<&str>)> = conversations
        .iter()
        .map(|c| (c, day_files(input, root, c)))
        .collect();
    let total: u64 = plan
        .iter()
        .flat_map(|(_, files)| files.iter())
        .filter_map(|f| input.entry(f).map(|e| e.size))
        .sum();
    let mut done = 0u64;
    let mut seen_folders = HashSet::new();
    for (conv, files) in &plan {
        if files.is_empty() {
            continue;
        }
        if let Some(folder) = files
            .first()
            .and_then(|f| f.rsplit_once('/'))
            .map(|(d, _)| d)
        {
            seen_folders.insert(folder.to_owned());
        }
        let mut chat = Chat::new(ferry_model::App::Slack, conv.title(users), conv.kind);
        chat.native_id = Some(conv.id.clone());
        let handle = sink
            .begin_chat(chat)
            .map_err(|e| ImportError::new(input.describe(files[0]), e))?;
        let mut open = OpenChat {
            handle,
            known: HashSet::new(),
        };
        for m in &conv.members {
            let p = match users.get(m) {
                Some(u) => u.participant(options.me.as_deref()),
                None => Participant::named(m.clone()),
            };
            open.known.insert(m.clone());
            sink.participant(handle, p)
                .map_err(|e| ImportError::new(input.describe(files[0]), e))?;
        }
        for f in files {
            let file = input.describe(f);
            input
                .with_entry(f, |r| day_file(r, &file, &ctx, &mut open, sink))
                .map_err(|e| ImportError::new(file.clone(), e))??;
            done += input.entry(f).map(|e| e.size).unwrap_or(0);
            sink.progress(done, total)
                .map_err(|e| ImportError::new(file, e))?;
        }
    }
    report_unlisted(input, root, &seen_folders, sink);
    Ok(())
}

/// Day files of a conversation, by date (entries are sorted by name).
fn day_files<'a>(input: &'a Input, root: &str, c: &Conversation) -> Vec<&'a str> {
    for folder in c.folders() {
        let prefix = join(root, &format!("{folder}/"));
        let files: Vec<&str> = input
            .entries()
            .iter()
            .filter(|e| e.name.starts_with(&prefix))
            .filter(|e| is_day_file(&e.name[prefix.len()..]))
            .map(|e| e.name.as_str())
            .collect();
        if !files.is_empty() {
            return files;
        }
    }
    Vec::new()
}

/// `YYYY-MM-DD.json`.
pub fn is_day_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 15
        && name.ends_with(".json")
        && b.iter().take(10).enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Folders of day files that no conversation list names.
fn report_unlisted(input: &Input, root: &str, seen: &HashSet<String>, sink: &mut dyn Sink) {
    let prefix = if root.is_empty() {
        String::new()
    } else {
        format!("{root}/")
    };
    let mut unlisted: Vec<&str> = input
        .entries()
        .iter()
        .filter_map(|e| e.name.strip_prefix(&prefix).map(|rest| (e, rest)))
        .filter_map(|(e, rest)| {
            let (folder, file) = rest.split_once('/')?;
            (!folder.is_empty() && is_day_file(file)).then_some(e.dir())
        })
        .filter(|d| !seen.contains(*d))
        .collect();
    unlisted.dedup();
    for d in unlisted {
        sink.skipped(
            input.describe(d),
            "day files of a conversation no channel list names".to_owned(),
        );
    }
}

/// Streams one day file's array into the open chat.
fn day_file(
    r: &mut dyn std::io::Read,
    file: &str,
    ctx: &Ctx<'_>,
    open: &mut OpenChat,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(r));
    let mut state = DayState {
        ctx,
        open,
        sink,
        file,
        failure: None,
    };
    let result = DaySeed(&mut state).deserialize(&mut de);
    if let Some(e) = state.failure.take() {
        return Err(e);
    }
    result.and_then(|()| de.end()).map_err(|e| {
        ImportError::at(
            file,
            Position {
                line: Some(e.line() as u64),
                column: Some(e.column() as u64),
                byte: None,
            },
            ImportErrorKind::Malformed(e.to_string()),
        )
    })
}

struct DayState<'c, 'o, 's, 'f> {
    ctx: &'c Ctx<'c>,
    open: &'o mut OpenChat,
    sink: &'s mut dyn Sink,
    file: &'f str,
    /// A sink error, kept apart from JSON errors.
    failure: Option<ImportError>,
}

impl DayState<'_, '_, '_, '_> {
    fn push(&mut self, raw: RawMessage) -> Result<(), ImportError> {
        let Some(m) = self.ctx.message(&raw) else {
            self.sink.skipped(
                self.file.to_owned(),
                format!(
                    "message without a valid ts ({:?})",
                    raw.ts.unwrap_or_default()
                ),
            );
            return Ok(());
        };
        if let Some(key) = &m.sender
            && self.open.known.insert(key.clone())
        {
            let p = self.ctx.participant(key, &raw);
            self.sink
                .participant(self.open.handle, p)
                .map_err(|e| ImportError::new(self.file, e))?;
        }
        self.sink
            .message(self.open.handle, m)
            .map_err(|e| ImportError::new(self.file, e))
    }
}

struct DaySeed<'a, 'c, 'o, 's, 'f>(&'a mut DayState<'c, 'o, 's, 'f>);

impl<'de> DeserializeSeed<'de> for DaySeed<'_, '_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DaySeed<'_, '_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of Slack messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<RawMessage>()? {
            if let Err(e) = self.0.push(raw) {
                self.0.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_ts_variants() {
        for (name, ts, expected) in [
            (
                "micros",
                "1700000100.000200",
                Some("2023-11-14T22:15:00.000200+00:00"),
            ),
            (
                "no fraction",
                "1700000100",
                Some("2023-11-14T22:15:00+00:00"),
            ),
            (
                "short fraction",
                "1700000100.5",
                Some("2023-11-14T22:15:00.500+00:00"),
            ),
            ("letters", "17000001x0.1", None),
            ("negative", "-1.0", None),
            ("empty", "", None),
            ("too precise", "1.0000000001", None),
            ("huge", "99999999999999999999.1", None),
        ] {
            assert_eq!(
                parse_ts(ts, Tz::UTC).map(|t| t.to_rfc3339()).as_deref(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn day_file_names() {
        assert!(is_day_file("2023-11-14.json"));
        assert!(!is_day_file("2023-11-14.json.bak"));
        assert!(!is_day_file("channels.json"));
        assert!(!is_day_file("2023_11_14.json"));
    }

    #[test]
    fn subtype_kinds() {
        assert_eq!(kind_of_subtype("channel_join"), MessageKind::System);
        assert_eq!(kind_of_subtype("tombstone"), MessageKind::Deleted);
        assert_eq!(kind_of_subtype("bot_message"), MessageKind::Text);
        assert_eq!(kind_of_subtype("thread_broadcast"), MessageKind::Text);
        assert_eq!(kind_of_subtype("huddle_thread"), MessageKind::Call);
    }
}
