//! How long to wait before sending a request again, how many requests may
//! be in flight, and waits that Ctrl-C cuts short.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The longest wait between two tries of one request.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The longest `Retry-After` honoured: a server that asks for more is
/// waited for this long, and the retry counts as usual.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);

/// How often a wait looks at the stop flag.
const POLL: Duration = Duration::from_millis(20);

/// Exponential backoff with jitter: the n-th retry (0-based) waits between
/// half and all of `base · 2ⁿ`, capped at [`MAX_BACKOFF`]. The jitter comes
/// from a hash of `seed` (the unit) and `n`, not from a clock, so that units
/// that failed together do not retry together, and a test sees the same
/// waits on every run.
pub(crate) fn backoff(base: Duration, retry: u32, seed: u64) -> Duration {
    let full = base
        .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
        .min(MAX_BACKOFF);
    let unit = (splitmix64(seed ^ u64::from(retry).wrapping_mul(0x9e37_79b9)) >> 11) as f64
        / (1u64 << 53) as f64;
    full.mul_f64(0.5 + 0.5 * unit)
}

/// A well-mixed 64-bit hash of `x` (SplitMix64's finaliser).
pub(crate) fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Sleeps `wait`, or less when `stop` is raised meanwhile; false then.
pub(crate) fn sleep(wait: Duration, stop: Option<&AtomicBool>) -> bool {
    let until = Instant::now() + wait;
    loop {
        if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            return true;
        }
        std::thread::sleep((until - now).min(POLL));
    }
}

/// Requests in flight, over all URLs, at most `concurrency`: the pipeline
/// may run more workers than that (`--jobs`), and a server is sized for a
/// number of parallel slots.
pub(crate) struct Permits {
    free: Mutex<usize>,
    returned: Condvar,
    /// All the places: no request waits for more than there are.
    total: usize,
}

/// A request's places (one per completion it asks for); given back when
/// dropped.
pub(crate) struct Permit<'a>(&'a Permits, usize);

impl Permits {
    pub fn new(concurrency: usize) -> Permits {
        Permits {
            free: Mutex::new(concurrency.max(1)),
            returned: Condvar::new(),
            total: concurrency.max(1),
        }
    }

    /// Waits for `count` places (a request for `count` completions keeps
    /// as many of a server's slots busy; at least one, at most all), or
    /// returns None when `stop` is raised first.
    pub fn acquire(&self, count: usize, stop: Option<&AtomicBool>) -> Option<Permit<'_>> {
        let count = count.clamp(1, self.total);
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
                return None;
            }
            if *free >= count {
                *free -= count;
                return Some(Permit(self, count));
            }
            free = self
                .returned
                .wait_timeout(free, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += self.1;
        // Every waiter looks: one that wants several places may now fit
        // where the first woken would not.
        self.0.returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn backoff_doubles_within_its_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        for retry in 0..6 {
            let full = base * (1 << retry);
            let wait = backoff(base, retry, 42);
            assert!(wait >= full / 2 && wait <= full, "retry {retry}: {wait:?}");
        }
        assert!(backoff(base, 40, 1) <= MAX_BACKOFF);
        // The same unit waits the same on every run; another unit differs.
        assert_eq!(backoff(base, 2, 7), backoff(base, 2, 7));
        assert_ne!(backoff(base, 2, 7), backoff(base, 2, 8));
    }

    #[test]
    fn a_raised_stop_flag_cuts_a_sleep_short() {
        let stop = AtomicBool::new(true);
        let started = Instant::now();
        assert!(!sleep(Duration::from_secs(10), Some(&stop)));
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(sleep(Duration::from_millis(1), None));
    }

    #[test]
    fn permits_bound_the_requests_in_flight() {
        let permits = Arc::new(Permits::new(2));
        let in_flight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    let _permit = permits.acquire(1, None);
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{most} in flight");
        let stop = AtomicBool::new(true);
        let _a = permits.acquire(1, None);
        let _b = permits.acquire(1, None);
        assert!(permits.acquire(1, Some(&stop)).is_none());
    }

    /// A request for several completions holds a place for each, so that
    /// the requests in flight never ask a server for more slots than
    /// `concurrency`; guards also against one asking for more than there
    /// are waiting for ever.
    #[test]
    fn a_request_for_several_completions_takes_a_place_for_each() {
        let permits = Permits::new(3);
        let stop = AtomicBool::new(true);
        let two = permits.acquire(2, None).expect("two places are free");
        assert!(permits.acquire(2, Some(&stop)).is_none(), "one is left");
        let one = permits.acquire(1, None).expect("one place is free");
        drop((two, one));
        let all = permits.acquire(5, None).expect("at most all of them");
        assert!(permits.acquire(1, Some(&stop)).is_none(), "{}", all.1);
        drop(all);
        assert!(permits.acquire(3, None).is_some());
    }
}
