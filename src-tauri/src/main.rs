//! `ferry-desktop`: with a `ferry` subcommand (`ferry-desktop import x.zip`)
//! it is the command line, exactly as `ferry`; otherwise it opens the window.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if ferry_cli::is_cli_invocation(&args) {
        return ferry_cli::run(args);
    }
    ferry_desktop::run_app()
}
