//! signal-export (`sigexport`): one folder per chat holding `data.json`
//! (JSON Lines), `chat.md`, `index.html` and a `media/` folder.
//!
//! Map:
//! - [`json`]: `data.json`, preferred when present (structured fields).
//! - [`markdown`]: `chat.md`, read when a folder has no `data.json`.
//! - [`Conv`] (here): what both share: the chat (named after its folder),
//!   senders (`Me` is the exporter), local times read in
//!   [`ImportOptions::tz`], attachments looked up in the folder
//!   (`%20` in paths is a space on disk), and the append-mode repeat guard.
//!
//! Ids: the format has none; a message is `"<sent ms>:<sender name>"`
//! (numbered `:2`, `:3`... when one sender has several messages in one
//! second), the same from `data.json` and `chat.md`, so re-imports and
//! later exports of the same chat deduplicate.
//!
//! signal-export opens its files in append mode, so running it twice into
//! one folder writes every message again after the first run's. The dates
//! then jump back; messages up to the newest date already seen are skipped
//! until the dates pass it (one counter, no per-message memory).

pub mod json;
pub mod markdown;

use crate::signal::local_timestamp;
use crate::{
    ChatHandle, Detected, Format, ImportError, ImportOptions, Importer, Input, Sink, Warning,
};
use chrono::NaiveDateTime;
use ferry_model::{App, Attachment, Chat, ChatKind, Participant, Timestamp};
use std::collections::HashSet;

/// The signal-export importer.
#[derive(Debug)]
pub struct SignalExportImporter;

const SNIFF: usize = 4096;

/// `[2024-06-10 08:13:20] ` at the start of a chat.md record.
pub(crate) fn md_record_start(line: &str) -> Option<(NaiveDateTime, &str)> {
    let rest = line.strip_prefix('[')?;
    let (date, rest) = rest.split_at_checked(19)?;
    let rest = rest.strip_prefix("] ")?;
    let date = NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M:%S").ok()?;
    Some((date, rest))
}

fn is_data_json(head: &[u8]) -> bool {
    let first = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
    #[derive(serde::Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        date: String,
        #[allow(dead_code)]
        sender: String,
        #[allow(dead_code)]
        body: Option<String>,
    }
    // A line cut by the sniff limit still starts like a record.
    serde_json::from_slice::<Probe>(first).is_ok()
        || (first.starts_with(b"{\"date\": \"") && first.windows(10).any(|w| w == b"\"sender\": "))
}

fn is_chat_md(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.lines()
        .find(|l| !l.trim().is_empty())
        .and_then(md_record_start)
        .is_some()
}

impl Importer for SignalExportImporter {
    fn id(&self) -> &'static str {
        "signal-export"
    }

    fn app(&self) -> App {
        App::Signal
    }

    fn description(&self) -> &'static str {
        "Signal Desktop chats exported by signal-export (data.json or chat.md per chat folder)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let mut out = Vec::new();
        for e in input.entries() {
            let file = e.file_name();
            let json = file == "data.json";
            let md = file == "chat.md";
            if !json && !md {
                continue;
            }
            let sibling = |n: &str| {
                if e.dir().is_empty() {
                    n.to_owned()
                } else {
                    format!("{}/{n}", e.dir())
                }
            };
            let Ok(head) = input.head(&e.name, SNIFF) else {
                continue;
            };
            let ok = if json {
                is_data_json(&head)
            } else {
                // data.json, when there, is read instead.
                input.entry(&sibling("data.json")).is_none() && is_chat_md(&head)
            };
            if ok {
                out.push(Detected {
                    format: Format::of(&SignalExportImporter),
                    entry: e.name.clone(),
                    label: format!("Signal chat {} (signal-export)", title_of(e.dir())),
                });
            }
        }
        out
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let file = input.describe(&found.entry);
        let dir = found.entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let total = input.entry(&found.entry).map(|e| e.size).unwrap_or(0);
        let chat = Chat::new(App::Signal, title_of(dir), ChatKind::Direct);
        let handle = sink
            .begin_chat(chat)
            .map_err(|e| ImportError::new(file.clone(), e))?;
        let mut conv = Conv {
            file: &file,
            input,
            dir,
            options,
            chat: handle,
            senders: HashSet::new(),
            newest: None,
            replay_until: None,
            repeats: 0,
            ids: crate::signal::IdMaker::default(),
        };
        let is_json = found.entry.ends_with("data.json");
        input
            .with_entry(&found.entry, |r| {
                if is_json {
                    json::import(r, &mut conv, total, sink)
                } else {
                    markdown::import(r, &mut conv, total, sink)
                }
            })
            .map_err(|e| ImportError::new(file.clone(), e))??;
        if conv.repeats > 0 {
            sink.warning(Warning {
                location: file.clone(),
                message: format!(
                    "{} messages were written twice (signal-export was run more than once into \
                     this folder); the repeats were skipped",
                    conv.repeats
                ),
            });
        }
        Ok(())
    }
}

/// The chat's title: its folder's name.
fn title_of(dir: &str) -> String {
    match dir.rsplit('/').next() {
        Some(d) if !d.is_empty() => d.to_owned(),
        _ => "Signal chat".to_owned(),
    }
}

/// What the two readers share while importing one chat folder.
pub struct Conv<'a> {
    file: &'a str,
    input: &'a Input,
    dir: &'a str,
    options: &'a ImportOptions,
    chat: ChatHandle,
    senders: HashSet<String>,
    newest: Option<NaiveDateTime>,
    replay_until: Option<NaiveDateTime>,
    repeats: u64,
    ids: crate::signal::IdMaker,
}

impl std::fmt::Debug for Conv<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conv")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl Conv<'_> {
    pub(crate) fn file(&self) -> &str {
        self.file
    }

    pub(crate) fn chat(&self) -> ChatHandle {
        self.chat
    }

    /// Whether this record repeats an earlier run's (append mode).
    pub(crate) fn is_repeat(&mut self, date: NaiveDateTime) -> bool {
        if let Some(until) = self.replay_until {
            if date <= until {
                self.repeats += 1;
                return true;
            }
            self.replay_until = None;
        }
        match self.newest {
            Some(n) if date < n => {
                self.replay_until = Some(n);
                self.repeats += 1;
                true
            }
            _ => {
                self.newest = Some(date);
                false
            }
        }
    }

    /// The message id: sent time (to the second, as both files have it)
    /// and sender, numbered when one sender has several in one second.
    pub(crate) fn id(&mut self, sent: &Timestamp, sender: &str) -> String {
        self.ids.id(sent.unix_millis(), sender)
    }

    pub(crate) fn time(&self, date: NaiveDateTime) -> Option<Timestamp> {
        local_timestamp(date, self.options.tz)
    }

    /// The key for a sender name, registering the person on first sight.
    /// signal-export writes the exporter as `Me`.
    pub(crate) fn sender(
        &mut self,
        name: &str,
        sink: &mut dyn Sink,
    ) -> Result<String, ImportError> {
        let key = name.to_owned();
        if self.senders.insert(key.clone()) {
            let is_me = name == "Me" || self.options.me.as_deref() == Some(name);
            let p = Participant {
                is_me,
                ..Participant::named(name)
            };
            sink.participant(self.chat, p)
                .map_err(|e| ImportError::new(self.file, e))?;
            if self.senders.len() == 3 {
                sink.set_chat_kind(self.chat, ChatKind::Group)
                    .map_err(|e| ImportError::new(self.file, e))?;
            }
        }
        Ok(key)
    }

    /// An attachment, with its file streamed into the sink when the folder
    /// holds it; a warning otherwise.
    pub(crate) fn attachment(
        &mut self,
        name: &str,
        path: &str,
        sink: &mut dyn Sink,
    ) -> Result<Attachment, ImportError> {
        let rel = path.trim_start_matches("./").replace("%20", " ");
        let full = if self.dir.is_empty() {
            rel.clone()
        } else {
            format!("{}/{rel}", self.dir)
        };
        let display = if name.is_empty() {
            rel.rsplit('/').next().unwrap_or(&rel).to_owned()
        } else {
            name.to_owned()
        };
        let mut att = Attachment::named(display);
        if self.input.entry(&full).is_some() && !rel.contains("..") {
            let stored = self
                .input
                .with_entry(&full, |r| sink.media(&att.file_name, r))
                .map_err(|e| ImportError::new(self.file, e))?
                .map_err(|e| ImportError::new(self.file, e))?;
            att.content_hash = Some(stored.content_hash);
            att.size = Some(stored.size);
        } else {
            sink.warning(Warning {
                location: self.file.to_owned(),
                message: format!("attachment {rel} is referenced but not in the export"),
            });
        }
        Ok(att)
    }
}
