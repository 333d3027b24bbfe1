//! Importing exports into the library.
//!
//! [`Ferry::import`] takes files, zips and folders, finds every export in
//! them ([`scan`]), and reads each into the library in its own atomic
//! ingest: an export either lands whole or not at all, and a failed export
//! does not stop the others. After the last one, the full-text index is
//! brought up to date. With `dry_run` the exports are parsed into a counting
//! sink and nothing is written.

mod scan;
mod sink;

use crate::progress::{Cancel, Phase, Progress, ProgressUpdate};
use crate::{CoreError, Ferry};
use ferry_importers::{Detected, Format, ImportOptions, Input};
use serde::Serialize;
use sink::{CountingSink, StoreSink, Tally, Ticker};
use std::path::PathBuf;

pub use scan::{Found, scan};

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// Files, zips or folders.
    pub paths: Vec<PathBuf>,
    /// Only look for this format (`--format`); `None` detects.
    pub format: Option<Format>,
    pub options: ImportOptions,
    /// Parse everything, store nothing.
    pub dry_run: bool,
}

/// Something an importer passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedItem {
    pub location: String,
    pub reason: String,
}

/// The outcome of one export.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceReport {
    /// The export: the path given, plus the entry inside a zip or folder.
    pub path: String,
    /// Format id (`whatsapp`, ...); `null` when nothing was recognised.
    pub format: Option<String>,
    /// What the export is, e.g. the chat's name.
    pub label: String,
    pub chats: u64,
    pub messages: u64,
    /// Messages the library did not have before (0 for a dry run).
    pub new_messages: u64,
    pub attachments: u64,
    pub warnings: Vec<String>,
    pub skipped: Vec<SkippedItem>,
    /// Why the export failed; when set, nothing of it was stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The outcome of an import request.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub sources: Vec<SourceReport>,
    pub dry_run: bool,
}

impl ImportReport {
    /// Number of exports (or paths) that failed.
    pub fn failed(&self) -> usize {
        self.sources.iter().filter(|s| s.error.is_some()).count()
    }
}

impl SourceReport {
    fn failed(path: String, format: Option<String>, label: String, error: String) -> Self {
        SourceReport {
            path,
            format,
            label,
            chats: 0,
            messages: 0,
            new_messages: 0,
            attachments: 0,
            warnings: Vec::new(),
            skipped: Vec::new(),
            error: Some(error),
        }
    }

    fn from_tally(input: &Input, d: &Detected, t: Tally) -> Self {
        SourceReport {
            path: input.describe(&d.entry),
            format: Some(d.format.id().to_owned()),
            label: d.label.clone(),
            chats: t.chats,
            messages: t.messages,
            new_messages: t.new_messages,
            attachments: t.attachments,
            warnings: t.warnings,
            skipped: t
                .skipped
                .into_iter()
                .map(|(location, reason)| SkippedItem { location, reason })
                .collect(),
            error: None,
        }
    }
}

/// Parses every export in `request.paths` without a library: nothing is
/// written anywhere. The report's `new_messages` are 0.
pub fn dry_run(
    request: &ImportRequest,
    progress: &dyn Progress,
    cancel: &Cancel,
) -> Result<ImportReport, CoreError> {
    let report = each_export(request, progress, cancel, |found| {
        let (input, d) = (&*found.input, &found.detected);
        let mut sink = CountingSink {
            tally: Tally::default(),
            ticker: Ticker::new(progress, cancel, d.label.clone()),
        };
        let outcome =
            ferry_importers::import(input, d, &request.options, &mut sink).map(|()| sink.tally);
        source_report(found, outcome)
    })?;
    Ok(ImportReport {
        dry_run: true,
        ..report
    })
}

/// Scans each path and calls `one` for every export found; paths with no
/// export, or that cannot be opened, become failed sources.
fn each_export(
    request: &ImportRequest,
    progress: &dyn Progress,
    cancel: &Cancel,
    mut one: impl FnMut(&Found) -> Result<SourceReport, CoreError>,
) -> Result<ImportReport, CoreError> {
    let mut report = ImportReport::default();
    for path in &request.paths {
        progress.update(&ProgressUpdate {
            phase: Phase::Scanning,
            label: path.display().to_string(),
            done: 0,
            total: 0,
        });
        let found = match scan(path, request.format) {
            Ok(found) if found.is_empty() => Err(CoreError::NothingFound(path.clone())),
            other => other,
        };
        match found {
            Ok(found) => {
                for f in &found {
                    if cancel.is_cancelled() {
                        return Err(CoreError::Cancelled);
                    }
                    report.sources.push(one(f)?);
                }
            }
            Err(e) => report.sources.push(SourceReport::failed(
                path.display().to_string(),
                None,
                String::new(),
                e.to_string(),
            )),
        }
    }
    Ok(report)
}

/// Turns an importer's outcome into a report; cancellation stops everything.
fn source_report(
    found: &Found,
    outcome: Result<Tally, ferry_importers::ImportError>,
) -> Result<SourceReport, CoreError> {
    let (input, d) = (&*found.input, &found.detected);
    match outcome {
        Ok(t) => Ok(SourceReport::from_tally(input, d, t)),
        Err(e) if e.is_cancelled() => Err(CoreError::Cancelled),
        Err(e) => Ok(SourceReport::failed(
            input.describe(&d.entry),
            Some(d.format.id().to_owned()),
            d.label.clone(),
            e.to_string(),
        )),
    }
}

impl Ferry {
    /// Imports every export found in `request.paths`, each in its own
    /// atomic ingest, then updates the search index. Errors of single
    /// exports are reported in their [`SourceReport`]; the call itself fails
    /// only when the library cannot be written, or on cancellation (the
    /// export being read is then rolled back; earlier ones stay).
    pub fn import(
        &mut self,
        request: &ImportRequest,
        progress: &dyn Progress,
        cancel: &Cancel,
    ) -> Result<ImportReport, CoreError> {
        if request.dry_run {
            return dry_run(request, progress, cancel);
        }
        let report = each_export(request, progress, cancel, |found| {
            self.import_one(found, request, progress, cancel)
        })?;
        self.update_index(progress, cancel)?;
        Ok(report)
    }

    fn import_one(
        &mut self,
        found: &Found,
        request: &ImportRequest,
        progress: &dyn Progress,
        cancel: &Cancel,
    ) -> Result<SourceReport, CoreError> {
        let (input, d) = (&*found.input, &found.detected);
        let mut ingest = self.library.begin_ingest()?;
        let mut sink = StoreSink {
            ingest: &mut ingest,
            chats: Vec::new(),
            tally: Tally::default(),
            ticker: Ticker::new(progress, cancel, d.label.clone()),
            me: request.options.me.clone(),
        };
        let result = ferry_importers::import(input, d, &request.options, &mut sink);
        let mut tally = std::mem::take(&mut sink.tally);
        let outcome = match result {
            Ok(()) => {
                tally.new_messages = ingest.commit()?.new_messages;
                Ok(tally)
            }
            // Dropping the ingest rolls the export back.
            Err(e) => Err(e),
        };
        source_report(found, outcome)
    }

    /// Brings the full-text index up to date (also run by [`Ferry::import`]).
    pub fn update_index(
        &mut self,
        progress: &dyn Progress,
        cancel: &Cancel,
    ) -> Result<(), CoreError> {
        let mut cancelled = false;
        self.library.update_search_index(&mut |done, total| {
            progress.update(&ProgressUpdate {
                phase: Phase::Indexing,
                label: "search index".to_owned(),
                done,
                total,
            });
            cancelled = cancel.is_cancelled();
            !cancelled
        })?;
        if cancelled {
            return Err(CoreError::Cancelled);
        }
        Ok(())
    }
}
