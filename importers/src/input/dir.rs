//! Listing a folder as entries.

use super::{Entry, InputError, is_junk};
use std::path::Path;

/// Deeper folders than this are not followed (exports are shallow; this
/// stops runaway recursion on odd trees).
const MAX_DEPTH: usize = 16;

/// Lists every regular file below `root` (symlinks are not followed), sorted.
pub(super) fn list(root: &Path) -> Result<Vec<Entry>, InputError> {
    let mut out = Vec::new();
    walk(root, "", 0, &mut out)?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<Entry>) -> Result<(), InputError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let io = |source| InputError::Io {
        path: dir.display().to_string(),
        source,
    };
    for item in std::fs::read_dir(dir).map_err(io)? {
        let item = item.map_err(io)?;
        let ty = item.file_type().map_err(io)?;
        let Some(name) = item.file_name().to_str().map(str::to_owned) else {
            continue; // names that are not UTF-8 cannot be referenced by exports
        };
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if is_junk(&rel) {
            continue;
        }
        if ty.is_dir() {
            walk(&item.path(), &rel, depth + 1, out)?;
        } else if ty.is_file() {
            let size = item.metadata().map_err(io)?.len();
            out.push(Entry { name: rel, size });
        }
    }
    Ok(())
}
