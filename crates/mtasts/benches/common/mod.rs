//! The batch timer the benches share (a module, not a bench target of its own).

use std::time::{Duration, Instant};

/// The median time of one call of `run`, over 30 batches of about 10 ms each (a first
/// call sizes the batches): the figure the summaries print, cheaper than criterion's
/// statistics, and a batch is long enough for the timer's grain not to matter.
pub(crate) fn median(mut run: impl FnMut()) -> Duration {
    let start = Instant::now();
    run();
    let once = start.elapsed().max(Duration::from_nanos(20));
    let per_batch = (Duration::from_millis(10).as_nanos() / once.as_nanos()).max(1) as u32;
    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                run();
            }
            start.elapsed() / per_batch
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
