//! The `_chat.txt` of a WhatsApp part, compressed on a second thread while
//! the writer goes on: lines are sent in 256 KiB chunks over a bounded
//! channel (memory stays flat) to a thread that deflates them into a
//! one-entry temporary zip; when the part closes, that entry is copied raw
//! (without recompressing) into the part's zip.

use crate::ExportError;
use crate::error::IoContext;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const CHUNK: usize = 256 * 1024;
const NAME: &str = "_chat.txt";

pub(crate) struct ChatText {
    tmp: PathBuf,
    buf: Vec<u8>,
    tx: Option<SyncSender<Vec<u8>>>,
    worker: Option<JoinHandle<Result<(), ExportError>>>,
}

impl ChatText {
    /// Starts the compressor writing to `tmp`.
    pub fn start(tmp: PathBuf) -> Result<Self, ExportError> {
        let file = File::create(&tmp).at(&tmp)?;
        let (tx, rx) = sync_channel::<Vec<u8>>(4);
        let path = tmp.clone();
        let worker = std::thread::Builder::new()
            .name("ferry-chat-txt".into())
            .spawn(move || -> Result<(), ExportError> {
                let mut zip = ZipWriter::new(BufWriter::new(file));
                let opts = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .compression_level(Some(1))
                    .large_file(true);
                zip.start_file(NAME, opts)
                    .map_err(|e| ExportError::zip(&path, e))?;
                for chunk in rx {
                    zip.write_all(&chunk).at(&path)?;
                }
                let mut inner = zip.finish().map_err(|e| ExportError::zip(&path, e))?;
                inner.flush().at(&path)
            })
            .at(&tmp)?;
        Ok(ChatText {
            tmp,
            buf: Vec::with_capacity(CHUNK + 4096),
            tx: Some(tx),
            worker: Some(worker),
        })
    }

    /// Appends text.
    pub fn write(&mut self, s: &str) -> Result<(), ExportError> {
        self.buf.extend_from_slice(s.as_bytes());
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), ExportError> {
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(chunk).is_ok());
        if sent {
            Ok(())
        } else {
            // The worker stopped: its own error says why.
            self.join()?;
            Err(ExportError::Misuse("chat text compressor stopped"))
        }
    }

    fn join(&mut self) -> Result<(), ExportError> {
        self.tx = None;
        match self.worker.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(ExportError::Misuse("chat text compressor panicked")),
            None => Ok(()),
        }
    }

    /// Finishes compression and copies `_chat.txt` into `zip`.
    pub fn finish_into(
        mut self,
        zip: &mut ZipWriter<BufWriter<File>>,
        zip_path: &Path,
    ) -> Result<(), ExportError> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        self.join()?;
        let tmp = self.tmp.clone();
        let mut archive =
            ZipArchive::new(File::open(&tmp).at(&tmp)?).map_err(|e| ExportError::zip(&tmp, e))?;
        let entry = archive
            .by_index_raw(0)
            .map_err(|e| ExportError::zip(&tmp, e))?;
        zip.raw_copy_file(entry)
            .map_err(|e| ExportError::zip(zip_path, e))?;
        drop(archive);
        std::fs::remove_file(&tmp).at(&tmp)
    }
}

impl Drop for ChatText {
    fn drop(&mut self) {
        // On an error path: stop the worker and remove the temporary file.
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
        let _ = std::fs::remove_file(&self.tmp);
    }
}
