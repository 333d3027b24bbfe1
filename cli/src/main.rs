//! `ferry`: import chat exports into a local library, search them, export
//! them to another app, compare messengers. All of it lives in the
//! `ferry_cli` library, which the desktop app's binary shares.

use std::process::ExitCode;

fn main() -> ExitCode {
    ferry_cli::run(std::env::args_os())
}
