//! Users (`users.json`) and conversations (`channels.json`, `groups.json`,
//! `mpims.json`, `dms.json`): small files, read whole with only the fields
//! Ferry uses.

use super::{LISTS, join};
use crate::{ImportError, ImportErrorKind, Input, Position};
use ferry_model::{ChatKind, Participant};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct Profile {
    real_name: Option<String>,
    display_name: Option<String>,
}

/// One entry of `users.json`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub name: Option<String>,
    pub real_name: Option<String>,
    pub deleted: bool,
    pub is_bot: bool,
    profile: Profile,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl User {
    /// `real_name`, else the profile's real or display name, else the
    /// user name, else the id.
    pub fn display_name(&self) -> &str {
        non_empty(&self.real_name)
            .or_else(|| non_empty(&self.profile.real_name))
            .or_else(|| non_empty(&self.profile.display_name))
            .or_else(|| non_empty(&self.name))
            .unwrap_or(&self.id)
    }

    pub fn participant(&self, me: Option<&str>) -> Participant {
        let name = self.display_name().to_owned();
        let handle = non_empty(&self.name).map(str::to_owned);
        let is_me = me.is_some_and(|m| m == name || Some(m) == handle.as_deref() || m == self.id);
        Participant {
            key: self.id.clone(),
            name,
            phone: None,
            handle,
            native_id: Some(self.id.clone()),
            is_me,
        }
    }
}

/// Users by id.
pub type Users = HashMap<String, User>;

fn parse_err(file: String, e: &serde_json::Error) -> ImportError {
    ImportError::at(
        file,
        Position {
            line: Some(e.line() as u64),
            column: Some(e.column() as u64),
            byte: None,
        },
        ImportErrorKind::Malformed(e.to_string()),
    )
}

fn read_list<T: for<'de> Deserialize<'de>>(
    input: &Input,
    name: &str,
) -> Result<Vec<T>, ImportError> {
    let file = input.describe(name);
    input
        .with_entry(name, |r| {
            serde_json::from_reader::<_, Vec<T>>(std::io::BufReader::new(r))
        })
        .map_err(|e| ImportError::new(file.clone(), e))?
        .map_err(|e| parse_err(file, &e))
}

/// Every user of `users.json`.
pub fn read_users(input: &Input, entry: &str) -> Result<Users, ImportError> {
    Ok(read_list::<User>(input, entry)?
        .into_iter()
        .filter(|u| !u.id.is_empty())
        .map(|u| (u.id.clone(), u))
        .collect())
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct RawConversation {
    id: String,
    name: Option<String>,
    members: Vec<String>,
    /// One-to-one DMs name the other user here (slackdump).
    user: Option<String>,
}

/// A conversation from one of the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: String,
    /// The channel name (`general`, `mpdm-a--b-1`); `None` for DMs.
    pub name: Option<String>,
    pub kind: ChatKind,
    pub members: Vec<String>,
    /// The list it came from (`channels.json`, ...).
    pub list: &'static str,
}

impl Conversation {
    /// Folders its day files may be in: the name, then the id.
    pub fn folders(&self) -> Vec<&str> {
        self.name
            .as_deref()
            .into_iter()
            .chain(std::iter::once(self.id.as_str()))
            .filter(|f| !f.is_empty() && !f.contains('/') && *f != "." && *f != "..")
            .collect()
    }

    /// `#name` for channels; the members' names for DMs and group DMs.
    pub fn title(&self, users: &Users) -> String {
        match (self.kind, &self.name) {
            (ChatKind::Channel, Some(n)) => format!("#{n}"),
            _ if !self.members.is_empty() => self
                .members
                .iter()
                .map(|m| users.get(m).map_or(m.as_str(), |u| u.display_name()))
                .collect::<Vec<_>>()
                .join(", "),
            (_, Some(n)) => n.clone(),
            _ => self.id.clone(),
        }
    }
}

/// Every conversation of every list present under `root`.
pub fn read_conversations(input: &Input, root: &str) -> Result<Vec<Conversation>, ImportError> {
    let mut out = Vec::new();
    for list in LISTS {
        let name = join(root, list);
        if input.entry(&name).is_none() {
            continue;
        }
        let kind = match list {
            "mpims.json" => ChatKind::Group,
            "dms.json" => ChatKind::Direct,
            _ => ChatKind::Channel,
        };
        for raw in read_list::<RawConversation>(input, &name)? {
            if raw.id.is_empty() {
                continue;
            }
            let mut members = raw.members;
            if let Some(u) = raw.user.filter(|u| !u.is_empty() && !members.contains(u)) {
                members.push(u);
            }
            out.push(Conversation {
                id: raw.id,
                name: raw.name.filter(|n| !n.is_empty()),
                kind,
                members,
                list,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(json: &str) -> User {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn display_name_fallbacks() {
        for (name, json, expected) in [
            (
                "real name",
                r#"{"id":"U1","name":"a","real_name":"Alice"}"#,
                "Alice",
            ),
            (
                "profile real",
                r#"{"id":"U1","name":"a","profile":{"real_name":"Al"}}"#,
                "Al",
            ),
            (
                "display",
                r#"{"id":"U1","name":"a","profile":{"display_name":"ali"}}"#,
                "ali",
            ),
            (
                "deleted user",
                r#"{"id":"U1","name":"bob","real_name":"","deleted":true}"#,
                "bob",
            ),
            ("only id", r#"{"id":"U1"}"#, "U1"),
        ] {
            assert_eq!(user(json).display_name(), expected, "{name}");
        }
    }

    #[test]
    fn me_matches_name_handle_or_id() {
        let u = user(r#"{"id":"U1","name":"alice","real_name":"Alice Example"}"#);
        assert!(u.participant(Some("Alice Example")).is_me);
        assert!(u.participant(Some("alice")).is_me);
        assert!(u.participant(Some("U1")).is_me);
        assert!(!u.participant(Some("Bob")).is_me);
        assert!(!u.participant(None).is_me);
    }

    #[test]
    fn folders_never_escape() {
        let c = Conversation {
            id: "D1".into(),
            name: Some("../x".into()),
            kind: ChatKind::Direct,
            members: vec![],
            list: "dms.json",
        };
        assert_eq!(c.folders(), ["D1"]);
    }
}
