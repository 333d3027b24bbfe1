//! Options every importer understands.

use chrono_tz::Tz;

/// Day/month/year order for formats that print dates without naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
}

impl DateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            "ymd" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// How to read an export.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Zone in which exports that print local times without an offset were
    /// written.
    pub tz: Tz,
    /// Forced date order; `None` lets the importer decide from the file and
    /// fall back to [`ImportOptions::default_date_order`] with a warning.
    pub date_order: Option<DateOrder>,
    /// Used when the file cannot decide and no order was forced.
    pub default_date_order: DateOrder,
    /// Display name (or phone) of the person who made the export.
    pub me: Option<String>,
    /// Passphrase for encrypted backups (Signal). Never logged.
    pub passphrase: Option<Secret>,
    /// Folder holding attachments that live outside the export (iMessage).
    pub attachments_dir: Option<std::path::PathBuf>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            tz: Tz::UTC,
            date_order: None,
            default_date_order: DateOrder::Dmy,
            me: None,
            passphrase: None,
            attachments_dir: None,
        }
    }
}

/// A secret string whose `Debug` output is redacted, so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted_in_debug() {
        let o = ImportOptions {
            passphrase: Some(Secret::new("123456789012345678901234567890")),
            ..ImportOptions::default()
        };
        assert!(!format!("{o:?}").contains("1234"));
    }
}
