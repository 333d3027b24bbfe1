//! Telegram Desktop "Machine-readable JSON" exports (`result.json`).
//!
//! Map:
//! - [`detect`]: finds `result.json`-like files by their first bytes
//!   (single-chat root with `type` + `messages`, or account root with
//!   `about` + `personal_information`/`chats`).
//! - [`import`]: streams the file into [`walk`], which steps through the
//!   structure with [`scan::Scanner`] and parses one message at a time
//!   ([`quick`] for the usual message, serde for the rest); [`escape`]
//!   repairs the invalid `\xNN` escapes on the way.
//!   Message arrays are cut into batches and parsed on worker threads
//!   ([`crate::par_items`]); the sink still sees every call in file order.
//! - [`raw`]: the message object as written; [`text`]: the `text` field
//!   flattened; [`convert`]: raw message to model message; [`service`]:
//!   service actions.

pub mod convert;
pub mod escape;
pub mod quick;
pub mod raw;
pub mod scan;
pub mod service;
pub mod text;
pub mod walk;

use crate::par_items::Par;
use crate::telegram::common::MediaFiles;
use crate::{
    Detected, Format, ImportError, ImportErrorKind, ImportOptions, Input, InputError, Position,
    Sink, Warning,
};
use convert::{Ctx, Me};
use scan::ScanError;
use walk::{Walk, WalkError};

/// How much of a candidate file detection reads.
const SNIFF_BYTES: usize = 16 * 1024;

/// Chat `type` values of Telegram exports.
const CHAT_TYPES: [&str; 9] = [
    "\"personal_chat\"",
    "\"bot_chat\"",
    "\"saved_messages\"",
    "\"replies\"",
    "\"private_group\"",
    "\"private_supergroup\"",
    "\"public_supergroup\"",
    "\"private_channel\"",
    "\"public_channel\"",
];

/// Keys of a full-account export's root.
const ACCOUNT_KEYS: [&str; 6] = [
    "\"personal_information\"",
    "\"chats\"",
    "\"left_chats\"",
    "\"contacts\"",
    "\"frequent_contacts\"",
    "\"profile_pictures\"",
];

/// Every Telegram JSON export in the input.
pub fn detect(input: &Input) -> Vec<Detected> {
    input
        .entries()
        .iter()
        .filter(|e| e.name.to_ascii_lowercase().ends_with(".json"))
        .filter_map(|e| {
            let head = input.head(&e.name, SNIFF_BYTES).ok()?;
            let label = sniff(&head)?;
            Some(Detected {
                format: Format::of(&super::TelegramJsonImporter),
                entry: e.name.clone(),
                label,
            })
        })
        .collect()
}

/// A label when the bytes start like a Telegram export, else `None`.
pub fn sniff(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let after_brace = body.strip_prefix('{')?.trim_start();
    if after_brace.starts_with("\"about\"") && ACCOUNT_KEYS.iter().any(|k| body.contains(k)) {
        return Some("Telegram export of a whole account".to_owned());
    }
    let has_type = CHAT_TYPES.iter().any(|t| body.contains(t));
    if has_type && body.contains("\"messages\"") && body.contains("\"id\"") {
        let name = chat_name(body).unwrap_or_else(|| "(no name)".to_owned());
        return Some(format!("Telegram chat «{name}»"));
    }
    None
}

/// The root `name` value near the start of a single-chat export.
fn chat_name(body: &str) -> Option<String> {
    let at = body.find("\"name\"")?;
    let rest = body.get(at + 6..)?.trim_start().strip_prefix(':')?;
    let mut de = serde_json::Deserializer::from_str(rest);
    serde::Deserialize::deserialize(&mut de).ok()
}

/// Imports the export whose main file is `entry`.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    import_with(input, entry, options, sink, Par::auto())
}

/// [`import`] with message arrays parsed as `par` says ([`Par::SEQUENTIAL`]
/// parses everything on the calling thread; the sink sees the same calls).
pub fn import_with(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    par: Par,
) -> Result<(), ImportError> {
    let file = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let outcome = input.with_entry(entry, |r| {
        let ctx = Ctx {
            sink: &mut *sink,
            options,
            media: MediaFiles::new(input, entry),
            file: file.clone(),
            me: Me {
                option: options.me.clone(),
                ..Me::default()
            },
        };
        let mut walk = Walk::new(ctx, r, total);
        walk.par = par;
        let result = walk.run().map_err(|e| walk_error(&file, e));
        let ctx = &mut walk.ctx;
        ctx.media.finish(ctx.sink, file.clone());
        let repaired = walk.repaired();
        if repaired > 0 {
            walk.ctx.sink.warning(Warning {
                location: file.clone(),
                message: format!(
                    "repaired {repaired} invalid \\x escapes written by Telegram Desktop"
                ),
            });
        }
        result?;
        if walk.chats == 0 {
            walk.ctx.sink.warning(Warning {
                location: file.clone(),
                message: "no chats in this export (chat history was not selected)".to_owned(),
            });
        }
        let done = walk.bytes_read();
        walk.ctx
            .sink
            .progress(done, total.max(done))
            .map_err(|e| ImportError::new(&file, e))
    });
    outcome.map_err(|e| ImportError::new(&file, e))?
}

/// A walk error as an import error, with its byte offset.
fn walk_error(file: &str, e: WalkError) -> ImportError {
    let position = e.offset().map(Position::byte);
    match e {
        WalkError::Sink(s) => ImportError::new(file, s),
        WalkError::Scan(ScanError::Io(io)) => {
            let kind = match io.into_inner().map(|inner| inner.downcast::<InputError>()) {
                Some(Ok(input)) => ImportErrorKind::Input(*input),
                Some(Err(other)) => ImportErrorKind::Malformed(format!("read error: {other}")),
                None => ImportErrorKind::Malformed("read error".to_owned()),
            };
            ImportError::new(file, kind)
        }
        other => ImportError {
            file: file.to_owned(),
            position,
            kind: ImportErrorKind::Malformed(format!("not a valid Telegram JSON export: {other}")),
        },
    }
}
