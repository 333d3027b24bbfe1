//! Helpers every writer uses: output paths, safe file names, media copies,
//! and the readable-text form of replies, reactions and edits.

use crate::ExportError;
use crate::driver::Ctx;
use crate::error::IoContext;
use ferry_model::{Attachment, MediaKind, StoredMessage};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Buffer size for output files.
pub(crate) const BUF: usize = 256 * 1024;

/// Creates a folder and its parents.
pub(crate) fn mkdirs(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).at(dir)
}

/// Creates (truncates) a buffered output file.
pub(crate) fn create(path: &Path) -> Result<BufWriter<File>, ExportError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        mkdirs(parent)?;
    }
    Ok(BufWriter::with_capacity(BUF, File::create(path).at(path)?))
}

/// Where a one-file format writes: `out` itself when it ends in `.ext`,
/// else `out/default_name`.
pub(crate) fn single_file(out: &Path, ext: &str, default_name: &str) -> PathBuf {
    let has_ext = out.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has_ext {
        out.to_path_buf()
    } else {
        out.join(default_name)
    }
}

/// A file name made from free text (a chat title): path separators,
/// characters Windows forbids and control characters become `_`; leading
/// dots and trailing dots/spaces go; at most 80 characters; never empty.
pub(crate) fn safe_file_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => '_',
            c => c,
        })
        .take(80)
        .collect();
    out = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_owned();
    let upper = out.to_ascii_uppercase();
    let stem = upper.split('.').next().unwrap_or("");
    let reserved = matches!(stem, "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if out.is_empty() || reserved {
        out.insert_str(0, "chat ");
        out = out.trim_end().to_owned();
    }
    out
}

/// The lowercase extension for an attachment: from its name, else its mime
/// type, else its kind.
pub(crate) fn media_ext(a: &Attachment) -> String {
    if let Some((_, ext)) = a.file_name.rsplit_once('.')
        && !ext.is_empty()
        && ext.len() <= 8
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return ext.to_ascii_lowercase();
    }
    let from_mime = a.mime.as_deref().and_then(|m| match m {
        "image/jpeg" => Some("jpg"),
        "image/png" => Some("png"),
        "image/gif" => Some("gif"),
        "image/webp" => Some("webp"),
        "video/mp4" => Some("mp4"),
        "audio/ogg" | "audio/opus" => Some("opus"),
        "audio/mpeg" => Some("mp3"),
        "application/pdf" => Some("pdf"),
        _ => None,
    });
    from_mime
        .unwrap_or(match a.media_kind {
            MediaKind::Image => "jpg",
            MediaKind::Video | MediaKind::Gif => "mp4",
            MediaKind::Voice => "opus",
            MediaKind::Audio => "m4a",
            MediaKind::Sticker => "webp",
            MediaKind::Contact => "vcf",
            MediaKind::Document | MediaKind::Other => "bin",
        })
        .to_owned()
}

/// The library file of an attachment, counting a missing one.
pub(crate) fn media_source(ctx: &mut Ctx<'_>, a: &Attachment) -> Option<PathBuf> {
    if !ctx.opts.include_media {
        return None;
    }
    let found = a.content_hash.as_deref().and_then(|h| (ctx.media)(h));
    if found.is_none() {
        ctx.summary.attachments_missing += 1;
    }
    found
}

/// Copies an attachment to `dest` (skipped when `dest` exists: media are
/// content-addressed). Returns whether the file is there.
pub(crate) fn copy_media(
    ctx: &mut Ctx<'_>,
    a: &Attachment,
    dest: &Path,
) -> Result<bool, ExportError> {
    let Some(src) = media_source(ctx, a) else {
        return Ok(false);
    };
    if !dest.exists() {
        if let Some(parent) = dest.parent() {
            mkdirs(parent)?;
        }
        std::fs::copy(&src, dest).at(&src)?;
    }
    ctx.summary.attachments_written += 1;
    Ok(true)
}

/// The readable-text lines a message gets in formats that cannot carry
/// replies, reactions, edits or forwards. Counts each as degraded.
pub(crate) fn degraded_notes(ctx: &mut Ctx<'_>, m: &StoredMessage) -> Notes {
    let mut notes = Notes::default();
    if let Some(id) = m.reply_to_id {
        ctx.summary.degrade("reply written as text");
        notes.reply = Some(match ctx.recent.get(id) {
            Some(r) => match &r.sender {
                Some(s) => format!("↪ replying to {s}: \"{}\"", r.excerpt),
                None => format!("↪ replying to \"{}\"", r.excerpt),
            },
            None => "↪ replying to an earlier message".to_owned(),
        });
    } else if m.message.reply_to.is_some() {
        ctx.summary.degrade("reply written as text");
        notes.reply = Some("↪ replying to a message not in this export".to_owned());
    }
    if let Some(f) = &m.message.forwarded_from {
        ctx.summary.degrade("forward written as text");
        notes.forwarded = Some(format!("(forwarded from {f})"));
    }
    if !m.message.reactions.is_empty() {
        ctx.summary
            .degrade_n("reaction written as text", m.message.reactions.len() as u64);
        let list: Vec<String> = m
            .message
            .reactions
            .iter()
            .map(|r| match &r.by {
                Some(by) => format!("{} {}", r.emoji, ctx.person_name(Some(by), None)),
                None => r.emoji.clone(),
            })
            .collect();
        notes.reactions = Some(format!("(reactions: {})", list.join(", ")));
    }
    if m.message.edited {
        ctx.summary.degrade("edit mark written as text");
        notes.edited = true;
    }
    notes
}

/// See [`degraded_notes`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Notes {
    pub reply: Option<String>,
    pub forwarded: Option<String>,
    pub reactions: Option<String>,
    pub edited: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        for (input, want) in [
            ("Family", "Family"),
            ("a/b\\c:d", "a_b_c_d"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("...", "chat"),
            ("", "chat"),
            ("CON", "chat CON"),
            ("nul.txt", "chat nul.txt"),
            ("tab\there", "tab_here"),
            ("evil\u{202e}gpj.exe", "evil_gpj.exe"),
            ("trailing. ", "trailing"),
        ] {
            assert_eq!(safe_file_name(input), want, "{input:?}");
        }
        assert_eq!(safe_file_name(&"x".repeat(500)).len(), 80);
    }

    #[test]
    fn single_file_uses_the_path_when_it_has_the_extension() {
        assert_eq!(
            single_file(Path::new("out/a.JSONL"), "jsonl", "m.jsonl"),
            PathBuf::from("out/a.JSONL")
        );
        assert_eq!(
            single_file(Path::new("out"), "jsonl", "m.jsonl"),
            PathBuf::from("out/m.jsonl")
        );
    }

    #[test]
    fn extensions_come_from_name_then_mime_then_kind() {
        let mut a = Attachment::named("IMG.JPEG");
        assert_eq!(media_ext(&a), "jpeg");
        a.file_name = "noext".into();
        a.mime = Some("video/mp4".into());
        assert_eq!(media_ext(&a), "mp4");
        a.mime = None;
        a.media_kind = MediaKind::Voice;
        assert_eq!(media_ext(&a), "opus");
        a.file_name = "weird.<script>".into();
        assert_eq!(media_ext(&a), "opus");
    }
}
