//! One module per subcommand: its arguments (clap) and its `run`.

pub mod advise;
pub mod apps;
pub mod chats;
pub mod claims;
pub mod compare;
pub mod import;
pub mod messages;
pub mod search;
pub mod stats;

use anyhow::Context;
use ferry_core::Ferry;
use std::path::Path;

/// Opens the library, naming it in the error.
pub fn open(library: &Path) -> anyhow::Result<Ferry> {
    Ferry::open(library).with_context(|| format!("cannot open library {}", library.display()))
}
