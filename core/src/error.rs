//! Errors of the core API.

use std::path::PathBuf;

/// Why a core operation failed. The `Display` text is one line, meant for
/// the user, and names the file (and position) where there is one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    #[error(transparent)]
    Store(#[from] ferry_store::StoreError),
    #[error(transparent)]
    Import(#[from] ferry_importers::ImportError),
    #[error("{path}: {source}")]
    Input {
        path: PathBuf,
        #[source]
        source: ferry_importers::InputError,
    },
    #[error("{0}: no chat export found here")]
    NothingFound(PathBuf),
    #[error("{0}")]
    InvalidRequest(String),
    #[error("cancelled")]
    Cancelled,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CoreError {
    /// A short stable code for front-ends (`store`, `import`, `input`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Store(_) => "store",
            CoreError::Import(e) if e.is_cancelled() => "cancelled",
            CoreError::Import(_) => "import",
            CoreError::Input { .. } => "input",
            CoreError::NothingFound(_) => "nothing-found",
            CoreError::InvalidRequest(_) => "invalid-request",
            CoreError::Cancelled => "cancelled",
            CoreError::Io { .. } => "io",
        }
    }
}
