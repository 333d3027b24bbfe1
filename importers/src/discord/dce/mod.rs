//! DiscordChatExporter JSON: one file per channel, streamed.
//!
//! The top-level object is read key by key; `guild` and `channel` (which DCE
//! writes first) open the chat, and the `messages` array is read one
//! element at a time, so memory stays flat however long the channel is.
//! - [`stream`]: splits the file into top-level values and messages;
//!   messages are parsed in batches on worker threads ([`par_items`]) and
//!   reach the sink in file order.
//! - [`types`]: serde shapes of the file.
//! - [`quick`]: reads the usual message without serde's derive, and leaves
//!   anything else to serde ([`crate::json_quick`]).
//! - [`map`]: one exported message → one [`ferry_model::Message`].
//! - [`csv`]: the CSV flavour of the same exporter.

pub mod csv;
pub mod map;
pub mod quick;
pub mod stream;
pub mod types;

use crate::discord::assets::AssetLog;
use crate::par_items::{self, Batch, ItemPos, Par};
use crate::{ImportError, ImportErrorKind, ImportOptions, Input, Position, Sink, SinkError};
use ferry_model::{App, Chat, ChatKind};
use map::Ctx;
use std::io::BufReader;
use stream::{Next, SplitError, Splitter};

/// How often (in messages) progress is reported.
const PROGRESS_EVERY: u64 = 4096;

/// Whether the start of a file looks like a DCE JSON export.
pub fn sniff(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && t.contains("\"guild\"") && t.contains("\"channel\"")
}

/// Chat title and kind from DCE's guild and channel.
pub fn chat_of(guild: &types::Guild, channel: &types::Channel) -> Chat {
    let kind = match channel.kind.as_str() {
        "DirectTextChat" | "1" => ChatKind::Direct,
        "DirectGroupTextChat" | "3" => ChatKind::Group,
        _ => ChatKind::Channel,
    };
    let is_dm = kind != ChatKind::Channel || guild.id.is_unset();
    let title = if is_dm || guild.name.is_empty() {
        if channel.name.is_empty() {
            format!("Discord DM {}", channel.id.0)
        } else {
            channel.name.clone()
        }
    } else if channel.kind.contains("Thread") && !channel.category.is_empty() {
        format!("{} / {} / {}", guild.name, channel.category, channel.name)
    } else {
        format!("{} / {}", guild.name, channel.name)
    };
    Chat {
        app: App::Discord,
        native_id: Some(channel.id.0.clone()).filter(|id| !channel.id.is_unset() && !id.is_empty()),
        title,
        kind,
        participants: Vec::new(),
    }
}

/// Imports one DCE JSON file.
pub fn import(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    import_with(input, entry, options, sink, Par::auto())
}

/// [`import`] with the `messages` array parsed as `par` says
/// ([`Par::SEQUENTIAL`] parses on the calling thread; the sink sees the same
/// calls either way).
pub fn import_with(
    input: &Input,
    entry: &str,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    par: Par,
) -> Result<(), ImportError> {
    let location = input.describe(entry);
    let total = input.entry(entry).map(|e| e.size).unwrap_or(0);
    let base_dir = entry
        .rsplit_once('/')
        .map(|(d, _)| d.to_owned())
        .unwrap_or_default();
    let mut ctx = Ctx {
        input,
        base_dir,
        location: location.clone(),
        options,
        sink,
        chat: None,
        channel_id: String::new(),
        known: map::KeySet::default(),
        assets: AssetLog::default(),
        messages: 0,
        last_id: String::new(),
    };
    input
        .with_entry(entry, |r| {
            let mut split = Splitter::new(BufReader::with_capacity(1 << 16, r));
            read_top(&mut split, &mut ctx, total, &par)
                .map_err(|e| e.into_import(&location, &split))
        })
        .map_err(|e| ImportError::new(location.clone(), e))??;
    if ctx.chat.is_none() {
        return Err(ImportError::new(
            location,
            ImportErrorKind::Malformed(
                "no \"channel\" object: not a DiscordChatExporter export".into(),
            ),
        ));
    }
    ctx.assets.finish(&location, ctx.sink);
    Ok(())
}

/// Why reading the top level stopped.
enum Stop {
    Split(SplitError),
    /// A value that serde could not read; `at` is where the value began.
    Json {
        at: u64,
        what: &'static str,
        err: serde_json::Error,
    },
    Structure(&'static str),
    Utf8 {
        at: u64,
    },
    Sink(SinkError),
    /// A sink error while applying the message that ends at this offset.
    SinkAt(SinkError, u64),
}

impl From<SplitError> for Stop {
    fn from(e: SplitError) -> Self {
        Stop::Split(e)
    }
}

impl From<SinkError> for Stop {
    fn from(e: SinkError) -> Self {
        Stop::Sink(e)
    }
}

impl Stop {
    fn into_import<R>(self, location: &str, split: &Splitter<R>) -> ImportError {
        let here = Position::byte(split.pos());
        match self {
            Stop::Split(e) => ImportError::malformed(location, here, e.to_string()),
            Stop::Json { at, what, err } => {
                ImportError::malformed(location, Position::byte(at), format!("{what}: {err}"))
            }
            Stop::Structure(msg) => ImportError::malformed(location, here, msg),
            Stop::Utf8 { at } => {
                ImportError::at(location, Position::byte(at), ImportErrorKind::InvalidUtf8)
            }
            Stop::Sink(e) => ImportError::at(location, here, e),
            Stop::SinkAt(e, at) => ImportError::at(location, Position::byte(at), e),
        }
    }
}

fn parse<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    at: u64,
    what: &'static str,
) -> Result<T, Stop> {
    serde_json::from_str(utf8(bytes, at)?).map_err(|err| Stop::Json { at, what, err })
}

/// The value's bytes as text. Validating the whole value at once
/// (vectorised) is faster than string by string.
fn utf8(bytes: &[u8], at: u64) -> Result<&str, Stop> {
    simdutf8::compat::from_utf8(bytes).map_err(|e| Stop::Utf8 {
        at: at + e.valid_up_to() as u64,
    })
}

/// A message element: the quick path first, serde when it bails.
fn parse_message(bytes: &[u8], at: u64) -> Result<types::Message<'_>, Stop> {
    let text = utf8(bytes, at)?;
    match quick::message(text) {
        Some(m) => Ok(m),
        None => serde_json::from_str(text).map_err(|err| Stop::Json {
            at,
            what: "message",
            err,
        }),
    }
}

/// Reads the top-level object: `guild` and `channel` open the chat, the
/// `messages` array is streamed element by element, the rest is skipped.
fn read_top<R: std::io::BufRead>(
    split: &mut Splitter<R>,
    ctx: &mut Ctx<'_>,
    total: u64,
    par: &Par,
) -> Result<(), Stop> {
    split.expect(b'{', "'{' (a DiscordChatExporter export object)")?;
    let mut guild = types::Guild::default();
    let mut channel: Option<types::Channel> = None;
    if split.peek()? == Some(b'}') {
        split.separator(b'}')?;
        return finish(split);
    }
    loop {
        let at = split.pos();
        let key: String = parse(split.value()?, at, "object key")?;
        split.expect(b':', "':'")?;
        let at = split.pos();
        match key.as_str() {
            "guild" => {
                guild =
                    parse::<Option<types::Guild>>(split.value()?, at, "guild")?.unwrap_or_default()
            }
            "channel" => channel = parse(split.value()?, at, "channel")?,
            "messages" => {
                let Some(ch) = channel.as_ref() else {
                    return Err(Stop::Structure(
                        "\"messages\" comes before \"channel\"; cannot place them in a chat",
                    ));
                };
                open_chat(ctx, &guild, ch)?;
                messages(split, ctx, total, par)?;
            }
            _ => {
                split.value()?;
            }
        }
        if split.separator(b'}')? == Next::End {
            break;
        }
    }
    if let Some(ch) = channel.as_ref() {
        // A channel exported with no "messages" key at all.
        open_chat(ctx, &guild, ch)?;
    }
    finish(split)
}

fn finish<R: std::io::BufRead>(split: &mut Splitter<R>) -> Result<(), Stop> {
    match split.peek()? {
        None => Ok(()),
        Some(_) => Err(Stop::Structure(
            "trailing characters after the export object",
        )),
    }
}

fn open_chat(ctx: &mut Ctx<'_>, guild: &types::Guild, ch: &types::Channel) -> Result<(), Stop> {
    if ctx.chat.is_none() {
        ctx.channel_id = ch.id.0.clone();
        ctx.chat = Some(ctx.sink.begin_chat(chat_of(guild, ch))?);
    }
    Ok(())
}

/// Streams the `messages` array (or `null`) into the sink: elements are
/// cut out here, parsed and prepared by [`par_items`] workers, and applied
/// in file order.
fn messages<R: std::io::BufRead>(
    split: &mut Splitter<R>,
    ctx: &mut Ctx<'_>,
    total: u64,
    par: &Par,
) -> Result<(), Stop> {
    let Some(chat) = ctx.chat else {
        return Err(Stop::Structure("no chat open"));
    };
    match split.peek()? {
        Some(b'[') => split.expect(b'[', "'['")?,
        Some(b'n') => {
            let at = split.pos();
            return parse::<()>(split.value()?, at, "messages");
        }
        _ => return Err(Stop::Structure("\"messages\" is not an array")),
    }
    if split.peek()? == Some(b']') {
        split.separator(b']')?;
        return Ok(());
    }
    let fill = |batch: &mut Batch| -> Result<bool, Stop> {
        loop {
            let at = split.pos();
            let start = batch.bytes.len();
            split.value_into(&mut batch.bytes)?;
            batch.close_item(
                start,
                ItemPos {
                    at,
                    end: split.pos(),
                },
            );
            if split.separator(b']')? == Next::End {
                return Ok(false);
            }
            if batch.is_full() {
                return Ok(true);
            }
        }
    };
    let location = ctx.location.clone();
    let channel_id = ctx.channel_id.clone();
    let prep = map::Prep {
        location: &location,
        channel_id: &channel_id,
        options: ctx.options,
    };
    let parse = |announced: &mut map::Announced, bytes: &[u8], pos: ItemPos| {
        let m = parse_message(bytes, pos.at)?;
        Ok(prep.prepare(m, announced))
    };
    let apply = |parsed: Result<map::Prepared, Stop>, pos: ItemPos| {
        let prepared = parsed?;
        let id = prepared.id();
        let repeated = !id.is_empty() && id == ctx.last_id;
        let at = |e| Stop::SinkAt(e, pos.end);
        if repeated {
            // The same message written twice in a row is imported once;
            // whom it announces still counts.
            return ctx.announce(prepared).map_err(at);
        }
        ctx.last_id.clear();
        ctx.last_id.push_str(id);
        if let Some(msg) = ctx.apply(prepared).map_err(at)? {
            ctx.sink.message(chat, msg).map_err(at)?;
        }
        ctx.messages += 1;
        if ctx.messages.is_multiple_of(PROGRESS_EVERY) {
            ctx.sink.progress(pos.end, total).map_err(at)?;
        }
        Ok(())
    };
    par_items::run(par, fill, parse, apply)
}

/// A serde_json error with its line and column.
pub fn json_error(location: &str, e: &serde_json::Error) -> ImportError {
    let pos = Position {
        line: Some(e.line() as u64),
        column: Some(e.column() as u64),
        byte: None,
    };
    ImportError::malformed(location, pos, e.to_string())
}
