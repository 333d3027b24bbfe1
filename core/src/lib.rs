//! Ferry's core: the one API that both the `ferry` command and the desktop
//! app call, identically. No command-line parsing and no GUI here.
//!
//! Map:
//! - [`Ferry`] ([`library`]): an open library: list chats, page messages,
//!   search, stats.
//! - [`import`]: [`ImportRequest`] in, [`ImportReport`] out: finds the
//!   exports inside files, zips and folders, runs the importers into one
//!   atomic ingest per export found, then brings the search index up to date.
//! - [`export`]: [`ExportRequest`] in, [`ferry_exporters::ExportSummary`] out:
//!   streams chats from the store through a format's writer; [`convert`]
//!   imports into a temporary library and exports in one step.
//! - [`progress`]: [`Progress`] updates and the [`Cancel`] token that every
//!   long operation takes.
//! - [`error`]: the error type, [`CoreError`].
//! - [`paths`]: the default library location and the system time zone.
//! - [`catalog`]: the embedded messenger catalog (compare, claims, advice).

pub mod catalog;
pub mod error;
pub mod export;
pub mod import;
pub mod library;
pub mod paths;
pub mod progress;

pub use error::CoreError;
pub use export::{ConvertReport, ExportRequest, convert};
pub use import::{ImportReport, ImportRequest, SkippedItem, SourceReport, dry_run};
pub use library::Ferry;
pub use progress::{Cancel, Phase, Progress, ProgressUpdate};

/// Re-exports so that front-ends need not depend on the lower crates.
pub use ferry_exporters::{
    ExportFormat, ExportOptions, ExportSummary, FormatInfo,
    parse_mapping_file as export_mapping_file,
};
pub use ferry_importers::{DateOrder, Format, ImportOptions, Secret};
pub use ferry_model as model;
pub use ferry_store::{IngestStats, Insights, SearchHit, SearchQuery, Stats};
