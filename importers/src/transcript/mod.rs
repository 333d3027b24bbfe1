//! Shared machinery of the line-oriented chat transcripts that print naive
//! local times and carry no message ids (LINE, KakaoTalk, Threema).
//!
//! Map:
//! - [`reader`]: streaming lines as text (BOM, CRLF, invalid UTF-8
//!   replaced and reported once, progress, over-long lines).
//! - [`dates`]: numeric dates in any order, the evidence that decides
//!   day/month order for a whole file, weekday and month names.
//! - [`emit`]: the [`emit::Emitter`] every format feeds: participants (who
//!   is "me"), local time → instant through the chosen zone, messages,
//!   warnings, and the chat kind at the end.
//!
//! None of these formats has ids, so `native_id`s stay `None` and the store
//! deduplicates by content: output must be a pure function of the file and
//! the options (no clock, no randomness, no order that depends on hashing).

pub(crate) mod dates;
pub(crate) mod emit;
pub(crate) mod reader;

use crate::{Detected, Format, Input};

/// How much of a file detection reads.
pub(crate) const SNIFF: usize = 8 * 1024;

/// Every `.txt` entry of `input` whose sniffed head `label` recognises (it
/// gets the head and the entry name, and returns the label to show), as a
/// detection of `format`.
pub(crate) fn detect_txt(
    input: &Input,
    format: Format,
    label: impl Fn(&[u8], &str) -> Option<String>,
) -> Vec<Detected> {
    input
        .entries()
        .iter()
        .filter(|e| is_txt(&e.name))
        .filter_map(|e| {
            let head = input.head(&e.name, SNIFF).ok()?;
            Some(Detected {
                format,
                entry: e.name.clone(),
                label: label(&head, &e.name)?,
            })
        })
        .collect()
}

/// The file name without folders and without its extension.
pub(crate) fn file_stem(entry: &str) -> &str {
    let file = entry.rsplit('/').next().unwrap_or(entry);
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    }
}

/// Whether an entry is a text file (`.txt`, any case).
pub(crate) fn is_txt(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".txt")
}

/// The first `n` non-blank lines of a sniffed head, BOM removed, decoded
/// lossily (detection never fails on bad bytes).
pub(crate) fn head_lines(head: &[u8], n: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(head);
    text.trim_start_matches('\u{feff}')
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_heads() {
        assert_eq!(
            file_stem("a/b/[LINE] Chat with X.txt"),
            "[LINE] Chat with X"
        );
        assert_eq!(file_stem("noext"), "noext");
        assert_eq!(file_stem(".txt"), ".txt");
        assert!(is_txt("X.TXT"));
        assert_eq!(
            head_lines("\u{feff}a\r\n\r\n b\n\nc".as_bytes(), 2),
            ["a", " b"]
        );
    }
}
