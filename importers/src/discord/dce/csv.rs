//! DiscordChatExporter CSV: `AuthorID,Author,Date,Content,Attachments,Reactions`.
//!
//! The CSV flavour has no message ids, no message types and no channel
//! header: the chat comes from the file name (`Guild - Category - channel
//! [id].csv`), messages get no `native_id` (the store deduplicates them by
//! content), and every line is a normal message.

use super::map::{key_ref, participant_of};
use super::types::User;
use crate::discord::assets::{AssetLog, file_name_of};
use crate::discord::snowflake::Snowflake;
use crate::discord::time::parse_iso;
use crate::{ImportError, ImportOptions, Input, Position, Sink};
use ferry_model::{App, Attachment, Chat, ChatKind, Message, MessageKind, Reaction};
use std::collections::HashSet;
use std::io::BufReader;

/// The header DCE writes (after an optional BOM).
pub const HEADER: &str = "AuthorID,Author,Date,Content,Attachments,Reactions";

/// Anonymous reactions kept per emoji at most.
const MAX_REACTIONS: u64 = 1000;

/// Whether the start of a file is a DCE CSV export.
pub fn sniff(head: &[u8]) -> bool {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    head.starts_with(HEADER.as_bytes())
        && matches!(head.get(HEADER.len()), Some(b'\r' | b'\n') | None)
}

/// Chat from a DCE file name: `Guild - Category - channel [123].csv`.
pub fn chat_from_file_name(name: &str) -> Chat {
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let mut rest = stem.trim();
    // Drop a trailing " [part N]" of partitioned exports.
    if let Some(i) = rest.rfind(" [part ")
        && rest.ends_with(']')
    {
        rest = rest[..i].trim_end();
    }
    let mut id = None;
    if let (Some(open), true) = (rest.rfind(" ["), rest.ends_with(']')) {
        let digits = &rest[open + 2..rest.len() - 1];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            id = Some(digits.to_owned());
            rest = rest[..open].trim_end();
        }
    }
    let parts: Vec<&str> = rest.split(" - ").collect();
    let (kind, title) = match parts.as_slice() {
        ["Direct Messages", .., name] => (ChatKind::Direct, (*name).to_owned()),
        [guild, _category, name] => (ChatKind::Channel, format!("{guild} / {name}")),
        _ => (ChatKind::Channel, rest.to_owned()),
    };
    Chat {
        app: App::Discord,
        native_id: id,
        title,
        kind,
        participants: Vec::new(),
    }
}

/// `"👍 (2),ferryparrot (1)"` → reactions (custom emoji names get colons).
pub fn parse_reactions(s: &str) -> Vec<Reaction> {
    let mut out = Vec::new();
    for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (emoji, count) = match item.rsplit_once(" (") {
            Some((e, n)) => match n.strip_suffix(')').and_then(|n| n.parse::<u64>().ok()) {
                Some(n) => (e.trim(), n),
                None => (item, 1),
            },
            None => (item, 1),
        };
        let custom = emoji
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let emoji = if custom {
            format!(":{emoji}:")
        } else {
            emoji.to_owned()
        };
        for _ in 0..count.min(MAX_REACTIONS) {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
    }
    out
}

/// Imports one DCE CSV file.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let location = input.describe(entry);
    let chat = chat_from_file_name(entry);
    let handle = sink
        .begin_chat(chat)
        .map_err(|e| ImportError::new(location.clone(), e))?;
    let mut known = HashSet::new();
    let mut log = AssetLog::default();
    let result = input.with_entry(entry, |r| -> Result<(), ImportError> {
        let mut reader = ::csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 16, r));
        let mut rec = ::csv::ByteRecord::new();
        let mut line = 1u64;
        loop {
            match reader.read_byte_record(&mut rec) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(line);
                    return Err(ImportError::malformed(
                        &location,
                        Position::line(line),
                        e.to_string(),
                    ));
                }
            }
            line = rec.position().map(|p| p.line()).unwrap_or(line + 1);
            // Invalid UTF-8 is replaced rather than fatal: one bad byte
            // should not cost the rest of the channel.
            let fields: Vec<String> = rec
                .iter()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .collect();
            let f = |i: usize| fields.get(i).map(String::as_str).unwrap_or_default();
            let Some(sent_at) = parse_iso(f(2)) else {
                sink.skipped(
                    format!("{location}:{line}"),
                    format!("unreadable date {:?}", f(2)),
                );
                continue;
            };
            let (name, disc) = match f(1).rsplit_once('#') {
                Some((n, d)) if d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()) => (n, d),
                _ => (f(1), ""),
            };
            let user = User {
                id: Snowflake(f(0).to_owned()),
                name: name.into(),
                discriminator: disc.into(),
                nickname: None,
                is_bot: false,
            };
            let key = key_ref(&user).to_owned();
            if known.insert(key.clone()) {
                let p = participant_of(&user, key.clone(), options);
                sink.participant(handle, p)
                    .map_err(|e| ImportError::new(&location, e))?;
            }
            let attachments: Vec<Attachment> = f(4)
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|u| {
                    log.remote += 1;
                    Attachment::named(file_name_of(u))
                })
                .collect();
            let text = f(3).to_owned();
            let mut m = Message::text(Some(key), sent_at, text);
            if m.text.is_empty() && !attachments.is_empty() {
                m.kind = MessageKind::Media;
            }
            m.attachments = attachments;
            m.reactions = parse_reactions(f(5));
            sink.message(handle, m)
                .map_err(|e| ImportError::new(&location, e))?;
        }
    });
    result.map_err(|e| ImportError::new(location.clone(), e))??;
    log.finish(&location, sink);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_chats() {
        for (name, title, id, kind) in [
            (
                "Ferry Test Server - Text Channels - general [1000000000000000100].csv",
                "Ferry Test Server / general",
                Some("1000000000000000100"),
                ChatKind::Channel,
            ),
            (
                "dir/Direct Messages - Private - bob [530805775262679064] [part 2].csv",
                "bob",
                Some("530805775262679064"),
                ChatKind::Direct,
            ),
            (
                "synthetic_general.csv",
                "synthetic_general",
                None,
                ChatKind::Channel,
            ),
            ("x [abc].csv", "x [abc]", None, ChatKind::Channel),
        ] {
            let c = chat_from_file_name(name);
            assert_eq!(c.title, title, "{name}");
            assert_eq!(c.native_id.as_deref(), id, "{name}");
            assert_eq!(c.kind, kind, "{name}");
        }
    }

    #[test]
    fn reaction_lists() {
        let r = parse_reactions("👍 (2),ferryparrot (1)");
        let emojis: Vec<_> = r.iter().map(|r| r.emoji.as_str()).collect();
        assert_eq!(emojis, ["👍", "👍", ":ferryparrot:"]);
        assert!(parse_reactions("").is_empty());
        assert_eq!(parse_reactions("x (bad)").len(), 1);
        assert_eq!(
            parse_reactions("🔥 (99999999999)").len(),
            MAX_REACTIONS as usize
        );
    }

    #[test]
    fn sniffing_needs_the_exact_header() {
        assert!(sniff(format!("\u{feff}{HEADER}\r\n\"1\"").as_bytes()));
        assert!(sniff(HEADER.as_bytes()));
        assert!(!sniff(
            b"AuthorID,Author,Date,Content,Attachments,ReactionsX\n"
        ));
        assert!(!sniff(b"ID,Timestamp,Contents,Attachments\n"));
    }
}
