//! A count of the steps taken by the loops that must stay linear (MX coverage, fix
//! application, tag lexing), so that tests can prove it by comparing the count at `n`
//! and at `2n` instead of timing anything.
//!
//! Counting happens only with the `work-counters` feature, which the crate's own tests
//! turn on; in every other build [`add`] compiles to nothing and [`steps`] is always 0.

#[cfg(feature = "work-counters")]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Records `n` steps of work on this thread.
#[inline]
pub(crate) fn add(n: usize) {
    #[cfg(feature = "work-counters")]
    STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
    #[cfg(not(feature = "work-counters"))]
    let _ = n;
}

/// The steps counted on this thread since the last [`reset`].
pub fn steps() -> u64 {
    #[cfg(feature = "work-counters")]
    let steps = STEPS.with(std::cell::Cell::get);
    #[cfg(not(feature = "work-counters"))]
    let steps = 0;
    steps
}

/// Sets this thread's count back to 0.
pub fn reset() {
    #[cfg(feature = "work-counters")]
    STEPS.with(|s| s.set(0));
}

/// Runs `f` and returns its result with the steps it took.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, u64) {
    reset();
    let out = f();
    (out, steps())
}
