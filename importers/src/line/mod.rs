//! LINE "Export chat history": the text transcript
//! (`[LINE] Chat with Alice.txt`, `[LINE] 花子とのトーク履歴.txt`), 1:1 or group.
//!
//! Map:
//! - [`LineImporter`] (`line`): detection by content and the import loop.
//! - [`parse`]: title line, date lines, message lines, times.
//! - [`body`]: placeholders, files, calls, unsent messages, notices.
//!
//! Decisions (also in `docs/formats/line.md`): messages spanning several
//! lines are wrapped in `"`…`"` by LINE; the quotes are removed only when
//! a later line closes them (a one-line text that starts with `"` is
//! kept as is; an unclosed quote ends at the next message line and keeps
//! its `"`). Day/month order of `01/02/2024` dates is decided for the whole
//! file from the dates and their weekdays (see [`crate::transcript::dates`]).
//! LINE has no message or chat ids: `native_id`s stay `None` and the store
//! deduplicates by content; the chat is known by its title.

mod body;
mod parse;

use crate::transcript::dates::{self, Evidence, NumDate};
use crate::transcript::emit::Emitter;
use crate::transcript::reader::TextLines;
use crate::transcript::{detect_txt, file_stem, head_lines};
use crate::{DateOrder, Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use chrono::{NaiveDate, NaiveDateTime};
use ferry_model::{App, ChatKind, Message, MessageKind};
use parse::Title;

/// LINE chat history text exports.
#[derive(Debug)]
pub struct LineImporter;

impl Importer for LineImporter {
    fn id(&self) -> &'static str {
        "line"
    }

    fn app(&self) -> App {
        App::Line
    }

    fn description(&self) -> &'static str {
        "LINE \"Export chat history\" (.txt, 1:1 or group)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        detect_txt(input, Format::of(&LineImporter), |head, name| {
            let title = sniff(head, name)?;
            Some(format!("LINE chat «{}»", title.name))
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
        let order = match options.date_order {
            Some(o) => (o, None),
            None => {
                let ev = input
                    .with_entry(&found.entry, |r| prescan(r, &file, total))
                    .map_err(|e| ImportError::new(file.clone(), e))??;
                dates::resolve(None, &ev, options.default_date_order)
            }
        };
        input
            .with_entry(&found.entry, |r| {
                let mut lines = TextLines::new(r, &file, total);
                run(&mut lines, &file, &found.entry, order, options, sink)
            })
            .map_err(|e| ImportError::new(file.clone(), e))?
    }
}

/// The chat's title when `head` starts like a LINE export: a `[LINE]`
/// title line, or (title line removed) a date line followed by a message
/// line.
fn sniff(head: &[u8], entry: &str) -> Option<Title> {
    let lines = head_lines(head, 4);
    let first = lines.first()?;
    if let Some(t) = parse::title(first) {
        return Some(t);
    }
    let dated = lines.windows(2).any(|w| {
        parse::date_line(&w[0]).is_some()
            && parse::message_line(&w[1]).is_some_and(|h| h.sender.is_some())
    });
    dated.then(|| fallback_title(entry))
}

fn fallback_title(entry: &str) -> Title {
    let stem = file_stem(entry);
    parse::title_from_file(stem).unwrap_or_else(|| Title {
        name: stem.to_owned(),
        kind: None,
    })
}

/// Reads date lines until they decide the day/month order. A file whose
/// first date is year-first needs no order (one locale writes the whole
/// file), so reading stops there too.
fn prescan(r: &mut dyn std::io::Read, file: &str, total: u64) -> Result<Evidence, ImportError> {
    let mut lines = TextLines::new(r, file, total);
    let mut ev = Evidence::default();
    while let Some(line) = lines.next_line()? {
        if let Some(d) = parse::date_line(&line) {
            if d.year_first() && !ev.ambiguous {
                break;
            }
            ev.add(&d);
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
    sender: Option<String>,
    text: String,
    /// Opened with `"` and not closed yet.
    open_quote: bool,
    /// Blank lines seen after it, kept only if more text follows.
    blanks: usize,
}

/// The import loop's state between lines.
struct State<'e, 'a> {
    out: &'e mut Emitter<'a>,
    order: DateOrder,
    forced: bool,
    day: Option<NaiveDate>,
    draft: Option<Draft>,
}

fn run<R: std::io::Read>(
    lines: &mut TextLines<R>,
    file: &str,
    entry: &str,
    (order, guessed): (DateOrder, Option<String>),
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    // The first line names the chat.
    let first = lines.next_line()?.map(std::borrow::Cow::into_owned);
    let header = first.as_deref().and_then(parse::title);
    let title = header.clone().unwrap_or_else(|| fallback_title(entry));
    let mut out = Emitter::begin(sink, App::Line, options, file, &title.name, title.kind, &[])?;
    if title.kind == Some(ChatKind::Direct) {
        out.set_partner(&title.name);
    }
    if let Some(w) = guessed {
        out.warn(None, w);
    }
    let mut st = State {
        out: &mut out,
        order,
        forced: options.date_order.is_some(),
        day: None,
        draft: None,
    };
    if let (None, Some(l)) = (&header, &first) {
        st.line(l, 1)?;
    }
    while let Some(line) = lines.next_line()? {
        let line = line.into_owned();
        st.line(&line, lines.no)?;
        lines.tick(st.out.sink())?;
    }
    st.flush()?;
    out.finish(lines.bad_utf8)
}

impl State<'_, '_> {
    fn line(&mut self, line: &str, no: u64) -> Result<(), ImportError> {
        let head = parse::message_line(line);
        if let Some(d) = self.draft.as_mut().filter(|d| d.open_quote)
            && head.is_none()
        {
            d.text.push('\n');
            d.text.push_str(line);
            if line.ends_with('"') {
                d.open_quote = false;
                let inner = d.text.get(1..d.text.len() - 1).unwrap_or_default();
                d.text = inner.to_owned();
            }
            return Ok(());
        }
        if let Some(h) = head {
            self.flush()?;
            let Some(day) = self.day else {
                self.skip(no, "message before any date line");
                return Ok(());
            };
            let text = h.text.to_owned();
            let open_quote = text.starts_with('"') && (text.len() == 1 || !text.ends_with('"'));
            self.draft = Some(Draft {
                line: no,
                at: day.and_time(h.time),
                sender: h.sender.map(str::to_owned),
                text,
                open_quote,
                blanks: 0,
            });
            return Ok(());
        }
        if let Some(date) = parse::date_line(line) {
            self.flush()?;
            self.day = Some(self.date(&date, no)?);
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
            // Before the first date: the title and "Saved on" lines.
            None if self.day.is_none() => {}
            None => self.skip(no, "text outside any message"),
        }
        Ok(())
    }

    fn skip(&mut self, no: u64, why: &str) {
        let location = format!("{}:{no}", self.out.file);
        self.out.sink().skipped(location, why.to_owned());
    }

    fn date(&self, d: &NumDate, no: u64) -> Result<NaiveDate, ImportError> {
        d.date(self.order).ok_or_else(|| {
            let [a, b, c] = d.fields;
            let how = if self.forced { " (forced)" } else { "" };
            let order = self.order.as_str();
            self.out.err(
                no,
                format!("impossible date {a}/{b}/{c} read as {order}{how}"),
            )
        })
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        let Some(d) = self.draft.take() else {
            return Ok(());
        };
        let body = body::classify(&d.text, d.sender.is_some());
        let sender = match &d.sender {
            Some(s) => Some(self.out.person(s)?),
            None if body.kind == MessageKind::Deleted => {
                body::notice_author(&d.text, self.out.known()).cloned()
            }
            None => None,
        };
        let at = self.out.instant(d.at, d.line)?;
        let mut m = Message::text(sender, at, d.text);
        m.kind = body.kind;
        if let Some(a) = body.attachment {
            self.out.missing_media(d.line);
            m.attachments.push(a);
        }
        self.out.message(m)
    }
}
