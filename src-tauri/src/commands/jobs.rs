//! Long work: import (and dry run) and export. Each streams
//! [`ProgressUpdate`]s over a channel, at most every [`PROGRESS_EVERY`] or
//! on a change of phase or item, and stops on `cancel_job` (an import then
//! rolls back the export being read; the library stays consistent).

use super::blocking;
use crate::AppState;
use crate::dto::{ExportSettings, ImportSettings};
use crate::error::{CommandError, CommandResult};
use ferry_core::{
    DateOrder, ExportFormat, ExportOptions, ExportRequest, ExportSummary, Format, FormatInfo,
    ImportOptions, ImportReport, ImportRequest, Progress, ProgressUpdate, Secret,
};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::AppHandle;
use tauri::ipc::Channel;

/// The shortest time between two progress messages of the same item.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Passes updates on at most every [`PROGRESS_EVERY`], and always when the
/// phase or label changes or an item completes.
pub struct Throttled<F> {
    send: F,
    every: Duration,
    last: Mutex<Option<(Instant, ProgressUpdate)>>,
}

impl<F: Fn(&ProgressUpdate) + Send + Sync> Throttled<F> {
    pub fn new(send: F) -> Self {
        Throttled::every(PROGRESS_EVERY, send)
    }

    pub fn every(every: Duration, send: F) -> Self {
        Throttled {
            send,
            every,
            last: Mutex::new(None),
        }
    }
}

impl<F> std::fmt::Debug for Throttled<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Throttled")
    }
}

impl<F: Fn(&ProgressUpdate) + Send + Sync> Progress for Throttled<F> {
    fn update(&self, u: &ProgressUpdate) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = match &*last {
            None => true,
            Some((at, prev)) => {
                prev.phase != u.phase
                    || prev.label != u.label
                    || (u.total > 0 && u.done >= u.total)
                    || at.elapsed() >= self.every
            }
        };
        if due {
            *last = Some((Instant::now(), u.clone()));
            drop(last);
            (self.send)(u);
        }
    }
}

/// Builds the core request from the view's options.
pub fn import_request(
    state: &AppState,
    paths: Vec<String>,
    o: ImportSettings,
    dry_run: bool,
) -> CommandResult<ImportRequest> {
    let invalid = |m: String| CommandError::new("invalid-request", m);
    if paths.is_empty() {
        return Err(invalid("choose at least one file or folder".into()));
    }
    let format = o
        .format
        .filter(|f| !f.is_empty())
        .map(|f| f.parse::<Format>().map_err(|e| invalid(e.to_string())))
        .transpose()?;
    let tz = match o.tz.filter(|t| !t.is_empty()) {
        Some(name) => ferry_core::paths::parse_time_zone(&name).map_err(invalid)?,
        None => state.default_time_zone(),
    };
    let date_order = match o.date_order.filter(|d| !d.is_empty()) {
        Some(d) => {
            Some(DateOrder::parse(&d).ok_or_else(|| invalid(format!("unknown date order {d:?}")))?)
        }
        None => None,
    };
    Ok(ImportRequest {
        paths: paths.into_iter().map(PathBuf::from).collect(),
        format,
        options: ImportOptions {
            tz,
            date_order,
            me: o.me.filter(|m| !m.is_empty()),
            passphrase: o.passphrase.filter(|p| !p.is_empty()).map(Secret::new),
            attachments_dir: o
                .attachments_dir
                .filter(|a| !a.is_empty())
                .map(PathBuf::from),
            ..ImportOptions::default()
        },
        dry_run,
    })
}

/// Imports (or, with `dry_run`, only parses) into the library in force.
pub fn import_in(
    state: &AppState,
    paths: Vec<String>,
    options: ImportSettings,
    dry_run: bool,
    progress: &dyn Progress,
) -> CommandResult<ImportReport> {
    let request = import_request(state, paths, options, dry_run)?;
    let job = state.start_job()?;
    if dry_run {
        return Ok(ferry_core::dry_run(&request, progress, &job.cancel)?);
    }
    let mut ferry = state.open_library()?;
    Ok(ferry.import(&request, progress, &job.cancel)?)
}

/// Builds the core request from the export view's choices.
pub fn export_request(s: ExportSettings) -> CommandResult<ExportRequest> {
    let invalid = |m: String| CommandError::new("invalid-request", m);
    let format = s
        .format
        .parse::<ExportFormat>()
        .map_err(|e| invalid(e.to_string()))?;
    if s.out.trim().is_empty() {
        return Err(invalid("choose where to write the export".into()));
    }
    let mut options = ExportOptions::new(&s.out);
    options.renames = s.renames;
    options.phones = s.phones;
    options.me = s.me.filter(|m| !m.is_empty());
    options.since = s.since;
    options.until = s.until;
    options.include_media = s.include_media.unwrap_or(options.include_media);
    options.degrade_to_text = s.degrade_to_text.unwrap_or(options.degrade_to_text);
    options.tz = match s.time_zone.filter(|t| !t.is_empty()) {
        Some(name) => Some(ferry_core::paths::parse_time_zone(&name).map_err(invalid)?),
        None => None,
    };
    Ok(ExportRequest {
        chats: s.chats.iter().map(i64::to_string).collect(),
        format,
        options,
    })
}

pub fn export_in(
    state: &AppState,
    settings: ExportSettings,
    progress: &dyn Progress,
) -> CommandResult<ExportSummary> {
    let request = export_request(settings)?;
    let job = state.start_job()?;
    let ferry = state.open_library()?;
    Ok(ferry.export(&request, progress, &job.cancel)?)
}

fn channel_progress(channel: Channel<ProgressUpdate>) -> impl Progress {
    Throttled::new(move |u: &ProgressUpdate| {
        // A closed window only means nobody listens any more.
        let _ = channel.send(u.clone());
    })
}

#[tauri::command]
pub async fn import_paths(
    app: AppHandle,
    paths: Vec<String>,
    options: ImportSettings,
    on_progress: Channel<ProgressUpdate>,
) -> CommandResult<ImportReport> {
    blocking(app, move |s| {
        import_in(s, paths, options, false, &channel_progress(on_progress))
    })
    .await
}

#[tauri::command]
pub async fn dry_run_paths(
    app: AppHandle,
    paths: Vec<String>,
    options: ImportSettings,
    on_progress: Channel<ProgressUpdate>,
) -> CommandResult<ImportReport> {
    blocking(app, move |s| {
        import_in(s, paths, options, true, &channel_progress(on_progress))
    })
    .await
}

/// Asks the running import or export to stop; false when none runs.
#[tauri::command]
pub fn cancel_job(state: tauri::State<'_, AppState>) -> bool {
    state.cancel_job()
}

#[tauri::command]
pub fn export_formats() -> Vec<FormatInfo> {
    ExportFormat::ALL.iter().map(|f| f.info()).collect()
}

#[tauri::command]
pub async fn export_chats(
    app: AppHandle,
    request: ExportSettings,
    on_progress: Channel<ProgressUpdate>,
) -> CommandResult<ExportSummary> {
    blocking(app, move |s| {
        export_in(s, request, &channel_progress(on_progress))
    })
    .await
}

/// The folder to show for `path`: the path itself when it is a folder,
/// else its parent.
pub fn folder_to_reveal(path: &Path) -> CommandResult<PathBuf> {
    let meta = std::fs::metadata(path)
        .map_err(|e| CommandError::new("not-found", format!("{}: {e}", path.display())))?;
    Ok(if meta.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| path.to_path_buf())
    })
}

/// Opens the folder holding `path` in the system's file manager.
#[tauri::command]
pub fn reveal_path(path: String) -> CommandResult<()> {
    let folder = folder_to_reveal(Path::new(&path))?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(opener)
        .arg(&folder)
        .spawn()
        .map_err(|e| CommandError::new("io", format!("{opener}: {e}")))?;
    // Reap it when the file manager's launcher exits.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::library::{chat_messages_in, library_info_in};
    use crate::media;
    use ferry_core::Phase;
    use tauri::http::StatusCode;

    fn fixture(rel: &str) -> String {
        format!("{}/../fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
    }

    const MESSENGER: &str = "messenger/facebook_group_2021";
    const PHOTO: &str =
        "messenger/facebook_group_2021/messages/inbox/wandergruppe_x7k2p9q4r1/photos/photo_1.png";

    fn state() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(None, Some(dir.path().join("lib")));
        (dir, state)
    }

    #[test]
    fn import_streams_progress_and_its_media_is_served() {
        let (_d, state) = state();
        let updates = Mutex::new(Vec::new());
        let record = |u: &ProgressUpdate| updates.lock().unwrap().push(u.clone());
        let report = import_in(
            &state,
            vec![fixture(MESSENGER)],
            ImportSettings {
                tz: Some("Europe/Berlin".into()),
                ..ImportSettings::default()
            },
            false,
            &record,
        )
        .unwrap();
        assert!(!report.dry_run);
        assert!(
            report.sources.iter().all(|s| s.error.is_none()),
            "{report:?}"
        );
        let imported: u64 = report.sources.iter().map(|s| s.new_messages).sum();
        assert!(imported > 0);
        let phases: Vec<Phase> = updates.lock().unwrap().iter().map(|u| u.phase).collect();
        assert_eq!(phases.first(), Some(&Phase::Scanning));
        assert!(phases.contains(&Phase::Importing) && phases.contains(&Phase::Indexing));

        let info = library_info_in(&state).unwrap();
        assert_eq!(info.stats.messages, imported);
        let chats = state.with_library(|f| f.chats()).unwrap();
        let hashes: Vec<String> = chats
            .iter()
            .flat_map(|c| chat_messages_in(&state, c.id, 0, 1_000).unwrap())
            .flat_map(|m| m.message.attachments)
            .filter_map(|a| a.content_hash)
            .collect();
        let photo = std::fs::read(fixture(PHOTO)).unwrap();
        let served: Vec<_> = hashes
            .iter()
            .map(|h| media::respond(&state, &format!("/{h}")))
            .collect();
        assert!(served.iter().all(|r| r.status() == StatusCode::OK));
        let png = served
            .iter()
            .find(|r| r.body() == &photo)
            .expect("the imported photo is served byte for byte");
        assert_eq!(png.headers()["content-type"], "image/png");
    }

    #[test]
    fn cancelling_leaves_the_library_as_it_was() {
        let (_d, state) = state();
        let cancel_on_first = |_: &ProgressUpdate| {
            state.cancel_job();
        };
        let err = import_in(
            &state,
            vec![fixture(MESSENGER)],
            ImportSettings::default(),
            false,
            &cancel_on_first,
        )
        .unwrap_err();
        assert_eq!(err.code, "cancelled");
        assert_eq!(library_info_in(&state).unwrap().stats.messages, 0);
        assert!(state.start_job().is_ok(), "the job slot is free again");
    }

    #[test]
    fn dry_run_writes_nothing() {
        let (_d, state) = state();
        let report = import_in(
            &state,
            vec![fixture("whatsapp/android_dmy_24h_shortchat_pustur.txt")],
            ImportSettings::default(),
            true,
            &ferry_core::progress::NoProgress,
        )
        .unwrap();
        assert!(report.dry_run);
        assert!(report.sources.iter().map(|s| s.messages).sum::<u64>() > 0);
        assert_eq!(library_info_in(&state).unwrap().stats.messages, 0);
    }

    #[test]
    fn export_writes_the_chosen_chats() {
        let (dir, state) = state();
        import_in(
            &state,
            vec![fixture("whatsapp/android_dmy_24h_shortchat_pustur.txt")],
            ImportSettings::default(),
            false,
            &ferry_core::progress::NoProgress,
        )
        .unwrap();
        let chat = state.with_library(|f| f.chats()).unwrap().remove(0);
        let out = dir.path().join("out.jsonl");
        let summary = export_in(
            &state,
            ExportSettings {
                chats: vec![chat.id],
                format: "jsonl".into(),
                out: out.display().to_string(),
                ..ExportSettings::default()
            },
            &ferry_core::progress::NoProgress,
        )
        .unwrap();
        assert_eq!(summary.messages, chat.messages);
        let lines = std::fs::read_to_string(&out).unwrap().lines().count() as u64;
        assert!(lines >= chat.messages, "{lines} lines");
    }

    #[test]
    fn invalid_requests_table() {
        let (_d, state) = state();
        let path = || vec![fixture("whatsapp/android_dmy_24h_shortchat_pustur.txt")];
        let cases: [(&str, Vec<String>, ImportSettings); 4] = [
            ("no paths", vec![], ImportSettings::default()),
            (
                "unknown format",
                path(),
                ImportSettings {
                    format: Some("carrier-pigeon".into()),
                    ..ImportSettings::default()
                },
            ),
            (
                "unknown zone",
                path(),
                ImportSettings {
                    tz: Some("Atlantis/Capital".into()),
                    ..ImportSettings::default()
                },
            ),
            (
                "unknown date order",
                path(),
                ImportSettings {
                    date_order: Some("dym".into()),
                    ..ImportSettings::default()
                },
            ),
        ];
        for (name, paths, options) in cases {
            let err = import_request(&state, paths, options, false).unwrap_err();
            assert_eq!(err.code, "invalid-request", "{name}");
        }
        for (name, format, out) in [("format", "papyrus", "/tmp/x"), ("out", "txt", " ")] {
            let err = export_request(ExportSettings {
                format: format.into(),
                out: out.into(),
                ..ExportSettings::default()
            })
            .unwrap_err();
            assert_eq!(err.code, "invalid-request", "{name}");
        }
    }

    #[test]
    fn progress_is_throttled_but_keeps_changes_and_completions() {
        let seen = Mutex::new(Vec::new());
        let t = Throttled::every(Duration::from_secs(3600), |u: &ProgressUpdate| {
            seen.lock().unwrap().push(u.done)
        });
        let up = |phase, label: &str, done, total| ProgressUpdate {
            phase,
            label: label.into(),
            done,
            total,
        };
        t.update(&up(Phase::Importing, "a", 1, 10));
        t.update(&up(Phase::Importing, "a", 2, 10)); // within the interval: dropped
        t.update(&up(Phase::Importing, "a", 10, 10)); // complete: kept
        t.update(&up(Phase::Importing, "b", 0, 5)); // new item: kept
        t.update(&up(Phase::Indexing, "b", 1, 5)); // new phase: kept
        assert_eq!(*seen.lock().unwrap(), [1, 10, 0, 1]);
    }

    #[test]
    fn reveal_shows_the_folder_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, b"x").unwrap();
        assert_eq!(folder_to_reveal(&file).unwrap(), dir.path());
        assert_eq!(folder_to_reveal(dir.path()).unwrap(), dir.path());
        assert_eq!(
            folder_to_reveal(&dir.path().join("missing"))
                .unwrap_err()
                .code,
            "not-found"
        );
    }
}
