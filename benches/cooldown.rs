//! Cost of one cooldown check with many users active at once: 1,000 and 64,000 users, each
//! asking about every 6 s (time advances 100 µs per call), 5 questions per 30 s allowed. Before
//! the expiry queue, every call past 4,096 tracked users rescanned them all (471 µs at 64k).
//!
//! Run: `cargo bench --bench cooldown` (medians; the machine is shared, compare ratios).

use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use factbot::discord::cooldown::Cooldown;

const STEP: Duration = Duration::from_micros(100);

fn bench_cooldown(c: &mut Criterion) {
    let mut g = c.benchmark_group("cooldown_try_acquire");
    for users in [1_000u64, 64_000] {
        let cooldown = Cooldown::new(5, Duration::from_secs(30));
        let mut now = Instant::now();
        let mut user = 0;
        let mut next = || {
            now += STEP;
            user = (user + 1) % users;
            (user, now)
        };
        // Warm up to a steady state: every user active in the window.
        for _ in 0..users * 3 {
            let (u, t) = next();
            let _ = cooldown.try_acquire(u, t);
        }
        g.bench_function(BenchmarkId::from_parameter(users), |b| {
            b.iter(|| {
                let (u, t) = next();
                black_box(cooldown.try_acquire(u, t))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_cooldown);
criterion_main!(benches);
