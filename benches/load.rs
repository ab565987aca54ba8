//! Speed of loading and validating a knowledge folder from disk: one facts file of 10,000 and of
//! 20,000 facts, and 10,000 facts split over 10 files (before line numbers were indexed, these
//! took 19 s, 88 s and 2 s: line numbers were computed from the start of the file for every fact).
//!
//! Run: `cargo bench --bench load` (medians; the machine is shared, compare ratios).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use factbot::Knowledge;

const PARAGRAPHS: usize = 200;

/// A synthetic article: numbered sentences, so every fact can quote a different one.
fn article() -> String {
    (0..PARAGRAPHS)
        .map(|p| {
            (0..5)
                .map(|s| format!("Sentence {s} of paragraph {p} says something quotable."))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Facts `from..to`, each quoting one sentence, with six example questions.
fn facts(from: usize, to: usize) -> String {
    let mut out = String::new();
    for i in from..to {
        let (p, s) = ((i / 5) % PARAGRAPHS, i % 5);
        let _ = write!(
            out,
            "[[fact]]\nid = \"fact-{i}\"\nsource = \"bench\"\n\
             quote = \"Sentence {s} of paragraph {p} says\"\n\
             answer = \"Paragraph {p} says something, sentence {s}.\"\n\
             questions = [\n  \"what does paragraph {p} say\",\n  \"what is sentence {s} about\",\n  \
             \"tell me about fact {i}\",\n  \"what is quotable in {p}\",\n  \"who said {s}\",\n  \
             \"where is {i}\",\n]\nkeywords = [\"k{i}\"]\n\n"
        );
    }
    out
}

fn folder(dir: &Path, facts_total: usize, files: usize) {
    std::fs::create_dir_all(dir.join("sources")).unwrap();
    std::fs::create_dir_all(dir.join("facts")).unwrap();
    std::fs::write(dir.join("sources/bench.txt"), article()).unwrap();
    std::fs::write(
        dir.join("sources.toml"),
        "[[source]]\nid = \"bench\"\ntitle = \"Bench\"\ndate = \"2024-01-01\"\nfile = \"sources/bench.txt\"\n",
    )
    .unwrap();
    let per = facts_total / files;
    for f in 0..files {
        std::fs::write(
            dir.join(format!("facts/f{f:03}.toml")),
            facts(f * per, (f + 1) * per),
        )
        .unwrap();
    }
}

fn bench_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_dir");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for (facts, files) in [(10_000, 1), (10_000, 10), (20_000, 1)] {
        let tmp = tempfile::tempdir().unwrap();
        folder(tmp.path(), facts, files);
        let k = Knowledge::load_dir(tmp.path()).expect("the bench folder is valid");
        assert_eq!(k.facts().len(), facts);
        g.bench_with_input(
            BenchmarkId::new(format!("{files}_files"), facts),
            tmp.path(),
            |b, dir| b.iter(|| Knowledge::load_dir(dir).unwrap()),
        );
    }
    g.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
