//! Time for the question log: Unix seconds (UTC), from a [`Clock`] that tests replace, so that
//! "older than 90 days" and "the last 7 days" can be checked without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day: the unit of retention and of `--since 7d`.
pub const DAY: i64 = 86_400;

/// A moment, in whole seconds since 1970-01-01 00:00 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// `seconds` earlier (saturating).
    pub fn minus(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_sub(seconds))
    }

    /// The UTC calendar day, `YYYY-MM-DD`.
    pub fn day(self) -> String {
        let (y, m, d) = civil_from_days(self.0.div_euclid(DAY));
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
    }
}

/// A clock that stays where it is set: for tests.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(at: Timestamp) -> ManualClock {
        ManualClock(AtomicI64::new(at.0))
    }

    pub fn set(&self, at: Timestamp) {
        self.0.store(at.0, Ordering::SeqCst);
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

/// (year, month, day) of the day `days` after 1970-01-01, proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`, valid for every i64 day count this program meets).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_calendar_days() {
        assert_eq!(Timestamp(0).day(), "1970-01-01");
        assert_eq!(Timestamp(DAY - 1).day(), "1970-01-01");
        assert_eq!(Timestamp(-1).day(), "1969-12-31");
        // 2024-05-30 12:00 UTC; 2024 is a leap year.
        assert_eq!(Timestamp(1_717_070_400).day(), "2024-05-30");
        assert_eq!(Timestamp(1_709_164_800).day(), "2024-02-29");
        assert_eq!(Timestamp(1_709_251_200).day(), "2024-03-01");
        assert_eq!(Timestamp(951_782_400).day(), "2000-02-29");
        assert_eq!(Timestamp(4_102_444_800).day(), "2100-01-01");
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(Timestamp(100));
        assert_eq!(c.now(), Timestamp(100));
        c.advance(DAY);
        assert_eq!(c.now(), Timestamp(100 + DAY));
        c.set(Timestamp(5));
        assert_eq!(c.now().minus(10), Timestamp(-5));
        assert!(SystemClock.now().0 > 1_700_000_000);
    }
}
