//! Ferry's exporters: one writer per target format over a shared driver.
//!
//! A caller (ferry-core) opens an [`Exporter`] for a [`ExportFormat`] with
//! [`ExportOptions`], then streams each chat through it: `begin_chat`
//! (preamble), `message` for every message in chronological order,
//! `end_chat` (postamble), and finally `finish`, which returns an
//! [`ExportSummary`]. Writers stream to disk; nothing holds a whole chat.
//!
//! Map:
//! - [`driver`]: the [`Exporter`] and the writer trait every format implements.
//! - [`format`]: the formats, their targets and what each loses.
//! - [`options`]: [`ExportOptions`], `Old=New` mapping parsing.
//! - [`summary`]: [`ExportSummary`] (messages, attachments, degradations).
//! - `writers/`: one module per format (`whatsapp`, `telegram_json`,
//!   `sms_xml`, `html`, `markdown`, `txt`, `jsonl`, `csv`).
//! - `escape`: HTML/XML/CSV/JS/Markdown escaping (the only way text reaches
//!   an output language).
//! - `util`, `recent`: paths, media copies, readable notes, reply cache.

pub mod driver;
mod error;
pub mod format;
pub mod options;
pub mod summary;

mod clock;
mod escape;
mod recent;
mod util;
mod writers;

pub use driver::{Exporter, MediaResolver, export_chats};
pub use error::ExportError;
pub use format::{ExportFormat, FormatInfo, UnknownFormat};
pub use options::{ExportOptions, parse_mapping_file, parse_pair};
pub use summary::{ChatSummary, Degraded, ExportSummary};
