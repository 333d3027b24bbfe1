//! X (Twitter) direct messages from the X data archive.
//!
//! The archive's `data/` folder holds `direct-messages.js` (one-to-one) and
//! `direct-messages-group.js` (groups), each possibly continued in
//! `…-part1.js`, `…-part2.js`; every file is a `window.YTD.<name>.partN =`
//! assignment of a JSON array of conversations. Media sit in
//! `data/direct_messages_media/` and `data/direct_messages_group_media/`;
//! `data/account.js` names the exporter. Older archives use singular names
//! (`direct-message.js`, `direct_message_media/`). See `docs/formats/x.md`.
//!
//! [`XDmsImporter`] (`x-dms`) detects by content (the `window.YTD` global
//! of each candidate file) and reports one [`Detected`] per kind (direct,
//! group) and folder; importing it reads all its parts.
//!
//! Map:
//! - [`ytd`]: the `window.YTD` wrapper and which globals hold DMs;
//! - [`split`]: walking a DM file, events parsed on worker threads
//!   (bounded memory), with [`scan`] stepping through its JSON;
//! - [`raw`]: the serde shapes of events;
//! - [`quick`]: reads the usual message event without serde's derive;
//! - [`prepare`]: events → messages and notices, on the workers;
//! - [`convert`]: people, reactions, media and order, in file order;
//! - [`text`]: reaction keys, times and t.co links;
//! - [`account`]: the exporter from `account.js` or `options.me`.

pub mod account;
pub mod convert;
pub mod prepare;
pub mod quick;
pub mod raw;
pub mod scan;
pub mod split;
pub mod text;
pub mod ytd;

use crate::meta::read::{Counted, SkipBom, skip_assignment};
use crate::par_items::Par;
use crate::{Detected, Format, ImportError, ImportErrorKind, ImportOptions, Importer, Input, Sink};
use ferry_model::App;
use std::collections::BTreeMap;
use std::io::BufReader;
use ytd::DmKind;

/// Bytes sniffed for the `window.YTD` global.
const SNIFF_BYTES: usize = 256;

/// `(kind, part)` of a DM file, from its first bytes.
fn dm_file(input: &Input, name: &str) -> Option<(DmKind, u32)> {
    let head = input.head(name, SNIFF_BYTES).ok()?;
    let (global, part) = ytd::global(&head)?;
    Some((ytd::dm_kind(global)?, part))
}

/// Whether an entry is worth sniffing: archive DM files are named
/// `direct-message…js`; a lone file is always sniffed.
fn candidate(input: &Input, name: &str, file_name: &str) -> bool {
    input.entries().len() == 1 || (file_name.starts_with("direct-message") && name.ends_with(".js"))
}

/// Every DM file in `dir` of `kind`, by part number.
fn parts(input: &Input, dir: &str, kind: DmKind) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = input
        .entries()
        .iter()
        .filter(|e| e.dir() == dir && candidate(input, &e.name, e.file_name()))
        .filter_map(|e| match dm_file(input, &e.name) {
            Some((k, part)) if k == kind => Some((part, e.name.clone())),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// X archive direct messages.
#[derive(Debug)]
pub struct XDmsImporter;

impl Importer for XDmsImporter {
    fn id(&self) -> &'static str {
        "x-dms"
    }

    fn app(&self) -> App {
        App::X
    }

    fn description(&self) -> &'static str {
        "X (Twitter) archive direct messages (data/direct-messages*.js, .zip or folder)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let mut found: BTreeMap<(String, DmKind), (u32, String)> = BTreeMap::new();
        for e in input.entries() {
            if !candidate(input, &e.name, e.file_name()) {
                continue;
            }
            let Some((kind, part)) = dm_file(input, &e.name) else {
                continue;
            };
            let slot = found
                .entry((e.dir().to_owned(), kind))
                .or_insert((part, e.name.clone()));
            if part < slot.0 {
                *slot = (part, e.name.clone());
            }
        }
        found
            .into_iter()
            .map(|((_, kind), (_, entry))| Detected {
                format: Format::of(&XDmsImporter),
                label: match kind {
                    DmKind::Direct => format!("X direct messages ({entry})"),
                    DmKind::Group => format!("X group direct messages ({entry})"),
                },
                entry,
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
        import_with(input, found, options, sink, Par::auto())
    }
}

/// [`XDmsImporter`]'s import with events parsed as `par` says
/// ([`Par::SEQUENTIAL`] parses on the calling thread; the sink sees the same
/// calls either way).
pub fn import_with(
    input: &Input,
    found: &Detected,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    par: Par,
) -> Result<(), ImportError> {
    let entry = found.entry.as_str();
    let dir = entry.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let Some((kind, _)) = dm_file(input, entry) else {
        return Err(ImportError::malformed(
            input.describe(entry),
            crate::Position::default(),
            "not an X archive direct-messages file (no window.YTD.direct_messages assignment)",
        ));
    };
    let mut files = parts(input, dir, kind);
    if files.is_empty() {
        files.push((0, entry.to_owned()));
    }
    let me = account::Me::new(account::read(input, dir), options.me.as_deref());
    let total = files
        .iter()
        .filter_map(|(_, e)| input.entry(e).map(|e| e.size))
        .sum();
    let prep = prepare::Prep { options, me: &me };
    let mut conv =
        convert::Conversations::new(input, options, sink, &me, kind, dir.to_owned(), total);
    for (_, file) in &files {
        conv.location = input.describe(file);
        let counter = conv.counter.clone();
        let parsed = input
            .with_entry(file, |r| {
                let mut reader =
                    BufReader::with_capacity(256 * 1024, SkipBom::new(Counted::new(r, counter)));
                skip_assignment(&mut reader).map_err(|e| split::SplitError {
                    line: 0,
                    column: 0,
                    message: e.to_string(),
                    stopped: false,
                })?;
                // The array starts where the buffered reader stands.
                conv.file_start = conv
                    .counter
                    .get()
                    .saturating_sub(reader.buffer().len() as u64);
                split::parse_file(&mut reader, &prep, &mut conv, &par)
            })
            .map_err(|e| ImportError::new(input.describe(file), e))?;
        if let Some(e) = conv.stop.take() {
            return Err(e);
        }
        if let Err(e) = parsed {
            let file = input.describe(file);
            return Err(if e.line == 0 {
                ImportError::new(file, ImportErrorKind::Malformed(e.message))
            } else {
                let pos = crate::Position {
                    line: Some(e.line),
                    column: Some(e.column),
                    byte: None,
                };
                ImportError::malformed(file, pos, e.message)
            });
        }
    }
    conv.finish();
    let location = conv.location.clone();
    conv.sink
        .progress(total, total)
        .map_err(|e| ImportError::new(location, e))
}
