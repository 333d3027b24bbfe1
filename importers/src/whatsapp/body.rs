//! What a message body is: text, an attachment, an omitted-media
//! placeholder, a deletion notice, a location, a poll, a call, a system
//! notice; and whether it carries an "edited" marker.
//!
//! Works on the body with invisible marks already removed. The text kept
//! for the message is the body itself (byte-exact, so nothing the user
//! wrote is lost); only the edited marker is cut off, because it is not
//! part of what was written.

use super::locale::{self, FnvBuild, Gate, Omitted};
use ferry_model::{MediaKind, MessageKind};
use memchr::memmem::Finder;
use std::collections::HashSet;
use std::sync::LazyLock;

static HTTPS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("https://"));

/// Deletion notices without their final `.`.
static DELETED: LazyLock<HashSet<&'static str, FnvBuild>> =
    LazyLock::new(|| locale::DELETED.iter().map(|d| trim_dot(d)).collect());

static DELETED_GATE: LazyLock<Gate> =
    LazyLock::new(|| Gate::new(locale::DELETED.iter().map(|d| trim_dot(d))));

/// The first bytes of every encryption notice (a quick gate).
static E2E_HEADS: LazyLock<HashSet<&'static [u8], FnvBuild>> = LazyLock::new(|| {
    locale::E2E_NOTICE
        .iter()
        .map(|p| &p.as_bytes()[..locale::E2E_GATE])
        .collect()
});

/// Which bytes can start an encryption notice (checked before hashing).
static E2E_FIRST: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut first = [false; 256];
    for p in locale::E2E_NOTICE {
        if let Some(b) = p.as_bytes().first() {
            first[usize::from(*b)] = true;
        }
    }
    first
});

/// The first line of a body.
fn first_line(t: &str) -> &str {
    match memchr::memchr(b'\n', t.as_bytes()) {
        Some(i) => &t[..i],
        None => t,
    }
}

/// The classification of one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub kind: MessageKind,
    /// A file named by the body (present in media exports).
    pub attachment: Option<(String, MediaKind)>,
    pub edited: bool,
}

/// Classifies `text` and removes an edited marker from its end.
/// `lrm` tells whether the raw body held U+200E (iOS marks its
/// placeholders with it).
pub(crate) fn classify(text: &mut String, lrm: bool) -> Body {
    let edited = strip_edited(text);
    let mut body = Body {
        kind: MessageKind::Text,
        attachment: None,
        edited,
    };
    let t = text.as_str();
    if t.starts_with("POLL:") {
        body.kind = MessageKind::Poll;
    } else if is_deleted(t) {
        body.kind = MessageKind::Deleted;
    } else if let Some(kind) = omitted(t, lrm) {
        body.kind = kind;
    } else if let Some(name) = attached_name(t) {
        let kind = media_kind(name);
        body.kind = message_kind_for(name, kind);
        body.attachment = Some((name.to_owned(), kind));
    } else if is_location(t) {
        body.kind = MessageKind::Location;
    } else if is_call(t) {
        body.kind = MessageKind::Call;
    }
    body
}

fn trim_dot(s: &str) -> &str {
    s.strip_suffix('.').unwrap_or(s)
}

/// Cuts a trailing `<This message was edited>` (localized) and the space
/// before it.
fn strip_edited(text: &mut String) -> bool {
    if !text.ends_with('>') {
        return false;
    }
    let Some(lt) = text.rfind('<') else {
        return false;
    };
    let inner = trim_dot(&text[lt + 1..text.len() - 1]);
    if !locale::EDITED.iter().any(|e| e.eq_ignore_ascii_case(inner)) {
        return false;
    }
    let keep = text[..lt]
        .trim_end_matches([' ', '\u{00A0}', '\u{202F}'])
        .len();
    text.truncate(keep);
    true
}

fn is_deleted(t: &str) -> bool {
    if t.len() > 80 {
        return false;
    }
    let t = trim_dot(t);
    DELETED_GATE.may_hold(t) && DELETED.contains(t)
}

/// Placeholders of exports made without media (a caption may follow on
/// the next lines).
fn omitted(t: &str, lrm: bool) -> Option<MessageKind> {
    let first = first_line(t);
    if first.len() < 120 && first.starts_with('<') && first.ends_with('>') {
        let inner = first[1..first.len() - 1].to_lowercase();
        if locale::MEDIA_OMITTED.contains(&inner.as_str()) {
            return Some(MessageKind::Media);
        }
    }
    if !lrm {
        return None;
    }
    locale::IOS_OMITTED.iter().find_map(|(p, what)| {
        let head = first.strip_suffix(p)?;
        (head.is_empty() || head.ends_with(' ')).then_some(match what {
            Omitted::Media => MessageKind::Media,
            Omitted::Sticker => MessageKind::Sticker,
            Omitted::Contact => MessageKind::Contact,
        })
    })
}

/// The file a body names: iOS `<attached: NAME>` (localized keyword, ASCII
/// or fullwidth colon), old iOS `NAME <attached>`, Android
/// `NAME (file attached)` (localized).
pub(crate) fn attached_name(t: &str) -> Option<&str> {
    let first = first_line(t).trim_end();
    if let Some(inner) = first.strip_suffix('>') {
        let lt = inner.rfind('<')?;
        let inner_text = &inner[lt + 1..];
        if inner_text.eq_ignore_ascii_case("attached") {
            let name = first[..lt].trim_end();
            return (!name.is_empty()).then_some(name);
        }
        let (kw, name) = inner_text
            .split_once(": ")
            .or_else(|| inner_text.split_once('：'))
            .or_else(|| inner_text.split_once(':'))?;
        let name = name.trim();
        let known = locale::ATTACHED
            .iter()
            .any(|k| k.eq_ignore_ascii_case(kw.trim()));
        return (!name.is_empty() && (known || looks_like_ios_media(name))).then_some(name);
    }
    let inner = first.strip_suffix(')')?;
    let open = inner.rfind(" (")?;
    let suffix = &inner[open + 2..];
    let name = inner[..open].trim();
    let known = locale::FILE_ATTACHED
        .iter()
        .any(|k| k.eq_ignore_ascii_case(suffix));
    (!name.is_empty() && (known || looks_like_android_media(name))).then_some(name)
}

/// `00000012-PHOTO-2020-01-01-12-00-00.jpg`, `00000046-Some file.txt`.
fn looks_like_ios_media(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 9 && b[..8].iter().all(u8::is_ascii_digit) && b[8] == b'-' && name.contains('.')
}

/// `IMG-20200101-WA0001.jpg`.
fn looks_like_android_media(name: &str) -> bool {
    let Some((kind, rest)) = name.split_once('-') else {
        return false;
    };
    matches!(kind, "IMG" | "VID" | "PTT" | "AUD" | "STK" | "DOC")
        && rest.len() > 12
        && rest.as_bytes()[..8].iter().all(u8::is_ascii_digit)
        && rest[8..].starts_with("-WA")
}

/// Media kind from WhatsApp's own naming, else from the extension.
pub(crate) fn media_kind(name: &str) -> MediaKind {
    let by_ext = MediaKind::from_file_name(name);
    let token = if looks_like_ios_media(name) {
        name[9..].split('-').next().unwrap_or("")
    } else if looks_like_android_media(name) {
        name.split('-').next().unwrap_or("")
    } else {
        return by_ext;
    };
    match token {
        "PHOTO" | "IMG" => MediaKind::Image,
        "VIDEO" | "VID" => MediaKind::Video,
        "GIF" => MediaKind::Gif,
        "STICKER" | "STK" => MediaKind::Sticker,
        "PTT" => MediaKind::Voice,
        "AUDIO" | "AUD" => MediaKind::Audio,
        _ => by_ext,
    }
}

fn message_kind_for(name: &str, kind: MediaKind) -> MessageKind {
    match kind {
        MediaKind::Contact => MessageKind::Contact,
        MediaKind::Sticker => MessageKind::Sticker,
        _ if name.to_ascii_lowercase().ends_with(".vcf") => MessageKind::Contact,
        _ => MessageKind::Media,
    }
}

/// `location: https://maps.google.com/?q=…` (any language's label), a
/// Foursquare venue, or a live-location notice.
fn is_location(t: &str) -> bool {
    if let Some(i) = HTTPS.find(t.as_bytes()) {
        return link_location(t, i);
    }
    let t = trim_dot(t);
    locale::LIVE_LOCATION
        .iter()
        .any(|l| l.len() == t.len() && l.eq_ignore_ascii_case(t))
}

/// A maps link after a short `label:` (the first link of the body), or a
/// Foursquare venue link ending the body.
fn link_location(t: &str, first_link: usize) -> bool {
    if t[first_link..].starts_with("https://maps.google.com/?q=") {
        let before = &t[..first_link];
        let label = before.trim_end();
        return !before.contains('\n') && label.ends_with(':') && label.len() <= 48;
    }
    match memchr::memmem::rfind(t.as_bytes(), b"https://foursquare.com/v/") {
        Some(at) => {
            let before = &t[..at];
            !t[at..].contains(char::is_whitespace)
                && (before.ends_with('\n') || before.ends_with("): "))
        }
        None => false,
    }
}

fn is_call(t: &str) -> bool {
    locale::CALLS.iter().any(|c| {
        t.strip_prefix(c)
            .is_some_and(|r| r.is_empty() || r.starts_with('.') || r.starts_with(','))
    })
}

/// Whether an authored body is really a system notice (iOS attributes the
/// encryption notice and a few others to the chat's or a contact's name).
pub(crate) fn is_authored_system(t: &str, lrm: bool) -> bool {
    let b = t.as_bytes();
    let gate = b.first().is_some_and(|f| E2E_FIRST[usize::from(*f)])
        && b.get(..locale::E2E_GATE)
            .is_some_and(|h| E2E_HEADS.contains(h));
    (gate && locale::E2E_NOTICE.iter().any(|p| t.starts_with(p)))
        || (lrm && locale::IOS_AUTHORED_SYSTEM.iter().any(|p| t.starts_with(p)))
}

/// Whether a system line shows that the chat is a group.
pub(crate) fn is_group_event(t: &str) -> bool {
    locale::GROUP_EVENTS.iter().any(|g| t.contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str, lrm: bool) -> (Body, String) {
        let mut t = s.to_owned();
        let b = classify(&mut t, lrm);
        (b, t)
    }

    #[test]
    fn attachments_in_their_spellings() {
        for (body, name, kind) in [
            (
                "<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>",
                "00000035-PHOTO-2022-03-27-21-41-55.jpg",
                MediaKind::Image,
            ),
            (
                "<Anhang: PTT-20180129-WA0025.opus>",
                "PTT-20180129-WA0025.opus",
                MediaKind::Voice,
            ),
            (
                "<adjunto: 00000030-PHOTO-2020-01-01-00-00-00.jpg>",
                "00000030-PHOTO-2020-01-01-00-00-00.jpg",
                MediaKind::Image,
            ),
            (
                "Some file.txt <attached: 00000046-Some file.txt>",
                "00000046-Some file.txt",
                MediaKind::Document,
            ),
            (
                "IMG-20210428-WA0001.jpg (file attached)\nnice",
                "IMG-20210428-WA0001.jpg",
                MediaKind::Image,
            ),
            (
                "PTT-20180129-WA0025.opus (Datei angehängt)",
                "PTT-20180129-WA0025.opus",
                MediaKind::Voice,
            ),
            (
                "4f2680f1db95a8454775cc2eefc95bfc.jpg (Datei angehängt)",
                "4f2680f1db95a8454775cc2eefc95bfc.jpg",
                MediaKind::Image,
            ),
            (
                "2015-08-04-PHOTO-00004762.jpg <attached>",
                "2015-08-04-PHOTO-00004762.jpg",
                MediaKind::Image,
            ),
            (
                "<添付ファイル：00000001-PHOTO-2020-01-01-00-00-00.jpg>",
                "00000001-PHOTO-2020-01-01-00-00-00.jpg",
                MediaKind::Image,
            ),
            (
                "00000043-STICKER-2022-03-27-21-49-16.webp",
                "",
                MediaKind::Other,
            ),
        ] {
            let (b, _) = c(body, true);
            if name.is_empty() {
                assert_eq!(b.attachment, None, "{body}");
            } else {
                assert_eq!(b.attachment, Some((name.to_owned(), kind)), "{body}");
            }
        }
        let (b, _) = c("TR.vcf (file attached)", false);
        assert_eq!(b.kind, MessageKind::Contact);
        let (b, _) = c(
            "<attached: 00000043-STICKER-2022-03-27-21-49-16.webp>",
            true,
        );
        assert_eq!(b.kind, MessageKind::Sticker);
        // Ordinary text in parentheses is not an attachment.
        let (b, _) = c("see you (maybe)", false);
        assert_eq!(b.kind, MessageKind::Text);
        let (b, _) = c("a <b> c <html>", false);
        assert_eq!(b.kind, MessageKind::Text);
    }

    #[test]
    fn placeholders_and_deletions() {
        for (body, lrm, kind) in [
            ("<Media omitted>", false, MessageKind::Media),
            // Regression: a caption after the placeholder (Dutch fixture).
            ("<Media weggelaten>\nCaption", false, MessageKind::Media),
            ("<media omitted>", false, MessageKind::Media),
            ("<Без медиафайлов>", false, MessageKind::Media),
            ("image omitted", true, MessageKind::Media),
            ("Some file.txt document omitted", true, MessageKind::Media),
            ("sticker omitted", true, MessageKind::Sticker),
            ("Contact card omitted", true, MessageKind::Contact),
            ("画像は含まれていません", true, MessageKind::Media),
            ("image omitted", false, MessageKind::Text),
            ("This message was deleted", false, MessageKind::Deleted),
            ("This message was deleted.", true, MessageKind::Deleted),
            ("Вы удалили данное сообщение", false, MessageKind::Deleted),
            (
                "このメッセージは削除されました。",
                true,
                MessageKind::Deleted,
            ),
            (
                "This message was deleted by me, lol",
                false,
                MessageKind::Text,
            ),
            (
                "location: https://maps.google.com/?q=51.5,-0.12",
                false,
                MessageKind::Location,
            ),
            (
                "Standort: https://maps.google.com/?q=50.9,6.9",
                false,
                MessageKind::Location,
            ),
            (
                "look https://maps.google.com/?q=1,2 there",
                false,
                MessageKind::Text,
            ),
            (
                "Pimlico Gardens (London, United Kingdom): https://foursquare.com/v/4e89",
                false,
                MessageKind::Location,
            ),
            (
                "Pimlico Gardens\nLondon, United Kingdom\nhttps://foursquare.com/v/4e89",
                false,
                MessageKind::Location,
            ),
            ("Live-Standort wird geteilt.", false, MessageKind::Location),
            (
                "POLL:\nWhen?\nOPTION: Mon (1 vote)",
                false,
                MessageKind::Poll,
            ),
            ("Missed voice call", false, MessageKind::Call),
            ("Voice call. 12 min", true, MessageKind::Call),
            ("Voice calls are great", false, MessageKind::Text),
        ] {
            assert_eq!(c(body, lrm).0.kind, kind, "{body}");
        }
    }

    #[test]
    fn edited_marker_is_cut() {
        let (b, t) = c("fixed typo <This message was edited>", false);
        assert!(b.edited);
        assert_eq!(t, "fixed typo");
        let (b, t) = c("Hallo <Diese Nachricht wurde bearbeitet.>", false);
        assert!(b.edited);
        assert_eq!(t, "Hallo");
        let (b, t) = c("I like <html>", false);
        assert!(!b.edited);
        assert_eq!(t, "I like <html>");
    }

    #[test]
    fn authored_system_notices() {
        assert!(is_authored_system(
            "Messages and calls are end-to-end encrypted. No one outside of this chat.",
            true
        ));
        assert!(is_authored_system(
            "Your security code with Elon changed. Tap to learn more.",
            true
        ));
        assert!(!is_authored_system(
            "Your security code with Elon changed",
            false
        ));
        assert!(!is_authored_system("Hello", true));
        assert!(is_group_event("Alice created group \"x\""));
        assert!(!is_group_event("Your security code with Bob changed"));
    }
}
