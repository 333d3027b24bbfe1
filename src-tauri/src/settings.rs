//! The app's settings: a small JSON file in the platform config dir
//! (`~/.config/ferry/settings.json` on Linux). A missing or unreadable file
//! means defaults; `FERRY_LIBRARY` in the environment overrides the library
//! folder without touching the file.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Light, dark, or whatever the system uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

/// What the user can change in the settings view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// The library folder; `null` means the platform default.
    pub library_dir: Option<String>,
    /// IANA zone for exports that print local times; `null` means the
    /// system's zone.
    pub default_time_zone: Option<String>,
    pub theme: Theme,
}

/// Where the settings file lives: `<config dir>/ferry/settings.json`.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("ferry").join("settings.json"))
}

impl Settings {
    /// Reads the file; defaults when it is missing or not valid JSON (a
    /// broken settings file must not keep the app from starting).
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the file (creating its folder), replacing it atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, path)
    }

    /// Checks what the user typed: a known time zone, a non-empty folder.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(tz) = &self.default_time_zone {
            ferry_core::paths::parse_time_zone(tz)?;
        }
        if self
            .library_dir
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
            return Err("the library folder must not be empty".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_file_in_camel_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.json");
        let s = Settings {
            library_dir: Some("/data/ferry".into()),
            default_time_zone: Some("Europe/Berlin".into()),
            theme: Theme::Dark,
        };
        s.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"libraryDir\"") && text.contains("\"dark\""),
            "{text}"
        );
        assert_eq!(Settings::load(&path), s);
    }

    #[test]
    fn missing_broken_or_partial_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        std::fs::write(&path, br#"{"theme":"light"}"#).unwrap();
        assert_eq!(Settings::load(&path).theme, Theme::Light);
        assert_eq!(Settings::load(&path).library_dir, None);
    }

    #[test]
    fn validation_table() {
        let cases = [
            ("default", Settings::default(), true),
            (
                "known zone",
                Settings {
                    default_time_zone: Some("America/New_York".into()),
                    ..Settings::default()
                },
                true,
            ),
            (
                "unknown zone",
                Settings {
                    default_time_zone: Some("Mars/Olympus".into()),
                    ..Settings::default()
                },
                false,
            ),
            (
                "blank folder",
                Settings {
                    library_dir: Some("  ".into()),
                    ..Settings::default()
                },
                false,
            ),
        ];
        for (name, s, ok) in cases {
            assert_eq!(s.validate().is_ok(), ok, "{name}");
        }
    }
}
