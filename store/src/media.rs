//! Content-addressed media files: `media/<first two hex digits>/<sha256>`.
//!
//! Content is streamed into a temporary file inside `media/` while hashing,
//! synced, then renamed to its final name, so a file under its hash name is
//! always complete. A file already present is not rewritten. Media written by
//! an ingest that is later rolled back stays on disk (it is unreferenced and
//! harmless: the same content would be stored under the same name anyway).

use crate::StoreError;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a hash's file lives (whether or not it exists). `None` when the
/// string is not a lowercase hex SHA-256, so no caller can escape `media/`.
pub(crate) fn path_for(media_dir: &Path, hash: &str) -> Option<PathBuf> {
    let valid = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !valid {
        return None;
    }
    Some(media_dir.join(&hash[..2]).join(hash))
}

/// Outcome of storing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub hash: String,
    pub size: u64,
    /// False when the content was already stored.
    pub new_file: bool,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Streams `content` into the media folder.
pub(crate) fn store(media_dir: &Path, content: &mut dyn Read) -> Result<Written, StoreError> {
    let temp = media_dir.join(format!(
        ".incoming-{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = write_temp(&temp, content).and_then(|(hash, size)| {
        let Some(dest) = path_for(media_dir, &hash) else {
            return Err(StoreError::Corrupt {
                table: "media",
                row: 0,
                what: format!("computed an invalid hash {hash}"),
            });
        };
        if dest.exists() {
            fs::remove_file(&temp).map_err(|e| StoreError::io(&temp, e))?;
            return Ok(Written {
                hash,
                size,
                new_file: false,
            });
        }
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        fs::rename(&temp, &dest).map_err(|e| StoreError::io(&dest, e))?;
        Ok(Written {
            hash,
            size,
            new_file: true,
        })
    });
    if result.is_err() {
        // Best effort: the temp file may not exist.
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_temp(temp: &Path, content: &mut dyn Read) -> Result<(String, u64), StoreError> {
    let mut file = fs::File::create(temp).map_err(|e| StoreError::io(temp, e))?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match content.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StoreError::io(temp, e)),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        file.write_all(chunk).map_err(|e| StoreError::io(temp, e))?;
        size += n as u64;
    }
    file.sync_all().map_err(|e| StoreError::io(temp, e))?;
    let digest = hasher.finalize();
    let hash = digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok((hash, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_once_under_the_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let w = store(dir.path(), &mut &b"abc"[..]).unwrap();
        assert_eq!(
            w.hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(w.size, 3);
        assert!(w.new_file);
        let p = path_for(dir.path(), &w.hash).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"abc");
        let again = store(dir.path(), &mut &b"abc"[..]).unwrap();
        assert!(!again.new_file);
        // no temp files left behind
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["ba".to_string()]);
    }

    #[test]
    fn invalid_hashes_have_no_path() {
        let d = Path::new("media");
        for bad in [
            "",
            "../etc/passwd",
            &"A".repeat(64),
            &"a".repeat(63),
            &"g".repeat(64),
        ] {
            assert!(path_for(d, bad).is_none(), "{bad}");
        }
    }

    struct FailingReader;
    impl Read for FailingReader {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("boom"))
        }
    }

    #[test]
    fn read_error_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(store(dir.path(), &mut FailingReader).is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
