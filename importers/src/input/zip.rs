//! Zip archives, opened defensively.
//!
//! - An entry whose name is absolute, has a drive letter or a `..`
//!   component makes the whole archive unreadable: such a zip was not made
//!   by a messenger.
//! - Junk (`__MACOSX/`, `.DS_Store`, folders) is not listed.
//! - Declared sizes are checked against [`Limits`] when the archive is
//!   opened, and bytes are counted while reading, so an entry that inflates
//!   past its declared size or the archive's budget stops with
//!   [`InputError::ZipBomb`].

use super::{Entry, InputError, is_junk};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Decompression budgets.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest total of uncompressed bytes an archive may hold.
    pub max_total: u64,
    /// Largest ratio of uncompressed to archive size, applied once the
    /// total exceeds `ratio_floor` (small archives of text legitimately
    /// compress well).
    pub max_ratio: u64,
    pub ratio_floor: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total: 64 << 30,
            max_ratio: 200,
            ratio_floor: 256 << 20,
        }
    }
}

/// True when the file starts with a local-file or empty-archive signature.
pub fn looks_like_zip(path: &Path) -> io::Result<bool> {
    let mut head = [0u8; 4];
    let mut f = File::open(path)?;
    let n = f.read(&mut head)?;
    Ok(n == 4 && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06"))
}

/// A zip archive that can be read safely, concurrently by several readers.
pub struct SafeZip {
    archive: ::zip::ZipArchive<SharedFile>,
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    budget: u64,
    read_so_far: Arc<AtomicU64>,
}

impl std::fmt::Debug for SafeZip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SafeZip")
            .field("entries", &self.entries.len())
            .field("budget", &self.budget)
            .finish()
    }
}

impl SafeZip {
    pub fn open(path: &Path) -> Result<SafeZip, InputError> {
        Self::open_with(path, Limits::default())
    }

    pub fn open_with(path: &Path, limits: Limits) -> Result<SafeZip, InputError> {
        let file = File::open(path).map_err(|source| InputError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let archive_len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let shared = SharedFile {
            file: Arc::new(file),
            pos: 0,
        };
        let mut archive = ::zip::ZipArchive::new(shared)
            .map_err(|e| InputError::BadZip(format!("{}: {e}", path.display())))?;
        let mut entries = Vec::new();
        let mut index = HashMap::new();
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let f = archive
                .by_index_raw(i)
                .map_err(|e| InputError::BadZip(format!("{}: entry {i}: {e}", path.display())))?;
            let raw = f.name().to_owned();
            let name = raw.replace('\\', "/");
            if !is_safe_name(&name) {
                return Err(InputError::UnsafeZipEntry(raw));
            }
            total = total.saturating_add(f.size());
            if f.is_dir() || is_junk(&name) {
                continue;
            }
            index.insert(name.clone(), i);
            entries.push(Entry {
                name,
                size: f.size(),
            });
        }
        let budget = limits.max_total.min(
            archive_len
                .saturating_mul(limits.max_ratio)
                .max(limits.ratio_floor),
        );
        if total > budget {
            return Err(InputError::ZipBomb {
                entry: format!(
                    "{} ({} entries, {total} bytes declared)",
                    path.display(),
                    entries.len()
                ),
                limit: budget,
            });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(SafeZip {
            archive,
            entries,
            index,
            budget,
            read_so_far: Arc::new(AtomicU64::new(0)),
        })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn with_entry<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut dyn Read) -> T,
    ) -> Result<T, InputError> {
        let &i = self
            .index
            .get(name)
            .ok_or_else(|| InputError::NoSuchEntry(name.to_owned()))?;
        let mut archive = self.archive.clone();
        let file = archive
            .by_index(i)
            .map_err(|e| InputError::BadZip(format!("entry {name:?}: {e}")))?;
        let declared = file.size();
        let mut reader = Counted {
            inner: file,
            entry: name,
            entry_limit: declared,
            entry_read: 0,
            total: &self.read_so_far,
            budget: self.budget,
        };
        Ok(f(&mut reader))
    }
}

/// Rejects absolute paths, drive letters and `..` components.
fn is_safe_name(name: &str) -> bool {
    !(name.starts_with('/')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split('/').any(|c| c == ".."))
}

struct Counted<'a, R> {
    inner: R,
    entry: &'a str,
    entry_limit: u64,
    entry_read: u64,
    total: &'a AtomicU64,
    budget: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.entry_read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if self.entry_read > self.entry_limit || total > self.budget {
            let limit = if self.entry_read > self.entry_limit {
                self.entry_limit
            } else {
                self.budget
            };
            return Err(io::Error::other(InputError::ZipBomb {
                entry: self.entry.to_owned(),
                limit,
            }));
        }
        Ok(n)
    }
}

/// A file handle shared between readers, each with its own position.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let len = self.file.metadata()?.len();
        let new = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos =
            new.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before start"))?;
        Ok(self.pos)
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buf, pos)
}

#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buf, pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn make_zip(path: &Path, files: &[(&str, &[u8])]) {
        let f = File::create(path).unwrap();
        let mut w = ::zip::ZipWriter::new(f);
        let opts = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }

    #[test]
    fn lists_and_reads_entries_skipping_junk() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.zip");
        make_zip(
            &p,
            &[
                ("_chat.txt", b"hello"),
                ("__MACOSX/._chat.txt", b"junk"),
                ("IMG-1.jpg", b"jpeg"),
            ],
        );
        let z = SafeZip::open(&p).unwrap();
        let names: Vec<_> = z.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["IMG-1.jpg", "_chat.txt"]);
        let text = z
            .with_entry("_chat.txt", |r| {
                let mut s = String::new();
                r.read_to_string(&mut s).unwrap();
                s
            })
            .unwrap();
        assert_eq!(text, "hello");
    }

    #[test]
    fn nested_reads_work() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.zip");
        make_zip(&p, &[("a.txt", b"aaa"), ("b.txt", b"bbb")]);
        let z = SafeZip::open(&p).unwrap();
        let both = z
            .with_entry("a.txt", |ra| {
                let mut a = Vec::new();
                ra.read_to_end(&mut a).unwrap();
                let b = z
                    .with_entry("b.txt", |rb| {
                        let mut b = Vec::new();
                        rb.read_to_end(&mut b).unwrap();
                        b
                    })
                    .unwrap();
                (a, b)
            })
            .unwrap();
        assert_eq!(both, (b"aaa".to_vec(), b"bbb".to_vec()));
    }

    #[test]
    fn parent_dir_entry_is_refused() {
        let d = tempfile::tempdir().unwrap();
        for evil in ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/x.txt"] {
            let p = d.path().join("evil.zip");
            make_zip(&p, &[("_chat.txt", b"hi"), (evil, b"x")]);
            let err = SafeZip::open(&p).unwrap_err();
            assert!(
                matches!(err, InputError::UnsafeZipEntry(_)),
                "{evil}: {err}"
            );
        }
    }

    #[test]
    fn zip_bomb_is_refused_by_declared_size() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("bomb.zip");
        let zeros = vec![0u8; 8 << 20];
        make_zip(&p, &[("_chat.txt", &zeros)]);
        let limits = Limits {
            max_total: 1 << 40,
            max_ratio: 100,
            ratio_floor: 1 << 20,
        };
        let err = SafeZip::open_with(&p, limits).unwrap_err();
        assert!(matches!(err, InputError::ZipBomb { .. }), "{err}");
        assert!(err.to_string().contains("zip bomb"));
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("bad.zip");
        std::fs::write(&p, b"PK\x03\x04 this is not really a zip").unwrap();
        let err = SafeZip::open(&p).unwrap_err();
        assert!(matches!(err, InputError::BadZip(_)), "{err}");
    }
}
