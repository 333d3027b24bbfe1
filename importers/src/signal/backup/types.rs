//! Signal-Android's `type` column: a bit field whose low five bits are the
//! base type (inbox, sent, call...) and whose higher bits flag group
//! updates, timer changes, safety-number changes and special messages
//! (see `MessageTypes` in Signal-Android). This module turns it into a
//! Ferry [`MessageKind`] and, for notices, a short English description.

use ferry_model::MessageKind;

const BASE_MASK: i64 = 0x1F;
const BASE_DRAFT: i64 = 27;
const KEY_EXCHANGE_IDENTITY_VERIFIED: i64 = 0x4000;
const KEY_EXCHANGE_IDENTITY_DEFAULT: i64 = 0x2000;
const KEY_EXCHANGE_IDENTITY_UPDATE: i64 = 0x200;
const END_SESSION: i64 = 0x40_0000;
const GROUP_UPDATE: i64 = 0x1_0000;
const GROUP_LEAVE: i64 = 0x2_0000;
const EXPIRATION_TIMER_UPDATE: i64 = 0x4_0000;
const GROUP_V2: i64 = 0x8_0000;
const SPECIAL_MASK: i64 = 0xF_0000_0000;
const SPECIAL_STORY_REACTION: i64 = 0x1_0000_0000;

/// What a row is, from its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// A message someone wrote.
    Normal,
    /// A call entry, with its description.
    Call(&'static str),
    /// A notice by the app, with what the actor did ("updated the group").
    Notice(&'static str),
    /// Not part of the conversation (draft, story reaction).
    Ignore,
}

/// Whether the row was sent by the owner of the backup.
pub fn is_outgoing(ty: i64) -> bool {
    matches!(ty & BASE_MASK, 21..=26 | 2 | 11)
}

pub fn classify(ty: i64) -> Class {
    let base = ty & BASE_MASK;
    match ty & SPECIAL_MASK {
        0 => {}
        SPECIAL_STORY_REACTION => return Class::Ignore,
        0x2_0000_0000 => return Class::Notice("sent a gift badge"),
        0x3_0000_0000 | 0x4_0000_0000 | 0x8_0000_0000 | 0x9_0000_0000 => {
            return Class::Notice("sent a payment notification");
        }
        0x5_0000_0000 => return Class::Notice("reported the chat as spam"),
        0x6_0000_0000 => return Class::Notice("accepted the message request"),
        _ => return Class::Notice("sent a message Ferry does not know"),
    }
    match base {
        1 => return Class::Call("Incoming voice call"),
        2 => return Class::Call("Outgoing voice call"),
        3 => return Class::Call("Missed voice call"),
        8 => return Class::Call("Missed video call"),
        10 => return Class::Call("Incoming video call"),
        11 => return Class::Call("Outgoing video call"),
        12 => return Class::Call("Group call"),
        4 => return Class::Notice("joined Signal"),
        5 => return Class::Notice("sent a message this Signal version could not show"),
        6 => return Class::Notice("sent an invalid message"),
        7 => return Class::Notice("changed their profile name"),
        9 => return Class::Notice("migrated the group to a new group"),
        13 => return Class::Notice("sent a message that could not be decrypted"),
        14 => return Class::Notice("changed their phone number"),
        15 => return Class::Notice("received a donation request"),
        16 => return Class::Notice("had their chats merged"),
        17 => return Class::Notice("received an SMS export notice"),
        18 => return Class::Notice("switched sessions"),
        BASE_DRAFT => return Class::Ignore,
        _ => {}
    }
    let v2_leave = GROUP_V2 | GROUP_LEAVE | GROUP_UPDATE;
    if ty & v2_leave == v2_leave {
        return Class::Notice("left the group");
    }
    if ty & GROUP_UPDATE != 0 {
        return Class::Notice("updated the group");
    }
    if ty & GROUP_LEAVE != 0 {
        return Class::Notice("left the group");
    }
    if ty & EXPIRATION_TIMER_UPDATE != 0 {
        return Class::Notice("changed the disappearing messages timer");
    }
    if ty & END_SESSION != 0 {
        return Class::Notice("reset the secure session");
    }
    if ty & KEY_EXCHANGE_IDENTITY_UPDATE != 0 {
        return Class::Notice("has a new safety number");
    }
    if ty & KEY_EXCHANGE_IDENTITY_VERIFIED != 0 {
        return Class::Notice("was marked as verified");
    }
    if ty & KEY_EXCHANGE_IDENTITY_DEFAULT != 0 {
        return Class::Notice("was marked as not verified");
    }
    Class::Normal
}

/// The model kind of a class (attachments and deletion refine `Normal`).
pub fn kind(class: &Class) -> MessageKind {
    match class {
        Class::Call(_) => MessageKind::Call,
        Class::Notice(_) | Class::Ignore => MessageKind::System,
        Class::Normal => MessageKind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_table() {
        // (type value as stored, outgoing, class)
        let secure_push = 0x80_0000 | 0x20_0000;
        for (ty, out, class) in [
            (20 | secure_push, false, Class::Normal),
            (23 | secure_push, true, Class::Normal),
            (22, true, Class::Normal),
            (1, false, Class::Call("Incoming voice call")),
            (2, true, Class::Call("Outgoing voice call")),
            (3, false, Class::Call("Missed voice call")),
            (11, true, Class::Call("Outgoing video call")),
            (12, false, Class::Call("Group call")),
            (
                20 | EXPIRATION_TIMER_UPDATE | secure_push,
                false,
                Class::Notice("changed the disappearing messages timer"),
            ),
            (
                23 | GROUP_UPDATE | GROUP_V2 | secure_push,
                true,
                Class::Notice("updated the group"),
            ),
            (
                20 | KEY_EXCHANGE_IDENTITY_UPDATE,
                false,
                Class::Notice("has a new safety number"),
            ),
            (27, false, Class::Ignore),
            (20 | SPECIAL_STORY_REACTION, false, Class::Ignore),
            (7, false, Class::Notice("changed their profile name")),
            (
                20 | GROUP_UPDATE | GROUP_LEAVE | GROUP_V2,
                false,
                Class::Notice("left the group"),
            ),
            (20 | GROUP_LEAVE, false, Class::Notice("left the group")),
        ] {
            assert_eq!(is_outgoing(ty), out, "outgoing of {ty:#x}");
            assert_eq!(classify(ty), class, "class of {ty:#x}");
        }
    }
}
