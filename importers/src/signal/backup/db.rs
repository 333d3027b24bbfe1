//! Rebuilding Signal's SQLite database from the backup's SQL frames.
//!
//! The frames replay the app's schema and rows. They are executed into a
//! private database in a temporary folder (not in memory: a backup's
//! database can be larger than the machine's memory), inside one
//! transaction. Only the statement kinds a backup legitimately holds are
//! run (`CREATE TABLE`, `CREATE [UNIQUE] INDEX`, `INSERT INTO`); triggers,
//! virtual (full-text) tables and their shadow tables are skipped, and
//! anything else (`ATTACH`, `PRAGMA`, `VACUUM INTO`...) is refused.

use super::proto::{SqlParameter, SqlStatement};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

/// What happened to one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Executed,
    /// Not needed to read messages (full-text index, trigger...).
    Skipped,
}

/// The database being rebuilt, and the folder that holds it.
#[derive(Debug)]
pub struct Rebuild {
    pub conn: Connection,
    _dir: tempfile::TempDir,
}

impl Rebuild {
    /// A fresh database file in a new temporary folder, with a transaction
    /// open.
    pub fn new() -> Result<Rebuild, String> {
        let dir = tempfile::Builder::new()
            .prefix("ferry-signal-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        let conn = Connection::open(dir.path().join("signal.db"))
            .map_err(|e| format!("cannot create a temporary database: {e}"))?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
             PRAGMA foreign_keys = OFF; PRAGMA trusted_schema = OFF; BEGIN",
        )
        .map_err(|e| format!("cannot set up the temporary database: {e}"))?;
        Ok(Rebuild { conn, _dir: dir })
    }

    /// Runs one SQL frame.
    pub fn apply(&self, stmt: &SqlStatement) -> Result<Applied, String> {
        let sql = stmt.statement.as_deref().unwrap_or("");
        match classify(sql) {
            Kind::Skip => return Ok(Applied::Skipped),
            Kind::Refuse => {
                let head: String = sql.chars().take(40).collect();
                return Err(format!("refusing SQL statement {head:?}"));
            }
            Kind::Run => {}
        }
        let params = stmt.parameters.iter().map(value);
        let mut prepared = self
            .conn
            .prepare_cached(sql)
            .map_err(|e| format!("SQL statement rejected: {e}"))?;
        prepared
            .execute(params_from_iter(params))
            .map_err(|e| format!("SQL statement failed: {e}"))?;
        Ok(Applied::Executed)
    }

    /// Ends the rebuild: commits, and adds the indexes the reader needs.
    pub fn finish(&self) -> Result<(), String> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| format!("cannot commit the rebuilt database: {e}"))
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Run,
    Skip,
    Refuse,
}

/// Decides from the statement's first words (case-insensitive).
fn classify(sql: &str) -> Kind {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(4)
        .map(str::to_ascii_lowercase)
        .collect();
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let lower_has_fts = || sql.to_ascii_lowercase().contains("_fts");
    match (w(0), w(1)) {
        ("create", "table") => {
            if w(2).starts_with("sqlite_") || lower_has_fts() {
                Kind::Skip
            } else {
                Kind::Run
            }
        }
        ("create", "index") | ("create", "unique") => {
            if w(1) == "unique" && w(2) != "index" {
                Kind::Refuse
            } else if lower_has_fts() {
                Kind::Skip
            } else {
                Kind::Run
            }
        }
        ("create", "virtual") | ("create", "trigger") | ("create", "view") => Kind::Skip,
        ("insert", "into") | ("insert", "or") => {
            if w(2).starts_with("sqlite_") || lower_has_fts() {
                Kind::Skip
            } else {
                Kind::Run
            }
        }
        _ => Kind::Refuse,
    }
}

/// A bound parameter as SQLite sees it.
fn value(p: &SqlParameter) -> Value {
    if let Some(s) = &p.string_paramter {
        Value::Text(s.clone())
    } else if let Some(i) = p.integer_parameter {
        // Java longs travel as uint64: reinterpret the bits.
        Value::Integer(i64::from_ne_bytes(i.to_ne_bytes()))
    } else if let Some(d) = p.double_parameter {
        Value::Real(d)
    } else if let Some(b) = &p.blob_parameter {
        Value::Blob(b.clone())
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_kinds() {
        for (sql, kind) in [
            ("CREATE TABLE message (_id INTEGER)", Kind::Run),
            ("create table sqlite_sequence(name,seq)", Kind::Skip),
            ("CREATE INDEX IF NOT EXISTS a ON b (c)", Kind::Run),
            ("CREATE UNIQUE INDEX a ON b (c)", Kind::Run),
            (
                "CREATE VIRTUAL TABLE message_fts USING fts5(body)",
                Kind::Skip,
            ),
            ("CREATE TABLE message_fts_data(id INTEGER)", Kind::Skip),
            ("INSERT INTO message_fts_idx VALUES (?)", Kind::Skip),
            (
                "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END",
                Kind::Skip,
            ),
            ("INSERT INTO message VALUES (?,?)", Kind::Run),
            ("ATTACH DATABASE '/tmp/x' AS x", Kind::Refuse),
            ("VACUUM INTO '/tmp/x'", Kind::Refuse),
            ("PRAGMA writable_schema = 1", Kind::Refuse),
            ("", Kind::Refuse),
        ] {
            assert_eq!(classify(sql), kind, "{sql}");
        }
    }

    #[test]
    fn negative_longs_round_trip_through_uint64() {
        let p = SqlParameter {
            integer_parameter: Some(u64::MAX),
            ..SqlParameter::default()
        };
        assert_eq!(value(&p), Value::Integer(-1));
    }

    #[test]
    fn rebuild_runs_inserts_and_refuses_attach() {
        let db = Rebuild::new().unwrap();
        let stmt = |sql: &str, params: Vec<SqlParameter>| SqlStatement {
            statement: Some(sql.into()),
            parameters: params,
        };
        db.apply(&stmt("CREATE TABLE t (a INTEGER, b TEXT)", vec![]))
            .unwrap();
        let a = SqlParameter {
            integer_parameter: Some(7),
            ..SqlParameter::default()
        };
        let b = SqlParameter {
            string_paramter: Some("x".into()),
            ..SqlParameter::default()
        };
        db.apply(&stmt("INSERT INTO t VALUES (?,?)", vec![a, b]))
            .unwrap();
        assert!(db.apply(&stmt("ATTACH 'x' AS y", vec![])).is_err());
        // Two statements in one frame are refused by SQLite's binding.
        assert!(
            db.apply(&stmt("INSERT INTO t VALUES (1,'a'); DROP TABLE t", vec![]))
                .is_err()
        );
        db.finish().unwrap();
        let n: i64 = db
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
