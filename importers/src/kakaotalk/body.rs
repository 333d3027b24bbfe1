//! What a KakaoTalk message is, from its text: placeholders of media the
//! text export leaves out (`사진`, `Photo`, `이모티콘`, `Emoticons`,
//! `동영상`...), named files (`파일: report.pdf`, `File: report.pdf`),
//! calls (`보이스톡 ...`, `Voice Call ...`), deleted messages, and
//! notices (lines without a sender). Texts are kept as exported.

use ferry_model::{Attachment, MediaKind, MessageKind};

/// Exact placeholder texts and what they stand for.
const PLACEHOLDERS: &[(&str, MessageKind)] = &[
    ("사진", MessageKind::Media),
    ("Photo", MessageKind::Media),
    ("Photos", MessageKind::Media),
    ("동영상", MessageKind::Media),
    ("Video", MessageKind::Media),
    ("음성메시지", MessageKind::Media),
    ("Voice Message", MessageKind::Media),
    ("이모티콘", MessageKind::Sticker),
    ("Emoticons", MessageKind::Sticker),
    ("Emoticon", MessageKind::Sticker),
    ("삭제된 메시지입니다.", MessageKind::Deleted),
    ("This message has been deleted.", MessageKind::Deleted),
    ("Deleted message.", MessageKind::Deleted),
];

const FILE_PREFIXES: &[&str] = &["파일: ", "File: "];

const CALL_PREFIXES: &[&str] = &[
    "보이스톡",
    "페이스톡",
    "Voice Call",
    "Voicetalk",
    "Face Talk",
    "Facetalk",
];

/// The kind of a message and the file it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub kind: MessageKind,
    pub attachment: Option<Attachment>,
}

pub(crate) fn classify(text: &str, has_sender: bool) -> Body {
    let t = text.trim();
    let plain = |kind| Body {
        kind,
        attachment: None,
    };
    if !has_sender {
        return plain(MessageKind::System);
    }
    if let Some((_, kind)) = PLACEHOLDERS.iter().find(|(p, _)| *p == t) {
        return plain(*kind);
    }
    // `사진 3장` / `3 photos`: several photos in one message.
    if t.strip_prefix("사진 ")
        .and_then(|r| r.strip_suffix('장'))
        .is_some_and(|n| n.parse::<u32>().is_ok())
        || t.strip_suffix(" photos")
            .is_some_and(|n| n.parse::<u32>().is_ok())
    {
        return plain(MessageKind::Media);
    }
    if CALL_PREFIXES.iter().any(|p| t.starts_with(p)) {
        return plain(MessageKind::Call);
    }
    if let Some(name) = FILE_PREFIXES.iter().find_map(|p| t.strip_prefix(p)) {
        let name = name.trim();
        if !name.is_empty() && !name.contains('\n') {
            let mut a = Attachment::named(name);
            if a.media_kind == MediaKind::Other {
                a.media_kind = MediaKind::Document;
            }
            return Body {
                kind: MessageKind::Media,
                attachment: Some(a),
            };
        }
    }
    plain(MessageKind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_bodies() {
        for (text, has_sender, kind) in [
            ("새해 복 많이 받으세요!", true, MessageKind::Text),
            ("사진", true, MessageKind::Media),
            ("Photo", true, MessageKind::Media),
            ("사진 3장", true, MessageKind::Media),
            ("2 photos", true, MessageKind::Media),
            ("동영상", true, MessageKind::Media),
            ("이모티콘", true, MessageKind::Sticker),
            ("Emoticons", true, MessageKind::Sticker),
            ("보이스톡 해요.", true, MessageKind::Call),
            ("보이스톡 00:12", true, MessageKind::Call),
            ("Voice Call 1:02", true, MessageKind::Call),
            ("삭제된 메시지입니다.", true, MessageKind::Deleted),
            ("홍길동님이 들어왔습니다.", false, MessageKind::System),
            ("사진 찍자", true, MessageKind::Text),
            ("File:", true, MessageKind::Text),
        ] {
            assert_eq!(classify(text, has_sender).kind, kind, "{text}");
        }
    }

    #[test]
    fn named_files() {
        let b = classify("File: report.pdf", true);
        assert_eq!(b.kind, MessageKind::Media);
        let a = b.attachment.unwrap();
        assert_eq!(
            (a.file_name.as_str(), a.media_kind),
            ("report.pdf", MediaKind::Document)
        );
        let b = classify("파일: 계약서", true);
        assert_eq!(b.attachment.unwrap().media_kind, MediaKind::Document);
    }
}
