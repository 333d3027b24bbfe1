//! The shared driver: every writer sees the same three calls per chat
//! (preamble = `begin_chat`, `message` for each message in order, postamble =
//! `end_chat`) and one `finish`. The driver owns what all writers share:
//! options, the media resolver, name mapping, the summary and a bounded cache
//! of recent messages (for reply excerpts and links).

use crate::recent::RecentCache;
use crate::summary::{ChatSummary, SummaryBuilder};
use crate::{ExportError, ExportFormat, ExportOptions, ExportSummary};
use chrono::{DateTime, FixedOffset};
use ferry_model::{ChatInfo, Member, StoredMessage, Timestamp};
use std::collections::HashMap;
use std::path::PathBuf;

/// Finds the file of a stored attachment by its lowercase hex SHA-256.
pub type MediaResolver<'a> = &'a dyn Fn(&str) -> Option<PathBuf>;

/// One format's writer. Called by [`Exporter`] in the order
/// `(begin_chat message* end_chat)* finish`.
pub(crate) trait Writer {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError>;
    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError>;
    fn end_chat(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError>;
    fn finish(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError>;
}

/// What writers share.
pub(crate) struct Ctx<'a> {
    pub opts: ExportOptions,
    pub media: MediaResolver<'a>,
    pub summary: SummaryBuilder,
    /// How many chats this export will hold (known up front).
    pub chat_count: usize,
    /// The chat being written.
    pub chat: Option<ChatInfo>,
    /// Participant key -> index into `chat.participants`.
    members: HashMap<String, usize>,
    /// Recent messages of the current chat (sender, excerpt, page).
    pub recent: RecentCache,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("opts", &self.opts)
            .field("chat_count", &self.chat_count)
            .finish_non_exhaustive()
    }
}

impl Ctx<'_> {
    /// The current chat's member for a participant key.
    pub fn member(&self, key: &str) -> Option<&Member> {
        let i = *self.members.get(key)?;
        self.chat.as_ref()?.participants.get(i)
    }

    /// The current chat's member with this display name.
    pub fn member_named(&self, name: &str) -> Option<&Member> {
        self.chat
            .as_ref()?
            .participants
            .iter()
            .find(|m| m.participant.name == name)
    }

    /// The name to write for a person known by display name and/or key,
    /// after `--rename`.
    pub fn person_name(&self, name: Option<&str>, key: Option<&str>) -> String {
        self.person_name_ref(name, key).to_owned()
    }

    /// [`Ctx::person_name`] without a copy.
    pub fn person_name_ref<'s>(&'s self, name: Option<&'s str>, key: Option<&'s str>) -> &'s str {
        for k in [name, key].into_iter().flatten() {
            if let Some(new) = self.opts.renames.get(k) {
                return new;
            }
        }
        name.or(key).unwrap_or("Unknown")
    }

    /// The sender name to write for a message; `None` for system lines
    /// without a sender.
    pub fn sender(&self, m: &StoredMessage) -> Option<String> {
        self.sender_ref(m).map(str::to_owned)
    }

    /// [`Ctx::sender`] without a copy.
    pub fn sender_ref<'s>(&'s self, m: &'s StoredMessage) -> Option<&'s str> {
        let key = m.message.sender.as_deref();
        if m.sender_name.is_none() && key.is_none() {
            return None;
        }
        let name = m.sender_name.as_deref().or_else(|| {
            key.and_then(|k| self.member(k))
                .map(|mb| mb.participant.name.as_str())
        });
        Some(self.person_name_ref(name, key))
    }

    /// A member's name after `--rename`.
    pub fn member_name(&self, m: &Member) -> String {
        self.person_name(Some(&m.participant.name), Some(&m.participant.key))
    }

    /// Whether a member is the user (library flag or `--me`).
    pub fn is_me(&self, m: &Member) -> bool {
        m.participant.is_me
            || self
                .opts
                .me
                .as_deref()
                .is_some_and(|me| me == m.participant.name || me == m.participant.key)
    }

    /// The wall-clock time to print for an instant.
    pub fn local(&self, t: &Timestamp) -> DateTime<FixedOffset> {
        match self.opts.tz {
            Some(tz) => t.0.with_timezone(&tz).fixed_offset(),
            None => t.0,
        }
    }

    /// The summary entry of the current chat.
    pub fn chat_summary(&mut self) -> Option<&mut ChatSummary> {
        self.summary.chats.last_mut()
    }
}

/// Writes chats in one format. Feed it `begin_chat`, the chat's messages in
/// chronological order, `end_chat`, for each chat, then `finish`.
pub struct Exporter<'a> {
    ctx: Ctx<'a>,
    writer: Box<dyn Writer>,
    in_chat: bool,
}

impl std::fmt::Debug for Exporter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter")
            .field("format", &self.format())
            .field("in_chat", &self.in_chat)
            .finish_non_exhaustive()
    }
}

impl<'a> Exporter<'a> {
    /// Prepares an export of `chat_count` chats. Nothing is written until the
    /// first chat begins (formats that write a single file create it here).
    pub fn new(
        format: ExportFormat,
        opts: ExportOptions,
        chat_count: usize,
        media: MediaResolver<'a>,
    ) -> Result<Self, ExportError> {
        if opts.max_media_per_part == Some(0) {
            return Err(ExportError::InvalidOption {
                option: "--max-media-per-part".into(),
                message: "must be at least 1".into(),
            });
        }
        let mut ctx = Ctx {
            opts,
            media,
            summary: SummaryBuilder::new(format),
            chat_count,
            chat: None,
            members: HashMap::new(),
            recent: RecentCache::new(crate::recent::DEFAULT_CAPACITY),
        };
        let writer = crate::writers::make(format, &mut ctx)?;
        Ok(Exporter {
            ctx,
            writer,
            in_chat: false,
        })
    }

    pub fn format(&self) -> ExportFormat {
        self.ctx.summary.format()
    }

    /// Starts a chat (its preamble).
    pub fn begin_chat(&mut self, chat: &ChatInfo) -> Result<(), ExportError> {
        if self.in_chat {
            return Err(ExportError::Misuse("begin_chat inside a chat"));
        }
        self.ctx.members = chat
            .participants
            .iter()
            .enumerate()
            .map(|(i, m)| (m.participant.key.clone(), i))
            .collect();
        self.ctx.chat = Some(chat.clone());
        self.ctx.recent.clear();
        self.ctx.summary.chats.push(ChatSummary {
            title: chat.title.clone(),
            messages: 0,
            parts: 1,
            target_hint: None,
        });
        self.in_chat = true;
        self.writer.begin_chat(&mut self.ctx, chat)
    }

    /// Writes one message of the current chat. Messages outside
    /// `since`/`until` are skipped (returns `Ok(false)`).
    pub fn message(&mut self, m: &StoredMessage) -> Result<bool, ExportError> {
        if !self.in_chat {
            return Err(ExportError::Misuse("message outside a chat"));
        }
        let t = m.message.sent_at.unix_millis();
        if self.ctx.opts.since.is_some_and(|s| t < s) || self.ctx.opts.until.is_some_and(|u| t >= u)
        {
            return Ok(false);
        }
        self.writer.message(&mut self.ctx, m)?;
        self.ctx.summary.messages += 1;
        if let Some(c) = self.ctx.chat_summary() {
            c.messages += 1;
        }
        Ok(true)
    }

    /// Ends the current chat (its postamble).
    pub fn end_chat(&mut self) -> Result<(), ExportError> {
        if !self.in_chat {
            return Err(ExportError::Misuse("end_chat outside a chat"));
        }
        self.in_chat = false;
        self.writer.end_chat(&mut self.ctx)?;
        self.ctx.chat = None;
        Ok(())
    }

    /// Finishes the export and reports what it did.
    pub fn finish(mut self) -> Result<ExportSummary, ExportError> {
        if self.in_chat {
            self.end_chat()?;
        }
        self.writer.finish(&mut self.ctx)?;
        Ok(self.ctx.summary.build())
    }
}

/// Exports whole chats given as values: a convenience over [`Exporter`] for
/// callers that already hold the messages (tests, small tools).
pub fn export_chats<'m>(
    format: ExportFormat,
    opts: ExportOptions,
    chats: &[(ChatInfo, Vec<StoredMessage>)],
    media: MediaResolver<'m>,
) -> Result<ExportSummary, ExportError> {
    let mut ex = Exporter::new(format, opts, chats.len(), media)?;
    for (chat, messages) in chats {
        ex.begin_chat(chat)?;
        for m in messages {
            ex.message(m)?;
        }
        ex.end_chat()?;
    }
    ex.finish()
}
