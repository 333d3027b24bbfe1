//! `ferry-desktop`: with a `ferry` subcommand (`ferry-desktop import x.zip`)
//! it is the command line, exactly as `ferry`; otherwise it opens the window.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: importers and exports hand
/// what one thread allocates to another thread that frees it, which the
/// system allocator serialises on its arena locks (see BENCHMARKS.md,
/// "The allocator").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if ferry_cli::is_cli_invocation(&args) {
        return ferry_cli::run(args);
    }
    ferry_desktop::run_app()
}
