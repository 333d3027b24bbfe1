//! The `ferry` command line as a library: [`run`] parses arguments and runs
//! one subcommand. Both the `ferry` binary and the desktop app's binary
//! (`ferry-desktop import ...`) call it, so they behave identically.
//!
//! Map: `cmd` holds one module per subcommand (arguments + run); `output`
//! prints tables and JSON; `progress` draws progress bars on stderr when it
//! is a terminal; [`is_cli_invocation`] tells a front-end whether its
//! arguments are meant for the command line. Everything real happens in
//! `ferry-core`.

mod cmd;
mod output;
mod progress;

use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
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
  ferry export Alice --to whatsapp --out ~/Desktop
  ferry convert \"WhatsApp Chat - Family.zip\" --to telegram-json --out for-signal
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
    Export(cmd::export::Args),
    Convert(cmd::convert::Args),
    Apps(cmd::apps::Args),
    Compare(cmd::compare::Args),
    Claims(cmd::claims::Args),
    Advise(cmd::advise::Args),
}

/// Runs the command line given by `args` (the first item is the program
/// name, as in `std::env::args_os()`) and returns the process exit code:
/// 0 on success, 2 on a usage error or a failure (details on stderr).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version land here too, with exit code 0.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let library = cli
        .library
        .unwrap_or_else(ferry_core::paths::default_library_dir);
    let result = match cli.command {
        Command::Import(a) => cmd::import::run(&library, a),
        Command::Chats(a) => cmd::chats::run(&library, a),
        Command::Messages(a) => cmd::messages::run(&library, a),
        Command::Search(a) => cmd::search::run(&library, a),
        Command::Stats(a) => cmd::stats::run(&library, a),
        Command::Export(a) => cmd::export::run(&library, a),
        Command::Convert(a) => cmd::convert::run(a),
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

/// Whether `args` (program name first) ask for the command line rather than
/// a window: true when the first argument is a subcommand (or `help`), a
/// global option (`--library`) or `--help`/`--version`. Anything else, such
/// as no argument or the flags a WebDriver adds when it launches an app,
/// means "open the window".
pub fn is_cli_invocation(args: &[OsString]) -> bool {
    let Some(first) = args.get(1).and_then(|a| a.to_str()) else {
        return false;
    };
    if matches!(
        first,
        "help" | "-h" | "--help" | "-V" | "--version" | "--library"
    ) || first.starts_with("--library=")
    {
        return true;
    }
    Cli::command()
        .get_subcommands()
        .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first))
}

#[cfg(test)]
mod tests {
    use super::is_cli_invocation;
    use std::ffi::OsString;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn subcommands_and_global_options_are_cli() {
        for a in [
            &["ferry-desktop", "import", "x.zip"][..],
            &["ferry-desktop", "chats"],
            &[
                "ferry-desktop",
                "advise",
                "--from",
                "whatsapp",
                "--to",
                "signal",
            ],
            &["ferry-desktop", "--help"],
            &["ferry-desktop", "-V"],
            &["ferry-desktop", "help"],
            &["ferry-desktop", "--library", "/tmp/lib", "chats"],
            &["ferry-desktop", "--library=/tmp/lib", "chats"],
        ] {
            assert!(is_cli_invocation(&args(a)), "{a:?}");
        }
    }

    #[test]
    fn no_arguments_or_foreign_flags_open_the_window() {
        for a in [
            &["ferry-desktop"][..],
            &[],
            &["ferry-desktop", "--automation"],
            &["ferry-desktop", "importx"],
        ] {
            assert!(!is_cli_invocation(&args(a)), "{a:?}");
        }
    }
}
