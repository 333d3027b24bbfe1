//! Exporting chats from the library, and converting exports in one step.
//!
//! [`Ferry::export`] resolves the chats a request names, then streams each
//! one from the store ([`ferry_store::Library::for_each_message`]) through a
//! [`ferry_exporters::Exporter`]: memory stays flat however big the chat.
//! [`convert`] imports into a temporary library (removed afterwards; the
//! user's library is never opened) and exports from it.

use crate::import::{ImportReport, ImportRequest};
use crate::progress::{Cancel, Phase, Progress, ProgressUpdate};
use crate::{CoreError, Ferry};
use ferry_exporters::{ExportFormat, ExportOptions, ExportSummary, Exporter};
use ferry_model::ChatInfo;
use ferry_store::StoreError;
use serde::Serialize;

/// How often (in messages) progress is reported.
const PROGRESS_EVERY: u64 = 2_000;

/// Which chats to export, how.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// Chats by id or (part of) the title; empty means every chat.
    pub chats: Vec<String>,
    pub format: ExportFormat,
    pub options: ExportOptions,
}

/// The outcome of [`convert`]: what was read, and what was written.
#[derive(Debug, Clone, Serialize)]
pub struct ConvertReport {
    pub import: ImportReport,
    pub export: ExportSummary,
}

impl Ferry {
    /// The chats a request names, in the order given (each once); every
    /// chat when the request names none.
    pub fn export_chats(&self, specs: &[String]) -> Result<Vec<ChatInfo>, CoreError> {
        if specs.is_empty() {
            return self.chats();
        }
        let mut out: Vec<ChatInfo> = Vec::new();
        for spec in specs {
            let chat = self.resolve_chat(spec)?;
            if !out.iter().any(|c| c.id == chat.id) {
                out.push(chat);
            }
        }
        Ok(out)
    }

    /// Writes the requested chats in the requested format. Stops with
    /// [`CoreError::Cancelled`] when `cancel` is set (files written so far
    /// stay; the export is incomplete).
    pub fn export(
        &self,
        request: &ExportRequest,
        progress: &dyn Progress,
        cancel: &Cancel,
    ) -> Result<ExportSummary, CoreError> {
        let chats = self.export_chats(&request.chats)?;
        if chats.is_empty() {
            return Err(CoreError::InvalidRequest(
                "the library has no chats to export".into(),
            ));
        }
        let resolve = |hash: &str| self.media_path(hash);
        let mut exporter = Exporter::new(
            request.format,
            request.options.clone(),
            chats.len(),
            &resolve,
        )?;
        for chat in &chats {
            exporter.begin_chat(chat)?;
            let label = chat.title.clone();
            let total = chat.messages;
            let mut done = 0u64;
            let mut failed: Option<CoreError> = None;
            progress.update(&ProgressUpdate {
                phase: Phase::Exporting,
                label: label.clone(),
                done,
                total,
            });
            let read = self.store().for_each_message(
                chat.id,
                request.options.since,
                request.options.until,
                &mut |m| {
                    if cancel.is_cancelled() {
                        failed = Some(CoreError::Cancelled);
                        return Err(StoreError::Cancelled);
                    }
                    if let Err(e) = exporter.message(&m) {
                        failed = Some(e.into());
                        return Err(StoreError::Cancelled);
                    }
                    done += 1;
                    if done.is_multiple_of(PROGRESS_EVERY) {
                        progress.update(&ProgressUpdate {
                            phase: Phase::Exporting,
                            label: label.clone(),
                            done,
                            total: total.max(done),
                        });
                    }
                    Ok(())
                },
            );
            if let Some(e) = failed {
                return Err(e);
            }
            read?;
            exporter.end_chat()?;
            progress.update(&ProgressUpdate {
                phase: Phase::Exporting,
                label,
                done,
                total: total.max(done),
            });
        }
        Ok(exporter.finish()?)
    }
}

/// Imports `import.paths` into a temporary library and exports from it
/// (every chat found, unless `export.chats` names some). The user's library
/// is not touched; the temporary one is deleted when this returns.
/// Fails when nothing could be imported.
pub fn convert(
    import: &ImportRequest,
    export: &ExportRequest,
    progress: &dyn Progress,
    cancel: &Cancel,
) -> Result<ConvertReport, CoreError> {
    let scratch = tempfile::Builder::new()
        .prefix("ferry-convert-")
        .tempdir()
        .map_err(|source| CoreError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    let mut ferry = Ferry::open(scratch.path())?;
    let import = ImportRequest {
        dry_run: false,
        ..import.clone()
    };
    let report = ferry.import(&import, progress, cancel)?;
    if report.sources.iter().all(|s| s.error.is_some()) {
        let why: Vec<String> = report
            .sources
            .iter()
            .filter_map(|s| s.error.as_ref().map(|e| format!("{}: {e}", s.path)))
            .collect();
        return Err(CoreError::InvalidRequest(format!(
            "nothing could be imported: {}",
            why.join("; ")
        )));
    }
    let summary = ferry.export(export, progress, cancel)?;
    drop(ferry);
    scratch.close().map_err(|source| CoreError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    Ok(ConvertReport {
        import: report,
        export: summary,
    })
}
