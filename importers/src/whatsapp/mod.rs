//! WhatsApp "Export chat" text format.

use crate::{Detected, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// The WhatsApp importer.
#[derive(Debug)]
pub struct WhatsAppImporter;

impl Importer for WhatsAppImporter {
    fn id(&self) -> &'static str {
        "whatsapp"
    }

    fn app(&self) -> App {
        App::WhatsApp
    }

    fn description(&self) -> &'static str {
        "WhatsApp \"Export chat\" (.txt, or .zip with media)"
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
