//! Google Chat and legacy Hangouts, as Google Takeout exports them.
//!
//! Map:
//! - [`GoogleChatImporter`] (`google-chat`): one export per conversation
//!   folder `Google Chat/Groups/<DM|Space id>/` (`messages.json` +
//!   `group_info.json` + attached files); the account owner comes from
//!   `Google Chat/Users/User <id>/user_info.json`.
//! - [`HangoutsImporter`] (`hangouts`): `Hangouts/Hangouts.json`, every
//!   conversation of the account in one (possibly huge) file; both the
//!   `conversations` root (2018+) and the older `conversation_state` root.
//! - [`date`]: the prose dates of Google Chat.
//! - [`group`]: one Google Chat conversation folder into one chat.
//! - [`hangouts`]: `Hangouts.json`, streamed in two passes
//!   (`stream`: the visitor; `event`: one event into one message).
//!
//! Detection is by content (the JSON's first keys), never by name alone,
//! so a Takeout folder, its zip, or a folder holding the zip all work.
//! Format notes and what Ferry keeps or loses: `docs/formats/google-chat.md`.

pub mod date;
pub mod group;
pub mod hangouts;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// How many bytes detection reads from a candidate file.
const SNIFF_BYTES: usize = 8 * 1024;

/// Google Chat conversations from Google Takeout.
#[derive(Debug)]
pub struct GoogleChatImporter;

/// Legacy Hangouts conversations from Google Takeout.
#[derive(Debug)]
pub struct HangoutsImporter;

impl Importer for GoogleChatImporter {
    fn id(&self) -> &'static str {
        "google-chat"
    }

    fn app(&self) -> App {
        App::GoogleChat
    }

    fn description(&self) -> &'static str {
        "Google Chat from Google Takeout (Groups/<DM|Space>/messages.json, one export per conversation)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.file_name() == "messages.json")
            .filter(|e| {
                input.head(&e.name, SNIFF_BYTES).is_ok_and(|h| {
                    sniff_chat(&h, input.entry(&join(e.dir(), "group_info.json")).is_some())
                })
            })
            .map(|e| {
                let folder = e.dir().rsplit('/').next().unwrap_or("");
                Detected {
                    format: Format::of(&GoogleChatImporter),
                    entry: e.name.clone(),
                    label: if folder.is_empty() {
                        "Google Chat conversation".to_owned()
                    } else {
                        format!("Google Chat {folder}")
                    },
                }
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        group::import(input, &found.entry, options, sink)
    }
}

impl Importer for HangoutsImporter {
    fn id(&self) -> &'static str {
        "hangouts"
    }

    fn app(&self) -> App {
        App::GoogleChat
    }

    fn description(&self) -> &'static str {
        "Google Hangouts from Google Takeout (Hangouts.json, every conversation, streamed)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.name.to_ascii_lowercase().ends_with(".json"))
            .filter(|e| {
                input
                    .head(&e.name, SNIFF_BYTES)
                    .is_ok_and(|h| sniff_hangouts(&h))
            })
            .map(|e| Detected {
                format: Format::of(&HangoutsImporter),
                entry: e.name.clone(),
                label: "Google Hangouts (all conversations)".to_owned(),
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        hangouts::import(input, &found.entry, options, sink)
    }
}

/// `dir` joined with a name (`dir` may be empty: the top).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The text after the opening brace and its first key, when `head` starts
/// as a JSON object whose first key is `key`.
fn after_first_key<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let rest = body.strip_prefix('{')?.trim_start();
    let rest = rest
        .strip_prefix('"')?
        .strip_prefix(key)?
        .strip_prefix('"')?;
    rest.trim_start().strip_prefix(':').map(str::trim_start)
}

/// Whether `head` starts like a Google Chat `messages.json`: `{"messages": [`
/// followed by messages with Google Chat's fields, or an empty list next
/// to a `group_info.json`.
pub fn sniff_chat(head: &[u8], has_group_info: bool) -> bool {
    let text = String::from_utf8_lossy(head);
    let Some(rest) = after_first_key(&text, "messages") else {
        return false;
    };
    let Some(list) = rest.strip_prefix('[') else {
        return false;
    };
    let list = list.trim_start();
    if list.starts_with(']') {
        return has_group_info;
    }
    list.starts_with('{')
        && (list.contains("\"created_date\"") || list.contains("\"message_id\""))
        && (list.contains("\"creator\"") || list.contains("\"topic_id\""))
}

/// Whether `head` starts like `Hangouts.json` (either root; the older one
/// may open with `continuation_end_timestamp`).
pub fn sniff_hangouts(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let list = after_first_key(&text, "conversations")
        .or_else(|| after_first_key(&text, "conversation_state"))
        .or_else(|| {
            after_first_key(&text, "continuation_end_timestamp")?;
            let at = text.find("\"conversation_state\"")?;
            let rest = text
                .get(at + "\"conversation_state\"".len()..)?
                .trim_start();
            rest.strip_prefix(':').map(str::trim_start)
        });
    list.is_some_and(|r| r.starts_with('[') && r.contains("\"conversation_id\""))
}

#[cfg(test)]
mod tests;
