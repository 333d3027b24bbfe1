//! Signal Android's on-device backup (`signal-YYYY-MM-DD-HH-MM-SS.backup`).
//!
//! The file is a stream of length-prefixed protobuf frames: a clear header
//! (IV, salt, format version), then frames encrypted with AES-256-CTR and
//! authenticated with a truncated HMAC-SHA256, keyed from the 30-digit
//! passphrase. The frames replay Signal's SQLite database statement by
//! statement; attachment frames are followed by the file's encrypted bytes.
//!
//! Map:
//! - [`proto`]: the frame messages (`prost` derives).
//! - [`crypto`]: key derivation, frame decryption, MAC checks, blob readers.
//! - [`db`]: rebuilding the database in a temporary file.
//! - [`schema`]: version-tolerant reading of tables, recipients, groups, owner.
//! - [`types`]: the `type` bit field (calls, notices, outgoing...).
//! - [`messages`]: threads and messages into the sink.
//!
//! The passphrase comes from [`ImportOptions::passphrase`] and is never
//! logged; spaces (Signal shows it in groups of five) are ignored.

pub mod crypto;
pub mod db;
pub mod messages;
pub mod proto;
pub mod schema;
pub mod types;

use crate::input::InputError;
use crate::{
    Detected, Format, ImportError, ImportErrorKind, ImportOptions, Importer, Input, Position, Sink,
};
use crypto::{FrameReader, StreamError};
use ferry_model::App;
use std::collections::HashMap;
use std::io::{BufReader, Read};

/// The Signal Android backup importer.
#[derive(Debug)]
pub struct SignalBackupImporter;

/// Bytes read from each candidate entry for detection (the header frame is
/// about 60 bytes).
const SNIFF: usize = 512;

impl Importer for SignalBackupImporter {
    fn id(&self) -> &'static str {
        "signal-backup"
    }

    fn app(&self) -> App {
        App::Signal
    }

    fn description(&self) -> &'static str {
        "Signal Android backup (.backup, needs the 30-digit passphrase)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.size > 4)
            .filter(|e| {
                input
                    .head(&e.name, SNIFF)
                    .is_ok_and(|h| crypto::parse_header(&h).is_ok())
            })
            .map(|e| Detected {
                format: Format::of(&SignalBackupImporter),
                entry: e.name.clone(),
                label: format!("Signal Android backup {}", e.file_name()),
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
        let passphrase = passphrase(options, &file)?;
        let total = input.entry(&found.entry).map(|e| e.size).unwrap_or(0);
        input
            .with_entry(&found.entry, |r| {
                let reader = BufReader::with_capacity(256 * 1024, r);
                run(reader, &passphrase, &file, total, options, sink).map(|_| ())
            })
            .map_err(|e| ImportError::new(file.clone(), e))?
    }
}

/// The passphrase's 30 digits, or a [`ImportErrorKind::Secret`] error.
fn passphrase(options: &ImportOptions, file: &str) -> Result<String, ImportError> {
    let secret = |m: String| ImportError::new(file, ImportErrorKind::Secret(m));
    let Some(given) = &options.passphrase else {
        return Err(secret(
            "a passphrase is required: a Signal backup is encrypted with the 30-digit passphrase \
             Signal showed when backups were turned on (give it with --passphrase or \
             FERRY_SIGNAL_PASSPHRASE)"
                .into(),
        ));
    };
    let raw = given.expose();
    if raw
        .chars()
        .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || c == '-'))
    {
        return Err(secret(
            "the Signal backup passphrase must be made of digits (spaces are fine)".into(),
        ));
    }
    let digits = crypto::normalise_passphrase(raw);
    if digits.len() != 30 {
        return Err(secret(format!(
            "a Signal backup passphrase has 30 digits; the one given has {}",
            digits.len()
        )));
    }
    Ok(digits)
}

/// Turns a stream failure into an import error naming the frame and byte.
fn stream_error(file: &str, e: StreamError) -> ImportError {
    let position = e.offset().map(Position::byte);
    let kind = match &e {
        StreamError::Io(source, _) => ImportErrorKind::Input(InputError::Io {
            path: file.to_owned(),
            source: std::io::Error::new(source.kind(), source.to_string()),
        }),
        // A wrong key fails on the very first encrypted frame.
        _ if e.is_authentication() && e.frame() == Some(1) => {
            ImportErrorKind::Secret(format!("wrong passphrase or corrupted backup: {e}"))
        }
        _ if e.is_authentication() => ImportErrorKind::Malformed(format!(
            "corrupted or tampered backup: {e} (earlier frames verified, so the passphrase is right)"
        )),
        _ => ImportErrorKind::Malformed(e.to_string()),
    };
    ImportError {
        file: file.to_owned(),
        position,
        kind,
    }
}

/// What the stream held besides the database.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StreamCounts {
    pub frames: u64,
    pub statements: u64,
    pub attachments: u64,
    pub other_blobs: u64,
    pub database_version: Option<u32>,
}

/// Decrypts the whole stream, rebuilds the database, streams attachment
/// blobs into the sink, then emits chats and messages.
pub fn run<R: Read>(
    reader: R,
    passphrase: &str,
    file: &str,
    total: u64,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(StreamCounts, messages::Counts), ImportError> {
    let mut frames = FrameReader::open(reader, passphrase, crypto::KDF_ITERATIONS)
        .map_err(|e| stream_error(file, e))?;
    let db = db::Rebuild::new().map_err(|m| {
        ImportError::new(
            file,
            InputError::Io {
                path: "temporary database".into(),
                source: std::io::Error::other(m),
            },
        )
    })?;
    let mut account = schema::Account::default();
    let mut media = HashMap::new();
    let mut counts = StreamCounts::default();
    let mut ended = false;
    while let Some(frame) = frames.next_frame().map_err(|e| stream_error(file, e))? {
        counts.frames += 1;
        let at = Position::byte(frames.position());
        let number = frames.frame_number();
        if frame.end == Some(true) {
            ended = true;
            break;
        }
        if let Some(stmt) = &frame.statement {
            db.apply(stmt)
                .map_err(|m| ImportError::malformed(file, at, format!("frame {number}: {m}")))?;
            counts.statements += 1;
        } else if let Some(v) = &frame.version {
            counts.database_version = v.version;
        } else if let Some(p) = &frame.preference {
            if let (Some(k), Some(v)) = (&p.key, &p.value) {
                account.note(k, v);
            }
        } else if let Some(kv) = &frame.key_value {
            if let (Some(k), Some(v)) = (&kv.key, &kv.string_value) {
                account.note(k, v);
            }
        } else if let Some(a) = &frame.attachment {
            let row = a
                .row_id
                .map(|r| i64::from_ne_bytes(r.to_ne_bytes()))
                .unwrap_or(-1);
            let name = attachment_file_name(&db.conn, row);
            let mut blob = frames.blob(a.length.unwrap_or(0));
            let stored = sink.media(&name, &mut blob);
            blob.finish().map_err(|e| stream_error(file, e))?;
            media.insert(row, stored.map_err(|e| ImportError::new(file, e))?);
            counts.attachments += 1;
        } else if let Some(len) = frame
            .avatar
            .as_ref()
            .map(|a| a.length)
            .or_else(|| frame.sticker.as_ref().map(|s| s.length))
        {
            // Profile pictures and sticker-pack images are not part of any
            // message: verified, then dropped.
            frames
                .blob(len.unwrap_or(0))
                .finish()
                .map_err(|e| stream_error(file, e))?;
            counts.other_blobs += 1;
        }
        if counts.frames % 256 == 0 {
            sink.progress(frames.position(), total)
                .map_err(|e| ImportError::new(file, e))?;
        }
    }
    if !ended {
        return Err(ImportError::malformed(
            file,
            Position::byte(frames.position()),
            "the backup ends without its end frame (truncated?)",
        ));
    }
    sink.progress(frames.position(), total)
        .map_err(|e| ImportError::new(file, e))?;
    db.finish()
        .map_err(|m| ImportError::new(file, ImportErrorKind::Malformed(m)))?;
    if counts.other_blobs > 0 {
        sink.skipped(
            file.to_owned(),
            format!(
                "{} profile pictures and sticker-pack images (not part of any message)",
                counts.other_blobs
            ),
        );
    }
    let sql = |e: rusqlite::Error| {
        ImportError::new(
            file,
            ImportErrorKind::Malformed(format!("reading the backup's database: {e}")),
        )
    };
    let schema = schema::Schema::read(&db.conn).map_err(sql)?;
    if !schema.has_table("message") && !schema.has_table("sms") && !schema.has_table("mms") {
        return Err(ImportError::new(
            file,
            ImportErrorKind::Malformed("the backup's database has no message tables".into()),
        ));
    }
    let recipients = schema::recipients(&db.conn, &schema).map_err(sql)?;
    let groups = schema::groups(&db.conn, &schema).map_err(sql)?;
    let self_id = schema::self_id(
        &db.conn,
        &schema,
        &recipients,
        &account,
        options.me.as_deref(),
    );
    let ctx = messages::Context {
        file,
        conn: &db.conn,
        schema: &schema,
        recipients: &recipients,
        groups: &groups,
        self_id,
        me_name: options.me.as_deref(),
        media: &media,
        tz: options.tz,
    };
    let emitted = messages::emit(&ctx, sink)?;
    Ok((counts, emitted))
}

/// The attachment's file name from its (already inserted) database row.
fn attachment_file_name(conn: &rusqlite::Connection, row: i64) -> String {
    for (table, ct) in [("attachment", "content_type"), ("part", "ct")] {
        let named = conn
            .query_row(
                &format!("SELECT file_name, {ct} FROM {table} WHERE _id = ?1"),
                [row],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .ok();
        let typed = named.clone().or_else(|| {
            conn.query_row(
                &format!("SELECT {ct} FROM {table} WHERE _id = ?1"),
                [row],
                |r| Ok((None, r.get::<_, Option<String>>(0)?)),
            )
            .ok()
        });
        if let Some((name, mime)) = typed {
            return name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| messages::attachment_name(row, mime.as_deref()));
        }
    }
    messages::attachment_name(row, None)
}
