//! Helpers for Ferry's end-to-end tests (in `tests/tests/`): run the built
//! `ferry` binary against a fresh library, read fixtures.
//!
//! The binary is the one `cargo test --workspace` builds for `ferry-cli`'s
//! own integration tests (`target/<profile>/ferry`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// A file or folder under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The `ferry` binary next to the test executable's `deps/` folder.
pub fn ferry_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let bin = dir.join(format!("ferry{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not found: build it first (cargo build -p ferry-cli)",
        bin.display()
    );
    bin
}

/// A temporary library and a way to run `ferry` against it.
#[derive(Debug)]
pub struct Lib {
    pub dir: tempfile::TempDir,
}

impl Lib {
    pub fn new() -> Lib {
        Lib {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("library")
    }

    /// A `ferry` command with `--library` set, in UTC, with no terminal.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(ferry_bin());
        c.arg("--library").arg(self.path());
        c.args(args);
        c.env("TZ", "UTC");
        c.env_remove("FERRY_LIBRARY");
        c.env_remove("FERRY_SIGNAL_PASSPHRASE");
        c
    }

    /// Runs `ferry` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args)
            .output()
            .unwrap_or_else(|e| panic!("running ferry {args:?}: {e}"))
    }

    /// Runs `ferry ... --json`, expects success, parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.run(&a);
        assert!(
            out.status.success(),
            "ferry {a:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "ferry {a:?}: stdout is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

impl Default for Lib {
    fn default() -> Self {
        Lib::new()
    }
}
