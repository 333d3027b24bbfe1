//! What an export is asked to do: where to write, which names to change,
//! which phone numbers to use, which time range and zone.

use crate::ExportError;
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How an export is written. Build with [`ExportOptions::new`] and set fields.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Output folder (every format) or file (formats that write one file:
    /// `jsonl`, `csv`, `sms-xml`, and `markdown`/`txt`/`telegram-json` for a
    /// single chat, when the path ends in the format's extension).
    pub out: PathBuf,
    /// Sender display name (or participant key) -> name to write.
    pub renames: BTreeMap<String, String>,
    /// Participant display name (or key) -> phone number (`sms-xml`).
    pub phones: BTreeMap<String, String>,
    /// Display name or key of the user, when the library does not know it.
    pub me: Option<String>,
    /// Only messages at or after this instant (unix ms).
    pub since: Option<i64>,
    /// Only messages before this instant (unix ms).
    pub until: Option<i64>,
    /// `whatsapp`: start a new zip after this many media files.
    pub max_media_per_part: Option<u64>,
    /// Write replies, reactions and edits as readable text in formats that
    /// cannot carry them (`whatsapp`, `sms-xml`).
    pub degrade_to_text: bool,
    /// Copy media files into the export (all formats that can carry them).
    pub include_media: bool,
    /// Zone for printed local times; `None` prints each message in the
    /// offset it was sent with.
    pub tz: Option<Tz>,
}

impl ExportOptions {
    /// Defaults: media included, replies/reactions degraded to text, times in
    /// each message's own offset.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        ExportOptions {
            out: out.into(),
            renames: BTreeMap::new(),
            phones: BTreeMap::new(),
            me: None,
            since: None,
            until: None,
            max_media_per_part: None,
            degrade_to_text: true,
            include_media: true,
            tz: None,
        }
    }

    /// Adds `Old=New` pairs (as given to `--rename`).
    pub fn add_renames<'s>(
        &mut self,
        pairs: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), ExportError> {
        for p in pairs {
            let (k, v) = parse_pair("--rename", p)?;
            self.renames.insert(k, v);
        }
        Ok(())
    }

    /// Adds `Name=+31...` pairs (as given to `--phone`).
    pub fn add_phones<'s>(
        &mut self,
        pairs: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), ExportError> {
        for p in pairs {
            let (k, v) = parse_pair("--phone", p)?;
            self.phones.insert(k, v);
        }
        Ok(())
    }
}

/// Parses one `Key=Value` pair. Names may contain `=` while phone numbers
/// and new names rarely do, so the split is at the **last** `=`.
pub fn parse_pair(option: &str, s: &str) -> Result<(String, String), ExportError> {
    let invalid = |message: &str| ExportError::InvalidOption {
        option: option.to_owned(),
        message: format!("{message}: {s:?}"),
    };
    let (k, v) = s
        .rsplit_once('=')
        .ok_or_else(|| invalid("expected Old=New"))?;
    let (k, v) = (k.trim(), v.trim());
    if k.is_empty() || v.is_empty() {
        return Err(invalid("both sides of = must be non-empty"));
    }
    Ok((k.to_owned(), v.to_owned()))
}

/// Parses a mapping file: one `Old=New` per line; blank lines and lines
/// starting with `#` are ignored. Errors name the line number.
pub fn parse_mapping_file(
    option: &str,
    text: &str,
) -> Result<BTreeMap<String, String>, ExportError> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = parse_pair(&format!("{option} line {}", i + 1), line)?;
        map.insert(k, v);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_last_equals_sign() {
        for (input, want) in [
            ("Old=New", Some(("Old", "New"))),
            (" Alice B = Alice ", Some(("Alice B", "Alice"))),
            ("a=b=c", Some(("a=b", "c"))),
            ("noequals", None),
            ("=x", None),
            ("x=", None),
        ] {
            let got = parse_pair("--rename", input).ok();
            let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn mapping_file_skips_comments_and_names_bad_lines() {
        let map = parse_mapping_file("--rename-file", "# names\n\nAl=Alice\nBo=Bob\n").unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["Bo"], "Bob");
        let err = parse_mapping_file("--rename-file", "Al=Alice\nbroken\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
