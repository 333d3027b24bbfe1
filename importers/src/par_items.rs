//! Parsing the elements of one long JSON array on worker threads, with the
//! results handed back in their original order.
//!
//! The importer's own thread reads the file and cuts the array into raw
//! element bytes, gathered into [`Batch`]es of a few hundred elements. Worker
//! threads parse each element (serde plus any conversion that needs no
//! sink), and the importer's thread applies the results to the sink one by
//! one, in file order. Sink calls therefore happen on one thread and in the
//! same order as a sequential import.
//!
//! Memory stays flat: at most [`Par::depth`] batches per worker are in
//! flight, and batch buffers are reused. So are the vectors that carry
//! results back: freeing one (tens of kilobytes) per batch on the
//! importer's thread made the allocator consolidate its free lists every
//! time, a measurable share of that thread's work.
//!
//! With [`Par::workers`] `== 0` the same parse and apply steps run inline,
//! one batch at a time: the sequential path that tests compare against.

use std::sync::mpsc;

/// Elements per batch.
pub const BATCH_ITEMS: usize = 256;
/// Bytes per batch (a batch closes at whichever limit comes first).
pub const BATCH_BYTES: usize = 512 * 1024;

/// How an array is split and parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Par {
    /// Worker threads; `0` parses on the importer's thread.
    pub workers: usize,
    /// Batches in flight per worker.
    pub depth: usize,
    pub batch_items: usize,
    pub batch_bytes: usize,
}

impl Par {
    /// Sequential: everything on the calling thread.
    pub const SEQUENTIAL: Par = Par {
        workers: 0,
        depth: 1,
        batch_items: BATCH_ITEMS,
        batch_bytes: BATCH_BYTES,
    };

    /// One worker per available core (at most four); sequential on a
    /// single core, where threads would only add hand-over costs.
    pub fn auto() -> Par {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Par {
            workers: if cores < 2 { 0 } else { cores.min(4) },
            depth: 4,
            batch_items: BATCH_ITEMS,
            batch_bytes: BATCH_BYTES,
        }
    }
}

impl Default for Par {
    fn default() -> Self {
        Par::auto()
    }
}

/// Where one element lies in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemPos {
    /// Byte offset of its first byte.
    pub at: u64,
    /// Byte offset just after its last byte.
    pub end: u64,
}

/// The raw bytes of consecutive array elements.
#[derive(Debug, Default)]
pub struct Batch {
    /// Element bytes, back to back; callers append to it directly.
    pub bytes: Vec<u8>,
    /// `(start in bytes, end in bytes, position in the file)` per element.
    items: Vec<(usize, usize, ItemPos)>,
    max_items: usize,
    max_bytes: usize,
}

impl Batch {
    fn new(par: &Par) -> Batch {
        Batch {
            bytes: Vec::new(),
            items: Vec::new(),
            max_items: par.batch_items.max(1),
            max_bytes: par.batch_bytes.max(1),
        }
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.items.clear();
    }

    /// Records that the bytes appended since the previous element (from
    /// `start`, the length of [`Batch::bytes`] before appending) are one
    /// element found at `pos` in the file.
    pub fn close_item(&mut self, start: usize, pos: ItemPos) {
        let end = self.bytes.len();
        self.items.push((start.min(end), end, pos));
    }

    /// Appends one element.
    pub fn push(&mut self, value: &[u8], pos: ItemPos) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(value);
        self.close_item(start, pos);
    }

    /// Elements in this batch.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether the batch should be sent on.
    pub fn is_full(&self) -> bool {
        self.items.len() >= self.max_items || self.bytes.len() >= self.max_bytes
    }

    /// Each element's bytes and position.
    pub fn items(&self) -> impl Iterator<Item = (&[u8], ItemPos)> + '_ {
        self.items.iter().map(|&(s, e, pos)| {
            let bytes = self.bytes.get(s..e).unwrap_or_default();
            (bytes, pos)
        })
    }
}

/// Parsed elements of one batch, and the batch back for reuse.
type Done<T> = (Vec<(T, ItemPos)>, Batch);
/// A batch to parse, and an empty vector for its results.
type Job<T> = (Batch, Vec<(T, ItemPos)>);

/// Runs the pipeline over one array.
///
/// - `fill` (importer's thread) appends elements to the batch until it
///   [`Batch::is_full`] and returns whether more may follow (`Ok(false)` at
///   the end of the array). Elements appended before an error are still
///   parsed and applied before the error is returned.
/// - `parse` (any thread) turns one element into a value. It is given the
///   state of the thread that parses: each worker makes its own `S` with
///   `Default` and keeps it for the batches it parses, which it gets in
///   file order (the sequential path has one `S`). So whatever a state
///   records comes from elements applied *before* the one being parsed,
///   which lets a parser leave out what an earlier element of the same
///   state already handed on (a participant seen before, say).
/// - `apply` (importer's thread) receives the values in file order; its
///   first error stops the run.
pub fn run<T, E, S, F, P, A>(par: &Par, mut fill: F, parse: P, mut apply: A) -> Result<(), E>
where
    T: Send,
    S: Default,
    F: FnMut(&mut Batch) -> Result<bool, E>,
    P: Fn(&mut S, &[u8], ItemPos) -> T + Sync,
    A: FnMut(T, ItemPos) -> Result<(), E>,
{
    if par.workers == 0 {
        let mut batch = Batch::new(par);
        let mut state = S::default();
        loop {
            batch.clear();
            let more = fill(&mut batch);
            for (bytes, pos) in batch.items() {
                apply(parse(&mut state, bytes, pos), pos)?;
            }
            if !more? {
                return Ok(());
            }
        }
    }
    std::thread::scope(|s| {
        let n = par.workers;
        let depth = par.depth.max(1);
        let mut jobs = Vec::with_capacity(n);
        let mut results = Vec::with_capacity(n);
        for _ in 0..n {
            let (job_tx, job_rx) = mpsc::sync_channel::<Job<T>>(depth);
            let (done_tx, done_rx) = mpsc::sync_channel::<Done<T>>(depth);
            let parse = &parse;
            s.spawn(move || {
                let mut state = S::default();
                for (batch, mut out) in job_rx {
                    out.clear();
                    out.extend(
                        batch
                            .items()
                            .map(|(b, pos)| (parse(&mut state, b, pos), pos)),
                    );
                    if done_tx.send((out, batch)).is_err() {
                        break;
                    }
                }
            });
            jobs.push(job_tx);
            results.push(done_rx);
        }
        // Batch `k` goes to worker `k % n`; each worker answers in the
        // order it was given work, so reading worker `k % n` for batch `k`
        // restores file order without a reorder buffer.
        let (mut sent, mut applied) = (0usize, 0usize);
        let mut more = true;
        let mut fill_error = None;
        let mut spare: Vec<Batch> = Vec::new();
        let mut spare_out: Vec<Vec<(T, ItemPos)>> = Vec::new();
        loop {
            while more && sent - applied < n * depth {
                let mut batch = spare.pop().unwrap_or_else(|| Batch::new(par));
                batch.clear();
                match fill(&mut batch) {
                    Ok(m) => more = m,
                    Err(e) => {
                        more = false;
                        fill_error = Some(e);
                    }
                }
                if batch.is_empty() {
                    spare.push(batch);
                    continue;
                }
                let Some(tx) = jobs.get(sent % n) else { break };
                let out = spare_out.pop().unwrap_or_default();
                if tx.send((batch, out)).is_err() {
                    break;
                }
                sent += 1;
            }
            if applied == sent {
                break;
            }
            // A worker only goes away by panicking, which the scope re-raises.
            let Some(Ok((mut out, batch))) = results.get(applied % n).map(mpsc::Receiver::recv)
            else {
                break;
            };
            applied += 1;
            spare.push(batch);
            for (value, pos) in out.drain(..) {
                apply(value, pos)?;
            }
            spare_out.push(out);
        }
        match fill_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits "a,b,c" into elements, `per` at a time, failing at "!".
    fn split<'a>(parts: &'a [&'a str]) -> impl FnMut(&mut Batch) -> Result<bool, String> + 'a {
        let mut i = 0;
        move |batch| {
            while let Some(p) = parts.get(i) {
                if *p == "!" {
                    return Err(format!("bad element {i}"));
                }
                let at = i as u64 * 10;
                batch.push(p.as_bytes(), ItemPos { at, end: at + 1 });
                i += 1;
                if batch.is_full() {
                    return Ok(i < parts.len());
                }
            }
            Ok(false)
        }
    }

    fn collect(par: &Par, parts: &[&str]) -> (Vec<(String, u64)>, Result<(), String>) {
        let mut seen = Vec::new();
        let r = run(
            par,
            split(parts),
            |_: &mut (), b, _| String::from_utf8_lossy(b).to_uppercase(),
            |v, pos| {
                if v == "STOP" {
                    return Err(format!("stopped at {}", pos.at));
                }
                seen.push((v, pos.at));
                Ok(())
            },
        );
        (seen, r)
    }

    fn configs() -> Vec<Par> {
        let small = |workers, depth| Par {
            workers,
            depth,
            batch_items: 3,
            batch_bytes: 1 << 20,
        };
        vec![
            Par::SEQUENTIAL,
            small(0, 1),
            small(1, 1),
            small(2, 1),
            small(3, 2),
            Par::auto(),
        ]
    }

    #[test]
    fn results_keep_file_order_in_every_configuration() {
        let parts: Vec<String> = (0..100).map(|i| format!("m{i}")).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let (want, r) = collect(&Par::SEQUENTIAL, &parts);
        assert!(r.is_ok());
        assert_eq!(want.len(), 100);
        assert_eq!(want[57], ("M57".to_owned(), 570));
        for par in configs() {
            assert_eq!(collect(&par, &parts), (want.clone(), Ok(())), "{par:?}");
        }
    }

    #[test]
    fn elements_before_a_split_error_are_applied_first() {
        let parts = ["a", "b", "c", "d", "e", "!", "f"];
        for par in configs() {
            let (seen, r) = collect(&par, &parts);
            assert_eq!(seen.len(), 5, "{par:?}");
            assert_eq!(r, Err("bad element 5".to_owned()), "{par:?}");
        }
    }

    #[test]
    fn the_first_apply_error_stops_the_run() {
        let mut parts = vec!["x"; 50];
        parts[20] = "stop";
        parts[40] = "!";
        for par in configs() {
            let (seen, r) = collect(&par, &parts);
            assert_eq!(seen.len(), 20, "{par:?}");
            assert_eq!(r, Err("stopped at 200".to_owned()), "{par:?}");
        }
    }

    /// Each worker's state only holds what elements applied earlier
    /// recorded: a value a state has seen before was already applied once,
    /// marked as the first sighting, whichever worker parsed it.
    #[test]
    fn a_workers_state_only_knows_elements_applied_before() {
        let parts: Vec<String> = (0..200).map(|i| format!("v{}", (i * 7) % 13)).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        for par in configs() {
            let mut announced = std::collections::HashSet::new();
            let mut repeats = 0;
            let r: Result<(), String> = run(
                &par,
                split(&parts),
                |seen: &mut std::collections::HashSet<Vec<u8>>, b, _| {
                    (b.to_vec(), seen.insert(b.to_vec()))
                },
                |(v, first), pos| {
                    if first {
                        announced.insert(v);
                    } else if announced.contains(&v) {
                        repeats += 1;
                    } else {
                        return Err(format!("{v:?} at {} was not announced", pos.at));
                    }
                    Ok(())
                },
            );
            assert_eq!(r, Ok(()), "{par:?}");
            assert_eq!(announced.len(), 13, "{par:?}");
            assert!(repeats > 0, "{par:?}");
        }
    }

    #[test]
    fn empty_arrays_apply_nothing() {
        for par in configs() {
            assert_eq!(collect(&par, &[]), (Vec::new(), Ok(())));
        }
    }
}
