//! `factbot eval`: how well a knowledge folder will work. Leave-one-out over its own example
//! questions always; with `--set DIR`, an evaluation set scored as grade.py scores it.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::output::terminal_safe;
use super::{load_engine, KnowledgeArg};
use crate::engine::Options;
use crate::eval::{loo, set};

#[derive(Args, Debug)]
pub struct EvalArgs {
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
    /// An evaluation set folder (questions.jsonl, offtopic.jsonl, claims.jsonl) to score too.
    #[arg(long, value_name = "DIR")]
    pub set: Option<PathBuf>,
    /// One JSON object: {"loo": {...}, "set": {...} or null}.
    #[arg(long)]
    pub json: bool,
    /// Also list every question that went wrong: left-out example questions not answered right,
    /// decoys and not_answered questions answered, and with --set the set's items.
    #[arg(long)]
    pub failures: bool,
}

#[derive(Serialize)]
struct Out<'a> {
    loo: &'a loo::Report,
    set: Option<&'a set::Report>,
}

pub fn run(args: EvalArgs) -> Result<i32> {
    let engine = load_engine(&args.knowledge, Options::default())?;
    let report = loo::run(&engine);
    let graded = match &args.set {
        Some(dir) => Some(
            set::run(&engine, dir)
                .with_context(|| format!("scoring the set in {}", dir.display()))?,
        ),
        None => None,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = if args.json {
        serde_json::to_writer(
            &mut out,
            &Out {
                loo: &report,
                set: graded.as_ref(),
            },
        )
        .map_err(io::Error::other)
        .and_then(|_| writeln!(out))
    } else {
        print_loo(&mut out, &report, args.failures).and_then(|_| match &graded {
            Some(g) => print_set(&mut out, g, args.failures),
            None => Ok(()),
        })
    };
    match result.and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        other => other.map(|_| 0).context("writing output"),
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn print_loo(out: &mut dyn Write, r: &loo::Report, failures: bool) -> io::Result<()> {
    writeln!(
        out,
        "Leave-one-out over {} example questions (confidence fitted on the other {} folds of facts):",
        r.examples,
        loo::FOLDS - 1
    )?;
    writeln!(
        out,
        "  answered right {}  wrong {}  unsure {}  not covered {}  right fact answered or first offered {}",
        pct(r.accuracy),
        pct(r.wrong_rate),
        r.unsure,
        r.not_covered,
        pct(r.right_or_first_rate)
    )?;
    writeln!(
        out,
        "  abstained on {}: decoys {}/{}, not_answered {}/{}, off-topic {}/{}",
        pct(r.abstention),
        r.decoys.1,
        r.decoys.0,
        r.not_answered.1,
        r.not_answered.0,
        r.off_topic.1,
        r.off_topic.0
    )?;
    writeln!(
        out,
        "Model in use: answer at >= {:.3}, unsure at >= {:.3}; fitted on {} positive and {} negative samples",
        r.model.answer_at, r.model.unsure_at, r.model.positive_samples, r.model.negative_samples
    )?;
    write!(out, "  weights (per unit of each feature):")?;
    for (name, w) in &r.model.weights {
        write!(out, " {name} {w:+.2}")?;
    }
    writeln!(out, "; base {:+.2}", r.model.bias)?;
    writeln!(
        out,
        "Reliability (best candidate's confidence -> how often it was right; calibration error {:.3}):",
        r.calibration_error
    )?;
    for b in r.reliability.iter().filter(|b| b.count > 0) {
        writeln!(
            out,
            "  {:.1}-{:.1}  n={:<4} mean {:.2}  right {}",
            b.from,
            b.to,
            b.count,
            b.mean_confidence,
            pct(b.right_rate)
        )?;
    }
    if !r.fragile.is_empty() {
        writeln!(
            out,
            "Fragile facts (add example questions, or split the fact):"
        )?;
        for f in r.fragile.iter().take(10) {
            writeln!(
                out,
                "  {:<40} {}/{} example questions answered right",
                f.fact_id, f.right, f.examples
            )?;
        }
    }
    if !r.confusions.is_empty() {
        writeln!(out, "Confused pairs (asked about -> answered with):")?;
        for c in r.confusions.iter().take(10) {
            writeln!(out, "  {} -> {} ({}x)", c.fact_id, c.given, c.count)?;
        }
    }
    if failures && !r.failures.is_empty() {
        writeln!(out, "Leave-one-out failures:")?;
        for f in &r.failures {
            writeln!(
                out,
                "  {} of {}: {}\n      -> {}",
                f.kind,
                f.fact_id.as_deref().unwrap_or("-"),
                terminal_safe(&f.question),
                f.outcome
            )?;
        }
    }
    Ok(())
}

fn print_set(out: &mut dyn Write, r: &set::Report, failures: bool) -> io::Result<()> {
    let rate = |x: &set::Rate| format!("{} ({}/{})", pct(x.rate), x.hits, x.n);
    writeln!(out, "Evaluation set:")?;
    writeln!(out, "  answerable accuracy        {}", rate(&r.answerable))?;
    writeln!(out, "  wrong answers              {}", rate(&r.wrong))?;
    writeln!(out, "  unsure                     {}", rate(&r.unsure))?;
    writeln!(
        out,
        "  right answer or first offer {}",
        rate(&r.right_or_first)
    )?;
    let kinds: Vec<String> = r
        .answerable_by_kind
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v.rate)))
        .collect();
    writeln!(out, "    by kind: {}", kinds.join(" "))?;
    writeln!(
        out,
        "  off-topic abstention       {}",
        rate(&r.offtopic_abstained)
    )?;
    let kinds: Vec<String> = r
        .offtopic_by_kind
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v.rate)))
        .collect();
    writeln!(out, "    by kind: {}", kinds.join(" "))?;
    writeln!(out, "  OVERALL                    {}", pct(r.overall))?;
    writeln!(out, "  claim verdicts             {}", rate(&r.claims))?;
    let verdicts: Vec<String> = r
        .claims_by_verdict
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v.rate)))
        .collect();
    writeln!(out, "    by verdict: {}", verdicts.join(" "))?;
    writeln!(
        out,
        "  claim quotes in gold       {}",
        rate(&r.claim_quote_in_gold)
    )?;
    writeln!(out, "  fabricated quotes          {}", r.fabricated_quotes)?;
    if failures {
        writeln!(out, "Failures:")?;
        for (file, id, text, what) in &r.failures {
            writeln!(
                out,
                "  {file} {id}: {}\n      -> {}",
                terminal_safe(text),
                terminal_safe(what)
            )?;
        }
    }
    Ok(())
}
