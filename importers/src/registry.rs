//! The formats Ferry reads, and how an input is matched to them.
//!
//! Each format module provides one [`Importer`], listed once in
//! [`IMPORTERS`]. [`detect`] asks every importer which exports an [`Input`]
//! holds (by content, not only by name); [`import`] runs the importer of
//! one [`Detected`] export.

use crate::{ImportError, ImportOptions, Input, Sink};
use ferry_model::App;
use std::fmt;
use std::str::FromStr;

/// Every importer, in the order detection tries them. Adding a format is
/// one module plus one line here.
pub static IMPORTERS: &[&dyn Importer] = &[
    &crate::whatsapp::WhatsAppImporter,
    &crate::telegram::TelegramJsonImporter,
    &crate::telegram::TelegramHtmlImporter,
    &crate::meta::MessengerImporter,
    &crate::meta::InstagramImporter,
    &crate::meta::MessengerE2eeImporter,
    &crate::x_dms::XDmsImporter,
    &crate::signal::backup::SignalBackupImporter,
    &crate::signal::sigtop::SigtopImporter,
    &crate::signal::signal_export::SignalExportImporter,
    &crate::discord::DceJsonImporter,
    &crate::discord::DceCsvImporter,
    &crate::discord::PackageImporter,
    &crate::sms::SmsXmlImporter,
    &crate::matrix::MatrixImporter,
    &crate::matrix::text::TextImporter,
    &crate::imessage::IMessageImporter,
    &crate::slack::SlackImporter,
    &crate::line::LineImporter,
    &crate::kakaotalk::KakaoTalkText,
    &crate::kakaotalk::KakaoTalkCsv,
    &crate::threema::ThreemaImporter,
    &crate::google_chat::GoogleChatImporter,
    &crate::google_chat::HangoutsImporter,
];

/// What each format module implements.
pub trait Importer: Sync {
    /// Stable id, as `--format` takes it and reports print (`whatsapp`).
    fn id(&self) -> &'static str;

    /// The app whose exports this format holds.
    fn app(&self) -> App;

    /// One line for `--help` and the README.
    fn description(&self) -> &'static str;

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

/// An export format: a handle on its importer.
#[derive(Clone, Copy)]
pub struct Format(&'static dyn Importer);

impl Format {
    /// Every format, in detection order.
    pub fn all() -> impl Iterator<Item = Format> {
        IMPORTERS.iter().map(|i| Format(*i))
    }

    pub fn id(self) -> &'static str {
        self.0.id()
    }

    pub fn app(self) -> App {
        self.0.app()
    }

    pub fn description(self) -> &'static str {
        self.0.description()
    }

    /// The format of an importer (for `Detected` values).
    pub fn of(importer: &'static dyn Importer) -> Format {
        Format(importer)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Format {}

impl fmt::Debug for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Format({})", self.id())
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
        Format::all()
            .find(|f| f.id().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let known: Vec<_> = Format::all().map(|f| f.id()).collect();
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

/// Pairs `(specific, general)`: when both claim the same entry, the
/// specific format's claim wins. WhatsApp reads every bracketed
/// `[date, time] name: text` header, which Threema's lines also are.
const PRECEDENCE: &[(&str, &str)] = &[("threema", "whatsapp")];

/// Every export in `input`, of the given format or of any format.
pub fn detect(input: &Input, only: Option<Format>) -> Vec<Detected> {
    match only {
        Some(f) => f.0.detect(input),
        None => {
            let all: Vec<Detected> = IMPORTERS.iter().flat_map(|i| i.detect(input)).collect();
            let shadowed = |d: &Detected| {
                PRECEDENCE.iter().any(|(specific, general)| {
                    d.format.id() == *general
                        && all
                            .iter()
                            .any(|o| o.entry == d.entry && o.format.id() == *specific)
                })
            };
            all.iter().filter(|d| !shadowed(d)).cloned().collect()
        }
    }
}

/// Imports one detected export.
pub fn import(
    input: &Input,
    found: &Detected,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    found.format.0.import(input, found, options, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_parse_back() {
        let mut ids: Vec<_> = Format::all().map(Format::id).collect();
        for id in &ids {
            assert_eq!(id.parse::<Format>().unwrap().id(), *id);
        }
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate format ids");
    }

    #[test]
    fn threema_claims_win_over_whatsapp_for_the_same_file() {
        let line = "[14.11.2023, 22:13] Alice Example: Hallo\n";
        let input = Input::from_bytes("messages-Alice.txt", line.as_bytes().to_vec());
        let ids: Vec<_> = detect(&input, None).iter().map(|d| d.format.id()).collect();
        assert_eq!(ids, ["threema"]);
        let whatsapp = "whatsapp".parse().ok();
        assert_eq!(
            detect(&input, whatsapp).len(),
            1,
            "a forced format is still asked"
        );
        let ios = "[14.11.23, 22:13:05] Alice: Hallo\n";
        let input = Input::from_bytes("chat.txt", ios.as_bytes().to_vec());
        let ids: Vec<_> = detect(&input, None).iter().map(|d| d.format.id()).collect();
        assert_eq!(ids, ["whatsapp"]);
    }

    #[test]
    fn unknown_format_lists_known_ones() {
        let err = "nope".parse::<Format>().unwrap_err();
        assert!(err.contains("whatsapp"), "{err}");
    }
}
