//! Pieces shared by the human-readable writers (txt, markdown, csv, jsonl,
//! html): day labels, media labels, and media copied beside the output as
//! `media/<sha256>.<ext>`.

use crate::ExportError;
use crate::driver::Ctx;
use crate::util::{copy_media, media_ext};
use chrono::{DateTime, FixedOffset};
use ferry_model::{Attachment, MediaKind};
use std::path::Path;

/// `Tuesday, 2 January 2024`.
pub(crate) fn day_label(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%A, %-d %B %Y").to_string()
}

/// `2024-01-02`, for grouping by day.
pub(crate) fn day_key(dt: &DateTime<FixedOffset>) -> chrono::NaiveDate {
    dt.date_naive()
}

/// A word for what an attachment is.
pub(crate) fn kind_label(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Image => "photo",
        MediaKind::Video => "video",
        MediaKind::Audio => "audio",
        MediaKind::Voice => "voice message",
        MediaKind::Sticker => "sticker",
        MediaKind::Gif => "GIF",
        MediaKind::Document => "document",
        MediaKind::Contact => "contact card",
        MediaKind::Other => "file",
    }
}

/// Whether a content hash is a plain lowercase/uppercase hex string (it
/// becomes a file name).
pub(crate) fn is_hex(h: &str) -> bool {
    !h.is_empty() && h.len() <= 128 && h.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Copies an attachment into `base/media/<hash>.<ext>` and returns the path
/// relative to `base`, or `None` when the file is not available.
pub(crate) fn media_beside(
    ctx: &mut Ctx<'_>,
    base: &Path,
    a: &Attachment,
) -> Result<Option<String>, ExportError> {
    let Some(hash) = a.content_hash.as_deref().filter(|h| is_hex(h)) else {
        if ctx.opts.include_media {
            ctx.summary.attachments_missing += 1;
        }
        return Ok(None);
    };
    let rel = format!("media/{}.{}", hash.to_ascii_lowercase(), media_ext(a));
    if copy_media(ctx, a, &base.join(&rel))? {
        Ok(Some(rel))
    } else {
        Ok(None)
    }
}

/// The file a per-chat writer writes for the current chat: `out` itself for
/// a single chat when it ends in `.ext`, else `out/<title>.ext` (with the
/// chat id added when two chats share a title).
pub(crate) fn chat_file(
    ctx: &Ctx<'_>,
    chat: &ferry_model::ChatInfo,
    ext: &str,
    used: &mut std::collections::HashSet<String>,
) -> std::path::PathBuf {
    let out = &ctx.opts.out;
    if ctx.chat_count == 1 && out.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
        return out.clone();
    }
    let mut name = format!("{}.{ext}", crate::util::safe_file_name(&chat.title));
    if !used.insert(name.to_lowercase()) {
        name = format!(
            "{} ({}).{ext}",
            crate::util::safe_file_name(&chat.title),
            chat.id
        );
        used.insert(name.to_lowercase());
    }
    out.join(name)
}

/// "WhatsApp · group · 3 participants".
pub(crate) fn chat_line(chat: &ferry_model::ChatInfo) -> String {
    format!(
        "{} · {} · {} participant{}",
        chat.app.display_name(),
        chat.kind.as_str(),
        chat.participants.len(),
        if chat.participants.len() == 1 {
            ""
        } else {
            "s"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn day_labels_are_english_long_dates() {
        let dt = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2024, 1, 2, 23, 30, 0)
            .unwrap();
        assert_eq!(day_label(&dt), "Tuesday, 2 January 2024");
    }

    #[test]
    fn only_hex_hashes_become_file_names() {
        assert!(is_hex("ab12EF"));
        assert!(!is_hex("../x"));
        assert!(!is_hex(""));
    }
}
