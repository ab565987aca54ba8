//! Speed of the question log: writing a batch of records (one transaction, WAL, the writer's
//! settings), handing a record to the writer's queue (what a handler pays per question), and
//! grouping a week of missed questions (what `factbot misses` and `/misses` pay).
//!
//! Run: `cargo bench --bench store` (medians; the machine is shared, compare ratios).

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use factbot::store::clock::Timestamp;
use factbot::store::misses::{self, Miss, MissKind};
use factbot::store::sqlite::SqliteStore;
use factbot::store::{writer, Outcome, Place, Question, Record, Recorder, Store, Via};

fn question(id: u64) -> Record {
    Record::Question(Question {
        id,
        at: Timestamp(1_717_070_400 + id as i64),
        place: Place {
            guild_id: Some(111),
            channel_id: 222,
        },
        via: Via::Ask,
        text: format!("where are the nato foreign ministers meeting, take {id}?"),
        outcome: Outcome::Answered,
        fact_id: Some("meeting-place-prague".into()),
        closest_fact_id: None,
        confidence: 0.9,
    })
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).unwrap();
    let mut next = 1u64;
    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    g.bench_function("write a batch of 256 questions", |b| {
        b.iter(|| {
            let batch: Vec<Record> = (next..next + 256).map(question).collect();
            next += 256;
            store.write(black_box(&batch)).unwrap()
        })
    });

    let dir2 = tempfile::tempdir().unwrap();
    let store2 = SqliteStore::open(&dir2.path().join("queue.db")).unwrap();
    let key = store2.voter_key().unwrap().clone();
    let (recorder, writer) =
        Recorder::start(Box::new(store2), key, writer::Options::new(90)).unwrap();
    let recorder = Arc::new(recorder);
    let mut id = 10_000_000u64;
    g.bench_function("hand one record to the writer", |b| {
        b.iter(|| {
            id += 1;
            recorder.record(black_box(question(id)));
        })
    });
    writer.finish();

    let texts = [
        "what is the best recipe for banana bread",
        "who won the world cup",
        "banana bread with walnuts recipe",
        "weather in oslo tomorrow",
        "how many tanks has germany sent",
    ];
    let week: Vec<Miss> = (0..1000u64)
        .map(|i| Miss {
            id: i,
            at: Timestamp(i as i64),
            text: format!("{} {}", texts[i as usize % texts.len()], i % 7),
            kind: if i % 3 == 0 {
                MissKind::Unsure
            } else {
                MissKind::NotCovered
            },
            fact_id: None,
            closest_fact_id: (i % 3 == 0).then(|| format!("fact-{}", i % 11)),
            confidence: 0.1,
            clicked_fact_id: None,
        })
        .collect();
    let stop: Vec<String> = ["what", "is", "the", "for", "with", "who", "how", "in"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    g.bench_function("group 1000 missed questions", |b| {
        b.iter(|| misses::group(black_box(&week), &stop))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
