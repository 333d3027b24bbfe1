//! `ferry convert`: import exports into a temporary library and export
//! them in one step; the user's library is not touched.

use super::export_args::{self, Shaping};
use crate::output;
use crate::progress::Bar;
use ferry_core::{Cancel, DateOrder, ExportRequest, Format, ImportOptions, ImportRequest, Secret};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Convert chat exports straight into another format, without the library.
///
/// The inputs are imported into a temporary library that is deleted
/// afterwards; your library is neither read nor changed. Takes the import
/// options of `ferry import` and the shaping options of `ferry export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry convert \"WhatsApp Chat - Family.zip\" --to telegram-json --out for-signal
  ferry convert sms-20240101.xml --to html --out sms-archive
  ferry convert ChatExport_2024-05-01 --to whatsapp --out . --rename \"Alice Example=Alice\"
  ferry convert chat.txt --tz Europe/Berlin --date-order dmy --to jsonl --out chat.jsonl --json")]
pub struct Args {
    /// Files, zips or folders holding exports
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Format to write (see `ferry export --list-formats`)
    #[arg(long = "to", value_name = "FORMAT")]
    to: String,

    /// Where to write: a folder, or a file path for one-file formats
    #[arg(long, value_name = "PATH")]
    out: PathBuf,

    /// Only these chats of the inputs, by (part of) the title [default: all]
    #[arg(long = "chat", value_name = "CHAT")]
    chats: Vec<String>,

    /// Only read this input format (default: detect from the content)
    #[arg(long, value_name = "F")]
    format: Option<String>,

    /// Time zone of the inputs' local times; also used to print times [default: this machine's]
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,

    /// Day/month order for inputs that do not make it clear
    #[arg(long, value_name = "dmy|mdy|ymd", value_parser = ["dmy", "mdy", "ymd"])]
    date_order: Option<String>,

    /// Your name (or phone number) as it appears in the inputs
    #[arg(long, value_name = "NAME")]
    me: Option<String>,

    /// Passphrase of an encrypted backup (Signal)
    #[arg(
        long,
        env = "FERRY_SIGNAL_PASSPHRASE",
        hide_env_values = true,
        value_name = "DIGITS"
    )]
    passphrase: Option<String>,

    /// Folder of attachments that live outside the export (iMessage)
    #[arg(long, value_name = "DIR")]
    attachments: Option<PathBuf>,

    #[command(flatten)]
    shaping: Shaping,

    /// Print the import report and the export summary as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let format = export_args::format(&args.to)?;
    let input_format = args
        .format
        .as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let given_tz = args
        .tz
        .as_deref()
        .map(ferry_core::paths::parse_time_zone)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let tz = given_tz
        .or_else(ferry_core::paths::system_time_zone)
        .unwrap_or(chrono_tz::UTC);
    let import = ImportRequest {
        paths: args.inputs.clone(),
        format: input_format,
        options: ImportOptions {
            tz,
            date_order: args.date_order.as_deref().and_then(DateOrder::parse),
            me: args.me.clone(),
            passphrase: args.passphrase.clone().map(Secret::new),
            attachments_dir: args.attachments.clone(),
            ..ImportOptions::default()
        },
        dry_run: false,
    };
    let export = ExportRequest {
        chats: args.chats.clone(),
        format,
        options: args
            .shaping
            .options(args.out.clone(), given_tz, args.me.clone())?,
    };
    let bar = Bar::new(args.json && !std::io::stderr().is_terminal());
    let report = ferry_core::convert(&import, &export, &bar, &Cancel::new());
    bar.finish();
    let report = report?;
    if args.json {
        output::json(&report)?;
    } else {
        for s in &report.import.sources {
            match &s.error {
                Some(e) => eprintln!("error: {}: {}", output::clean(&s.path), output::clean(e)),
                None => eprintln!(
                    "read {} messages from {}",
                    s.messages,
                    output::clean(if s.label.is_empty() {
                        &s.path
                    } else {
                        &s.label
                    })
                ),
            }
        }
        export_args::print_summary(&report.export)?;
    }
    Ok(if report.import.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
