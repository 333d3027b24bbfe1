//! Finding the files a thread references and handing them to the sink.
//!
//! DYI `uri`s are relative to the root of the export (the zip's top), E2EE
//! ones (`./media/<uuid>.jpeg`) to the JSON file. An input may be the export
//! itself, a folder above it or a zip with an extra top folder, so a
//! [`MediaResolver`] tries the uri below every ancestor folder of the thread
//! file (nearest first for `./` uris, outermost first otherwise) and
//! remembers the prefix that worked. Files are streamed once per import
//! (stickers repeat a lot); a file referenced but absent becomes a warning
//! (the first [`MAX_MISSING_WARNINGS`] individually, then one summary).

use crate::{ImportError, Input, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Attachment, MediaKind};
use std::collections::HashMap;

/// Missing files reported one by one before summarising.
pub const MAX_MISSING_WARNINGS: usize = 10;

/// Resolves and stores referenced media for one thread.
#[derive(Debug)]
pub struct MediaResolver {
    /// Folder prefixes (`""`, `"a/"`, `"a/b/"`, ...) of the thread file.
    prefixes: Vec<String>,
    /// The JSON file's own folder, with trailing `/` (or `""`).
    json_dir: String,
    found_prefix: Option<String>,
    stored: HashMap<String, StoredMedia>,
    missing: usize,
}

impl MediaResolver {
    /// For a thread whose JSON file is the entry `json_entry`.
    pub fn new(json_entry: &str) -> Self {
        let dir = json_entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut prefixes = vec![String::new()];
        let mut acc = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            acc.push_str(part);
            acc.push('/');
            prefixes.push(acc.clone());
        }
        let json_dir = prefixes.last().cloned().unwrap_or_default();
        MediaResolver {
            prefixes,
            json_dir,
            found_prefix: None,
            stored: HashMap::new(),
            missing: 0,
        }
    }

    /// The entry in `input` a uri names, if any.
    pub fn locate(&mut self, input: &Input, uri: &str) -> Option<String> {
        if uri.contains("://") || uri.is_empty() {
            return None;
        }
        if let Some(rel) = uri.strip_prefix("./") {
            let candidate = format!("{}{rel}", self.json_dir);
            if input.entry(&candidate).is_some() {
                return Some(candidate);
            }
        }
        let uri = uri.trim_start_matches("./").trim_start_matches('/');
        if let Some(p) = &self.found_prefix {
            let candidate = format!("{p}{uri}");
            if input.entry(&candidate).is_some() {
                return Some(candidate);
            }
        }
        for p in &self.prefixes {
            let candidate = format!("{p}{uri}");
            if input.entry(&candidate).is_some() {
                self.found_prefix = Some(p.clone());
                return Some(candidate);
            }
        }
        None
    }

    /// An attachment for `uri`, with its content stored through the sink
    /// when the export has the file. `location` names the message for
    /// warnings. Only sink failures are errors.
    pub fn attach(
        &mut self,
        input: &Input,
        uri: &str,
        kind: MediaKind,
        location: &str,
        sink: &mut dyn Sink,
    ) -> Result<Attachment, ImportError> {
        let file_name = uri.rsplit('/').next().unwrap_or(uri).to_owned();
        let mut att = Attachment::named(file_name);
        if kind != MediaKind::Other {
            att.media_kind = kind;
        }
        let entry = self.locate(input, uri);
        self.attach_entry(input, entry, uri, att, location, sink)
    }

    /// Stores `entry` (already located by the caller) for `att`, or warns
    /// that `uri` is missing when `entry` is `None`.
    pub fn attach_entry(
        &mut self,
        input: &Input,
        entry: Option<String>,
        uri: &str,
        mut att: Attachment,
        location: &str,
        sink: &mut dyn Sink,
    ) -> Result<Attachment, ImportError> {
        let Some(entry) = entry else {
            self.missing += 1;
            if self.missing <= MAX_MISSING_WARNINGS {
                sink.warning(Warning {
                    location: location.to_owned(),
                    message: format!("referenced file {uri:?} is not in the export"),
                });
            }
            return Ok(att);
        };
        if let Some(s) = self.stored.get(&entry) {
            att.content_hash = Some(s.content_hash.clone());
            att.size = Some(s.size);
            return Ok(att);
        }
        let file_name = att.file_name.clone();
        match input.with_entry(&entry, |r| sink.media(&file_name, r)) {
            Ok(Ok(stored)) => {
                att.content_hash = Some(stored.content_hash.clone());
                att.size = Some(stored.size);
                self.stored.insert(entry, stored);
            }
            // Reading the file failed (corrupt zip entry...): keep going.
            Ok(Err(SinkError::Io(e))) => sink.warning(Warning {
                location: input.describe(&entry),
                message: format!("could not read the file: {e}"),
            }),
            Ok(Err(e)) => return Err(ImportError::new(input.describe(&entry), e)),
            Err(e) => sink.warning(Warning {
                location: input.describe(&entry),
                message: format!("could not read the file: {e}"),
            }),
        }
        Ok(att)
    }

    /// Emits the summary of missing files beyond the individual warnings.
    pub fn finish(&mut self, location: &str, sink: &mut dyn Sink) {
        if self.missing > MAX_MISSING_WARNINGS {
            sink.warning(Warning {
                location: location.to_owned(),
                message: format!(
                    "{} more referenced files are not in the export",
                    self.missing - MAX_MISSING_WARNINGS
                ),
            });
        }
        self.missing = 0;
    }
}
