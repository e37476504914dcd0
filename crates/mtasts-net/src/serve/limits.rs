//! Rate limits of the API: so many requests a minute per client address and per target domain
//! (a page's live check makes one policy request and at most eleven probe requests), counted in
//! fixed one-minute windows. Beyond them the API answers 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests a minute the API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// From one client address.
    pub per_client: u32,
    /// About one target domain, whoever asks.
    pub per_target: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits { per_client: 120, per_target: 60 }
    }
}

const WINDOW: Duration = Duration::from_secs(60);
/// Past this many keys, windows that ended are forgotten (memory stays bounded by the rate).
const PRUNE_AT: usize = 10_000;

/// One limit: a count per key in the current window.
#[derive(Debug)]
struct Limiter {
    max: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    fn new(max: u32) -> Limiter {
        Limiter { max, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a request for `key`; `Err(seconds to wait)` when the limit is reached.
    fn take(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() >= PRUNE_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return Err(WINDOW.saturating_sub(now.duration_since(entry.0)).as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// Both limits.
#[derive(Debug)]
pub(super) struct Limiters {
    client: Limiter,
    target: Limiter,
}

impl Limiters {
    pub(super) fn new(limits: RateLimits) -> Limiters {
        Limiters { client: Limiter::new(limits.per_client), target: Limiter::new(limits.per_target) }
    }

    /// Counts a request of `client` about `target`; `Err((which limit, seconds to wait))`.
    pub(super) fn take(&self, client: &str, target: Option<&str>) -> Result<(), (&'static str, u64)> {
        let now = Instant::now();
        self.client.take(client, now).map_err(|wait| ("requests from this client", wait))?;
        match target {
            Some(target) => self.target.take(target, now).map_err(|wait| ("requests about this domain", wait)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_holds_so_many_then_opens_again() {
        let limiter = Limiter::new(2);
        let start = Instant::now();
        assert_eq!(limiter.take("a", start), Ok(()));
        assert_eq!(limiter.take("a", start), Ok(()));
        assert_eq!(limiter.take("a", start), Err(60));
        assert_eq!(limiter.take("b", start), Ok(()), "each key has its own count");
        assert_eq!(limiter.take("a", start + WINDOW), Ok(()));
    }
}
