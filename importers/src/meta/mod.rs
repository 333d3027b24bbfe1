//! Facebook Messenger and Instagram "Download your information" (DYI) JSON
//! exports, and the separate Messenger end-to-end encrypted chats export.
//!
//! Three importers share this module:
//! - [`MessengerImporter`] (`messenger`): Facebook DYI threads, old layout
//!   (`messages/inbox/…`) and 2023+ (`your_activity_across_facebook/…`);
//! - [`InstagramImporter`] (`instagram`): the same schema under
//!   `your_instagram_activity/messages/…` or an old Instagram export;
//! - [`MessengerE2eeImporter`] (`messenger-e2ee`): the camelCase export of
//!   end-to-end encrypted chats (a different shape, hence its own id).
//!
//! Each DYI thread folder is one [`Detected`] (entry = its `message_1.json`);
//! importing reads all its `message_N.json`. See `docs/formats/messenger.md`.
//!
//! Map:
//! - [`detect`]: thread folders, layouts, Facebook vs Instagram;
//! - [`dyi`]: streaming reader of a `message_N.json`;
//! - [`convert`]: one DYI message → [`ferry_model::Message`];
//! - [`system`]: the notice / call / placeholder heuristics;
//! - [`mojibake`]: undoing Meta's double-encoded UTF-8;
//! - [`media`]: locating referenced files and storing them;
//! - [`me`]: who made the export;
//! - [`thread`]: importing one thread folder;
//! - [`e2ee`]: the end-to-end encrypted export;
//! - [`read`], [`timeline`]: streaming helpers also used by the X importer.

pub mod convert;
pub mod detect;
pub mod dyi;
pub mod e2ee;
pub mod me;
pub mod media;
pub mod mojibake;
pub mod read;
pub mod system;
pub mod thread;
pub mod timeline;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use detect::Thread;
use ferry_model::App;

/// The thread folder an entry belongs to, with all its `message_N.json`.
fn thread_of(input: &Input, entry: &str, app: App) -> Thread {
    let dir = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut files: Vec<(u32, String)> = input
        .entries()
        .iter()
        .filter(|e| e.dir() == dir)
        .filter_map(|e| detect::message_number(e.file_name()).map(|n| (n, e.name.clone())))
        .collect();
    files.sort();
    if !files.iter().any(|(_, e)| e == entry) {
        files = vec![(1, entry.to_owned())];
    }
    Thread {
        app,
        dir: dir.to_owned(),
        files,
    }
}

fn detected(format: Format, t: &Thread, what: &str) -> Option<Detected> {
    let (_, entry) = t.files.first()?;
    Some(Detected {
        format,
        entry: entry.clone(),
        label: format!("{what} thread {}", t.category_path()),
    })
}

/// Facebook Messenger DYI JSON threads.
#[derive(Debug)]
pub struct MessengerImporter;

impl Importer for MessengerImporter {
    fn id(&self) -> &'static str {
        "messenger"
    }

    fn app(&self) -> App {
        App::Messenger
    }

    fn description(&self) -> &'static str {
        "Facebook Messenger \"Download your information\" (JSON, .zip or folder)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let format = Format::of(&MessengerImporter);
        let mut threads: Vec<Thread> = detect::threads(input)
            .into_iter()
            .filter(|t| t.app == App::Messenger)
            .collect();
        threads.extend(detect::lone_thread(input));
        threads
            .iter()
            .filter_map(|t| detected(format, t, "Messenger"))
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        thread::import_thread(
            input,
            &thread_of(input, &found.entry, App::Messenger),
            options,
            sink,
        )
    }
}

/// Instagram DYI JSON threads.
#[derive(Debug)]
pub struct InstagramImporter;

impl Importer for InstagramImporter {
    fn id(&self) -> &'static str {
        "instagram"
    }

    fn app(&self) -> App {
        App::Instagram
    }

    fn description(&self) -> &'static str {
        "Instagram \"Download your information\" messages (JSON, .zip or folder)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let format = Format::of(&InstagramImporter);
        detect::threads(input)
            .iter()
            .filter(|t| t.app == App::Instagram)
            .filter_map(|t| detected(format, t, "Instagram"))
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        thread::import_thread(
            input,
            &thread_of(input, &found.entry, App::Instagram),
            options,
            sink,
        )
    }
}

/// Messenger end-to-end encrypted chats export.
#[derive(Debug)]
pub struct MessengerE2eeImporter;

impl Importer for MessengerE2eeImporter {
    fn id(&self) -> &'static str {
        "messenger-e2ee"
    }

    fn app(&self) -> App {
        App::Messenger
    }

    fn description(&self) -> &'static str {
        "Messenger end-to-end encrypted chats export (JSON per chat, with media/)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let mut found = Vec::new();
        e2ee::detect(input, &mut found, Format::of(&MessengerE2eeImporter));
        found
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        e2ee::import(input, &found.entry, options, sink)
    }
}
