//! `ferry stats`: counts per sender and per month.

use crate::output::{self, Table};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// Show counts for one chat, or the whole library: messages per sender and
/// per month, first and last message, attachments.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry stats
  ferry stats Alice --json")]
pub struct Args {
    /// Chat id or title [default: the whole library]
    chat: Option<String>,

    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    chat: Option<i64>,
    messages: u64,
    attachments: u64,
    attachment_bytes: u64,
    first: Option<String>,
    last: Option<String>,
    per_sender: Vec<Count<'a>>,
    per_month: Vec<Count<'a>>,
}

#[derive(Serialize)]
struct Count<'a> {
    key: &'a str,
    messages: u64,
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let ferry = super::open(library)?;
    let chat = match &args.chat {
        Some(spec) => Some(ferry.resolve_chat(spec)?),
        None => None,
    };
    let s = ferry.stats(chat.as_ref().map(|c| c.id))?;
    let count = |v: &'_ [(String, u64)]| -> Vec<(String, u64)> { v.to_vec() };
    let per_sender = count(&s.per_sender);
    let per_month = count(&s.per_month);
    if args.json {
        output::json(&StatsJson {
            chat: chat.as_ref().map(|c| c.id),
            messages: s.messages,
            attachments: s.attachments,
            attachment_bytes: s.attachment_bytes,
            first: s.first.as_ref().map(|t| t.to_rfc3339()),
            last: s.last.as_ref().map(|t| t.to_rfc3339()),
            per_sender: per_sender
                .iter()
                .map(|(k, n)| Count {
                    key: k,
                    messages: *n,
                })
                .collect(),
            per_month: per_month
                .iter()
                .map(|(k, n)| Count {
                    key: k,
                    messages: *n,
                })
                .collect(),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let scope = chat
        .as_ref()
        .map(|c| output::clean(&c.title))
        .unwrap_or_else(|| "whole library".to_owned());
    println!(
        "{scope}: {} messages, {} attachments",
        s.messages, s.attachments
    );
    println!(
        "first {}, last {}\n",
        output::local_opt(s.first.as_ref()),
        output::local_opt(s.last.as_ref())
    );
    let mut t = Table::new(&["sender", "messages", "share"]).right(&[1, 2]);
    for (name, n) in &per_sender {
        let share = if s.messages > 0 {
            format!("{:.1}%", *n as f64 * 100.0 / s.messages as f64)
        } else {
            "-".to_owned()
        };
        t.row(vec![output::truncate(name, 30), n.to_string(), share]);
    }
    t.print()?;
    println!();
    let max = per_month.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let mut t = Table::new(&["month", "messages", ""]).right(&[1]);
    for (month, n) in &per_month {
        let bar = "█".repeat(((*n * 40).div_ceil(max)) as usize);
        t.row(vec![month.clone(), n.to_string(), bar]);
    }
    t.print()?;
    Ok(ExitCode::SUCCESS)
}
