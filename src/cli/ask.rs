//! `factbot ask`: answer questions from the command line or a pipe.

use std::ffi::OsString;

use anyhow::Result;
use clap::Args;

use super::{for_each_input, load_engine, output, KnowledgeArg};
use crate::engine::Options;

#[derive(Args, Debug)]
pub struct AskArgs {
    /// One JSON object per question, one per line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
    /// Also print how the question was read and the top candidates' scores (for curators).
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
    /// Abstain below this confidence (0 to 1); default: the threshold fitted for the knowledge.
    #[arg(long, value_name = "SCORE", value_parser = unit_interval)]
    pub min_confidence: Option<f64>,
    /// Questions, one per argument; read from stdin, one per line, when absent.
    pub question: Vec<OsString>,
}

/// A confidence flag: checked while parsing, so the error names the flag and the range.
fn unit_interval(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("must be between 0 and 1, got {x}"))
    }
}

pub fn run(args: AskArgs) -> Result<i32> {
    let mut options = Options::default();
    if let Some(m) = args.min_confidence {
        options.min_confidence = Some(m);
    }
    let engine = load_engine(&args.knowledge, options)?;
    for_each_input(args.question, |line, out| {
        let answer = engine.ask(line);
        if args.json {
            output::ask_json(out, engine.knowledge(), line, &answer)
        } else {
            output::ask_human(out, engine.knowledge(), line, &answer)?;
            if args.explain {
                writeln!(out, "{}", output::terminal_safe(&engine.explain(line, 8)))?;
            }
            Ok(())
        }
    })?;
    Ok(0)
}
