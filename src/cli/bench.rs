//! `factbot bench`: speed and memory at scale, on knowledge folders generated to size
//! ([`crate::synth`]) and on the bundled one. Each size runs in a fresh child process, so that
//! memory figures are one process's own and sizes do not disturb each other.
//!
//! Figures are medians and 99th percentiles of single calls; the machine is shared and noisy, so
//! compare ratios between runs, not absolute numbers.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Options};
use crate::knowledge::Knowledge;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Sizes to measure: "bundled" (the bundled knowledge) or a number of generated facts.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "bundled,1000,10000,100000"
    )]
    pub sizes: Vec<String>,
    /// Questions and claims timed per size.
    #[arg(long, default_value_t = 2000)]
    pub calls: usize,
    /// One JSON object per size instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Run one size in this process (how the parent runs each size).
    #[arg(long, hide = true)]
    pub child: bool,
}

#[derive(Serialize, Deserialize, Debug)]
struct Row {
    size: String,
    facts: usize,
    validate_s: f64,
    load_s: f64,
    rss_mb: f64,
    peak_rss_mb: f64,
    ask_median_ms: f64,
    ask_p99_ms: f64,
    check_median_ms: f64,
    check_p99_ms: f64,
}

pub fn run(args: BenchArgs) -> Result<i32> {
    if args.child {
        let [size] = &args.sizes[..] else {
            bail!("--child measures exactly one size");
        };
        let row = measure(size, args.calls)?;
        println!("{}", serde_json::to_string(&row)?);
        return Ok(0);
    }
    let exe = std::env::current_exe().context("finding the factbot binary")?;
    let mut rows = Vec::new();
    if !args.json {
        println!(
            "| facts | validate | load + index | RSS (peak) | ask median / p99 | check median / p99 |"
        );
        println!("|---|---|---|---|---|---|");
    }
    for size in &args.sizes {
        let out = std::process::Command::new(&exe)
            .args([
                "bench",
                "--child",
                "--calls",
                &args.calls.to_string(),
                "--sizes",
                size,
            ])
            .output()
            .with_context(|| format!("running the {size} measurement"))?;
        if !out.status.success() {
            bail!(
                "the {size} measurement failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let row: Row = serde_json::from_slice(&out.stdout).context("reading a measurement")?;
        if args.json {
            println!("{}", serde_json::to_string(&row)?);
        } else {
            println!(
                "| {} | {:.2} s | {:.2} s | {:.0} MB ({:.0} MB) | {:.3} / {:.3} ms | {:.3} / {:.3} ms |",
                row.facts,
                row.validate_s,
                row.load_s,
                row.rss_mb,
                row.peak_rss_mb,
                row.ask_median_ms,
                row.ask_p99_ms,
                row.check_median_ms,
                row.check_p99_ms
            );
        }
        std::io::stdout().flush()?;
        rows.push(row);
    }
    Ok(0)
}

/// A temporary folder removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn measure(size: &str, calls: usize) -> Result<Row> {
    let (dir, facts) = match size {
        "bundled" => (None, 0),
        n => {
            let facts: usize = n
                .parse()
                .with_context(|| format!("size `{n}` is neither \"bundled\" nor a number"))?;
            let dir =
                std::env::temp_dir().join(format!("factbot-bench-{}-{facts}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let dir = TempDir(dir);
            crate::synth::write_folder(&dir.0, facts).context("writing the generated folder")?;
            (Some(dir), facts)
        }
    };
    let path = dir.as_ref().map(|d| d.0.as_path());
    let t = Instant::now();
    let k = Knowledge::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let validate_s = t.elapsed().as_secs_f64();
    let n_facts = k.facts().len();
    drop(k);
    let t = Instant::now();
    let engine = Engine::load(path, Options::default()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let load_s = t.elapsed().as_secs_f64();
    let (rss_mb, peak_rss_mb) = memory();
    let (questions, claims) = if facts == 0 {
        bundled_inputs(&engine, calls)
    } else {
        (
            crate::synth::questions(facts, calls),
            crate::synth::claims(facts, calls),
        )
    };
    let ask = timings(&questions, |q| {
        std::hint::black_box(engine.ask(q));
    });
    let check = timings(&claims, |c| {
        std::hint::black_box(engine.check(c));
    });
    Ok(Row {
        size: size.to_string(),
        facts: n_facts,
        validate_s,
        load_s,
        rss_mb,
        peak_rss_mb,
        ask_median_ms: ask.0,
        ask_p99_ms: ask.1,
        check_median_ms: check.0,
        check_p99_ms: check.1,
    })
}

/// Example questions and quotes of the bundled knowledge, cycled to `n`.
fn bundled_inputs(engine: &Engine, n: usize) -> (Vec<String>, Vec<String>) {
    let facts = engine.knowledge().facts();
    let qs: Vec<String> = facts
        .iter()
        .flat_map(|f| f.questions.iter().map(str::to_string))
        .collect();
    let cs: Vec<String> = facts.iter().map(|f| f.answer.to_string()).collect();
    (
        qs.iter().cycle().take(n).cloned().collect(),
        cs.iter().cycle().take(n).cloned().collect(),
    )
}

/// (median, 99th percentile) in milliseconds of `f` over `inputs`.
fn timings(inputs: &[String], mut f: impl FnMut(&str)) -> (f64, f64) {
    let mut ms: Vec<f64> = inputs
        .iter()
        .map(|x| {
            let t = Instant::now();
            f(x);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    if ms.is_empty() {
        return (0.0, 0.0);
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

/// (resident, peak resident) memory of this process in MB, from /proc (0 where unavailable).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
