//! `ferry`: import chat exports into a local library, search them, export
//! them to another app, compare messengers.
//!
//! Map: [`cmd`] holds one module per subcommand (arguments + run);
//! [`output`] prints tables and JSON; [`progress`] draws progress bars on
//! stderr when it is a terminal. Everything real happens in `ferry-core`.

mod cmd;
mod output;
mod progress;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Ferry moves chat history between messengers, on your machine only.
///
/// Import the exports messengers produce (WhatsApp, Telegram, Signal, ...)
/// into one local, searchable library; export chats in a format another
/// app can import; compare messengers' privacy features.
#[derive(Debug, Parser)]
#[command(name = "ferry", version, max_term_width = 100)]
#[command(after_help = "Examples:
  ferry import \"WhatsApp Chat with Alice.zip\"
  ferry chats
  ferry messages Alice --limit 20
  ferry search \"birthday cake\"
  ferry stats Alice
  ferry compare signal whatsapp
  ferry advise --from whatsapp --to signal")]
struct Cli {
    /// The library folder [default: the platform's data directory, e.g. ~/.local/share/ferry]
    #[arg(long, global = true, env = "FERRY_LIBRARY", value_name = "DIR")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Import(cmd::import::Args),
    Chats(cmd::chats::Args),
    Messages(cmd::messages::Args),
    Search(cmd::search::Args),
    Stats(cmd::stats::Args),
    Apps(cmd::apps::Args),
    Compare(cmd::compare::Args),
    Claims(cmd::claims::Args),
    Advise(cmd::advise::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let library = cli
        .library
        .unwrap_or_else(ferry_core::paths::default_library_dir);
    let result = match cli.command {
        Command::Import(a) => cmd::import::run(&library, a),
        Command::Chats(a) => cmd::chats::run(&library, a),
        Command::Messages(a) => cmd::messages::run(&library, a),
        Command::Search(a) => cmd::search::run(&library, a),
        Command::Stats(a) => cmd::stats::run(&library, a),
        Command::Apps(a) => cmd::apps::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Claims(a) => cmd::claims::run(a),
        Command::Advise(a) => cmd::advise::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`ferry messages x | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("ferry: {e:#}");
            ExitCode::from(2)
        }
    }
}
