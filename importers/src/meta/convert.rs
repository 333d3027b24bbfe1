//! Turning one DYI message into a [`Message`].
//!
//! - strings (sender, text, reactions, share text, uris) are mojibake-fixed
//!   first, by [`Fixed::new`];
//! - `photos`, `videos`, `audio_files` (voice clips), `gifs`, `files` and
//!   `sticker` become attachments (thumbnails are not kept);
//! - `share` adds its text and link to the message text when they are not
//!   already in it; its `original_content_owner` becomes `forwarded_from`;
//! - kind: `is_unsent` → Deleted; `call_duration` / `type: Call` / a call
//!   summary → Call; notices → System (see [`super::system`]); a sticker
//!   alone → Sticker; any attachment → Media; else Text;
//! - a generated "X sent an attachment." next to media is dropped;
//! - DYI has no message ids: `native_id` stays `None` and the library
//!   deduplicates by content.

use super::dyi::{RawMessage, RawUri};
use super::media::MediaResolver;
use super::mojibake::fix_owned;
use super::read::at_millis;
use super::system;
use crate::{ImportError, Input, Sink};
use chrono_tz::Tz;
use ferry_model::{MediaKind, Message, MessageKind, Reaction};

/// A raw message whose strings have had Meta's mojibake undone (sender,
/// content, uris, share fields, reactions): the part of the conversion that
/// needs no thread state, so the reader thread can do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed(RawMessage);

fn fix_opt(s: &mut Option<String>) {
    if let Some(v) = s.take() {
        *s = Some(fix_owned(v));
    }
}

impl Fixed {
    pub fn new(mut raw: RawMessage) -> Self {
        fix_opt(&mut raw.sender_name);
        fix_opt(&mut raw.content);
        for list in [
            &mut raw.photos,
            &mut raw.videos,
            &mut raw.audio_files,
            &mut raw.gifs,
            &mut raw.files,
        ] {
            for u in list.iter_mut().flatten() {
                fix_opt(&mut u.uri);
            }
        }
        if let Some(s) = &mut raw.sticker {
            fix_opt(&mut s.uri);
        }
        if let Some(share) = &mut raw.share {
            fix_opt(&mut share.share_text);
            fix_opt(&mut share.link);
            fix_opt(&mut share.original_content_owner);
        }
        for r in raw.reactions.iter_mut().flatten() {
            fix_opt(&mut r.reaction);
            fix_opt(&mut r.actor);
        }
        Fixed(raw)
    }
}

/// Converts the messages of one thread.
#[derive(Debug)]
pub struct Converter<'i> {
    pub input: &'i Input,
    pub tz: Tz,
    pub media: MediaResolver,
}

/// What became of a raw message.
#[derive(Debug)]
pub enum Converted {
    Message(Box<Message>),
    /// Dropped, with the reason (no usable timestamp).
    Skipped(String),
}

impl Converter<'_> {
    /// Converts `raw`; `location` names it in warnings.
    pub fn convert(
        &mut self,
        raw: Fixed,
        location: &str,
        sink: &mut dyn Sink,
    ) -> Result<Converted, ImportError> {
        let Fixed(raw) = raw;
        let Some(ms) = raw.timestamp_ms else {
            return Ok(Converted::Skipped("message without timestamp_ms".into()));
        };
        let Some(sent_at) = at_millis(ms, self.tz) else {
            return Ok(Converted::Skipped(format!(
                "timestamp_ms {ms} out of range"
            )));
        };
        let sender = raw.sender_name;
        let mut text = raw.content.unwrap_or_default();

        let mut attachments = Vec::new();
        let lists: [(Option<Vec<RawUri>>, MediaKind); 5] = [
            (raw.photos, MediaKind::Image),
            (raw.videos, MediaKind::Video),
            (raw.audio_files, MediaKind::Voice),
            (raw.gifs, MediaKind::Gif),
            (raw.files, MediaKind::Other),
        ];
        for (list, kind) in lists {
            for uri in list.into_iter().flatten().filter_map(|u| u.uri) {
                let mut att = self.media.attach(self.input, &uri, kind, location, sink)?;
                if kind == MediaKind::Other && att.media_kind == MediaKind::Other {
                    att.media_kind = MediaKind::Document;
                }
                attachments.push(att);
            }
        }
        let mut sticker = false;
        if let Some(uri) = raw.sticker.and_then(|s| s.uri) {
            attachments.push(self.media.attach(
                self.input,
                &uri,
                MediaKind::Sticker,
                location,
                sink,
            )?);
            sticker = true;
        }

        let has_share = raw.share.is_some();
        if (has_share || !attachments.is_empty())
            && system::attachment_placeholder(&text, sender.as_deref())
        {
            // "X sent an attachment." says nothing the media does not.
            text.clear();
        }
        let mut forwarded_from = None;
        if let Some(share) = raw.share {
            for part in [share.share_text, share.link].into_iter().flatten() {
                if !part.is_empty() && !text.contains(part.as_str()) {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&part);
                }
            }
            forwarded_from = share.original_content_owner;
        }

        let reactions = raw
            .reactions
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some(Reaction {
                    emoji: r.reaction?,
                    by: r.actor,
                    at: r
                        .timestamp
                        .and_then(|s| s.checked_mul(1000))
                        .and_then(|m| at_millis(m, self.tz)),
                })
            })
            .collect();

        let old_type = raw.kind.as_deref();
        let kind = if raw.is_unsent == Some(true) {
            text.clear();
            MessageKind::Deleted
        } else if raw.call_duration.is_some()
            || old_type == Some("Call")
            || (attachments.is_empty() && !has_share && system::call_text(&text, sender.as_deref()))
        {
            MessageKind::Call
        } else if attachments.is_empty() && system::is_notice(&text, sender.as_deref(), old_type) {
            MessageKind::System
        } else if sticker && attachments.len() == 1 && text.is_empty() {
            MessageKind::Sticker
        } else if !attachments.is_empty() {
            MessageKind::Media
        } else {
            MessageKind::Text
        };

        Ok(Converted::Message(Box::new(Message {
            native_id: None,
            sender,
            sent_at,
            text,
            kind,
            attachments,
            reply_to: None,
            edited: false,
            edited_at: None,
            forwarded_from,
            reactions,
        })))
    }
}
