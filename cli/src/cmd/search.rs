//! `ferry search`: full-text search across the library.

use crate::output::{self, Table};
use ferry_core::SearchQuery;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// Search every message in the library.
///
/// Words must all appear; "quoted words" must appear together. Accents and
/// case are ignored; Chinese, Japanese and Thai text is found without spaces.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry search birthday
  ferry search '\"see you tomorrow\"' --chat Alice
  ferry search 東京 --json")]
pub struct Args {
    /// What to look for
    query: String,

    /// Only in this chat (id or title)
    #[arg(long)]
    chat: Option<String>,

    /// How many hits at most
    #[arg(long, default_value_t = 20)]
    limit: u64,

    /// Print JSON: [{"chat_id","chat","message_id","sent_at","sender","snippet"}]
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct HitJson<'a> {
    chat_id: i64,
    chat: &'a str,
    message_id: i64,
    sent_at: String,
    sender: Option<&'a str>,
    snippet: &'a str,
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let ferry = super::open(library)?;
    let chat = match &args.chat {
        Some(spec) => Some(ferry.resolve_chat(spec)?.id),
        None => None,
    };
    let hits = ferry.search(&SearchQuery {
        text: args.query.clone(),
        chat,
        app: None,
        sender: None,
        since: None,
        until: None,
        limit: args.limit,
        offset: 0,
    })?;
    if args.json {
        let out: Vec<_> = hits
            .iter()
            .map(|h| HitJson {
                chat_id: h.chat_id,
                chat: &h.chat_title,
                message_id: h.message_id,
                sent_at: h.sent_at.to_rfc3339(),
                sender: h.sender.as_deref(),
                snippet: &h.snippet,
            })
            .collect();
        output::json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        eprintln!("No messages match {:?}.", args.query);
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(&["chat", "when", "who", "message", "id"]).right(&[4]);
    for h in &hits {
        t.row(vec![
            output::truncate(&h.chat_title, 24),
            output::local(&h.sent_at),
            output::truncate(h.sender.as_deref().unwrap_or("*"), 20),
            output::truncate(&h.snippet, 60),
            h.message_id.to_string(),
        ]);
    }
    t.print()?;
    Ok(ExitCode::SUCCESS)
}
