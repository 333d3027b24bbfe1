//! Attachments: `attachment` rows of a message, found on disk.
//!
//! `attachment.filename` names the file on the Mac that wrote the
//! database, e.g. `~/Library/Messages/Attachments/ab/11/<guid>/IMG_1.HEIC`
//! (iOS: `~/Library/SMS/Attachments/...`). Ferry strips everything up to
//! and including `Attachments/` and looks for the rest under the folder
//! given with `--attachments` ([`crate::ImportOptions::attachments_dir`]).
//! Files found are streamed into the sink; missing ones keep their
//! [`Attachment`] without content and are counted for one warning per chat.

use super::schema::Schema;
use crate::{ImportError, Sink};
use ferry_model::{Attachment, MediaKind};
use rusqlite::Connection;
use std::path::{Component, Path, PathBuf};

/// The part of a stored attachment path below the `Attachments` folder,
/// when it has one and stays inside it (no `..`).
pub fn relative_path(filename: &str) -> Option<PathBuf> {
    const MARKERS: [&str; 2] = ["Library/Messages/Attachments/", "Library/SMS/Attachments/"];
    let rest = MARKERS
        .iter()
        .find_map(|m| filename.find(m).map(|i| &filename[i + m.len()..]))?;
    let rel = PathBuf::from(rest);
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    (safe && !rest.is_empty()).then_some(rel)
}

/// An attachment row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub filename: Option<String>,
    pub transfer_name: Option<String>,
    pub mime: Option<String>,
    pub total_bytes: Option<i64>,
    pub is_sticker: bool,
}

impl Row {
    /// The file's name: `transfer_name`, else the last part of `filename`.
    pub fn file_name(&self) -> String {
        self.transfer_name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| {
                self.filename
                    .as_deref()
                    .and_then(|f| f.rsplit('/').next())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "attachment".to_owned())
    }
}

/// The SQL for a message's attachments, or `None` without those tables.
pub fn sql(schema: &Schema) -> Option<String> {
    if !schema.has_table("attachment") || !schema.has_table("message_attachment_join") {
        return None;
    }
    Some(format!(
        "SELECT {filename}, {transfer}, {mime}, {bytes}, {sticker} \
         FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id \
         WHERE j.message_id = ?1 ORDER BY a.ROWID",
        filename = schema.col("attachment", "a", "filename"),
        transfer = schema.col("attachment", "a", "transfer_name"),
        mime = schema.col("attachment", "a", "mime_type"),
        bytes = schema.col("attachment", "a", "total_bytes"),
        sticker = schema.col("attachment", "a", "is_sticker"),
    ))
}

/// The attachment rows of one message.
pub fn rows(conn: &Connection, sql: &str, message: i64) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([message], |row| {
        Ok(Row {
            filename: row.get::<_, Option<String>>(0).ok().flatten(),
            transfer_name: row.get::<_, Option<String>>(1).ok().flatten(),
            mime: row.get::<_, Option<String>>(2).ok().flatten(),
            total_bytes: row.get::<_, Option<i64>>(3).ok().flatten(),
            is_sticker: row.get::<_, Option<i64>>(4).ok().flatten().unwrap_or(0) != 0,
        })
    })?;
    rows.collect()
}

/// Turns a row into an [`Attachment`], streaming the file when it is found
/// under `dir`. Returns whether the file was found.
pub fn resolve(
    row: &Row,
    dir: Option<&Path>,
    file: &str,
    sink: &mut dyn Sink,
) -> Result<(Attachment, bool), ImportError> {
    let mut att = Attachment::named(row.file_name());
    if row.is_sticker {
        att.media_kind = MediaKind::Sticker;
    }
    att.mime = row.mime.clone().filter(|m| !m.is_empty());
    att.size = row
        .total_bytes
        .and_then(|b| u64::try_from(b).ok())
        .filter(|&b| b > 0);
    let path = dir.zip(row.filename.as_deref().and_then(relative_path));
    if let Some((dir, rel)) = path
        && let Ok(mut f) = std::fs::File::open(dir.join(rel))
    {
        let stored = sink
            .media(&att.file_name, &mut f)
            .map_err(|e| ImportError::new(file, e))?;
        att.size = Some(stored.size);
        att.content_hash = Some(stored.content_hash);
        return Ok((att, true));
    }
    Ok((att, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_path_variants() {
        for (name, stored, expected) in [
            (
                "macOS tilde",
                "~/Library/Messages/Attachments/ab/11/AT_0/IMG_0001.HEIC",
                Some("ab/11/AT_0/IMG_0001.HEIC"),
            ),
            (
                "absolute home",
                "/Users/alice/Library/Messages/Attachments/ab/11/x.jpg",
                Some("ab/11/x.jpg"),
            ),
            (
                "iOS",
                "~/Library/SMS/Attachments/0f/15/IMG_1.JPG",
                Some("0f/15/IMG_1.JPG"),
            ),
            (
                "escape attempt",
                "~/Library/Messages/Attachments/../../etc/passwd",
                None,
            ),
            ("elsewhere", "/private/var/tmp/x.jpg", None),
            (
                "nothing after the folder",
                "~/Library/Messages/Attachments/",
                None,
            ),
        ] {
            assert_eq!(relative_path(stored), expected.map(PathBuf::from), "{name}");
        }
    }

    #[test]
    fn file_name_prefers_transfer_name() {
        let mut row = Row {
            filename: Some("~/Library/Messages/Attachments/a/b/c/IMG_1.HEIC".into()),
            transfer_name: Some("Holiday.HEIC".into()),
            mime: None,
            total_bytes: None,
            is_sticker: false,
        };
        assert_eq!(row.file_name(), "Holiday.HEIC");
        row.transfer_name = None;
        assert_eq!(row.file_name(), "IMG_1.HEIC");
        row.filename = None;
        assert_eq!(row.file_name(), "attachment");
    }
}
