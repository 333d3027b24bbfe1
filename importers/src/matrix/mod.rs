//! Matrix: Element's "Export chat" in JSON (`matrix - <Room> - Chat Export - <time>.json`,
//! or `export.json` inside the zip made with attachments).
//!
//! Map:
//! - [`MatrixImporter`] (`matrix`): detection and the import entry point.
//! - [`stream`]: walks the export's top-level object and streams the
//!   `messages` array one event at a time.
//! - [`fold`]: the first pass: edits, reactions and names that must be
//!   applied to other events.
//! - [`event`]: the second pass: one Matrix event into one [`ferry_model::Message`].
//! - [`text`]: the *Plain Text* export (`matrix-txt`), a separate importer.
//!
//! Format notes and what Ferry keeps or loses: `docs/formats/matrix.md`.

pub mod event;
pub mod fold;
pub mod stream;
pub mod text;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::{App, Timestamp};

/// How many bytes detection reads from a candidate file.
const SNIFF_BYTES: usize = 8 * 1024;

/// Element (Matrix) JSON chat exports.
#[derive(Debug)]
pub struct MatrixImporter;

impl Importer for MatrixImporter {
    fn id(&self) -> &'static str {
        "matrix"
    }

    fn app(&self) -> App {
        App::Matrix
    }

    fn description(&self) -> &'static str {
        "Element (Matrix) \"Export chat\" as JSON (one room; events, edits, reactions, replies)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.name.to_ascii_lowercase().ends_with(".json"))
            .filter_map(|e| {
                let head = input.head(&e.name, SNIFF_BYTES).ok()?;
                let label = sniff(&head)?;
                Some(Detected {
                    format: Format::of(&MatrixImporter),
                    entry: e.name.clone(),
                    label,
                })
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
        event::import(input, &found.entry, options, sink)
    }
}

/// A label when the bytes start like an Element JSON export, else `None`.
/// Element writes `room_name` first and each event carries `origin_server_ts`.
pub fn sniff(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let rest = body.strip_prefix('{')?.trim_start();
    if !rest.starts_with("\"room_name\"") || !body.contains("\"messages\"") {
        return None;
    }
    let looks_matrix = body.contains("\"origin_server_ts\"")
        || body.contains("\"exported_by\"")
        || body.contains("\"room_creator\"");
    if !looks_matrix {
        return None;
    }
    let name = serde_json::from_str::<String>(first_string(rest)?).ok()?;
    Some(format!("Matrix room «{name}»"))
}

/// The JSON string literal after `"room_name":` (quotes included).
fn first_string(rest: &str) -> Option<&str> {
    let after = rest.strip_prefix("\"room_name\"")?.trim_start();
    let after = after.strip_prefix(':')?.trim_start();
    if !after.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, c) in after.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return after.get(..=i),
            _ => escaped = false,
        }
    }
    None
}

/// A Unix time in milliseconds, shown with the offset `tz` had then.
pub(crate) fn at_millis(millis: i64, tz: Tz) -> Option<Timestamp> {
    let utc = Utc.timestamp_millis_opt(millis).single()?;
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc());
    Timestamp::from_unix_millis(millis, chrono::Offset::fix(&offset).local_minus_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_reads_the_room_name_with_escapes() {
        let head = br#"{"room_name": "A \"q\" room", "messages": [{"origin_server_ts": 1}"#;
        assert_eq!(sniff(head).as_deref(), Some("Matrix room «A \"q\" room»"));
    }

    #[test]
    fn sniff_rejects_other_json() {
        assert_eq!(sniff(br#"{"name": "x", "messages": []}"#), None);
        assert_eq!(sniff(br#"{"room_name": "x"}"#), None);
        assert_eq!(sniff(b"\xff\xfe"), None);
    }
}
