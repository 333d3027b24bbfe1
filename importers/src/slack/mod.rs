//! Slack workspace exports (Settings → Import/Export, or `slackdump
//! export`): a zip or folder with `users.json`, the conversation lists
//! (`channels.json`, `groups.json`, `mpims.json`, `dms.json`) and one JSON
//! array of messages per conversation and day (`<folder>/YYYY-MM-DD.json`).
//!
//! Map:
//! - [`meta`]: users and conversations, read up front (they are small).
//! - [`messages`]: day files streamed element by element into messages.
//! - [`text`]: Slack's mrkdwn to plain text (mentions, links, entities)
//!   and reaction shortcodes to emoji.
//!
//! Detection is by content: a `users.json` holding user objects next to
//! at least one conversation list. An export may sit at the top of the
//! input or inside one folder (as zips made by hand often are).

pub mod messages;
pub mod meta;
pub mod text;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// The Slack workspace export importer.
#[derive(Debug)]
pub struct SlackImporter;

/// The conversation lists an export may have, in import order.
pub const LISTS: [&str; 4] = ["channels.json", "groups.json", "mpims.json", "dms.json"];
const SNIFF: usize = 4096;

/// `dir` joined with a file name (`dir` may be empty: the top).
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether the start of a `users.json` looks like Slack users.
fn looks_like_users(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with(']')
        || (rest.starts_with('{') && rest.contains("\"id\"") && rest.contains("\"name\""))
}

impl Importer for SlackImporter {
    fn id(&self) -> &'static str {
        "slack"
    }

    fn app(&self) -> App {
        App::Slack
    }

    fn description(&self) -> &'static str {
        "Slack workspace export (zip or folder with users.json, channels.json, per-day JSON)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.file_name() == "users.json" && e.dir().matches('/').count() < 1)
            .filter(|e| {
                LISTS
                    .iter()
                    .any(|l| input.entry(&join(e.dir(), l)).is_some())
            })
            .filter(|e| {
                input
                    .head(&e.name, SNIFF)
                    .is_ok_and(|h| looks_like_users(&h))
            })
            .map(|e| Detected {
                format: Format::of(&SlackImporter),
                entry: e.name.clone(),
                label: if e.dir().is_empty() {
                    "Slack workspace export".to_owned()
                } else {
                    format!("Slack workspace export {}", e.dir())
                },
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
        let root = found.entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let users = meta::read_users(input, &found.entry)?;
        let conversations = meta::read_conversations(input, root)?;
        messages::import(input, root, &users, &conversations, options, sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_sniff_variants() {
        for (name, head, expected) in [
            ("users", &b"[{\"id\":\"U1\",\"name\":\"a\"}]"[..], true),
            ("empty list", b" [ ] ", true),
            (
                "bom",
                "\u{feff}[{\"id\":\"U1\",\"name\":\"a\"".as_bytes(),
                true,
            ),
            ("object", b"{\"id\":\"U1\",\"name\":\"a\"}", false),
            ("numbers", b"[1,2]", false),
            ("no name", b"[{\"id\":\"U1\"}]", false),
        ] {
            assert_eq!(looks_like_users(head), expected, "{name}");
        }
    }
}
