//! The formats Ferry writes, with what each target app does with them and
//! what is lost on the way (printed by `ferry export --list-formats`).

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A format an export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// WhatsApp-style zip for Telegram's "Import chat history".
    #[serde(rename = "whatsapp")]
    WhatsApp,
    /// Telegram Desktop `result.json` (for Signal through signalbackup-tools).
    TelegramJson,
    /// SMS Backup & Restore XML for Android's SMS/MMS store.
    SmsXml,
    /// Self-contained offline HTML archive.
    Html,
    Markdown,
    Txt,
    Jsonl,
    Csv,
}

/// What `--list-formats` prints for one format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FormatInfo {
    pub id: &'static str,
    /// What the output is.
    pub description: &'static str,
    /// Where it goes and what the target app does with it.
    pub target: &'static str,
    /// What does not survive the trip.
    pub lost: &'static str,
}

impl ExportFormat {
    /// Every format, in the order `--list-formats` shows them.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::WhatsApp,
        ExportFormat::TelegramJson,
        ExportFormat::SmsXml,
        ExportFormat::Html,
        ExportFormat::Markdown,
        ExportFormat::Txt,
        ExportFormat::Jsonl,
        ExportFormat::Csv,
    ];

    /// The stable name used on the command line.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Description, target and losses.
    pub fn info(self) -> FormatInfo {
        match self {
            ExportFormat::WhatsApp => FormatInfo {
                id: "whatsapp",
                description: "zip named \"WhatsApp Chat - <chat>.zip\" holding _chat.txt (iOS WhatsApp \
                              line format) and the media, named the way WhatsApp names them",
                target: "Telegram \"Import chat history\": share the zip to Telegram on the phone and \
                         pick a chat; a 2-person chat only goes into a private chat with that person, \
                         a group only into a group you administer. Messages keep their original time \
                         in the header but appear at the end of the target chat",
                lost: "reactions, reply links and edits (optionally written as readable text), \
                       formatting, message ids; senders are matched by name, so rename them to the \
                       names you have in Telegram",
            },
            ExportFormat::TelegramJson => FormatInfo {
                id: "telegram-json",
                description: "Telegram Desktop export: result.json (one chat, or a full-account export \
                              holding several) with photos/, files/, video_files/, voice_messages/",
                target: "Signal (Android) through signalbackup-tools --importjson into an existing \
                         backup, and any tool that reads Telegram JSON",
                lost: "messages sharing a second are moved later by whole seconds so that every \
                       timestamp is unique (Signal refuses duplicates); system lines and polls are \
                       skipped by Signal; senders must map to contacts that exist in Signal",
            },
            ExportFormat::SmsXml => FormatInfo {
                id: "sms-xml",
                description: "SMS Backup & Restore XML: <sms> for 1:1 text, <mms> with base64 parts for \
                              attachments and groups",
                target: "Android's SMS/MMS store: restore with SMS Backup & Restore",
                lost: "needs a phone number for everyone in the chat; reactions, replies, edits and \
                       group names are lost (threads are keyed by their members); the chat app's \
                       identity is lost",
            },
            ExportFormat::Html => FormatInfo {
                id: "html",
                description: "self-contained offline folder: index.html, one page per chat (by month \
                              for big chats), media inline, offline search page",
                target: "any web browser, offline, JavaScript optional (only search needs it)",
                lost: "nothing you can read; it cannot be imported back into an app",
            },
            ExportFormat::Markdown => FormatInfo {
                id: "markdown",
                description: "one Markdown file per chat, one paragraph per message",
                target: "notes apps and anything that renders Markdown",
                lost: "media are linked, not embedded; reactions and replies as text",
            },
            ExportFormat::Txt => FormatInfo {
                id: "txt",
                description: "one plain-text transcript per chat",
                target: "reading and printing",
                lost: "media by file name only; reactions and replies as text",
            },
            ExportFormat::Jsonl => FormatInfo {
                id: "jsonl",
                description: "one JSON object per message per line (schema in docs/jsonl.md)",
                target: "scripts and data tools",
                lost: "media files are referenced by hash and path, not embedded",
            },
            ExportFormat::Csv => FormatInfo {
                id: "csv",
                description: "one row per message, RFC 4180, cells starting with = + - @ prefixed with '",
                target: "spreadsheets",
                lost: "reactions flattened to text; attachments by name only",
            },
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Returned for a format name Ferry does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown export format {0:?} (known: whatsapp, telegram-json, sms-xml, html, markdown, txt, jsonl, csv)"
)]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "md" => "markdown",
            "text" => "txt",
            "telegram" => "telegram-json",
            "sms" => "sms-xml",
            other => other,
        };
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.id() == alias)
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back() {
        for f in ExportFormat::ALL {
            assert_eq!(f.id().parse::<ExportFormat>(), Ok(f));
        }
        assert_eq!("MD".parse::<ExportFormat>(), Ok(ExportFormat::Markdown));
        assert!("pdf".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn serde_name_equals_id() {
        for f in ExportFormat::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.id())
            );
        }
    }
}
