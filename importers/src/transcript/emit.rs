//! The [`Emitter`]: what LINE, KakaoTalk and Threema share once a line has
//! been parsed. It opens the chat, introduces each sender once (deciding
//! who is "me"), turns local wall-clock times into instants through
//! [`ImportOptions::tz`] (DST gaps and overlaps as in the WhatsApp
//! importer), passes messages on, collects warnings, and at the end makes
//! a chat with more than two senders a group unless the export said what
//! it is.

use crate::whatsapp::media::MediaFiles;
use crate::whatsapp::order::Clock;
use crate::{ChatHandle, ImportError, ImportOptions, Position, Sink, SinkError, Warning};
use chrono::NaiveDateTime;
use ferry_model::{App, Attachment, Chat, ChatKind, Message, Participant, Timestamp};
use std::collections::HashSet;

/// Writes one chat into the sink.
pub(crate) struct Emitter<'a> {
    sink: &'a mut dyn Sink,
    chat: ChatHandle,
    /// The file as reports name it.
    pub file: String,
    clock: Clock,
    me: Option<String>,
    me_aliases: &'static [&'static str],
    /// The other person of a direct chat, when the export names them.
    partner: Option<String>,
    seen: Vec<String>,
    index: HashSet<String>,
    kind_known: bool,
    /// Messages passed to the sink.
    pub messages: u64,
    missing_media: u64,
    first_missing: Option<u64>,
}

impl<'a> Emitter<'a> {
    /// Opens the chat. `kind` is what the export says (`None`: decide from
    /// the number of senders); `me_aliases` are the labels the app prints
    /// for the exporter's own messages (`Me`, `나`, `Ich`...).
    pub fn begin(
        sink: &'a mut dyn Sink,
        app: App,
        options: &ImportOptions,
        file: &str,
        title: &str,
        kind: Option<ChatKind>,
        me_aliases: &'static [&'static str],
    ) -> Result<Self, ImportError> {
        let chat = Chat::new(app, title, kind.unwrap_or(ChatKind::Direct));
        let chat = sink
            .begin_chat(chat)
            .map_err(|e| ImportError::new(file, e))?;
        Ok(Emitter {
            sink,
            chat,
            file: file.to_owned(),
            clock: Clock::new(options.tz),
            me: options.me.as_deref().map(|m| m.trim().to_owned()),
            me_aliases,
            partner: None,
            seen: Vec::new(),
            index: HashSet::new(),
            kind_known: kind.is_some(),
            messages: 0,
            missing_media: 0,
            first_missing: None,
        })
    }

    /// Names the other person of a direct chat: everyone else is the
    /// exporter.
    pub fn set_partner(&mut self, name: &str) {
        self.partner = Some(name.to_owned());
    }

    /// Whether `name` is the person who made the export.
    pub fn is_me(&self, name: &str) -> bool {
        self.me.as_deref().is_some_and(|m| m == name)
            || self.me_aliases.contains(&name)
            || self.partner.as_deref().is_some_and(|p| p != name)
    }

    /// Senders seen so far, in order of appearance.
    pub fn known(&self) -> &[String] {
        &self.seen
    }

    /// The participant key of a sender, introducing them on first sight.
    pub fn person(&mut self, name: &str) -> Result<String, ImportError> {
        if !self.index.contains(name) {
            let mut p = Participant::named(name);
            p.is_me = self.is_me(name);
            self.sink
                .participant(self.chat, p)
                .map_err(|e| self.sink_err(e))?;
            self.index.insert(name.to_owned());
            self.seen.push(name.to_owned());
        }
        Ok(name.to_owned())
    }

    /// The instant of a local wall-clock time read on `line`.
    pub fn instant(&mut self, local: NaiveDateTime, line: u64) -> Result<Timestamp, ImportError> {
        self.clock
            .instant(local)
            .ok_or_else(|| self.err(line, format!("time {local} is out of range")))
    }

    /// One message of the chat.
    pub fn message(&mut self, m: Message) -> Result<(), ImportError> {
        self.sink
            .message(self.chat, m)
            .map_err(|e| self.sink_err(e))?;
        self.messages += 1;
        Ok(())
    }

    /// Stores a file found in the export; see [`crate::whatsapp::media`].
    pub fn sink(&mut self) -> &mut dyn Sink {
        &mut *self.sink
    }

    /// Fills in an attachment's hash and size when the export holds the
    /// file (streamed into the sink), else counts it as missing.
    pub fn attach(
        &mut self,
        files: &MediaFiles<'_>,
        a: &mut Attachment,
        line: u64,
    ) -> Result<(), ImportError> {
        match files.store(&a.file_name, &mut *self.sink) {
            Ok(Some(stored)) => {
                a.content_hash = Some(stored.content_hash);
                a.size = Some(stored.size);
            }
            Ok(None) => self.missing_media(line),
            Err(e) => return Err(self.sink_err(e)),
        }
        Ok(())
    }

    /// Notes an attachment the export names but does not hold.
    pub fn missing_media(&mut self, line: u64) {
        self.missing_media += 1;
        self.first_missing.get_or_insert(line);
    }

    pub fn warn(&mut self, line: Option<u64>, message: String) {
        let location = match line {
            Some(l) => format!("{}:{l}", self.file),
            None => self.file.clone(),
        };
        self.sink.warning(Warning { location, message });
    }

    pub fn err(&self, line: u64, msg: String) -> ImportError {
        ImportError::malformed(self.file.clone(), Position::line(line), msg)
    }

    pub fn sink_err(&self, e: SinkError) -> ImportError {
        ImportError::new(self.file.clone(), e)
    }

    /// Ends the chat: decides its kind, reports missing files and replaced
    /// bytes.
    pub fn finish(mut self, bad_utf8: Option<u64>) -> Result<(), ImportError> {
        if !self.kind_known && self.seen.len() > 2 {
            self.sink
                .set_chat_kind(self.chat, ChatKind::Group)
                .map_err(|e| self.sink_err(e))?;
        }
        if self.missing_media > 0 {
            let n = self.missing_media;
            let msg = format!("{n} attachment(s) named in the chat are not in the export");
            self.warn(self.first_missing, msg);
        }
        if let Some(line) = bad_utf8 {
            let msg = "invalid UTF-8 replaced with U+FFFD".to_owned();
            self.warn(Some(line), msg);
        }
        Ok(())
    }
}
