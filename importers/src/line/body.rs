//! What a LINE message is, from its text: media placeholders (LINE never
//! exports the files), a named file, stickers, locations, contacts, calls
//! (`☎ ...`), unsent messages, or plain text. Placeholder texts are kept
//! as the export prints them.

use ferry_model::{Attachment, MediaKind, MessageKind};

/// Exact placeholder texts: (text, message kind, media kind when a file
/// was sent).
const PLACEHOLDERS: &[(&str, MessageKind, Option<MediaKind>)] = &[
    ("[Photo]", MessageKind::Media, Some(MediaKind::Image)),
    ("[写真]", MessageKind::Media, Some(MediaKind::Image)),
    ("[照片]", MessageKind::Media, Some(MediaKind::Image)),
    ("[รูป]", MessageKind::Media, Some(MediaKind::Image)),
    ("[ภาพ]", MessageKind::Media, Some(MediaKind::Image)),
    ("[Video]", MessageKind::Media, Some(MediaKind::Video)),
    ("[動画]", MessageKind::Media, Some(MediaKind::Video)),
    ("[视频]", MessageKind::Media, Some(MediaKind::Video)),
    ("[影片]", MessageKind::Media, Some(MediaKind::Video)),
    ("[วิดีโอ]", MessageKind::Media, Some(MediaKind::Video)),
    (
        "[Voice message]",
        MessageKind::Media,
        Some(MediaKind::Voice),
    ),
    (
        "[ボイスメッセージ]",
        MessageKind::Media,
        Some(MediaKind::Voice),
    ),
    ("[语音信息]", MessageKind::Media, Some(MediaKind::Voice)),
    ("[語音訊息]", MessageKind::Media, Some(MediaKind::Voice)),
    ("[ข้อความเสียง]", MessageKind::Media, Some(MediaKind::Voice)),
    ("[Album]", MessageKind::Media, Some(MediaKind::Image)),
    ("[アルバム]", MessageKind::Media, Some(MediaKind::Image)),
    ("[File]", MessageKind::Media, Some(MediaKind::Document)),
    ("[ファイル]", MessageKind::Media, Some(MediaKind::Document)),
    ("[文件]", MessageKind::Media, Some(MediaKind::Document)),
    ("[檔案]", MessageKind::Media, Some(MediaKind::Document)),
    ("[Sticker]", MessageKind::Sticker, None),
    ("[スタンプ]", MessageKind::Sticker, None),
    ("[贴图]", MessageKind::Sticker, None),
    ("[貼圖]", MessageKind::Sticker, None),
    ("[สติกเกอร์]", MessageKind::Sticker, None),
    ("[Location]", MessageKind::Location, None),
    ("[位置情報]", MessageKind::Location, None),
    ("[位置]", MessageKind::Location, None),
    ("[Contact]", MessageKind::Contact, None),
    ("[連絡先]", MessageKind::Contact, None),
    ("[联系人]", MessageKind::Contact, None),
    ("[聯絡資訊]", MessageKind::Contact, None),
];

/// A file sent with its name: `[File] budget 2024.xlsx`.
const FILE_PREFIXES: &[&str] = &["[File] ", "[ファイル] ", "[文件] ", "[檔案] "];

/// Endings of "X unsent a message" notices.
const UNSENT: &[&str] = &[
    "unsent a message.",
    "Message unsent.",
    "メッセージの送信を取り消しました",
    "撤回了一条消息",
    "撤回了一則訊息",
    "已收回訊息",
    "ยกเลิกข้อความ",
];

/// The kind of a message and the attachment it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub kind: MessageKind,
    pub attachment: Option<Attachment>,
}

/// Classifies a message's text; `has_sender` is false for notices.
pub(crate) fn classify(text: &str, has_sender: bool) -> Body {
    let t = text.trim();
    let plain = |kind| Body {
        kind,
        attachment: None,
    };
    if UNSENT.iter().any(|u| t.ends_with(u)) {
        return plain(MessageKind::Deleted);
    }
    if t.starts_with('☎') {
        return plain(MessageKind::Call);
    }
    if !has_sender {
        return plain(MessageKind::System);
    }
    if let Some((_, kind, _)) = PLACEHOLDERS.iter().find(|(p, _, _)| *p == t) {
        return plain(*kind);
    }
    if let Some(name) = FILE_PREFIXES.iter().find_map(|p| t.strip_prefix(p)) {
        let name = name.trim();
        if !name.is_empty() {
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

/// The sender of a notice such as `花子がメッセージの送信を取り消しました`
/// or `Bob unsent a message.`: the longest known name the text starts
/// with, followed by a separator.
pub(crate) fn notice_author<'a>(text: &str, known: &'a [String]) -> Option<&'a String> {
    known
        .iter()
        .filter(|name| {
            text.strip_prefix(name.as_str())
                .is_some_and(|rest| rest.starts_with([' ', 'が', '已', '撤']))
        })
        .max_by_key(|name| name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_bodies() {
        for (text, has_sender, kind) in [
            ("Happy new year!", true, MessageKind::Text),
            ("[Photo]", true, MessageKind::Media),
            ("[写真]", true, MessageKind::Media),
            ("[Video]", true, MessageKind::Media),
            ("[Voice message]", true, MessageKind::Media),
            ("[Sticker]", true, MessageKind::Sticker),
            ("[スタンプ]", true, MessageKind::Sticker),
            ("[Location]", true, MessageKind::Location),
            ("[Contact]", true, MessageKind::Contact),
            ("☎ Missed call", true, MessageKind::Call),
            ("☎ 不在着信", true, MessageKind::Call),
            ("☎ Call time 0:12", true, MessageKind::Call),
            ("Ferry Tester unsent a message.", true, MessageKind::Deleted),
            (
                "花子がメッセージの送信を取り消しました",
                false,
                MessageKind::Deleted,
            ),
            (
                "Alice invited Carol to the group.",
                false,
                MessageKind::System,
            ),
            ("[Photo] of my cat", true, MessageKind::Text),
            ("[Gift]", true, MessageKind::Text),
        ] {
            assert_eq!(classify(text, has_sender).kind, kind, "{text}");
        }
    }

    #[test]
    fn named_files_become_attachments() {
        let b = classify("[File] budget 2024.xlsx", true);
        assert_eq!(b.kind, MessageKind::Media);
        let a = b.attachment.unwrap();
        assert_eq!(a.file_name, "budget 2024.xlsx");
        assert_eq!(a.media_kind, MediaKind::Document);
        assert_eq!(a.content_hash, None);
        let b = classify("[ファイル] 写真.jpg", true);
        assert_eq!(b.attachment.unwrap().media_kind, MediaKind::Image);
        assert_eq!(classify("[File] ", true).attachment, None);
    }

    #[test]
    fn notice_authors() {
        let known = vec!["花子".to_owned(), "Bob".to_owned(), "Bob Smith".to_owned()];
        assert_eq!(
            notice_author("花子がメッセージの送信を取り消しました", &known).map(String::as_str),
            Some("花子")
        );
        assert_eq!(
            notice_author("Bob Smith unsent a message.", &known).map(String::as_str),
            Some("Bob Smith")
        );
        assert_eq!(notice_author("Bobby unsent a message.", &known), None);
    }
}
