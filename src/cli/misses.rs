//! `factbot misses`: what people asked that the fact base could not answer (not covered,
//! unsure, or answered and voted wrong), grouped by the fact each is closest to, biggest group
//! first, with what to do about each group. Reads the question log `factbot serve` writes.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::since::{self, Since};
use crate::discord::config::Config;
use crate::knowledge::Knowledge;
use crate::store::misses::{self, Group, Outcomes};
use crate::store::sqlite::SqliteStore;
use crate::store::{Clock, Reports, SystemClock};

/// Example questions shown per group (all of them with `--json`).
const EXAMPLES: usize = 5;

#[derive(Args, Debug)]
pub struct MissesArgs {
    /// Configuration file: its [store] path is the log to read.
    #[arg(long, default_value = "config.toml", value_name = "PATH")]
    pub config: PathBuf,
    /// How far back to look: days, weeks or hours (7d, 2w, 12h).
    #[arg(long, default_value = "7d", value_name = "PERIOD", value_parser = since::parse)]
    pub since: Since,
    /// One JSON object per group, one per line.
    #[arg(long)]
    pub json: bool,
}

/// One group, as `--json` prints it.
#[derive(Serialize)]
struct GroupJson<'a> {
    fact_id: Option<&'a str>,
    count: usize,
    outcomes: Outcomes,
    questions: &'a [String],
    suggestion: String,
}

pub fn run(args: MissesArgs) -> Result<i32> {
    let config = Config::load(&args.config)?;
    let store = SqliteStore::open_read_only(&config.store.path)?;
    let since = SystemClock.now().minus(args.since.seconds);
    let rows = store
        .misses(since, None)
        .context("reading the question log")?;
    let knowledge = load_knowledge(&config);
    let stop_words = knowledge
        .as_ref()
        .map(|k| k.lexicon().stop_words.clone())
        .unwrap_or_default();
    let groups = misses::group(&rows, &stop_words);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        for g in &groups {
            let obj = GroupJson {
                fact_id: g.fact_id.as_deref(),
                count: g.count,
                outcomes: g.outcomes,
                questions: &g.questions,
                suggestion: g.suggestion.to_string(),
            };
            serde_json::to_writer(&mut out, &obj)?;
            writeln!(out)?;
        }
    } else {
        report(
            &mut out,
            &groups,
            &args.since,
            since.day(),
            knowledge.as_ref(),
        )?;
    }
    out.flush()?;
    Ok(0)
}

/// The fact base the log's fact ids refer to (for stop words and topic names); without it the
/// groups are still made, less well. Its problems go to stderr, not stdout.
fn load_knowledge(config: &Config) -> Option<Knowledge> {
    match Knowledge::load(config.knowledge.as_deref()) {
        Ok(k) => Some(k),
        Err(e) => {
            eprintln!("warning: the knowledge folder does not load, grouping without it: {e}");
            None
        }
    }
}

fn report(
    out: &mut dyn Write,
    groups: &[Group],
    period: &Since,
    from_day: String,
    knowledge: Option<&Knowledge>,
) -> io::Result<()> {
    let total: usize = groups.iter().map(|g| g.count).sum();
    if groups.is_empty() {
        return writeln!(
            out,
            "No missed questions since {from_day} ({}): every question was answered, and no answer was voted wrong.",
            period.text
        );
    }
    writeln!(
        out,
        "{total} missed question{} since {from_day} ({}), in {} group{}:",
        plural(total),
        period.text,
        groups.len(),
        plural(groups.len())
    )?;
    for (i, g) in groups.iter().enumerate() {
        writeln!(out)?;
        let what = match &g.fact_id {
            Some(id) => {
                let topic = knowledge
                    .and_then(|k| k.fact(id))
                    .and_then(|f| f.questions.first())
                    .map(|q| format!(" (\u{201C}{q}\u{201D})"))
                    .unwrap_or_else(|| {
                        if knowledge.is_some() {
                            " (no longer in the fact base)".into()
                        } else {
                            String::new()
                        }
                    });
                format!("closest fact {id}{topic}")
            }
            None => "no close fact".to_string(),
        };
        writeln!(out, "{}. {} × {what}", i + 1, g.count)?;
        let o = g.outcomes;
        let how: Vec<String> = [
            (o.not_covered, "not covered"),
            (o.unsure, "unsure"),
            (o.voted_wrong, "voted wrong"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        writeln!(out, "   {}", how.join(", "))?;
        for q in g.questions.iter().take(EXAMPLES) {
            writeln!(out, "   - \u{201C}{}\u{201D}", one_line(q))?;
        }
        if g.questions.len() > EXAMPLES {
            writeln!(out, "   (and {} more)", g.questions.len() - EXAMPLES)?;
        }
        writeln!(out, "   -> {}", g.suggestion)?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Control characters (newlines included) become spaces: a stored question cannot break the
/// layout or drive the terminal.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::misses::Suggestion;

    #[test]
    fn the_report_says_counts_examples_and_what_to_do() {
        let k = Knowledge::bundled().unwrap();
        let fact = k.facts()[0].id.to_string();
        let groups = vec![
            Group {
                fact_id: Some(fact.clone()),
                count: 7,
                outcomes: Outcomes {
                    not_covered: 2,
                    unsure: 5,
                    voted_wrong: 0,
                },
                questions: (0..7).map(|i| format!("q{i}\u{1b}[31m")).collect(),
                suggestion: Suggestion::AddExamples(fact.clone()),
            },
            Group {
                fact_id: None,
                count: 1,
                outcomes: Outcomes {
                    not_covered: 1,
                    ..Outcomes::default()
                },
                questions: vec!["banana bread".into()],
                suggestion: Suggestion::NewFact,
            },
        ];
        let mut out = Vec::new();
        let since = since::parse("7d").unwrap();
        report(&mut out, &groups, &since, "2024-05-23".into(), Some(&k)).unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(
            t.starts_with("8 missed questions since 2024-05-23 (7d), in 2 groups"),
            "{t}"
        );
        assert!(t.contains(&format!("1. 7 × closest fact {fact} (")), "{t}");
        assert!(t.contains("2 not covered, 5 unsure"), "{t}");
        assert!(t.contains("(and 2 more)"), "{t}");
        assert!(!t.contains('\u{1b}'), "control characters are neutralised");
        assert!(t.contains(&format!("-> add these as example questions of fact {fact}")));
        assert!(t.contains("2. 1 × no close fact"));
        assert!(t.contains("-> write a new fact"));
        let mut out = Vec::new();
        report(&mut out, &[], &since, "2024-05-23".into(), None).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .starts_with("No missed questions"));
    }
}
