//! Cost of the bundled language data (`language/`): parsing it (what `Thesaurus::bundled` does
//! once per process), its heap size, and a few lookups.
//!
//! Run: `cargo bench --bench language`. The heap size is printed before the timings.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use factbot::language::thesaurus::Thesaurus;

fn bench(c: &mut Criterion) {
    let [w, i, o] = Thesaurus::bundled_sources();
    let t = Thesaurus::parse(w, i, o).expect("bundled data parses");
    eprintln!(
        "thesaurus: {} entries, {:.2} MB on the heap, {:.2} MB of source text",
        t.len(),
        t.heap_bytes() as f64 / 1e6,
        (w.text.len() + i.text.len() + o.text.len()) as f64 / 1e6
    );
    c.bench_function("thesaurus_parse_bundled", |b| {
        b.iter(|| Thesaurus::parse(black_box(w), i, o).expect("parses"))
    });
    let t = Thesaurus::bundled();
    c.bench_function("thesaurus_bundled_after_first", |b| {
        b.iter(|| black_box(Thesaurus::bundled()).len())
    });
    c.bench_function("thesaurus_lookups", |b| {
        b.iter(|| {
            let mut n = 0;
            for k in ["strik", "allow", "missil", "escalat", "nothing here"] {
                n += t.synonyms(black_box(k)).len()
                    + t.antonyms(k).len()
                    + t.broader(k).len()
                    + t.class(k).is_some() as usize;
            }
            n + t.lemma_of("flew").map_or(0, str::len)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
