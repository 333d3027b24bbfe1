//! What a Threema message is, from its text. Files are referenced at the
//! end of the line: `Bild <uuid.jpg>`, `Datei: Rechnung.pdf <uuid.pdf>`,
//! `Sprachnachricht (0:07) <uuid.aac>` (current format), `Bild (a1b2.jpg)`
//! (legacy). The reference is removed from the text, the words before it
//! (the localised type and a file's original name) stay.

use ferry_model::{Attachment, MediaKind, MessageKind};

/// Type words and the kind of file they announce.
const TYPES: &[(&str, MediaKind)] = &[
    ("Bild", MediaKind::Image),
    ("Image", MediaKind::Image),
    ("Photo", MediaKind::Image),
    ("Foto", MediaKind::Image),
    ("Video", MediaKind::Video),
    ("Sprachnachricht", MediaKind::Voice),
    ("Voice message", MediaKind::Voice),
    ("Audio", MediaKind::Audio),
    ("Datei", MediaKind::Document),
    ("File", MediaKind::Document),
];

/// The message text without the file reference, and the attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub text: String,
    pub kind: MessageKind,
    pub attachment: Option<Attachment>,
}

/// A file name as Threema writes them: no spaces or separators, one dot.
fn is_file_ref(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && (1..=5).contains(&ext.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_')
}

pub(crate) fn classify(text: &str, has_sender: bool) -> Body {
    if !has_sender {
        return Body {
            text: text.to_owned(),
            kind: MessageKind::System,
            attachment: None,
        };
    }
    let t = text.trim_end();
    let reference = t
        .strip_suffix('>')
        .and_then(|r| r.rsplit_once('<'))
        .or_else(|| t.strip_suffix(')').and_then(|r| r.rsplit_once('(')))
        .filter(|(_, name)| is_file_ref(name));
    let Some((before, name)) = reference else {
        return Body {
            text: text.to_owned(),
            kind: MessageKind::Text,
            attachment: None,
        };
    };
    let before = before.trim_end();
    let mut a = Attachment::named(name);
    if let Some((_, kind)) = TYPES.iter().find(|(w, _)| before.starts_with(w)) {
        // The type word wins over the extension, except that a "file"
        // keeps what its extension says.
        if *kind != MediaKind::Document || a.media_kind == MediaKind::Other {
            a.media_kind = *kind;
        }
    }
    Body {
        text: before.to_owned(),
        kind: MessageKind::Media,
        attachment: Some(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_references() {
        for (text, rest, name, kind) in [
            (
                "Bild <a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.jpg>",
                "Bild",
                "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.jpg",
                MediaKind::Image,
            ),
            (
                "Datei: Rechnung.pdf <0f1e2d3c.pdf>",
                "Datei: Rechnung.pdf",
                "0f1e2d3c.pdf",
                MediaKind::Document,
            ),
            (
                "Datei: song <0f1e2d3c.mp3>",
                "Datei: song",
                "0f1e2d3c.mp3",
                MediaKind::Audio,
            ),
            (
                "Sprachnachricht (0:07) <9a8b.aac>",
                "Sprachnachricht (0:07)",
                "9a8b.aac",
                MediaKind::Voice,
            ),
            ("Bild (a1b2.jpg)", "Bild", "a1b2.jpg", MediaKind::Image),
            ("Video <x.mp4>", "Video", "x.mp4", MediaKind::Video),
        ] {
            let b = classify(text, true);
            let a = b.attachment.unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (b.text.as_str(), a.file_name.as_str(), a.media_kind, b.kind),
                (rest, name, kind, MessageKind::Media),
                "{text}"
            );
            assert_eq!(a.content_hash, None);
        }
    }

    #[test]
    fn not_file_references() {
        for text in [
            "I <3 you>",
            "see (page 3)",
            "x <a b.jpg>",
            "mail <a@b.de>",
            "(.jpg)",
            "Hallo! Wie geht's?",
        ] {
            let b = classify(text, true);
            assert_eq!(
                (b.kind, b.attachment, b.text.as_str()),
                (MessageKind::Text, None, text),
                "{text}"
            );
        }
        assert_eq!(classify("Gruppe erstellt", false).kind, MessageKind::System);
    }
}
