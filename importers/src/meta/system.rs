//! Telling app notices apart from what people wrote.
//!
//! DYI exports put notices ("Anna named the group Trip.", "You left the
//! group.") in `content` like any message; only exports before ~2020 carry a
//! `type`. The heuristic, for English exports:
//!
//! - `type` `Subscribe` / `Unsubscribe` (members added / left) is a notice;
//! - a few whole sentences are notices ("You are now connected on
//!   Messenger", "Liked a message" and "Reacted 😍 to your message" on
//!   Instagram, ...);
//! - otherwise the text must start with the sender's own name or `You`,
//!   followed by one of a list of phrases ("named the group", "left the
//!   group", "added ... to the group", "set the nickname", ...). Requiring the
//!   actor's name keeps ordinary sentences that happen to contain such
//!   phrases as text.
//!
//! Exports in other languages keep their notices as text messages.
//! [`call_text`] does the same for call summaries that lack
//! `call_duration`, and [`attachment_placeholder`] recognises the generated
//! "X sent an attachment." texts that accompany media.

/// Whole texts that are always notices.
const WHOLE: &[&str] = &[
    "You are now connected on Messenger",
    "You are now connected on Messenger.",
    "You can now message and call each other.",
    "You can now message and call each other and see info like Active Status and when you've read messages.",
    "You're now friends on Facebook",
    "Say hi to your new Facebook friend",
    "Liked a message",
];

/// Whole-text prefixes that are always notices.
const WHOLE_PREFIX: &[&str] = &[
    "Say hi to your new Facebook friend,",
    "Messages and calls are secured with end-to-end encryption",
    "Messages and calls are now secured with end-to-end encryption",
];

/// `(phrase after the actor, required ending)`.
const ACTOR_PHRASES: &[(&str, &str)] = &[
    ("named the group", ""),
    ("changed the group name", ""),
    ("removed the group name", ""),
    ("changed the group photo", ""),
    ("removed the group photo", ""),
    ("created the group", ""),
    ("created a group", ""),
    ("left the group", ""),
    ("left the conversation", ""),
    ("joined the group", ""),
    ("added ", "to the group."),
    ("added ", "to the group"),
    ("removed ", "from the group."),
    ("removed ", "from the group"),
    ("set the nickname", ""),
    ("set your nickname", ""),
    ("set his own nickname", ""),
    ("set her own nickname", ""),
    ("set their own nickname", ""),
    ("set own nickname", ""),
    ("cleared the nickname", ""),
    ("cleared your nickname", ""),
    ("cleared his own nickname", ""),
    ("cleared her own nickname", ""),
    ("cleared their own nickname", ""),
    ("changed the chat theme", ""),
    ("changed the theme", ""),
    ("set the emoji to", ""),
    ("changed the emoji", ""),
    ("set the quick reaction", ""),
    ("changed the quick reaction", ""),
    ("pinned a message", ""),
    ("unpinned a message", ""),
    ("turned on disappearing messages", ""),
    ("turned off disappearing messages", ""),
    ("turned on vanish mode", ""),
    ("turned off vanish mode", ""),
    ("made ", "an admin."),
    ("made ", "an admin"),
    ("removed ", "as an admin."),
    ("are now an admin", ""),
    ("is now an admin", ""),
    ("changed the group settings", ""),
    ("turned on member approval", ""),
    ("turned off member approval", ""),
];

/// Call summaries after the actor.
const CALL_PHRASES: &[&str] = &[
    "started a video call",
    "started an audio call",
    "started a call",
    "joined the video call",
    "joined the call",
    "missed your call",
    "missed your video call",
    "missed a call from",
    "missed a video call from",
    "called you",
];

const CALL_WHOLE: &[&str] = &[
    "The video call ended.",
    "The call ended.",
    "The audio call ended.",
];

/// Generated texts that only announce media after the actor.
const PLACEHOLDERS: &[&str] = &[
    "sent an attachment.",
    "sent a photo.",
    "sent a video.",
    "sent a voice message.",
    "sent an audio clip.",
    "sent a GIF.",
    "sent a GIF from GIPHY.",
    "sent a sticker.",
    "sent a link.",
    "sent a file.",
];

/// The text after `actor ` (or after `You `), if the text starts so.
fn after_actor<'t>(text: &'t str, sender: Option<&str>) -> Option<&'t str> {
    let strip = |who: &str| text.strip_prefix(who).and_then(|r| r.strip_prefix(' '));
    sender
        .filter(|s| !s.is_empty())
        .and_then(strip)
        .or_else(|| strip("You"))
}

/// Whether a message is an app notice (see the module documentation).
pub fn is_notice(text: &str, sender: Option<&str>, old_type: Option<&str>) -> bool {
    if matches!(old_type, Some("Subscribe" | "Unsubscribe")) {
        return true;
    }
    let text = text.trim();
    if WHOLE.contains(&text) || WHOLE_PREFIX.iter().any(|p| text.starts_with(p)) {
        return true;
    }
    // Instagram: "Reacted 😍 to your message".
    if text.starts_with("Reacted ") && text.ends_with("to your message") {
        return true;
    }
    let Some(rest) = after_actor(text, sender) else {
        return false;
    };
    ACTOR_PHRASES
        .iter()
        .any(|(phrase, end)| rest.starts_with(phrase) && rest.ends_with(end))
}

/// Whether a text (without `call_duration`) summarises a call.
pub fn call_text(text: &str, sender: Option<&str>) -> bool {
    let text = text.trim();
    CALL_WHOLE.contains(&text)
        || after_actor(text, sender).is_some_and(|r| CALL_PHRASES.iter().any(|p| r.starts_with(p)))
}

/// Whether a text is only the generated announcement of an attachment.
pub fn attachment_placeholder(text: &str, sender: Option<&str>) -> bool {
    after_actor(text.trim(), sender).is_some_and(|r| PLACEHOLDERS.contains(&r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_table() {
        type Case<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, bool);
        let cases: &[Case<'_>] = &[
            (
                "you_named",
                "You named the group Trip.",
                Some("Ana"),
                None,
                true,
            ),
            (
                "sender_named",
                "Ana named the group Trip.",
                Some("Ana"),
                None,
                true,
            ),
            ("left", "Bo left the group.", Some("Bo"), None, true),
            (
                "added",
                "Ana added Bo Li to the group.",
                Some("Ana"),
                None,
                true,
            ),
            (
                "removed",
                "You removed Bo from the group.",
                Some("Ana"),
                None,
                true,
            ),
            (
                "nickname",
                "Ana set the nickname for Bo to Bobby.",
                Some("Ana"),
                None,
                true,
            ),
            (
                "connected",
                "You are now connected on Messenger",
                Some("Bo"),
                None,
                true,
            ),
            ("ig_like", "Liked a message", Some("x.y"), None, true),
            (
                "ig_reacted",
                "Reacted 😍 to your message ",
                Some("x.y"),
                None,
                true,
            ),
            (
                "old_subscribe",
                "anything",
                Some("Ana"),
                Some("Subscribe"),
                true,
            ),
            ("plain_text", "Hello there", Some("Ana"), None, false),
            (
                "phrase_not_by_actor",
                "Bo left the group.",
                Some("Ana"),
                None,
                false,
            ),
            (
                "phrase_inside",
                "I think Bo left the group.",
                Some("Ana"),
                None,
                false,
            ),
            (
                "added_without_group",
                "Ana added salt",
                Some("Ana"),
                None,
                false,
            ),
            (
                "generic_type",
                "Ana named the group X",
                Some("Ana"),
                Some("Generic"),
                true,
            ),
            ("no_sender", "named the group", None, None, false),
            (
                "reacted_prose",
                "Reacted badly, sorry",
                Some("x.y"),
                None,
                false,
            ),
        ];
        for (name, text, sender, ty, want) in cases {
            assert_eq!(is_notice(text, *sender, *ty), *want, "{name}");
        }
    }

    #[test]
    fn call_table() {
        assert!(call_text(
            "Bob Jones started a video call.",
            Some("Bob Jones")
        ));
        assert!(call_text("You missed a call from Zoë.", Some("Ferry")));
        assert!(call_text("The video call ended.", None));
        assert!(!call_text("Let's call later", Some("Ana")));
    }

    #[test]
    fn placeholder_table() {
        assert!(attachment_placeholder(
            "Ana sent an attachment.",
            Some("Ana")
        ));
        assert!(attachment_placeholder("You sent a photo.", Some("Ana")));
        assert!(!attachment_placeholder(
            "Ich schicke dir das Foto",
            Some("Zoë")
        ));
        assert!(!attachment_placeholder(
            "Bo sent an attachment.",
            Some("Ana")
        ));
    }
}
