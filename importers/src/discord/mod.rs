//! Discord: DiscordChatExporter exports and Discord's own data package.
//!
//! Three importers share this module:
//! - `discord-dce` ([`DceJsonImporter`]): DiscordChatExporter JSON, one
//!   channel per file, streamed ([`dce`]).
//! - `discord-dce-csv` ([`DceCsvImporter`]): the exporter's CSV flavour
//!   ([`dce::csv`]).
//! - `discord-package` ([`PackageImporter`]): the GDPR data package, old CSV
//!   and new JSON layouts ([`package`]).
//!
//! Shared pieces: [`snowflake`] (64-bit ids kept exact), [`time`],
//! [`assets`] (attachment files and the remote-URL summary), [`count`].
//! Format notes: `docs/formats/discord.md`.

pub mod assets;
pub mod count;
pub mod dce;
pub mod package;
pub mod snowflake;
pub mod time;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// Bytes read from a candidate file to recognise it.
const SNIFF_BYTES: usize = 4096;

/// Entries whose name ends with `ext` (or the single entry of a one-file
/// input), paired with their first bytes.
fn candidates(input: &Input, ext: &str) -> Vec<(String, Vec<u8>)> {
    let single = input.entries().len() == 1;
    input
        .entries()
        .iter()
        .filter(|e| single || e.name.to_ascii_lowercase().ends_with(ext))
        .filter(|e| !package::is_package_entry(&e.name))
        .filter_map(|e| Some((e.name.clone(), input.head(&e.name, SNIFF_BYTES).ok()?)))
        .collect()
}

/// DiscordChatExporter JSON.
#[derive(Debug)]
pub struct DceJsonImporter;

impl Importer for DceJsonImporter {
    fn id(&self) -> &'static str {
        "discord-dce"
    }

    fn app(&self) -> App {
        App::Discord
    }

    fn description(&self) -> &'static str {
        "DiscordChatExporter JSON (one channel per .json, media folder optional)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        candidates(input, ".json")
            .into_iter()
            .filter(|(_, head)| dce::sniff(head))
            .map(|(name, _)| Detected {
                format: Format::of(&DceJsonImporter),
                label: format!("Discord channel export {}", file_label(&name)),
                entry: name,
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        dce::import(input, &found.entry, options, sink)
    }
}

/// DiscordChatExporter CSV.
#[derive(Debug)]
pub struct DceCsvImporter;

impl Importer for DceCsvImporter {
    fn id(&self) -> &'static str {
        "discord-dce-csv"
    }

    fn app(&self) -> App {
        App::Discord
    }

    fn description(&self) -> &'static str {
        "DiscordChatExporter CSV (no message ids; chat named after the file)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        candidates(input, ".csv")
            .into_iter()
            .filter(|(_, head)| dce::csv::sniff(head))
            .map(|(name, _)| Detected {
                format: Format::of(&DceCsvImporter),
                label: format!("Discord channel export {}", file_label(&name)),
                entry: name,
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        dce::csv::import(input, &found.entry, options, sink)
    }
}

/// Discord's data package.
#[derive(Debug)]
pub struct PackageImporter;

impl Importer for PackageImporter {
    fn id(&self) -> &'static str {
        "discord-package"
    }

    fn app(&self) -> App {
        App::Discord
    }

    fn description(&self) -> &'static str {
        "Discord data package (package.zip or its folder): your own messages only"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        package::find(input)
            .into_iter()
            .map(|(folder, channels)| Detected {
                format: Format::of(&PackageImporter),
                label: format!("Discord data package ({} channels)", channels.len()),
                entry: folder,
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        package::import(input, &found.entry, options, sink)
    }
}

fn file_label(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}
