//! Files attached to messages.

use serde::{Deserialize, Serialize};

/// What a file is, as far as a chat app cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    /// A recorded voice message.
    Voice,
    Sticker,
    Gif,
    Document,
    Contact,
    #[default]
    Other,
}

impl MediaKind {
    /// Stable lowercase name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Voice => "voice",
            MediaKind::Sticker => "sticker",
            MediaKind::Gif => "gif",
            MediaKind::Document => "document",
            MediaKind::Contact => "contact",
            MediaKind::Other => "other",
        }
    }

    /// Parses [`MediaKind::as_str`] back; unknown names are [`MediaKind::Other`].
    pub fn parse(s: &str) -> Self {
        match s {
            "image" => MediaKind::Image,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            "voice" => MediaKind::Voice,
            "sticker" => MediaKind::Sticker,
            "gif" => MediaKind::Gif,
            "document" => MediaKind::Document,
            "contact" => MediaKind::Contact,
            _ => MediaKind::Other,
        }
    }

    /// A best guess from a file name's extension (case-insensitive).
    pub fn from_file_name(name: &str) -> Self {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jpg" | "jpeg" | "png" | "heic" | "heif" | "bmp" | "tif" | "tiff" => MediaKind::Image,
            "gif" => MediaKind::Gif,
            "webp" | "tgs" => MediaKind::Sticker,
            "mp4" | "mov" | "m4v" | "3gp" | "mkv" | "webm" | "avi" => MediaKind::Video,
            "opus" => MediaKind::Voice,
            "mp3" | "m4a" | "aac" | "ogg" | "oga" | "wav" | "flac" | "amr" | "caf" => {
                MediaKind::Audio
            }
            "vcf" => MediaKind::Contact,
            "pdf" | "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "txt" | "odt" | "rtf"
            | "csv" | "zip" | "rar" | "7z" => MediaKind::Document,
            _ => MediaKind::Other,
        }
    }
}

/// A file that belongs to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attachment {
    /// The file's name as the export gives it (no directories).
    pub file_name: String,
    pub media_kind: MediaKind,
    pub mime: Option<String>,
    /// Size in bytes, when known.
    pub size: Option<u64>,
    /// Lowercase hex SHA-256 of the content when the file itself is stored in
    /// the library; `None` when the export only names the file.
    pub content_hash: Option<String>,
}

impl Attachment {
    /// An attachment known by name only, kind guessed from the extension.
    pub fn named(file_name: impl Into<String>) -> Self {
        let file_name = file_name.into();
        Attachment {
            media_kind: MediaKind::from_file_name(&file_name),
            file_name,
            mime: None,
            size: None,
            content_hash: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_extension() {
        for (name, kind) in [
            ("IMG-20200101-WA0001.jpg", MediaKind::Image),
            ("PTT-20200101-WA0001.opus", MediaKind::Voice),
            ("VID.MP4", MediaKind::Video),
            ("STK-1.webp", MediaKind::Sticker),
            ("card.vcf", MediaKind::Contact),
            ("report.pdf", MediaKind::Document),
            ("noext", MediaKind::Other),
        ] {
            assert_eq!(MediaKind::from_file_name(name), kind, "{name}");
        }
    }

    #[test]
    fn as_str_round_trips() {
        for k in [
            MediaKind::Image,
            MediaKind::Video,
            MediaKind::Audio,
            MediaKind::Voice,
            MediaKind::Sticker,
            MediaKind::Gif,
            MediaKind::Document,
            MediaKind::Contact,
            MediaKind::Other,
        ] {
            assert_eq!(MediaKind::parse(k.as_str()), k);
        }
    }
}
