//! Telegram Desktop HTML exports: `messages.html`, `messages2.html`, ...
//! of one chat, read page by page (memory holds one page, at most 1000
//! messages).
//!
//! Map:
//! - [`detect`]: a `messages.html` whose head has Telegram's page skeleton,
//!   unless a `result.json` sits beside it (the JSON export of the same
//!   data is read instead: it has ids and exact times).
//! - [`import`]: every page in number order, through [`page::parse`] and
//!   into the sink; [`tokens`] is the tokenizer under it.
//!
//! HTML names senders only by display name (the name is the participant
//! key) and has no chat id.

pub mod page;
pub mod tokens;

use crate::telegram::common::{MediaFiles, MediaRef, at_local};
use crate::{Detected, Format, ImportError, ImportErrorKind, ImportOptions, Input, Position, Sink};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::{OffsetComponents, Tz};
use ferry_model::{
    App, Chat, ChatKind, MediaKind, Message, MessageKind, Participant, Reaction, Timestamp,
};
use page::{HtmlMedia, HtmlMessage};
use std::collections::HashSet;

/// How much of a page detection reads.
const SNIFF_BYTES: usize = 8 * 1024;

/// The largest page Ferry reads (Telegram writes 1000 messages per page).
pub const MAX_PAGE_BYTES: usize = 256 << 20;

/// Every chat exported as HTML in the input.
pub fn detect(input: &Input) -> Vec<Detected> {
    input
        .entries()
        .iter()
        .filter(|e| e.file_name() == "messages.html")
        .filter(|e| !has_json_beside(input, e.dir()))
        .filter_map(|e| {
            let head = input.head(&e.name, SNIFF_BYTES).ok()?;
            let head = String::from_utf8_lossy(&head);
            if !(head.contains("class=\"page_wrap\"") && head.contains("class=\"history\"")) {
                return None;
            }
            let title = page::parse(&head)
                .title
                .unwrap_or_else(|| "(no name)".to_owned());
            Some(Detected {
                format: Format::of(&super::TelegramHtmlImporter),
                entry: e.name.clone(),
                label: format!("Telegram chat «{title}» (HTML)"),
            })
        })
        .collect()
}

/// Whether a `result.json` covers the pages in `dir` (same folder, or the
/// root of a full export for `chats/chat_NNN/`).
fn has_json_beside(input: &Input, dir: &str) -> bool {
    let join = |d: &str| {
        if d.is_empty() {
            "result.json".to_owned()
        } else {
            format!("{d}/result.json")
        }
    };
    if input.entry(&join(dir)).is_some() {
        return true;
    }
    let parts: Vec<&str> = dir.rsplitn(3, '/').collect();
    match parts.as_slice() {
        [chat, "chats", root] if chat.starts_with("chat_") => input.entry(&join(root)).is_some(),
        [chat, "chats"] if chat.starts_with("chat_") => input.entry("result.json").is_some(),
        _ => false,
    }
}

/// The pages of the chat whose first page is `entry`, in order.
fn pages(input: &Input, entry: &str) -> Vec<String> {
    let dir = entry.rsplit_once('/').map(|(d, _)| d);
    let mut found: Vec<(u64, String)> = input
        .entries()
        .iter()
        .filter(|e| e.dir() == dir.unwrap_or(""))
        .filter_map(|e| {
            let n = e
                .file_name()
                .strip_prefix("messages")?
                .strip_suffix(".html")?;
            let n = if n.is_empty() { 1 } else { n.parse().ok()? };
            Some((n, e.name.clone()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

/// Imports the chat whose first page is `entry`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let pages = pages(input, entry);
    let total: u64 = pages
        .iter()
        .filter_map(|p| input.entry(p))
        .map(|e| e.size)
        .sum();
    let mut media = MediaFiles::new(input, entry);
    let mut chat: Option<crate::ChatHandle> = None;
    let mut senders: HashSet<String> = HashSet::new();
    let mut last_sender: Option<String> = None;
    let mut last_time: Option<Timestamp> = None;
    let mut done = 0u64;
    for name in &pages {
        let file = input.describe(name);
        let bytes = input
            .head(name, MAX_PAGE_BYTES + 1)
            .map_err(|e| ImportError::new(&file, e))?;
        if bytes.len() > MAX_PAGE_BYTES {
            return Err(ImportError::malformed(
                &file,
                Position::default(),
                "page larger than 256 MiB",
            ));
        }
        done += bytes.len() as u64;
        let html = std::str::from_utf8(&bytes).map_err(|e| {
            ImportError::at(
                &file,
                Position::byte(e.valid_up_to() as u64),
                ImportErrorKind::InvalidUtf8,
            )
        })?;
        let page = page::parse(html);
        let handle = match chat {
            Some(h) => h,
            None => {
                let title = page
                    .title
                    .clone()
                    .unwrap_or_else(|| "Telegram chat".to_owned());
                let h = sink
                    .begin_chat(Chat::new(App::Telegram, title, ChatKind::Direct))
                    .map_err(|e| ImportError::new(&file, e))?;
                *chat.insert(h)
            }
        };
        for m in page.messages {
            if m.id < 0 {
                // A day separator: undated service messages after it belong
                // to that day at the earliest.
                let day = NaiveDate::parse_from_str(m.text.trim(), "%d %B %Y").ok();
                let start = day.and_then(|d| at_local(d.and_hms_opt(0, 0, 0)?, options.tz));
                if let Some(start) = start
                    && last_time.is_none_or(|t| t < start)
                {
                    last_time = Some(start);
                }
                continue;
            }
            let sender = if m.service {
                None
            } else if m.joined && m.from_name.is_none() {
                last_sender.clone()
            } else {
                m.from_name.clone()
            };
            if let Some(s) = &sender {
                last_sender = Some(s.clone());
                if senders.insert(s.clone()) {
                    let mut p = Participant::named(s.clone());
                    p.is_me = options.me.as_deref() == Some(s.as_str());
                    sink.participant(handle, p)
                        .map_err(|e| ImportError::new(&file, e))?;
                }
            }
            // Service messages show no time: they take the one before.
            let shown = m.date.as_deref().and_then(|d| parse_title(d, options.tz));
            let Some(sent_at) = shown.or(last_time) else {
                sink.skipped(
                    format!("{file}: message {}", m.id),
                    "no date before it in the export".to_owned(),
                );
                continue;
            };
            last_time = Some(sent_at);
            let msg = convert(m, sender, sent_at, &mut media, sink, &file)
                .map_err(|e| ImportError::new(&file, e))?;
            sink.message(handle, msg)
                .map_err(|e| ImportError::new(&file, e))?;
        }
        sink.progress(done, total.max(done))
            .map_err(|e| ImportError::new(&file, e))?;
    }
    if let Some(h) = chat {
        let kind = if senders.len() > 2 {
            ChatKind::Group
        } else {
            ChatKind::Direct
        };
        sink.set_chat_kind(h, kind)
            .map_err(|e| ImportError::new(input.describe(entry), e))?;
    }
    media.finish(sink, input.describe(entry));
    Ok(())
}

fn convert(
    m: HtmlMessage,
    sender: Option<String>,
    sent_at: Timestamp,
    media: &mut MediaFiles<'_>,
    sink: &mut dyn Sink,
    file: &str,
) -> Result<Message, crate::SinkError> {
    let mut msg = Message::text(sender, sent_at, m.text);
    msg.native_id = Some(m.id.to_string());
    msg.reply_to = m.reply_to.map(|r| r.to_string());
    msg.forwarded_from = m.forwarded_from;
    if m.service {
        msg.kind = MessageKind::System;
    }
    let where_ = || format!("{file}: message {}", m.id);
    for item in &m.media {
        let (kind, fallback) = media_kind(item);
        let r = MediaRef {
            path: &item.href,
            kind,
            fallback_name: fallback,
            ..MediaRef::default()
        };
        msg.attachments.push(media.attach(sink, &r, &where_)?);
        msg.kind = match kind {
            Some(MediaKind::Sticker) => MessageKind::Sticker,
            _ => MessageKind::Media,
        };
    }
    for (emoji, count) in m.reactions {
        for _ in 0..count.min(crate::telegram::json::convert::MAX_ANONYMOUS_REACTIONS) {
            msg.reactions.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
    }
    Ok(msg)
}

/// Kind and fallback name of a media block, from its class.
fn media_kind(item: &HtmlMedia) -> (Option<MediaKind>, &'static str) {
    let has = |c: &str| item.class.split_ascii_whitespace().any(|x| x == c);
    if has("photo_wrap") || has("media_photo") {
        (Some(MediaKind::Image), "photo")
    } else if has("media_voice_message") {
        (Some(MediaKind::Voice), "voice_message")
    } else if has("sticker_wrap") {
        (Some(MediaKind::Sticker), "sticker")
    } else if has("animated_wrap") {
        (Some(MediaKind::Gif), "animation")
    } else if has("video_file_wrap") || has("media_video") || has("round_video_wrap") {
        (Some(MediaKind::Video), "video_file")
    } else if has("media_audio_file") {
        (Some(MediaKind::Audio), "audio_file")
    } else if has("media_contact") {
        (Some(MediaKind::Contact), "contact")
    } else {
        (None, "file")
    }
}

/// `DD.MM.YYYY HH:MM:SS[ UTC+hh:mm]`. The offset Telegram prints is the
/// zone's standard offset, so a time is read in `tz` (DST-correct) when the
/// printed offset is `tz`'s standard or current one; otherwise the printed
/// offset is used as is.
pub fn parse_title(title: &str, tz: Tz) -> Option<Timestamp> {
    let title = title.trim();
    let (dt, offset) = match title
        .split_once(' ')
        .and_then(|(d, r)| Some((d, r.split_once(' ')?)))
    {
        Some((d, (t, off))) => (format!("{d} {t}"), parse_offset(off)),
        None => (title.to_owned(), None),
    };
    let naive = parse_dotted(&dt)?;
    let local = at_local(naive, tz);
    let Some(offset) = offset else {
        return local;
    };
    if let Some(l) = local {
        let std_off = tz
            .offset_from_utc_datetime(&l.0.naive_utc())
            .base_utc_offset();
        let std_secs = i32::try_from(std_off.num_seconds()).ok();
        if l.offset_secs() == offset.local_minus_utc() || std_secs == Some(offset.local_minus_utc())
        {
            return Some(l);
        }
    }
    offset.from_local_datetime(&naive).single().map(Timestamp)
}

fn parse_dotted(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.trim().split_once(' ')?;
    let mut dp = d.split('.');
    let (day, month, year) = (
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
        dp.next()?.parse().ok()?,
    );
    let mut tp = t.split(':');
    let (h, mi, se) = (
        tp.next()?.parse().ok()?,
        tp.next()?.parse().ok()?,
        tp.next().unwrap_or("0").parse().ok()?,
    );
    NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, mi, se)
}

/// `UTC+01:00`, `GMT-05:30`.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s
        .trim()
        .strip_prefix("UTC")
        .or_else(|| s.trim().strip_prefix("GMT"))?;
    let (sign, rest) = match s.chars().next()? {
        '+' => (1, s.get(1..)?),
        '-' => (-1, s.get(1..)?),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_dates() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        for (title, tz, want) in [
            (
                "30.03.2024 13:01:00 UTC+01:00",
                berlin,
                "2024-03-30T13:01:00+01:00",
            ),
            // Summer time: the printed standard offset is a hint, the zone decides.
            (
                "31.03.2024 14:00:00 UTC+01:00",
                berlin,
                "2024-03-31T14:00:00+02:00",
            ),
            (
                "31.03.2024 14:00:00 UTC+01:00",
                Tz::UTC,
                "2024-03-31T14:00:00+01:00",
            ),
            ("04.06.2020 14:16:12", berlin, "2020-06-04T14:16:12+02:00"),
            (
                "04.06.2020 14:16:12 GMT-05:30",
                Tz::UTC,
                "2020-06-04T14:16:12-05:30",
            ),
        ] {
            assert_eq!(
                parse_title(title, tz).unwrap().to_rfc3339(),
                want,
                "{title}"
            );
        }
        for bad in [
            "",
            "30.13.2024 10:00:00",
            "yesterday",
            "1.1.1 99:00:00 UTC+01:00",
        ] {
            assert!(parse_title(bad, Tz::UTC).is_none(), "{bad}");
        }
    }
}
