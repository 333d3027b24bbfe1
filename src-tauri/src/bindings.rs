//! The TypeScript bindings in `ui/src/bindings/`: generated from the Rust
//! types with ts-rs, committed, and checked here. The test regenerates
//! them into a temporary folder and fails when they differ from the
//! committed files; `FERRY_WRITE_BINDINGS=1 cargo test -p ferry-desktop
//! bindings` rewrites them.

use crate::dto::{ExportSettings, ImportSettings, LibraryInfo, MessagePosition};
use crate::error::CommandError;
use crate::settings::{Settings, Theme};
use ferry_core::catalog::{Advice, App, Claim, Comparison};
use ferry_core::model::{ChatInfo, StoredMessage};
use ferry_core::{
    ExportSummary, FormatInfo, ImportReport, Insights, ProgressUpdate, SearchHit, SearchQuery,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

/// Generates every binding (and the types they use) into `dir`.
fn generate(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    macro_rules! export {
        ($($t:ty),* $(,)?) => {$(
            <$t as TS>::export_all(&cfg)
                .unwrap_or_else(|e| panic!("{}: {e}", stringify!($t)));
        )*};
    }
    export!(
        LibraryInfo,
        MessagePosition,
        ImportSettings,
        ExportSettings,
        Settings,
        Theme,
        CommandError,
        ChatInfo,
        StoredMessage,
        SearchQuery,
        SearchHit,
        Insights,
        ProgressUpdate,
        ImportReport,
        FormatInfo,
        ExportSummary,
        App,
        Comparison,
        Claim,
        Advice,
    );
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ts") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), text);
            }
        }
    }
    out
}

#[test]
fn bindings_match_the_rust_types() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("FERRY_WRITE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        generate(&committed);
    }
    let fresh = tempfile::tempdir().unwrap();
    generate(fresh.path());
    let (want, have) = (files(fresh.path()), files(&committed));
    assert!(!want.is_empty(), "nothing was generated");
    let stale: Vec<_> = want
        .iter()
        .filter(|(p, text)| have.get(*p) != Some(*text))
        .map(|(p, _)| p.display().to_string())
        .chain(
            have.keys()
                .filter(|p| !want.contains_key(*p))
                .map(|p| format!("{} (no longer generated)", p.display())),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is out of date ({}); run \
         FERRY_WRITE_BINDINGS=1 cargo test -p ferry-desktop bindings",
        stale.join(", ")
    );
}
