//! The `factbot` command line: everything useful without Discord (`ask`, `check`, `validate`,
//! `eval`, `draft`, `bench`), `serve`, which runs the bot, and `misses` and `stats`, which read
//! the question log the bot keeps. One file per subcommand, each with its own arguments.

mod ask;
mod bench;
mod check;
mod draft;
mod eval;
mod misses;
mod output;
mod serve;
mod since;
mod stats;
mod validate;

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::engine::{Engine, Options};

#[derive(Parser, Debug)]
#[command(
    name = "factbot",
    version,
    about = "Answers questions about a news article, and fact-checks claims, with the verbatim quote."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct KnowledgeArg {
    /// Knowledge folder to use instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Answer questions: one per argument (quote each), or one per stdin line.
    Ask(ask::AskArgs),
    /// Fact-check claims: supported, contradicted or unverified, with the quote.
    Check(check::CheckArgs),
    /// Load and check a knowledge folder; report counts and what no fact quotes.
    Validate(validate::ValidateArgs),
    /// How well a knowledge folder works: leave-one-out over its example questions, and an
    /// evaluation set with --set.
    Eval(eval::EvalArgs),
    /// Speed and memory at scale, on generated knowledge folders and the bundled one.
    Bench(bench::BenchArgs),
    /// Start a new article: copy its text into a knowledge folder and draft its facts and
    /// entities for a curator to review.
    Draft(draft::DraftArgs),
    /// Run the Discord bot.
    Serve(serve::ServeArgs),
    /// Questions the bot could not answer (or answered wrong), grouped, with what to add.
    Misses(misses::MissesArgs),
    /// How the bot is used: questions per day, answer rates, facts, votes, fact-checks.
    Stats(stats::StatsArgs),
}

/// Runs a parsed command line; the process exit code is the returned value. A reader that went
/// away (`factbot validate | head -1`) ends any subcommand quietly, with status 0.
pub fn run(cli: Cli) -> Result<i32> {
    let result = match cli.command {
        Command::Ask(args) => ask::run(args),
        Command::Check(args) => check::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Draft(args) => draft::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Misses(args) => misses::run(args),
        Command::Stats(args) => stats::run(args),
    };
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        other => other,
    }
}

/// Prints an error for a person on stderr, terminal-safe (error messages quote the knowledge
/// folder's and the user's text). The one place errors are shown.
pub fn print_error(e: &anyhow::Error) {
    let message = format!("error: {e:#}");
    let _ = writeln!(io::stderr(), "{}", output::terminal_safe(&message));
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn load_engine(arg: &KnowledgeArg, options: Options) -> Result<Engine> {
    let what = match &arg.knowledge {
        Some(d) => format!("loading knowledge folder {}", d.display()),
        None => "loading the bundled knowledge".to_string(),
    };
    Engine::load(arg.knowledge.as_deref(), options).context(what)
}

/// Calls `f` for each argument (one question or claim each), or for every stdin line in order, flushing
/// after each so a caller driving factbot through a pipe gets each reply as soon as it exists.
/// Arguments and stdin alike are taken as bytes: text that is not UTF-8 is repaired (U+FFFD),
/// never fatal.
fn for_each_input(
    args: Vec<OsString>,
    mut f: impl FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = (|| -> io::Result<()> {
        if !args.is_empty() {
            for arg in &args {
                f(arg, &mut out)?;
                out.flush()?;
            }
            return Ok(());
        }
        let mut input = io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                return Ok(());
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            f(line, &mut out)?;
            out.flush()?;
        }
    })();
    match result {
        // A reader that goes away (`factbot ask < q | head -1`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing output"),
    }
}
