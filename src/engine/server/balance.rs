//! Several URLs serving one model: each request goes to the URL with the
//! fewest requests outstanding; a URL that fails several times in a row is
//! rested (left alone for a while), and the run goes on with the others.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures in a row after which a URL is rested.
pub(crate) const REST_AFTER: usize = 3;

#[derive(Clone, Debug, Default)]
struct UrlState {
    outstanding: usize,
    failures_in_a_row: usize,
    /// Not to be picked before this, while another URL is awake.
    resting_until: Option<Instant>,
}

/// The URLs' load and health.
pub(crate) struct Balancer {
    states: Mutex<Vec<UrlState>>,
    /// How long a URL that keeps failing is left alone.
    rest: Duration,
    /// Where ties start, turned on each pick, so that a light load (one
    /// request at a time) still goes round every URL.
    turn: std::sync::atomic::AtomicUsize,
}

/// A URL picked for one request: `index`, once `wait` has passed (non-zero
/// only when every URL rests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pick {
    pub index: usize,
    pub wait: Duration,
}

impl Balancer {
    pub fn new(urls: usize, rest: Duration) -> Balancer {
        Balancer {
            states: Mutex::new(vec![UrlState::default(); urls.max(1)]),
            rest,
            turn: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn states(&self) -> std::sync::MutexGuard<'_, Vec<UrlState>> {
        // The counters stay meaningful after a panic elsewhere.
        self.states.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Picks a URL for a request and counts it outstanding: the awake URL
    /// with the fewest outstanding requests, `avoid` (the URL that just
    /// failed this request) only when no other is awake; when every URL
    /// rests, the one that wakes first, after its rest.
    pub fn pick(&self, avoid: Option<usize>) -> Pick {
        let now = Instant::now();
        let mut states = self.states();
        let n = states.len();
        let turn = self.turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % n;
        let awake = |s: &UrlState| s.resting_until.is_none_or(|t| t <= now);
        let best = (0..n)
            .filter(|&i| awake(&states[i]))
            .min_by_key(|&i| (Some(i) == avoid, states[i].outstanding, (i + n - turn) % n));
        let pick = match best {
            Some(index) => Pick {
                index,
                wait: Duration::ZERO,
            },
            None => {
                let index = (0..states.len())
                    .min_by_key(|&i| states[i].resting_until)
                    .unwrap_or(0);
                let wait = states[index]
                    .resting_until
                    .map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
                Pick { index, wait }
            }
        };
        states[pick.index].outstanding += 1;
        pick
    }

    /// A request to `index` ended. `failed`: with a fault that blames the
    /// URL; `busy_for`: the URL asked to be left alone this long (429).
    pub fn done(&self, index: usize, failed: bool, busy_for: Option<Duration>) {
        let now = Instant::now();
        let rest = self.rest;
        let mut states = self.states();
        let Some(state) = states.get_mut(index) else {
            return;
        };
        state.outstanding = state.outstanding.saturating_sub(1);
        if failed {
            state.failures_in_a_row += 1;
            if state.failures_in_a_row >= REST_AFTER {
                state.resting_until = Some(now + rest);
                // Once awake again it gets one try before resting anew.
                state.failures_in_a_row = REST_AFTER - 1;
            }
        } else if busy_for.is_none() {
            state.failures_in_a_row = 0;
        }
        if let Some(wait) = busy_for {
            let until = now + wait;
            state.resting_until = Some(state.resting_until.map_or(until, |t| t.max(until)));
        }
    }

    /// How many URLs are resting now, for the progress line.
    pub fn resting(&self) -> usize {
        let now = Instant::now();
        self.states()
            .iter()
            .filter(|s| s.resting_until.is_some_and(|t| t > now))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_go_to_the_url_with_the_fewest_outstanding() {
        let b = Balancer::new(3, Duration::from_secs(60));
        let picks: Vec<usize> = (0..6).map(|_| b.pick(None).index).collect();
        assert_eq!(picks, [0, 1, 2, 0, 1, 2]);
        b.done(1, false, None);
        b.done(1, false, None);
        assert_eq!(b.pick(None).index, 1);
        // One request at a time still goes round the URLs.
        let one = Balancer::new(3, Duration::from_secs(60));
        let picks: Vec<usize> = (0..4)
            .map(|_| {
                let p = one.pick(None).index;
                one.done(p, false, None);
                p
            })
            .collect();
        assert_eq!(picks, [0, 1, 2, 0]);
        // A retry avoids the URL that just failed it while another is awake.
        assert_ne!(b.pick(Some(1)).index, 1);
    }

    #[test]
    fn a_url_that_keeps_failing_rests_and_the_others_carry_on() {
        let b = Balancer::new(2, Duration::from_secs(60));
        for _ in 0..REST_AFTER {
            let p = b.pick(Some(1));
            assert_eq!(p.index, 0);
            b.done(0, true, None);
        }
        assert_eq!(b.resting(), 1);
        for _ in 0..4 {
            let p = b.pick(None);
            assert_eq!(
                p,
                Pick {
                    index: 1,
                    wait: Duration::ZERO
                }
            );
            b.done(1, false, None);
        }
    }

    #[test]
    fn when_every_url_rests_the_first_to_wake_is_waited_for() {
        let b = Balancer::new(2, Duration::from_millis(50));
        b.done(0, false, Some(Duration::from_secs(60)));
        for _ in 0..REST_AFTER {
            b.pick(None);
            b.done(1, true, None);
        }
        let p = b.pick(None);
        assert_eq!(p.index, 1);
        assert!(p.wait > Duration::ZERO && p.wait <= Duration::from_millis(50));
    }
}
