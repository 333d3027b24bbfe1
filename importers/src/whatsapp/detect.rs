//! Finding WhatsApp chats in an input, and naming them.
//!
//! A candidate is any `.txt` entry (loose file, folder or zip) whose first
//! non-empty line parses as a WhatsApp header and that is not an Element
//! (Matrix) text export, whose lines can look the same; the name alone never
//! decides. Each chat text found is one export. The chat's name comes from
//! the file name (`WhatsApp Chat with Alice.txt` → `Alice`, localized
//! prefixes in `locale`); for iOS's `_chat.txt` from the zip's or folder's
//! name, else from the notice iOS attributes to the chat's name, else the
//! file's (or container's) own name unless WhatsApp's generic one, else
//! "WhatsApp chat".

use super::digits::mark_len;
use super::header;
use super::locale;
use crate::Input;

/// How much of a file detection reads.
const SNIFF: usize = 16 * 1024;

/// Every chat text in the input: `(entry, label)`.
pub(crate) fn chats(input: &Input) -> Vec<(String, String)> {
    input
        .entries()
        .iter()
        .filter(|e| e.name.to_ascii_lowercase().ends_with(".txt"))
        .filter_map(|e| {
            let head = input.head(&e.name, SNIFF).ok()?;
            let element = crate::matrix::text::is_element_text(&e.name, &head);
            (looks_like_chat(&head) && !element)
                .then(|| (e.name.clone(), label(input, &e.name, &head)))
        })
        .collect()
}

/// Whether the first non-empty line of `head` is a WhatsApp header.
pub(crate) fn looks_like_chat(head: &[u8]) -> bool {
    let Some(line) = head
        .split(|b| *b == b'\n' || *b == b'\r')
        .find(|l| !is_blank(l))
    else {
        return false;
    };
    header::parse(line).is_some()
}

fn is_blank(l: &[u8]) -> bool {
    let mut i = 0;
    while i < l.len() {
        if l[i].is_ascii_whitespace() {
            i += 1;
        } else if let Some(n) = mark_len(&l[i..]) {
            i += n;
        } else {
            return false;
        }
    }
    true
}

/// The chat's name for an entry.
pub(crate) fn label(input: &Input, entry: &str, head: &[u8]) -> String {
    let file = entry.rsplit('/').next().unwrap_or(entry);
    let stem = strip_ext(file);
    if let Some(name) = name_from_file(stem) {
        return name;
    }
    // `_chat.txt` (iOS) or another generic name: the container's name.
    let container = match entry.rsplit_once('/') {
        Some((dir, _)) => dir.rsplit('/').next().map(str::to_owned),
        None if input.entries().len() > 1 || input.is_zip() => input
            .path()
            .file_name()
            .map(|n| strip_ext(&n.to_string_lossy()).to_owned()),
        None => None,
    };
    if let Some(name) = container.as_deref().and_then(name_from_file) {
        return name;
    }
    if let Some(name) = name_from_notice(head) {
        return name;
    }
    // A renamed file keeps its own name: two different chats must not share
    // a title, or the library would merge them.
    [Some(stem), container.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|n| !n.is_empty() && !is_generic(n))
        .map(str::to_owned)
        .unwrap_or_else(|| "WhatsApp chat".to_owned())
}

/// File names WhatsApp itself gives every chat.
fn is_generic(name: &str) -> bool {
    let n = name.trim_start_matches('_').to_ascii_lowercase();
    n == "chat" || n == "whatsapp chat" || n == "whatsapp"
}

fn strip_ext(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".txt") || lower.ends_with(".zip") {
        &name[..name.len() - 4]
    } else {
        name
    }
}

/// `WhatsApp Chat with Alice` → `Alice`; also `_`/`%20` for spaces and a
/// browser's ` (1)` suffix.
pub(crate) fn name_from_file(stem: &str) -> Option<String> {
    let mut s = stem.replace("%20", " ");
    if !s.contains(' ') {
        s = s.replace('_', " ");
    }
    let s = strip_copy_suffix(s.trim());
    let lower = s.to_lowercase();
    locale::FILE_PREFIXES.iter().find_map(|p| {
        let pl = p.to_lowercase();
        let rest = lower.strip_prefix(pl.as_str())?;
        let name = s.get(s.len() - rest.len()..)?.trim();
        (!name.is_empty()).then(|| name.to_owned())
    })
}

/// Drops ` (1)`, ` (2)`... added when a file is saved twice.
fn strip_copy_suffix(s: &str) -> &str {
    if let Some(open) = s.rfind(" (") {
        let inner = &s[open + 2..];
        if let Some(num) = inner.strip_suffix(')')
            && !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit())
        {
            return &s[..open];
        }
    }
    s
}

/// iOS attributes the encryption notice to the chat's name.
fn name_from_notice(head: &[u8]) -> Option<String> {
    let line = head
        .split(|b| *b == b'\n' || *b == b'\r')
        .find(|l| !is_blank(l))?;
    let h = header::parse(line)?;
    let rest = std::str::from_utf8(line.get(h.rest..)?).ok()?;
    let (author, text) = rest.split_once(": ")?;
    let text: String = text
        .chars()
        .filter(|c| !super::digits::is_mark(*c))
        .collect();
    if !locale::E2E_NOTICE.iter().any(|p| text.starts_with(p)) {
        return None;
    }
    let name = String::from_utf8(super::assemble::clean_name(author.as_bytes())).ok()?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_file_names() {
        for (stem, want) in [
            ("WhatsApp Chat with Alice", Some("Alice")),
            ("WhatsApp Chat - Elon Musk (RU)", Some("Elon Musk (RU)")),
            ("WhatsApp Chat with Alice (1)", Some("Alice")),
            ("WhatsApp_Chat_with_Bob_Smith", Some("Bob Smith")),
            ("WhatsApp%20Chat%20with%20Bob", Some("Bob")),
            ("WhatsApp-Chat mit Oma", Some("Oma")),
            ("Чат WhatsApp с контактом Dmitry S", Some("Dmitry S")),
            ("Chat de WhatsApp con Ana", Some("Ana")),
            ("_chat", None),
            ("notes", None),
        ] {
            assert_eq!(name_from_file(stem).as_deref(), want, "{stem}");
        }
    }

    #[test]
    fn content_decides() {
        assert!(looks_like_chat(b"\n\n23/03/2022, 13:31 - A: b\n"));
        assert!(looks_like_chat(
            "\u{FEFF}[3/27/22, 21:41:35] A: b".as_bytes()
        ));
        assert!(!looks_like_chat(b"Dear diary,\n23/03/2022, 13:31 - A: b"));
        assert!(!looks_like_chat(b""));
    }

    #[test]
    fn notice_names_the_chat() {
        let head =
            "[3/18/22, 14:56:01] Elon Musk: \u{200E}Messages and calls are end-to-end encrypted.";
        assert_eq!(
            name_from_notice(head.as_bytes()).as_deref(),
            Some("Elon Musk")
        );
        assert_eq!(name_from_notice(b"[3/18/22, 14:56:01] Bob: hi"), None);
    }
}
