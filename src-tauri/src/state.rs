//! What the app keeps between commands: the settings, the open library (for
//! reading, under a mutex, opened on first use) and the cancel flag of the
//! running import or export.
//!
//! Long jobs open their own connection to the library (SQLite in WAL mode),
//! so browsing and searching keep working while an import runs; the reading
//! connection sees an import's data as soon as it commits.

use crate::error::{CommandError, CommandResult};
use crate::settings::{self, Settings};
use ferry_core::catalog::Catalog;
use ferry_core::{Cancel, CoreError, Ferry};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The app's state, managed by Tauri.
#[derive(Debug)]
pub struct AppState {
    /// Where settings are saved; `None` when the platform has no config dir.
    settings_path: Option<PathBuf>,
    settings: Mutex<Settings>,
    /// `FERRY_LIBRARY`, which overrides the settings' folder.
    env_library: Option<PathBuf>,
    library: Mutex<Option<Ferry>>,
    job: Mutex<Option<Cancel>>,
    catalog: OnceLock<Result<Catalog, String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another command must not lock the app out for good.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl AppState {
    /// Settings from the platform config dir, `FERRY_LIBRARY` from the
    /// environment.
    pub fn from_environment() -> Self {
        let env_library = std::env::var_os("FERRY_LIBRARY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        AppState::new(settings::default_path(), env_library)
    }

    pub fn new(settings_path: Option<PathBuf>, env_library: Option<PathBuf>) -> Self {
        let settings = settings_path
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        AppState {
            settings_path,
            settings: Mutex::new(settings),
            env_library,
            library: Mutex::new(None),
            job: Mutex::new(None),
            catalog: OnceLock::new(),
        }
    }

    /// The library folder in force: `FERRY_LIBRARY`, else the settings',
    /// else the platform default.
    pub fn library_dir(&self) -> PathBuf {
        if let Some(dir) = &self.env_library {
            return dir.clone();
        }
        lock(&self.settings)
            .library_dir
            .as_ref()
            .map(PathBuf::from)
            .unwrap_or_else(ferry_core::paths::default_library_dir)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Validates, saves and applies new settings. A changed library folder
    /// is opened by the next command.
    pub fn set_settings(&self, new: Settings) -> CommandResult<()> {
        new.validate()
            .map_err(|m| CommandError::new("settings", m))?;
        if let Some(path) = &self.settings_path {
            new.save(path)
                .map_err(|e| CommandError::new("settings", format!("{}: {e}", path.display())))?;
        }
        *lock(&self.settings) = new;
        *lock(&self.library) = None;
        Ok(())
    }

    /// Runs `f` on the open library, opening it first if needed.
    pub fn with_library<T>(
        &self,
        f: impl FnOnce(&Ferry) -> Result<T, CoreError>,
    ) -> CommandResult<T> {
        let mut guard = lock(&self.library);
        let ferry = match guard.take() {
            Some(ferry) => ferry,
            None => Ferry::open(&self.library_dir())?,
        };
        let out = f(&ferry);
        *guard = Some(ferry);
        Ok(out?)
    }

    /// Opens a connection of its own, for a long job.
    pub fn open_library(&self) -> CommandResult<Ferry> {
        Ok(Ferry::open(&self.library_dir())?)
    }

    /// Registers a new job; fails with `busy` while another one runs. The
    /// job is unregistered when the returned guard is dropped.
    pub fn start_job(&self) -> CommandResult<JobGuard<'_>> {
        let mut job = lock(&self.job);
        if job.is_some() {
            return Err(CommandError::new(
                "busy",
                "an import or export is already running",
            ));
        }
        let cancel = Cancel::new();
        *job = Some(cancel.clone());
        Ok(JobGuard {
            state: self,
            cancel,
        })
    }

    /// Cancels the running job, if any; true when there was one.
    pub fn cancel_job(&self) -> bool {
        match &*lock(&self.job) {
            Some(cancel) => {
                cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// The embedded catalog, loaded and validated once.
    pub fn catalog(&self) -> CommandResult<&Catalog> {
        self.catalog
            .get_or_init(|| ferry_core::catalog::load().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|m| CommandError::new("catalog", m.clone()))
    }

    /// The zone for imports that do not name one: the settings', else the
    /// system's, else UTC.
    pub fn default_time_zone(&self) -> chrono_tz::Tz {
        lock(&self.settings)
            .default_time_zone
            .as_deref()
            .and_then(|name| ferry_core::paths::parse_time_zone(name).ok())
            .or_else(ferry_core::paths::system_time_zone)
            .unwrap_or(chrono_tz::Tz::UTC)
    }
}

/// A running job; dropping it frees the slot for the next one.
#[derive(Debug)]
pub struct JobGuard<'a> {
    state: &'a AppState,
    pub cancel: Cancel,
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        *lock(&self.state.job) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_library_overrides_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        Settings {
            library_dir: Some(dir.path().join("from-settings").display().to_string()),
            ..Settings::default()
        }
        .save(&path)
        .unwrap();
        let from_settings = AppState::new(Some(path.clone()), None);
        assert_eq!(
            from_settings.library_dir(),
            dir.path().join("from-settings")
        );
        let env = AppState::new(Some(path), Some(dir.path().join("env")));
        assert_eq!(env.library_dir(), dir.path().join("env"));
    }

    #[test]
    fn one_job_at_a_time_and_cancel_reaches_it() {
        let state = AppState::new(None, None);
        assert!(!state.cancel_job(), "nothing to cancel");
        let job = state.start_job().unwrap();
        assert_eq!(state.start_job().unwrap_err().code, "busy");
        assert!(state.cancel_job());
        assert!(job.cancel.is_cancelled());
        drop(job);
        let next = state.start_job().unwrap();
        assert!(!next.cancel.is_cancelled(), "a new job starts uncancelled");
    }

    #[test]
    fn changing_the_library_folder_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(Some(dir.path().join("settings.json")), None);
        let a = dir.path().join("a");
        state
            .set_settings(Settings {
                library_dir: Some(a.display().to_string()),
                ..Settings::default()
            })
            .unwrap();
        assert_eq!(
            state.with_library(|f| Ok(f.dir().to_path_buf())).unwrap(),
            a
        );
        let b = dir.path().join("b");
        state
            .set_settings(Settings {
                library_dir: Some(b.display().to_string()),
                ..Settings::default()
            })
            .unwrap();
        assert_eq!(
            state.with_library(|f| Ok(f.dir().to_path_buf())).unwrap(),
            b
        );
        assert!(b.join("library.db").is_file());
        let bad = Settings {
            default_time_zone: Some("Nowhere/Else".into()),
            ..Settings::default()
        };
        assert_eq!(state.set_settings(bad).unwrap_err().code, "settings");
        assert_eq!(state.library_dir(), b, "a rejected change changes nothing");
    }
}
