//! What the JSON and HTML importers share.
//!
//! - [`chat_kind`], [`chat_title`]: Telegram's chat `type` strings.
//! - [`at_unix`], [`at_local`], [`parse_naive`]: time stamps, shown in the
//!   offset of the import's time zone.
//! - [`is_placeholder`]: the sentences Telegram writes instead of a path
//!   when a file was not downloaded.
//! - [`MediaFiles`]: turns a path from the export into an [`Attachment`],
//!   storing the file through the sink when the export contains it.

use crate::{Input, Sink, SinkError, StoredMedia, Warning};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::{Attachment, ChatKind, MediaKind, Timestamp};
use std::collections::HashMap;

/// Detailed warnings about missing files per import; the rest are counted
/// and summarised by [`MediaFiles::finish`].
const MAX_MISSING_WARNINGS: u64 = 20;

/// The kind of a chat from its export `type`.
pub fn chat_kind(ty: &str) -> ChatKind {
    match ty {
        "personal_chat" | "bot_chat" | "saved_messages" | "replies" | "verification_codes" => {
            ChatKind::Direct
        }
        t if t.ends_with("_channel") => ChatKind::Channel,
        _ => ChatKind::Group,
    }
}

/// A chat's title: its name, or what Telegram shows for nameless chats.
pub fn chat_title(name: Option<&str>, ty: &str) -> String {
    match (name, ty) {
        (Some(n), _) if !n.is_empty() => n.to_owned(),
        (_, "saved_messages") => "Saved Messages".to_owned(),
        (_, "replies") => "Replies".to_owned(),
        _ => DELETED_ACCOUNT.to_owned(),
    }
}

/// How Telegram names a person whose account is gone (`"from": null`).
pub const DELETED_ACCOUNT: &str = "Deleted Account";

/// An instant from Unix seconds, in the offset `tz` had at that instant.
pub fn at_unix(secs: i64, tz: Tz) -> Option<Timestamp> {
    let utc = DateTime::<Utc>::from_timestamp(secs, 0)?;
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Some(Timestamp(utc.with_timezone(&offset)))
}

/// A naive local time read in `tz`. An ambiguous time (the hour repeated
/// when clocks go back) is the earlier instant; a time that does not exist
/// (skipped when clocks go forward) is read one hour later, as the clock
/// on the wall would have shown.
pub fn at_local(naive: NaiveDateTime, tz: Tz) -> Option<Timestamp> {
    let pick = |n: NaiveDateTime| tz.from_local_datetime(&n).earliest();
    let t = pick(naive).or_else(|| pick(naive.checked_add_signed(TimeDelta::hours(1))?))?;
    Some(Timestamp(t.fixed_offset()))
}

/// Parses `YYYY-MM-DDTHH:MM:SS` (also with a space instead of `T`).
pub fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
}

/// Whether a media path field holds one of Telegram's "not included"
/// sentences instead of a relative path.
pub fn is_placeholder(path: &str) -> bool {
    path.starts_with('(') && path.ends_with(')')
}

/// What a media field says about one file.
#[derive(Debug, Clone, Default)]
pub struct MediaRef<'a> {
    /// The path (relative to the export's folder) or a placeholder sentence.
    pub path: &'a str,
    /// The file's original name, when the export gives it.
    pub original_name: Option<&'a str>,
    /// Name to use when neither path nor original name gives one.
    pub fallback_name: &'a str,
    pub kind: Option<MediaKind>,
    pub mime: Option<&'a str>,
    pub size: Option<u64>,
}

/// Resolves media paths against the export and stores the files it holds.
#[derive(Debug)]
pub struct MediaFiles<'a> {
    input: &'a Input,
    /// Folder of the export's entry (`""` at the top), joined to paths.
    base: String,
    /// Files already stored in this import, by entry name.
    stored: HashMap<String, StoredMedia>,
    missing: u64,
}

impl<'a> MediaFiles<'a> {
    /// Media of the export whose main file is the entry `entry`.
    pub fn new(input: &'a Input, entry: &str) -> Self {
        let base = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        MediaFiles {
            input,
            base: base.to_owned(),
            stored: HashMap::new(),
            missing: 0,
        }
    }

    /// The attachment for `media`; the file goes to `sink.media` when the
    /// export contains it, otherwise a warning names it. `location` says
    /// where the reference is (for the warning).
    pub fn attach(
        &mut self,
        sink: &mut dyn Sink,
        media: &MediaRef<'_>,
        location: &dyn Fn() -> String,
    ) -> Result<Attachment, SinkError> {
        let placeholder = is_placeholder(media.path) || media.path.is_empty();
        let from_path = (!placeholder)
            .then(|| media.path.rsplit('/').next())
            .flatten()
            .filter(|n| !n.is_empty());
        let file_name = media
            .original_name
            .filter(|n| !n.is_empty())
            .or(from_path)
            .unwrap_or(media.fallback_name)
            .to_owned();
        let kind = media
            .kind
            .unwrap_or_else(|| guess_kind(&file_name, media.mime));
        let mut att = Attachment {
            file_name,
            media_kind: kind,
            mime: media.mime.map(str::to_owned),
            size: media.size,
            content_hash: None,
        };
        if placeholder {
            let why = if media.path.is_empty() {
                "file not included in the export"
            } else {
                media.path.trim_matches(|c| c == '(' || c == ')')
            };
            self.missing(sink, location, format!("{}: {why}", att.file_name));
            return Ok(att);
        }
        let entry = if self.base.is_empty() {
            media.path.to_owned()
        } else {
            format!("{}/{}", self.base, media.path)
        };
        if let Some(s) = self.stored.get(&entry) {
            att.content_hash = Some(s.content_hash.clone());
            att.size = Some(s.size);
            return Ok(att);
        }
        if self.input.entry(&entry).is_none() {
            let msg = format!("{}: file not found in the export", media.path);
            self.missing(sink, location, msg);
            return Ok(att);
        }
        let stored = self
            .input
            .with_entry(&entry, |r| sink.media(&entry, r))
            .map_err(|e| SinkError::Io(std::io::Error::other(e)))
            .and_then(|r| r);
        match stored {
            Ok(s) => {
                att.content_hash = Some(s.content_hash.clone());
                att.size = Some(s.size);
                self.stored.insert(entry, s);
            }
            Err(SinkError::Io(e)) => {
                let msg = format!("{}: could not be read: {e}", media.path);
                self.missing(sink, location, msg);
            }
            Err(e) => return Err(e),
        }
        Ok(att)
    }

    fn missing(&mut self, sink: &mut dyn Sink, location: &dyn Fn() -> String, message: String) {
        self.missing += 1;
        if self.missing <= MAX_MISSING_WARNINGS {
            sink.warning(Warning {
                location: location(),
                message,
            });
        }
    }

    /// Files that were referenced but not stored.
    pub fn missing_count(&self) -> u64 {
        self.missing
    }

    /// Summarises the missing files not warned about one by one.
    pub fn finish(&self, sink: &mut dyn Sink, location: String) {
        if self.missing > MAX_MISSING_WARNINGS {
            sink.warning(Warning {
                location,
                message: format!(
                    "{} more attachments are not included in the export (only named)",
                    self.missing - MAX_MISSING_WARNINGS
                ),
            });
        }
    }
}

/// A kind from a file name, then from a MIME type.
pub fn guess_kind(name: &str, mime: Option<&str>) -> MediaKind {
    match MediaKind::from_file_name(name) {
        MediaKind::Other => match mime.and_then(|m| m.split('/').next()) {
            Some("image") => MediaKind::Image,
            Some("video") => MediaKind::Video,
            Some("audio") => MediaKind::Audio,
            Some("application" | "text") => MediaKind::Document,
            _ => MediaKind::Other,
        },
        k => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_kinds_from_types() {
        for (ty, kind) in [
            ("personal_chat", ChatKind::Direct),
            ("bot_chat", ChatKind::Direct),
            ("saved_messages", ChatKind::Direct),
            ("private_group", ChatKind::Group),
            ("private_supergroup", ChatKind::Group),
            ("public_supergroup", ChatKind::Group),
            ("private_channel", ChatKind::Channel),
            ("public_channel", ChatKind::Channel),
            ("", ChatKind::Group),
        ] {
            assert_eq!(chat_kind(ty), kind, "{ty}");
        }
    }

    #[test]
    fn titles_of_nameless_chats() {
        assert_eq!(chat_title(None, "saved_messages"), "Saved Messages");
        assert_eq!(chat_title(None, "personal_chat"), DELETED_ACCOUNT);
        assert_eq!(chat_title(Some("Bob"), "personal_chat"), "Bob");
    }

    #[test]
    fn unix_times_take_the_offset_of_the_zone_at_that_instant() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // 2024-03-31 00:00 UTC is before the switch (01:00 UTC): +01:00.
        assert_eq!(
            at_unix(1_711_843_200, berlin).unwrap().to_rfc3339(),
            "2024-03-31T01:00:00+01:00"
        );
        // 02:00 UTC is after it: +02:00.
        assert_eq!(
            at_unix(1_711_850_400, berlin).unwrap().to_rfc3339(),
            "2024-03-31T04:00:00+02:00"
        );
    }

    #[test]
    fn local_times_across_dst() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let t = |s: &str| {
            at_local(parse_naive(s).unwrap(), berlin)
                .unwrap()
                .to_rfc3339()
        };
        assert_eq!(t("2024-03-31T01:00:00"), "2024-03-31T01:00:00+01:00");
        assert_eq!(t("2024-03-31T04:00:00"), "2024-03-31T04:00:00+02:00");
        // Skipped hour: read as the hour after.
        assert_eq!(t("2024-03-31T02:30:00"), "2024-03-31T03:30:00+02:00");
        // Repeated hour: the earlier instant.
        assert_eq!(t("2024-10-27T02:30:00"), "2024-10-27T02:30:00+02:00");
    }

    #[test]
    fn naive_dates_parse_strictly() {
        assert!(parse_naive("2024-03-28T02:00:00").is_some());
        assert!(parse_naive("2024-03-28 02:00:00").is_some());
        for bad in [
            "",
            "2024-02-30T00:00:00",
            "2024-03-28T25:00:00",
            "2024-03-28",
        ] {
            assert!(parse_naive(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder(
            "(File not included. Change data exporting settings to download.)"
        ));
        assert!(!is_placeholder("photos/photo_1@31-03-2024_08-00-00.jpg"));
    }
}
