//! The bot's side of the question log: a bounded queue and the one thread that writes it.
//!
//! Answering must never wait for the database. Handlers call [`Recorder::record`], which only
//! tries to enqueue: when the queue is full, or closed, the record is dropped and counted, and a
//! warning is logged at most once a minute. One writer thread owns the [`Store`] (SQLite is
//! blocking; it never runs on the async threads) and writes what it takes off the queue in
//! batches, one transaction each. A batch that fails (database locked, disk full, file gone
//! read-only) is kept and retried with a growing pause, while new records wait in the queue;
//! answering goes on regardless.
//!
//! Shutting down ([`Writer::finish`]) closes the queue and lets the thread write everything
//! accepted before it, retrying for up to [`FLUSH_DEADLINE`] if the database is unavailable; only
//! what is still unwritten then is lost, and counted. The writer also prunes rows older than the
//! retention period, at start and then once a day.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tracing::{debug, error, info, warn};

use super::clock::{Clock, DAY};
use super::throttle::{Throttle, WARN_EVERY};
use super::{Record, Store, VoterKey};

/// Records the queue holds before new ones are dropped: minutes of a busy server's questions,
/// a few MB at most.
pub const QUEUE_CAPACITY: usize = 4096;

/// Records written per transaction at most.
const BATCH: usize = 256;

/// How long shutting down may keep retrying a database that fails.
pub const FLUSH_DEADLINE: Duration = Duration::from_secs(5);

/// Pauses between retries of a failing batch: doubling from the first to the last.
const RETRY_FIRST: Duration = Duration::from_millis(100);
const RETRY_MAX: Duration = Duration::from_secs(1);

/// How often an idle writer wakes to see whether pruning is due.
const IDLE_WAKE: Duration = Duration::from_secs(60);

/// What the recorder did, for the log and for tests.
#[derive(Debug, Default)]
pub struct Counters {
    /// Records written (or skipped by the store as referring to nothing).
    pub written: AtomicU64,
    /// Records the store skipped: votes for unknown answers, redelivered events.
    pub skipped: AtomicU64,
    /// Records lost: queue full or closed, or still unwritten at the flush deadline.
    pub dropped: AtomicU64,
    /// Batches that failed and were retried.
    pub failures: AtomicU64,
}

/// The handle handlers record through. Cheap to clone; every clone feeds the same writer.
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Inner>,
}

struct Inner {
    /// `None` once closed (or for a recorder without a store).
    tx: Mutex<Option<SyncSender<Record>>>,
    key: Option<VoterKey>,
    counters: Arc<Counters>,
    throttle: Arc<Throttle>,
}

/// The writer thread; [`Writer::finish`] flushes and stops it.
pub struct Writer {
    recorder: Recorder,
    thread: Option<JoinHandle<()>>,
    /// Tells the thread that shutdown has begun, so it stops waiting between retries.
    deadline: Arc<Mutex<Option<Instant>>>,
    flush_deadline: Duration,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("counters", &self.inner.counters)
            .finish_non_exhaustive()
    }
}

/// How the writer runs.
pub struct Options {
    /// Records the queue holds (see [`QUEUE_CAPACITY`]).
    pub capacity: usize,
    /// Rows older than this many days are pruned, at start and then daily.
    pub retention_days: u32,
    /// The time records are pruned by.
    pub clock: Arc<dyn Clock>,
    /// How long shutting down may keep retrying a failing database (see [`FLUSH_DEADLINE`]).
    pub flush_deadline: Duration,
}

impl Options {
    /// The defaults, keeping `retention_days` days by the system clock.
    pub fn new(retention_days: u32) -> Options {
        Options {
            capacity: QUEUE_CAPACITY,
            retention_days,
            clock: Arc::new(super::SystemClock),
            flush_deadline: FLUSH_DEADLINE,
        }
    }
}

impl Recorder {
    /// A recorder that records nothing (and counts nothing as dropped): for tests, and for
    /// front ends without a log.
    pub fn disabled() -> Recorder {
        Recorder {
            inner: Arc::new(Inner {
                tx: Mutex::new(None),
                key: None,
                counters: Arc::default(),
                throttle: Arc::new(Throttle::new(WARN_EVERY)),
            }),
        }
    }

    /// Starts the writer thread over `store`. `key` hashes voters (see [`super::voter`]).
    pub fn start(
        store: Box<dyn Store>,
        key: VoterKey,
        options: Options,
    ) -> std::io::Result<(Recorder, Writer)> {
        let (tx, rx) = mpsc::sync_channel(options.capacity.max(1));
        let counters = Arc::new(Counters::default());
        let throttle = Arc::new(Throttle::new(WARN_EVERY));
        let deadline = Arc::new(Mutex::new(None));
        let recorder = Recorder {
            inner: Arc::new(Inner {
                tx: Mutex::new(Some(tx)),
                key: Some(key),
                counters: counters.clone(),
                throttle: throttle.clone(),
            }),
        };
        let flush_deadline = options.flush_deadline;
        let thread = WriterThread {
            store,
            rx,
            counters,
            throttle,
            options,
            deadline: deadline.clone(),
            next_prune: None,
        };
        let thread = std::thread::Builder::new()
            .name("factbot-store".into())
            .spawn(move || thread.run())?;
        Ok((
            recorder.clone(),
            Writer {
                recorder,
                thread: Some(thread),
                deadline,
                flush_deadline,
            },
        ))
    }

    /// Hands `record` to the writer without waiting; if the queue is full or closed, drops it,
    /// counts it and (at most once a minute) warns.
    pub fn record(&self, record: Record) {
        let inner = &self.inner;
        let result = {
            let tx = inner.tx.lock().unwrap_or_else(|e| e.into_inner());
            match tx.as_ref() {
                Some(tx) => tx.try_send(record).map_err(|e| match e {
                    TrySendError::Full(_) => {
                        "the queue is full (the database is slow or unavailable)"
                    }
                    TrySendError::Disconnected(_) => "the writer has stopped",
                }),
                None if inner.key.is_none() => return, // disabled
                None => Err("the recorder is closed (shutting down)"),
            }
        };
        if let Err(why) = result {
            let dropped = inner.counters.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(held_back) = inner.throttle.allow(Instant::now()) {
                warn!(
                    dropped_total = dropped,
                    similar_warnings_held_back = held_back,
                    "question log: a record was dropped: {why}"
                );
            }
        }
    }

    /// Who voted on which answer, hashed with the store's key; `None` without a store.
    pub fn voter(&self, user_id: u64, question_id: u64) -> Option<super::VoterId> {
        self.inner
            .key
            .as_ref()
            .map(|k| k.voter(user_id, question_id))
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    /// Closes the queue: later records are dropped (and counted); the writer finishes what it has.
    fn close(&self) {
        self.inner
            .tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
    }
}

/// What shutting down flushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub written: u64,
    pub skipped: u64,
    pub dropped: u64,
}

impl Writer {
    /// Closes the queue and waits for the writer to write everything accepted (retrying a
    /// failing database for up to the flush deadline). Blocking: call it off the async threads.
    pub fn finish(mut self) -> Summary {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(Instant::now() + self.flush_deadline);
        self.recorder.close();
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                error!("question log: the writer thread panicked");
            }
        }
        let c = self.recorder.counters();
        let summary = Summary {
            written: c.written.load(Ordering::Relaxed),
            skipped: c.skipped.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
        };
        info!(
            written = summary.written,
            skipped = summary.skipped,
            dropped = summary.dropped,
            "question log flushed"
        );
        summary
    }
}

struct WriterThread {
    store: Box<dyn Store>,
    rx: mpsc::Receiver<Record>,
    counters: Arc<Counters>,
    throttle: Arc<Throttle>,
    options: Options,
    deadline: Arc<Mutex<Option<Instant>>>,
    /// When pruning is next due (clock seconds); `None`: now.
    next_prune: Option<i64>,
}

impl WriterThread {
    fn run(mut self) {
        self.prune_if_due();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        loop {
            match self.rx.recv_timeout(IDLE_WAKE) {
                Ok(r) => batch.push(r),
                Err(RecvTimeoutError::Timeout) => {
                    self.prune_if_due();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
            while batch.len() < BATCH {
                match self.rx.try_recv() {
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
            if !self.write_with_retries(&batch) {
                // Past the flush deadline: this batch and whatever is still queued are lost.
                let mut lost = batch.len() as u64;
                lost += self.rx.try_iter().count() as u64;
                self.counters.dropped.fetch_add(lost, Ordering::Relaxed);
                error!(
                    lost,
                    "question log: the database failed until the shutdown deadline; records lost"
                );
                return;
            }
            batch.clear();
            self.prune_if_due();
        }
    }

    /// Writes `batch`, retrying while it fails; `false` only when shutting down and the flush
    /// deadline passed.
    fn write_with_retries(&mut self, batch: &[Record]) -> bool {
        let mut pause = RETRY_FIRST;
        loop {
            match self.store.write(batch) {
                Ok(skipped) => {
                    let c = &self.counters;
                    c.written.fetch_add(batch.len() as u64, Ordering::Relaxed);
                    c.skipped.fetch_add(skipped as u64, Ordering::Relaxed);
                    if skipped > 0 {
                        debug!(
                            skipped,
                            "question log: records referring to nothing were skipped"
                        );
                    }
                    return true;
                }
                Err(e) => {
                    self.counters.failures.fetch_add(1, Ordering::Relaxed);
                    if let Some(held_back) = self.throttle.allow(Instant::now()) {
                        warn!(
                            pending = batch.len(),
                            dropped_total = self.counters.dropped.load(Ordering::Relaxed),
                            similar_warnings_held_back = held_back,
                            "question log: writing failed, will retry (answering goes on): {e}"
                        );
                    }
                    let deadline = *self.deadline.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(d) = deadline {
                        let now = Instant::now();
                        if now >= d {
                            return false;
                        }
                        pause = pause.min(d - now);
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(RETRY_MAX);
                }
            }
        }
    }

    /// Deletes rows older than the retention period when due: at start, then a day after the
    /// last success (a minute after a failure).
    fn prune_if_due(&mut self) {
        let now = self.options.clock.now();
        if self.next_prune.is_some_and(|due| now.0 < due) {
            return;
        }
        let before = now.minus(i64::from(self.options.retention_days) * DAY);
        match self.store.prune(before) {
            Ok(n) => {
                self.next_prune = Some(now.0 + DAY);
                if n > 0 {
                    info!(rows = n, before = %before.day(), "question log: old rows pruned");
                }
            }
            Err(e) => {
                self.next_prune = Some(now.0 + IDLE_WAKE.as_secs() as i64);
                debug!("question log: pruning failed, will retry: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests;
