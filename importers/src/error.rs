//! Import errors: what went wrong, in which file, and where.

use crate::input::InputError;
use crate::sink::SinkError;
use std::fmt;

/// A position inside a file. Lines and columns are 1-based; `byte` is the
/// 0-based offset from the start of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub byte: Option<u64>,
}

impl Position {
    /// A line (1-based).
    pub fn line(line: u64) -> Self {
        Position {
            line: Some(line),
            ..Position::default()
        }
    }

    /// A byte offset (0-based).
    pub fn byte(byte: u64) -> Self {
        Position {
            byte: Some(byte),
            ..Position::default()
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column, self.byte) {
            (Some(l), Some(c), _) => write!(f, "line {l}, column {c}"),
            (Some(l), None, _) => write!(f, "line {l}"),
            (None, _, Some(b)) => write!(f, "byte {b}"),
            _ => f.write_str("unknown position"),
        }
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportErrorKind {
    /// The bytes are not what the format requires.
    #[error("{0}")]
    Malformed(String),
    /// The input is not valid UTF-8 where text was expected.
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// The input could not be read or opened.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The sink refused a value (storage failure or cancellation).
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// A secret is required or wrong (encrypted backups).
    #[error("{0}")]
    Secret(String),
    /// No importer recognises the input.
    #[error("not a recognised chat export{0}")]
    Unrecognised(String),
}

/// An import failure, naming the file and, where known, the position.
#[derive(Debug, thiserror::Error)]
pub struct ImportError {
    /// The file (or container entry) being read.
    pub file: String,
    pub position: Option<Position>,
    #[source]
    pub kind: ImportErrorKind,
}

impl ImportError {
    pub fn new(file: impl Into<String>, kind: impl Into<ImportErrorKind>) -> Self {
        ImportError {
            file: file.into(),
            position: None,
            kind: kind.into(),
        }
    }

    pub fn at(
        file: impl Into<String>,
        position: Position,
        kind: impl Into<ImportErrorKind>,
    ) -> Self {
        ImportError {
            file: file.into(),
            position: Some(position),
            kind: kind.into(),
        }
    }

    pub fn malformed(file: impl Into<String>, position: Position, msg: impl Into<String>) -> Self {
        Self::at(file, position, ImportErrorKind::Malformed(msg.into()))
    }

    /// Whether the import stopped because it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self.kind, ImportErrorKind::Sink(SinkError::Cancelled))
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{}: {}: {}", self.file, p, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_position() {
        let e = ImportError::malformed("chat.txt", Position::line(12), "bad date 31/02/2020");
        assert_eq!(e.to_string(), "chat.txt: line 12: bad date 31/02/2020");
        let e = ImportError::new("x.zip", ImportErrorKind::InvalidUtf8);
        assert_eq!(e.to_string(), "x.zip: invalid UTF-8");
    }
}
