//! The Messenger end-to-end encrypted chats export (secure storage
//! "Download your information", 2024+).
//!
//! One JSON file per thread, media for all threads in a shared `media/`
//! folder next to them:
//!
//! ```text
//! { "participants": ["Ferry Tester", "Dana Kim"], "threadName": "Dana Kim_12",
//!   "messages": [ { "senderName", "timestamp" (unix ms), "text",
//!                   "type": "text"|"media"|"link"|"placeholder",
//!                   "media": [{"uri": "./media/<uuid>.jpeg"}],
//!                   "reactions": [{"actor", "reaction"}], "isUnsent" } ] }
//! ```
//!
//! There is no official description. Ferry: applies the guarded mojibake
//! fix to every string (a no-op on clean UTF-8); sorts by `timestamp`
//! (the order is not documented); `native_id` of the chat = `threadName`
//! (else the file name), its title = `threadName` without the trailing
//! `_<number>`; `isUnsent` → Deleted, `placeholder` → System, media →
//! Media. No message ids: the library deduplicates by content.

use super::me::Me;
use super::media::MediaResolver;
use super::mojibake::fix_owned;
use super::read::{Prefix, Stopped, at_millis, json_error, parse_entry};
use super::thread::People;
use super::timeline::{DEFAULT_CAP, Timeline};
use crate::json_quick::{Bail, Cursor};
use crate::{Detected, ImportError, ImportOptions, Input, Sink};
use ferry_model::{App, Chat, ChatKind, MediaKind, Message, MessageKind, Reaction};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;
use std::io::Read;
use std::rc::Rc;

const SNIFF_BYTES: usize = 8192;

#[derive(Debug, Deserialize, Default)]
struct RawMedia {
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct RawReaction {
    #[serde(default)]
    actor: Option<String>,
    #[serde(default)]
    reaction: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawMessage {
    #[serde(default)]
    sender_name: Option<String>,
    #[serde(default)]
    timestamp: Option<i64>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    media: Option<Vec<RawMedia>>,
    #[serde(default)]
    reactions: Option<Vec<RawReaction>>,
    #[serde(default)]
    is_unsent: Option<bool>,
}

#[derive(Debug, Default)]
struct Meta {
    participants: Vec<String>,
    thread_name: Option<String>,
    has_messages: bool,
}

/// Whether the first bytes look like an E2EE thread file.
pub fn looks_like_e2ee(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    let has = |k: &[u8]| memchr::memmem::find(head, k).is_some();
    first == Some(&b'{')
        && (has(b"\"threadName\"") || (has(b"\"senderName\"") && has(b"\"isUnsent\"")))
}

/// Every E2EE thread file in `input`.
pub fn detect(input: &Input, found: &mut Vec<Detected>, format: crate::Format) {
    for e in input.entries() {
        let name = e.file_name();
        if !name.ends_with(".json") || super::detect::message_number(name).is_some() {
            continue;
        }
        if input
            .head(&e.name, SNIFF_BYTES)
            .is_ok_and(|h| looks_like_e2ee(&h))
        {
            found.push(Detected {
                format,
                entry: e.name.clone(),
                label: format!("Messenger end-to-end encrypted chat {}", e.name),
            });
        }
    }
}

/// `Dana Kim_12` → `Dana Kim`.
fn display_title(thread_name: &str) -> &str {
    match thread_name.rsplit_once('_') {
        Some((t, n)) if !t.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            t
        }
        _ => thread_name,
    }
}

/// Imports one E2EE thread file.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let location = input.describe(entry);
    let sink_err = |e| ImportError::new(location.clone(), e);
    let counter = Rc::new(Cell::new(0u64));
    let meta = match quick_meta(input, entry) {
        Some(meta) => meta,
        None => parse_entry(
            input,
            entry,
            Prefix::None,
            &counter,
            File { on_message: None },
        )
        .map_err(|e| ImportError::new(location.clone(), e))?
        .map_err(|e| json_error(input, entry, &e))?,
    };
    if !meta.has_messages {
        return Err(ImportError::malformed(
            location.clone(),
            crate::Position::default(),
            "no \"messages\" array: not a Messenger end-to-end encrypted export",
        ));
    }
    let stem = entry
        .rsplit('/')
        .next()
        .unwrap_or(entry)
        .trim_end_matches(".json")
        .to_owned();
    let thread_name = meta.thread_name.map(fix_owned).filter(|t| !t.is_empty());
    let participants: Vec<String> = meta.participants.into_iter().map(fix_owned).collect();
    let kind = if participants.len() > 2 {
        ChatKind::Group
    } else {
        ChatKind::Direct
    };
    let title = display_title(thread_name.as_deref().unwrap_or(&stem)).to_owned();
    let mut chat = Chat::new(App::Messenger, title, kind);
    chat.native_id = Some(thread_name.unwrap_or(stem));
    let handle = sink.begin_chat(chat).map_err(sink_err)?;
    let me = Me::resolve(input, options, entry);
    let mut people = People::new(handle, &me);
    for p in &participants {
        people.see(p, sink).map_err(sink_err)?;
    }

    let dir = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut media = MediaResolver::new(entry);
    let mut timeline: Timeline<Message> = Timeline::new(DEFAULT_CAP);
    let mut stop: Option<ImportError> = None;
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    counter.set(0);
    let mut on_message = |raw: RawMessage| -> Result<(), Stopped> {
        let r = (|| -> Result<(), ImportError> {
            let Some(sent_at) = raw.timestamp.and_then(|ms| at_millis(ms, options.tz)) else {
                sink.skipped(
                    location.clone(),
                    "message without a usable timestamp".into(),
                );
                return Ok(());
            };
            let sender = raw.sender_name.map(fix_owned).filter(|s| !s.is_empty());
            if let Some(s) = &sender {
                people.see(s, sink).map_err(sink_err)?;
            }
            let mut attachments = Vec::new();
            for uri in raw.media.into_iter().flatten().filter_map(|m| m.uri) {
                let uri = fix_owned(uri);
                attachments.push(media.attach(input, &uri, MediaKind::Other, &location, sink)?);
            }
            let mut text = raw.text.map(fix_owned).unwrap_or_default();
            let kind = if raw.is_unsent == Some(true) {
                text.clear();
                MessageKind::Deleted
            } else if raw.kind.as_deref() == Some("placeholder") {
                MessageKind::System
            } else if !attachments.is_empty() {
                MessageKind::Media
            } else {
                MessageKind::Text
            };
            let reactions = raw
                .reactions
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    Some(Reaction {
                        emoji: fix_owned(r.reaction?),
                        by: r.actor.map(fix_owned),
                        at: None,
                    })
                })
                .collect();
            let mut m = Message::text(sender, sent_at, text);
            m.kind = kind;
            m.attachments = attachments;
            m.reactions = reactions;
            timeline
                .push(sent_at.unix_millis(), m, &mut |m| sink.message(handle, m))
                .map_err(sink_err)?;
            sink.progress(counter.get(), total).map_err(sink_err)
        })();
        r.map_err(|e| {
            stop = Some(e);
            Stopped
        })
    };
    let parsed = parse_entry(
        input,
        entry,
        Prefix::None,
        &counter,
        File {
            on_message: Some(&mut on_message),
        },
    )
    .map_err(|e| ImportError::new(location.clone(), e))?;
    if let Some(e) = stop {
        return Err(e);
    }
    parsed.map_err(|e| json_error(input, entry, &e))?;
    timeline
        .flush(&mut |m| sink.message(handle, m))
        .map_err(sink_err)?;
    media.finish(&input.describe(dir), sink);
    Ok(())
}

/// How much of a file [`quick_meta`] reads.
const META_HEAD: u64 = 64 * 1024;

/// The thread's participants and name from the head of the file, when
/// both come before `messages` (as Messenger writes them), so that the
/// messages are read once. `None` (the caller then reads the whole file
/// for them): they do not come first, a value is not read exactly as serde
/// would read it ([`crate::json_quick`]), or the head is cut before
/// `messages`. A syntax error after the head is reported by the pass that
/// reads the messages, at the same place.
fn quick_meta(input: &Input, entry: &str) -> Option<Meta> {
    let head = input
        .with_entry(entry, |r| {
            let mut v = Vec::new();
            r.take(META_HEAD).read_to_end(&mut v).map(|_| v)
        })
        .ok()?
        .ok()?;
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let text = match simdutf8::compat::from_utf8(body) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(body.get(..e.valid_up_to())?).ok()?,
    };
    let mut c = Cursor::new(text);
    let mut meta = Meta::default();
    let (mut participants, mut name) = (false, false);
    // As in the full pass, a key given twice keeps its last value.
    let _ = c.object(|c, key| {
        match key {
            "participants" => {
                participants = true;
                meta.participants = c
                    .by_serde::<Vec<Option<String>>>()?
                    .into_iter()
                    .flatten()
                    .collect();
            }
            "threadName" => {
                name = true;
                meta.thread_name = c.by_serde()?;
            }
            "messages" => {
                meta.has_messages = true;
                // Stop here: the rest is read with the messages.
                return Err(Bail);
            }
            _ => c.skip()?,
        }
        Ok(())
    });
    (meta.has_messages && participants && name).then_some(meta)
}

type OnMessage<'a> = dyn FnMut(RawMessage) -> Result<(), Stopped> + 'a;

/// Seed for one E2EE file; without a callback the messages are skipped.
struct File<'a, 'b> {
    on_message: Option<&'a mut OnMessage<'b>>,
}

impl<'de> DeserializeSeed<'de> for File<'_, '_> {
    type Value = Meta;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Meta, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for File<'_, '_> {
    type Value = Meta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Messenger end-to-end encrypted thread object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Meta, A::Error> {
        let mut meta = Meta::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "participants" => {
                    meta.participants = map
                        .next_value::<Vec<Option<String>>>()?
                        .into_iter()
                        .flatten()
                        .collect()
                }
                "threadName" => meta.thread_name = map.next_value()?,
                "messages" => {
                    meta.has_messages = true;
                    match self.on_message.as_deref_mut() {
                        Some(on) => map.next_value_seed(Messages { on })?,
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(meta)
    }
}

struct Messages<'a, 'b> {
    on: &'a mut OnMessage<'b>,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(m) = seq.next_element::<RawMessage>()? {
            if (self.on)(m).is_err() {
                return Err(de::Error::custom("stopped by the importer"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_meta(input: &Input, entry: &str) -> Meta {
        let counter = Rc::new(Cell::new(0u64));
        parse_entry(
            input,
            entry,
            Prefix::None,
            &counter,
            File { on_message: None },
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn the_head_gives_the_meta_the_full_pass_gives() {
        let cases = [
            (
                r#"{"participants": ["A", null, "B"], "threadName": "A_1", "messages": []}"#,
                true,
            ),
            (
                r#"{"threadName": null, "x": {"y": [1]}, "participants": [], "messages": [{"z": 1}]}"#,
                true,
            ),
            (
                r#"{"participants": ["A"], "participants": ["C"], "threadName": "t", "messages": []}"#,
                true,
            ),
            // Not read from the head; the full pass decides.
            (
                r#"{"messages": [], "participants": ["A"], "threadName": "A_1"}"#,
                false,
            ),
            (
                r#"{"participants": ["A"], "messages": [], "threadName": "late"}"#,
                false,
            ),
            (r#"{"participants": ["A"], "threadName": "A_1"}"#, false),
            (
                r#"{"participants": [1], "threadName": "A_1", "messages": []}"#,
                false,
            ),
        ];
        for (text, from_head) in cases {
            let input = Input::from_bytes("t.json", text.as_bytes().to_vec());
            match quick_meta(&input, "t.json") {
                Some(meta) => {
                    assert!(from_head, "{text}");
                    let full = full_meta(&input, "t.json");
                    assert_eq!(format!("{meta:?}"), format!("{full:?}"), "{text}");
                }
                None => assert!(!from_head, "{text}"),
            }
        }
        // Messages beyond the head: the meta still comes from it.
        let mut long =
            String::from(r#"{"participants": ["A"], "threadName": "A_1", "messages": ["#);
        long.push_str(&"{\"text\": \"x\"},".repeat(20_000));
        long.push_str("{}]}");
        let input = Input::from_bytes("t.json", long.into_bytes());
        let meta = quick_meta(&input, "t.json").unwrap();
        assert_eq!(
            format!("{meta:?}"),
            format!("{:?}", full_meta(&input, "t.json"))
        );
    }

    #[test]
    fn title_table() {
        assert_eq!(display_title("Dana Kim_12"), "Dana Kim");
        assert_eq!(display_title("Dana_Kim"), "Dana_Kim");
        assert_eq!(display_title("_12"), "_12");
        assert_eq!(display_title("Trip 2024_"), "Trip 2024_");
    }

    #[test]
    fn sniff_table() {
        assert!(looks_like_e2ee(
            br#"{"participants":["a"],"threadName":"a_1""#
        ));
        assert!(looks_like_e2ee(
            br#" {"messages":[{"isUnsent":false,"senderName":"a""#
        ));
        assert!(!looks_like_e2ee(
            br#"{"participants":[{"name":"a"}],"messages":[]}"#
        ));
        assert!(!looks_like_e2ee(br#"["threadName"]"#));
    }
}
