//! What an export did: counts, files, and everything that was degraded on
//! the way, serialisable for `--json`.

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The result of one export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportSummary {
    pub format: crate::ExportFormat,
    pub chats: Vec<ChatSummary>,
    /// Messages written, over all chats.
    pub messages: u64,
    /// Media files written (copied or embedded).
    pub attachments_written: u64,
    /// Attachments whose file is not in the library (named only).
    pub attachments_missing: u64,
    /// What could not be carried over faithfully, by reason.
    pub degraded: Vec<Degraded>,
    /// Every file or folder written at the top level.
    pub files: Vec<PathBuf>,
}

/// One chat of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChatSummary {
    pub title: String,
    pub messages: u64,
    /// Number of parts the chat was split into (`whatsapp`, `html` pages).
    pub parts: u64,
    /// Where the target app lets this chat go, e.g. "Telegram: a private
    /// chat with Alice (2 people)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_hint: Option<String>,
}

/// A kind of loss, and how often it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Degraded {
    pub reason: String,
    pub count: u64,
}

/// Collects a summary while writers run.
#[derive(Debug)]
pub(crate) struct SummaryBuilder {
    format: crate::ExportFormat,
    pub chats: Vec<ChatSummary>,
    pub messages: u64,
    pub attachments_written: u64,
    pub attachments_missing: u64,
    degraded: BTreeMap<String, u64>,
    pub files: Vec<PathBuf>,
}

impl SummaryBuilder {
    pub fn new(format: crate::ExportFormat) -> Self {
        SummaryBuilder {
            format,
            chats: Vec::new(),
            messages: 0,
            attachments_written: 0,
            attachments_missing: 0,
            degraded: BTreeMap::new(),
            files: Vec::new(),
        }
    }

    pub fn format(&self) -> crate::ExportFormat {
        self.format
    }

    /// Counts one occurrence of a loss.
    pub fn degrade(&mut self, reason: &str) {
        self.degrade_n(reason, 1);
    }

    pub fn degrade_n(&mut self, reason: &str, n: u64) {
        if n == 0 {
            return;
        }
        match self.degraded.get_mut(reason) {
            Some(c) => *c += n,
            None => {
                self.degraded.insert(reason.to_owned(), n);
            }
        }
    }

    /// Remembers a top-level output file once.
    pub fn file(&mut self, path: PathBuf) {
        if !self.files.contains(&path) {
            self.files.push(path);
        }
    }

    pub fn build(self) -> ExportSummary {
        ExportSummary {
            format: self.format,
            chats: self.chats,
            messages: self.messages,
            attachments_written: self.attachments_written,
            attachments_missing: self.attachments_missing,
            degraded: self
                .degraded
                .into_iter()
                .map(|(reason, count)| Degraded { reason, count })
                .collect(),
            files: self.files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degradations_are_counted_by_reason() {
        let mut b = SummaryBuilder::new(crate::ExportFormat::Txt);
        b.degrade("reaction written as text");
        b.degrade_n("reaction written as text", 2);
        b.degrade_n("never", 0);
        b.file("a".into());
        b.file("a".into());
        let s = b.build();
        assert_eq!(
            s.degraded,
            vec![Degraded {
                reason: "reaction written as text".into(),
                count: 3
            }]
        );
        assert_eq!(s.files.len(), 1);
    }
}
