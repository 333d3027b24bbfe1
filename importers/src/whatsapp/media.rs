//! Files that came with the chat (media exports): found by name next to
//! the chat text, streamed into the sink, never held in memory.

use crate::{Input, Sink, SinkError, StoredMedia};
use std::collections::HashMap;

/// The files an export holds next to its chat text, by file name.
#[derive(Debug)]
pub(crate) struct MediaFiles<'a> {
    input: &'a Input,
    by_name: HashMap<String, String>,
}

impl<'a> MediaFiles<'a> {
    /// Indexes the entries in the folder of `chat_entry` (and below it),
    /// except the chat text itself.
    pub fn new(input: &'a Input, chat_entry: &str) -> Self {
        let dir = chat_entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut by_name = HashMap::new();
        for e in input.entries() {
            if e.name == chat_entry {
                continue;
            }
            let inside = dir.is_empty()
                || e.name
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'));
            if inside {
                // The first (shallowest after sorting) entry of a name wins.
                by_name
                    .entry(e.file_name().to_owned())
                    .or_insert_with(|| e.name.clone());
            }
        }
        MediaFiles { input, by_name }
    }

    /// Streams the file `name` into the sink. `Ok(None)` when the export
    /// does not hold it.
    pub fn store(&self, name: &str, sink: &mut dyn Sink) -> Result<Option<StoredMedia>, SinkError> {
        let Some(entry) = self.by_name.get(name) else {
            return Ok(None);
        };
        match self.input.with_entry(entry, |r| sink.media(name, r)) {
            Ok(stored) => stored.map(Some),
            Err(e) => Err(SinkError::Io(std::io::Error::other(e))),
        }
    }
}
