//! Finding exports inside the paths a user gives.
//!
//! A file or zip is asked of every importer. A folder is asked as a whole
//! (an unpacked Telegram or Facebook export is a folder), and every zip
//! inside it is opened and asked on its own (a folder of WhatsApp zips).

use crate::CoreError;
use ferry_importers::{Detected, Format, Input};
use std::path::Path;
use std::sync::Arc;

/// One export, and the input it lives in.
#[derive(Debug, Clone)]
pub struct Found {
    pub input: Arc<Input>,
    pub detected: Detected,
}

/// Every export in `path`, in a stable order.
pub fn scan(path: &Path, only: Option<Format>) -> Result<Vec<Found>, CoreError> {
    let open = |p: &Path| {
        Input::open(p).map_err(|source| CoreError::Input {
            path: p.to_owned(),
            source,
        })
    };
    let input = Arc::new(open(path)?);
    let mut out: Vec<Found> = ferry_importers::detect(&input, only)
        .into_iter()
        .map(|detected| Found {
            input: Arc::clone(&input),
            detected,
        })
        .collect();
    if path.is_dir() {
        let zips: Vec<String> = input
            .entries()
            .iter()
            .filter(|e| e.name.to_ascii_lowercase().ends_with(".zip"))
            .map(|e| e.name.clone())
            .collect();
        for name in zips {
            // A zip that cannot be opened is not an export of ours; exports
            // may carry zips as attachments.
            let Ok(zip) = open(&path.join(&name)) else {
                continue;
            };
            let zip = Arc::new(zip);
            out.extend(
                ferry_importers::detect(&zip, only)
                    .into_iter()
                    .map(|detected| Found {
                        input: Arc::clone(&zip),
                        detected,
                    }),
            );
        }
    }
    Ok(out)
}
