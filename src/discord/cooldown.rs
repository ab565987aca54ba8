//! Per-user question cooldown: at most `limit` questions in any sliding window of `window`.
//! Time is passed in, so tests need no clock.
//!
//! Every call is O(1) amortised whatever the number of users, and memory is bounded by the users
//! who asked within the last window: each user keeps only the times of their questions still in
//! the window, and an expiry queue (the time each counted question leaves the window, in the order
//! they were counted) tells which users may have gone idle, so they are forgotten without ever
//! scanning everyone. Each queued entry is pushed once and popped once.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Cooldown {
    limit: usize,
    window: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Each user's counted questions still in the window, oldest first (at most `limit`).
    hits: HashMap<u64, VecDeque<Instant>>,
    /// (when a counted question leaves the window, whose it was), in the order counted.
    expiries: VecDeque<(Instant, u64)>,
}

impl State {
    /// Forgets the users whose newest question has left the window at `now`. Only queue entries
    /// already due are looked at, each once.
    fn expire(&mut self, now: Instant, window: Duration) {
        while let Some(&(due, user)) = self.expiries.front() {
            if due > now {
                break;
            }
            self.expiries.pop_front();
            let idle = self
                .hits
                .get(&user)
                .is_none_or(|q| q.back().is_none_or(|&t| now.duration_since(t) >= window));
            if idle {
                self.hits.remove(&user);
            }
        }
    }
}

impl Cooldown {
    /// `limit` questions per `window`; a zero window (or limit) turns the cooldown off.
    pub fn new(limit: u32, window: Duration) -> Self {
        Cooldown {
            limit: limit as usize,
            window,
            state: Mutex::new(State::default()),
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
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.expire(now, self.window);
        let queue = state.hits.entry(user).or_default();
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
        // Instant + 1 day (the configured maximum) cannot overflow in practice; if it did, the
        // entry would simply never be due and the user kept.
        if let Some(due) = now.checked_add(self.window) {
            state.expiries.push_back((due, user));
        }
        Ok(())
    }

    #[cfg(test)]
    fn tracked_users(&self) -> usize {
        self.state.lock().unwrap().hits.len()
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
    fn memory_is_bounded_by_the_users_active_in_the_window() {
        let c = Cooldown::new(2, 10 * S);
        let t0 = Instant::now();
        for u in 0..1000 {
            c.try_acquire(u, t0).unwrap();
        }
        assert_eq!(c.tracked_users(), 1000);
        // Half of them again later: all still active.
        for u in 0..500 {
            c.try_acquire(u, t0 + 5 * S).unwrap();
        }
        assert_eq!(c.tracked_users(), 1000);
        // Past the first window, those not seen since are forgotten, whatever their number.
        c.try_acquire(5000, t0 + 11 * S).unwrap();
        assert_eq!(c.tracked_users(), 501);
        // And past the second, all but the newest.
        c.try_acquire(5001, t0 + 16 * S).unwrap();
        assert_eq!(c.tracked_users(), 2);
        // Forgetting never forgives early: a user at the limit stays refused in the window.
        c.try_acquire(7, t0 + 20 * S).unwrap();
        c.try_acquire(7, t0 + 21 * S).unwrap();
        assert_eq!(c.try_acquire(7, t0 + 29 * S), Err(S));
        assert!(c.try_acquire(7, t0 + 30 * S).is_ok());
    }

    #[test]
    fn idle_users_are_forgotten() {
        let c = Cooldown::new(1, S);
        let t0 = Instant::now();
        for u in 0..5000 {
            c.try_acquire(u, t0).unwrap();
        }
        c.try_acquire(u64::MAX, t0 + 2 * S).unwrap();
        assert_eq!(c.tracked_users(), 1);
    }
}
