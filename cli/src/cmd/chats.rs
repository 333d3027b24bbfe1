//! `ferry chats`: list the chats in the library.

use crate::output::{self, Table};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// List the chats in the library, most recently active first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry chats
  ferry chats --json | jq '.[].title'")]
pub struct Args {
    /// Print JSON: [{"id","app","title","kind","participants","messages","first","last"}]
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct ChatJson<'a> {
    id: i64,
    app: &'a str,
    title: &'a str,
    kind: &'a str,
    participants: Vec<PersonJson<'a>>,
    messages: u64,
    first: Option<String>,
    last: Option<String>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    name: &'a str,
    phone: Option<&'a str>,
    handle: Option<&'a str>,
    is_me: bool,
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let ferry = super::open(library)?;
    let chats = ferry.chats()?;
    if args.json {
        let out: Vec<ChatJson<'_>> = chats
            .iter()
            .map(|c| ChatJson {
                id: c.id,
                app: c.app.id(),
                title: &c.title,
                kind: c.kind.as_str(),
                participants: c
                    .participants
                    .iter()
                    .map(|m| PersonJson {
                        name: &m.participant.name,
                        phone: m.participant.phone.as_deref(),
                        handle: m.participant.handle.as_deref(),
                        is_me: m.participant.is_me,
                    })
                    .collect(),
                messages: c.messages,
                first: c.first.as_ref().map(|t| t.to_rfc3339()),
                last: c.last.as_ref().map(|t| t.to_rfc3339()),
            })
            .collect();
        output::json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if chats.is_empty() {
        eprintln!("The library is empty. Import an export first: ferry import PATH");
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(&[
        "id", "app", "chat", "kind", "people", "messages", "first", "last",
    ])
    .right(&[0, 4, 5]);
    for c in &chats {
        t.row(vec![
            c.id.to_string(),
            c.app.display_name().to_owned(),
            output::truncate(&c.title, 36),
            c.kind.as_str().to_owned(),
            c.participants.len().to_string(),
            c.messages.to_string(),
            output::local_opt(c.first.as_ref()),
            output::local_opt(c.last.as_ref()),
        ]);
    }
    t.print()?;
    Ok(ExitCode::SUCCESS)
}
