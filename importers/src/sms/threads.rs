//! Conversations rebuilt from addresses.
//!
//! A thread is the set of other people's normalised numbers: one number for
//! SMS, calls and 1:1 MMS, several for group MMS. The key (numbers sorted,
//! joined with `~`) is the chat's `native_id`, so SMS, MMS and calls with
//! the same person land in one chat, also across files and imports.

use super::phone::{self, OWN_TOKEN, UNKNOWN};
use crate::{ChatHandle, Sink, SinkError};
use ferry_model::{App, Chat, ChatKind, Participant};
use std::collections::HashMap;

/// The participant key of the phone's owner.
pub const ME: &str = "me";

/// Open chats by thread key.
#[derive(Debug)]
pub struct Threads {
    chats: HashMap<String, ChatHandle>,
    me: Participant,
    /// The own number, once known: removed from group address lists.
    own: Option<String>,
}

/// One other person of a thread.
#[derive(Debug, Clone)]
pub struct Member {
    pub key: String,
    pub raw: String,
}

impl Threads {
    pub fn new(me_name: Option<&str>, own: Option<String>) -> Self {
        let name = me_name
            .filter(|n| !phone::looks_like_phone(n))
            .unwrap_or("Me")
            .to_owned();
        Threads {
            chats: HashMap::new(),
            me: Participant {
                key: ME.to_owned(),
                name,
                phone: own.clone(),
                handle: None,
                native_id: None,
                is_me: true,
            },
            own,
        }
    }

    /// The own number, once known.
    pub fn own(&self) -> Option<&str> {
        self.own.as_deref()
    }

    /// Sets the own number (for chats opened from now on).
    pub fn set_own(&mut self, own: Option<String>) {
        self.me.phone.clone_from(&own);
        self.own = own;
    }

    /// Other people among `addresses` (own number and token removed,
    /// duplicates dropped, order kept).
    pub fn members<'a>(&self, addresses: impl Iterator<Item = &'a str>) -> Vec<Member> {
        let mut out: Vec<Member> = Vec::new();
        for raw in addresses {
            if raw.trim() == OWN_TOKEN {
                continue;
            }
            let key = phone::normalise(raw);
            if Some(&key) == self.own.as_ref() || out.iter().any(|m| m.key == key) {
                continue;
            }
            out.push(Member {
                key,
                raw: raw.trim().to_owned(),
            });
        }
        if out.is_empty() {
            out.push(Member {
                key: UNKNOWN.to_owned(),
                raw: String::new(),
            });
        }
        out
    }

    /// The chat of these members, opened on first use. `contact_name` is
    /// the export's name (comma-joined for groups, in address order).
    pub fn chat(
        &mut self,
        members: &[Member],
        contact_name: Option<&str>,
        sink: &mut dyn Sink,
    ) -> Result<ChatHandle, SinkError> {
        let mut keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
        keys.sort_unstable();
        let key = keys.join("~");
        if let Some(&h) = self.chats.get(&key) {
            return Ok(h);
        }
        let names = names_for(members, contact_name);
        let title = if members.len() == 1 {
            names.first().cloned().unwrap_or_default()
        } else {
            contact_name
                .filter(|n| phone::is_real_name(n))
                .map(str::to_owned)
                .unwrap_or_else(|| names.join(", "))
        };
        let chat = Chat {
            app: App::Sms,
            native_id: Some(key.clone()),
            title,
            kind: if members.len() == 1 {
                ChatKind::Direct
            } else {
                ChatKind::Group
            },
            participants: Vec::new(),
        };
        let h = sink.begin_chat(chat)?;
        sink.participant(h, self.me.clone())?;
        for (m, name) in members.iter().zip(names) {
            sink.participant(
                h,
                Participant {
                    key: m.key.clone(),
                    name,
                    phone: Some(m.raw.clone()).filter(|r| !r.is_empty()),
                    handle: None,
                    native_id: None,
                    is_me: false,
                },
            )?;
        }
        self.chats.insert(key, h);
        Ok(h)
    }
}

/// Display names for members: the contact names when they match one to
/// one, otherwise the numbers as written.
fn names_for(members: &[Member], contact_name: Option<&str>) -> Vec<String> {
    let fallback = |m: &Member| {
        if m.key == UNKNOWN {
            "Unknown number".to_owned()
        } else {
            m.raw.clone()
        }
    };
    let real = contact_name.filter(|n| phone::is_real_name(n));
    let split: Vec<&str> = match real {
        Some(n) if members.len() == 1 => vec![n.trim()],
        Some(n) => n.split(", ").map(str::trim).collect(),
        None => Vec::new(),
    };
    if split.len() == members.len() {
        members
            .iter()
            .zip(split)
            .map(|(m, n)| {
                if phone::is_real_name(n) {
                    n.to_owned()
                } else {
                    fallback(m)
                }
            })
            .collect()
    } else {
        members.iter().map(fallback).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemorySink;

    #[test]
    fn members_drop_own_number_token_and_duplicates() {
        let t = Threads::new(None, Some("+100".into()));
        let m = t.members(["+1 00", "+200", OWN_TOKEN, "+2-00", "+300"].into_iter());
        let keys: Vec<_> = m.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["+200", "+300"]);
        let m = t.members([OWN_TOKEN].into_iter());
        assert_eq!(m[0].key, UNKNOWN);
    }

    #[test]
    fn same_people_same_chat_in_any_order() {
        let mut t = Threads::new(Some("Sam"), None);
        let mut sink = MemorySink::new();
        let a = t.members(["+2", "+1"].into_iter());
        let b = t.members(["+1", "+2"].into_iter());
        let h1 = t.chat(&a, Some("Bo, Al"), &mut sink).unwrap();
        let h2 = t.chat(&b, None, &mut sink).unwrap();
        assert_eq!(h1, h2);
        let chat = &sink.chats[0];
        assert_eq!(chat.native_id.as_deref(), Some("+1~+2"));
        assert_eq!(chat.title, "Bo, Al");
        assert_eq!(chat.kind, ChatKind::Group);
        let names: Vec<_> = chat.participants.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Sam", "Bo", "Al"]);
    }

    #[test]
    fn names_fall_back_to_numbers() {
        let t = Threads::new(None, None);
        for (addrs, contact, want) in [
            (&["+1"][..], Some("(Unknown)"), vec!["+1"]),
            (&["+1"], Some("Ann, Lee"), vec!["Ann, Lee"]),
            (&["+1", "+2"], Some("Ann"), vec!["+1", "+2"]),
            (&["+1", "+2"], Some("Ann, null"), vec!["Ann", "+2"]),
            (&[""], None, vec!["Unknown number"]),
        ] {
            let m = t.members(addrs.iter().copied());
            assert_eq!(names_for(&m, contact), want, "{addrs:?} {contact:?}");
        }
    }
}
