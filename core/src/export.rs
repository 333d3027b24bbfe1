//! Exporting chats from the library, and converting exports in one step.
//!
//! [`Ferry::export`] resolves the chats a request names, then streams each
//! one from the store through a [`ferry_exporters::Exporter`]: a second
//! thread reads batches of messages ([`ferry_store::MessageReader`]) into a
//! bounded queue while this one writes them, so memory stays flat however
//! big the chat and reading overlaps writing. The reading thread hands on
//! raw rows ([`ferry_store::RawBatch`]) and this one turns them into
//! messages, which splits the work about evenly between the two.
//! [`convert`] imports into a temporary library (removed afterwards; the
//! user's library is never opened) and exports from it.

use crate::import::{ImportReport, ImportRequest};
use crate::progress::{Cancel, Phase, Progress, ProgressUpdate};
use crate::{CoreError, Ferry};
use ferry_exporters::{ExportFormat, ExportOptions, ExportSummary, Exporter};
use ferry_model::ChatInfo;
use ferry_store::{MESSAGE_BATCH, MessageReader, RawBatch, StoreError};
use serde::Serialize;
use std::sync::mpsc;

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
        // The store is read on a second thread (its own connection) while
        // this one writes: the two halves overlap, and at most QUEUE
        // batches wait between them.
        let reader = self.store().reader()?;
        let ids: Vec<i64> = chats.iter().map(|c| c.id).collect();
        let (since, until) = (request.options.since, request.options.until);
        std::thread::scope(|s| -> Result<(), CoreError> {
            let (tx, rx) = mpsc::sync_channel(QUEUE);
            s.spawn(move || read_chats(&reader, &ids, since, until, &tx));
            for chat in &chats {
                write_chat(&mut exporter, chat, &rx, progress, cancel)?;
            }
            Ok(())
        })?;
        Ok(exporter.finish()?)
    }
}

/// Batches of messages waiting between the reading and the writing thread.
const QUEUE: usize = 4;

/// What the reading thread hands on: a batch of the current chat's rows,
/// still raw (the writing thread turns them into messages, so the two
/// threads carry about the same load), or the end of the chat (with the
/// read's outcome).
enum Piece {
    Batch(RawBatch),
    Done(Result<(), StoreError>),
}

/// Reads the chats in order into `tx`; stops when the writer hangs up.
fn read_chats(
    reader: &MessageReader,
    chats: &[i64],
    since: Option<i64>,
    until: Option<i64>,
    tx: &mpsc::SyncSender<Piece>,
) {
    for &chat in chats {
        let read = reader.for_each_raw_batch(chat, since, until, MESSAGE_BATCH, &mut |batch| {
            tx.send(Piece::Batch(batch))
                .map_err(|_| StoreError::Cancelled)
        });
        if tx.send(Piece::Done(read)).is_err() {
            return;
        }
    }
}

/// Writes one chat from the batches arriving on `rx`.
fn write_chat(
    exporter: &mut Exporter<'_>,
    chat: &ChatInfo,
    rx: &mpsc::Receiver<Piece>,
    progress: &dyn Progress,
    cancel: &Cancel,
) -> Result<(), CoreError> {
    exporter.begin_chat(chat)?;
    let label = chat.title.clone();
    let total = chat.messages;
    let mut done = 0u64;
    progress.update(&ProgressUpdate {
        phase: Phase::Exporting,
        label: label.clone(),
        done,
        total,
    });
    loop {
        // A closed channel means the reading thread stopped without saying
        // why, which only a panic does (the scope re-raises it).
        let piece = rx.recv().map_err(|_| StoreError::Cancelled)?;
        let batch = match piece {
            // Invalid UTF-8 or timestamps show here, as `StoreError::Corrupt`.
            Piece::Batch(raw) => raw.into_messages()?,
            Piece::Done(read) => {
                read?;
                break;
            }
        };
        for m in &batch {
            if cancel.is_cancelled() {
                return Err(CoreError::Cancelled);
            }
            exporter.message(m)?;
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                progress.update(&ProgressUpdate {
                    phase: Phase::Exporting,
                    label: label.clone(),
                    done,
                    total: total.max(done),
                });
            }
        }
    }
    exporter.end_chat()?;
    progress.update(&ProgressUpdate {
        phase: Phase::Exporting,
        label,
        done,
        total: total.max(done),
    });
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;
    use std::path::PathBuf;
    use std::sync::Mutex;

    fn sms_fixture() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/sms-backup-restore/sms-20231114164000.xml")
    }

    fn library_with_sms(dir: &std::path::Path) -> Ferry {
        let mut ferry = Ferry::open(&dir.join("lib")).unwrap();
        let request = ImportRequest {
            paths: vec![sms_fixture()],
            ..ImportRequest::default()
        };
        let report = ferry.import(&request, &NoProgress, &Cancel::new()).unwrap();
        assert_eq!(report.failed(), 0);
        ferry
    }

    fn request(out: PathBuf, chats: &[&str]) -> ExportRequest {
        ExportRequest {
            chats: chats.iter().map(|s| (*s).to_owned()).collect(),
            format: ExportFormat::Jsonl,
            options: ExportOptions::new(out),
        }
    }

    #[test]
    fn exports_every_chat_when_none_is_named_and_reports_progress() {
        let tmp = tempfile::tempdir().unwrap();
        let ferry = library_with_sms(tmp.path());
        let seen = Mutex::new(Vec::new());
        let progress = |u: &ProgressUpdate| seen.lock().unwrap().push((u.label.clone(), u.done));
        let s = ferry
            .export(
                &request(tmp.path().join("all.jsonl"), &[]),
                &progress,
                &Cancel::new(),
            )
            .unwrap();
        assert_eq!(s.chats.len(), 4);
        assert_eq!(s.messages, 6);
        let seen = seen.lock().unwrap();
        assert!(
            seen.iter().any(|(l, d)| l == "Alice Example" && *d == 2),
            "{seen:?}"
        );
    }

    #[test]
    fn a_chat_named_twice_is_exported_once() {
        let tmp = tempfile::tempdir().unwrap();
        let ferry = library_with_sms(tmp.path());
        let s = ferry
            .export(
                &request(
                    tmp.path().join("a.jsonl"),
                    &["Alice Example", "Alice Example"],
                ),
                &NoProgress,
                &Cancel::new(),
            )
            .unwrap();
        assert_eq!(s.chats.len(), 1);
        assert_eq!(s.messages, 2);
    }

    #[test]
    fn cancel_stops_the_export() {
        let tmp = tempfile::tempdir().unwrap();
        let ferry = library_with_sms(tmp.path());
        let cancel = Cancel::new();
        cancel.cancel();
        let err = ferry
            .export(
                &request(tmp.path().join("c.jsonl"), &[]),
                &NoProgress,
                &cancel,
            )
            .unwrap_err();
        assert!(matches!(err, CoreError::Cancelled), "{err:?}");
    }

    #[test]
    fn an_unknown_chat_is_an_error_and_an_empty_library_has_nothing_to_export() {
        let tmp = tempfile::tempdir().unwrap();
        let ferry = library_with_sms(tmp.path());
        let err = ferry
            .export(
                &request(tmp.path().join("x.jsonl"), &["nobody"]),
                &NoProgress,
                &Cancel::new(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "store", "{err}");
        let empty = Ferry::open(&tmp.path().join("empty")).unwrap();
        let err = empty
            .export(
                &request(tmp.path().join("y.jsonl"), &[]),
                &NoProgress,
                &Cancel::new(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "invalid-request");
    }

    #[test]
    fn convert_reads_into_a_scratch_library_and_fails_when_nothing_imports() {
        let tmp = tempfile::tempdir().unwrap();
        let import = ImportRequest {
            paths: vec![sms_fixture()],
            ..ImportRequest::default()
        };
        let r = convert(
            &import,
            &request(tmp.path().join("c.jsonl"), &[]),
            &NoProgress,
            &Cancel::new(),
        )
        .unwrap();
        assert_eq!(r.export.messages, 6);
        let garbage = tmp.path().join("garbage.bin");
        std::fs::write(&garbage, b"\x00\x01 not an export").unwrap();
        let bad = ImportRequest {
            paths: vec![garbage],
            ..ImportRequest::default()
        };
        let err = convert(
            &bad,
            &request(tmp.path().join("d.jsonl"), &[]),
            &NoProgress,
            &Cancel::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("nothing could be imported"),
            "{err}"
        );
    }
}
