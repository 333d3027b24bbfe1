//! Rendering of one message (and day separators) as HTML. Every piece of
//! text goes through [`crate::escape::html_into`]; the only markup written
//! is Ferry's own, and URLs in message text are not turned into links.

use crate::escape::{html, html_into};
use ferry_model::MediaKind;

/// What a page shows for one message, computed by the writer.
#[derive(Debug, Default)]
pub(crate) struct View<'a> {
    pub id: i64,
    pub sender: Option<&'a str>,
    pub me: bool,
    pub system: bool,
    pub deleted: bool,
    pub datetime: String,
    pub time: String,
    pub text: &'a str,
    pub edited: bool,
    pub forwarded: Option<&'a str>,
    /// (href or None, sender, excerpt)
    pub reply: Option<(Option<String>, Option<String>, String)>,
    pub media: Vec<MediaView>,
    /// (emoji, who)
    pub reactions: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct MediaView {
    pub kind: MediaKind,
    pub name: String,
    /// Relative URL when the file is in the archive.
    pub src: Option<String>,
}

/// `<div class="day">` separator.
pub(crate) fn day(out: &mut String, key: &str, label: &str) {
    out.push_str("<div class=\"day\" id=\"d");
    html_into(out, key);
    out.push_str("\"><span>");
    html_into(out, label);
    out.push_str("</span></div>\n");
}

/// One message.
pub(crate) fn message(out: &mut String, v: &View<'_>) {
    use std::fmt::Write as _;
    if v.system {
        let _ = write!(
            out,
            "<p class=\"system\" id=\"m{}\"><time datetime=\"",
            v.id
        );
        html_into(out, &v.datetime);
        out.push_str("\">");
        html_into(out, &v.time);
        out.push_str("</time> · <bdi>");
        html_into(out, v.text);
        out.push_str("</bdi></p>\n");
        return;
    }
    out.push_str("<article class=\"msg");
    if v.me {
        out.push_str(" me");
    }
    if v.deleted {
        out.push_str(" deleted");
    }
    let _ = write!(out, "\" id=\"m{}\">\n<header><bdi class=\"from\">", v.id);
    html_into(out, v.sender.unwrap_or("Unknown"));
    let _ = write!(
        out,
        "</bdi> <a class=\"time\" href=\"#m{}\"><time datetime=\"",
        v.id
    );
    html_into(out, &v.datetime);
    out.push_str("\">");
    html_into(out, &v.time);
    out.push_str("</time></a>");
    if v.edited {
        out.push_str(" <span class=\"edited\">edited</span>");
    }
    out.push_str("</header>\n");
    if let Some(f) = v.forwarded {
        out.push_str("<p class=\"fwd\">Forwarded from <bdi>");
        html_into(out, f);
        out.push_str("</bdi></p>\n");
    }
    if let Some((href, who, excerpt)) = &v.reply {
        match href {
            Some(h) => {
                out.push_str("<a class=\"reply\" href=\"");
                html_into(out, h);
                out.push_str("\">↪ ");
            }
            None => out.push_str("<span class=\"reply\">↪ "),
        }
        if let Some(w) = who {
            out.push_str("<bdi>");
            html_into(out, w);
            out.push_str("</bdi>: ");
        }
        out.push_str("<bdi>");
        html_into(out, excerpt);
        out.push_str("</bdi>");
        out.push_str(if href.is_some() {
            "</a>\n"
        } else {
            "</span>\n"
        });
    }
    if v.deleted && v.text.is_empty() {
        out.push_str("<div class=\"text\">This message was deleted.</div>\n");
    } else if !v.text.is_empty() {
        out.push_str("<div class=\"text\" dir=\"auto\">");
        html_into(out, v.text);
        out.push_str("</div>\n");
    }
    for m in &v.media {
        media(out, m);
    }
    if !v.reactions.is_empty() {
        out.push_str("<ul class=\"reactions\">");
        for (emoji, who) in &v.reactions {
            out.push_str("<li title=\"");
            html_into(out, who);
            out.push_str("\">");
            html_into(out, emoji);
            if !who.is_empty() {
                out.push_str(" <bdi>");
                html_into(out, who);
                out.push_str("</bdi>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</article>\n");
}

fn media(out: &mut String, m: &MediaView) {
    let name = html(&m.name);
    let Some(src) = &m.src else {
        out.push_str("<p class=\"fwd\">Attachment not included: <bdi>");
        out.push_str(&name);
        out.push_str("</bdi></p>\n");
        return;
    };
    let src = html(src);
    out.push_str("<div class=\"media\">");
    match m.kind {
        MediaKind::Image | MediaKind::Sticker => {
            out.push_str(&format!(
                "<a href=\"{src}\"><img src=\"{src}\" alt=\"{name}\" loading=\"lazy\"></a>"
            ));
        }
        MediaKind::Video | MediaKind::Gif => {
            out.push_str(&format!(
                "<video controls preload=\"none\" src=\"{src}\"></video><a href=\"{src}\">{name}</a>"
            ));
        }
        MediaKind::Audio | MediaKind::Voice => {
            out.push_str(&format!(
                "<audio controls preload=\"none\" src=\"{src}\"></audio><a href=\"{src}\">{name}</a>"
            ));
        }
        _ => out.push_str(&format!("<a href=\"{src}\">📎 {name}</a>")),
    }
    out.push_str("</div>\n");
}

/// The start of a page.
pub(crate) fn page_head(out: &mut String, title: &str, css: &str, subtitle: &str, nav: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'; base-uri 'none'\">\n",
    );
    out.push_str("<title>");
    html_into(out, title);
    out.push_str("</title>\n<link rel=\"stylesheet\" href=\"");
    html_into(out, css);
    out.push_str("\">\n</head>\n<body>\n<header class=\"top\"><h1 dir=\"auto\">");
    html_into(out, title);
    out.push_str("</h1><p>");
    html_into(out, subtitle);
    out.push_str("</p><nav>");
    out.push_str(nav);
    out.push_str("</nav></header>\n<main>\n");
}

pub(crate) const PAGE_END: &str = "</main>\n</body>\n</html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_and_names_stay_inert() {
        let v = View {
            id: 7,
            sender: Some("<img src=x onerror=alert(1)>"),
            text: "</div><script>alert(1)</script>",
            forwarded: Some("\"><svg onload=x>"),
            reply: Some((Some("p.html#m1".into()), Some("<b>".into()), "<i>".into())),
            reactions: vec![("<x>".into(), "\" onmouseover=\"x".into())],
            media: vec![MediaView {
                kind: MediaKind::Image,
                name: "\"><script>".into(),
                src: Some("media/ab.jpg".into()),
            }],
            ..Default::default()
        };
        let mut out = String::new();
        message(&mut out, &v);
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img src=x"), "{out}");
        assert!(!out.contains("<svg"), "{out}");
        assert!(!out.contains("\" onmouseover"), "{out}");
        assert!(out.contains("id=\"m7\""));
    }
}
