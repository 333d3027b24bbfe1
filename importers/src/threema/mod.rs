//! Threema "Export chat": the `messages-<chat>.txt` (or `messages.txt`)
//! transcript, alone, in a folder, or in an (already decrypted) zip with
//! the media files named by UUID. Current and legacy (≈2016, `<<<`/`>>>`)
//! line formats.
//!
//! Map:
//! - [`ThreemaImporter`] (`threema`): detection by content and the import
//!   loop.
//! - [`parse`]: current and legacy lines, times, zone abbreviations.
//! - [`body`]: file references and what they are.
//!
//! Decisions (also in `docs/formats/threema.md`): dotted dates
//! (`14.11.2023`) are day-first, year-first dates need no order, and
//! slashed dates are decided for the whole file like WhatsApp's. Current
//! exports print naive local times (converted through the chosen zone);
//! legacy lines carry a zone abbreviation whose offset is used when it is
//! known. Threema has no message or chat ids in this export:
//! `native_id`s stay `None`, the store deduplicates by content and knows
//! the chat by its title (from the file name).

mod body;
mod parse;

use crate::transcript::dates::{self, Evidence};
use crate::transcript::emit::Emitter;
use crate::transcript::reader::TextLines;
use crate::transcript::{detect_txt, file_stem, head_lines};
use crate::whatsapp::media::MediaFiles;
use crate::{DateOrder, Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use ferry_model::{App, Message, Timestamp};

/// What Threema prints for the exporter's own messages, by language.
const ME: &[&str] = &["Ich", "Me", "Moi", "Yo", "Io", "Eu", "Ik", "Jag", "Jeg"];

/// Threema chat exports.
#[derive(Debug)]
pub struct ThreemaImporter;

impl Importer for ThreemaImporter {
    fn id(&self) -> &'static str {
        "threema"
    }

    fn app(&self) -> App {
        App::Threema
    }

    fn description(&self) -> &'static str {
        "Threema \"Export chat\" (messages-*.txt, alone or with its media)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        detect_txt(input, Format::of(&ThreemaImporter), |head, name| {
            let first = head_lines(head, 1).into_iter().next()?;
            let named = file_stem(name).starts_with("messages");
            // Unnamed files need Threema's own shape: a sender, a
            // four-digit year and no seconds (WhatsApp's bracketed iOS
            // headers print seconds and mostly two-digit years).
            let current = parse::current(&first).is_some_and(|c| {
                named || (c.sender.is_some() && c.date.digits.contains(&4) && !c.seconds)
            });
            if !current && parse::legacy(&first).is_none() {
                return None;
            }
            Some(format!("Threema chat «{}»", title(input, name)))
        })
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let file = input.describe(&found.entry);
        let total = input.entry(&found.entry).map_or(0, |e| e.size);
        let (order, guessed) = match options.date_order {
            Some(o) => (o, None),
            None => {
                let ev = input
                    .with_entry(&found.entry, |r| prescan(r, &file, total))
                    .map_err(|e| ImportError::new(file.clone(), e))??;
                dates::resolve(None, &ev, options.default_date_order)
            }
        };
        let title = title(input, &found.entry);
        let files = MediaFiles::new(input, &found.entry);
        let mut out = Emitter::begin(sink, App::Threema, options, &file, &title, None, ME)?;
        if let Some(w) = guessed {
            out.warn(None, w);
        }
        let me = options.me.clone().unwrap_or_else(|| "Me".to_owned());
        let mut st = State {
            out: &mut out,
            files: &files,
            order,
            forced: options.date_order.is_some(),
            partner: title,
            me,
            draft: None,
            started: false,
        };
        let bad = input
            .with_entry(&found.entry, |r| {
                let mut lines = TextLines::new(r, &file, total);
                while let Some(line) = lines.next_line()? {
                    let line = line.into_owned();
                    st.line(&line, lines.no)?;
                    lines.tick(st.out.sink())?;
                }
                st.flush()?;
                Ok::<_, ImportError>(lines.bad_utf8)
            })
            .map_err(|e| ImportError::new(file.clone(), e))??;
        out.finish(bad)
    }
}

/// The chat's name: `messages-Alice_Example.txt` → `Alice Example`; for a
/// bare `messages.txt`, the folder's or zip's name.
fn title(input: &Input, entry: &str) -> String {
    let stem = file_stem(entry);
    if let Some(name) = stem.strip_prefix("messages-").filter(|n| !n.is_empty()) {
        return name.replace('_', " ");
    }
    let container = match entry.rsplit_once('/') {
        Some((dir, _)) => dir.rsplit('/').next().map(str::to_owned),
        None if input.is_zip() || input.entries().len() > 1 => input
            .path()
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned()),
        None => None,
    };
    container
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| stem.to_owned())
}

/// Reads slashed dates until they decide the day/month order. A file
/// whose first date is dotted or year-first needs no order (one locale
/// writes the whole file), so reading stops there too.
fn prescan(r: &mut dyn std::io::Read, file: &str, total: u64) -> Result<Evidence, ImportError> {
    let mut lines = TextLines::new(r, file, total);
    let mut ev = Evidence::default();
    while let Some(line) = lines.next_line()? {
        if let Some(c) = parse::current(&line) {
            if (c.dotted || c.date.year_first()) && !ev.ambiguous {
                break;
            }
            ev.add(&c.date);
            if ev.decided().is_some() {
                break;
            }
        }
    }
    Ok(ev)
}

/// A message being read (it may continue on the next lines).
struct Draft {
    line: u64,
    at: NaiveDateTime,
    /// A legacy line's zone offset, when known.
    offset: Option<i32>,
    sender: Option<String>,
    text: String,
    blanks: usize,
}

/// The import loop's state between lines.
struct State<'e, 'a, 'f> {
    out: &'e mut Emitter<'a>,
    files: &'e MediaFiles<'f>,
    order: DateOrder,
    forced: bool,
    /// Who `<<<` lines are from.
    partner: String,
    /// Who `>>>` lines are from.
    me: String,
    draft: Option<Draft>,
    /// A message line has been seen.
    started: bool,
}

impl State<'_, '_, '_> {
    fn line(&mut self, line: &str, no: u64) -> Result<(), ImportError> {
        if let Some(c) = parse::current(line) {
            self.flush()?;
            let order = if c.dotted { DateOrder::Dmy } else { self.order };
            let date = c.date.date(order).ok_or_else(|| {
                let [a, b, y] = c.date.fields;
                let how = if self.forced && !c.dotted {
                    " (forced)"
                } else {
                    ""
                };
                let o = order.as_str();
                self.out
                    .err(no, format!("impossible date {a}/{b}/{y} read as {o}{how}"))
            })?;
            self.start(no, date.and_time(c.time), None, c.sender, c.text);
            return Ok(());
        }
        if let Some(l) = parse::legacy(line) {
            self.flush()?;
            let sender = if l.outgoing {
                self.me.clone()
            } else {
                self.partner.clone()
            };
            self.start(no, l.date.and_time(l.time), l.offset, Some(&sender), l.text);
            return Ok(());
        }
        if line.trim().is_empty() {
            if let Some(d) = &mut self.draft {
                d.blanks += 1;
            }
            return Ok(());
        }
        match &mut self.draft {
            Some(d) => {
                for _ in 0..=d.blanks {
                    d.text.push('\n');
                }
                d.blanks = 0;
                d.text.push_str(line);
            }
            None => {
                let location = format!("{}:{no}", self.out.file);
                let why = if self.started {
                    "text outside any message"
                } else {
                    "text before the first message"
                };
                self.out.sink().skipped(location, why.to_owned());
            }
        }
        Ok(())
    }

    fn start(
        &mut self,
        line: u64,
        at: NaiveDateTime,
        offset: Option<i32>,
        sender: Option<&str>,
        text: &str,
    ) {
        self.started = true;
        self.draft = Some(Draft {
            line,
            at,
            offset,
            sender: sender.map(str::to_owned),
            text: text.to_owned(),
            blanks: 0,
        });
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        let Some(d) = self.draft.take() else {
            return Ok(());
        };
        let sender = match &d.sender {
            Some(s) => Some(self.out.person(s)?),
            None => None,
        };
        let at = match d.offset.and_then(FixedOffset::east_opt) {
            Some(off) => match off.from_local_datetime(&d.at).single() {
                Some(t) => Timestamp(t),
                None => self.out.instant(d.at, d.line)?,
            },
            None => self.out.instant(d.at, d.line)?,
        };
        let b = body::classify(&d.text, sender.is_some());
        let mut m = Message::text(sender, at, b.text);
        m.kind = b.kind;
        if let Some(mut a) = b.attachment {
            self.out.attach(self.files, &mut a, d.line)?;
            m.attachments.push(a);
        }
        self.out.message(m)
    }
}
