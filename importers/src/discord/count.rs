//! A reader that counts the bytes read through it, for progress reports.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// Shared view of how many bytes a [`CountingReader`] has read.
#[derive(Debug, Clone, Default)]
pub struct Counter(Rc<Cell<u64>>);

impl Counter {
    pub fn get(&self) -> u64 {
        self.0.get()
    }
}

/// Wraps a reader and counts its bytes.
#[derive(Debug)]
pub struct CountingReader<R> {
    inner: R,
    count: Counter,
}

impl<R: Read> CountingReader<R> {
    pub fn new(inner: R) -> Self {
        CountingReader {
            inner,
            count: Counter::default(),
        }
    }

    /// A handle that keeps reporting the count after the reader moves.
    pub fn counter(&self) -> Counter {
        self.count.clone()
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.0.set(self.count.0.get() + n as u64);
        Ok(n)
    }
}
