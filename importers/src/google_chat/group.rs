//! One Google Chat conversation folder (`Groups/DM <id>/` or
//! `Groups/Space <id>/`) into one chat.
//!
//! `group_info.json` (name, members) and the owner's `user_info.json` are
//! small and read whole; `messages.json` is streamed one message at a time
//! (the Element walker in [`crate::matrix::stream`] reads any
//! `{"messages": [...]}` object). Attached files live next to
//! `messages.json` under their `export_name`.

use super::date;
use super::join;
use crate::matrix::stream::{Counting, WalkError, walk};
use crate::{ChatHandle, ImportError, ImportOptions, Input, Position, Sink, SinkError, Warning};
use ferry_model::{
    App, Attachment, Chat, ChatKind, Message, MessageKind, Participant, Reaction, Timestamp,
};
use serde_json::Value;
use std::collections::HashSet;

/// The most bytes read of a small metadata file (`group_info.json`, ...).
const SMALL_JSON: usize = 16 * 1024 * 1024;
/// How often (in messages) progress is reported.
const PROGRESS_EVERY: u64 = 500;
/// How many missing file names one warning lists.
const MISSING_LISTED: usize = 10;

/// The account that made the Takeout (`Users/User <id>/user_info.json`).
#[derive(Debug, Default)]
pub struct Owner {
    pub name: Option<String>,
    pub email: Option<String>,
    /// `membership_info`: group id (`DM xxx`) → group name.
    pub groups: Vec<(String, String)>,
}

/// Imports the conversation whose `messages.json` is `entry`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let file = input.describe(entry);
    let dir = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let opened = input
        .path()
        .is_dir()
        .then(|| input.path().file_name())
        .flatten();
    let folder = match dir.rsplit('/').next() {
        Some(f) if !f.is_empty() => f.to_owned(),
        _ => opened
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let folder = folder.as_str();
    let info = small_json(input, &join(dir, "group_info.json"), sink);
    let owner = owner(input, dir, sink);
    let chat = begin(folder, info.as_ref(), &owner, options, sink)
        .map_err(|e| ImportError::new(&file, e))?;

    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let mut emit = Emit {
        input,
        dir,
        file: &file,
        options,
        chat,
        owner: &owner,
        announced: HashSet::new(),
        topic_roots: HashSet::new(),
        missing: Vec::new(),
        missing_count: 0,
        zone_warned: false,
        count: 0,
    };
    if let Some(members) = info
        .as_ref()
        .and_then(|i| i.get("members"))
        .and_then(Value::as_array)
    {
        emit.announced
            .extend(members.iter().filter_map(person).map(|p| p.key));
    }
    let walked = input
        .with_entry(entry, |r| {
            let (r, bytes) = Counting::new(r);
            walk(r, &mut |m| {
                emit.message(&m, sink)?;
                if emit.count.is_multiple_of(PROGRESS_EVERY) {
                    sink.progress(bytes.get(), total)?;
                }
                Ok::<(), SinkError>(())
            })
        })
        .map_err(|e| ImportError::new(&file, e))?;
    walked.map_err(|e| walk_error(&file, e))?;
    emit.finish(sink);
    sink.progress(total, total)
        .map_err(|e| ImportError::new(&file, e))?;
    Ok(())
}

fn walk_error(file: &str, e: WalkError<SinkError>) -> ImportError {
    match e {
        WalkError::Stopped(s) => ImportError::new(file, s),
        WalkError::Json(j) => {
            let position = Position {
                line: Some(j.line() as u64),
                column: Some(j.column() as u64),
                byte: None,
            };
            ImportError::malformed(
                file,
                position,
                format!("not a Google Chat messages.json: {j}"),
            )
        }
    }
}

/// A small JSON file, or `None` (with a warning when it exists but is bad).
fn small_json(input: &Input, name: &str, sink: &mut dyn Sink) -> Option<Value> {
    input.entry(name)?;
    let parsed = input
        .head(name, SMALL_JSON)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            sink.warning(Warning {
                location: input.describe(name),
                message: format!("ignored, not readable: {e}"),
            });
            None
        }
    }
}

/// The Takeout owner, from `<Google Chat>/Users/*/user_info.json` two
/// folders above the conversation folder.
fn owner(input: &Input, dir: &str, sink: &mut dyn Sink) -> Owner {
    let Some((groups, _)) = dir.rsplit_once('/') else {
        return Owner::default();
    };
    let root = groups.rsplit_once('/').map(|(r, _)| r).unwrap_or("");
    let users = join(root, "Users/");
    let found = input
        .entries()
        .iter()
        .find(|e| e.name.starts_with(&users) && e.file_name() == "user_info.json")
        .map(|e| e.name.clone());
    let Some(info) = found.and_then(|n| small_json(input, &n, sink)) else {
        return Owner::default();
    };
    let user = info.get("user");
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let groups = info
        .get("membership_info")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|m| Some((text(Some(m), "group_id")?, text(Some(m), "group_name")?)))
                .collect()
        })
        .unwrap_or_default();
    Owner {
        name: text(user, "name"),
        email: text(user, "email"),
        groups,
    }
}

/// A person (`{name, email, user_type}`) as a participant keyed by e-mail
/// (else name).
pub fn person(v: &Value) -> Option<Participant> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let email = s("email");
    let name = s("name").or(email)?;
    let mut p = Participant::named(name);
    if let Some(email) = email {
        p.key = email.to_owned();
        p.handle = Some(email.to_owned());
    }
    Some(p)
}

impl Owner {
    fn is(&self, p: &Participant, options: &ImportOptions) -> bool {
        let by_owner = self
            .email
            .as_deref()
            .is_some_and(|e| p.handle.as_deref() == Some(e))
            || (self.email.is_none() && self.name.as_deref() == Some(p.name.as_str()));
        let by_option = options
            .me
            .as_deref()
            .is_some_and(|me| me == p.name || p.handle.as_deref() == Some(me));
        by_owner || by_option
    }
}

/// Opens the chat: id and kind from the folder name, title from
/// `group_info.json`, the owner's membership list, or the other members.
fn begin(
    folder: &str,
    info: Option<&Value>,
    owner: &Owner,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<ChatHandle, SinkError> {
    let (prefix, id) = folder.split_once(' ').unwrap_or(("", folder));
    let mut members: Vec<Participant> = info
        .and_then(|i| i.get("members"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(person).collect())
        .unwrap_or_default();
    for p in &mut members {
        p.is_me = owner.is(p, options);
    }
    let kind = match prefix {
        "DM" if members.len() <= 2 => ChatKind::Direct,
        _ => ChatKind::Group,
    };
    let named = info
        .and_then(|i| i.get("name"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let listed = owner
        .groups
        .iter()
        .find(|(g, _)| g == folder)
        .map(|(_, n)| n.clone());
    let others: Vec<&str> = members
        .iter()
        .filter(|p| !p.is_me)
        .map(|p| p.name.as_str())
        .collect();
    let title = named
        .or(listed)
        .or_else(|| (!others.is_empty()).then(|| others.join(", ")))
        .unwrap_or_else(|| {
            if folder.is_empty() {
                "Google Chat conversation".to_owned()
            } else {
                folder.to_owned()
            }
        });
    let mut chat = Chat::new(App::GoogleChat, title, kind);
    chat.native_id = (!id.is_empty()).then(|| id.to_owned());
    chat.participants = members;
    sink.begin_chat(chat)
}

/// State of the message stream.
struct Emit<'a> {
    input: &'a Input,
    dir: &'a str,
    file: &'a str,
    options: &'a ImportOptions,
    chat: ChatHandle,
    owner: &'a Owner,
    /// Participant keys already given to the sink.
    announced: HashSet<String>,
    /// Message ids of thread starts seen so far (`group/topic/topic`).
    topic_roots: HashSet<String>,
    missing: Vec<String>,
    missing_count: u64,
    zone_warned: bool,
    count: u64,
}

impl Emit<'_> {
    fn message(&mut self, m: &Value, sink: &mut dyn Sink) -> Result<(), SinkError> {
        self.count += 1;
        let Some(sent_at) = self.time(m.get("created_date"), sink) else {
            sink.skipped(
                format!("{} message {}", self.file, self.count),
                "message without a readable created_date".to_owned(),
            );
            return Ok(());
        };
        let sender = match m.get("creator").and_then(person) {
            Some(mut p) => {
                let key = p.key.clone();
                if self.announced.insert(key.clone()) {
                    p.is_me = self.owner.is(&p, self.options);
                    sink.participant(self.chat, p)?;
                }
                Some(key)
            }
            None => None,
        };
        let text = m.get("text").and_then(Value::as_str).unwrap_or("");
        let mut msg = Message::text(sender, sent_at, text);
        msg.native_id = str_of(m, "message_id").map(str::to_owned);
        if let Some(updated) = m.get("updated_date")
            && updated != m.get("created_date").unwrap_or(&Value::Null)
        {
            msg.edited = true;
            msg.edited_at = self.time(Some(updated), sink);
        }
        msg.reply_to = self.reply_to(m, msg.native_id.as_deref());
        msg.reactions = reactions(m);
        if let Some(files) = m.get("attached_files").and_then(Value::as_array) {
            for f in files {
                if let Some(att) = self.attachment(f, sink)? {
                    msg.attachments.push(att);
                }
            }
        }
        if !msg.attachments.is_empty() {
            msg.kind = MessageKind::Media;
        }
        annotate(m, &mut msg);
        if str_of(m, "message_state") == Some("DELETED") || m.get("deleted_date").is_some() {
            msg.kind = MessageKind::Deleted;
        }
        sink.message(self.chat, msg)
    }

    /// A prose date as a timestamp in the offset of the chosen zone.
    fn time(&mut self, v: Option<&Value>, sink: &mut dyn Sink) -> Option<Timestamp> {
        let p = date::parse(v?.as_str()?)?;
        let millis = match p.utc_millis() {
            Some(ms) => ms,
            None => {
                if !self.zone_warned {
                    self.zone_warned = true;
                    sink.warning(Warning {
                        location: self.file.to_owned(),
                        message: format!(
                            "unknown time zone in dates such as {:?}; read as {}",
                            v?.as_str()?,
                            self.options.tz
                        ),
                    });
                }
                use chrono::TimeZone;
                self.options
                    .tz
                    .from_local_datetime(&p.local)
                    .earliest()?
                    .timestamp_millis()
            }
        };
        crate::matrix::at_millis(millis, self.options.tz)
    }

    /// The quoted message, else the start of the thread this message is in.
    fn reply_to(&mut self, m: &Value, id: Option<&str>) -> Option<String> {
        if let Some(q) = m
            .get("quoted_message_metadata")
            .and_then(|q| str_of(q, "message_id"))
        {
            return Some(q.to_owned());
        }
        let id = id?;
        let (group, rest) = id.split_once('/')?;
        let (topic, own) = rest.split_once('/')?;
        if topic == own {
            self.topic_roots.insert(id.to_owned());
            return None;
        }
        let root = format!("{group}/{topic}/{topic}");
        self.topic_roots.contains(&root).then_some(root)
    }

    /// One `attached_files` entry; the file itself when it is in the folder.
    fn attachment(
        &mut self,
        f: &Value,
        sink: &mut dyn Sink,
    ) -> Result<Option<Attachment>, SinkError> {
        let export = str_of(f, "export_name");
        let Some(name) = str_of(f, "original_name").or(export) else {
            return Ok(None);
        };
        let mut att = Attachment::named(name);
        let entry = export
            .map(|e| join(self.dir, e))
            .filter(|e| self.input.entry(e).is_some());
        let stored = match entry {
            Some(e) => self.input.with_entry(&e, |r| sink.media(name, r)).ok(),
            None => None,
        };
        match stored {
            Some(s) => {
                let s = s?;
                att.content_hash = Some(s.content_hash);
                att.size = Some(s.size);
            }
            None => {
                self.missing_count += 1;
                if self.missing.len() < MISSING_LISTED {
                    self.missing.push(export.unwrap_or(name).to_owned());
                }
            }
        }
        Ok(Some(att))
    }

    fn finish(&self, sink: &mut dyn Sink) {
        if self.missing_count == 0 {
            return;
        }
        let more = self.missing_count.saturating_sub(self.missing.len() as u64);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        sink.warning(Warning {
            location: self.file.to_owned(),
            message: format!(
                "{} attached file(s) are not in the export: {}{tail}",
                self.missing_count,
                self.missing.join(", ")
            ),
        });
    }
}

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// `reactions[]`: one reaction per reactor.
fn reactions(m: &Value) -> Vec<Reaction> {
    let mut out = Vec::new();
    for r in m
        .get("reactions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let emoji = r.get("emoji");
        let custom = emoji.and_then(|e| e.get("custom_emoji"));
        let Some(emoji) = emoji
            .and_then(|e| str_of(e, "unicode"))
            .map(str::to_owned)
            .or_else(|| {
                let c = custom?;
                let name = str_of(c, "short_code")
                    .or_else(|| str_of(c, "name"))
                    .or_else(|| str_of(c, "uid"))?;
                Some(if name.starts_with(':') {
                    name.to_owned()
                } else {
                    format!(":{name}:")
                })
            })
        else {
            continue;
        };
        let by: Vec<&str> = r
            .get("reactor_emails")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if by.is_empty() {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
        for who in by {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: Some(who.to_owned()),
                at: None,
            });
        }
    }
    out
}

/// Annotations that say what a message without text was: a Meet call or a
/// Drive file.
fn annotate(m: &Value, msg: &mut Message) {
    for a in m
        .get("annotations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(call) = a.get("video_call_metadata") {
            msg.kind = MessageKind::Call;
            if msg.text.is_empty() {
                let url = call
                    .get("meeting_space")
                    .and_then(|s| str_of(s, "meeting_url").or_else(|| str_of(s, "meeting_code")));
                msg.text = match url {
                    Some(u) => format!("Video call {u}"),
                    None => "Video call".to_owned(),
                };
            }
        } else if let Some(drive) = a.get("drive_metadata")
            && msg.text.is_empty()
            && let Some(title) = str_of(drive, "title")
        {
            msg.text = format!("Google Drive: {title}");
        }
    }
}
