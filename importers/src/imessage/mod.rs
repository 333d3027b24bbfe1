//! iMessage / SMS from Apple's Messages database: `chat.db` on macOS, or
//! `sms.db` from an iOS backup (there the file is named by a hash, such as
//! `3d0d7e5fb2ce288813306e4d4636395e047a3d28`).
//!
//! There is no export: Ferry reads the SQLite database directly, strictly
//! read-only. A database given as a file or inside a folder is opened
//! with `immutable=1`, so SQLite writes nothing, not even a `-wal` or
//! `-shm` file, even while the Messages app holds it. When the database
//! has a non-empty `-wal` beside it (recent messages not yet checkpointed),
//! the database and its WAL are copied to a temporary folder and the copy
//! is read, so those messages are not lost and the originals stay
//! untouched. Databases inside a zip (or in memory) are copied to a
//! temporary file first.
//!
//! Map:
//! - [`schema`]: which columns this database version has, handles, chats.
//! - [`attachments`]: attachment rows and their files under `--attachments`.
//! - [`summary`], [`bplist`]: edit history and unsent parts from
//!   `message_summary_info`.
//! - [`tapbacks`]: reactions folded into their target message.
//! - [`messages`]: the ordered message stream, tapbacks and edits folded
//!   into their targets, attachments resolved on disk.
//! - [`typedstream`]: the decoder for `attributedBody` blobs.
//! - [`time`]: Apple's 2001 epoch in seconds or nanoseconds.

pub mod attachments;
pub mod bplist;
pub mod messages;
pub mod schema;
pub mod summary;
pub mod tapbacks;
pub mod time;
pub mod typedstream;

use crate::{Detected, Format, ImportError, ImportErrorKind, ImportOptions, Importer, Input, Sink};
use ferry_model::App;
use rusqlite::{Connection, OpenFlags};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The Messages database importer.
#[derive(Debug)]
pub struct IMessageImporter;

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// Tables that make a SQLite database a Messages database.
const REQUIRED_TABLES: [&str; 4] = ["message", "handle", "chat", "chat_message_join"];
/// For databases that cannot be opened in place (zip, memory), how much of
/// the file detection scans for the table names.
const SCAN: usize = 1 << 20;

impl Importer for IMessageImporter {
    fn id(&self) -> &'static str {
        "imessage"
    }

    fn app(&self) -> App {
        App::IMessage
    }

    fn description(&self) -> &'static str {
        "iMessage/SMS database (macOS chat.db or sms.db from an iOS backup), read-only"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.size >= 512)
            .filter(|e| {
                let n = e.file_name();
                !n.ends_with("-wal") && !n.ends_with("-shm") && !n.ends_with("-journal")
            })
            .filter(|e| {
                input
                    .head(&e.name, SQLITE_MAGIC.len())
                    .is_ok_and(|h| h == SQLITE_MAGIC)
            })
            .filter(|e| match input.local_path(&e.name) {
                Some(path) => has_tables_on_disk(&path),
                None => input
                    .head(&e.name, SCAN)
                    .is_ok_and(|bytes| has_tables_in_bytes(&bytes)),
            })
            .map(|e| Detected {
                format: Format::of(&IMessageImporter),
                entry: e.name.clone(),
                label: format!("iMessage/SMS database {}", e.file_name()),
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let file = input.describe(&found.entry);
        let opened = open(input, &found.entry, &file)?;
        let attachments_dir = options.attachments_dir.clone().or_else(|| {
            // A copied `~/Library/Messages` folder holds `Attachments/`
            // beside `chat.db`.
            let dir = input
                .local_path(&found.entry)?
                .parent()?
                .join("Attachments");
            dir.is_dir().then_some(dir)
        });
        messages::import(
            &opened.conn,
            &file,
            options,
            attachments_dir.as_deref(),
            sink,
        )
    }
}

/// An open database plus whatever temporary copy it lives in.
struct Opened {
    conn: Connection,
    _temp: Option<tempfile::TempDir>,
}

fn sql_err(file: &str, e: rusqlite::Error) -> ImportError {
    ImportError::new(
        file,
        ImportErrorKind::Malformed(format!("reading the Messages database: {e}")),
    )
}

fn io_err(file: &str, e: std::io::Error) -> ImportError {
    ImportError::new(
        file,
        crate::InputError::Io {
            path: file.to_owned(),
            source: e,
        },
    )
}

/// `file:` URI for a path, with the characters URIs reserve escaped.
fn uri(path: &Path, query: &str) -> String {
    let mut s = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'%' | b'?' | b'#' => s.push_str(&format!("%{b:02X}")),
            _ => s.push(char::from(b)),
        }
    }
    s.push('?');
    s.push_str(query);
    s
}

/// Opens a database file so that nothing can be written: read-only and
/// immutable (no locks, no journal, no WAL or shm files).
pub fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        uri(path, "immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
}

fn wal_of(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

fn open(input: &Input, entry: &str, file: &str) -> Result<Opened, ImportError> {
    if let Some(path) = input.local_path(entry) {
        let wal = wal_of(&path);
        let has_wal = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        if !has_wal {
            let conn = open_immutable(&path).map_err(|e| sql_err(file, e))?;
            return Ok(Opened { conn, _temp: None });
        }
        // Copy the database and its WAL; SQLite replays the WAL in the copy.
        let dir = tempfile::tempdir().map_err(|e| io_err(file, e))?;
        let copy = dir.path().join("chat.db");
        std::fs::copy(&path, &copy).map_err(|e| io_err(file, e))?;
        std::fs::copy(&wal, wal_of(&copy)).map_err(|e| io_err(file, e))?;
        let conn = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| sql_err(file, e))?;
        return Ok(Opened {
            conn,
            _temp: Some(dir),
        });
    }
    let dir = tempfile::tempdir().map_err(|e| io_err(file, e))?;
    let copy = dir.path().join("chat.db");
    let mut out = std::fs::File::create(&copy).map_err(|e| io_err(file, e))?;
    input
        .with_entry(entry, |r| {
            std::io::copy(r, &mut out).and_then(|_| out.flush())
        })
        .map_err(|e| ImportError::new(file, e))?
        .map_err(|e| io_err(file, e))?;
    let conn = open_immutable(&copy).map_err(|e| sql_err(file, e))?;
    Ok(Opened {
        conn,
        _temp: Some(dir),
    })
}

fn has_tables_on_disk(path: &Path) -> bool {
    let Ok(conn) = open_immutable(path) else {
        return false;
    };
    REQUIRED_TABLES.iter().all(|t| {
        conn.query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [t],
            |_| Ok(()),
        )
        .is_ok()
    })
}

/// Without a path, look for the tables' `CREATE TABLE` statements in the
/// first bytes (the schema lives near the start of the file).
fn has_tables_in_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(SQLITE_MAGIC)
        && [
            b"CREATE TABLE message (".as_slice(),
            b"CREATE TABLE handle (",
            b"CREATE TABLE chat (",
            b"CREATE TABLE chat_message_join (",
        ]
        .iter()
        .all(|needle| memchr::memmem::find(bytes, needle).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_reserved_characters() {
        assert_eq!(
            uri(Path::new("/a b/c?d#e%f.db"), "immutable=1"),
            "file:/a b/c%3Fd%23e%25f.db?immutable=1"
        );
    }

    #[test]
    fn table_scan_needs_every_table() {
        let mut bytes = SQLITE_MAGIC.to_vec();
        bytes.extend_from_slice(
            b"CREATE TABLE message (x) CREATE TABLE handle (y) CREATE TABLE chat (z)",
        );
        assert!(!has_tables_in_bytes(&bytes));
        bytes.extend_from_slice(b"CREATE TABLE chat_message_join (a)");
        assert!(has_tables_in_bytes(&bytes));
        assert!(!has_tables_in_bytes(&bytes[1..]));
    }
}
