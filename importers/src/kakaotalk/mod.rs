//! KakaoTalk "Export chats": text transcripts from the PC (Windows) and
//! mobile apps, Korean or English, and the macOS CSV.
//!
//! Map:
//! - [`KakaoTalkText`] (`kakaotalk`) and [`KakaoTalkCsv`] (`kakaotalk-csv`):
//!   detection by content and the import entry points.
//! - [`text`]: title, day separators, PC and mobile message lines.
//! - [`csv`]: the macOS `Date,User,Message` CSV.
//! - [`body`]: placeholders, files, calls, deletions, notices.
//!
//! Decisions (also in `docs/formats/kakaotalk.md`): dates here spell the
//! month (Korean `12월`, English `December`) or put the year first, so no
//! day/month order has to be guessed. Own messages carry `나` / `Me` (or
//! the user's own nickname: pass it as `me`). A line that is no message,
//! separator or header continues the message before it. KakaoTalk has no
//! message or chat ids: `native_id`s stay `None`, the store deduplicates
//! by content and knows the chat by its title.

mod body;
mod csv;
mod text;

use crate::transcript::emit::Emitter;
use crate::transcript::reader::TextLines;
use crate::transcript::{detect_txt, file_stem, head_lines};
use crate::whatsapp::media::MediaFiles;
use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use chrono::{NaiveDate, NaiveDateTime};
use ferry_model::{App, Message};
use text::Line;

/// What KakaoTalk prints for the exporter's own messages.
const ME: &[&str] = &["나", "Me"];

/// KakaoTalk text exports (PC and mobile).
#[derive(Debug)]
pub struct KakaoTalkText;

/// KakaoTalk for macOS CSV exports.
#[derive(Debug)]
pub struct KakaoTalkCsv;

impl Importer for KakaoTalkText {
    fn id(&self) -> &'static str {
        "kakaotalk"
    }

    fn app(&self) -> App {
        App::KakaoTalk
    }

    fn description(&self) -> &'static str {
        "KakaoTalk \"Export chats\" text (PC or mobile, Korean or English)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        detect_txt(input, Format::of(&KakaoTalkText), |head, name| {
            let title = sniff_text(head, name)?;
            Some(format!("KakaoTalk chat «{title}»"))
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
        let files = MediaFiles::new(input, &found.entry);
        input
            .with_entry(&found.entry, |r| {
                let mut lines = TextLines::new(r, &file, total);
                run_text(&mut lines, &file, &found.entry, &files, options, sink)
            })
            .map_err(|e| ImportError::new(file.clone(), e))?
    }
}

impl Importer for KakaoTalkCsv {
    fn id(&self) -> &'static str {
        "kakaotalk-csv"
    }

    fn app(&self) -> App {
        App::KakaoTalk
    }

    fn description(&self) -> &'static str {
        "KakaoTalk for macOS \"Export chats\" CSV (Date,User,Message)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| e.name.to_ascii_lowercase().ends_with(".csv"))
            .filter_map(|e| {
                let head = input.head(&e.name, 256).ok()?;
                let first = head_lines(&head, 1).into_iter().next()?;
                csv::is_header(&first).then(|| Detected {
                    format: Format::of(&KakaoTalkCsv),
                    entry: e.name.clone(),
                    label: format!("KakaoTalk chat «{}»", title_from_file(&e.name)),
                })
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
        let file = input.describe(&found.entry);
        let total = input.entry(&found.entry).map_or(0, |e| e.size);
        let files = MediaFiles::new(input, &found.entry);
        let title = title_from_file(&found.entry);
        let mut out = Emitter::begin(sink, App::KakaoTalk, options, &file, &title, None, ME)?;
        let bad = input
            .with_entry(&found.entry, |r| csv::run(r, &mut out, &files, total))
            .map_err(|e| ImportError::new(file.clone(), e))??;
        out.finish(bad)
    }
}

/// The chat's title when `head` starts like a KakaoTalk text export.
fn sniff_text(head: &[u8], entry: &str) -> Option<String> {
    let lines = head_lines(head, 5);
    let first = lines.first()?;
    if let Some(t) = text::title(first)
        && lines.get(1).is_some_and(|l| text::is_saved_line(l))
    {
        return Some(t);
    }
    let dated = lines.iter().any(|l| match text::parse(l) {
        Some(Line::Message {
            sender: Some(_), ..
        }) => true,
        Some(Line::Day(_)) => l.starts_with("-----"),
        _ => false,
    });
    dated.then(|| title_from_file(entry))
}

/// `KakaoTalk_Chat_홍길동_2021-01-01-00-10-00.csv` → `홍길동`.
fn title_from_file(entry: &str) -> String {
    let stem = file_stem(entry);
    let name = ["KakaoTalk_Chat_", "KakaoTalkChats_", "KakaoTalk_"]
        .iter()
        .find_map(|p| stem.strip_prefix(p))
        .unwrap_or(stem);
    let name = match name.rsplit_once('_') {
        Some((n, date))
            if !n.is_empty()
                && date.len() >= 8
                && date.bytes().all(|c| c.is_ascii_digit() || c == b'-') =>
        {
            n
        }
        _ => name,
    };
    name.replace('_', " ")
}

/// A message being read (it may continue on the next lines).
struct Draft {
    line: u64,
    at: NaiveDateTime,
    sender: Option<String>,
    text: String,
    blanks: usize,
}

fn run_text<R: std::io::Read>(
    lines: &mut TextLines<R>,
    file: &str,
    entry: &str,
    files: &MediaFiles<'_>,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let first = lines.next_line()?.map(std::borrow::Cow::into_owned);
    let header = first.as_deref().and_then(text::title);
    let title = header.clone().unwrap_or_else(|| title_from_file(entry));
    let mut out = Emitter::begin(sink, App::KakaoTalk, options, file, &title, None, ME)?;
    let mut st = State {
        out: &mut out,
        files,
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

/// The import loop's state between lines.
struct State<'e, 'a, 'f> {
    out: &'e mut Emitter<'a>,
    files: &'e MediaFiles<'f>,
    day: Option<NaiveDate>,
    draft: Option<Draft>,
}

impl State<'_, '_, '_> {
    fn line(&mut self, line: &str, no: u64) -> Result<(), ImportError> {
        match text::parse(line) {
            Some(Line::Day(d)) => {
                self.flush()?;
                self.day = Some(d);
                return Ok(());
            }
            Some(Line::Message {
                day,
                time,
                sender,
                text,
            }) if day.is_some() || (sender.is_some() && self.day.is_some()) => {
                self.flush()?;
                let Some(d) = day.or(self.day) else {
                    return Ok(());
                };
                self.day = Some(d);
                self.draft = Some(Draft {
                    line: no,
                    at: d.and_time(time),
                    sender: sender.map(str::to_owned),
                    text: text.to_owned(),
                    blanks: 0,
                });
                return Ok(());
            }
            _ => {}
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
            None if text::is_saved_line(line) => {}
            None => {
                let location = format!("{}:{no}", self.out.file);
                let why = if self.day.is_none() {
                    "text before the first date"
                } else {
                    "text outside any message"
                };
                self.out.sink().skipped(location, why.to_owned());
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        let Some(d) = self.draft.take() else {
            return Ok(());
        };
        let b = body::classify(&d.text, d.sender.is_some());
        let sender = match &d.sender {
            Some(s) => Some(self.out.person(s)?),
            None => None,
        };
        let at = self.out.instant(d.at, d.line)?;
        let mut m = Message::text(sender, at, d.text);
        m.kind = b.kind;
        if let Some(mut a) = b.attachment {
            self.out.attach(self.files, &mut a, d.line)?;
            m.attachments.push(a);
        }
        self.out.message(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        for (entry, want) in [
            ("KakaoTalk_Chat_홍길동_2021-01-01-00-10-00.csv", "홍길동"),
            ("a/KakaoTalk_Chat_John_Doe_20201231.csv", "John Doe"),
            ("KakaoTalkChats.txt", "KakaoTalkChats"),
            ("Talk.csv", "Talk"),
        ] {
            assert_eq!(title_from_file(entry), want, "{entry}");
        }
    }
}
