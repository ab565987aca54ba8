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
    /// Claims, one per argument; read from stdin, one per line, when absent.
    pub claim: Vec<OsString>,
}

pub fn run(args: CheckArgs) -> Result<i32> {
    let engine = load_engine(&args.knowledge, Options::default())?;
    for_each_input(args.claim, |line, out| {
        let result = engine.check(line);
        if args.json {
            output::check_json(out, line, &result)
        } else {
            output::check_human(out, engine.knowledge(), line, &result)
        }
    })?;
    Ok(0)
}
