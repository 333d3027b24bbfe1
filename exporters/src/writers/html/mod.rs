//! `html`: a self-contained offline archive folder.
//!
//! ```text
//! index.html               every chat, with counts and dates
//! style.css                light, dark (prefers-color-scheme) and print styles
//! search.html, search.js   offline search (the only JavaScript)
//! search-index.js          the text index the search page loads
//! chats/<n>/messages.html  a chat's messages, or for big chats
//! chats/<n>/YYYY-MM.html   one page per month (split again past 5,000)
//! chats/<n>/index.html     the month pages of a big chat
//! media/<sha256>.<ext>     media, shown inline (images, video, audio)
//! ```
//! Pages are readable with JavaScript off (their CSP forbids scripts).
//! Replies link to their message (`#m<id>`, across pages while the target
//! is among the recent messages the writer remembers).

mod assets;
mod page;

use self::page::{MediaView, View};
use super::transcript::{chat_line, day_label, media_beside};
use crate::ExportError;
use crate::clock::Clock;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::escape::{html, js_string_into};
use crate::util::{create, mkdirs};
use chrono::NaiveDate;
use ferry_model::{ChatInfo, MessageKind, StoredMessage};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Chats with more messages than this get one page per month.
const SPLIT_OVER: u64 = 2_000;
/// Most messages on one page.
const MAX_PER_PAGE: u64 = 5_000;
/// Characters of a message kept in the search index.
const INDEX_CHARS: usize = 2_000;

pub(crate) struct HtmlWriter {
    dir: PathBuf,
    index_path: PathBuf,
    index: BufWriter<File>,
    first_entry: bool,
    chats: Vec<ChatEntry>,
    cur: Option<ChatState>,
    buf: String,
}

struct ChatEntry {
    title: String,
    href: String,
    line: String,
    messages: u64,
    range: String,
}

struct ChatState {
    no: usize,
    rel_dir: String,
    title: String,
    subtitle: String,
    split: bool,
    pages: Vec<(String, String, u64)>,
    open: Option<(PathBuf, BufWriter<File>)>,
    month: (i32, u32),
    in_month: u64,
    day: Option<NaiveDate>,
    first: Option<String>,
    last: Option<String>,
}

impl HtmlWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let dir = ctx.opts.out.clone();
        mkdirs(&dir)?;
        let index_path = dir.join("search-index.js");
        let mut index = create(&index_path)?;
        index
            .write_all(b"// Search index of this archive: [chat, page, id, sender, date, text]\nwindow.FERRY_INDEX = [\n")
            .at(&index_path)?;
        ctx.summary.file(dir.join("index.html"));
        Ok(HtmlWriter {
            dir,
            index_path,
            index,
            first_entry: true,
            chats: Vec::new(),
            cur: None,
            buf: String::new(),
        })
    }

    /// Closes the open page, linking to `next` when there is one.
    fn close_page(&mut self, next: Option<&str>) -> Result<(), ExportError> {
        let Some(st) = self.cur.as_mut() else {
            return Ok(());
        };
        let Some((path, mut out)) = st.open.take() else {
            return Ok(());
        };
        let mut tail = String::from("<div class=\"pager\">");
        if st.pages.len() > 1
            && let Some((prev, label, _)) = st.pages.get(st.pages.len() - 2)
        {
            tail.push_str(&format!("<a href=\"{}\">← {}</a>", html(prev), html(label)));
        } else {
            tail.push_str("<span></span>");
        }
        if let Some(n) = next {
            tail.push_str(&format!("<a href=\"{}\">Next page →</a>", html(n)));
        }
        tail.push_str("</div>\n");
        tail.push_str(page::PAGE_END);
        out.write_all(tail.as_bytes()).at(&path)?;
        out.flush().at(&path)
    }

    /// Opens page `file` of the current chat.
    fn open_page(&mut self, file: String, label: String) -> Result<(), ExportError> {
        let Some(st) = self.cur.as_mut() else {
            return Err(ExportError::Misuse("page outside a chat"));
        };
        let path = self.dir.join(&st.rel_dir).join(&file);
        let mut out = create(&path)?;
        let mut head = String::new();
        let chat_index = if st.split {
            " · <a href=\"index.html\">Pages of this chat</a>"
        } else {
            ""
        };
        let nav = format!(
            "<a href=\"../../index.html\">All chats</a>{chat_index} · <a class=\"search-link\" href=\"../../search.html\">Search</a>"
        );
        let title = if st.split {
            format!("{} — {label}", st.title)
        } else {
            st.title.clone()
        };
        page::page_head(&mut head, &title, "../../style.css", &st.subtitle, &nav);
        out.write_all(head.as_bytes()).at(&path)?;
        st.pages.push((file, label, 0));
        st.open = Some((path, out));
        st.day = None;
        Ok(())
    }
}

impl Writer for HtmlWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        let no = self.chats.len() + 1;
        let names: Vec<String> = chat
            .participants
            .iter()
            .map(|m| ctx.member_name(m))
            .collect();
        self.cur = Some(ChatState {
            no,
            rel_dir: format!("chats/{no}"),
            title: chat.title.clone(),
            subtitle: format!("{}: {}", chat_line(chat), names.join(", ")),
            split: chat.messages > SPLIT_OVER,
            pages: Vec::new(),
            open: None,
            month: (0, 0),
            in_month: 0,
            day: None,
            first: None,
            last: None,
        });
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        let dt = ctx.local(&msg.sent_at);
        let clock = Clock::of(&dt);
        let month = (clock.year, clock.month);
        let (split, need_new, next_file) = {
            let Some(st) = self.cur.as_mut() else {
                return Err(ExportError::Misuse("message outside a chat"));
            };
            let page_msgs = st.pages.last().map(|p| p.2).unwrap_or(0);
            let need =
                st.open.is_none() || (st.split && (st.month != month || page_msgs >= MAX_PER_PAGE));
            let mut file = String::new();
            if need {
                if st.month == month {
                    st.in_month += 1;
                } else {
                    st.month = month;
                    st.in_month = 1;
                }
                let ym = format!("{:04}-{:02}", month.0, month.1);
                file = match (st.split, st.in_month) {
                    (false, _) => "messages.html".to_owned(),
                    (true, 1) => format!("{ym}.html"),
                    (true, n) => format!("{ym}-{n}.html"),
                };
            }
            (st.split, need, file)
        };
        if need_new {
            self.close_page(Some(&next_file))?;
            let label = if split {
                dt.format("%B %Y").to_string()
            } else {
                "Messages".to_owned()
            };
            self.open_page(next_file, label)?;
            if let Some(c) = ctx.chat_summary() {
                c.parts = self.cur.as_ref().map(|s| s.pages.len() as u64).unwrap_or(1);
            }
        }
        let Some(st) = self.cur.as_mut() else {
            return Err(ExportError::Misuse("message outside a chat"));
        };
        let page_no = st.pages.len().saturating_sub(1) as u64;
        let page_file = st.pages.last().map(|p| p.0.clone()).unwrap_or_default();
        let sender = ctx.sender(m);
        let reply = m.reply_to_id.map(|rid| match ctx.recent.get(rid) {
            Some(r) => {
                let href = if r.page == page_no {
                    format!("#m{rid}")
                } else {
                    let file = st
                        .pages
                        .get(r.page as usize)
                        .map(|p| p.0.as_str())
                        .unwrap_or("");
                    format!("{file}#m{rid}")
                };
                (Some(href), r.sender.clone(), r.excerpt.clone())
            }
            None => (None, None, "an earlier message".to_owned()),
        });
        let mut media = Vec::with_capacity(msg.attachments.len());
        for a in &msg.attachments {
            let rel = media_beside(ctx, &self.dir, a)?;
            media.push(MediaView {
                kind: a.media_kind,
                name: a.file_name.clone(),
                src: rel.map(|r| format!("../../{r}")),
            });
        }
        let reactions = msg
            .reactions
            .iter()
            .map(|r| {
                let who =
                    r.by.as_deref()
                        .map(|b| ctx.person_name(Some(b), None))
                        .unwrap_or_default();
                (r.emoji.clone(), who)
            })
            .collect();
        let view = View {
            id: m.id,
            sender: sender.as_deref(),
            me: m.sender_is_me,
            system: msg.kind == MessageKind::System || sender.is_none(),
            deleted: msg.is_deleted(),
            datetime: {
                let mut d = String::with_capacity(25);
                clock.push_rfc3339(&mut d);
                d
            },
            time: {
                let mut t = String::with_capacity(5);
                clock.push_hm(&mut t);
                t
            },
            text: &msg.text,
            edited: msg.edited,
            forwarded: msg.forwarded_from.as_deref(),
            reply,
            media,
            reactions,
        };
        let b = &mut self.buf;
        b.clear();
        let date = dt.date_naive();
        if st.day != Some(date) {
            st.day = Some(date);
            page::day(b, &date.to_string(), &day_label(&dt));
        }
        page::message(b, &view);
        if let Some(p) = st.pages.last_mut() {
            p.2 += 1;
        }
        let mut stamp = String::with_capacity(16);
        clock.push_date(&mut stamp);
        stamp.push(' ');
        clock.push_hm(&mut stamp);
        if st.first.is_none() {
            st.first = Some(stamp.clone());
        }
        let Some((path, out)) = st.open.as_mut() else {
            return Err(ExportError::Misuse("message outside a page"));
        };
        out.write_all(b.as_bytes()).at(path)?;
        // Search index entry: [chat, page, id, sender, date, text].
        b.clear();
        if !self.first_entry {
            b.push_str(",\n");
        }
        self.first_entry = false;
        let text = match msg.text.char_indices().nth(INDEX_CHARS) {
            Some((cut, _)) => &msg.text[..cut],
            None => msg.text.as_str(),
        };
        {
            use std::fmt::Write as _;
            let _ = write!(b, "[{},\"{}/{page_file}\",{},", st.no - 1, st.rel_dir, m.id);
        }
        js_string_into(b, sender.as_deref().unwrap_or(""));
        b.push(',');
        js_string_into(b, &stamp);
        b.push(',');
        js_string_into(b, text);
        b.push(']');
        self.index.write_all(b.as_bytes()).at(&self.index_path)?;
        st.last = Some(stamp);
        ctx.recent.put(m.id, sender.as_deref(), &msg.text, page_no);
        Ok(())
    }

    fn end_chat(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        if self.cur.as_ref().is_some_and(|s| s.pages.is_empty()) {
            self.open_page("messages.html".into(), "Messages".into())?;
            if let Some(st) = self.cur.as_mut()
                && let Some((path, out)) = st.open.as_mut()
            {
                out.write_all(b"<p class=\"system\">No messages.</p>\n")
                    .at(path)?;
            }
        }
        self.close_page(None)?;
        let Some(st) = self.cur.take() else {
            return Ok(());
        };
        let messages: u64 = st.pages.iter().map(|p| p.2).sum();
        let href = if st.split {
            let path = self.dir.join(&st.rel_dir).join("index.html");
            let mut out = create(&path)?;
            let mut s = String::new();
            page::page_head(
                &mut s,
                &st.title,
                "../../style.css",
                &st.subtitle,
                "<a href=\"../../index.html\">All chats</a> · <a href=\"../../search.html\">Search</a>",
            );
            s.push_str("<table class=\"chats\"><tr><th>Page</th><th>Messages</th></tr>\n");
            for (file, label, n) in &st.pages {
                s.push_str(&format!(
                    "<tr><td><a href=\"{}\">{}</a></td><td>{n}</td></tr>\n",
                    html(file),
                    html(label)
                ));
            }
            s.push_str("</table>\n");
            s.push_str(page::PAGE_END);
            out.write_all(s.as_bytes()).at(&path)?;
            out.flush().at(&path)?;
            format!("{}/index.html", st.rel_dir)
        } else {
            format!("{}/messages.html", st.rel_dir)
        };
        if let Some(c) = ctx.chat_summary() {
            c.parts = st.pages.len() as u64;
        }
        let range = match (&st.first, &st.last) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => String::new(),
        };
        let line = ctx.chat.as_ref().map(chat_line).unwrap_or_default();
        self.chats.push(ChatEntry {
            title: st.title,
            href,
            line,
            messages,
            range,
        });
        Ok(())
    }

    fn finish(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        let mut tail = String::from("\n];\nwindow.FERRY_CHATS = [");
        for (i, c) in self.chats.iter().enumerate() {
            if i > 0 {
                tail.push(',');
            }
            js_string_into(&mut tail, &c.title);
        }
        tail.push_str("];\n");
        self.index.write_all(tail.as_bytes()).at(&self.index_path)?;
        self.index.flush().at(&self.index_path)?;
        let mut s = String::new();
        let total: u64 = self.chats.iter().map(|c| c.messages).sum();
        page::page_head(
            &mut s,
            "Chat archive",
            "style.css",
            &format!("{} chats · {total} messages", self.chats.len()),
            "<a class=\"search-link\" href=\"search.html\">Search</a>",
        );
        s.push_str("<table class=\"chats\">\n<tr><th>Chat</th><th>App · kind</th><th>Messages</th><th>Dates</th></tr>\n");
        for c in &self.chats {
            s.push_str(&format!(
                "<tr><td dir=\"auto\"><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                html(&c.href),
                html(&c.title),
                html(&c.line),
                c.messages,
                html(&c.range)
            ));
        }
        s.push_str("</table>\n");
        s.push_str(page::PAGE_END);
        for (name, content) in [
            ("index.html", s.as_str()),
            ("style.css", assets::STYLE_CSS),
            ("search.html", assets::SEARCH_HTML),
            ("search.js", assets::SEARCH_JS),
        ] {
            let path = self.dir.join(name);
            std::fs::write(&path, content).at(&path)?;
        }
        Ok(())
    }
}
