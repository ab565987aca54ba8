//! Per-user question cooldown: at most `limit` questions in any sliding window of `window`.
//! Time is passed in, so tests need no clock.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked users, idle ones are forgotten on the next call.
const PRUNE_ABOVE: usize = 4096;

#[derive(Debug)]
pub struct Cooldown {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<u64, VecDeque<Instant>>>,
}

impl Cooldown {
    /// `limit` questions per `window`; a zero window (or limit) turns the cooldown off.
    pub fn new(limit: u32, window: Duration) -> Self {
        Cooldown {
            limit: limit as usize,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.limit > 0 && !self.window.is_zero()
    }

    /// Counts a question by `user` at `now` if the user is under the limit; otherwise counts
    /// nothing and returns how long until the oldest question in the window expires.
    pub fn try_acquire(&self, user: u64, now: Instant) -> Result<(), Duration> {
        if !self.enabled() {
            return Ok(());
        }
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > PRUNE_ABOVE {
            let window = self.window;
            hits.retain(|_, q| q.back().is_some_and(|&t| now.duration_since(t) < window));
        }
        let queue = hits.entry(user).or_default();
        while queue
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.window)
        {
            queue.pop_front();
        }
        if queue.len() >= self.limit {
            let oldest = queue.front().copied().unwrap_or(now);
            return Err(self.window.saturating_sub(now.duration_since(oldest)));
        }
        queue.push_back(now);
        Ok(())
    }

    #[cfg(test)]
    fn tracked_users(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn allows_limit_then_refuses_until_the_window_slides() {
        let c = Cooldown::new(3, 10 * S);
        let t0 = Instant::now();
        assert!(c.try_acquire(1, t0).is_ok());
        assert!(c.try_acquire(1, t0 + 2 * S).is_ok());
        assert!(c.try_acquire(1, t0 + 4 * S).is_ok());
        assert_eq!(c.try_acquire(1, t0 + 5 * S), Err(5 * S));
        // Refusals do not count: the first question still expires at t0 + 10s.
        assert_eq!(c.try_acquire(1, t0 + 9 * S), Err(S));
        assert!(c.try_acquire(1, t0 + 10 * S).is_ok());
        assert_eq!(c.try_acquire(1, t0 + 11 * S), Err(S));
        assert!(c.try_acquire(1, t0 + 12 * S).is_ok());
    }

    #[test]
    fn users_are_independent() {
        let c = Cooldown::new(1, 30 * S);
        let t0 = Instant::now();
        assert!(c.try_acquire(1, t0).is_ok());
        assert!(c.try_acquire(1, t0).is_err());
        assert!(c.try_acquire(2, t0).is_ok());
    }

    #[test]
    fn zero_window_disables() {
        let c = Cooldown::new(1, Duration::ZERO);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert!(c.try_acquire(1, t0).is_ok());
        }
        assert_eq!(c.tracked_users(), 0);
    }

    #[test]
    fn idle_users_are_forgotten() {
        let c = Cooldown::new(1, S);
        let t0 = Instant::now();
        for u in 0..(PRUNE_ABOVE as u64 + 10) {
            c.try_acquire(u, t0).unwrap();
        }
        c.try_acquire(u64::MAX, t0 + 2 * S).unwrap();
        assert_eq!(c.tracked_users(), 1);
    }
}
