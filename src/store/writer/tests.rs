use std::sync::atomic::AtomicBool;

use super::*;
use crate::store::clock::ManualClock;
use crate::store::{FactCheck, Place, StoreError, Timestamp};

/// A test store: keeps what it is given, fails while `failing` is set, and can be held (every
/// write waits until released) to fill the queue.
#[derive(Clone, Default)]
struct MemStore {
    written: Arc<Mutex<Vec<Record>>>,
    prunes: Arc<Mutex<Vec<Timestamp>>>,
    failing: Arc<AtomicBool>,
    held: Arc<(Mutex<bool>, std::sync::Condvar)>,
}

impl MemStore {
    fn hold(&self, on: bool) {
        let (lock, cv) = &*self.held;
        *lock.lock().unwrap() = on;
        cv.notify_all();
    }
    fn ids(&self) -> Vec<u64> {
        self.written
            .lock()
            .unwrap()
            .iter()
            .map(|r| match r {
                Record::FactCheck(f) => f.id,
                _ => 0,
            })
            .collect()
    }
}

impl Store for MemStore {
    fn write(&mut self, batch: &[Record]) -> Result<usize, StoreError> {
        let (lock, cv) = &*self.held;
        let mut held = lock.lock().unwrap();
        while *held {
            held = cv.wait(held).unwrap();
        }
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(5), // SQLITE_BUSY
                Some("database is locked".into()),
            )));
        }
        self.written.lock().unwrap().extend_from_slice(batch);
        Ok(0)
    }
    fn prune(&mut self, before: Timestamp) -> Result<usize, StoreError> {
        self.prunes.lock().unwrap().push(before);
        Ok(0)
    }
}

fn rec(id: u64) -> Record {
    Record::FactCheck(FactCheck {
        id,
        at: Timestamp(0),
        place: Place {
            guild_id: None,
            channel_id: 1,
        },
        claim: String::new(),
        verdict: "unverified",
        fact_id: None,
    })
}

fn key() -> VoterKey {
    VoterKey::from_bytes(&[7; 32]).unwrap()
}

fn options(capacity: usize, clock: Arc<ManualClock>) -> Options {
    Options {
        capacity,
        retention_days: 90,
        clock,
        flush_deadline: Duration::from_millis(300),
    }
}

fn start(store: &MemStore, capacity: usize) -> (Recorder, Writer) {
    let clock = Arc::new(ManualClock::new(Timestamp(1_000 * DAY)));
    Recorder::start(Box::new(store.clone()), key(), options(capacity, clock)).unwrap()
}

#[test]
fn everything_accepted_is_written_in_order_by_shutdown() {
    let store = MemStore::default();
    store.hold(true);
    let (rec_, writer) = start(&store, 1000);
    for i in 1..=500 {
        rec_.record(rec(i));
    }
    // Nothing could be written yet; shutdown must still write all of it.
    store.hold(false);
    let s = writer.finish();
    assert_eq!(s.written, 500);
    assert_eq!(s.dropped, 0);
    assert_eq!(store.ids(), (1..=500).collect::<Vec<_>>());
    // After shutdown, records are dropped and counted.
    rec_.record(rec(501));
    assert_eq!(rec_.counters().dropped.load(Ordering::Relaxed), 1);
}

#[test]
fn a_full_queue_drops_and_counts_without_blocking() {
    let store = MemStore::default();
    store.hold(true);
    let (rec_, writer) = start(&store, 4);
    let t = Instant::now();
    for i in 1..=50 {
        rec_.record(rec(i));
    }
    assert!(t.elapsed() < Duration::from_secs(2), "record never waits");
    let dropped = rec_.counters().dropped.load(Ordering::Relaxed);
    // The writer holds at most one record (blocked in write) plus the queue's 4.
    assert!((45..=46).contains(&dropped), "dropped {dropped}");
    store.hold(false);
    let s = writer.finish();
    assert_eq!(s.written + s.dropped, 50);
}

#[test]
fn a_failing_database_loses_nothing_once_it_recovers() {
    let store = MemStore::default();
    store.failing.store(true, Ordering::SeqCst);
    let (rec_, writer) = start(&store, 100);
    for i in 1..=20 {
        rec_.record(rec(i));
    }
    // Retries are happening.
    let t = Instant::now();
    while rec_.counters().failures.load(Ordering::Relaxed) < 2 {
        assert!(t.elapsed() < Duration::from_secs(10), "no retry");
        std::thread::sleep(Duration::from_millis(10));
    }
    store.failing.store(false, Ordering::SeqCst);
    let s = writer.finish();
    assert_eq!((s.written, s.dropped), (20, 0));
    assert_eq!(store.ids(), (1..=20).collect::<Vec<_>>());
}

#[test]
fn a_database_that_never_recovers_costs_at_most_the_flush_deadline_and_is_counted() {
    let store = MemStore::default();
    store.failing.store(true, Ordering::SeqCst);
    let (rec_, writer) = start(&store, 100);
    for i in 1..=30 {
        rec_.record(rec(i));
    }
    let s = writer.finish();
    assert_eq!(s.written, 0);
    assert_eq!(s.dropped, 30);
    assert!(store.ids().is_empty());
}

#[test]
fn pruning_runs_at_start_then_daily_by_the_injected_clock() {
    let store = MemStore::default();
    let clock = Arc::new(ManualClock::new(Timestamp(1_000 * DAY)));
    let (rec_, writer) =
        Recorder::start(Box::new(store.clone()), key(), options(10, clock.clone())).unwrap();
    let wait_prunes = |n: usize| {
        let t = Instant::now();
        while store.prunes.lock().unwrap().len() < n {
            assert!(t.elapsed() < Duration::from_secs(10), "no prune");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    wait_prunes(1);
    assert_eq!(store.prunes.lock().unwrap()[0], Timestamp(910 * DAY));
    // Less than a day later: no pruning after a write.
    clock.advance(DAY - 1);
    rec_.record(rec(1));
    rec_.record(rec(2));
    let t = Instant::now();
    while store.ids().len() < 2 {
        assert!(t.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(store.prunes.lock().unwrap().len(), 1);
    // A day later: the next write prunes, 90 days back from the new now.
    clock.advance(1);
    rec_.record(rec(3));
    wait_prunes(2);
    assert_eq!(store.prunes.lock().unwrap()[1], Timestamp(911 * DAY));
    writer.finish();
}

#[test]
fn a_disabled_recorder_records_and_counts_nothing() {
    let r = Recorder::disabled();
    r.record(rec(1));
    assert_eq!(r.counters().dropped.load(Ordering::Relaxed), 0);
    assert!(r.voter(1, 2).is_none());
}

#[test]
fn voters_are_hashed_with_the_store_key() {
    let store = MemStore::default();
    let (r, writer) = start(&store, 10);
    assert_eq!(r.voter(1, 2), Some(key().voter(1, 2)));
    writer.finish();
}

/// The whole retention path on a real database: rows written "today" by an injected clock are
/// kept until the clock says 90 days have passed, then the daily prune removes them.
#[test]
fn retention_on_a_real_database_by_the_injected_clock() {
    use crate::store::sqlite::SqliteStore;
    use crate::store::{Outcome, Question, Reports, Via};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("factbot.db");
    let store = SqliteStore::open(&path).unwrap();
    let key = store.voter_key().unwrap().clone();
    let day0 = Timestamp(20_000 * DAY);
    let clock = Arc::new(ManualClock::new(day0));
    let question = |id: u64, at: Timestamp| {
        Record::Question(Question {
            id,
            at,
            place: Place {
                guild_id: Some(1),
                channel_id: 2,
            },
            via: Via::Ask,
            text: format!("q{id}"),
            outcome: Outcome::NotCovered,
            fact_id: None,
            closest_fact_id: None,
            confidence: 0.0,
        })
    };
    let count = || {
        SqliteStore::open_read_only(&path)
            .unwrap()
            .stats(Timestamp(0))
            .unwrap()
            .totals
            .questions
    };
    let (r, writer) =
        Recorder::start(Box::new(store), key.clone(), options(10, clock.clone())).unwrap();
    r.record(question(1, day0));
    r.record(question(2, day0.minus(50 * DAY)));
    writer.finish();
    assert_eq!(count(), 2);

    // 60 days on: question 2 is 110 days old, question 1 is 60: the start-up prune takes 2.
    clock.advance(60 * DAY);
    let store = SqliteStore::open(&path).unwrap();
    let (r, writer) = Recorder::start(Box::new(store), key, options(10, clock.clone())).unwrap();
    let t = Instant::now();
    while count() != 1 {
        assert!(t.elapsed() < Duration::from_secs(10), "not pruned");
        std::thread::sleep(Duration::from_millis(10));
    }
    // 31 more days, and the next day's prune (due after a write) takes question 1.
    clock.advance(31 * DAY);
    r.record(question(3, clock.now()));
    let t = Instant::now();
    while count() != 1
        || SqliteStore::open_read_only(&path)
            .unwrap()
            .misses(Timestamp(0), None)
            .unwrap()[0]
            .id
            != 3
    {
        assert!(t.elapsed() < Duration::from_secs(10), "not pruned");
        std::thread::sleep(Duration::from_millis(10));
    }
    writer.finish();
}
