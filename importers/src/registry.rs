//! The formats Ferry reads, and how an input is matched to them.
//!
//! Each format module provides one [`Importer`]. [`detect`] asks every
//! importer which exports an [`Input`] holds (by content, not only by
//! name); [`import`] runs the importer of one [`Detected`] export.

use crate::{ImportError, ImportOptions, Input, Sink};
use ferry_model::App;
use std::fmt;
use std::str::FromStr;

/// An export format. The string form ([`Format::id`]) is what `--format`
/// takes and what reports print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// WhatsApp "Export chat" text (`.txt`, or a `.zip` with media).
    WhatsApp,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: &'static [Format] = &[Format::WhatsApp];

    pub fn id(self) -> &'static str {
        match self {
            Format::WhatsApp => "whatsapp",
        }
    }

    /// The app whose exports this format holds.
    pub fn app(self) -> App {
        match self {
            Format::WhatsApp => App::WhatsApp,
        }
    }

    /// One line for `--help` and the README.
    pub fn description(self) -> &'static str {
        match self {
            Format::WhatsApp => "WhatsApp \"Export chat\" (.txt, or .zip with media)",
        }
    }

    fn importer(self) -> &'static dyn Importer {
        match self {
            Format::WhatsApp => &crate::whatsapp::WhatsAppImporter,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.id().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let known: Vec<_> = Format::ALL.iter().map(|f| f.id()).collect();
                format!("unknown format {s:?} (known: {})", known.join(", "))
            })
    }
}

/// One export found inside an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    /// The entry the importer starts from (e.g. `_chat.txt`, `result.json`).
    pub entry: String,
    /// What to call it in reports, e.g. `WhatsApp chat with Alice`.
    pub label: String,
}

/// What each format module implements.
pub trait Importer: Sync {
    fn format(&self) -> Format;

    /// The exports of this format that `input` holds; empty when none. Must
    /// be cheap (read names and the first few kilobytes) and never fail:
    /// unreadable candidates are simply not detected.
    fn detect(&self, input: &Input) -> Vec<Detected>;

    /// Parses one detected export into the sink.
    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError>;
}

/// Every export in `input`, of the given format or of any format.
pub fn detect(input: &Input, only: Option<Format>) -> Vec<Detected> {
    let formats: &[Format] = match &only {
        Some(f) => std::slice::from_ref(f),
        None => Format::ALL,
    };
    formats
        .iter()
        .flat_map(|f| f.importer().detect(input))
        .collect()
}

/// Imports one detected export.
pub fn import(
    input: &Input,
    found: &Detected,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    found.format.importer().import(input, found, options, sink)
}
