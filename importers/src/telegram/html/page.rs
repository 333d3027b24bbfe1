//! One `messagesN.html` page into [`HtmlMessage`]s, by the class names
//! Telegram Desktop uses:
//!
//! - `div.message[id=messageN]`: `service` (text in `div.body.details`;
//!   negative ids are day separators), `default` (a message), `joined`
//!   (continues the previous sender: no `from_name`).
//! - inside: `div.date.details[title]`, `div.from_name`, `div.text`,
//!   `div.reply_to` (`GoToMessage(N)` / `#go_to_messageN`), `div.forwarded.body`
//!   (its own `from_name`), `div.media_wrap` (first link or media block),
//!   `span.reaction` (`span.emoji` + `span.count`).

use super::tokens::{Attrs, Token, Tokens, decode, decode_into};

/// A message as one page shows it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlMessage {
    pub id: i64,
    pub service: bool,
    pub joined: bool,
    pub from_name: Option<String>,
    /// `title` of the date, e.g. `30.03.2024 13:01:00 UTC+01:00`.
    pub date: Option<String>,
    pub text: String,
    pub reply_to: Option<i64>,
    pub forwarded_from: Option<String>,
    pub media: Vec<HtmlMedia>,
    /// `(emoji, count)`.
    pub reactions: Vec<(String, u64)>,
}

/// A file shown in `media_wrap`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlMedia {
    /// Relative path; empty when the file was not included.
    pub href: String,
    /// Class of the media element (`photo_wrap`, `media_voice_message`...).
    pub class: String,
    /// Its title line (`Voice message`, a file name...), when shown.
    pub title: String,
}

/// What captured text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FromName,
    ForwardedName,
    Text,
    Service,
    MediaTitle,
    Emoji,
    Count,
    Title,
}

/// A page: the chat title and its messages.
#[derive(Debug, Default)]
pub struct Page {
    pub title: Option<String>,
    pub messages: Vec<HtmlMessage>,
}

/// Parses one page.
pub fn parse(html: &str) -> Page {
    let mut page = Page::default();
    // Open elements: (tag name, what the element is for).
    let mut stack: Vec<(String, Role)> = Vec::new();
    let mut msg: Option<(HtmlMessage, usize)> = None;
    let mut capture: Option<(Field, usize, String)> = None;
    // Links open inside captured text: (stack depth, text length, href).
    let mut links: Vec<(usize, usize, String)> = Vec::new();
    for tok in Tokens::new(html) {
        match tok {
            Token::Open { name, attrs, void } => {
                if name.eq_ignore_ascii_case("br") {
                    if let Some((_, _, buf)) = capture.as_mut() {
                        buf.push('\n');
                    }
                    continue;
                }
                let role = role_of(&attrs, &stack, msg.is_some());
                if role == Role::Message {
                    if let Some((m, _)) = msg.take() {
                        page.messages.push(m);
                    }
                    let id = attrs
                        .id
                        .strip_prefix("message")
                        .and_then(|n| n.parse().ok());
                    let m = HtmlMessage {
                        id: id.unwrap_or(0),
                        service: attrs.has_class("service"),
                        joined: attrs.has_class("joined"),
                        ..HtmlMessage::default()
                    };
                    msg = Some((m, stack.len()));
                }
                if let Some((m, _)) = msg.as_mut() {
                    on_open(m, role, &attrs, &stack);
                }
                if capture.is_none()
                    && let Some(field) = role.field()
                {
                    capture = Some((field, stack.len(), String::new()));
                }
                if name.eq_ignore_ascii_case("a")
                    && !void
                    && let Some((Field::Text, _, buf)) = capture.as_ref()
                {
                    links.push((stack.len(), buf.len(), decode(attrs.href)));
                }
                if !void {
                    stack.push((name.to_ascii_lowercase(), role));
                }
            }
            Token::Close { name } => {
                let name = name.to_ascii_lowercase();
                // Close up to the matching element (tolerates missing ends).
                let Some(at) = stack.iter().rposition(|(n, _)| *n == name) else {
                    continue;
                };
                stack.truncate(at);
                // A link whose visible text differs keeps its target, as
                // the JSON importer does for `text_link`.
                while let Some((_, start, href)) = links.pop_if(|l| l.0 >= stack.len()) {
                    if let Some((Field::Text, _, buf)) = capture.as_mut() {
                        let shown = buf.get(start..).unwrap_or_default().trim();
                        if !href.is_empty() && !href.starts_with('#') && shown != href {
                            buf.push_str(&format!(" ({href})"));
                        }
                    }
                }
                if let Some((field, depth, _)) = &capture
                    && stack.len() <= *depth
                {
                    let field = *field;
                    if let Some((_, _, buf)) = capture.take() {
                        store(&mut page, msg.as_mut().map(|(m, _)| m), field, buf);
                    }
                }
                if let Some((_, depth)) = &msg
                    && stack.len() <= *depth
                    && let Some((m, _)) = msg.take()
                {
                    page.messages.push(m);
                }
            }
            Token::Text(t) => {
                if let Some((_, _, buf)) = capture.as_mut()
                    && !stack.iter().any(|(_, r)| *r == Role::Mute)
                {
                    decode_into(buf, t);
                }
            }
        }
    }
    if let Some((m, _)) = msg {
        page.messages.push(m);
    }
    page
}

/// What an element is, as far as the parser cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Message,
    FromName,
    ForwardedBody,
    ForwardedName,
    Date,
    Text,
    ReplyTo,
    MediaWrap,
    Media,
    MediaTitle,
    ServiceBody,
    Reaction,
    Emoji,
    Count,
    /// Text inside is not captured (the date inside a forwarded name).
    Mute,
    PageTitle,
}

impl Role {
    fn field(self) -> Option<Field> {
        Some(match self {
            Role::FromName => Field::FromName,
            Role::ForwardedName => Field::ForwardedName,
            Role::Text => Field::Text,
            Role::ServiceBody => Field::Service,
            Role::MediaTitle => Field::MediaTitle,
            Role::Emoji => Field::Emoji,
            Role::Count => Field::Count,
            Role::PageTitle => Field::Title,
            _ => return None,
        })
    }
}

fn role_of(a: &Attrs<'_>, stack: &[(String, Role)], in_msg: bool) -> Role {
    let inside = |r: Role| stack.iter().any(|(_, x)| *x == r);
    if a.has_class("message") && a.id.starts_with("message") {
        return Role::Message;
    }
    if !in_msg {
        if a.has_class("text") && a.has_class("bold") && !inside(Role::PageTitle) {
            return Role::PageTitle;
        }
        return Role::Other;
    }
    if a.has_class("from_name") {
        return if inside(Role::ForwardedBody) {
            Role::ForwardedName
        } else {
            Role::FromName
        };
    }
    if a.has_class("forwarded") && a.has_class("body") {
        return Role::ForwardedBody;
    }
    if a.has_class("date") && a.has_class("details") {
        return if inside(Role::ForwardedName) {
            Role::Mute
        } else {
            Role::Date
        };
    }
    if a.has_class("text") && !inside(Role::Media) {
        return Role::Text;
    }
    if a.has_class("reply_to") {
        return Role::ReplyTo;
    }
    if a.has_class("media_wrap") {
        return Role::MediaWrap;
    }
    if inside(Role::MediaWrap) && !inside(Role::Media) {
        let c = a.class;
        if c.split_ascii_whitespace()
            .any(|x| x == "media" || x.ends_with("_wrap"))
        {
            return Role::Media;
        }
    }
    if inside(Role::Media) && a.has_class("title") {
        return Role::MediaTitle;
    }
    if a.has_class("body") && a.has_class("details") && !inside(Role::Media) {
        return Role::ServiceBody;
    }
    if a.has_class("reaction") {
        return Role::Reaction;
    }
    if a.has_class("emoji") && inside(Role::Reaction) {
        return Role::Emoji;
    }
    if a.has_class("count") && inside(Role::Reaction) {
        return Role::Count;
    }
    if a.has_class("userpic") || a.has_class("initials") || a.has_class("signature") {
        return Role::Mute;
    }
    Role::Other
}

fn on_open(m: &mut HtmlMessage, role: Role, a: &Attrs<'_>, stack: &[(String, Role)]) {
    match role {
        Role::Date if m.date.is_none() && !a.title.is_empty() => {
            m.date = Some(decode(a.title));
        }
        Role::Media => m.media.push(HtmlMedia {
            href: decode(a.href),
            class: a.class.to_owned(),
            title: String::new(),
        }),
        Role::Reaction => m.reactions.push((String::new(), 1)),
        Role::Other if stack.iter().any(|(_, r)| *r == Role::ReplyTo) => {
            let target = reply_target(a.href).or_else(|| reply_target(a.onclick));
            if m.reply_to.is_none() {
                m.reply_to = target;
            }
        }
        _ => {}
    }
}

/// `#go_to_message12`, `messages.html#go_to_message12`, `GoToMessage(12)`.
fn reply_target(s: &str) -> Option<i64> {
    let at = s
        .find("go_to_message")
        .map(|i| i + 13)
        .or_else(|| s.find("GoToMessage(").map(|i| i + 12))?;
    let digits: String = s
        .get(at..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().ok()
}

fn store(page: &mut Page, m: Option<&mut HtmlMessage>, field: Field, buf: String) {
    let text = buf.trim().to_owned();
    let Some(m) = m else {
        if field == Field::Title && page.title.is_none() {
            page.title = Some(text);
        }
        return;
    };
    match field {
        Field::FromName => m.from_name = Some(text),
        Field::ForwardedName => m.forwarded_from = Some(text),
        Field::Text | Field::Service => {
            if !m.text.is_empty() && !text.is_empty() {
                m.text.push('\n');
            }
            m.text.push_str(&text);
        }
        Field::MediaTitle => {
            if let Some(last) = m.media.last_mut() {
                last.title = text;
            }
        }
        Field::Emoji => {
            if let Some(last) = m.reactions.last_mut() {
                last.0 = text;
            }
        }
        Field::Count => {
            if let Some(last) = m.reactions.last_mut() {
                last.1 = text.parse().unwrap_or(1);
            }
        }
        Field::Title => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_targets() {
        for (s, want) in [
            ("#go_to_message11", Some(11)),
            ("messages.html#go_to_message12", Some(12)),
            ("return GoToMessage(13)", Some(13)),
            ("#nothing", None),
            ("#go_to_message", None),
        ] {
            assert_eq!(reply_target(s), want, "{s}");
        }
    }

    #[test]
    fn minimal_page() {
        let html = r##"<div class="page_header"><div class="text bold">Chat &amp; co</div></div>
<div class="history">
<div class="message default clearfix" id="message5"><div class="body">
<div class="pull_right date details" title="01.02.2024 10:00:00 UTC+01:00">10:00</div>
<div class="from_name">Ann</div>
<div class="text">a<br>b <a href="https://x.org/">x</a> <a href="https://y.org/">https://y.org/</a></div>
</div></div>
<div class="message default clearfix joined" id="message6"><div class="body">
<div class="reply_to details">In reply to <a href="#go_to_message5">this</a></div>
<div class="text">c</div></div></div>
</div>"##;
        let p = parse(html);
        assert_eq!(p.title.as_deref(), Some("Chat & co"));
        assert_eq!(p.messages.len(), 2);
        assert_eq!(p.messages[0].from_name.as_deref(), Some("Ann"));
        assert_eq!(p.messages[0].text, "a\nb x (https://x.org/) https://y.org/");
        assert_eq!(
            p.messages[0].date.as_deref(),
            Some("01.02.2024 10:00:00 UTC+01:00")
        );
        assert!(p.messages[1].joined);
        assert_eq!(p.messages[1].reply_to, Some(5));
        assert_eq!(p.messages[1].text, "c");
    }
}
