//! `ferry messages`: read a chat.

use crate::output;
use ferry_core::model::StoredMessage;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Print a chat's messages, oldest first.
///
/// CHAT is a chat id (from `ferry chats`) or its title, or a unique part of it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry messages Alice
  ferry messages 3 --offset 100 --limit 50
  ferry messages Alice --json > alice.json")]
pub struct Args {
    /// Chat id or title
    chat: String,

    /// How many messages [default: all with --json, else 100]
    #[arg(long)]
    limit: Option<u64>,

    /// How many messages to skip from the start
    #[arg(long, default_value_t = 0)]
    offset: u64,

    /// Print JSON: [{"id","sender","sent_at","text","kind","attachments","reply_to","edited","deleted","reactions"}]
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct MessageJson<'a> {
    id: i64,
    sender: Option<&'a str>,
    sent_at: String,
    text: &'a str,
    kind: &'a str,
    attachments: Vec<AttachmentJson<'a>>,
    reply_to: Option<i64>,
    edited: bool,
    deleted: bool,
    reactions: Vec<ReactionJson<'a>>,
}

#[derive(Serialize)]
struct AttachmentJson<'a> {
    name: &'a str,
    mime: Option<&'a str>,
    size: Option<u64>,
}

#[derive(Serialize)]
struct ReactionJson<'a> {
    emoji: &'a str,
    by: Option<&'a str>,
}

fn to_json(m: &StoredMessage) -> MessageJson<'_> {
    let msg = &m.message;
    MessageJson {
        id: m.id,
        sender: m.sender_name.as_deref(),
        sent_at: msg.sent_at.to_rfc3339(),
        text: &msg.text,
        kind: msg.kind.as_str(),
        attachments: msg
            .attachments
            .iter()
            .map(|a| AttachmentJson {
                name: &a.file_name,
                mime: a.mime.as_deref(),
                size: a.size,
            })
            .collect(),
        reply_to: m.reply_to_id,
        edited: msg.edited,
        deleted: msg.is_deleted(),
        reactions: msg
            .reactions
            .iter()
            .map(|r| ReactionJson {
                emoji: &r.emoji,
                by: r.by.as_deref(),
            })
            .collect(),
    }
}

pub fn run(library: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let ferry = super::open(library)?;
    let chat = ferry.resolve_chat(&args.chat)?;
    let limit = args.limit.unwrap_or(if args.json { u64::MAX } else { 100 });
    let messages = ferry.messages(chat.id, args.offset, limit)?;
    if args.json {
        let out: Vec<_> = messages.iter().map(to_json).collect();
        output::json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} ({}, {} messages)",
        output::clean(&chat.title),
        chat.app.display_name(),
        chat.messages
    )?;
    for m in &messages {
        let who = m.sender_name.as_deref().unwrap_or("*");
        let mut text = m.message.text.replace('\n', "\n    ");
        for a in &m.message.attachments {
            text.push_str(&format!(" [{}]", a.file_name));
        }
        let mut marks = String::new();
        if m.message.edited {
            marks.push_str(" (edited)");
        }
        if m.message.is_deleted() {
            marks.push_str(" (deleted)");
        }
        for r in &m.message.reactions {
            marks.push_str(&format!(" {}", r.emoji));
        }
        writeln!(
            out,
            "{}  {}: {}{}",
            output::local(&m.message.sent_at),
            output::clean(who),
            strip_controls(&text),
            output::clean(&marks)
        )?;
    }
    let shown = args.offset + messages.len() as u64;
    if shown < chat.messages && !args.json {
        eprintln!(
            "({} of {} shown; more with --offset {shown})",
            messages.len(),
            chat.messages
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Keeps newlines (multi-line messages) but drops other control characters.
fn strip_controls(s: &str) -> String {
    s.split('\n')
        .map(output::clean)
        .collect::<Vec<_>>()
        .join("\n")
}
