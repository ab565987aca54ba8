//! Speed of the engine on the bundled knowledge: one `ask`, one `check`, engine construction, and
//! the whole `factbot ask --json` process over 10,000 stdin lines (start-up included).
//!
//! Run: `cargo bench --bench engine` (figures are medians; the machine is shared and noisy, so
//! compare ratios between runs rather than absolute numbers).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use factbot::{Engine, Options};

/// The allocator the `factbot` binary ships with, so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A mix of what people type: clean, informal, typos, aliases, off-topic. Written for the
/// benchmark, independent of any evaluation set.
const QUESTIONS: [&str; 12] = [
    "where are the nato foreign ministers meeting",
    "who is the head of nato",
    "wat did stoltneberg say abt the fighting",
    "does the uk let kyiv use british weapons in russia",
    "why do germany and the us oppose the strikes",
    "when is the summit in washington",
    "what did the kremlin spokesman say",
    "is macron in favour",
    "how do i bake bread",
    "lol",
    "what did putin warn about",
    "who said one hand tied behind its back",
];

const CLAIMS: [&str; 8] = [
    "The NATO foreign ministers are meeting in Vienna",
    "Putin warned of serious consequences",
    "Germany has long backed letting Kiev strike over the border",
    "Scholz said the time has come to reconsider some of these restrictions",
    "Estonia backs the strikes",
    "The summit will be held in Washington in July",
    "Norway's foreign minister said Kiev should fight with one hand tied behind its back",
    "The US sent F-16 jets to Ukraine",
];

fn engine_benches(c: &mut Criterion) {
    let engine = Engine::load(None, Options::default()).expect("bundled knowledge");
    c.bench_function("ask/mixed (per question)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(engine.ask(black_box(QUESTIONS[i])))
        })
    });
    c.bench_function("check/mixed (per claim)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % CLAIMS.len();
            black_box(engine.check(black_box(CLAIMS[i])))
        })
    });
    let mut g = c.benchmark_group("ask/each");
    for q in [QUESTIONS[0], QUESTIONS[2], QUESTIONS[8]] {
        g.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| black_box(engine.ask(q)))
        });
    }
    g.finish();
    c.bench_function("suggest/autocomplete", |b| {
        b.iter(|| black_box(engine.suggest(black_box("who is"), 25)))
    });
    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("engine from bundled knowledge", |b| {
        b.iter(|| black_box(Engine::load(None, Options::default()).unwrap()))
    });
    g.finish();
}

/// The whole process: start, load, answer 10,000 lines, exit. Reported per batch; divide by
/// 10,000 for the per-line cost.
fn batch_bench(c: &mut Criterion) {
    let input: String = (0..10_000)
        .map(|i| format!("{}\n", QUESTIONS[i % QUESTIONS.len()]))
        .collect();
    let mut g = c.benchmark_group("process");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("ask --json, 10k stdin lines", |b| {
        b.iter(|| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
                .args(["ask", "--json"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("factbot binary");
            let mut stdin = child.stdin.take().unwrap();
            let data = input.clone();
            let writer = std::thread::spawn(move || stdin.write_all(data.as_bytes()));
            let out = child.wait_with_output().unwrap();
            writer.join().unwrap().unwrap();
            assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 10_000);
        })
    });
    g.finish();
}

criterion_group!(benches, engine_benches, batch_bench);
criterion_main!(benches);
