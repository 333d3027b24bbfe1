//! Errors of the exporters: every one names the file or the chat it is about.

use std::path::{Path, PathBuf};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing a zip archive failed.
    #[error("{path}: zip: {message}")]
    Zip { path: PathBuf, message: String },
    /// SMS/MMS need a phone number for everyone in the chat.
    #[error(
        "chat {chat:?}: no phone number for {names}; SMS/MMS are addressed by phone number, \
         so give one with --phone \"Name=+31...\"",
        names = .participants.join(", ")
    )]
    MissingPhone {
        chat: String,
        participants: Vec<String>,
    },
    /// The exporter cannot tell which participant is the user.
    #[error(
        "chat {chat:?}: cannot tell which participant is you ({candidates}); name yourself with --me"
    )]
    UnknownMe { chat: String, candidates: String },
    /// A chat has nobody but the user in it, so SMS/MMS have no address.
    #[error(
        "chat {chat:?}: nobody besides you is in this chat, so there is no number to address it to"
    )]
    NoRecipient { chat: String },
    /// An option value could not be understood.
    #[error("invalid option {option}: {message}")]
    InvalidOption { option: String, message: String },
    /// The writer was used out of order (a message outside a chat, ...).
    #[error("exporter misuse: {0}")]
    Misuse(&'static str),
    /// The caller asked to stop.
    #[error("export cancelled")]
    Cancelled,
}

impl ExportError {
    /// An I/O error about `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        ExportError::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A zip error about `path`.
    pub fn zip(path: impl AsRef<Path>, err: impl std::fmt::Display) -> Self {
        ExportError::Zip {
            path: path.as_ref().to_path_buf(),
            message: err.to_string(),
        }
    }
}

/// Adds the path to an I/O result.
pub(crate) trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T, ExportError>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &Path) -> Result<T, ExportError> {
        self.map_err(|e| ExportError::io(path, e))
    }
}
