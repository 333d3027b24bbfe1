//! What one plain-text event line says: who wrote it and what it is.
//!
//! Element writes messages as `Sender: text`, emotes as `* Sender text`,
//! images as `Sender sent an image.`, redacted events as `Message deleted`
//! (sometimes after `Sender: `), replies as `Sender: <@quoted:server
//! "first words…"> reply`, and state events as English sentences
//! (`Bob joined the room`). Attachments end in ` (Media omitted)` or
//! ` (File Attached)`. The sentences are Element's English wording; other
//! UI languages are read as messages when they hold `: `, else as system
//! lines.

use ferry_model::{Attachment, MediaKind, MessageKind};

/// The classified body of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub sender: Option<String>,
    pub text: String,
    pub kind: MessageKind,
    pub attachment: Option<Attachment>,
    /// Whether Element said the file is in the export (` (File Attached)`).
    pub file_attached: bool,
}

/// Suffixes Element appends to media events, and whether the file is in the export.
const MEDIA_SUFFIXES: [(&str, bool); 4] = [
    (" (Media omitted)", false),
    (" (Media omitted - file size limit exceeded)", false),
    (" (Error fetching file)", false),
    (" (File Attached)", true),
];

/// `Sender <phrase>` sentences that are not `Sender: text` messages, with
/// the kind of message they are.
const SENTENCES: [(&str, MessageKind); 31] = [
    (" sent an image.", MessageKind::Media),
    (" sent a sticker.", MessageKind::Sticker),
    (" placed a voice call.", MessageKind::Call),
    (" placed a video call.", MessageKind::Call),
    (" answered the call.", MessageKind::Call),
    (" ended the call.", MessageKind::Call),
    (" declined the call.", MessageKind::Call),
    (" created and configured the room", MessageKind::System),
    (" created the room", MessageKind::System),
    (" joined the room", MessageKind::System),
    (" left the room", MessageKind::System),
    (" invited ", MessageKind::System),
    (" accepted the invitation", MessageKind::System),
    (" rejected the invitation", MessageKind::System),
    (" was invited", MessageKind::System),
    (" removed ", MessageKind::System),
    (" banned ", MessageKind::System),
    (" unbanned ", MessageKind::System),
    (" changed the topic to ", MessageKind::System),
    (" changed the room name to ", MessageKind::System),
    (" removed the room name", MessageKind::System),
    (" changed the room avatar", MessageKind::System),
    (" changed their display name", MessageKind::System),
    (" set their display name", MessageKind::System),
    (" changed their profile picture", MessageKind::System),
    (" made future room history visible", MessageKind::System),
    (" made the room ", MessageKind::System),
    (" changed the power level", MessageKind::System),
    (" turned on end-to-end encryption", MessageKind::System),
    (" upgraded this room", MessageKind::System),
    (" changed the pinned messages", MessageKind::System),
];

/// Classifies a body (all its lines joined with `\n`).
pub fn classify(raw: &str) -> Body {
    let mut text = raw;
    let mut media = None;
    for (suffix, attached) in MEDIA_SUFFIXES {
        if let Some(t) = text.strip_suffix(suffix) {
            text = t;
            media = Some(attached);
            break;
        }
    }
    let first_line = text.split('\n').next().unwrap_or("");
    let colon = first_line.find(": ");
    // A known sentence before any `: ` makes it an event line.
    let sentence = SENTENCES.iter().find_map(|(phrase, kind)| {
        let at = first_line.find(phrase)?;
        (colon.is_none_or(|c| at < c) && at > 0).then_some((at, *kind))
    });
    let mut body = Body {
        sender: None,
        text: text.to_owned(),
        kind: MessageKind::System,
        attachment: None,
        file_attached: media == Some(true),
    };
    if let Some((at, kind)) = sentence {
        body.kind = kind;
        if kind != MessageKind::System {
            body.sender = text.get(..at).map(str::to_owned);
        }
        if matches!(kind, MessageKind::Media | MessageKind::Sticker) {
            // The sentence only describes the file.
            body.text.clear();
        }
        if kind == MessageKind::Media {
            let mut att = Attachment::named("image");
            att.media_kind = MediaKind::Image;
            body.attachment = Some(att);
        }
        return body;
    }
    if is_deleted(text) {
        body.kind = MessageKind::Deleted;
        return body;
    }
    if let Some(rest) = text.strip_prefix("* ") {
        // An emote: `* Sender does something`; the sender is not separable.
        body.kind = MessageKind::Text;
        body.text = format!("* {rest}");
        return body;
    }
    let Some(c) = colon else {
        return body;
    };
    let sender = text.get(..c).unwrap_or("");
    let message = text.get(c + 2..).unwrap_or("");
    body.sender = Some(sender.to_owned());
    if is_deleted(message) {
        body.kind = MessageKind::Deleted;
        body.text = message.to_owned();
        return body;
    }
    body.text = strip_reply_quote(message).to_owned();
    body.kind = MessageKind::Text;
    if media.is_some() {
        body.kind = MessageKind::Media;
        body.attachment = Some(Attachment::named(body.text.clone()));
    }
    body
}

fn is_deleted(t: &str) -> bool {
    t == "Message deleted"
        || t.starts_with("Message deleted by ")
        || t.starts_with("Message deleted, reason: ")
}

/// Drops the `<@quoted:server "first words…"> ` Element puts in front of a
/// reply.
pub fn strip_reply_quote(t: &str) -> &str {
    let Some(rest) = t.strip_prefix('<') else {
        return t;
    };
    let name_end = rest.find(['>', ' ']).unwrap_or(rest.len());
    match rest.get(name_end..) {
        Some(after) if after.starts_with("> ") => after.get(2..).unwrap_or(t),
        Some(after) if after.starts_with(" \"") => match after.find("\"> ") {
            Some(i) => after.get(i + 3..).unwrap_or(t),
            None => t,
        },
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        // (name, body, sender, text, kind)
        let cases: [(&str, &str, Option<&str>, &str, MessageKind); 13] = [
            (
                "message",
                "Alice: Hello **Bob** 👋",
                Some("Alice"),
                "Hello **Bob** 👋",
                MessageKind::Text,
            ),
            (
                "colon in text",
                "Alice: a: b",
                Some("Alice"),
                "a: b",
                MessageKind::Text,
            ),
            (
                "reply",
                "Bob: <@alice:example.org \"Hello **Bob** 👋\"> Hi Alice!",
                Some("Bob"),
                "Hi Alice!",
                MessageKind::Text,
            ),
            (
                "reply without quote",
                "Bob: <@alice:example.org> Hi",
                Some("Bob"),
                "Hi",
                MessageKind::Text,
            ),
            (
                "joined",
                "Bob joined the room",
                None,
                "Bob joined the room",
                MessageKind::System,
            ),
            (
                "created",
                "Alice created and configured the room.",
                None,
                "Alice created and configured the room.",
                MessageKind::System,
            ),
            (
                "topic with colon",
                "Alice changed the topic to \"a: b\".",
                None,
                "Alice changed the topic to \"a: b\".",
                MessageKind::System,
            ),
            (
                "image",
                "Alice sent an image. (Media omitted)",
                Some("Alice"),
                "",
                MessageKind::Media,
            ),
            (
                "file",
                "Alice: report.pdf (Media omitted)",
                Some("Alice"),
                "report.pdf",
                MessageKind::Media,
            ),
            (
                "deleted alone",
                "Message deleted",
                None,
                "Message deleted",
                MessageKind::Deleted,
            ),
            (
                "deleted after sender",
                "Bob: Message deleted by Bob",
                Some("Bob"),
                "Message deleted by Bob",
                MessageKind::Deleted,
            ),
            (
                "emote",
                "* Alice waves",
                None,
                "* Alice waves",
                MessageKind::Text,
            ),
            (
                "call",
                "Bob placed a video call.",
                Some("Bob"),
                "Bob placed a video call.",
                MessageKind::Call,
            ),
        ];
        for (name, raw, sender, text, kind) in cases {
            let b = classify(raw);
            assert_eq!(b.sender.as_deref(), sender, "{name}");
            assert_eq!(b.text, text, "{name}");
            assert_eq!(b.kind, kind, "{name}");
        }
    }

    #[test]
    fn attachments() {
        let b = classify("Alice: report.pdf (File Attached)");
        assert!(b.file_attached);
        assert_eq!(
            b.attachment.map(|a| (a.file_name, a.media_kind)),
            Some(("report.pdf".to_owned(), MediaKind::Document))
        );
        let b = classify("Alice sent an image. (Media omitted)");
        assert!(!b.file_attached);
        assert_eq!(b.attachment.map(|a| a.media_kind), Some(MediaKind::Image));
    }

    #[test]
    fn quote_prefix_edge_cases() {
        for (t, want) in [
            ("<unterminated \"x", "<unterminated \"x"),
            ("<a", "<a"),
            ("<", "<"),
            ("no quote", "no quote"),
            ("<b \"q > r\"> s", "s"),
        ] {
            assert_eq!(strip_reply_quote(t), want, "{t:?}");
        }
    }
}
