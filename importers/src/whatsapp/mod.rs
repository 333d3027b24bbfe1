//! WhatsApp "Export chat" text format.

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};

/// The WhatsApp importer.
#[derive(Debug)]
pub struct WhatsAppImporter;

impl Importer for WhatsAppImporter {
    fn format(&self) -> Format {
        Format::WhatsApp
    }

    fn detect(&self, _input: &Input) -> Vec<Detected> {
        Vec::new()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        _options: &ImportOptions,
        _sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        Err(ImportError::new(
            input.describe(&found.entry),
            crate::ImportErrorKind::Unrecognised(" (WhatsApp importer in progress)".into()),
        ))
    }
}
