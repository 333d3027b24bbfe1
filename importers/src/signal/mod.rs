//! Signal: the Android `.backup` file, and the two tools that read Signal
//! Desktop's database (sigtop, signal-export).
//!
//! Map:
//! - [`backup`]: `signal-YYYY-MM-DD-HH-MM-SS.backup`, decrypted with the
//!   30-digit passphrase, every MAC verified, its SQLite database rebuilt.
//! - [`sigtop`]: `sigtop export-messages` output, JSON and text.
//! - [`signal_export`]: `sigexport` output, `data.json` and `chat.md`.
//!
//! Shared here: millisecond timestamps shown in the reader's zone, and
//! media kinds from MIME types.

pub mod backup;
pub mod signal_export;
pub mod sigtop;

use chrono::{Offset, TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::{MediaKind, Timestamp};
use std::collections::HashMap;

/// Message ids for formats without ids but with sent times and authors:
/// `"<ms>:<author>"`, and `"<ms>:<author>:<n>"` for the n-th message of
/// the same author at the same time (second-precision formats). Only the
/// current time's authors are remembered.
#[derive(Debug, Default)]
pub(crate) struct IdMaker {
    at: i64,
    seen: HashMap<String, u32>,
}

impl IdMaker {
    pub(crate) fn id(&mut self, millis: i64, author: &str) -> String {
        if millis != self.at {
            self.at = millis;
            self.seen.clear();
        }
        let n = self.seen.entry(author.to_owned()).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!("{millis}:{author}")
        } else {
            format!("{millis}:{author}:{n}")
        }
    }
}

/// A Unix time in milliseconds, shown with the offset `tz` had then.
pub(crate) fn timestamp(millis: i64, tz: Tz) -> Option<Timestamp> {
    let utc = Utc.timestamp_millis_opt(millis).single()?;
    let offset = tz
        .offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc();
    Timestamp::from_unix_millis(millis, offset)
}

/// A naive local time read in `tz`: the earlier instant when the clock
/// went back (ambiguous), an hour later when it skipped forward (gap).
pub(crate) fn local_timestamp(naive: chrono::NaiveDateTime, tz: Tz) -> Option<Timestamp> {
    use chrono::LocalResult;
    let dt = match tz.from_local_datetime(&naive) {
        LocalResult::Single(d) => d,
        LocalResult::Ambiguous(a, _) => a,
        LocalResult::None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()?,
    };
    Some(Timestamp(dt.fixed_offset()))
}

/// A media kind from a MIME type, falling back to the file name.
pub(crate) fn kind_from_mime(mime: &str, file_name: &str) -> MediaKind {
    let mime = mime.to_ascii_lowercase();
    match mime.as_str() {
        "image/gif" => MediaKind::Gif,
        "image/webp" => MediaKind::Sticker,
        "text/vcard" | "text/x-vcard" => MediaKind::Contact,
        m if m.starts_with("image/") => MediaKind::Image,
        m if m.starts_with("video/") => MediaKind::Video,
        m if m.starts_with("audio/") => MediaKind::Audio,
        _ => match MediaKind::from_file_name(file_name) {
            MediaKind::Other if mime.starts_with("application/") || mime.starts_with("text/") => {
                MediaKind::Document
            }
            k => k,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_take_the_zone_offset_of_their_instant() {
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        let summer = timestamp(1_718_000_000_000, tz).unwrap();
        assert_eq!(summer.to_rfc3339(), "2024-06-10T08:13:20+02:00");
        let winter = timestamp(1_700_000_000_000, tz).unwrap();
        assert_eq!(winter.offset_secs(), 3600);
        assert!(timestamp(i64::MAX, tz).is_none());
    }

    #[test]
    fn local_times_across_dst() {
        let tz: Tz = "Europe/Amsterdam".parse().unwrap();
        let at = |s: &str| {
            let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
            local_timestamp(n, tz).unwrap().to_rfc3339()
        };
        assert_eq!(at("2024-06-10 08:13:20"), "2024-06-10T08:13:20+02:00");
        // 02:30 happened twice on 27 Oct 2024: the first (summer) one.
        assert_eq!(at("2024-10-27 02:30:00"), "2024-10-27T02:30:00+02:00");
        // 02:30 never happened on 31 Mar 2024.
        assert_eq!(at("2024-03-31 02:30:00"), "2024-03-31T03:30:00+02:00");
    }

    #[test]
    fn ids_count_repeats_within_the_same_time() {
        let mut ids = IdMaker::default();
        assert_eq!(ids.id(1000, "a"), "1000:a");
        assert_eq!(ids.id(1000, "b"), "1000:b");
        assert_eq!(ids.id(1000, "a"), "1000:a:2");
        assert_eq!(ids.id(2000, "a"), "2000:a");
    }

    #[test]
    fn mime_kinds() {
        for (mime, name, kind) in [
            ("image/jpeg", "a.jpg", MediaKind::Image),
            ("image/gif", "a.gif", MediaKind::Gif),
            ("video/mp4", "", MediaKind::Video),
            ("audio/aac", "", MediaKind::Audio),
            ("application/pdf", "x.pdf", MediaKind::Document),
            ("text/plain", "attachment-1.txt", MediaKind::Document),
            ("application/octet-stream", "x.bin", MediaKind::Document),
        ] {
            assert_eq!(kind_from_mime(mime, name), kind, "{mime}");
        }
    }
}
