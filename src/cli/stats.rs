//! `factbot stats`: how the bot is used, from the question log: questions per day, answered /
//! unsure / not covered rates, the most asked facts with their Helpful / Wrong answer votes,
//! and fact-checks by verdict.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::since::{self, Since};
use crate::discord::config::Config;
use crate::store::sqlite::SqliteStore;
use crate::store::stats::{Rates, Stats};
use crate::store::{Clock, Reports, SystemClock};

/// Facts listed by the human report (all of them with `--json`).
const TOP_FACTS: usize = 10;

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Configuration file: its [store] path is the log to read.
    #[arg(long, default_value = "config.toml", value_name = "PATH")]
    pub config: PathBuf,
    /// How far back to look: days, weeks or hours (30d, 2w, 12h).
    #[arg(long, default_value = "30d", value_name = "PERIOD", value_parser = since::parse)]
    pub since: Since,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `--json`: the figures, with the first day counted and the rates.
#[derive(Serialize)]
struct StatsJson<'a> {
    /// The first UTC day counted (`YYYY-MM-DD`).
    since: String,
    rates: Rates,
    #[serde(flatten)]
    stats: &'a Stats,
}

pub fn run(args: StatsArgs) -> Result<i32> {
    let config = Config::load(&args.config)?;
    let store = SqliteStore::open_read_only(&config.store.path)?;
    let since = SystemClock.now().minus(args.since.seconds);
    let stats = store.stats(since).context("reading the question log")?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        let obj = StatsJson {
            since: since.day(),
            rates: stats.totals.rates(),
            stats: &stats,
        };
        serde_json::to_writer(&mut out, &obj)?;
        writeln!(out)?;
    } else {
        report(&mut out, &stats, &args.since, since.day())?;
    }
    out.flush()?;
    Ok(0)
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn report(out: &mut dyn Write, s: &Stats, period: &Since, from_day: String) -> io::Result<()> {
    let t = s.totals;
    let r = t.rates();
    writeln!(
        out,
        "Questions since {from_day} ({}): {}: answered {} ({}), unsure {} ({}), not covered {} ({})",
        period.text,
        t.questions,
        t.answered,
        percent(r.answered),
        t.unsure,
        percent(r.unsure),
        t.not_covered,
        percent(r.not_covered)
    )?;
    if !s.days.is_empty() {
        writeln!(out, "\nPer day:")?;
        for d in &s.days {
            let c = d.counts;
            writeln!(
                out,
                "  {}  {:>5} questions: {} answered, {} unsure, {} not covered",
                d.day, c.questions, c.answered, c.unsure, c.not_covered
            )?;
        }
    }
    if !s.facts.is_empty() {
        writeln!(
            out,
            "\nMost asked facts (answers, Helpful / Wrong answer votes):"
        )?;
        for f in s.facts.iter().take(TOP_FACTS) {
            writeln!(
                out,
                "  {:>5}  {:>3} / {:<3}  {}",
                f.answered, f.helpful, f.wrong, f.fact_id
            )?;
        }
        if s.facts.len() > TOP_FACTS {
            writeln!(out, "  ({} more with --json)", s.facts.len() - TOP_FACTS)?;
        }
    }
    let c = s.fact_checks;
    writeln!(
        out,
        "\nFact-checks: {} ({} supported, {} contradicted, {} unverified; {} posted publicly)",
        c.total, c.supported, c.contradicted, c.unverified, c.posted
    )?;
    writeln!(out, "Fact buttons clicked: {}", s.clicks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::stats::{Checks, Counts, Day, FactUse};

    #[test]
    fn the_report_and_the_json_carry_every_figure() {
        let s = Stats {
            totals: Counts {
                questions: 4,
                answered: 2,
                unsure: 1,
                not_covered: 1,
            },
            days: vec![Day {
                day: "2024-05-30".into(),
                counts: Counts {
                    questions: 4,
                    answered: 2,
                    unsure: 1,
                    not_covered: 1,
                },
            }],
            facts: vec![FactUse {
                fact_id: "venue".into(),
                answered: 2,
                helpful: 1,
                wrong: 1,
            }],
            fact_checks: Checks {
                total: 1,
                contradicted: 1,
                posted: 1,
                ..Checks::default()
            },
            clicks: 3,
        };
        let mut out = Vec::new();
        report(
            &mut out,
            &s,
            &since::parse("30d").unwrap(),
            "2024-05-01".into(),
        )
        .unwrap();
        let t = String::from_utf8(out).unwrap();
        for want in [
            "Questions since 2024-05-01 (30d): 4: answered 2 (50.0%), unsure 1 (25.0%), not covered 1 (25.0%)",
            "2024-05-30      4 questions: 2 answered, 1 unsure, 1 not covered",
            "    2    1 / 1    venue",
            "Fact-checks: 1 (0 supported, 1 contradicted, 0 unverified; 1 posted publicly)",
            "Fact buttons clicked: 3",
        ] {
            assert!(t.contains(want), "{want:?} in:\n{t}");
        }
        let v = serde_json::to_value(StatsJson {
            since: "2024-05-01".into(),
            rates: s.totals.rates(),
            stats: &s,
        })
        .unwrap();
        assert_eq!(v["totals"]["questions"], 4);
        assert_eq!(v["rates"]["answered"], 0.5);
        assert_eq!(v["days"][0]["day"], "2024-05-30");
        assert_eq!(v["facts"][0]["wrong"], 1);
        assert_eq!(v["fact_checks"]["posted"], 1);
        assert_eq!(v["clicks"], 3);
    }
}
