//! Telegram Desktop exports: machine-readable JSON (`result.json`) and HTML
//! (`messages.html`, `messages2.html`, ...).
//!
//! Map:
//! - [`TelegramJsonImporter`] (`telegram-json`): single-chat and
//!   full-account `result.json`, streamed message by message ([`json`]).
//! - [`TelegramHtmlImporter`] (`telegram-html`): the HTML pages of one chat,
//!   page by page ([`html`]); a fallback for people who only exported HTML.
//! - [`common`]: what both share: chat kinds, time stamps, participants,
//!   attachments and the files behind them.
//!
//! Format notes and what Ferry keeps or loses: `docs/formats/telegram.md`.

pub mod common;
pub mod json;

use crate::{Detected, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// Telegram Desktop "Machine-readable JSON" exports.
#[derive(Debug)]
pub struct TelegramJsonImporter;

impl Importer for TelegramJsonImporter {
    fn id(&self) -> &'static str {
        "telegram-json"
    }

    fn app(&self) -> App {
        App::Telegram
    }

    fn description(&self) -> &'static str {
        "Telegram Desktop export, machine-readable JSON (result.json: one chat or the whole account)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        json::detect(input)
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        json::import(input, &found.entry, options, sink)
    }
}
