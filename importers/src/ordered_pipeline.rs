//! A two-stage pipeline that keeps order: a producer on a second thread
//! reads and prepares work in batches, the calling thread (which owns the
//! [`crate::Sink`]) consumes the batches in the order they were made.
//!
//! - Memory stays bounded: batches travel through a bounded channel of
//!   [`DEPTH`] slots, so the producer waits when the consumer falls behind.
//! - The consumer's error wins: when it fails (a sink error, cancellation),
//!   the channel closes, the producer's next send fails with [`Stopped`] and
//!   the producer returns early; its result is then ignored.
//! - A producer error reaches the caller after every batch sent before it
//!   was consumed, exactly as a sequential loop would have seen it.
//! - [`Mode::Inline`] runs both stages on the calling thread, batch by
//!   batch: the same code path without a thread (small inputs, tests).

/// Batches in flight between the stages (besides the one being filled and
/// the one being consumed).
pub const DEPTH: usize = 4;

/// Returned to the producer when the consumer has stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// Where the producer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// On a second thread, concurrently with the consumer.
    Threaded,
    /// On the calling thread; each batch is consumed as soon as it is made.
    Inline,
}

/// The producer's end of the pipeline: hands one batch to the consumer.
pub type Emit<'a, B> = dyn FnMut(B) -> Result<(), Stopped> + 'a;

/// Runs `produce` and feeds its batches, in order, to `consume`. Returns
/// the producer's value once every batch has been consumed, or the first
/// error (the consumer's, or the producer's after its earlier batches).
pub fn run<B, P, E>(
    mode: Mode,
    produce: impl FnOnce(&mut Emit<'_, B>) -> Result<P, E> + Send,
    mut consume: impl FnMut(B) -> Result<(), E>,
) -> Result<P, E>
where
    B: Send,
    P: Send,
    E: Send,
{
    match mode {
        Mode::Inline => {
            let mut failed: Option<E> = None;
            let produced = produce(&mut |batch| match consume(batch) {
                Ok(()) => Ok(()),
                Err(e) => {
                    failed = Some(e);
                    Err(Stopped)
                }
            });
            match failed {
                Some(e) => Err(e),
                None => produced,
            }
        }
        Mode::Threaded => std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<B>(DEPTH);
            let producer = s.spawn(move || {
                let mut emit = |batch: B| tx.send(batch).map_err(|_| Stopped);
                produce(&mut emit)
            });
            let mut failed: Option<E> = None;
            for batch in rx.iter() {
                if let Err(e) = consume(batch) {
                    failed = Some(e);
                    break;
                }
            }
            // Closing the channel wakes a producer waiting to send.
            drop(rx);
            let produced = match producer.join() {
                Ok(p) => p,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            match failed {
                Some(e) => Err(e),
                None => produced,
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produces `n` numbers in batches of `size`, failing after `fail_after`
    /// batches when set.
    fn numbers(
        n: u32,
        size: usize,
        fail_after: Option<usize>,
    ) -> impl FnOnce(&mut Emit<'_, Vec<u32>>) -> Result<&'static str, String> + Send {
        move |emit| {
            let all: Vec<u32> = (0..n).collect();
            for (i, chunk) in all.chunks(size).enumerate() {
                if fail_after == Some(i) {
                    return Err(format!("producer failed at batch {i}"));
                }
                if emit(chunk.to_vec()).is_err() {
                    return Err("stopped".into());
                }
            }
            Ok("done")
        }
    }

    #[test]
    fn both_modes_deliver_everything_in_order() {
        for mode in [Mode::Threaded, Mode::Inline] {
            for (n, size) in [(0, 3), (1, 3), (100, 1), (1000, 7), (1000, 1000)] {
                let mut got = Vec::new();
                let r = run(mode, numbers(n, size, None), |b| {
                    got.extend(b);
                    Ok::<(), String>(())
                });
                assert_eq!(r, Ok("done"), "{mode:?} {n} {size}");
                assert_eq!(got, (0..n).collect::<Vec<_>>(), "{mode:?} {n} {size}");
            }
        }
    }

    #[test]
    fn producer_error_comes_after_its_earlier_batches() {
        for mode in [Mode::Threaded, Mode::Inline] {
            let mut got = Vec::new();
            let r = run(mode, numbers(100, 10, Some(3)), |b| {
                got.extend(b);
                Ok::<(), String>(())
            });
            assert_eq!(r, Err("producer failed at batch 3".into()), "{mode:?}");
            assert_eq!(got, (0..30).collect::<Vec<_>>(), "{mode:?}");
        }
    }

    #[test]
    fn consumer_error_stops_the_producer_and_wins() {
        for mode in [Mode::Threaded, Mode::Inline] {
            let mut batches = 0;
            // Far more batches than the channel holds: the producer must
            // notice the closed channel instead of blocking forever.
            let r = run(mode, numbers(1_000_000, 1, None), |_| {
                batches += 1;
                if batches == 5 {
                    Err("cancelled".to_owned())
                } else {
                    Ok(())
                }
            });
            assert_eq!(r, Err("cancelled".into()), "{mode:?}");
            assert_eq!(batches, 5, "{mode:?}");
        }
    }
}
