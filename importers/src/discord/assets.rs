//! Attachment files: stored when the export holds them, otherwise kept by
//! name with one summary warning instead of one warning per file.
//!
//! DiscordChatExporter run with "download assets" rewrites each `url` to a
//! path relative to the JSON file (default folder `<file>.json_Files/`,
//! Windows exports use `\`). Without it, and always in the data package,
//! attachments are CDN links that expire: Ferry keeps the file name and
//! size but has no content.

use crate::{Input, Sink, SinkError, Warning};
use ferry_model::{Attachment, MediaKind};

/// Detailed warnings for missing local files before they are only counted.
const MAX_DETAILED: usize = 10;

/// Counts attachments that could not be stored, for the summary.
#[derive(Debug, Default)]
pub struct AssetLog {
    pub remote: u64,
    pub missing: u64,
    pub stored: u64,
}

impl AssetLog {
    /// Emits the summary warnings for `location`.
    pub fn finish(&self, location: &str, sink: &mut dyn Sink) {
        if self.remote > 0 {
            sink.warning(Warning {
                location: location.to_owned(),
                message: format!(
                    "{} attachment(s) are only linked (Discord CDN URLs, which expire); \
                     kept by name without content",
                    self.remote
                ),
            });
        }
        if self.missing as usize > MAX_DETAILED {
            sink.warning(Warning {
                location: location.to_owned(),
                message: format!(
                    "{} attachment file(s) referenced by the export are missing in total",
                    self.missing
                ),
            });
        }
    }
}

/// Whether a URL points somewhere on the network rather than next to the file.
pub fn is_remote(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The file name in a URL or path: last segment, without query or fragment.
pub fn file_name_of(url: &str) -> &str {
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    no_query
        .rsplit(['/', '\\'])
        .find(|s| !s.is_empty())
        .unwrap_or(no_query)
}

/// Builds the attachment for `url`, storing the file through the sink when
/// `url` is a local path that exists in `input` (relative to `base_dir`).
#[allow(clippy::too_many_arguments)]
pub fn attach(
    input: &Input,
    base_dir: &str,
    url: &str,
    file_name: Option<&str>,
    size: Option<u64>,
    kind: Option<MediaKind>,
    log: &mut AssetLog,
    sink: &mut dyn Sink,
    location: &str,
) -> Result<Attachment, SinkError> {
    let name = file_name
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| file_name_of(url));
    let mut att = Attachment::named(name);
    if let Some(k) = kind {
        att.media_kind = k;
    }
    att.size = size;
    if url.is_empty() || is_remote(url) {
        log.remote += 1;
        return Ok(att);
    }
    let Some(entry) = resolve_local(input, base_dir, url) else {
        log.missing += 1;
        if log.missing as usize <= MAX_DETAILED {
            sink.warning(Warning {
                location: location.to_owned(),
                message: format!("attachment file {url:?} is not in the export"),
            });
        }
        return Ok(att);
    };
    match input.with_entry(&entry, |r| sink.media(name, r)) {
        Ok(stored) => {
            let stored = stored?;
            att.content_hash = Some(stored.content_hash);
            att.size = Some(stored.size);
            log.stored += 1;
        }
        Err(e) => sink.warning(Warning {
            location: location.to_owned(),
            message: format!("attachment {url:?} could not be read: {e}"),
        }),
    }
    Ok(att)
}

/// The entry a relative asset path names, if the input has it.
fn resolve_local(input: &Input, base_dir: &str, url: &str) -> Option<String> {
    let path = url.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let decoded = percent_decode(path);
    for p in [path, decoded.as_str()] {
        let joined = if base_dir.is_empty() {
            p.to_owned()
        } else {
            format!("{base_dir}/{p}")
        };
        if input.entry(&joined).is_some() {
            return Some(joined);
        }
        if input.entry(p).is_some() {
            return Some(p.to_owned());
        }
    }
    None
}

/// Decodes `%XX` escapes; invalid escapes and non-UTF-8 results are kept as is.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b.get(i),
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (Some(b'%'), Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (Some(&c), _, _) => {
                out.push(c);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_urls() {
        for (url, want) in [
            (
                "https://cdn.discordapp.com/attachments/1/2/screenshot.png?ex=66&is=66&hm=01",
                "screenshot.png",
            ),
            ("general.json_Files\\photo-5A3F.jpg", "photo-5A3F.jpg"),
            ("media/a.png#frag", "a.png"),
            ("plain", "plain"),
        ] {
            assert_eq!(file_name_of(url), want, "{url}");
        }
    }

    #[test]
    fn remote_urls() {
        assert!(is_remote("HTTPS://x/y"));
        assert!(is_remote("http://x"));
        assert!(!is_remote("a.json_Files/b.png"));
        assert!(!is_remote("é"));
    }

    #[test]
    fn percent_escapes() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(percent_decode("%FF"), "%FF");
    }
}
