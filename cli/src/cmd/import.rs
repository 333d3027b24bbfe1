//! `ferry import`: read exports into the library.

use crate::output::{self, Table};
use crate::progress::Bar;
use anyhow::Context;
use ferry_core::{Cancel, DateOrder, Format, ImportOptions, ImportReport, ImportRequest, Secret};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Import chat exports (files, zips or folders) into the library.
///
/// Every export found is read in one piece: it lands whole or not at all.
/// Importing the same export again adds nothing; a newer export of the same
/// chat adds only what is new.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry import \"WhatsApp Chat with Alice.zip\"
  ferry import ~/Downloads/Telegram\\ Desktop/ChatExport_2024-05-01
  ferry import --tz Europe/Berlin --date-order dmy exports/
  ferry import --dry-run --json chat.txt")]
pub struct Args {
    /// Files, zips or folders holding exports (folders are scanned)
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Only look for this format (default: detect from the content)
    #[arg(long, value_name = "F")]
    format: Option<String>,

    /// Time zone the export's local times were written in [default: this machine's]
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,

    /// Day/month order for exports that do not make it clear
    #[arg(long, value_name = "dmy|mdy|ymd", value_parser = ["dmy", "mdy", "ymd"])]
    date_order: Option<String>,

    /// Your name (or phone number) as it appears in the export
    #[arg(long, value_name = "NAME")]
    me: Option<String>,

    /// Passphrase of an encrypted backup (Signal); asked for when needed
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

    /// Parse everything, store nothing
    #[arg(long)]
    dry_run: bool,

    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let format = args
        .format
        .as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let tz = match &args.tz {
        Some(name) => ferry_core::paths::parse_time_zone(name).map_err(anyhow::Error::msg)?,
        None => ferry_core::paths::system_time_zone().unwrap_or(chrono_tz::UTC),
    };
    let options = ImportOptions {
        tz,
        date_order: args.date_order.as_deref().and_then(DateOrder::parse),
        me: args.me.clone(),
        passphrase: args.passphrase.clone().map(Secret::new),
        attachments_dir: args.attachments.clone(),
        ..ImportOptions::default()
    };
    let mut request = ImportRequest {
        paths: args.paths.clone(),
        format,
        options,
        dry_run: args.dry_run,
    };
    let mut ferry = if args.dry_run {
        // A dry run must not even create a library: use a throwaway one.
        None
    } else {
        Some(super::open(library)?)
    };
    let bar = Bar::new(args.json && !std::io::stderr().is_terminal());
    let cancel = Cancel::new();
    let mut report = run_request(ferry.as_mut(), &request, &bar, &cancel)?;
    if request.options.passphrase.is_none()
        && needs_passphrase(&report)
        && std::io::stdin().is_terminal()
    {
        let p = rpassword::prompt_password("Backup passphrase (30 digits): ")
            .context("reading the passphrase")?;
        request.options.passphrase = Some(Secret::new(p));
        report = run_request(ferry.as_mut(), &request, &bar, &cancel)?;
    }
    bar.finish();
    if args.json {
        output::json(&report)?;
    } else {
        print_report(&report)?;
    }
    Ok(if report.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_request(
    ferry: Option<&mut ferry_core::Ferry>,
    request: &ImportRequest,
    bar: &Bar,
    cancel: &Cancel,
) -> anyhow::Result<ImportReport> {
    match ferry {
        Some(f) => Ok(f.import(request, bar, cancel)?),
        None => Ok(ferry_core::import::dry_run(request, bar, cancel)?),
    }
}

fn needs_passphrase(report: &ImportReport) -> bool {
    report.sources.iter().any(|s| {
        s.error
            .as_deref()
            .is_some_and(|e| e.contains("passphrase is required"))
    })
}

fn print_report(report: &ImportReport) -> anyhow::Result<()> {
    let mut t = Table::new(&[
        "export", "format", "chats", "messages", "new", "files", "status",
    ])
    .right(&[2, 3, 4, 5]);
    for s in &report.sources {
        let status = match &s.error {
            Some(_) => "FAILED".to_owned(),
            None if !s.warnings.is_empty() => format!("{} warning(s)", s.warnings.len()),
            None => "ok".to_owned(),
        };
        let name = if s.label.is_empty() {
            &s.path
        } else {
            &s.label
        };
        let new = if report.dry_run {
            "-".to_owned()
        } else {
            s.new_messages.to_string()
        };
        t.row(vec![
            output::truncate(name, 40),
            s.format.clone().unwrap_or_else(|| "-".to_owned()),
            s.chats.to_string(),
            s.messages.to_string(),
            new,
            s.attachments.to_string(),
            status,
        ]);
    }
    t.print()?;
    for s in &report.sources {
        if let Some(e) = &s.error {
            eprintln!("error: {}", output::clean(e));
        }
        for w in &s.warnings {
            eprintln!("warning: {}", output::clean(w));
        }
        for k in &s.skipped {
            eprintln!(
                "skipped: {}: {}",
                output::clean(&k.location),
                output::clean(&k.reason)
            );
        }
    }
    if report.dry_run {
        eprintln!("dry run: nothing was written");
    }
    Ok(())
}
