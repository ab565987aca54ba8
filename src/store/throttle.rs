//! At most one warning per period: a database that stays unavailable must not flood the log
//! with a line per question, yet its operator must hear about it, with how much was lost.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often the recorder may warn about the same trouble.
pub const WARN_EVERY: Duration = Duration::from_secs(60);

/// Lets one event through per `period`, counting the ones held back in between.
#[derive(Debug)]
pub struct Throttle {
    period: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    last: Option<Instant>,
    held_back: u64,
}

impl Throttle {
    pub fn new(period: Duration) -> Throttle {
        Throttle {
            period,
            state: Mutex::new(State::default()),
        }
    }

    /// `Some(n)` when a warning may be logged at `now`, `n` being how many were held back since
    /// the last one; `None` when this one is to be held back.
    pub fn allow(&self, now: Instant) -> Option<u64> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let due = s
            .last
            .is_none_or(|last| now.saturating_duration_since(last) >= self.period);
        if due {
            s.last = Some(now);
            Some(std::mem::take(&mut s.held_back))
        } else {
            s.held_back += 1;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_per_period_counting_the_rest() {
        let t = Throttle::new(Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(t.allow(t0), Some(0));
        for s in 1..60 {
            assert_eq!(t.allow(t0 + Duration::from_secs(s)), None);
        }
        assert_eq!(t.allow(t0 + Duration::from_secs(60)), Some(59));
        assert_eq!(t.allow(t0 + Duration::from_secs(61)), None);
        assert_eq!(t.allow(t0 + Duration::from_secs(200)), Some(1));
    }
}
