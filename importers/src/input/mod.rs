//! Where an export's bytes come from.
//!
//! An [`Input`] is a file, a folder or a zip archive seen as a list of
//! entries (relative `/`-separated paths) that can be opened by name. Zips
//! are opened defensively (see [`zip`]): entries with `../` or absolute
//! paths make the archive unreadable, junk (`__MACOSX/`, `.DS_Store`) is
//! hidden, and decompression is capped so that a zip bomb ends in an error.
//! Nothing is ever extracted onto the file system.

mod dir;
pub mod zip;

use std::io::Read;
use std::path::{Path, PathBuf};

/// One file inside an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative path with `/` separators.
    pub name: String,
    /// Size in bytes (uncompressed, as declared for zip entries).
    pub size: u64,
}

impl Entry {
    /// The last path component.
    pub fn file_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    /// The folder part, without trailing `/` (`""` at the top).
    pub fn dir(&self) -> &str {
        self.name.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    }
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("not a readable zip archive: {0}")]
    BadZip(String),
    #[error("refusing unsafe path in zip: {0:?}")]
    UnsafeZipEntry(String),
    #[error(
        "zip entry {entry:?} expands beyond the safety limit ({limit} bytes): possible zip bomb"
    )]
    ZipBomb { entry: String, limit: u64 },
    #[error("no entry {0:?} in the input")]
    NoSuchEntry(String),
}

#[derive(Debug)]
enum Kind {
    File(PathBuf),
    Dir(PathBuf),
    Zip(zip::SafeZip),
    Memory(Vec<u8>),
}

/// A file, folder or zip archive holding one or more exports.
#[derive(Debug)]
pub struct Input {
    kind: Kind,
    path: PathBuf,
    entries: Vec<Entry>,
}

impl Input {
    /// Opens a path: a folder is listed recursively, a file starting with a
    /// zip signature is opened as an archive, anything else is one file.
    pub fn open(path: &Path) -> Result<Input, InputError> {
        let io = |source| InputError::Io {
            path: path.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            let entries = dir::list(path)?;
            return Ok(Input {
                kind: Kind::Dir(path.to_owned()),
                path: path.to_owned(),
                entries,
            });
        }
        if zip::looks_like_zip(path).map_err(io)? {
            let z = zip::SafeZip::open(path)?;
            let entries = z.entries().to_vec();
            return Ok(Input {
                kind: Kind::Zip(z),
                path: path.to_owned(),
                entries,
            });
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(Input {
            kind: Kind::File(path.to_owned()),
            path: path.to_owned(),
            entries: vec![Entry {
                name,
                size: meta.len(),
            }],
        })
    }

    /// A single in-memory file named `name` (tests, fuzzing, pasted text).
    pub fn from_bytes(name: &str, data: Vec<u8>) -> Input {
        Input {
            entries: vec![Entry {
                name: name.to_owned(),
                size: data.len() as u64,
            }],
            kind: Kind::Memory(data),
            path: PathBuf::from(name),
        }
    }

    /// The path this input was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this input is a zip archive.
    pub fn is_zip(&self) -> bool {
        matches!(self.kind, Kind::Zip(_))
    }

    /// Every entry, sorted by name.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this name.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// How to name an entry in messages: the input's path, plus the entry
    /// inside a zip or folder.
    pub fn describe(&self, name: &str) -> String {
        match &self.kind {
            Kind::File(p) => p.display().to_string(),
            Kind::Dir(p) => p.join(name).display().to_string(),
            Kind::Zip(_) => format!("{}!{}", self.path.display(), name),
            Kind::Memory(_) => name.to_owned(),
        }
    }

    /// Calls `f` with a reader over the entry's bytes. Several entries may
    /// be open at once (nested calls are fine).
    pub fn with_entry<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut dyn Read) -> T,
    ) -> Result<T, InputError> {
        match &self.kind {
            Kind::File(p) => {
                if self.entries.first().map(|e| e.name.as_str()) != Some(name) {
                    return Err(InputError::NoSuchEntry(name.to_owned()));
                }
                let mut file = open_file(p)?;
                Ok(f(&mut file))
            }
            Kind::Dir(root) => {
                if self.entry(name).is_none() {
                    return Err(InputError::NoSuchEntry(name.to_owned()));
                }
                let mut file = open_file(&root.join(name))?;
                Ok(f(&mut file))
            }
            Kind::Zip(z) => z.with_entry(name, f),
            Kind::Memory(data) => {
                if self.entries[0].name != name {
                    return Err(InputError::NoSuchEntry(name.to_owned()));
                }
                Ok(f(&mut data.as_slice()))
            }
        }
    }

    /// Reads up to `limit` bytes from the start of an entry (for sniffing).
    pub fn head(&self, name: &str, limit: usize) -> Result<Vec<u8>, InputError> {
        self.with_entry(name, |r| {
            let mut buf = Vec::with_capacity(limit.min(1 << 20));
            r.take(limit as u64).read_to_end(&mut buf).map(|_| buf)
        })?
        .map_err(|source| InputError::Io {
            path: self.describe(name),
            source,
        })
    }

    /// Reads a whole entry into memory. Use for small files only.
    pub fn read_all(&self, name: &str) -> Result<Vec<u8>, InputError> {
        self.head(name, usize::MAX)
    }

    /// A path on disk for an entry, when the input is a file or a folder
    /// (formats read by libraries that want a path, such as SQLite).
    pub fn local_path(&self, name: &str) -> Option<PathBuf> {
        match &self.kind {
            Kind::File(p) => Some(p.clone()),
            Kind::Dir(root) => self.entry(name).map(|_| root.join(name)),
            Kind::Zip(_) | Kind::Memory(_) => None,
        }
    }
}

fn open_file(p: &Path) -> Result<std::fs::File, InputError> {
    std::fs::File::open(p).map_err(|source| InputError::Io {
        path: p.display().to_string(),
        source,
    })
}

/// Names of files that are never part of an export.
pub(crate) fn is_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || name
            .split('/')
            .any(|c| c == ".DS_Store" || c == "Thumbs.db" || c == "desktop.ini")
        || name.rsplit('/').next().is_some_and(|f| f.starts_with("._"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_names() {
        for junk in [
            "__MACOSX/._chat.txt",
            "a/__MACOSX/x",
            ".DS_Store",
            "media/.DS_Store",
            "._chat.txt",
        ] {
            assert!(is_junk(junk), "{junk}");
        }
        for ok in [
            "_chat.txt",
            "WhatsApp Chat with Bob.txt",
            "photos/IMG_1.jpg",
        ] {
            assert!(!is_junk(ok), "{ok}");
        }
    }

    #[test]
    fn folder_lists_files_recursively_without_junk() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("photos")).unwrap();
        std::fs::write(d.path().join("result.json"), b"{}").unwrap();
        std::fs::write(d.path().join("photos/a.jpg"), b"jpg").unwrap();
        std::fs::write(d.path().join(".DS_Store"), b"x").unwrap();
        let input = Input::open(d.path()).unwrap();
        let names: Vec<_> = input.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["photos/a.jpg", "result.json"]);
        let text = input.read_all("photos/a.jpg").unwrap();
        assert_eq!(text, b"jpg");
        assert!(input.read_all("../etc/passwd").is_err());
    }

    #[test]
    fn single_file_has_one_entry() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("chat.txt");
        std::fs::write(&p, b"hello").unwrap();
        let input = Input::open(&p).unwrap();
        assert_eq!(input.entries().len(), 1);
        assert_eq!(input.head("chat.txt", 2).unwrap(), b"he");
    }
}
