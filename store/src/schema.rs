//! Schema, migrations and connection settings.
//!
//! Migrations run through `rusqlite_migration` (the version lives in SQLite's
//! `user_version`). Migration 1 is the whole schema documented in the crate
//! root. Pragmas are per connection and set on every open.

use crate::StoreError;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const SCHEMA_V1: &str = r#"
CREATE TABLE chats (
    id               INTEGER PRIMARY KEY,
    app              TEXT NOT NULL,
    native_id        TEXT,
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    message_count    INTEGER NOT NULL DEFAULT 0,
    attachment_count INTEGER NOT NULL DEFAULT 0,
    first_at         INTEGER,
    first_tz         INTEGER,
    last_at          INTEGER,
    last_tz          INTEGER
);
CREATE UNIQUE INDEX chats_by_native_id ON chats (app, native_id) WHERE native_id IS NOT NULL;
CREATE INDEX chats_by_title ON chats (app, title);

CREATE TABLE participants (
    id        INTEGER PRIMARY KEY,
    chat_id   INTEGER NOT NULL REFERENCES chats (id),
    key       TEXT NOT NULL,
    name      TEXT NOT NULL,
    phone     TEXT,
    handle    TEXT,
    native_id TEXT,
    is_me     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (chat_id, key)
);

CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    chat_id        INTEGER NOT NULL,
    dedup_key      INTEGER NOT NULL,
    sent_at        INTEGER NOT NULL,
    sent_tz        INTEGER NOT NULL,
    sender_id      INTEGER,
    kind           TEXT NOT NULL,
    extras         INTEGER NOT NULL DEFAULT 0,
    edited         INTEGER NOT NULL DEFAULT 0,
    edited_at      INTEGER,
    edited_tz      INTEGER,
    native_id      TEXT,
    reply_to       TEXT,
    forwarded_from TEXT,
    text           TEXT NOT NULL
);
CREATE UNIQUE INDEX messages_by_time ON messages (chat_id, sent_at, dedup_key);
CREATE UNIQUE INDEX messages_by_native_key ON messages (dedup_key) WHERE native_id IS NOT NULL;

CREATE TABLE attachments (
    message_id   INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    media_kind   TEXT NOT NULL,
    mime         TEXT,
    size         INTEGER,
    content_hash TEXT,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

CREATE TABLE reactions (
    message_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    emoji      TEXT NOT NULL,
    by_key     TEXT,
    at         INTEGER,
    at_tz      INTEGER,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

CREATE TABLE search_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
CREATE TABLE search_stale (message_id INTEGER PRIMARY KEY, indexed_text TEXT NOT NULL);
CREATE VIRTUAL TABLE search_index USING fts5 (
    body, content = '', columnsize = 0, tokenize = 'ascii'
);
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 67108864);
"#;

/// Every migration, oldest first.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(SCHEMA_V1)])
}

/// Settings for every connection: 8 KiB pages (takes effect only on a new,
/// empty database, before WAL is switched on), WAL, a 32 MiB page cache, temp data in
/// memory (a 128 MiB cache made a 1M-message import peak at 178 MB of memory
/// and was no faster: ingest appends at the right edge of its B-trees and
/// the FTS5 build writes whole segments, neither rereads much). `synchronous = NORMAL` under WAL keeps every commit atomic and the
/// file consistent after a crash; a power cut may lose the last commits.
/// Automatic checkpoints are off so that a large ingest's commit does not
/// also copy the whole log into the database file; the log is folded in after
/// indexing (`update_search_index`) and when the library is closed, and the
/// log file is cut back to 64 MiB once it has been folded in.
pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "PRAGMA page_size = 8192;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32768;
         PRAGMA foreign_keys = OFF;
         PRAGMA wal_autocheckpoint = 0;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(())
}

/// Brings a database to the newest schema.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrations().to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
