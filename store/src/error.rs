//! The store's error type.

use std::path::PathBuf;

/// Everything that can go wrong in a library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite refused a statement (includes a locked or unreadable database).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Bringing the schema up to date failed.
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A file or folder of the library could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Nothing matched, e.g. a chat spec that names no chat.
    #[error("not found: {0}")]
    NotFound(String),
    /// A chat spec matched several chats.
    #[error("{spec:?} matches several chats: {}", list_candidates(candidates))]
    Ambiguous {
        spec: String,
        /// Row id and title of every chat that matched.
        candidates: Vec<(i64, String)>,
    },
    /// A stored value the store itself cannot have written (table, row id, what is wrong).
    #[error("corrupt library: {table} row {row}: {what}")]
    Corrupt {
        table: &'static str,
        row: i64,
        what: String,
    },
    /// A handle that does not belong to this ingest.
    #[error("unknown chat handle {0}")]
    UnknownChat(u32),
    /// The caller asked to stop (a progress callback returned false).
    #[error("cancelled")]
    Cancelled,
}

fn list_candidates(candidates: &[(i64, String)]) -> String {
    candidates
        .iter()
        .map(|(id, title)| format!("{id} {title:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }
}
