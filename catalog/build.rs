//! Walks `apps/` and `claims/` and writes an include list to `OUT_DIR`, so a
//! new data file is embedded without touching code and none can be forgotten.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn list(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from);
    let out = env::var("OUT_DIR").map(std::path::PathBuf::from);
    let (Ok(root), Ok(out)) = (root, out) else {
        panic!("cargo did not set CARGO_MANIFEST_DIR / OUT_DIR");
    };
    let mut code = String::from("&[\n");
    for sub in ["apps", "claims"] {
        let dir = root.join(sub);
        println!("cargo::rerun-if-changed={}", dir.display());
        for name in list(&dir) {
            let path = dir.join(&name);
            println!("cargo::rerun-if-changed={}", path.display());
            let _ = writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                format!("{sub}/{name}"),
                path.display().to_string()
            );
        }
    }
    code.push_str("]\n");
    if let Err(e) = fs::write(out.join("embedded_files.rs"), code) {
        panic!("cannot write the include list: {e}");
    }
}
