//! `factbot check`: fact-check claims from the command line or a pipe.

use std::ffi::OsString;

use anyhow::Result;
use clap::Args;

use super::{for_each_input, load_engine, output, KnowledgeArg};
use crate::engine::Options;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// One JSON object per claim, one per line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
    /// Also print how the claim was read, the candidate facts with their scores, and the rule
    /// that decided (for curators).
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
    /// Claims, one per argument; read from stdin, one per line, when absent.
    pub claim: Vec<OsString>,
}

pub fn run(args: CheckArgs) -> Result<i32> {
    let engine = load_engine(&args.knowledge, Options::default())?;
    for_each_input(args.claim, |line, out| {
        if args.json {
            output::check_json(out, line, &engine.check(line))
        } else if args.explain {
            let (result, explanation) = engine.check_explained(line);
            output::check_human(out, engine.knowledge(), line, &result)?;
            writeln!(out, "{explanation}")
        } else {
            output::check_human(out, engine.knowledge(), line, &engine.check(line))
        }
    })?;
    Ok(0)
}
