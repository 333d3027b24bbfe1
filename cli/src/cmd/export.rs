//! `ferry export`: write chats from the library in another app's import
//! format, or as a readable archive.

use super::export_args::{self, Shaping};
use crate::output;
use crate::progress::Bar;
use ferry_core::{Cancel, ExportRequest};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Export chats from the library to another app's import format or an archive.
///
/// whatsapp goes into Telegram ("Import chat history"), telegram-json into
/// Signal (through signalbackup-tools) and Telegram-JSON tools, sms-xml into
/// Android's SMS app (SMS Backup & Restore); html, markdown, txt, jsonl and
/// csv are for reading and data work. `--list-formats` says what each
/// target does with it and what is lost.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry export --list-formats
  ferry export Alice --to whatsapp --out ~/Desktop --rename \"Alice Example=Alice\"
  ferry export Family --to whatsapp --out exports --max-media-per-part 500
  ferry export Mum --to sms-xml --out sms.xml --phone \"Mum=+31612345678\" --me Sam
  ferry export 12 14 --to telegram-json --out for-signal
  ferry export Alice --to html --out archive --since 2023-01-01 --until 2024-01-01
  ferry export Alice --to jsonl --out alice.jsonl --json")]
pub struct Args {
    /// Chats to export, by id or (part of) the title (see `ferry chats`)
    #[arg(value_name = "CHAT", required_unless_present = "list_formats")]
    chats: Vec<String>,

    /// Format to write (see --list-formats)
    #[arg(
        long = "to",
        value_name = "FORMAT",
        required_unless_present = "list_formats"
    )]
    to: Option<String>,

    /// Where to write: a folder, or a file path for one-file formats (.jsonl, .csv, .xml, ...)
    #[arg(long, value_name = "PATH", required_unless_present = "list_formats")]
    out: Option<PathBuf>,

    #[command(flatten)]
    shaping: Shaping,

    /// Who you are in these chats (name or key), when the library does not know
    #[arg(long, value_name = "NAME")]
    me: Option<String>,

    /// Print times in this zone [default: each message's own offset]
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,

    /// List the formats, their targets and what each loses
    #[arg(long)]
    list_formats: bool,

    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    if args.list_formats {
        export_args::list_formats(args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(to), Some(out)) = (args.to.as_deref(), args.out.clone()) else {
        anyhow::bail!("--to and --out are required");
    };
    let format = export_args::format(to)?;
    let tz = args
        .tz
        .as_deref()
        .map(ferry_core::paths::parse_time_zone)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let options = args.shaping.options(out, tz, args.me.clone())?;
    let ferry = super::open(library)?;
    let request = ExportRequest {
        chats: args.chats.clone(),
        format,
        options,
    };
    let bar = Bar::new(args.json && !std::io::stderr().is_terminal());
    let summary = ferry.export(&request, &bar, &Cancel::new());
    bar.finish();
    let summary = summary?;
    if args.json {
        output::json(&summary)?;
    } else {
        export_args::print_summary(&summary)?;
    }
    Ok(ExitCode::SUCCESS)
}
