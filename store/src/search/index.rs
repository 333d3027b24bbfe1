//! Building the full-text index after commit.
//!
//! Ingest commits messages without touching the index (durable first);
//! `update_search_index` then indexes every message above the
//! `search_state.indexed_upto` watermark, plus the `search_stale` rows
//! (messages whose text an edit replaced after they were indexed).
//!
//! Pipeline: a reader thread with its own read-only connection streams
//! `(id, text)` in id order and tokenizes (see `tokenize`), while this
//! thread inserts the token lists into FTS5. Work is committed in chunks
//! together with the watermark, so a cancelled or killed run leaves a
//! consistent index that the next run continues.

use super::tokenize;
use crate::{Library, StoreError};
use rusqlite::{Connection, OpenFlags, params};
use std::sync::mpsc;

/// Messages tokenized per batch handed from the reader to the writer.
const BATCH: usize = 8192;
/// Messages per index transaction (and resumable step).
const COMMIT_EVERY: u64 = 262_144;

type Batch = Vec<(i64, String)>;

impl Library {
    fn indexed_upto(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT indexed_upto FROM search_state", [], |r| r.get(0))?)
    }

    /// Messages not yet searchable (new since the last indexing, or edited).
    pub fn index_pending(&self) -> Result<u64, StoreError> {
        let upto = self.indexed_upto()?;
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM messages WHERE id > ?1)
                  + (SELECT count(*) FROM search_stale)",
            [upto],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Brings the full-text index up to date. `progress(done, total)` is
    /// called after each batch; returning false stops early, keeping what is
    /// done (the next call continues). Stopping is not an error.
    pub fn update_search_index(
        &mut self,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), StoreError> {
        let total = self.index_pending()?;
        if total == 0 {
            return Ok(());
        }
        let mut done = self.reindex_stale()?;
        if done > 0 && !progress(done, total) {
            return Ok(());
        }
        let upto = self.indexed_upto()?;
        let db_path = self.dir.join("library.db");
        let conn = &self.conn;
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let (tx, rx) = mpsc::sync_channel::<Result<Batch, StoreError>>(4);
            scope.spawn(move || read_and_tokenize(&db_path, upto, &tx));
            let mut in_tx = 0u64;
            let mut watermark = upto;
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let result = (|| -> Result<(), StoreError> {
                bulk_settings(conn, total)?;
                let mut insert =
                    conn.prepare_cached("INSERT INTO search_index (rowid, body) VALUES (?1, ?2)")?;
                for batch in rx {
                    let batch = batch?;
                    for (id, body) in &batch {
                        insert.execute(params![id, body])?;
                    }
                    if let Some((last, _)) = batch.last() {
                        watermark = *last;
                    }
                    done += batch.len() as u64;
                    in_tx += batch.len() as u64;
                    let go_on = progress(done, total.max(done));
                    if in_tx >= COMMIT_EVERY || !go_on {
                        set_watermark(conn, watermark)?;
                        conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
                        in_tx = 0;
                    }
                    if !go_on {
                        break;
                    }
                }
                set_watermark(conn, watermark)?;
                fts_setting(conn, "automerge", AUTOMERGE)?;
                Ok(())
            })();
            match result {
                Ok(()) => conn.execute_batch("COMMIT")?,
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    return Err(e);
                }
            }
            Ok(())
        })?;
        // Fold the log of the import and the index into the database file.
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Re-indexes edited messages; returns how many.
    fn reindex_stale(&mut self) -> Result<u64, StoreError> {
        let tx = self.conn.transaction()?;
        let stale: Vec<(i64, String, Option<String>)> = tx
            .prepare(
                "SELECT s.message_id, s.indexed_text, m.text FROM search_stale s
                 LEFT JOIN messages m ON m.id = s.message_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, indexed, text) in &stale {
            // A contentless table forgets a row given the tokens it indexed.
            let mut body = String::new();
            tokenize::index_text(indexed, &mut body);
            tx.execute(
                "INSERT INTO search_index (search_index, rowid, body) VALUES ('delete', ?1, ?2)",
                params![id, body],
            )?;
            if let Some(text) = text {
                body.clear();
                tokenize::index_text(text, &mut body);
                tx.execute(
                    "INSERT INTO search_index (rowid, body) VALUES (?1, ?2)",
                    params![id, body],
                )?;
            }
        }
        tx.execute("DELETE FROM search_stale", [])?;
        tx.commit()?;
        Ok(stale.len() as u64)
    }
}

/// FTS5's default: merge once 4 segments of a level exist.
const AUTOMERGE: i64 = 4;
/// Pending-terms buffer before FTS5 writes a segment.
const HASHSIZE: i64 = 16 << 20;
/// Below this many messages an update is not a bulk build.
const BULK: u64 = 65_536;

/// A bulk build writes its segments without merging them as it goes
/// (`automerge = 0`, restored at the end): merging while writing made
/// building 1M messages about 15 % slower, and a few unmerged level-0
/// segments cost searches little. FTS5's crisis merge still bounds their
/// number. The pending-terms buffer is 16 MiB: 64 MiB (fewer, larger
/// segments) measured no faster once merging is off, and costs 48 MiB of
/// memory.
fn bulk_settings(conn: &Connection, total: u64) -> Result<(), StoreError> {
    fts_setting(conn, "hashsize", HASHSIZE)?;
    if total >= BULK {
        fts_setting(conn, "automerge", 0)?;
    }
    Ok(())
}

/// Sets (and stores) one of FTS5's configuration options.
fn fts_setting(conn: &Connection, name: &str, value: i64) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO search_index (search_index, rank) VALUES (?1, ?2)")?
        .execute(params![name, value])?;
    Ok(())
}

fn set_watermark(conn: &Connection, upto: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE search_state SET indexed_upto = ?1")?
        .execute([upto])?;
    Ok(())
}

/// Reader side of the pipeline: sends tokenized batches until done, an
/// error, or the receiver hangs up.
fn read_and_tokenize(
    db: &std::path::Path,
    after: i64,
    tx: &mpsc::SyncSender<Result<Batch, StoreError>>,
) {
    let run = || -> Result<(), StoreError> {
        let conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut stmt = conn.prepare("SELECT id, text FROM messages WHERE id > ?1 ORDER BY id")?;
        let mut rows = stmt.query([after])?;
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let text = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let mut body = String::with_capacity(text.len() + text.len() / 4);
            tokenize::index_text(text, &mut body);
            batch.push((id, body));
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if tx.send(Ok(full)).is_err() {
                    return Ok(());
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(Ok(batch));
        }
        Ok(())
    };
    if let Err(e) = run() {
        let _ = tx.send(Err(e));
    }
}
