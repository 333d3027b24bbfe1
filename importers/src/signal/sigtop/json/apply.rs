//! The importer's side of a sigtop JSON file: prepared lines applied to the
//! sink in file order, with what depends on the lines before (the chat,
//! its authors, who a quote or a reaction names).

use super::prepare::{Failure, Pending, Prepared};
use crate::{ChatHandle, ImportError, ImportOptions, Position, Sink, Warning};
use ferry_model::{App, Chat, ChatKind, Participant, Reaction};
use std::collections::HashSet;

/// Per-file state: the chat, who has been seen, and the other person as
/// the title names them.
pub(super) struct Conv<'o> {
    pub file: &'o str,
    pub title: &'o str,
    pub options: &'o ImportOptions,
    chat: Option<ChatHandle>,
    conversation_id: Option<String>,
    authors: HashSet<String>,
    /// The first author registered: the other person of a direct chat.
    first_author: Option<String>,
    missing_attachments: u64,
}

impl<'o> Conv<'o> {
    pub fn new(file: &'o str, title: &'o str, options: &'o ImportOptions) -> Self {
        Conv {
            file,
            title,
            options,
            chat: None,
            conversation_id: None,
            authors: HashSet::new(),
            first_author: None,
            missing_attachments: 0,
        }
    }

    fn open(&mut self, sink: &mut dyn Sink) -> Result<ChatHandle, ImportError> {
        if let Some(h) = self.chat {
            return Ok(h);
        }
        let mut chat = Chat::new(App::Signal, self.title, ChatKind::Direct);
        chat.native_id = self.conversation_id.clone();
        let h = super::super::begin_chat(sink, chat, self.file, self.options)?;
        self.chat = Some(h);
        Ok(h)
    }

    /// Registers an incoming author announced by the parsing thread.
    fn author(
        &mut self,
        sink: &mut dyn Sink,
        chat: ChatHandle,
        p: Participant,
    ) -> Result<(), ImportError> {
        if self.authors.contains(&p.key) {
            return Ok(());
        }
        self.authors.insert(p.key.clone());
        if self.first_author.is_none() {
            self.first_author = Some(p.key.clone());
        }
        sink.participant(chat, p)
            .map_err(|e| ImportError::new(self.file, e))?;
        if self.authors.len() == 2 {
            sink.set_chat_kind(chat, ChatKind::Group)
                .map_err(|e| ImportError::new(self.file, e))?;
        }
        Ok(())
    }

    /// Applies the line numbered `line`.
    pub fn apply(
        &mut self,
        prepared: Prepared,
        line: u64,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let (conversation_id, outcome) = match prepared {
            Prepared::Story => {
                sink.skipped(
                    format!("{}:{line}", self.file),
                    "story (not part of the chat)".into(),
                );
                return Ok(());
            }
            Prepared::Line {
                conversation_id,
                outcome,
            } => (conversation_id, outcome),
        };
        if self.conversation_id.is_none() {
            self.conversation_id = conversation_id;
        }
        // The chat opens at the first line that is not a story, even one
        // that fails below.
        let chat = self.open(sink)?;
        let pending = outcome.map_err(|f| self.failure(f, line))?;
        self.message(pending, chat, sink)
    }

    fn failure(&self, f: Failure, line: u64) -> ImportError {
        let message = match f {
            Failure::Json { eof: true, .. } => {
                "message object does not end on its line (not sigtop's layout, or truncated)"
                    .to_owned()
            }
            Failure::Json { message, .. } => format!("bad message object: {message}"),
            Failure::NoSentAt => "message without sent_at".to_owned(),
            Failure::ImpossibleTime(sent) => format!("impossible time {sent}"),
        };
        ImportError::malformed(self.file, Position::line(line), message)
    }

    fn message(
        &mut self,
        p: Pending,
        chat: ChatHandle,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let Pending {
            mut msg,
            author,
            quote,
            reactions,
            missing,
        } = p;
        if let Some(a) = author {
            self.author(sink, chat, a)?;
        }
        self.missing_attachments += missing;
        if let Some((id, who)) = quote {
            // Quoted authors never seen writing here are the exporter.
            let key = match who {
                Some(w) if self.authors.contains(&w) => w,
                _ => "me".to_owned(),
            };
            msg.reply_to = Some(format!("{id}:{key}"));
        }
        for (emoji, from_id, at) in reactions {
            // `fromId` is a Desktop conversation id: the chat's own id is
            // the other person of a direct chat (the first author, also when
            // they wrote under a second key); in a direct chat any other id
            // is the exporter. In groups the reactor cannot be named.
            let by = match (from_id, self.authors.len()) {
                (Some(f), _) if Some(&f) == self.conversation_id.as_ref() => {
                    self.first_author.clone()
                }
                (Some(_), 0 | 1) => Some("me".to_owned()),
                _ => None,
            };
            msg.reactions.push(Reaction { emoji, by, at });
        }
        sink.message(chat, msg)
            .map_err(|e| ImportError::new(self.file, e))
    }

    /// After the last line: an empty conversation is still a conversation,
    /// and attachments that were only named are reported.
    pub fn finish(&mut self, sink: &mut dyn Sink) -> Result<(), ImportError> {
        if self.chat.is_none() {
            self.open(sink)?;
        }
        if self.missing_attachments > 0 {
            sink.warning(Warning {
                location: self.file.to_owned(),
                message: format!(
                    "{} attachments are named but their files are not part of a sigtop message \
                     export (sigtop export-attachments saves them separately)",
                    self.missing_attachments
                ),
            });
        }
        Ok(())
    }
}
