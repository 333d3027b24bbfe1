//! `ferry`: import chat exports into a local library, search them, export
//! them to another app, compare messengers. All of it lives in the
//! `ferry_cli` library, which the desktop app's binary shares.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: importers and exports hand
/// what one thread allocates to another thread that frees it, which the
/// system allocator serialises on its arena locks (see BENCHMARKS.md,
/// "The allocator").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ferry_cli::run(std::env::args_os())
}
